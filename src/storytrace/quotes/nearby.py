"""Speakers named by the sentences around a quote in a verb-second language (German): the
sentence before a quote that stands on its own ("X verurteilte die Haltung. „…“"), the
sentence after it when that one points back ("„…“ Das musste X einräumen."), the person
named before a sentence in reported speech ("Jeder könne „…“"), and whether a quote's
sentence names a speaker other than the one of the quote before it. Split from
:mod:`.verb_second`, whose noun-phrase rules these use.
"""

from __future__ import annotations

import re
from itertools import pairwise

from .attribution import Attribution
from .holders import view_holder
from .profiles import PROFILES, Profile
from .verb_second import (
    _after_verb,
    _att,
    _clause_end,
    _np,
    _speech_verb,
    clause_speaker,
    is_person_like,
)

#: a sentence end: a stop (and a closing mark) before a space, or glued to the capitalised
#: word after it when the text lost the space ("… der Papst.Der Bruder …", as the splitter)
_SENTENCE_END = re.compile(r"[.!?][“\"«]?(?=\s)|(?<=[a-zäöüß]{2}[.!?])(?=[A-ZÄÖÜ][a-zäöüß]{2})")

__all__ = [
    "coordinated_subject",
    "names_another",
    "new_main_clause",
    "next_sentence_speaker",
    "previous_sentence_speaker",
    "reported_speaker",
]


def previous_sentence_speaker(
    raw: str, lang: str, sent_start: int, sent_end: int, open_at: int, close_at: int
) -> Attribution | None:
    """The speaker of a quote that is a sentence of its own, named by the sentence before it
    in the same paragraph ("Sadiq Khan verurteilte die Haltung der Regierung. „…“"): a view
    holder ("Nach Ansicht von X …"), else the person-like phrase no preposition governs;
    None when that sentence holds a quote (its speaker then goes on through the caller's
    continuation rule)."""
    if lang not in PROFILES:
        return None
    para = raw.rfind("\n", 0, open_at) + 1
    before = raw[para:open_at].rstrip()
    closes = raw[close_at - 1 : close_at] in (".", "!", "?") or raw[
        close_at + 1 : close_at + 2
    ] in (
        ".",
        "!",
        "?",
    )
    if not before or before[-1] not in ".!?" or not closes:
        return None
    ends = [m.end() for m in _SENTENCE_END.finditer(before + " ")]
    start = para + (ends[-2] if len(ends) >= 2 else 0)
    end = para + len(before)
    if re.search(r"[„“»«\"]", raw[start:end]):
        return None
    held = view_holder(raw, lang, start, end, end, end)
    if held is not None:
        return Attribution(held.text, held.start, held.end, "previous", held.verb)
    span = clause_speaker(raw, lang, start, end)
    return _att(raw, *span, "previous") if span else None


def next_sentence_speaker(
    raw: str, lang: str, sent_start: int, open_at: int, close_at: int, limit: int
) -> Attribution | None:
    """The speaker of a quote that is a sentence of its own, named by the next sentence when
    that one opens with a demonstrative pointing back at it ("„…“ Das musste Minister X
    einräumen.", "„…“ Dies ist die zentrale Aussage einer Studie"): the person-like phrase
    of that sentence that no preposition governs."""
    p = PROFILES.get(lang)
    if p is None or raw[sent_start:open_at].strip(" \n\t–—-("):
        return None
    m = re.compile(r"[“”«»\"]?[.!?]?[“”«»\"]?\s+(?P<word>\w+)\s").match(raw, close_at, limit)
    if m is None or m.group("word").lower() not in p.demonstratives:
        return None
    if not re.search(r"[.!?]", raw[close_at - 1 : m.start("word")]):
        return None  # the quote ends its sentence
    end = _clause_end(raw, m.end(), limit)
    span = clause_speaker(raw, lang, m.end(), end)
    return _att(raw, *span, "according", m.group("word")) if span else None


