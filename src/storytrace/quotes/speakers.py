"""Quotes of one article with their speakers: find, attribute, resolve.

``find_article_quotes`` finds the quoted spans of an article (:mod:`.spans`), reads the
attribution around each (:mod:`.attribution`, :mod:`.cues`) and resolves it to a canonical
person (:mod:`.resolve`): names to the story's full name, role descriptions to the person
named with that role, pronouns to the person named before them. A quote with no
attribution right after an attributed one continues its speaker. Unattributed one- or
two-word quotes (scare quotes) and short Title Case quotes (titles) are dropped and counted.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..types import Article
from .around import doubtful_subject, goes_on, one_sentence, previous_cue, signature
from .attribution import Attribution, attribute, nested_source
from .content import content_extent
from .cue_verbs import VERBS
from .cues import attribute_other
from .named_titles import after_article, names_a_work, reconsider
from .names import PersonIndex
from .nearby import names_another
from .parsed import parsed_attribution, subject_of_verb
from .profiles import PROFILES
from .quoting import quoted_person, quoting_medium
from .resolve import Reader
from .spans import QuoteSpan

__all__ = ["QuoteFinding", "find_article_quotes"]


@dataclass(frozen=True, slots=True)
class QuoteFinding:
    """One quote in one article, before grouping."""

    article: str
    span: QuoteSpan
    speaker_text: str | None
    speaker: str | None
    how: str  # trailing | leading | according | colon | signature | continued | parsed | none
    order: int
    #: every separately quoted part of the statement, in text order (``span`` is the first)
    parts: tuple[QuoteSpan, ...] = ()
    #: ``(start, end)`` of the whole reported content when the quoted words are part of a
    #: longer reported clause (a mixed quote, :mod:`.content`); None when they are all of it
    content: tuple[int, int] | None = None
    #: the quote goes on the statement of the finding before it ('"A," X said. "B."': one
    #: attribution, one cue, its content quoted in two sentences)
    continues: bool = False
    #: the source that reports the attribution ('"…," X said, according to CNN': CNN), as
    #: written; the speaker stays X
    via: str | None = None

    @property
    def all_parts(self) -> tuple[QuoteSpan, ...]:
        return self.parts or (self.span,)

    @property
    def text(self) -> str:
        """The quoted words; separately quoted parts joined by " … "."""
        return " … ".join(p.text for p in self.all_parts)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple((p.start, p.end) for p in self.all_parts)

    @property
    def close_at(self) -> int:
        return self.all_parts[-1].close_at


_SMALL_WORDS = (
    "a an the of and in on to for at by with or "  # English
    "der die das des dem den und von vom zu zur zum im am für mit auf "  # German
    "le la les de du des et à au aux en pour "  # French
    "el los las del y con por para "  # Spanish (la, de, en above)
    "il lo gli di e per con"  # Italian
)
_SMALL = frozenset(_SMALL_WORDS.split())


def _title_like(text: str) -> bool:
    """A short Title Case run ("All the President's Men"): a work's title, not a quote."""
    words = [w for w in re.findall(r"[\w'’]+", text)]
    if not words or len(words) > 8 or text.rstrip().endswith((".", "?", "!")):
        return False
    return words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in _SMALL or not w[:1].isalpha() for w in words
    )


def _drop_reason(
    q: QuoteSpan, how: str, speaker: str | None, content: tuple[int, int] | None
) -> str | None:
    """Why a quoted span is no direct quote ("scare-quote", "title"), or None to keep it."""
    # a clause reported with its cue before it keeps its quoted words, however short, when
    # they are a phrase or close the clause ('X called the plan "a disaster"'): the cue
    # says they are X's words; a lone word inside it ('an "innovative" design') is a term
    if (
        content is not None
        and how in ("leading", "participle", "according")
        and (q.n_words >= 2 or content[1] <= q.close_at + 1)
    ):
        return None
    # a single quoted word is a term, not speech; a Title Case run is a name or title
    # unless a speech verb right after it says otherwise ('"Trap", as he is called')
    if q.n_words <= 1 and how not in ("trailing", "colon"):
        return "scare-quote"
    if _title_like(q.text) and how not in ("trailing", "colon"):
        return "title"
    # a sentence's subject with no speech cue is a guess: it keeps no short quote in
    if how in ("none", "subject", "according", "previous", "parsed") and q.n_words <= 2:
        return "scare-quote"
    if speaker is None and q.n_words <= 2:
        return "scare-quote"
    return None


