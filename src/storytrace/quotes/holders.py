"""Where a German quote's words come from when no speech verb's subject says it: the
holder of a view named in its sentence ("Nach Angaben des Leiters …", "nach Ansicht von X",
"Wie die Agentur berichtet, …", "Für den Theologen X sei …") and the document an impersonal
cue names ("In dem Antrag heißt es: „…“"). Split from :mod:`.verb_second`, whose
noun-phrase rules these use.
"""

from __future__ import annotations

import re

from .attribution import Attribution
from .profiles import PROFILES
from .verb_second import (
    _CAP,
    _LOW,
    _SOURCE_PREPS,
    _att,
    _clause_end,
    _np,
    is_person_like,
    no_subject,
)

__all__ = ["document_source", "view_holder"]


def view_holder(
    raw: str, lang: str, sent_start: int, open_at: int, close_at: int, limit: int
) -> Attribution | None:
    """The holder of a view named in the quote's sentence ("Nach Angaben des künstlerischen
    Leiters sind …", "nach Ansicht von Senator Dodd", "Für den Theologen Hans Küng sei …"),
    before the quote or after it up to the sentence's end."""
    p = PROFILES.get(lang)
    if p is None:
        return None
    preps = "|".join(sorted(p.view_prepositions))
    nouns = "|".join(sorted(p.view_nouns))
    arts = "|".join(sorted(p.subject_articles | p.oblique_articles))
    pat = re.compile(
        rf"\b(?i:{preps})\s+(?:(?:den|seinen|ihren|eigenen)\s+)?(?P<noun>{nouns})\s+"
        rf"(?:(?:von|vom)\s+)?(?P<rest>(?:(?:{arts})\s+)?(?:{_LOW}\s+){{0,3}}?{_CAP}"
        rf"(?:\s+{_CAP}){{0,4}})"
    )
    end = _clause_end(raw, close_at + 1, min(limit, close_at + 250))
    for lo, hi in ((sent_start, open_at), (close_at + 1, end)):
        found = list(pat.finditer(raw, lo, hi))
        if found:  # the nearest to the quote: before it the last, after it the first
            near = found[-1] if hi == open_at else found[0]
            return _att(raw, near.start("noun"), near.end("rest"), "according", near.group("noun"))
    # 'Wie die Agentur AFP berichtet, …': the source opens the sentence
    m = re.compile(r"\s*Wie\s+").match(raw, sent_start, open_at)
    if m is not None and "," in raw[m.end() : open_at]:
        n = _np(lang).match(raw, m.end(), open_at)
        if n is not None and not no_subject(raw, n.start("np"), n.group("np"), lang):
            return _att(raw, n.start("np"), n.end("np"), "according", "wie")
    # 'Für den Theologen Hans Küng sei …': an opinion's holder opening the sentence
    m = re.compile(r"\s*(?:Für|Nach)\s+").match(raw, sent_start, open_at)
    if m is not None:
        n = _np(lang).match(raw, m.end(), open_at)
        if n is not None and is_person_like(raw, n.start("np"), n.end("np"), lang):
            return _att(raw, n.start("np"), n.end("np"), "according", "für")
    return None


def document_source(raw: str, lang: str, sent_start: int, open_at: int) -> Attribution | None:
    """The document an impersonal cue before the quote names: "In dem Antrag heißt es:
    „…“", "Im letzten Satz der Anordnung hatte es geheißen: „…“", "So heißt es in der
    Meldung wörtlich: „…“"."""
    p = PROFILES.get(lang)
    if p is None:
        return None
    verbs = "|".join(sorted(p.impersonal | p.written))
    clause = raw[sent_start:open_at]
    if not re.search(rf"\b(?:{verbs})\b", clause):
        return None
    np_ = _np(lang)
    opening = re.compile(r"\s*(?:So\s+)?(?:In|Im|Auf|Bei|Beim|Aus|Von|Vom)\s+").match(
        raw, sent_start, open_at
    )
    if opening is not None:
        n = np_.match(raw, opening.end(), open_at)
        if n is not None:
            return _att(raw, n.start("np"), n.end("np"), "according", "heißt es")
    # 'heißt es in X', 'steht deshalb in dem Entwurf noch der Passus:'
    after = re.compile(
        rf"\b(?:{verbs})\s+(?:es\s+|sich\s+)?(?:[a-zäöüß]+\s+){{0,2}}?(?:{_SOURCE_PREPS})\s+"
    )
    m = after.search(raw, sent_start, open_at)
    if m is not None:
        n = np_.match(raw, m.end(), open_at)
        if n is not None:
            return _att(raw, n.start("np"), n.end("np"), "according", "heißt es")
    return None
