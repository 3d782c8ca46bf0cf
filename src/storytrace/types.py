"""The data types every stage passes around.

Per-article stages stream :class:`Article` objects (read -> clean -> segment -> language);
per-story components take a :class:`Story` and return a richer one (align -> relate ->
provenance -> claims/quotes -> brief). Everything derived points back into an article's
``raw`` text by character span, so a report can always show the exact source words.

Offsets: ``raw`` is the article's original decoded input. For plain text and JSONL ``text``
that is the text itself; for HTML it is the main text extracted from the page (the HTML
source has no character-level mapping to extracted text), and ``meta["html_chars"]`` keeps
the size of the page it came from. ``raw[start:end]`` is always the exact text of a span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

RelationKind = Literal["copy", "rewrite", "translation", "excerpt", "independent"]
# Journalistic text reuse of a target from a source (the METER / COUNTER levels).
ReuseLevel = Literal["wholly", "partially", "none"]
AlignKind = Literal["verbatim", "close", "rewritten", "translated"]
Fidelity = Literal["verbatim", "close", "altered", "translated", "independent-translation"]
ClaimStatus = Literal["corroborated", "single-source", "disputed"]
ConflictKind = Literal["number", "date", "name", "place"]


@dataclass(frozen=True, slots=True)
class Removed:
    """A span cleaning took out of ``Article.raw``, with the reason."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: ``raw[start:end] == text``."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article and everything the per-article stages learned about it."""

    id: str
    raw: str
    source: str = ""
    format: str = "text"
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    content_hash: str = ""
    removed: tuple[Removed, ...] = ()
    paragraphs: tuple[tuple[int, int], ...] = ()
    sentences: tuple[Sentence, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def text(self) -> str:
        """The clean main text: kept paragraphs joined by blank lines."""
        if not self.paragraphs:
            return self.raw.strip() if not self.removed else ""
        return "\n\n".join(self.raw[s:e] for s, e in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two sentences (or merged runs of sentences) of two articles that say the same thing.

    ``a_sents``/``b_sents`` are sentence indices; ``a_span``/``b_span`` the character spans
    into each article's ``raw`` that cover them.
    """

    a: str
    b: str
    a_sents: tuple[int, ...]
    b_sents: tuple[int, ...]
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    score: float
    kind: AlignKind


@dataclass(frozen=True, slots=True)
class Relation:
    """How ``target`` derives from ``source`` (or that both report independently)."""

    source: str
    target: str
    kind: RelationKind
    confidence: float
    coverage: float
    source_coverage: float = 0.0
    direction_certain: bool = True
    evidence: tuple[Alignment, ...] = ()
    reasons: tuple[str, ...] = ()
    reuse: ReuseLevel = "none"  # wholly / partially derived from the source, or none
    derived_share: float = 0.0  # share of the target's text taken from the source


