"""Name runs: the capitalised runs of a text that name people, with the titles before them.

``name_runs("US Secretary of State Antony Blinken said")`` gives the run "Antony Blinken"
with its title words (secretary, of, state); a run of titles, places or organisation words
alone names no one. :mod:`.names` builds its ``PersonIndex`` on these; claims and framing
read names through them too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import HONORIFICS, fold
from ..text.gazetteer import NATIONALITY, ORG_WORDS, is_place
from .people import CONNECTORS, NOT_NAME, TITLES

_CAP = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][a-zà-ÿ'’\-]+(?:-[A-Z][a-zà-ÿ]+)?|[A-Z]\.|[A-Z][a-z]?[A-Z][a-z]+"
    r"|[A-Z]['’][A-Z][a-zà-ÿ]+|Ma?c[A-Z][a-zà-ÿ]+)$"
)


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


@lru_cache(maxsize=65536)
def _title_key(word: str) -> str:
    """The title a word names, if any ("President-elect" -> "president")."""
    low = fold(word).rstrip(",")
    for suffix in ("-elect", "-designate", "-general"):
        if low.endswith(suffix) and low[: -len(suffix)] in TITLES:
            return low[: -len(suffix)]
    return low


@lru_cache(maxsize=65536)
def _is_name_word(word: str) -> bool:
    if re.fullmatch(r"(?:[A-Z]\.){1,3}|[A-Z]{2,5}", word):
        return True  # an initial ("A. J. Smith") or an acronym ("WCCO TV")
    w = _strip_possessive(word).rstrip(".,")
    # a video label ("WATCH: ..."), not the "Watch" of "Human Rights Watch"
    return bool(_CAP.match(w)) and fold(w) not in NOT_NAME and w.rstrip(":") != "WATCH"


def _ends_sentence(word: str) -> bool:
    low = fold(word)
    return (
        word.endswith(".")
        and low not in HONORIFICS
        and low not in TITLES
        and not re.fullmatch(r"(?:[a-z]\.)+", low)
    )


def name_runs(
    text: str, offset: int = 0, lower_vocab: frozenset[str] | set[str] = frozenset()
) -> list[tuple[int, int, str, list[str]]]:
    """Capitalised name runs: ``(start, end, name, title words before it)``.

    Title words and nationality words before the name are returned separately; runs made
    only of titles, places or organisation words are dropped.
    """
    out: list[tuple[int, int, str, list[str]]] = []
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w'’.\-]+", text)]
    i = 0
    while i < len(tokens):
        if not _opens_run(text, tokens, i, lower_vocab):
            i += 1
            continue
        run, j = _run_from(text, tokens, i)
        i = max(j, i + 1)
        titles, k = _leading_titles(run)
        found = _name_of(run[k:])
        if found is not None:
            name, first, last = found
            out.append((offset + first, offset + last, name, titles))
    return out


_Token = tuple[int, int, str]


def _after_sentence_end(text: str, at: int) -> bool:
    """True when ``text[:at]`` ends with a sentence end, colon, line break or opening quote
    mark and then only spaces; read backwards from ``at`` (a search over ``text[:at]`` for
    every word made name finding quadratic in the paragraph's length)."""
    k = at - 1
    while k >= 0 and text[k].isspace():
        if text[k] == "\n":
            return True
        k -= 1
    return k >= 0 and text[k] in '.!?:“"«'


def _opens_run(
    text: str, tokens: list[_Token], i: int, lower_vocab: frozenset[str] | set[str]
) -> bool:
    """True when token ``i`` may open a name run: a name word, a title, an honorific or a
    nationality; not a sentence's first word that the story writes in lower case."""
    s, _e, w = tokens[i]
    initial = i == 0 or _after_sentence_end(text, s)
    low0 = fold(_strip_possessive(w))
    if initial and low0 in lower_vocab and low0 not in TITLES and low0 not in NATIONALITY:
        return False
    return (
        _is_name_word(w)
        or _title_key(w) in TITLES
        or fold(w) in HONORIFICS
        or fold(w) in NATIONALITY
    )


def _run_from(text: str, tokens: list[_Token], i: int) -> tuple[list[_Token], int]:
    """The run of name, title and connector words from token ``i`` up to punctuation, a
    line break, a full stop or a possessive; and the index after it."""
    j = i
    run: list[_Token] = []
    while j < len(tokens):
        tw = tokens[j][2]
        low = fold(tw)
        gap = text[tokens[j - 1][1] : tokens[j][0]] if j > i else " "
        if j > i and (gap.strip() or "\n" in gap or _ends_sentence(tokens[j - 1][2])):
            break  # punctuation, a line break or a full stop ends the run
        if (
            _is_name_word(tw)
            or low in TITLES
            or low in HONORIFICS
            or low in NATIONALITY
            or (
                low in CONNECTORS
                and run
                and j + 1 < len(tokens)
                and _is_name_word(tokens[j + 1][2])
            )
        ):
            run.append(tokens[j])
        else:
            break
        if tw.endswith(("'s", "’s", "s'", "s’")) or tw.endswith(","):
            j += 1
            break
        j += 1
    return run, j


#: lower-case words of a department or ministry in a title ("Secretary of State", "US
#: Foreign Minister"): part of the title, not of the name
_OFFICE_WORDS = frozenset(
    [
        "state",
        "foreign",
        "defense",
        "defence",
        "affairs",
        "ministry",
        "us",
        "u.s.",
        "finance",
        "interior",
        "justice",
    ]
)


def _leading_titles(run: list[_Token]) -> tuple[list[str], int]:
    """The title words that open a run and where its name starts."""
    titles: list[str] = []
    k = 0
    # "Harbour board chair Ines Marlow": everything up to the last lower-case title word
    # describes the person; the name starts after it
    lowered = [n for n, t in enumerate(run[:-1]) if t[2][:1].islower() and fold(t[2]) in TITLES]
    # ... and so does a capitalised title ("WCCO TV Managing Editor Angela Benson")
    titled = [n for n, t in enumerate(run[:-1]) if _title_key(t[2]) in TITLES and n + 1 < len(run)]
    cut = max([*lowered, *titled], default=-1)
    if cut >= 0:
        titles.extend(fold(t[2]) for t in run[: cut + 1])
        k = cut + 1
        # "Secretary of Commerce Gary Locke": the department after "of" is no name
        if k + 2 < len(run) and fold(run[k][2]) == "of":
            titles.extend(fold(t[2]) for t in run[k : k + 2])
            k += 2
    while k < len(run):
        low = fold(run[k][2]).rstrip(",")
        nxt_is_name = k + 1 < len(run)
        if (
            low in TITLES
            or low in HONORIFICS
            or low in NATIONALITY
            or low in CONNECTORS
            or low in _OFFICE_WORDS
            or (fold(run[k][2]) in ORG_WORDS and nxt_is_name)
        ) and nxt_is_name:
            titles.append(low)
            k += 1
        else:
            break
    return titles, k


#: capitalised words that describe a person rather than name one ("Republicans Jolly of
#: Indian Shores", "Former Secretary of State ..."): no name before "of" holds them
_DESCRIBING = frozenset(
    re.findall(
        r"\w+",
        "former ex late acting republican republicans democrat democrats democratic gop "
        "conservative conservatives liberal liberals labour tory tories",
    )
)


def past_base(words: list[str]) -> int:
    """Where a name starts past the place it is based in ("New York-based Human Rights
    Watch": 2, after "York-based"); 0 when no word is one."""
    return next(
        (n + 1 for n in range(len(words) - 1, -1, -1) if fold(words[n]).endswith("-based")), 0
    )


def _person_before_of(toks: list[_Token]) -> tuple[str, int, int] | None:
    """A person's full name before "of" ("Danny Gold of Metropolis", "Ana Ruiz of the
    Harbour Trust"): two name words or more, none a title, an organisation word or a place;
    the body after "of" is where the person works, not the speaker."""
    at = next((n for n, t in enumerate(toks) if fold(t[2]) == "of"), None)
    if at is None or at < 2:
        return None
    head = toks[:at]
    words = [_strip_possessive(t[2]).rstrip(".,") for t in head]
    if not all(_is_name_word(w) for w in words) or any(
        fold(w) in TITLES
        or fold(w) in ORG_WORDS
        or fold(w) in NATIONALITY
        or fold(w) in CONNECTORS
        or fold(w) in _DESCRIBING
        for w in words
    ):
        return None
    name = " ".join(words)
    return None if is_place(name) else (name, head[0][0], head[-1][1])


def _name_of(name_toks: list[_Token]) -> tuple[str, int, int] | None:
    """The name the rest of a run spells, with its start and end; None for no person (a
    plural possessor, an organisation, a place, titles alone)."""
    name_toks = list(name_toks)
    while name_toks and fold(name_toks[-1][2]) in CONNECTORS:
        name_toks.pop()
    if not name_toks:
        return None
    # a place it is based in modifies the name ("New York-based Human Rights Watch")
    name_toks = name_toks[min(past_base([t[2] for t in name_toks]), len(name_toks) - 1) :]
    head = _person_before_of(name_toks)
    if head is not None:
        return head
    for cut in range(len(name_toks) - 1, -1, -1):
        if fold(name_toks[cut][2]) in {"of", "the", "for"}:
            name_toks = name_toks[cut + 1 :]
            break
    if not name_toks or name_toks[-1][2].endswith(("s'", "s’")):
        return None  # a plural possessor ("Reunion Pictures' ...") is no person
    if name_toks[-1][2][:1].islower():
        return None  # a description going on ("Assistant chief fire officer Peter Guest")
    words = [
        _strip_possessive(t[2]).rstrip(".,")
        if not re.fullmatch(r"(?:[A-Z]\.){1,3}", t[2])
        else t[2]
        for t in name_toks
    ]
    name = " ".join(words)
    if any(fold(w) in ORG_WORDS for w in words) or is_place(name):
        return None
    if all(fold(w) in TITLES or fold(w) in NATIONALITY for w in words):
        return None
    return name, name_toks[0][0], name_toks[-1][1]
