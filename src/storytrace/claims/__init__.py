"""Claims: the facts a story states, every span that states them, and who supports them.

``extract_claims(story)`` cuts every sentence into fact units (:mod:`.units`: a sentence
that states several facts contributes to several claims; subheadings, teasers and quote
fragments that name no speaker are no claims and are counted by reason), groups the units
of all articles into claims precision-first (:mod:`.cluster`, :mod:`.facts`: the same
actors and the same content, not the same topic), finds values that differ inside a claim
(:mod:`.conflicts`), and rates each claim ``corroborated`` (two or more independent
origins), ``single-source`` or ``disputed`` (independent origins disagree on a value). A
value that an article changed from its own origin (a mistranslation, an altered number) is
a ``Distortion`` of that article in ``Story.distortions``, not a dispute.
``Claim.kind`` is ``quote`` (a mention holds a direct quote of ``story.quotes``),
``statement`` (its text reports speech: "X said", "according to") or ``fact``.
Per article, ``story.coverage`` compares the article with the whole
story (:mod:`.coverage`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from ..errors import ConfigError
from ..quotes.attribution import SPEECH_VERBS
from ..settings import ClaimsSettings, Settings
from ..text import origin_map, sentences, share_setting
from ..types import Claim, Conflict, Distortion, Mention, Sentence, Story
from .big import big_story_vectors, is_big
from .cluster import Node, Thresholds, UnitTable, cluster_units, key_content, weekday
from .conflicts import claim_conflicts, claim_distortions
from .coverage import coverage, derivation_rank
from .facts import FactRule, lower_words, name_words, signature
from .frames import FrameRule, quote_units, speaking_for, unit_frames
from .small import small_story_vectors
from .units import Unit, fact_units, quote_speakers, readable_text
from .values import extract_values

__all__ = ["extract_claims"]

_SPEECH = re.compile(
    r"\b(?:" + "|".join(re.escape(v) for vs in SPEECH_VERBS.values() for v in vs) + r")\b"
)


def _thresholds(settings: ClaimsSettings | None = None) -> tuple[Thresholds, float, int]:
    cfg: Any = settings if settings is not None else Settings.default().claims
    rule = FactRule(
        content=share_setting("claims", cfg, "content_share", 0.2),
        content_alone=share_setting("claims", cfg, "content_share_alone", 0.2),
        actors=share_setting("claims", cfg, "actor_share", 0.5),
        rewrite=share_setting("claims", cfg, "rewrite_content_share", 0.15),
        linkage=share_setting("claims", cfg, "linkage_content_share", 0.1),
    )
    th = Thresholds(
        alone=share_setting("claims", cfg, "match_alone", 0.93),
        with_key=share_setting("claims", cfg, "match_with_key", 0.90),
        values=share_setting("claims", cfg, "match_values", 0.88),
        floor=share_setting("claims", cfg, "cluster_floor", 0.84),
        duplicate=share_setting("claims", cfg, "repeat_similarity", 0.95),
        rule=rule,
        exact_below=_count(cfg, "exact_below_articles", 40),
        neighbours=_count(cfg, "match_neighbours", 32),
        partners=_count(cfg, "match_partners", 24),
        frame=FrameRule(
            cosine=share_setting("claims", cfg, "frame_cosine", 0.82),
            shared=_count(cfg, "frame_shared_stems", 2),
            share=share_setting("claims", cfg, "frame_share", 0.35),
            rare_share=share_setting("claims", cfg, "rare_share", 0.1),
            quote_share=share_setting("claims", cfg, "quote_unit_share", 0.5),
        ),
    )
    min_words = _count(cfg, "unit_min_words", 4)
    return th, share_setting("claims", cfg, "rare_share", 0.1), min_words


def _count(cfg: Any, key: str, default: int) -> int:
    value = cfg.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"[claims] {key} must be a whole number >= 1 (got {value!r})")
    return value


def extract_claims(story: Story, settings: ClaimsSettings | None = None) -> Story:
    """Group the story's fact units into claims; find conflicts and distortions; rate support."""
    th, rare_share, min_words = _thresholds(settings)
    units, skipped, n_sentences = fact_units(story, min_words)
    table = _table(story, units, rare_share, settings, th.rule, th.frame)
    groups = cluster_units(story, table, th)
    claims, conflicts, distortions = _build(story, table, groups)
    out = replace(
        story,
        claims=tuple(claims),
        conflicts=tuple(conflicts),
        distortions=tuple(distortions),
        stats=dict(story.stats),
    )
    out.stats["claims"] = {
        "claims": len(claims),
        "sentences": n_sentences,
        "units": sum(len(u) for u in units),
        "not_claims": dict(sorted(skipped.items())),
        "multi_article": sum(len(c.articles) > 1 for c in claims),
        "corroborated": sum(c.status == "corroborated" for c in claims),
        "disputed": sum(c.status == "disputed" for c in claims),
        "single_source": sum(c.status == "single-source" for c in claims),
        "conflicts": len(conflicts),
        "distortions": len(distortions),
        "origins_known": bool(story.origins),
    }
    numbers = [[sig.numbers for sig in sigs] for sigs in table.sigs]
    return replace(out, coverage=coverage(out, units, numbers))


