"""The Markdown report: the same content as the JSON report, for people."""

from __future__ import annotations

import re
from typing import Any

from ..types import Story
from .brief import main_root
from .common import (
    STATUS_ORDER,
    article_label,
    brief_citations,
    coverage_of,
    excluded_of,
    grouped_values,
    reference_variant,
    reuse_label,
    single_source_label,
    skipped_of,
    warnings_of,
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_QUOTE_CHARS = 160


def md(text: str | None) -> str:
    """Article text made inert in Markdown: one line, markup characters escaped."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _short(text: str, limit: int = _QUOTE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def _summary(story: Story) -> list[str]:
    lines = ["## Summary", ""]
    analyzed = len(story.articles) - len(excluded_of(story))
    lines.append(f"- Articles: {len(story.articles)} ({analyzed} analyzed)")
    lines.append(f"- Origins: {len(story.origins)}")
    lines.append(f"- Independent sources: {story.independent_sources}")
    lines.append(f"- Relations: {sum(1 for r in story.relations if r.kind != 'independent')}")
    counts = {s: sum(1 for c in story.claims if c.status == s) for s in STATUS_ORDER}
    lines.append(
        f"- Claims: {len(story.claims)} (" + ", ".join(f"{v} {k}" for k, v in counts.items()) + ")"
    )
    lines.append(f"- Quotes: {len(story.quotes)}; conflicts: {len(story.conflicts)}")
    skipped = skipped_of(story)
    if skipped:
        lines.append("- Inputs skipped: " + ", ".join(f"{k} {v}" for k, v in skipped.items()))
    warnings = warnings_of(story)
    lines.append(f"- Warnings: {len(warnings)}")
    lines += [f"  - {md(w)}" for w in warnings]
    lines.append("")
    rows = []
    excluded = excluded_of(story)
    for a in story.articles:
        note = f"excluded: {excluded[a.id]}" if a.id in excluded else ""
        rows.append(
            [
                f"`{a.id}`",
                md(a.outlet) or "—",
                md(_short(a.title or "", 80)) or "—",
                md(a.published) or "—",
                a.language or "—",
                str(len(a.sentences)),
                note,
            ]
        )
    head = ["Article", "Outlet", "Title", "Published", "Lang", "Sentences", "Note"]
    return lines + _table(head, rows)


def _relations(story: Story) -> list[str]:
    lines = ["## Relations", ""]
    if not story.relations:
        return [*lines, "No relations between articles were found.", ""]
    rows = []
    for r in story.relations:
        arrow = "—" if r.kind == "independent" else ("→" if r.direction_certain else "↔")
        rows.append(
            [
                f"`{r.source}` {arrow} `{r.target}`",
                r.kind,
                f"{r.confidence:.2f}",
                f"{r.coverage:.0%}",
                f"{r.source_coverage:.0%}",
                reuse_label(r),
                str(len(r.evidence)),
                md("; ".join(r.reasons)),
            ]
        )
    head = ["Source → target", "Kind", "Confidence", "Coverage", "Of source", "Reuse"]
    return lines + _table([*head, "Evidence", "Why"], rows)


def _origins(story: Story) -> list[str]:
    lines = ["## Origins", ""]
    if not story.origins:
        return [*lines, "No origins were determined.", ""]
    for o in story.origins:
        others = [a for a in o.articles if a != o.root]
        tail = f"; derived: {', '.join(f'`{a}`' for a in others)}" if others else ""
        lines.append(f"- **{o.id}**: root `{o.root}` ({md(article_label(story, o.root))}){tail}")
    return [*lines, ""]


def _claims(story: Story) -> list[str]:
    lines = ["## Claims", ""]
    if not story.claims:
        return [*lines, "No claims were extracted.", ""]
    for status in STATUS_ORDER:
        chosen = [c for c in story.claims if c.status == status]
        if not chosen:
            continue
        lines += [f"### {status.capitalize()} ({len(chosen)})", ""]
        for c in chosen:
            cites = ", ".join(f"`{a}`" for a in c.articles)
            lines.append(f"- **{c.id}** {md(_short(c.text, 240))} — {cites}")
        lines.append("")
    return lines


def _quotes(story: Story) -> list[str]:
    lines = ["## Quotes", ""]
    if not story.quotes:
        return [*lines, "No direct quotes were found.", ""]
    for q in story.quotes:
        ref = reference_variant(story, q)
        single = " (single origin)" if q.single_origin else ""
        lines += [f"### {q.id}: {md(q.speaker) or 'unknown speaker'}{single}", ""]
        for v in q.variants:
            mark = " (reference)" if v is ref else ""
            lines.append(f"- `{v.article}` *{v.fidelity}*{mark}: “{md(_short(v.text, 300))}”")
        lines.append("")
    return lines


def _values(story: Story, claim_ids: tuple[str, ...]) -> str:
    return "; ".join(
        f"{md(value)} in " + ", ".join(f"`{a}`" for a in arts)
        for value, arts in grouped_values(story, claim_ids)
    )


def _conflicts(story: Story) -> list[str]:
    lines = ["## Conflicts", ""]
    if not story.conflicts:
        return [*lines, "No conflicting values were found.", ""]
    rows = [[c.claim, c.kind, _values(story, (c.claim,))] for c in story.conflicts]
    return lines + _table(["Claim", "Kind", "Values"], rows)


def _distortions(story: Story) -> list[str]:
    """Facts a derivative changed from its own origin (shown only when there are some)."""
    if not story.distortions:
        return []
    rows = [
        [
            d.claim,
            d.kind,
            f"`{d.article}`",
            f"{md(d.changed.value)} (was {md(d.original.value)} in `{d.source}`)",
        ]
        for d in story.distortions
    ]
    head = ["## Distortions", "", "Values an article changed from its own origin's text.", ""]
    return head + _table(["Claim", "Kind", "Article", "Changed"], rows)


def _framing(story: Story) -> list[str]:
    lines = ["## Framing", ""]
    if not story.framing:
        return [*lines, "No framing cues were found.", ""]
    rows: dict[tuple[str, str], list[str]] = {}
    quoted: dict[str, list[str]] = {}
    for f in story.framing:
        if f.quoted:  # the speaker's word: no framing of the outlet's
            quoted.setdefault(f.article, []).append(f.term)
        else:
            rows.setdefault((f.article, f.kind), []).append(f.term)
    table = [
        [f"`{art}`", kind, md(", ".join(dict.fromkeys(terms)))]
        for (art, kind), terms in sorted(rows.items())
    ]
    lines += ["The outlet's own words; words inside quotes are the speakers'.", ""]
    lines += _table(["Article", "Cue", "Terms"], table) if table else ["None.", ""]
    if quoted:
        lines.append("Inside quotes (not the outlet's framing):")
        lines.append("")
        for art, terms in sorted(quoted.items()):
            lines.append(f"- `{art}`: {md(', '.join(dict.fromkeys(terms)))}")
        lines.append("")
    return lines


def _brief(story: Story) -> list[str]:
    lines = ["## Brief", ""]
    body = [b for b in story.brief if b.status != "disputed"]
    if not body:
        lines += ["No claim was stated clearly enough to brief.", ""]
    for b in body:
        prefix = ""
        if b.status == "single-source":
            prefix = f"*{md(single_source_label(story, b.articles))}:* "
        lines.append(f"- {prefix}{md(b.text)} [{brief_citations(story, b)}]")
    disputed = [b for b in story.brief if b.status == "disputed"]
    if disputed:
        lines += ["", "**Disputed** (left out of the brief):", ""]
        for b in disputed:
            lines.append(f"- {md(b.text)} [{', '.join(b.claims)}] — {_values(story, b.claims)}")
    return [*lines, ""]


def _ids(ids: list[Any], limit: int = 12) -> str:
    if not ids:
        return "0"
    shown = ", ".join(str(i) for i in ids[:limit])
    return f"{len(ids)} ({shown}{', …' if len(ids) > limit else ''})"


def _coverage(story: Story) -> list[str]:
    cov = coverage_of(story)
    if not cov:
        return []
    rows = []
    for a in story.articles:
        c = cov.get(a.id)
        if c is None:
            continue
        rows.append(
            [
                f"`{a.id}`",
                str(c.claims),
                _ids(list(c.adds)),
                _ids(list(c.omits)),
                str(len(c.unsupported)),
            ]
        )
    head = ["Article", "Claims", "Adds (only its origin)", "Omits (corroborated)", "Unsupported"]
    return ["## What each article adds and omits", "", *_table(head, rows)]


def _removed(story: Story) -> list[str]:
    lines = ["## What cleaning removed", ""]
    any_removed = False
    for a in story.articles:
        if not a.removed:
            continue
        any_removed = True
        by_reason: dict[str, int] = {}
        for r in a.removed:
            by_reason[r.reason] = by_reason.get(r.reason, 0) + 1
        lines.append(f"- `{a.id}`: " + ", ".join(f"{k} {v}" for k, v in sorted(by_reason.items())))
        for r in a.removed[:8]:
            lines.append(f"  - *{r.reason}* [{r.start}:{r.end}] {md(_short(r.text, 100))}")
        if len(a.removed) > 8:
            lines.append(f"  - … and {len(a.removed) - 8} more")
    if not any_removed:
        lines.append("Cleaning removed nothing.")
    return [*lines, ""]


def _timings(story: Story) -> list[str]:
    timings: Any = story.run.timings_s()
    if not isinstance(timings, dict) or not timings:
        return []
    parts = ", ".join(f"{k} {float(v):.2f} s" for k, v in timings.items())
    return ["## Timings", "", parts, ""]


def to_markdown(story: Story) -> str:
    """The Markdown report of ``story``."""
    root = main_root(story)
    title = story.article(root).title if root else None
    lines = [f"# storytrace report{': ' + md(title) if title else ''}", ""]
    for part in (
        _summary,
        _brief,
        _relations,
        _origins,
        _claims,
        _quotes,
        _conflicts,
        _distortions,
        _framing,
        _coverage,
        _removed,
        _timings,
    ):
        lines += part(story)
    return "\n".join(lines).rstrip() + "\n"
