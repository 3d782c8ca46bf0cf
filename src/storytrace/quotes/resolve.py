"""Who an attribution phrase names: a canonical person of the story.

Names go to the story's full name (:mod:`.names`), role descriptions ("the governor") to the
person named with that role, pronouns to the person who spoke earlier in the pronoun's
sentence or the first person of the nearest sentence before them (German pronouns to the
last person named, :mod:`.pronouns`). :class:`Reader` holds one article's sentences,
paragraphs and quotes, and the speakers met so far (the timeline pronouns read).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..text import fold, paragraphs, sentences
from ..text.gazetteer import NATIONALITY
from ..types import Article, Sentence
from .attribution import _ACCORDING, _LEAD_SUBJ_VERB, Attribution, is_role, pronoun_gender
from .name_runs import name_runs, past_base
from .names import PersonIndex
from .people import NOT_NAME, ROLE_NOUNS, TITLES
from .profiles import PROFILES
from .pronouns import is_plural_pronoun, named_person_before
from .spans import QuoteSpan, find_quotes

__all__ = ["Reader", "resolve"]


@dataclass(slots=True)
class Reader:
    """One article as the speaker rules read it: its sentences (and their starts), its
    paragraphs, its quotes, and the speakers met so far, in text order (``timeline``)."""

    art: Article
    index: PersonIndex
    parse: bool
    sents: tuple[Sentence, ...]
    starts: list[int]
    paras: list[tuple[int, int]]
    spans: list[QuoteSpan]
    timeline: list[tuple[int, str]] = field(default_factory=list)
    events: list[tuple[int, str, int]] = field(default_factory=list)
    _next_event: int = 0

    @classmethod
    def of(cls, art: Article, index: PersonIndex, parse: bool) -> Reader:
        sents = sentences(art)
        paras = paragraphs(art)
        spans = find_quotes(art.raw, paras, art.language)
        reader = cls(art, index, parse, sents, [s.start for s in sents], paras, spans)
        reader.events = _speech_events(art, spans)
        return reader

    def resolve(self, att: Attribution) -> str | None:
        """The canonical person ``att`` names (:func:`resolve`)."""
        return resolve(att, self.art, self.index, self.timeline, self.spans, self.starts)

    def advance(self, upto: int) -> None:
        """Put the speakers of the speech cues before ``upto`` ("X said") on the timeline."""
        while self._next_event < len(self.events) and self.events[self._next_event][0] < upto:
            _pos, text, s = self.events[self._next_event]
            self._next_event += 1
            who = self.resolve(Attribution(text.strip(" ,"), s, s + len(text), "event"))
            if who:
                self.timeline.append((s, who))


def resolve(
    att: Attribution,
    art: Article,
    index: PersonIndex,
    timeline: list[tuple[int, str]],
    quotes: list[QuoteSpan],
    sent_starts: list[int],
) -> str | None:
    """The canonical person an attribution phrase refers to, if the text makes it clear."""
    if not att.text:  # a speech verb with no subject ('«…», dijo.'): the person before
        return _referent_before(art, att.start, None, index, timeline, quotes, sent_starts)
    g = pronoun_gender(att.text)
    if g is not False:
        if att.text.lower() in {"they", "it"}:
            return None
        gender = g if isinstance(g, str) else None
        if art.language in PROFILES:
            return _named_referent(att, art, gender, quotes)
        found = _referent_before(art, att.start, gender, index, timeline, quotes, sent_starts)
        if found and gender:
            index.genders.setdefault(found, gender)
        return found
    runs = [
        r
        for r in name_runs(att.text, att.start, index.lower_vocab)
        if not re.search(r"['’]s?$", att.text[r[0] - att.start : r[1] - att.start])
    ]  # "Reunion Pictures' Matt O'Connor": a possessor is not the speaker
    if is_role(att.text) and not (runs and att.text.rstrip(" .,").endswith(runs[-1][2])):
        ws = [fold(w) for w in att.text.split()[1:]]
        role = next((w for w in reversed(ws) if w in ROLE_NOUNS), None)
        if role is None:
            return _body(att.text) or _named_body(att.text)
        nat = next((NATIONALITY[w] for w in ws if w in NATIONALITY), None)
        m = index.by_role(art.id, att.start, role, nat)
        return index.canonical(m.name, art.id, m.start) if m else None
    if runs:
        # "a sum Delacourt described": the name right before the verb, else the first one
        # ... as in a description ("former Obama adviser Dan Ruiz")
        # ... or one whose first name modifies a role before the speaker's name ("Clinton
        # campaign manager Robby Mook"); not a list ("Cruz and Trump") or an apposition
        described = (art.language or "en") == "en" and _described(att, runs)
        last = is_role(att.text) or att.text[:1].islower() or described
        pick = runs[-1] if last else runs[0]
        return index.canonical(pick[2], art.id, att.start)
    # capitalised words that name something ("the Trump campaign"); a description whose
    # only capitals are a determiner ("Another source", "Her campaign manager") names no one
    words = [w for w in att.text.split() if w[:1].isupper() and fold(w) not in NOT_NAME]
    if len(words) == 1 and words[0] == att.text.strip(" .,"):
        # one word that is also a title: a surname the story wrote in full ("King" for
        # Billy King, an ECB+ story), else the word
        return index.canonical(words[0].strip(".,"), art.id, att.start)
    return " ".join(words).strip(".,") or None


def _described(att: Attribution, runs: list[tuple[int, int, str, list[str]]]) -> bool:
    """True when the last name of ``att`` follows a description of it: lower-case words
    between it and the name before ("former Obama adviser Dan Ruiz", "Clinton campaign
    manager Robby Mook"), capitalised ones among them too ("Judicial Watch president Tom
    Fitton", "ACLU executive Director Anthony Romero": the speaker was the organisation);
    not a list ("Cruz and Trump") or an apposition ("Trump, the nominee")."""
    if len(runs) < 2:
        return False
    last = runs[-1]
    if (
        len(last[2].split()) >= 2
        and any(w in ROLE_NOUNS or w in TITLES for w in last[3][-2:])
        and att.text.rstrip(" .,").endswith(last[2])
    ):
        # a role right before the closing name ("California Department of Alcohol and Drug
        # Program deputy director Millicent Tidwell": the speaker was "Alcohol")
        return True
    gap = att.text[runs[-2][1] - att.start : runs[-1][0] - att.start]
    lower = [w for w in gap.split() if not w[:1].isupper()]
    # "and" or "of" may join two words of the description ("Anchorage businessman and
    # blogger Andrew Halcro"), never stand alone between two names ("Cruz and Trump")
    return (
        bool(lower)
        and "," not in gap
        and all(re.fullmatch(r"[a-z][a-z\-]*", w) is not None for w in lower)
        and lower[0] not in _LINKS
        and lower[-1] not in _LINKS
        and all(w not in _LINKS or w in ("and", "of") for w in lower[1:-1])
    )


#: English nouns of a body that speaks as one ("The city claimed ...", "the council said"):
#: a description that ends in one names that body, the speaker as written
_BODY_NOUNS = frozenset(
    """
    city town council county municipality government administration ministry department
    agency authority authorities police army military navy court company firm bank
    committee commission board office embassy union party campaign club school hospital
    university port airline regulator
    """.split()  # noqa: SIM905
)


def _body(text: str) -> str | None:
    """The body a definite description names ("The city" -> "the city"), None for anything
    else ("the man", "a company", "the city's mayor")."""
    words = text.strip(" .,").split()
    if not 2 <= len(words) <= 4 or words[0].lower() != "the" or not all(w.isalpha() for w in words):
        return None  # "the" and up to three words: no possessive, no name
    if fold(words[-1]) not in _BODY_NOUNS or any(w[:1].isupper() for w in words[1:]):
        return None
    return " ".join([words[0].lower(), *words[1:]])


def _named_body(text: str) -> str | None:
    """The name a definite description ends in past the place it is based in ("the
    London-based Amnesty International" -> "Amnesty International"); None without such a
    place, or when lower-case words follow the capitals ("the London-based campaign")."""
    words = text.strip(" .,").split()[1:]
    start = past_base(words)
    if not start:
        return None  # "the Times reported": a medium, read as such elsewhere (quoting)
    words = words[start:]
    if not words or not all(w[:1].isupper() and fold(w) not in NOT_NAME for w in words):
        return None
    return " ".join(words)


#: words that link a name to something else rather than describe it ("X, a Clinton aide",
#: "X of The Nation", "Cruz and Trump")
_LINKS = frozenset(
    re.findall(
        r"\w+", "a an the of and or for at in on to with from who which whose is was has had by"
    )
)


def _referent_before(
    art: Article,
    pos: int,
    gender: str | None,
    index: PersonIndex,
    timeline: list[tuple[int, str]],
    quotes: list[QuoteSpan],
    sent_starts: list[int],
) -> str | None:
    """What a pronoun at ``pos`` refers to: the person who speaks earlier in the pronoun's
    own sentence ('After the vote on Trump's plan, Lazar said he …': Lazar, not Trump), else
    the first person mentioned (by name, or as an already resolved speaker) in the nearest
    sentence before it that mentions one."""
    refs: list[tuple[int, str]] = [
        (m.start, index.canonical(m.name, art.id, m.start))
        for m in index.mentions.get(art.id, [])
        if m.end <= pos
        and pos - m.end <= 1200
        and not any(q.open_at <= m.start <= q.close_at for q in quotes)
        and index.is_person(m)
    ]
    refs += [(at, who) for at, who in timeline if at < pos and pos - at <= 1200]
    refs = [
        (at, who)
        for at, who in refs
        if index.is_person_name(who)
        and (gender is None or index.genders.get(who, index.gender(who, art.id)) in (None, gender))
    ]
    if not refs:
        return None
    refs.sort()
    here = bisect.bisect_right(sent_starts, pos)
    spoke = [
        who
        for at, who in timeline
        if at < pos
        and bisect.bisect_right(sent_starts, at) == here
        and any(w == who and a == at for a, w in refs)
    ]
    if spoke:
        return spoke[-1]
    last = bisect.bisect_right(sent_starts, refs[-1][0])
    return next(who for at, who in refs if bisect.bisect_right(sent_starts, at) == last)


def _named_referent(
    att: Attribution, art: Article, gender: str | None, quotes: list[QuoteSpan]
) -> str | None:
    """A German pronoun's person: the last one named before it (:mod:`.pronouns`), as
    written there in full (the story's index takes German nouns for names: "Verlesung der
    Anklage")."""
    lang = art.language or ""
    if is_plural_pronoun(art.raw, lang, att.start, att.end):
        return None
    skip = [(q.open_at, q.close_at) for q in quotes]
    return named_person_before(art.raw, lang, att.start, gender, skip)


def _speech_events(art: Article, quotes: list[QuoteSpan]) -> list[tuple[int, str, int]]:
    """``(position, subject phrase, start)`` of each "<subject> <speech verb>" outside quotes."""
    out = []
    for ps, pe in paragraphs(art):
        for m in _LEAD_SUBJ_VERB.finditer(art.raw, ps, pe):
            s = m.start("subj")
            if any(q.open_at <= s <= q.close_at for q in quotes):
                continue
            out.append((m.start("verb"), m.group("subj"), s))
        for m in _ACCORDING.finditer(art.raw, ps, pe):
            s = m.start("subj")
            if not any(q.open_at <= s <= q.close_at for q in quotes):
                out.append((s, m.group("subj"), s))
    out.sort()
    return out
