"""Cues written around a quote rather than in its own sentence: a quote paragraph signed
on the next line, the speech cue of the sentence before, a written cue whose subject may be
some other phrase; and whether a text between two quotes is one sentence (rules of
:mod:`.speakers`, kept here to keep that module short)."""

from __future__ import annotations

import re

from ..text import fold
from ..text.abbrev import is_abbreviation
from ..types import Article
from .attribution import _LEAD_SUBJ_VERB, Attribution
from .cue_verbs import VERBS
from .cues import sentence_cue
from .people import NOT_NAME
from .spans import QuoteSpan

_SENTENCE_END = re.compile(r"(?P<word>\S*)[.!?][\"”’]?\s+[A-Z\"“]")


def one_sentence(text: str) -> bool:
    """True when ``text`` ends no sentence before its end ('in Macau, near St. Regis.')."""
    return not any(
        m.group()[len(m.group("word")) : len(m.group("word")) + 1] != "."
        or not is_abbreviation(m.group("word"))
        for m in _SENTENCE_END.finditer(text)
    )


def previous_cue(art: Article, q: QuoteSpan, prev_sent: tuple[int, int]) -> Attribution | None:
    """The speech cue of the sentence before a quote that has none of its own: German
    reports go on in the subjunctive ("Müller erklärte, … Damit seien „…“"), English quotes
    open a paragraph after 'Kerry said that …'. The sentence must hold no quote itself (its
    cue is then that quote's); in German it must stand in the quote's paragraph (PolNeAR
    train: across a paragraph break too, speaker 0.825 -> 0.827)."""
    ps, pe = prev_sent
    if re.search(r"[\"“”„«»]", art.raw[ps:pe]):
        return None
    if art.language in VERBS:
        if "\n" in art.raw[ps : q.open_at].strip():
            return None
        return sentence_cue(art.raw, art.language or "", ps, pe)
    last = None
    for m in _LEAD_SUBJ_VERB.finditer(art.raw, ps, pe):
        last = m
    if last is None:
        return None
    subj = last.group("subj").strip(" ,")
    return Attribution(subj, last.start("subj"), last.start("subj") + len(subj), "previous")


_PREPOSITIONS = frozenset(
    re.findall(
        r"\w+",
        "to in at from of for on with about by into near after before like than against "
        "toward towards via over under outside inside across behind",
    )
)


def doubtful_subject(
    raw: str, att: Attribution, sent_start: int, lower_vocab: set[str] | frozenset[str]
) -> bool:
    """True for a written cue's subject that may be some other phrase: a name after a
    preposition or a number ('en route to Tampa, said', '250,000 Syrians, said'), one with
    a comma clause before its verb ('in Salem, New Hampshire, Trump went after Bush,
    calling'), or one capitalised word the story also writes in lower case ('When'); and
    the subject of a participle's clause ('Hours later, Trump returned it, telling Reuters')."""
    if att.how == "participle":
        return True  # ', calling him "…"': the clause's subject was a guess (its first name)
    if att.how != "leading":
        return False
    before = raw[sent_start : att.start].rstrip()
    before = re.sub(r"(?:\s|^)[A-Z][\w.'’\-]*,$", "", before).rstrip()  # "in Salem, <subj>"
    last = before.rsplit(None, 1)[-1] if before.split() else ""
    if last in _PREPOSITIONS or re.fullmatch(r"[\d,.]+", last or "x"):
        return True
    if "," in raw[att.end : att.cue_end if att.cue_end > att.end else att.end]:
        return True
    words = att.text.split()
    return len(words) == 1 and (fold(words[0]) in lower_vocab or fold(words[0]) in NOT_NAME)


#: a dash (hyphen, en, em dash or the quotation dash U+2015) and a name, perhaps with a
#: description after a comma, that ends its line
_SIGNATURE = re.compile(
    r"[-–—―]+\s*(?P<who>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,4})(?:,[^\n]{0,100})?\s*"
)
_SAME_LINE = re.compile(r"[ \t\u00a0]*(?=[-–—―])")


def signature(raw: str, q: QuoteSpan, paras: list[tuple[int, int]]) -> Attribution | None:
    """A quote signed with a dash and a name, the typographic convention of epigraphs, pull
    quotes and quote round-ups: a quote that fills its line, the signature after it on the
    same line ('"…" ― Jo Kline', '"…"— Jo Kline, a nurse.') or a quote that fills its
    paragraph, signed on the next line ('"…" / - Jo Kline.'): the name after the dash."""
    k = next((k for k, (ps, pe) in enumerate(paras) if ps <= q.close_at < pe), None)
    if k is None:
        return None
    line_start = raw.rfind("\n", 0, q.open_at) + 1
    if not raw[line_start : q.open_at].strip():
        line_end = raw.find("\n", q.close_at + 1)
        line_end = min(paras[k][1], line_end if line_end >= 0 else len(raw))
        dash = _SAME_LINE.match(raw, q.close_at + 1, line_end)
        m = _SIGNATURE.fullmatch(raw, dash.end(), line_end) if dash else None
        if m is not None:
            return _signed(m)
    if k + 1 >= len(paras) or raw[q.close_at + 1 : paras[k][1]].strip(" .,\n"):
        return None
    ps, pe = paras[k + 1]
    m = _SIGNATURE.fullmatch(raw, ps, pe)
    return _signed(m) if m is not None else None


def _signed(m: re.Match[str]) -> Attribution:
    who = m.group("who").rstrip(".")
    return Attribution(who, m.start("who"), m.start("who") + len(who), "signature")


def goes_on(raw: str, at: int) -> bool:
    """True when the sentence goes on after a closing mark at ``at`` (a lower-case word or a
    comma follows), though the splitter cut it at the quote's own '!' or '?'."""
    return re.match(r"[ \t]*(?:,|[a-z])", raw[at : at + 8]) is not None
