"""A lingua-free language check for paragraphs by their function-word counts (Latin,
Arabic and Devanagari scripts).

Every language writes its running prose with a few dozen short function words (articles,
prepositions, pronouns, auxiliaries) that make up 20-50% of its tokens. A paragraph with
several function words that belong to one language only, and (almost) none that belong to
another, is in that language: lingua agrees with such paragraphs at confidence 1.0, so
the detector call (~0.3 ms) can be skipped for them. Anything less clear (few words, a
foreign quote, a non-Latin script, names that happen to be function words elsewhere)
answers None and goes to lingua as before.

The lists hold common function words of each Latin-script language of ``[language]
languages``; a word in two lists ("de", "la", "in", "a") says nothing and is dropped, as
are words that are also common English content words ("per", "come", "men", "over",
"door", "till", "no", "do", "as", "her", "plus") so that English text does not vote for another
language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from .text import beyond_bmp, bmp_class

_LISTS: dict[str, str] = {
    "en": """the of and to is was that for on with as by at from it his he are be has have
        had were been which but not this they their its will would said who also she her
        more than about into when there one two or we them after a an in""",
    "fr": """le la les des du un une et est dans pour que qui sur au aux avec par pas ce
        cette il elle ils sont ont été mais ou sa ses leur nous vous se ne à si tout tous
        toute même très aussi où dont ces lors selon depuis avant après chaque notre votre
        leurs cet était être fait comme encore déjà alors ainsi sans sous vers chez contre
        quand qu nos""",
    "es": """el la los las del y en que un una por para con es se su sus al lo como más pero
        fue ha han este esta sobre entre también ya muy desde hasta cuando porque sin""",
    "de": """der die das und in den von zu mit ist im des dem nicht ein eine auf für sich es
        auch als an er sie wird werden hat haben bei nach aus wie noch nur oder aber wurde
        zum zur sind""",
    "it": """il la di che e è un una in con del della dei delle non si le gli al alla sono ha
        lo da nel nella anche più ma questo questa stato dopo essere""",
    "pt": """o a os de dos das e em que um uma para por na nos nas é se não ao mais foi como
        mas seu sua ele ela também já pelo pela são entre""",
    "nl": """de het een en is dat op te voor zijn niet aan er ook als bij maar om dan wordt
        werd nog naar uit tot hij zij wij ze heeft hebben""",
    "pl": """i w na z się nie że jest o jak a po ale od przez za dla jego tak być już są było
        roku który która które oraz tym także może""",
    "tr": """ve bir bu da de için ile olarak çok daha gibi en ne o mi sonra kadar ancak ise
        olan oldu var yok ama şey değil bunu göre tarafından""",
    "id": """yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh
        karena sudah bisa atau mereka saat telah lebih kata seperti hanya para""",
    "sv": """och i att det som en på är av för med den har de inte om ett var jag sig från vi
        så kan hade eller efter också när""",
    # Arabic script: Urdu, Persian and Arabic share letters, not function words (Urdu
    # writes ہ U+06C1 and ک U+06A9 where Arabic writes ه and ك).
    "ur": """کے کی ہے میں نے سے کو اور کا ہیں تھا تھی تھے گیا گئی گئے کیا کہا ہو کر
        بھی لیے کہ پر ایک یہ وہ جو جس ان اس نہیں ہوئے ہوئی رہا رہی""",
    "fa": """و در به از که این را با است برای آن یک شده می بود شد های کرد کند تا بر
        اما هم نه ما شود""",
    "ar": """في من على إلى أن التي الذي عن مع هذا هذه كان قد بين لم لا ما وقال التى أو
        ذلك بعد كما عند الى حيث""",
    # Devanagari: Hindi and Marathi.
    "hi": """के की है में ने से को और का हैं था थी थे गया कहा पर एक यह वह जो इस उन नहीं
        लिए भी कि हो रहा""",
    "mr": """आणि आहे या व हे की ते ही त्या आहेत होते केले म्हणाले मध्ये करण्यात आली
        असे तर त्यांनी""",
}
# Scripts whose languages a function-word profile may decide: every language of the
# script that lingua knows has a list above, so the profile never picks one of two
# languages when only one of them was listed.
SCRIPT_LANGUAGES = {
    "arabic": frozenset({"ar", "fa", "ur"}),
    "devanagari": frozenset({"hi", "mr"}),
}


def _exclusive(lists: dict[str, str]) -> dict[str, str]:
    """word -> language, for words listed under exactly one language."""
    seen: dict[str, set[str]] = {}
    for code, text in lists.items():
        for word in text.split():
            seen.setdefault(word, set()).add(code)
    return {w: next(iter(codes)) for w, codes in seen.items() if len(codes) == 1}


_OWNER = _exclusive(_LISTS)
# The words each language owns (the keys of _OWNER, by language).
OWNED = {code: frozenset(w for w, owner in _OWNER.items() if owner == code) for code in _LISTS}
# Every listed word of each language, shared ones included ("de", "la", "en").
_LISTED = {code: frozenset(text.split()) for code, text in _LISTS.items()}
_TOKEN = re.compile(r"[^\W\d_]+")


@cache
def _token_bmp() -> re.Pattern[str]:
    """_TOKEN for text within the BMP, faster (see :func:`.text.bmp_class`); built on first
    use."""
    return re.compile(bmp_class(r"[^\W\d_]") + "+")


def tokens(text: str) -> list[str]:
    """Lower-cased letter runs (the tokens the profile counts)."""
    low = text.lower()
    return (_TOKEN if beyond_bmp(low) else _token_bmp()).findall(low)


def hits(toks: Sequence[str]) -> dict[str, int]:
    """Function words of each language among ``toks`` (words owned by one language only)."""
    # Counter counts in C; its keys keep first-seen order, as clear_language's ties need.
    return Counter(filter(None, map(_OWNER.get, toks)))


def clear_language(
    counts: dict[str, int],
    toks: Sequence[str],
    languages: Sequence[str],
    min_words: int,
    min_hits: int,
    min_share: float,
    max_foreign: int,
) -> str | None:
    """The language of a paragraph when its function words leave no doubt, else None.

    Args:
        counts: the paragraph's :func:`hits`.
        toks: the paragraph's :func:`tokens`.
        languages: the languages lingua would choose among; others are never answered.
        min_words: shorter paragraphs are left to lingua.
        min_hits: function words of the winning language needed.
        min_share: ...as a share of all tokens. Words the language shares with others
            ("de", "la", "en" in French) count here: they are its running prose too, and
            French has so many of them that its own words alone make 15-20% of a paragraph.
        max_foreign: function words of any other language tolerated (a name like "Le Pen").
    """
    n_tokens = len(toks)
    if n_tokens < min_words or not counts:
        return None
    best = max(counts, key=counts.__getitem__)
    n = counts[best]
    if best not in languages or n < min_hits:
        return None
    if sum(counts.values()) - n > max_foreign:
        return None
    if (
        n < min_share * n_tokens
        and sum(map(_LISTED[best].__contains__, toks)) < min_share * n_tokens
    ):
        return None
    return best