def reported_speaker(
    raw: str, lang: str, sent_start: int, open_at: int, close_at: int, sent_end: int
) -> Attribution | None:
    """The speaker of a quote in a sentence of reported speech ("Jeder Pädagoge könne „…“"
    after "Am Rande nahm Ministerpräsident X Stellung."): the person-like phrase of the
    sentence before it in the same paragraph, or of the one before that."""
    p = PROFILES.get(lang)
    if p is None:
        return None
    words = re.findall(r"\w+", raw[sent_start:open_at] + " " + raw[close_at + 1 : sent_end])
    if not any(w in p.reported for w in words):
        return None
    para = raw.rfind("\n", 0, sent_start) + 1
    before = raw[para:sent_start].rstrip()
    bounds = [para] + [para + m.end() for m in _SENTENCE_END.finditer(before)]
    bounds.append(para + len(before))
    for lo, hi in list(pairwise(bounds))[::-1][:2]:
        quoted = tuple((m.start(), m.end()) for m in re.finditer(r"„[^“]*“|»[^«]*«", raw[lo:hi]))
        skip = tuple((lo + a, lo + b) for a, b in quoted)
        span = clause_speaker(raw, lang, lo, hi, skip)
        if span is not None:
            return _att(raw, *span, "previous")
    return None


def _speech_subject(text: str, p: Profile, lang: str) -> str | None:
    """The person a speech verb in ``text`` names as its subject, right after the verb
    ("sagte Kanzlerin X") or right before it ("Kanzlerin X sagte"); None for a pronoun."""
    np_ = _np(lang)
    for v in _speech_verb(lang).finditer(text):
        span = _after_verb(text, p, lang, v.end(), len(text))
        cands = [span] if span is not None else []
        cands += [
            (n.start("np"), n.end("np"))
            for n in np_.finditer(text, max(0, v.start() - 80), v.start())
            if not text[n.end("np") : v.start()].strip()
        ]
        for s, e in cands:
            phrase = text[s:e]
            if phrase.lower() in p.pronouns or not is_person_like(text, s, e, lang):
                continue
            return phrase
    return None


def names_another(
    raw: str, lang: str | None, att: Attribution | None, before: str | None, between: str
) -> bool:
    """True when a quote's own sentence, a new one after the quote before (``between``: the
    text since it), names a person of its own as its subject, other than ``before`` (the
    speaker before): "„…“, sagte Brenner. Trotz der Kritik hielt Bürgermeisterin Ada Roth
    den Plan für „…“" does not go on with Brenner's statement. A sentence in reported speech
    ("wäre", "sei") does."""
    p = PROFILES.get(lang or "")
    if p is None:
        return False
    ends = list(re.finditer(r"[.!?][“»\"]?\s+(?=\S)", between))
    if not ends:
        return False
    # a sentence after the quote before names a new speaker with a speech verb ('„…“,
    # sagte Seibert. Später sagte Kanzlerin Merkel, der Papst „…“')
    later = between[ends[0].end() :]
    who = _speech_subject(later, p, lang or "")
    if who is not None and who.split()[-1].lower() not in (before or "").lower():
        return True
    if att is None or not att.text.split():
        return False
    own = between[ends[-1].end() :].lower().split()  # the quote's sentence before the quote
    if any(w.strip(",;") in p.reported for w in own):
        return False
    if not is_person_like(raw, att.start, att.end, lang or ""):
        return False
    return att.text.split()[-1].lower() not in (before or "").lower()


def new_main_clause(raw: str, lang: str, close_at: int, subj_start: int, subj_end: int) -> bool:
    """True when subject-first words after a quote's comma (the phrase at ``subj_start``)
    open a new main clause (verb second: '„…“, Trainer X bezeichnete …'), no cue: that needs
    'wie' or 'zufolge' there."""
    if lang not in PROFILES:
        return False
    lead = raw[close_at + 1 : subj_start].strip(' ,;:.!?-–—»“”"').lower()
    return (
        "," in raw[close_at + 1 : subj_start]
        and lead not in ("wie",)
        and not (re.match(r"\s+zufolge\b", raw[subj_end:]))
    )


def coordinated_subject(raw: str, lang: str, start: int, verb_at: int) -> Attribution | None:
    """The subject a verb at ``verb_at`` after 'und' shares with the clause before it ('X
    befand … und nannte den Angriff „…“', 'Er halte … und bezeichnete …'): the noun phrase
    after the verb is its object. The sentence's opening pronoun, else its first person."""
    if lang not in PROFILES or not re.search(r"\bund\s+$", raw[start:verb_at]):
        return None
    pron = re.compile(r"\s*(?P<subj>Er|Sie)\s+[a-zäöüß]").match(raw, start, verb_at)
    if pron is not None:
        return Attribution(pron.group("subj"), pron.start("subj"), pron.end("subj"), "leading")
    span = clause_speaker(raw, lang, start, verb_at)
    if span is None:
        return None
    return Attribution(raw[span[0] : span[1]], span[0], span[1], "leading")
