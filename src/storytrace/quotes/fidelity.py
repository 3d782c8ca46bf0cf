"""How faithfully a variant of a quote reproduces the reference wording.

``verbatim``: the same characters. ``close``: the same words once punctuation, case,
accents, typographic quotes, contractions ("does not" / "doesn't") and honorifics ("Mr. Xi"
/ "Xi") are set aside (:func:`normal_words`), or a contiguous fragment of the reference
under that normalisation.
A plural or singular noun ("concern" / "concerns") counts as the same word.
``translated``: other words, in another language or in an article that is a translation of
the reference's article. ``independent-translation``: other words in an article of another
origin, where the speaker speaks another language than the article's (two outlets each
translated the speaker themselves). ``altered``: other words inside the quote marks.

Identical words get one fidelity in a group: the verdict of a copy that needs no
translation to explain its words, when there is one.
"""

from __future__ import annotations

from collections.abc import Callable

from ..text import fold
from ..text import normal_words as _normal_words
from ..types import Fidelity


def normal_words(text: str) -> list[str]:
    """Folded words with contractions written out and honorifics dropped: the shared text
    layer's normal form (:func:`storytrace.text.normal_words`) of the accent-folded text, so
    "Élysée" and "Elysee" are one word."""
    out: list[str] = []
    for w in _normal_words(fold(text)):
        # "cannot" / "can't", "long-term" / "long term": editors write either
        out.extend(("can", "not") if w == "cannot" else (x for x in w.split("-") if x))
    return out


def is_fragment(short: list[str], long: list[str]) -> bool:
    """True when ``short`` occurs contiguously in ``long``."""
    n = len(short)
    if n == 0 or n > len(long):
        return False
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def fidelity(variant: str, reference: str, translated: bool, independent: bool = False) -> Fidelity:
    """The fidelity of ``variant`` against ``reference`` (see the module docstring).

    ``independent``: the variant's outlet translated a speaker of another language itself.
    """
    if variant == reference or (
        fold(variant) == fold(reference) and variant.strip() == reference.strip()
    ):
        return "verbatim"
    if reference.find(variant) >= 0 and len(variant.split()) >= 2:
        return "verbatim"
    a, b = normal_words(variant), normal_words(reference)
    if a == b or is_fragment(a, b):
        return "close"
    sa, sb = [_stem(w) for w in a], [_stem(w) for w in b]
    if sa == sb or is_fragment(sa, sb):
        return "close"
    if translated:
        return "translated"
    return "independent-translation" if independent else "altered"


def rate_variants(
    variants: list[tuple[str, str]],
    ref: int,
    translated: Callable[[str, str], bool],
    language: dict[str, str | None],
    origin: dict[str, str],
    speaker_language: str | None,
) -> list[Fidelity]:
    """The fidelity of each ``(article, text)`` of one quote against ``variants[ref]``."""
    ref_article, ref_text = variants[ref]
    out: list[Fidelity] = []
    excused: list[bool] = []
    for k, (article, text) in enumerate(variants):
        if k == ref:
            out.append("verbatim")
            excused.append(False)
            continue
        la, lr = language.get(article), language.get(ref_article)
        tr = (la is not None and lr is not None and la != lr) or translated(article, ref_article)
        indep = (
            origin.get(article) != origin.get(ref_article)
            and speaker_language is not None
            and la is not None
            and speaker_language != la
        )
        out.append(fidelity(text, ref_text, tr, indep))
        excused.append(tr or indep)
    # identical words, one verdict: the one of a copy that needs no translation to explain it
    same: dict[str, list[int]] = {}
    for k, (_a, text) in enumerate(variants):
        same.setdefault(text.strip(" .,;:!?"), []).append(k)
    for ks in same.values():
        if ref in ks:
            continue  # the reference's own words: verbatim wherever they are
        plain = [k for k in ks if not excused[k]]
        verdict = out[plain[0]] if plain else out[ks[0]]
        for k in ks:
            out[k] = verdict
    return out


def token_cover(short: str, long: str) -> float:
    """Share of the content words of ``short`` found in ``long`` (fragments of a quote)."""
    return words_cover(normal_words(short), normal_words(long))


def words_cover(short: list[str], long: list[str]) -> float:
    """:func:`token_cover` on words already normalised."""
    a = [w for w in short if len(w) > 2]
    if not a:
        return 0.0
    b = set(long)
    return sum(w in b for w in a) / len(a)
