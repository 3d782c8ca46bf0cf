"""The versioned JSON report, schema ``storytrace.report/1`` (see docs/report-schema.md).

Fields may be added to this schema, never removed or renamed. Keys come out in a fixed order
and floats are rounded, so the same story gives byte-identical JSON; the only wall-clock
values live under ``stats``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from ..types import (
    Alignment,
    Article,
    BriefSentence,
    Claim,
    Conflict,
    ConflictValue,
    Distortion,
    FramingCue,
    Origin,
    Quote,
    QuoteVariant,
    Relation,
    Story,
)
from .common import run_stats

SCHEMA = "storytrace.report/1"


def _num(x: float, digits: int = 4) -> float:
    if not math.isfinite(x):
        return 0.0
    return round(float(x), digits)


def jsonable(value: Any) -> Any:
    """Turn stats and meta values into plain JSON values, dict keys sorted."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=str)
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return _num(value, 6)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    return str(value)


def excluded_reason(story: Story, article_id: str) -> str | None:
    """Why an article was left out of the analysis (listed in ``story.run.excluded``)."""
    return next((e.reason for e in story.run.excluded if e.id == article_id), None)


def _article(story: Story, art: Article) -> dict[str, Any]:
    return {
        "id": art.id,
        "title": art.title,
        "outlet": art.outlet,
        "published": art.published,
        "language": art.language,
        "removed": [
            {"text": r.text, "reason": r.reason, "start": r.start, "end": r.end}
            for r in art.removed
        ],
        "author": art.author,
        "url": art.url,
        "source": art.source,
        "format": art.format,
        "chars": len(art.raw),
        "sentences": len(art.sentences),
        "paragraphs": len(art.paragraphs),
        "content_hash": art.content_hash,
        "excluded": excluded_reason(story, art.id),
    }


def _slice(story: Story, article_id: str, span: tuple[int, int]) -> str:
    try:
        return story.article(article_id).raw[span[0] : span[1]]
    except KeyError:
        return ""


def evidence_item(story: Story, rel: Relation, al: Alignment) -> dict[str, Any]:
    """One aligned passage, oriented from the relation's source to its target."""
    if al.a == rel.source or al.b == rel.target:
        s_span, t_span = al.a_span, al.b_span
    else:
        s_span, t_span = al.b_span, al.a_span
    return {
        "source_span": [s_span[0], s_span[1]],
        "target_span": [t_span[0], t_span[1]],
        "source_text": _slice(story, rel.source, s_span),
        "target_text": _slice(story, rel.target, t_span),
        "score": _num(al.score),
        "kind": al.kind,
    }


def _relation(story: Story, rel: Relation) -> dict[str, Any]:
    return {
        "source": rel.source,
        "target": rel.target,
        "kind": rel.kind,
        "confidence": _num(rel.confidence),
        "coverage": _num(rel.coverage),
        "evidence": [evidence_item(story, rel, al) for al in rel.evidence],
        "source_coverage": _num(rel.source_coverage),
        "direction_certain": rel.direction_certain,
        "reasons": list(rel.reasons),
        "reuse": rel.reuse,
        "derived_share": _num(rel.derived_share),
    }


def _brief(b: BriefSentence) -> dict[str, Any]:
    return {
        "text": b.text,
        "articles": list(b.articles),
        "claims": list(b.claims),
        "status": b.status,
    }


def _disputed(story: Story, b: BriefSentence) -> dict[str, Any]:
    values = [
        {"article": v.article, "value": v.value, "kind": c.kind}
        for c in story.conflicts
        if c.claim in b.claims
        for v in c.values
    ]
    return {**_brief(b), "values": values}


def to_dict(story: Story) -> dict[str, Any]:
    """The report of ``story`` as a JSON-ready dict (schema ``storytrace.report/1``)."""
    return {
        "schema": SCHEMA,
        "articles": [_article(story, a) for a in story.articles],
        "relations": [_relation(story, r) for r in story.relations],
        "origins": [_origin(o) for o in story.origins],
        "independent_sources": story.independent_sources,
        "claims": [_claim(c) for c in story.claims],
        "quotes": [_quote(q) for q in story.quotes],
        "conflicts": [_conflict(c) for c in story.conflicts],
        "brief": [_brief(b) for b in story.brief if b.status != "disputed"],
        "stats": jsonable({**story.stats, **run_stats(story)}),
        "alignments": [_alignment(al) for al in story.alignments],
        "framing": [_framing(f) for f in story.framing],
        "brief_disputed": [_disputed(story, b) for b in story.brief if b.status == "disputed"],
        "distortions": [_distortion(d) for d in story.distortions],
    }


def _origin(o: Origin) -> dict[str, Any]:
    return {"id": o.id, "root": o.root, "articles": list(o.articles)}


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "articles": list(c.articles),
        "origins": list(c.origins),
        "status": c.status,
        "mentions": [
            {"article": m.article, "start": m.start, "end": m.end, "text": m.text}
            for m in c.mentions
        ],
        "kind": c.kind,
    }


def _quote(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id,
        "speaker": q.speaker,
        "variants": [_variant(v) for v in q.variants],
        "single_origin": q.single_origin,
        "origins": list(q.origins),
    }


def _variant(v: QuoteVariant) -> dict[str, Any]:
    """One quote variant; ``fragments``, ``content`` and ``via`` only when present."""
    return {
        "article": v.article,
        "text": v.text,
        "start": v.start,
        "end": v.end,
        "fidelity": v.fidelity,
        "speaker_text": v.speaker_text,
        "similarity": _num(v.similarity),
        **({"fragments": [list(f) for f in v.fragments]} if v.fragments else {}),
        **({"content": list(v.content)} if v.content else {}),
        **({"via": v.via} if v.via else {}),
    }


def _conflict(c: Conflict) -> dict[str, Any]:
    return {"claim": c.claim, "kind": c.kind, "values": [_value(v) for v in c.values]}


def _alignment(al: Alignment) -> dict[str, Any]:
    return {
        "a": al.a,
        "b": al.b,
        "a_span": list(al.a_span),
        "b_span": list(al.b_span),
        "score": _num(al.score),
        "kind": al.kind,
    }


def _framing(f: FramingCue) -> dict[str, Any]:
    return {
        "article": f.article,
        "start": f.start,
        "end": f.end,
        "term": f.term,
        "kind": f.kind,
        "target": f.target,
        "quoted": f.quoted,
    }


def _distortion(d: Distortion) -> dict[str, Any]:
    return {
        "claim": d.claim,
        "kind": d.kind,
        "article": d.article,
        "source": d.source,
        "original": _value(d.original),
        "changed": _value(d.changed),
    }


def _value(v: ConflictValue) -> dict[str, Any]:
    return {"article": v.article, "value": v.value, "start": v.start, "end": v.end}


def dumps(story: Story) -> str:
    """The JSON report as text (UTF-8, two-space indent, trailing newline)."""
    return json.dumps(to_dict(story), ensure_ascii=False, indent=2) + "\n"
