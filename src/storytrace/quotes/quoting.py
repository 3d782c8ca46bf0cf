"""The medium that quotes a person: the second source of a verb of quoting.

A journalist who takes a quote from another outlet writes both sources into one clause:
the outlet quotes the person ("Der Spiegel zitiert den Prediger mit den Worten „…“",
"„…“, zitiert ndr.de Polizeisprecher X"), or the person is quoted by or in the outlet
("X wird von der „Netzeitung“ zitiert", "„…“, wie X von Spiegel-Online zitiert wird",
"wird der Franzose im Fachblatt Y zitiert"). The person is the speaker
(:func:`.verb_second.quoted_object` finds them); this module finds the medium, which
:class:`.speakers.QuoteFinding` keeps as ``via``. A clause that names only one of the two
("„…“, zitiert CNN", "„…“, wird Panetta zitiert", "zitierte man X") has no medium here.
The words come from the language's :class:`.profiles.Profile` (``quoting``, ``passive``,
``agent_prepositions``).
"""

from __future__ import annotations

import re

from .profiles import PROFILES
from .verb_second import _np, own_sentence_start, quoted_object

__all__ = ["quoted_person", "quoting_medium"]

_SPACE = re.compile(r"\s*")
_DOMAIN = re.compile(r"[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}\b")


def quoting_medium(
    raw: str, lang: str, sent_start: int, sent_end: int, open_at: int, close_at: int
) -> str | None:
    """The medium a verb of quoting in the quote's sentence names beside the person, as
    written; None when the sentence has no such verb or names no medium apart from the
    person."""
    p = PROFILES.get(lang)
    if p is None or not p.quoting:
        return None
    verbs = re.compile(rf"\b(?:{'|'.join(sorted(p.quoting))})\b")
    lo = own_sentence_start(raw, sent_start, open_at)
    for a, b in ((lo, open_at), (close_at + 1, sent_end)):
        verb = verbs.search(raw, a, b)
        if verb is None:
            continue
        span = _medium(raw, lang, a, b, verb)
        if span is not None:
            return raw[span[0] : span[1]].strip(" ,;:")
    return None


def quoted_person(
    raw: str, lang: str, sent_start: int, sent_end: int, open_at: int, close_at: int
) -> tuple[int, int] | None:
    """The span of the person a verb of quoting in the quote's sentence names as its object
    (:func:`.verb_second.quoted_object`); None when there is no such verb or person."""
    p = PROFILES.get(lang)
    if p is None or not p.quoting:
        return None
    verbs = re.compile(rf"\b(?:{'|'.join(sorted(p.quoting))})\b")
    lo = own_sentence_start(raw, sent_start, open_at)
    for a, b in ((lo, open_at), (close_at + 1, sent_end)):
        if verbs.search(raw, a, b) is not None:
            return quoted_object(raw, lang, a, b)
    return None


def _medium(raw: str, lang: str, lo: int, hi: int, verb: re.Match[str]) -> tuple[int, int] | None:
    """The medium's span in the clause ``raw[lo:hi]`` around the verb of quoting ``verb``."""
    p = PROFILES[lang]
    words = {w.lower() for w in re.findall(r"\w+", raw[lo:hi])}
    if words & p.passive:
        return _agent(raw, lang, lo, hi)
    # active: the medium is the subject, before the verb when it opens the clause ('Der
    # Spiegel zitiert den Prediger'), else the first of two phrases after it
    np_ = _np(lang)
    head = raw[lo : verb.start()]
    start = lo + len(head) - len(head.lstrip(" ,–—-\n"))
    before = np_.fullmatch(raw, start, lo + len(head.rstrip()))
    if before is not None and _names_person_after(raw, lang, verb.end(), hi):
        return before.start("np"), before.end("np")
    return _first_of_two(raw, lang, verb.end(), hi)


def _agent(raw: str, lang: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The phrase after the first agent preposition of a passive clause ('von der
    „Netzeitung“', 'im Fachblatt X', 'In der Meldung')."""
    p = PROFILES[lang]
    preps = "|".join(sorted(p.agent_prepositions))
    for m in re.compile(rf"\b(?i:{preps})\s+").finditer(raw, lo, hi):
        n = _np(lang).match(raw, m.end(), hi)
        if n is not None and n.group("np").lower() not in p.pronouns:
            return n.start("np"), n.end("np")
    return None


def _skip_between(raw: str, lang: str, pos: int, hi: int) -> int:
    """``pos`` past the adverbs that may follow the verb ('zitiert dazu', 'zitierte man')."""
    skip = PROFILES[lang].between | {"es"}
    while True:
        w = re.compile(r"\s+(\w+)").match(raw, pos, hi)
        if w is None or w.group(1).lower() not in skip:
            return pos
        pos = w.end()


def _first_of_two(raw: str, lang: str, pos: int, hi: int) -> tuple[int, int] | None:
    """The first of two phrases after the verb when a person follows it ('zitiert Welt-Online
    den Minister', 'zitiert die „Computerwoche“ Lynch', 'zitiert ndr.de Polizeisprecher X');
    None when only one phrase follows ('zitiert CNN', 'zitierte Papandreou mit …')."""
    if re.compile(r"\s+man\b").match(raw, pos, hi):
        return None  # 'zitierte man X': no medium named
    at = _SPACE.match(raw, _skip_between(raw, lang, pos, hi), hi).end()  # type: ignore[union-attr]
    domain = _DOMAIN.match(raw, at, hi)
    if domain is not None:
        return domain.span() if _names_person_after(raw, lang, domain.end(), hi) else None
    first = _np(lang).match(raw, at, hi)
    if first is None:
        return None
    s, e = first.start("np"), first.end("np")
    named = re.compile(r"[^“»]*[“»](?=\s+\w)").match(raw, s, e)
    if named is not None:  # 'die „Computerwoche“ Lynch': the medium's name, then the person
        return s, named.end()
    if raw[s:e].split()[0].lower() in PROFILES[lang].oblique_articles:
        return None  # 'zitiert den Minister': the object comes first, no medium
    return (s, e) if _names_person_after(raw, lang, e, hi) else None


def _names_person_after(raw: str, lang: str, pos: int, hi: int) -> bool:
    """True when a noun phrase (the person quoted) follows ``pos`` in the clause."""
    at = _SPACE.match(raw, _skip_between(raw, lang, pos, hi), hi).end()  # type: ignore[union-attr]
    n = _np(lang).match(raw, at, hi)
    return n is not None and n.group("np").lower() not in PROFILES[lang].pronouns
