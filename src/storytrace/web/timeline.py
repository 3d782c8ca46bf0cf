"""How a story spread: each article at its publication time, one row per outlet, coloured
by the origin it derives from, with a faint line from each source to what copied it."""

from __future__ import annotations

from datetime import datetime
from html import escape

from ..report.common import NO_ORIGIN, article_label, origin_colours, origin_of
from ..text import iso_day
from ..types import Story

ROW_H = 30
LEFT = 190
RIGHT = 70
TOP = 30
WIDTH = 960


def _when(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        day = iso_day(published)
        if day is None:
            return None
        when = datetime.fromisoformat(day)
    return when.replace(tzinfo=None)


def _clip(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_timeline(story: Story) -> str:
    """An ``<svg>`` timeline (every label escaped), or a note when no article has a date."""
    dated = [(a, w) for a in story.articles if (w := _when(a.published)) is not None]
    undated = [a for a in story.articles if _when(a.published) is None]
    if not dated:
        return '<p class="muted">No article has a publication date, so there is no timeline.</p>'
    dated.sort(key=lambda p: p[1])
    outlets = list(dict.fromkeys(article_label(story, a.id) for a, _ in dated))
    row = {o: i for i, o in enumerate(outlets)}
    t0, t1 = dated[0][1], dated[-1][1]
    span = max((t1 - t0).total_seconds(), 1.0)
    plot_w = WIDTH - LEFT - RIGHT
    height = TOP + len(outlets) * ROW_H + 30

    def x_of(when: datetime) -> float:
        return LEFT + (when - t0).total_seconds() / span * plot_w if t1 > t0 else LEFT + plot_w / 2

    origin, colours = origin_of(story), origin_colours(story)
    roots = {o.root for o in story.origins}
    at: dict[str, tuple[float, float]] = {}
    for a, when in dated:
        at[a.id] = (x_of(when), TOP + row[article_label(story, a.id)] * ROW_H + ROW_H / 2)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="Timeline of publication by outlet">'
    ]
    for o, i in row.items():
        y = TOP + i * ROW_H + ROW_H / 2
        parts.append(
            f'<line class="tl-row" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
            f'<text class="tl-outlet" x="{LEFT - 10}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_clip(o))}</text>"
        )
    axis_y = TOP + len(outlets) * ROW_H + 8
    ticks = [t0, t1] if t1 > t0 else [t0]
    for when in ticks:
        label = (
            when.strftime("%d %b %Y %H:%M")
            if when.hour or when.minute
            else when.strftime("%d %b %Y")
        )
        parts.append(
            f'<text class="tl-tick" x="{x_of(when):.1f}" y="{axis_y + 12:.1f}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for r in story.relations:
        if r.kind == "independent" or r.source not in at or r.target not in at:
            continue
        (x1, y1), (x2, y2) = at[r.source], at[r.target]
        parts.append(
            f'<line class="tl-edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'
        )
    for a, _ in dated:
        x, y = at[a.id]
        colour = colours.get(origin.get(a.id, ""), NO_ORIGIN)
        ring = ' class="tl-dot root"' if a.id in roots else ' class="tl-dot"'
        tip = f"{article_label(story, a.id)}: {a.title or a.id} ({a.published})"
        parts.append(
            f'<a href="/articles/{escape(a.id)}"><circle{ring} cx="{x:.1f}" cy="{y:.1f}" r="7" '
            f'fill="{colour}"><title>{escape(tip)}</title></circle></a>'
        )
    parts.append("</svg>")
    if undated:
        names = ", ".join(article_label(story, a.id) for a in undated)
        parts.append(f'<p class="muted">Without a publication date: {escape(names)}</p>')
    return "".join(parts)
