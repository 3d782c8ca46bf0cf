"""Who said a quote: the attribution written around it.

Looks, in order, at the words after the closing mark up to the end of the sentence ("...,"
Mr. Blinken said / said Blinken / he added / the US official was quoted as saying), at the
sentence before the opening mark (X said: / X warned that / as he said, / according to X),
and at a colon-ended sentence just before a quote that opens its own sentence. Returns the
speaker phrase as written; :mod:`storytrace.quotes.names` resolves it to a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import HONORIFICS, fold
from ..text.abbrev import is_abbreviation
from .cue_verbs import PLURAL_PRESENT_EN
from .cue_verbs import SPEECH_VERBS as SPEECH_VERBS  # claims/ imports it from here
from .name_runs import name_runs
from .people import TITLES

_VERBS = sorted(
    {v for vs in SPEECH_VERBS.values() for v in vs} | set(PLURAL_PRESENT_EN), key=len, reverse=True
)
_VERB_RE = "(?:" + "|".join(re.escape(v) for v in _VERBS) + ")"
_VERB_SET = frozenset(_VERBS)
_PRONOUNS = {
    "he": "m",
    "she": "f",
    "il": "m",
    "elle": "f",
    "er": "m",
    "sie": "f",
    "ella": "f",
    "él": "m",
    "lui": "m",
    "lei": "f",
    "ele": "m",
    "ela": "f",
}
_UP = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*"
_NAME = rf"(?:{_UP}(?:\s+(?:of|de|van|von|al|bin|der|da|la|le)?\s*{_UP}){{0,6}})"
_ROLE = r"\b(?:[Tt]he|[Tt]his|[Aa]n?|[Ll][ea]|[Dd]er|[Dd]ie|[Ee]l)\s+(?:[\w.\-]+\s+){0,3}?[\w\-]+"
_SUBJECT = rf"(?P<subj>{_NAME}|{_ROLE}|\b(?:he|she|they|it|il|elle|er|sie|ella)\b)"
# words that may stand between a subject and its speech verb ("Beijing, in turn, has accused")
_AUX_WORDS = (
    "also|has|have|had|was|is|are|were|been|did|does|do|will|would|then|later|further|once|"
    r"again|reportedly|previously|\([^()]{1,24}\)|"
    r"repeatedly|recently|earlier|on\s+[A-Z]\w+|in\s+a\s+statement"
)
_AUX = rf"(?:\s*,[^,.;:\"“”]{{1,60}},)?(?:\s+(?:{_AUX_WORDS})){{0,3}}"
# lower-case words that may describe the speaker after the verb ("said fisherman X"), not
# the start of an adverbial ("said on Monday")
_NOT_DESC = r"(?:on|in|at|to|that|after|before|during|when|while|of|for|with|by|from|as)\b"
_DESC = rf"(?:(?!{_NOT_DESC})[a-z0-9][\w'’\-]*,?\s+){{0,3}}"
# an organisation before the description ("said Microsoft security chief Jo Budd", "said White
# House press secretary Jo Kline", "said Google vice president of engineering Mary Jones"):
# the speaker is the name after it, not the organisation (its words alone were taken)
_ORG_DESC = (
    rf"(?:{_UP}(?:\s+{_UP}){{0,2}}\s+"
    rf"(?:(?!{_NOT_DESC})[a-z][\w'’\-]*\s+(?:(?:of|for)\s+(?=[a-z]))?){{1,5}})"
)
_TRAIL_VERB_FIRST = re.compile(
    rf"^[\s,;:.!?\-–—»]*{_VERB_RE}\s+(?P<subj>{_ORG_DESC}{_NAME}|{_DESC}{_NAME}|{_ROLE})"
)
# a party tag may follow the name ('," Rep. Jo Kline (D-Wash.) said')
_TRAIL_SUBJ_FIRST = re.compile(
    rf"^[\s,;:.!?\-–—»]*{_SUBJECT},?(?P<mid>(?:\s+(?:\([^()]{{1,24}}\)|[^\s\"“”«».!?]+)){{0,14}}?)"
    rf"\s+(?P<verb>{_VERB_RE})\b"
)
# '," team general manager A.J. Smith said' / '," former Obama adviser Dan Ruiz asked': a
# description opened by a lower-case word before the name (not a clause: '" that Sanders
# can catch Clinton, said X')
_CLAUSE_WORDS = (
    r"(?:that|which|who|whom|and|but|or|as|if|when|while|because|so|than|to|"
    # nor a phrase of the writer's ('" for Clinton, said X', '," after Y expressed')
    r"for|after|before|from|with|in|on|at|by|of|about|against|since|until|during|like)"
)
_TRAIL_DESC_NAME = re.compile(
    rf"^[\s,;:.!?\-–—»]*(?P<subj>(?!{_CLAUSE_WORDS}\b)[a-z][\w'’\-]*,?\s+"
    rf"(?:[\w'’\-]+,?\s+){{0,4}}?{_NAME}),?"
    rf"\s+(?P<verb>{_VERB_RE})\b"
)
# '"… listening." Trump said.': a closed sentence in the marks, then only its cue
_CUE_AFTER_CLOSED = re.compile(rf"^\s+(?:{_UP}\s+){{0,3}}{_UP}\s+{_VERB_RE}\s*(?:[.,]|$)")
# an apposition may close with its comma right before the verb ("X's manager, Y, stated")
# an apposition may close with its comma right before a finite verb ("X's manager, Y,
# stated"); not before a participle ("visited Iowa, saying")
_LEAD_SUBJ_VERB = re.compile(rf"{_SUBJECT}{_AUX}(?:,(?!\s+\w+ing\b))?\s+(?P<verb>{_VERB_RE})\b")
_ACCORDING = re.compile(
    rf"\b(?:[Aa]ccording to|selon|laut|según|secondo|segundo)\s+(?P<subj>{_NAME}|{_ROLE})"
)
_TIME_OR_PLACE = re.compile(
    r"\s+(?:on|in|at|last|this|earlier|later|late|yesterday|today|also|then|further|had|has|have|was|once|again|reportedly)"
    r"(?:\s+(?:[A-Z][\w]*|week|month|year|night|morning))?\s*$"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """The speaker phrase as written, where it is, and how it was found."""

    text: str
    start: int
    end: int
    how: str  # trailing | leading | according | participle | colon | signature | parsed
    verb: str = ""
    #: where the cue (the speech verb) ends in the text, for a cue written before the quote
    #: in the quote's own sentence (leading, participle); -1 otherwise
    cue_end: int = -1


#: words after which "the …"/"a …" may still open a clause as its subject
_CLAUSE_OPENERS = frozenset(
    re.findall(
        r"\w+",
        "and but or while when as that because after before since though although where so "
        "then which who if once until whereas",
    )
)


def object_role(raw: str, start: int, subj: str) -> bool:
    """True for a description ("a statement", "the past") that stands after a lower-case
    word other than a conjunction: a preposition's or a verb's object ("in the past", "put
    out a statement saying"), not the speaker."""
    if subj.split()[0].lower() not in {"the", "a", "an", "this"}:
        return False
    words = raw[max(0, start - 40) : start].split()
    if not words or not re.fullmatch(r"[a-z][\w'’\-]*", words[-1]):
        return False
    return words[-1] not in _CLAUSE_OPENERS


def _subject_at_end(text: str) -> re.Match[str] | None:
    # the last "<subject> <verb>" whose subject ends right before the verb
    best = None
    for m in _LEAD_SUBJ_VERB.finditer(text):
        best = m
    return best


# French inverted attribution: "a-t-il déclaré", "dit-elle", "estime-t-il"
_FR_INVERTED = re.compile(r"^[\s,;:.!?»\-–—]*[a-zàâçéèêëîïôûù]+-(?:t-)?(?P<subj>il|elle)\b")
_PARTICIPLE = re.compile(
    r",\s+(saying|stating|adding|noting|warning|insisting|arguing|claiming|explaining|"
    r"telling|calling|describing|declaring|asserting|stressing|asking|writing|tweeting|"
    r"remarking|replying|responding|joking)\b"
)


def _after(raw: str, close_at: int, limit: int) -> str:
    """The words after a closing mark up to the next sentence end or opening mark."""
    text = raw[close_at + 1 : limit]
    for m in re.finditer(r"[.!?](?=\s|$)|[“\"«\n]", text):
        if m.group() == ".":
            word = text[: m.start()].rsplit(None, 1)
            last = fold(word[-1]) if word else ""
            if word and (
                is_abbreviation(last)
                or f"{last}." in TITLES
                or f"{last}." in HONORIFICS
                or re.fullmatch(r"[A-Z]", word[-1])
            ):
                continue
        return text[: m.start()]
    return text


def _clean_subject(subj: str) -> str:
    subj = re.sub(r"\s+(?:on|in|at)\s+[A-Z]\w*$", "", subj.strip())
    return subj.strip(" ,;:.")


def _according_phrase(raw: str, start: int, sent_end: int) -> str | None:
    """The whole phrase after "according to" ('the recently released playbook', 'Paul Sperry
    of Counter Jihad'): up to its comma, a quote mark or the sentence's end; None when that
    is not one short phrase."""
    m = re.compile(r"[^,;:!?\"“”(\n]+").match(raw, start, sent_end)
    if m is None:
        return None
    phrase = re.sub(r"\.\s*$", "", m.group()).strip()
    if not phrase or ". " in phrase or len(phrase.split()) > 8:
        return None
    return phrase


_NESTED = re.compile(r",\s+(?:[Aa]ccording to|as reported by|reports|reported)\s+")


#: "According to CNN, X said …": the outer source opens the cue's sentence
_NESTED_LEAD = re.compile(r"(?:[Aa]ccording to|[Aa]s reported by)\s+")


def nested_source(
    raw: str, att: Attribution, sent_end: int, sent_start: int | None = None
) -> str | None:
    """The source that reports an attribution ('"…," X said, according to CNN.', '…, said
    X, reports the Sun.', 'According to CNN, X said "…"'): the outer source of a nested
    attribution, as written."""
    if att.how == "leading" and sent_start is not None:
        lead = _NESTED_LEAD.match(raw, sent_start, att.start)
        if lead is None:
            return None
        phrase = _according_phrase(raw, lead.end(), att.start)
        # the phrase, its comma and perhaps the speaker's description ('Clinton
        # spokesman') are all that stands before the speaker
        rest = raw[lead.end() + len(phrase or "") : att.start].strip()
        if phrase and rest.startswith(",") and not re.search(r"[,;:\"“”]", rest[1:]):
            return phrase
        return None
    if att.how != "trailing":
        return None
    end = sent_end
    mark = re.search(r"[\"“”]", raw[att.end : sent_end])
    if mark is not None:
        end = att.end + mark.start()
    m = _NESTED.search(raw, att.end, end)
    return _according_phrase(raw, m.end(), end) if m is not None else None


def attribute(
    raw: str,
    sent_start: int,
    sent_end: int,
    open_at: int,
    close_at: int,
    prev_sentence: tuple[int, int] | None = None,
    para_end: int | None = None,
    vocab: set[str] | frozenset[str] = frozenset(),
) -> Attribution | None:
    """The attribution of the quote between ``open_at`` and ``close_at``, if written.

    ``vocab``: words the story writes in lower case (a capitalised one opening a sentence,
    "Officers", is then no name).
    """
    after = _after(raw, close_at, para_end if para_end is not None else sent_end)
    if (
        raw[close_at - 1 : close_at] == "."
        and re.match(r"\s+[A-Z]", after)
        and not _CUE_AFTER_CLOSED.match(after)
    ):
        after = ""  # '"... robbery." The board ...': the quote closed its sentence
    found = _trailing(after, close_at)
    found = found or _leading(raw, sent_start, sent_end, open_at, close_at, vocab)
    if found is not None:
        return found
    before = raw[sent_start:open_at]
    colon = _colon_lead(raw, sent_start, before, vocab)
    if colon is not None:
        return colon
    if prev_sentence and not before.strip():
        return _colon_sentence_before(raw, prev_sentence, vocab)
    return None


def _trailing(after: str, close_at: int) -> Attribution | None:
    """The cue in the words right after the closing mark: '», a-t-il déclaré', '," said X',
    '," X said', '," team manager A.J. Smith said'."""
    inv = _FR_INVERTED.match(after)
    if inv:  # « ... », a-t-il déclaré / dit-elle
        s = close_at + 1 + inv.start("subj")
        return Attribution(inv.group("subj"), s, s + len(inv.group("subj")), "trailing", "dit")
    m = _TRAIL_VERB_FIRST.match(after)
    if m:
        s = close_at + 1 + m.start("subj")
        subj = _clean_subject(m.group("subj"))
        return Attribution(subj, s, s + len(subj), "trailing", "said")
    m = _TRAIL_SUBJ_FIRST.match(after)
    if m and not re.search(r"[.!?]\s", m.group("mid") or ""):
        s = close_at + 1 + m.start("subj")
        subj = _clean_subject(m.group("subj") + (m.group("mid") or ""))
        return Attribution(subj, s, s + len(subj), "trailing", m.group("verb"))
    m = _TRAIL_DESC_NAME.match(after)
    if m:
        s = close_at + 1 + m.start("subj")
        subj = _clean_subject(m.group("subj"))
        return Attribution(subj, s, s + len(subj), "trailing", m.group("verb"))
    return None


def _leading(
    raw: str,
    sent_start: int,
    sent_end: int,
    open_at: int,
    close_at: int,
    vocab: set[str] | frozenset[str],
) -> Attribution | None:
    """The cue in the quote's sentence before it: 'X said "…"', 'According to X, …' (also
    after the quote), 'X directed …, saying "…"'."""
    before = raw[sent_start:open_at]
    m2 = _ACCORDING.search(raw, sent_start, open_at)  # not one the quoted words hold
    m2 = m2 or _ACCORDING.search(raw, close_at, sent_end)
    lead = _subject_at_end(before)
    if lead is not None:
        s = sent_start + lead.start("subj")
        subj = _clean_subject(lead.group("subj"))
        cue = sent_start + lead.end("verb")
        if object_role(raw, s, subj):
            # 'Carson shared a syllabus for a class called "…"': the clause's subject
            runs = [
                r
                for r in name_runs(raw[sent_start:s], sent_start, vocab)
                if not re.search(r"['’]s?$", raw[r[0] : r[1]])
            ]
            if runs:
                a, e = runs[0][0], runs[0][1]
                return Attribution(raw[a:e], a, e, "leading", lead.group("verb"), cue)
        if subj.split()[0].lower() not in {"the", "a", "an"} or len(subj.split()) <= 4:
            return Attribution(subj, s, s + len(subj), "leading", lead.group("verb"), cue)
    if m2 is not None:
        s = m2.start("subj")
        subj = _according_phrase(raw, s, sent_end) or _clean_subject(m2.group("subj"))
        cue = -1
        if m2.end() <= open_at and not raw[sent_start : m2.start()].strip():
            # "According to X, the plan was ...": the content follows the phrase's comma
            comma = raw.find(",", m2.end(), min(open_at, m2.end() + 80))
            cue = comma + 1 if comma >= 0 else m2.end()
        return Attribution(subj, s, s + len(subj), "according", "according to", cue)
    part = _PARTICIPLE.search(before)
    if part is not None:
        # "Obama directed the agencies to review it, stating that "...": the clause's subject
        runs = [
            r
            for r in name_runs(before[: part.start()], sent_start, vocab)
            if not re.search(r"['’]s?$", raw[r[0] : r[1]])  # a possessor is no subject
        ]
        if runs:
            s, e, _name, _titles = runs[0]
            cue = sent_start + part.end(1)
            return Attribution(raw[s:e], s, e, "participle", part.group(1), cue)
    return None


def _colon_sentence_before(
    raw: str, prev_sentence: tuple[int, int], vocab: set[str] | frozenset[str]
) -> Attribution | None:
    """A sentence ending in a colon right before a quote that opens its own sentence: 'X
    said:', or a speaker label on a line of its own ('Stated Stone:')."""
    ps, pe = prev_sentence
    text = raw[ps:pe].rstrip()
    if not text.endswith(":"):
        return None
    lead = _subject_at_end(text)
    if lead is not None:
        s = ps + lead.start("subj")
        subj = _clean_subject(lead.group("subj"))
        return Attribution(subj, s, s + len(subj), "colon", lead.group("verb"))
    # 'Stated Stone:' / 'Smith, in full:' on a line of its own before the quote
    return _colon_lead(raw, ps, text, vocab)


def _colon_lead(
    raw: str, sent_start: int, before: str, vocab: set[str] | frozenset[str]
) -> Attribution | None:
    """'Trump leaned in and boomed: "..."' / 'Continued Stone: "..."': a colon in the quote's
    own sentence introduces it; the speaker is the name right before the colon, else the
    name that opens the sentence."""
    text = before.rstrip()
    if not text.endswith(":") or len(text.split()) > 25:
        return None
    runs = [
        r
        for r in name_runs(text[:-1], sent_start, vocab)
        if not re.search(r"['’]s?$", raw[r[0] : r[1]])  # a possessor is no speaker
    ]
    if not runs:
        return None
    last, first = runs[-1], runs[0]
    # a transcript's speaker label: 'Rep. Jo Kline (D-Wash.):' (titles before the name, a
    # party tag after it)
    head = re.sub(r"\s*\([^()]{1,24}\)\s*$", "", text[:-1])
    titles = raw[sent_start : first[0]].split()
    if last[1] - sent_start >= len(head) - 1:
        pick = last
    elif first[0] - sent_start <= 3 + len(text) - len(text.lstrip()) or (
        titles and all(fold(w) in TITLES for w in titles)
    ):
        pick = first
    else:
        return None
    s, e = pick[0], pick[1]
    words = raw[s:e].split(" ", 1)
    if len(words) == 2 and words[0].lower() in _VERB_SET:
        s += len(words[0]) + 1  # 'Continued Stone:': the verb opens the sentence
    return Attribution(raw[s:e], s, e, "colon", ":")


def pronoun_gender(text: str) -> str | bool | None:
    """``"m"``/``"f"`` for a gendered pronoun, ``None`` for they/it, False if no pronoun."""
    low = text.lower()
    if low in _PRONOUNS:
        return _PRONOUNS[low]
    if low in {"they", "it"}:
        return None
    return False


def is_role(text: str) -> bool:
    """True for a description such as "the US official" rather than a name."""
    return text.split()[0].lower() in {"the", "this", "a", "an", "le", "la", "der", "die", "el"}
