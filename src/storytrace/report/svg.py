"""The provenance graph as inline SVG, laid out in Python (no JS, no external library).

Layered layout: an article's layer is the length of the longest chain of derivations that
leads to it, so origin roots sit on top and copies of copies further down. Within a layer,
nodes are grouped by origin and then ordered by the mean position of their parents (one
barycentre pass), which keeps most edges short and uncrossed for story-sized graphs.
Independent relations are drawn dashed and without an arrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..types import Story
from .common import NO_ORIGIN, article_label, origin_colours, origin_of

NODE_H = 44
LAYER_GAP = 92
NODE_GAP = 28
MARGIN = 24
TOP = 60  # room above the first row for arcs between same-layer nodes
CHAR_W = 7.2


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    x: float
    y: float
    w: float
    colour: str
    layer: int


def layers(story: Story) -> dict[str, int]:
    """Article id -> layer (0 = no derivation leads to it)."""
    ids = [a.id for a in story.articles]
    parents: dict[str, set[str]] = {i: set() for i in ids}
    for r in story.relations:
        inside = r.source in parents and r.target in parents and r.source != r.target
        if r.kind != "independent" and inside:
            parents[r.target].add(r.source)
    depth = dict.fromkeys(ids, 0)
    # Longest path by relaxation; bounded by the node count so a cycle cannot loop forever.
    for _ in range(len(ids)):
        changed = False
        for node, ps in parents.items():
            d = max((depth[p] + 1 for p in ps), default=0)
            d = min(d, len(ids) - 1)
            if d != depth[node]:
                depth[node] = d
                changed = True
        if not changed:
            break
    return depth


def layout(story: Story) -> tuple[list[Node], float, float]:
    """Nodes with positions, and the drawing's width and height."""
    depth = layers(story)
    origin = origin_of(story)
    colours = origin_colours(story)
    origin_rank = {o.id: i for i, o in enumerate(story.origins)}
    order = {a.id: i for i, a in enumerate(story.articles)}
    parents: dict[str, list[str]] = {}
    for r in story.relations:
        if r.kind != "independent":
            parents.setdefault(r.target, []).append(r.source)

    by_layer: dict[int, list[str]] = {}
    for art in story.articles:
        by_layer.setdefault(depth[art.id], []).append(art.id)
    position: dict[str, float] = {}
    rows: list[list[str]] = []
    for layer in sorted(by_layer):
        members = by_layer[layer]

        def key(a: str) -> tuple[int, float, int]:
            ps = [position[p] for p in parents.get(a, []) if p in position]
            bary = sum(ps) / len(ps) if ps else float(order[a])
            return (origin_rank.get(origin.get(a, ""), len(origin_rank)), bary, order[a])

        members = sorted(members, key=key)
        for i, a in enumerate(members):
            position[a] = float(i)
        rows.append(members)

    def width(a: str) -> float:
        label = article_label(story, a)
        return max(96.0, min(len(max(label, a, key=len)), 28) * CHAR_W + 24)

    row_widths = [sum(width(a) for a in r) + NODE_GAP * (len(r) - 1) for r in rows]
    total_w = max(row_widths, default=200.0) + 2 * MARGIN
    nodes: list[Node] = []
    for li, (row, rw) in enumerate(zip(rows, row_widths, strict=True)):
        x = (total_w - rw) / 2
        y = TOP + li * (NODE_H + LAYER_GAP)
        for a in row:
            w = width(a)
            col = colours.get(origin.get(a, ""), NO_ORIGIN)
            nodes.append(Node(a, article_label(story, a), x, y, w, col, li))
            x += w + NODE_GAP
    total_h = TOP + MARGIN + len(rows) * NODE_H + max(len(rows) - 1, 0) * LAYER_GAP
    return nodes, total_w, total_h


def _clip(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_svg(story: Story) -> str:
    """The graph as an ``<svg>`` element; every label is escaped."""
    nodes, w, h = layout(story)
    at = {n.id: n for n in nodes}
    parts = [
        f'<svg class="graph" viewBox="0 0 {w:.0f} {h:.0f}" '
        f'width="{w:.0f}" height="{h:.0f}" role="img" aria-label="Provenance graph">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#5f6368"/></marker></defs>',
    ]
    for r in story.relations:
        s, t = at.get(r.source), at.get(r.target)
        if s is None or t is None or s is t:
            continue
        independent = r.kind == "independent"
        if s.layer == t.layer:
            # Same layer: an arc above the row, so it does not run through other nodes.
            x1, x2 = s.x + s.w / 2, t.x + t.w / 2
            y1 = s.y
            cy = y1 - 30 - min(abs(x2 - x1) * 0.08, 24)
            d = f"M{x1:.1f},{y1:.1f} Q{(x1 + x2) / 2:.1f},{cy:.1f} {x2:.1f},{y1:.1f}"
            lx, ly = (x1 + x2) / 2, (y1 + cy) / 2 - 2
        else:
            top, bottom = (s, t) if s.layer < t.layer else (t, s)
            x1, y1 = s.x + s.w / 2, (s.y + NODE_H if s is top else s.y)
            x2, y2 = t.x + t.w / 2, (t.y if t is bottom else t.y + NODE_H)
            d = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
            lx, ly = (x1 + x2) / 2, (y1 + y2) / 2
        cls = "edge independent" if independent else f"edge {r.kind}"
        marker = "" if independent else ' marker-end="url(#arrow)"'
        tip = (
            f"{r.source} → {r.target}: {r.kind}, confidence {r.confidence:.2f}, "
            f"coverage {r.coverage:.0%}"
        )
        parts.append(
            f'<g class="{cls}" data-source="{escape(r.source)}" data-target="{escape(r.target)}">'
            f"<title>{escape(tip)}</title>"
            f'<path d="{d}" fill="none"{marker}/>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" class="edge-label">'
            f"{escape(r.kind)}</text></g>"
        )
    for n in nodes:
        art = story.article(n.id)
        tip = f"{n.id}: {art.title or ''}".strip()
        # Every node the same way: who (outlet, else the URL's domain, else the id) on top,
        # when (the publication date) below.
        sub = (art.published or "")[:10] or "date unknown"
        parts.append(
            f'<g class="node" data-id="{escape(n.id)}"><title>{escape(tip)}</title>'
            f'<rect x="{n.x:.1f}" y="{n.y:.1f}" width="{n.w:.1f}" height="{NODE_H}" rx="8" '
            f'fill="{n.colour}"/>'
            f'<text x="{n.x + n.w / 2:.1f}" y="{n.y + 19:.1f}" text-anchor="middle" '
            f'class="node-label">{escape(_clip(n.label))}</text>'
            f'<text x="{n.x + n.w / 2:.1f}" y="{n.y + 35:.1f}" text-anchor="middle" '
            f'class="node-sub">{escape(_clip(sub))}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
