"""The quotes stage: :func:`extract_quotes` over a story (the package's overview is in
``storytrace/quotes/__init__.py``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from ..settings import QuotesSettings, Settings
from ..text import origin_map, paragraphs, share_setting
from ..types import Article, Quote, QuoteVariant, Story
from . import parsed
from .fidelity import normal_words, rate_variants
from .grouping import GroupSettings, Vectors, group_findings
from .names import PersonIndex
from .speakers import QuoteFinding, find_article_quotes

__all__ = ["QuoteFinding", "extract_quotes", "find_article_quotes", "origin_map"]


class _Routes:
    """Which article pairs went through a translation, read from the relation tree on demand
    (each article's path to its root is walked once)."""

    def __init__(self, story: Story) -> None:
        self._parent: dict[str, tuple[str, bool]] = {}
        for r in story.relations:
            if r.kind != "independent" and r.target not in self._parent:
                self._parent[r.target] = (r.source, r.kind == "translation")
        self._chains: dict[str, list[tuple[str, bool]]] = {}
        self._lang = {a.id: a.language for a in story.articles}
        langs = Counter(lang for lang in self._lang.values() if lang is not None)
        self._main = langs.most_common(1)[0][0] if langs else None
        self._any = len(langs) > 1 or any(tr for _, tr in self._parent.values())
        self._cross: dict[tuple[str, str], bool] = {}

    def _chain(self, a: str) -> list[tuple[str, bool]]:
        if a not in self._chains:
            out, seen, node = [(a, False)], {a}, a
            while node in self._parent and self._parent[node][0] not in seen:
                node, tr = self._parent[node]
                seen.add(node)
                out.append((node, tr))
            self._chains[a] = out
        return self._chains[a]

    def translated(self, a: str, b: str) -> bool:
        """True when the derivation path between ``a`` and ``b`` has a translation."""
        ca, cb = self._chain(a), self._chain(b)
        up_a = {node: k for k, (node, _) in enumerate(ca)}
        for kb, (node, _) in enumerate(cb):
            if node in up_a:
                edges = [t for _, t in ca[1 : up_a[node] + 1]] + [t for _, t in cb[1 : kb + 1]]
                return any(edges)
        return False

    def may_cross(self, a: str) -> bool:
        """Whether article ``a`` may cross another: it is in another language than the
        story's commonest, or a translation is on its way to its root (two articles that
        may not share a language and have no translation between them)."""
        if not self._any:
            return False
        lang = self._lang.get(a)
        return (lang is not None and lang != self._main) or any(t for _, t in self._chain(a))

    def cross(self, a: str, b: str) -> bool:
        """The two articles differ in language or one translates the other (each pair
        worked out once)."""
        if not self._any:
            return False
        key = (a, b) if a < b else (b, a)
        got = self._cross.get(key)
        if got is None:
            got = self._cross[key] = self._crosses(a, b)
        return got

    def _crosses(self, a: str, b: str) -> bool:
        la, lb = self._lang.get(a), self._lang.get(b)
        return (la is not None and lb is not None and la != lb) or self.translated(a, b)


def _settings(settings: QuotesSettings | None) -> GroupSettings:
    cfg: Any = settings if settings is not None else Settings.default().quotes
    return GroupSettings(
        same_speaker_similarity=share_setting("quotes", cfg, "same_speaker_similarity", 0.88),
        alone_similarity=share_setting("quotes", cfg, "alone_similarity", 0.95),
        fragment_cover=share_setting("quotes", cfg, "fragment_cover", 0.75),
        shared_words=share_setting("quotes", cfg, "shared_words", 0.25),
        block_max_findings=_whole(cfg, "block_max_findings", 40),
        block_max_share=share_setting("quotes", cfg, "block_max_share", 0.05),
        alone_shared_words=share_setting("quotes", cfg, "alone_shared_words", 0.4),
        vector_block=_whole(cfg, "vector_block", 512),
        lexical_first_articles=_whole(cfg, "lexical_first_articles", 40),
    )


def _whole(cfg: Any, key: str, default: int) -> int:
    value = cfg.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        from ..errors import ConfigError

        raise ConfigError(f"[quotes] {key} must be a whole number >= 1 (got {value!r})")
    return value


def extract_quotes(story: Story, settings: QuotesSettings | None = None) -> Story:
    """Find, attribute and group the direct quotes of every article of ``story``."""
    group_settings = _settings(settings)
    cfg: Any = settings if settings is not None else Settings.default().quotes
    parse = bool(cfg.get("parse_speakers", True))
    routes = _Routes(story)
    findings, dropped, index = _find_all(story, parse)
    from ..align.embed import embed  # lazy: loads the model on first use

    texts = [f.text for f in findings]
    ctx = _Context(
        findings,
        texts,
        [normal_words(t) for t in texts],
        Vectors(texts, embed),  # only the texts a cosine decides something for
        {a.id: k for k, a in enumerate(story.articles)},
        {a.id: a for a in story.articles},
        {o.root for o in story.origins},
        origin_map(story),
    )
    # Quotes of origin roots are placed first: they are the references variants are measured
    # against, so a variant meets its own statement's group before a longer, different
    # statement of the same speaker can take it in.
    idx = sorted(
        range(len(findings)),
        key=lambda k: (
            findings[k].article not in ctx.root_ids,
            -len(ctx.norms[k]),
            ctx.order[findings[k].article],
            findings[k].span.start,
        ),
    )
    groups = group_findings(
        findings,
        idx,
        ctx.vecs,
        ctx.norms,
        routes.cross,
        group_settings,
        len(story.articles),
        routes.may_cross,
    )
    built = sorted((_quote_of(ctx, group, routes, index) for group in groups), key=lambda t: t[0])
    quotes = tuple(replace(q, id=f"q{n}") for n, (_, q, _ref) in enumerate(built, 1))
    reference = {
        f"q{n}": {"article": r.article, "start": r.span.start, "end": r.span.end}
        for n, (_, _q, r) in enumerate(built, 1)
    }
    stats = {
        "found": len(findings),
        "attributed": sum(f.speaker is not None for f in findings),
        "groups": len(quotes),
        "multi_origin": sum(not q.single_origin for q in quotes),
        "embedded": ctx.vecs.embedded,  # distinct quote texts whose cosine decided something
        "dropped": dict(sorted(dropped.items())),
        "origins_known": bool(story.origins),
        # the variant each quote's fidelities are measured against
        "reference": reference,
        "speakers": dict(Counter(q.speaker for q in quotes if q.speaker).most_common()),
    }
    out = _replace(story, quotes)
    out.stats["quotes"] = stats
    why = _parser_missing(story, findings, parse)
    return replace(out, warnings=out.warned(why)) if why else out


def _parser_missing(story: Story, findings: list[QuoteFinding], parse: bool) -> str:
    """A warning when English quotes were to take speakers from a parse that cannot run."""
    if not parse or not findings:
        return ""
    english = {a.id for a in story.articles if (a.language or "").startswith("en")}
    if not any(f.article in english for f in findings):
        return ""
    why = parsed.unavailable()
    return (
        f"quote speakers: the dependency parse is unavailable ({why}); an English quote no "
        "written cue attributes keeps no speaker ([quotes] parse_speakers = false silences this)"
        if why
        else ""
    )


def _find_all(story: Story, parse: bool) -> tuple[list[QuoteFinding], Counter[str], PersonIndex]:
    """Every article's quotes with their speakers, what was dropped, and the people index."""
    index = PersonIndex(PersonIndex.vocabulary([a.raw for a in story.articles]))
    for art in story.articles:
        index.add_article(art.id, art.raw, paragraphs(art))
    findings: list[QuoteFinding] = []
    dropped: Counter[str] = Counter()
    for art in story.articles:
        found, d = find_article_quotes(art, index, parse=parse)
        findings.extend(found)
        dropped.update(d)
    return findings, dropped, index


@dataclass(frozen=True, slots=True)
class _Context:
    """What building one quote from its group of findings reads."""

    findings: list[QuoteFinding]
    texts: list[str]
    norms: list[list[str]]
    vecs: Vectors
    order: dict[str, int]  # article id -> position in the story
    by_id: dict[str, Article]
    root_ids: set[str]
    omap: dict[str, str]  # article id -> origin id


def _quote_of(
    ctx: _Context, members: list[int], routes: _Routes, index: PersonIndex
) -> tuple[tuple[int, int], Quote, QuoteFinding]:
    """One quote from a group of findings: its variants with their fidelities against the
    reference wording, the speaker most of them name, its origins; keyed by first place."""
    findings, order = ctx.findings, ctx.order
    if len(members) > 1:
        ctx.vecs.ensure(members)  # already there: each joined through a cosine it needed
    members.sort(key=lambda k: (order[findings[k].article], findings[k].span.start))
    ref = _reference(members, findings, ctx.norms, ctx.root_ids, ctx.omap, ctx.by_id, order)
    speakers = Counter(findings[k].speaker for k in members if findings[k].speaker)
    speaker = speakers.most_common(1)[0][0] if speakers else None
    fids = rate_variants(
        [(findings[k].article, ctx.texts[k]) for k in members],
        members.index(ref),
        routes.translated,
        {a: art.language for a, art in ctx.by_id.items()},
        ctx.omap,
        index.speaker_language(speaker),
    )
    variants = tuple(
        QuoteVariant(
            findings[k].article,
            ctx.texts[k],
            findings[k].span.start,
            findings[k].all_parts[-1].end,
            fid,
            findings[k].speaker_text,
            1.0 if k == ref else round(ctx.vecs.sim(k, ref), 4),
            findings[k].spans if len(findings[k].all_parts) > 1 else (),
            findings[k].content,
            findings[k].via,
        )
        for k, fid in zip(members, fids, strict=True)
    )
    origins = tuple(sorted({ctx.omap[findings[k].article] for k in members}))
    first = findings[members[0]]
    quote = Quote("", speaker, variants, origins, len(origins) == 1, members.index(ref))
    return (order[first.article], first.span.start), quote, findings[ref]


def _reference(
    members: list[int],
    findings: list[QuoteFinding],
    norms: list[list[str]],
    roots: set[str],
    omap: dict[str, str],
    by_id: dict[str, Article],
    order: dict[str, int],
) -> int:
    in_root = [k for k in members if findings[k].article in roots]
    if in_root:
        per_origin = Counter(omap[findings[k].article] for k in members)
        return min(
            in_root,
            key=lambda k: (
                -per_origin[omap[findings[k].article]],
                str(by_id[findings[k].article].published or "9999"),
                order[findings[k].article],
                -len(norms[k]),
                findings[k].span.start,
            ),
        )
    counts = Counter(" ".join(norms[k]) for k in members)
    common, n = counts.most_common(1)[0]
    if n >= 2:
        return next(k for k in members if " ".join(norms[k]) == common)
    dated = [k for k in members if by_id[findings[k].article].published]
    if dated:
        return min(dated, key=lambda k: (str(by_id[findings[k].article].published), k))
    return members[0]


def _replace(story: Story, quotes: tuple[Quote, ...]) -> Story:
    return replace(story, quotes=quotes, stats=dict(story.stats))
