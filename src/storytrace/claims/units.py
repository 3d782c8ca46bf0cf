"""Fact units: the parts of a sentence that each state one fact, and what is no claim at all.

A sentence often states several facts ("China defends its trade with Russia, saying it is
only engaged in normal exchanges": China defends its trade; China says the trade is
normal). ``fact_units(article)`` cuts each sentence where the facts are separable: at a
semicolon, before a reporting participle (", saying ..."), before a contrasting or causal
clause (", but ...", ", while ...", ", since ...", ", unless ..."), before a participle of
result (", killing two people and forcing 1,200 from their homes"), and after a leading
participial phrase that reports an event of its own ("Speaking at a press conference after
a meeting with X, ..."; not "Speaking outside City Hall, ...", only the speech act).
Cuts never fall inside quotation marks (a quote is one utterance) and never leave a part
under ``min_words`` words. Every unit is a span of ``raw``. Quoted
words whose speaker ``story.quotes`` knows, inside a unit that states more besides them
(RT's "Beijing has accused the US of hypocrisy ... while 'unreasonably criticizing the
normal trade ...'"), are a unit of their own inside it, with ``Unit.speaker``: the speaker
says them, a fact apart from the reporter's sentence around them.

Sentences that state no fact are not claims and are counted with a reason: a subheading
(a short paragraph of its own with no sentence punctuation), a video or link teaser
("WATCH: ..."), a fragment of a single word, and a quote fragment that names no speaker
(wholly inside quotation marks with no speech verb: the second sentence of a quote
attributed in the first, whose words ``story.quotes`` keeps with their speaker, but which
on its own says nobody's claim).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..clean.metadata import agency_dateline
from ..quotes.attribution import SPEECH_VERBS
from ..text import quoted_ranges, sentences
from ..types import Article, Sentence, Story

PARTICIPLE = (
    "saying|warning|cautioning|adding|noting|insisting|arguing|stressing|urging|claiming|indicating"
    "|stating|asserting|explaining|calling"
)
# A participle of result states a fact of its own, the toll of the event before it ("a surge
# flooded the quay before dawn, killing two people and forcing 1,200 from their homes"):
# another report tells the toll in a sentence of its own.
# French participles of result too ("..., faisant deux morts et contraignant 1 200
# habitants à quitter leur logement"): a translation cut as its source is, or the toll its
# source states reads as omitted from it.
RESULT = (
    "killing|leaving|forcing|injuring|wounding|displacing"
    "|faisant|laissant|for[cç]ant|contraignant|obligeant|tuant|blessant"
)
# Where a new fact starts inside a sentence: the cut falls before the captured word.
_CUTS = re.compile(
    rf";\s+(?P<a>\S)"
    rf"|,\s+(?P<b>(?:{PARTICIPLE})\b)"
    r"|,\s+(?P<c>(?:but|while|whereas|since|because|unless|although|though|shortly after)\b)"
    r"|\s(?P<d>but)\s(?=[a-z]+\s)"
    rf"|,\s+(?P<e>(?:{RESULT})\b)",
)
# "Speaking at ... Beijing following a meeting with X, the official said ...": the
# leading phrase reports an event (a meeting, a visit) the rest does not repeat.
_LEAD = re.compile(r"(?:Speaking|Talking|Addressing)\s[^,;“”\"«»]{12,}?,\s+(?=\S)")
# Only a phrase naming such an event states a fact of its own: "Speaking outside City
# Hall," or "Speaking to reporters," is the speech act of the sentence it opens.
_EVENT = re.compile(
    r"\b(?:meeting|talks|visit|summit|conference|briefing|interview|speech|session|"
    r"ceremony|rally|hearing|forum|call|after|following|during)\b",
    re.IGNORECASE,
)
# A non-restrictive clause between commas states a fact of its own about the noun before it
# ("the wall, which dates from the 1920s, was due to be raised"): it is a unit of its own,
# inside the unit of the whole sentence (the rest cannot be cut out as one span).
# French asides too ("la digue, construite dans les années 1920, est trop basse"): a
# translation that states the aside as its source does must not read as omitting it.
_ASIDE = re.compile(
    r",\s+(?P<aside>(?:which|who|whose|built|founded|dating|located|based|born|aged|"
    r"opened|completed|elected|appointed|qui|dont|construite?s?|fondée?s?|située?s?|"
    r"basée?s?|née?s?|âgée?s?|ouverte?s?|élue?s?|nommée?s?)\b[^,;“”\"«»]{6,}?),"
)
# The noun phrase before an aside (``_noun_before``): a determiner opens it; a preposition,
# a subordinator or a finite verb of the sentence lies before it. Six words hold the
# phrases of the demo and the seeds ("China's export to Kyrgyzstan of ball bearings," ->
# "ball bearings,"; "Chinese President Xi Jinping, who" whole).
_WORD = re.compile(r"[\w'’\-]+")
_NP_MAX = 6
_DETERMINERS = frozenset(
    """
    the a an its his her their our your my this that these those each every
    le la les un une son sa ses leur leurs ce cet cette ces
    """.split()  # noqa: SIM905
)
_NP_STOP = frozenset(
    """
    of in on at to for from by with about against into onto over under near after before
    during since than as that which who whom whose when where while because if
    is was are were be been has have had said says say told
    de du des à au aux en dans par pour sur avec que dont est était sont ont
    """.split()  # noqa: SIM905
)
# English prepositions that attach a phrase to the noun before them ("delays on the
# project", "the mayor of the town"): an aside after the phrase may describe that noun
_ATTACH = frozenset({"of", "on", "in", "for", "over", "about", "from", "at", "with"})
_TEASER = re.compile(r"^(?:WATCH|LISTEN|READ MORE|READ|SEE ALSO|RELATED|VIDEO|PHOTOS?)\s*:", re.I)
_END_PUNCT = ".!?…\"”»'’)"
_VERBS = frozenset(v for vs in SPEECH_VERBS.values() for v in vs)


@dataclass(frozen=True, slots=True)
class Unit:
    """One fact unit: a span of ``raw`` inside sentence ``sentence``."""

    sentence: int  # position in the article's sentence list
    start: int
    end: int
    text: str
    language: str | None
    #: who says it, for a unit of quoted words inside a sentence that states more
    speaker: str | None = None
    #: the speaker's canonical name (``Quote.speaker``), shown with the quoted words
    said_by: str | None = None


def _n_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def split_sentence(text: str, min_words: int = 4) -> list[tuple[int, int]]:
    """Offsets of the fact units of one sentence (one unit when nothing separates); an
    aside between commas is a unit inside the one that holds it."""
    quoted = quoted_ranges(text)
    close = _unopened_close(text)
    if close:
        quoted.append((0, close))
    cuts: list[int] = []
    lead = _LEAD.match(text)
    if lead and not _EVENT.search(lead.group(0)):
        lead = None
    if lead and not any(s < lead.end() <= e for s, e in quoted):
        cuts.append(lead.end())
    for m in _CUTS.finditer(text):
        at = next(m.start(g) for g in "abcde" if m.group(g) is not None)
        if text.startswith("but also", at) and "not only" in text[:at]:
            continue  # "not only ..., but also ...": one fact with two parts
        if not any(s <= at < e for s, e in quoted):
            cuts.append(at)
    bounds = [0]
    for at in sorted(set(cuts)):
        if _n_words(text[bounds[-1] : at]) >= min_words and _n_words(text[at:]) >= min_words:
            bounds.append(at)
    bounds.append(len(text))
    out = []
    for s, e in itertools.pairwise(bounds):
        seg = text[s:e]
        lead_ws = len(seg) - len(seg.lstrip(" ,;"))
        trail = len(seg.rstrip(" ,;"))
        if trail > lead_ws:
            out.append((s + lead_ws, s + trail))
    for m in _ASIDE.finditer(text):
        a, b = m.span("aside")
        if _n_words(m.group("aside")) >= min_words and not any(qs <= a < qe for qs, qe in quoted):
            out.append((_noun_before(text, m.start()), b))
    return sorted(out)


def _noun_before(text: str, comma: int) -> int:
    """Where the noun phrase an aside describes starts (the aside's comma at ``comma``):
    "built in the 1920s" says nothing on its own, "the harbour wall, built in the 1920s"
    does. Words are taken back from the comma up to and including a determiner, and never
    past punctuation, a preposition, a verb of the clause or ``_NP_MAX`` words; the comma
    itself when no word qualifies. A phrase that is the object of a preposition takes the
    noun phrase the preposition hangs on too ("the city's delays on the project, which
    officials blamed on costs": the delays, not the project, were blamed), when that
    phrase opens with a determiner as well."""
    start, opened = _phrase_before(text, comma)
    if not opened:
        return start
    prep = list(_WORD.finditer(text, 0, start))[-1:]
    if prep and prep[0].group().lower() in _ATTACH and not text[prep[0].end() : start].strip():
        head, head_opened = _phrase_before(text, prep[0].start())
        if head_opened:
            return head
    return start


def _phrase_before(text: str, end: int) -> tuple[int, bool]:
    """The start of the words before ``end`` that ``_noun_before`` takes, and whether a
    determiner opens them."""
    start = end
    for n, m in enumerate(reversed(list(_WORD.finditer(text, 0, end)))):
        word = m.group().lower()
        if n >= _NP_MAX or word in _NP_STOP or text[m.end() : start].strip():
            break
        start = m.start()
        if word in _DETERMINERS or word.startswith(("l'", "l’")):
            return start, True  # "l'ancienne digue": the elided article opens the phrase
    return start, False


def _unopened_close(text: str) -> int:
    """The end of a quote that opened before this sentence (a closing mark before any
    opening one: the second sentence of a quote, or a quote whose opening mark the source
    lost), 0 when there is none."""
    for i, ch in enumerate(text):
        if ch in '“«„"':
            return 0
        if ch in "”»":
            return i + 1
    return 0


def junk_reason(article: Article, sent: Sentence, paragraph: tuple[int, int] | None) -> str | None:
    """Why a sentence states no fact (``None`` when it does)."""
    text = sent.text.strip()
    if _TEASER.match(text):
        return "teaser"
    if _n_words(text) < 2:
        return "fragment"  # a stray word the splitter cut off ("'Ukraine." after a full stop)
    alone = paragraph is not None and article.raw[paragraph[0] : paragraph[1]].strip() == text
    if alone and _n_words(text) <= 8 and not text.endswith(tuple(_END_PUNCT)):
        return "subheading"
    quoted = quoted_ranges(text)
    inside = sum(e - s for s, e in quoted)
    if quoted and inside >= len(text) - 3:
        low = f" {text.lower()} "
        if not any(f" {v} " in low or f" {v}," in low or f" {v}." in low for v in _VERBS):
            return "quote-fragment"
    return None


def fact_units(story: Story, min_words: int = 4) -> tuple[list[list[Unit]], dict[str, int], int]:
    """Per article, its fact units; skipped sentences counted by reason; sentence count."""
    skipped: dict[str, int] = {}
    out: list[list[Unit]] = []
    total = 0
    said = quote_speakers(story)
    for art in story.articles:
        paras = list(art.paragraphs)
        units: list[Unit] = []
        for x, sent in enumerate(sentences(art)):
            total += 1
            para = next((p for p in paras if p[0] <= sent.start < p[1]), None)
            if para is None and not paras:
                para = _line_of(art.raw, sent.start)
            reason = junk_reason(art, sent, para)
            if reason:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            lang = sent.language or art.language
            for s, e in split_sentence(sent.text, min_words):
                a, b = sent.start + s, sent.start + e
                units.append(Unit(x, a, b, art.raw[a:b], lang))
            units.extend(_quoted_units(art, x, sent, said.get(art.id, ()), units, min_words))
        out.append(sorted(units, key=lambda u: (u.start, u.end)))
    return out, skipped, total


def after_dateline(raw: str, start: int, end: int) -> int:
    """Where a claim's wording shown to a reader begins in the sentence ``raw[start:end]``:
    after a wire dateline that opens it ("MARROWICK, Ostermere (Marrowick Courier) — ",
    "LOS ANGELES (AP) — "), which says where the copy was filed; else ``start``. Shown
    only: the unit keeps the dateline for matching, whose place is where the event
    happened (without it the demo's independent report no longer corroborates "a storm
    surge flooded the Lower Quay district of Marrowick", answers.json)."""
    found = agency_dateline(raw, start, end)
    return found.end if found is not None else start


def quote_speakers(story: Story) -> dict[str, list[tuple[int, int, str, str]]]:
    """Per article, the spans of its quoted words whose speaker ``story.quotes`` knows,
    with the words naming the speaker there and the speaker's canonical name."""
    out: dict[str, list[tuple[int, int, str, str]]] = {}
    for q in story.quotes:
        for v in q.variants:
            who = v.speaker_text or q.speaker
            if who:
                for s, e in v.fragments or ((v.start, v.end),):
                    out.setdefault(v.article, []).append((s, e, who, q.speaker or who))
    return out


def _quoted_units(
    art: Article,
    x: int,
    sent: Sentence,
    said: Sequence[tuple[int, int, str, str]],
    units: list[Unit],
    min_words: int,
) -> list[Unit]:
    """Quoted words with a known speaker inside a unit that states more ("Beijing accused
    the US of hypocrisy ... while 'unreasonably criticizing the normal trade ...'"): what
    the speaker says is a fact of its own, a unit inside the one that holds it. A quote
    that is most of its unit, or opens it, is that unit's fact already."""
    out = []
    for s, e, who, name in said:
        if not sent.start <= s < e <= sent.end:
            continue
        text = art.raw[s:e].strip(" \"“”«»„'‘’,.")
        if not text or _n_words(text) < min_words:
            continue
        host = next((u for u in units if u.sentence == x and u.start <= s and e <= u.end), None)
        # a unit that opens with the quote is the quote and its cue ('"...," X told
        # reporters'): the quote is that unit's fact already
        opens = host is not None and not art.raw[host.start : s].strip(" \"“”«»„'‘’")
        if host is not None and not opens and _n_words(host.text) - _n_words(text) >= min_words:
            a = s + art.raw[s:e].index(text)
            lang = sent.language or art.language
            out.append(Unit(x, a, a + len(text), text, lang, who, name))
    return out


def _line_of(raw: str, pos: int) -> tuple[int, int]:
    start = raw.rfind("\n", 0, pos) + 1
    end = raw.find("\n", pos)
    return start, len(raw) if end < 0 else end


def readable_text(
    raw: str,
    unit: Unit,
    sentence: Sentence,
    said: Sequence[tuple[int, int, str, str]] = (),
) -> str:
    """A claim's wording that reads on its own, from the unit that represents it.

    A unit cut off the head of its sentence ("saying it is only engaged in normal
    exchanges", "but has been delayed twice") names no subject: the head is shown before it
    in square brackets, the editor's mark for words added from the context. Quoted words of
    a known speaker are shown after the speaker's name; a pronoun that names the speaker of
    a quote in the unit ('"...," she said') is replaced by the name in square brackets
    (``said``: the article's quotes, as :func:`quote_speakers`). Every other unit is its
    own text.
    """
    if unit.speaker:
        text = unit.text.strip()
        return f"{unit.said_by or unit.speaker}: “{text.strip(_QUOTE_MARKS)}”"
    text = _speaker_named(raw, unit, said).strip()
    lead = after_dateline(raw, sentence.start, sentence.end)
    if unit.start < lead < unit.end and text.startswith(raw[unit.start : lead].strip()):
        text = text[len(raw[unit.start : lead].strip()) :].strip()
    head = raw[max(lead, sentence.start) : unit.start].rstrip() if lead < unit.start else ""
    if not head or not (head.endswith((",", ";")) or _LOWER_CUT.match(text)):
        return text
    return f"[{head}] {text}"


_QUOTE_MARKS = " \"“”«»„'‘’"
# English pronouns a quote's cue names its speaker by ('"...," she said'; French and German
# cues invert the pronoun into the verb: "a-t-il dit", "sagte er")
_SPEAKER_PRONOUNS = frozenset({"he", "she"})


def _speaker_named(raw: str, unit: Unit, said: Sequence[tuple[int, int, str, str]]) -> str:
    """The unit's text, with the pronoun that names the speaker of a quote inside it (the
    first after the quote, else the last before it) replaced by ``[name]``."""
    for s, e, who, name in said:
        if not unit.start <= s < e <= unit.end or who.lower() not in _SPEAKER_PRONOUNS:
            continue
        if name.lower() in _SPEAKER_PRONOUNS:
            continue  # the speaker was never resolved
        word = re.compile(rf"\b{re.escape(who)}\b")
        found = word.search(raw, e, unit.end) or next(
            reversed(list(word.finditer(raw, unit.start, s))), None
        )
        if found:
            return raw[unit.start : found.start()] + f"[{name}]" + raw[found.end() : unit.end]
    return unit.text


# a cut before "but" with no comma ("was approved in 2019 but has been delayed") leaves a
# unit whose subject is the head's
_LOWER_CUT = re.compile(r"(?:but|while|whereas|though|although|since|because|unless)\b")