def _continues(prev: QuoteFinding | None, q: QuoteSpan, between: str) -> bool:
    """True when ``q`` goes on with the statement of the quote before it (same speaker)."""
    return (
        prev is not None
        # a phrase left unresolved ("the moderator") names the speaker as well as a name
        and bool(prev.speaker or prev.speaker_text)
        and q.n_words >= 3
        and (
            ("\n" not in between.strip(" ") and len(between) < 300)
            # the next paragraph (or line) goes on right after '"...," X said.'
            or (
                prev.how == "trailing"
                and between.count("\n") <= 2
                and re.search(r"[.!?]\s*$", between) is not None
                # the rest of the cue's own sentence, however long, and nothing more
                and (len(between.strip()) < 120 or one_sentence(between.strip()))
            )
            # a quote paragraph right after an attributed one that closed its paragraph
            or (not between.strip() and between.count("\n") <= 2 and prev.how != "none")
        )
    )


def _choose_speaker(
    r: Reader,
    q: QuoteSpan,
    att: Attribution | None,
    prev: QuoteFinding | None,
    between: str,
    where: _Where,
) -> tuple[Attribution | None, str | None, str]:
    """The attribution used, the speaker and how it was found, in order: a cue in the quote's
    sentence; the statement the quote continues; a cue in the sentence before (same
    paragraph); the sentence's subject."""
    art, index, spans = r.art, r.index, r.spans
    sent = (where.start, where.parse_end)
    if att is not None and att.how != "subject":
        if r.parse and doubtful_subject(art.raw, att, sent[0], index.lower_vocab):
            verb_at = att.cue_end - len(att.verb)
            p = subject_of_verb(art.raw, sent[0], sent[1], verb_at)
            # the cue stays the rule's; the parse names its subject, never quoted words
            if p is not None and not any(x.open_at < p.start < x.close_at for x in spans):
                att = Attribution(p.text, p.start, p.end, att.how, att.verb, att.cue_end)
        return att, r.resolve(att), att.how
    if _continues(prev, q, between) and not (
        prev is not None
        and names_another(art.raw, art.language, att, prev.speaker or prev.speaker_text, between)
    ):
        assert prev is not None
        return att, prev.speaker, "continued"
    here = r.resolve(att) if att is not None else None
    if not (here and index.is_person_name(here)) and where.prev_sent is not None:
        cue = previous_cue(art, q, where.prev_sent)
        who = r.resolve(cue) if cue is not None else None
        if cue is not None and who:
            return Attribution(cue.text, cue.start, cue.end, "previous"), who, "previous"
    if att is not None:
        return att, here, att.how
    # no written cue: the subject of the verb that governs the quote, from a parse; not for
    # a quote dropped whatever the parse says (one word, a term; a title: _drop_reason, and
    # reconsider() keeps neither by a cue), whose parse could only be thrown away
    keeps = q.n_words > 1 and not _title_like(q.text)
    parsed = (
        parsed_attribution(art.raw, sent[0], sent[1], q.open_at, q.close_at)
        if r.parse and keeps
        else None
    )
    if parsed is not None:
        return parsed, r.resolve(parsed), "parsed"
    return att, None, "none"


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a quote stands: its sentence (``start``..``end``, both widened to hold the
    marks), the end of its paragraph, the sentence before, and how far a parse reads."""

    start: int
    end: int
    para_end: int
    prev_sent: tuple[int, int] | None
    parse_end: int


def _where(r: Reader, q: QuoteSpan) -> _Where:
    sents, starts, raw = r.sents, r.starts, r.art.raw
    i = max(0, bisect.bisect_right(starts, q.open_at + 1) - 1)
    j = max(0, bisect.bisect_right(starts, q.close_at) - 1)
    s_start = min(sents[i].start if sents else 0, q.open_at)
    s_end = max(sents[j].end if sents else len(raw), q.close_at + 1)
    p_end = next((pe for ps, pe in r.paras if ps <= q.close_at < pe), s_end)
    prev_sent = (sents[i - 1].start, sents[i - 1].end) if sents and i > 0 else None
    parse_end = s_end
    if j + 1 < len(sents) and sents[j + 1].end <= p_end and goes_on(raw, q.close_at + 1):
        parse_end = sents[j + 1].end  # '"Ho, ho!" some protesters chanted': split at '!'
    return _Where(s_start, s_end, p_end, prev_sent, parse_end)


def _written_attribution(r: Reader, q: QuoteSpan, w: _Where) -> Attribution | None:
    """The cue written around the quote: the language's own rules, the English ones, or a
    signature line."""
    art = r.art
    att = None
    if art.language in VERBS:
        att = attribute_other(art.raw, art.language, w.start, w.end, q.open_at, q.close_at)
    if att is None:
        att = attribute(
            art.raw,
            w.start,
            w.end,
            q.open_at,
            q.close_at,
            w.prev_sent,
            w.para_end,
            r.index.lower_vocab,
        )
    return att if att is not None else signature(art.raw, q, r.paras)


def _why_dropped(
    art: Article,
    q: QuoteSpan,
    how: str,
    speaker: str | None,
    content: tuple[int, int] | None,
    s_start: int,
) -> str | None:
    """Why a quoted span is no quote ("scare-quote", "title"...), or None to keep it."""
    reason = _drop_reason(q, how, speaker, content)
    if reason is None and how not in ("trailing", "colon"):
        reason = "title" if names_a_work(art.raw, art.language, q.open_at) else None
        # a noun phrase after "der"/"die" with no speech cue of its own names a thing
        guessed = how in ("none", "subject", "continued", "previous", "parsed")
        if reason is None and guessed and after_article(art.raw, art.language, q.open_at, q.text):
            reason = "title"
    # what someone called a thing, a cue's lower-case words, a name after a noun
    return reconsider(reason, art.raw, art.language, q, how, s_start)


def _sources(
    r: Reader, q: QuoteSpan, w: _Where, att: Attribution | None, how: str, speaker: str | None
) -> tuple[Attribution | None, str | None, str | None]:
    """The attribution and speaker, with the outer source that reports them (``via``): a
    nested attribution ('"…," X said, according to CNN'), or a medium that quotes the
    speaker ('Der Spiegel zitiert X mit den Worten „…“': X speaks, the medium reports it)."""
    art = r.art
    via = nested_source(art.raw, att, w.end, w.start) if att is not None else None
    if via is None and att is not None and how != "continued" and art.language in PROFILES:
        via = quoting_medium(art.raw, art.language, w.start, w.end, q.open_at, q.close_at)
        if via is not None and via == att.text:
            # the medium was read as the speaker ('Der Spiegel zitiert den Prediger mit den
            # Worten „…“'): the person it quotes speaks
            found = quoted_person(art.raw, art.language, w.start, w.end, q.open_at, q.close_at)
            if found is not None:
                s, e = found
                att = Attribution(art.raw[s:e], s, e, att.how, att.verb, att.cue_end)
                return att, r.resolve(att), via
        person = _without_medium(att, via)
        if person is None:
            via = None
        elif person is not att:
            att = person
            speaker = r.resolve(att)
    return att, speaker, via


def find_article_quotes(
    art: Article, index: PersonIndex, parse: bool = False
) -> tuple[list[QuoteFinding], Counter[str]]:
    """Quotes of one article with their speakers; also counts what was dropped and why.

    ``parse``: read the speaker of an English quote the written cues miss from a dependency
    parse (:mod:`.parsed`; needs spaCy, else nothing changes)."""
    r = Reader.of(art, index, parse and (art.language or "en") == "en")
    dropped: Counter[str] = Counter()
    out: list[QuoteFinding] = []
    prev: QuoteFinding | None = None
    for q in r.spans:
        r.advance(q.open_at)
        where = _where(r, q)
        att = _written_attribution(r, q, where)
        between = art.raw[prev.span.close_at + 1 : q.open_at] if prev is not None else ""
        att, speaker, how = _choose_speaker(r, q, att, prev, between, where)
        att_how = att.how if att is not None else ""
        content = (
            content_extent(art.raw, where.end, q, att) if how == att_how != "previous" else None
        )
        reason = _why_dropped(art, q, how, speaker, content, where.start)
        if reason:
            dropped[reason] += 1
            continue
        att, speaker, via = _sources(r, q, where, att, how, speaker)
        if speaker:
            r.timeline.append((att.start if att is not None else q.open_at, speaker))
        continues = how == "continued" and prev is not None
        said = (
            prev.speaker_text
            if continues and prev is not None
            else att.text or None
            if att
            else None
        )
        finding = QuoteFinding(art.id, q, said, speaker, how, len(out), (), content, continues, via)
        out.append(finding)
        prev = finding
    return _join_fragments(art, out, r.starts), dropped


def _without_medium(att: Attribution, via: str | None) -> Attribution | None:
    """The attribution of the person a medium quotes: ``att`` itself, or the words before
    the medium when the phrase runs on into it ('wie X von Spiegel-Online zitiert wird');
    None when there is no medium or it is the whole phrase."""
    if via is None or via == att.text:
        return None
    at = att.text.rfind(via)
    if at < 0:
        return att
    head = re.sub(r"\s*\S+\s*$", "", att.text[:at])  # the preposition before the medium
    if not head.strip():
        return None
    return Attribution(head, att.start, att.start + len(head), att.how, att.verb, att.cue_end)


def _join_fragments(
    art: Article, found: list[QuoteFinding], sent_starts: list[int]
) -> list[QuoteFinding]:
    """Parts of one sentence quoted separately ("should be X" and "Y.") become one finding."""
    out: list[QuoteFinding] = []
    for f in found:
        last = out[-1] if out else None
        if last is not None and _same_statement(art.raw, last, f, sent_starts):
            parts = (*last.all_parts, f.span)
            speaker = last.speaker or f.speaker
            text = last.speaker_text or f.speaker_text
            how = last.how if last.speaker else f.how
            content = _span_union(last.content, f.content, parts)
            out[-1] = QuoteFinding(
                art.id,
                last.span,
                text,
                speaker,
                how,
                last.order,
                parts,
                content,
                last.continues,
                last.via or f.via,
            )
            continue
        out.append(
            QuoteFinding(
                art.id,
                f.span,
                f.speaker_text,
                f.speaker,
                f.how,
                len(out),
                (),
                f.content,
                f.continues and bool(out),
                f.via,
            )
        )
    return out


def _span_union(
    a: tuple[int, int] | None, b: tuple[int, int] | None, parts: tuple[QuoteSpan, ...]
) -> tuple[int, int] | None:
    if a is None and b is None:
        return None
    starts = [x[0] for x in (a, b) if x is not None] + [parts[0].start]
    ends = [x[1] for x in (a, b) if x is not None] + [parts[-1].end]
    return min(starts), max(ends)


def _same_statement(raw: str, a: QuoteFinding, b: QuoteFinding, sent_starts: list[int]) -> bool:
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return False
    end = a.close_at
    between = raw[end + 1 : b.span.open_at]
    if "\n" in between or len(between) > 200:
        return False
    # the first part closes a sentence of its own: '"A." "B."' are two statements
    if raw[end - 1 : end] in (".", "!", "?") or raw[a.all_parts[-1].end - 1] in ".!?":
        return False
    same_sentence = bisect.bisect_right(sent_starts, end) == bisect.bisect_right(
        sent_starts, b.span.open_at
    )
    return same_sentence and not re.search(r"[.!?]\s+[A-Z]", between)