def _table(
    story: Story,
    units: list[list[Unit]],
    rare_share: float,
    settings: ClaimsSettings | None = None,
    rule: FactRule | None = None,
    frame_rule: FrameRule | None = None,
) -> UnitTable:
    from ..align.embed import embed

    cfg: Any = settings if settings is not None else Settings.default().claims
    big = is_big(story, cfg)  # a big story embeds only what a cosine decides (.big)
    flat = [u.text for us in units for u in us]
    values = [[extract_values(u.text, u.start, u.language) for u in us] for us in units]
    quote_keys = _quote_keys(story, units)
    df: Counter[str] = Counter()
    for per_art in values:
        for vs in per_art:
            df.update({v.key for v in vs if v.kind in {"place", "name"} or weekday(v)})
    limit = max(2.0, rare_share * max(1, len(flat)))
    rare = {key for key, n in df.items() if n <= limit}
    keys = [
        [key_content(vs, rare) | quote_keys.get((i, x), set()) for x, vs in enumerate(per_art)]
        for i, per_art in enumerate(values)
    ]
    common = lower_words(flat)
    names = name_words(flat)
    sigs = [
        [
            signature(
                u.text,
                frozenset(v.key for v in vs if v.kind in {"number", "date"}),
                common,
                names,
            )
            for u, vs in zip(us, per_art, strict=True)
        ]
        for us, per_art in zip(units, values, strict=True)
    ]
    sigs = speaking_for(units, sigs)
    omap = origin_map(story)
    origin_of = [omap[a.id] for a in story.articles]
    frames = unit_frames(story, units, sigs)
    quoted = quote_units(story, units, (frame_rule or FrameRule()).quote_share)
    if big:
        vecs, _counts = big_story_vectors(story, units, sigs, cfg, rule or FactRule(), embed)
    else:  # a unit cut out of a sentence is embedded when a cosine decides for it (.small)
        vecs, _counts = small_story_vectors(
            story,
            units,
            sigs,
            frames,
            origin_of,
            rule or FactRule(),
            frame_rule or FrameRule(),
            embed,
            [n for nodes in quoted.values() for n in nodes],
        )
    return UnitTable(units, vecs, keys, values, sigs, origin_of, frames, quoted)


def _quote_keys(story: Story, units: list[list[Unit]]) -> dict[Node, set[str]]:
    pos = {a.id: i for i, a in enumerate(story.articles)}
    out: dict[Node, set[str]] = {}
    for q in story.quotes:
        if len(q.variants) < 2:
            continue
        for v in q.variants:
            i = pos.get(v.article)
            if i is None:
                continue
            for x, u in enumerate(units[i]):
                if u.start < v.end and v.start < u.end:
                    out.setdefault((i, x), set()).add(f"quote:{q.id}")
    return out


def _build(
    story: Story, t: UnitTable, groups: list[list[Node]]
) -> tuple[list[Claim], list[Conflict], list[Distortion]]:
    arts = story.articles
    omap = origin_map(story)
    roots = {o.root for o in story.origins}
    rank = derivation_rank(story)
    said = quote_speakers(story)
    quoted: dict[str, set[tuple[int, int]]] = {}  # each article's quoted spans
    for q in story.quotes:
        for v in q.variants:
            quoted.setdefault(v.article, set()).add((v.start, v.end))

    def rep_of(group: list[Node]) -> Node:
        per_origin = Counter(omap[arts[i].id] for i, _ in group)
        return min(
            group,
            key=lambda node: (
                0 if arts[node[0]].id in roots else 1,
                -per_origin[omap[arts[node[0]].id]],
                str(arts[node[0]].published or "9999"),
                node[0],
                node[1],
            ),
        )

    reps = {id(g): rep_of(g) for g in groups}
    ordered = sorted(
        groups, key=lambda g: (reps[id(g)][0], t.units[reps[id(g)][0]][reps[id(g)][1]].start)
    )
    sents: dict[int, tuple[Sentence, ...]] = {}  # sentences of the articles of claims' texts
    claims: list[Claim] = []
    conflicts: list[Conflict] = []
    distortions: list[Distortion] = []
    for n, group in enumerate(ordered, 1):
        cid = f"c{n}"
        rep = reps[id(group)]
        units = [t.units[i][x] for i, x in group]
        mentions = tuple(
            Mention(arts[i].id, u.start, u.end, u.text)
            for (i, _), u in zip(group, units, strict=True)
        )
        art_ids = tuple(dict.fromkeys(m.article for m in mentions))
        origins = tuple(sorted({omap[a] for a in art_ids}))
        vals = [t.values[i][x] for i, x in group]
        langs = [u.language or arts[i].language for (i, _), u in zip(group, units, strict=True)]
        of = [omap[m.article] for m in mentions]
        found = claim_conflicts(cid, mentions, vals, langs, of)
        conflicts.extend(found)
        distortions.extend(claim_distortions(cid, mentions, vals, langs, of, rank))
        status = "disputed" if found else "corroborated" if len(origins) >= 2 else "single-source"
        rep_unit = t.units[rep[0]][rep[1]]
        if rep[0] not in sents:
            sents[rep[0]] = sentences(arts[rep[0]])
        text = readable_text(
            arts[rep[0]].raw,
            rep_unit,
            sents[rep[0]][rep_unit.sentence],
            said.get(arts[rep[0]].id, ()),
        )
        kind = "fact"
        if any(m.start < e and s < m.end for m in mentions for s, e in quoted.get(m.article, ())):
            kind = "quote"
        elif _SPEECH.search(rep_unit.text):
            kind = "statement"
        claims.append(Claim(cid, text, mentions, art_ids, origins, status, kind))  # type: ignore[arg-type]
    return claims, conflicts, distortions