@dataclass(frozen=True, slots=True)
class Origin:
    """A group of articles that trace back to one independent report."""

    id: str
    root: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an article states something: ``article.raw[start:end] == text``."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Claim:
    """A unit of content and every sentence that states it."""

    id: str
    text: str
    mentions: tuple[Mention, ...]
    articles: tuple[str, ...]
    origins: tuple[str, ...]
    status: ClaimStatus
    kind: str = "fact"


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One article's version of a direct quote."""

    article: str
    text: str
    start: int
    end: int
    fidelity: Fidelity
    speaker_text: str | None = None
    similarity: float = 1.0
    #: ``(start, end)`` of each part when one statement is quoted in several parts
    #: (``text`` then joins them with " … "; ``start``/``end`` run from first to last)
    fragments: tuple[tuple[int, int], ...] = ()
    #: ``(start, end)`` of the whole reported content when the quoted words sit inside the
    #: reporter's own clause (a mixed quote: 'said that the plan was "a disaster" for
    #: voters'); None when the quoted words are all of it. Fidelity compares ``text`` only.
    content: tuple[int, int] | None = None
    #: the source that reports the attribution, as written ('"…," X said, according to
    #: CNN' or 'According to CNN, X said "…"': "CNN"); the speaker stays X
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote grouped across articles, with its canonical speaker."""

    id: str
    speaker: str | None
    variants: tuple[QuoteVariant, ...]
    origins: tuple[str, ...] = ()
    single_origin: bool = False
    # Index in ``variants`` of the wording the fidelities were measured against (None: not
    # recorded, e.g. a quote built by hand; readers then take an origin root's variant).
    reference: int | None = None


@dataclass(frozen=True, slots=True)
class ConflictValue:
    article: str
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Conflict:
    """Values that differ between articles stating the same claim."""

    claim: str
    kind: ConflictKind
    values: tuple[ConflictValue, ...]


@dataclass(frozen=True, slots=True)
class Distortion:
    """A fact a derivative changed from its own origin (a mistranslation, an altered number).

    Not a conflict between sources: both versions come from one origin, and ``article``
    introduced the change. ``original`` is the value in ``source``, ``changed`` the value in
    ``article``; both point into their article's text.
    """

    claim: str
    kind: ConflictKind
    article: str
    source: str
    original: ConflictValue
    changed: ConflictValue


@dataclass(frozen=True, slots=True)
class FramingCue:
    """A hedge, attribution verb or loaded term, and whose statement it qualifies."""

    article: str
    start: int
    end: int
    term: str
    kind: Literal["hedge", "attribution", "loaded"]
    target: str | None = None
    #: inside a quotation: the speaker's word, not the outlet's own framing
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class BriefSentence:
    text: str
    articles: tuple[str, ...]
    claims: tuple[str, ...]
    status: ClaimStatus = "corroborated"


@dataclass(frozen=True, slots=True)
class Excluded:
    """An article that was read but left out of the analysis, and why."""

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """An input (or record) the reader skipped, and the reason."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class RunInfo:
    """How one analysis ran: seconds per step, articles left out, inputs skipped.

    The JSON report shows these under ``stats`` (``timings_s``, ``excluded``,
    ``skipped``), as before they were typed. ``skipped`` is None when the story was not
    read from inputs (a stored story).
    """

    timings: tuple[tuple[str, float], ...] = ()
    excluded: tuple[Excluded, ...] = ()
    skipped: tuple[SkippedInput, ...] | None = None  # None: not read from inputs

    def timings_s(self) -> dict[str, float]:
        return dict(self.timings)

    def skipped_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.skipped or ():
            out[s.reason] = out.get(s.reason, 0) + 1
        return dict(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A fact unit of a derived article that none of its sources states (``start``/``end``
    are offsets in the article's raw text; ``source`` names its sources, comma-separated)."""

    sentence: int
    start: int
    end: int
    claim: str
    source: str


@dataclass(frozen=True, slots=True)
class ArticleCoverage:
    """What one article adds to and omits from the whole story (claim ids).

    ``adds``: claims only the article's own origin states (empty when the story has one
    origin); ``omits``: corroborated claims (two or more origins) the article does not
    state; ``unsupported``: for a derived article, fact units no source of it states.
    """

    article: str
    origin: str
    claims: int
    adds: tuple[str, ...] = ()
    omits: tuple[str, ...] = ()
    unsupported: tuple[Unsupported, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """The articles of one story and everything the story components found."""

    articles: tuple[Article, ...]
    alignments: tuple[Alignment, ...] = ()
    relations: tuple[Relation, ...] = ()
    origins: tuple[Origin, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    framing: tuple[FramingCue, ...] = ()
    brief: tuple[BriefSentence, ...] = ()
    distortions: tuple[Distortion, ...] = ()
    coverage: tuple[ArticleCoverage, ...] = ()
    # What a reader should know about the run (articles left out, inputs that look like
    # several stories), in the order the stages found them, without repeats.
    warnings: tuple[str, ...] = ()
    run: RunInfo = RunInfo()
    stats: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def warned(self, *messages: str) -> tuple[str, ...]:
        """The story's warnings with ``messages`` added (in order, without repeats)."""
        return tuple(dict.fromkeys((*self.warnings, *messages)))

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    @property
    def independent_sources(self) -> int:
        return len(self.origins)


@dataclass(slots=True)
class Skip:
    """An input (or part of one) that was not read, and why."""

    source: str
    reason: str
    message: str


@dataclass(slots=True)
class ReadReport:
    """What a read produced and what it skipped, counted by reason.

    ``notes`` are records that were read but changed on the way (an id renamed because it
    was used twice, an id made up for a record without one), in the same form as skips.
    """

    articles: int = 0
    skipped: list[Skip] = field(default_factory=list)
    notes: list[Skip] = field(default_factory=list)

    def skip(self, source: str, reason: str, message: str) -> None:
        self.skipped.append(Skip(source, reason, message))

    def note(self, source: str, kind: str, message: str) -> None:
        self.notes.append(Skip(source, kind, message))

    def note_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.notes:
            out[s.reason] = out.get(s.reason, 0) + 1
        return dict(sorted(out.items()))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.skipped:
            out[s.reason] = out.get(s.reason, 0) + 1
        return dict(sorted(out.items()))
