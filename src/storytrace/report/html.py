"""The HTML report: one self-contained file (inline CSS, JS and SVG; no network at all).

Safety: every piece of article text goes through :func:`html.escape`; the side-by-side data
travels as JSON in ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped,
and the script renders it with ``textContent`` only. A Content-Security-Policy allows just
our own script (by hash) and no network, so even a missed escape could not run or load
anything.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from typing import Any

from ..text import plural
from ..types import Quote, QuoteVariant, Story
from .aligned import script_json, view_data
from .brief import main_root
from .common import (
    NO_ORIGIN,
    STATUS_ORDER,
    article_label,
    claim_sources,
    excluded_of,
    grouped_values,
    origin_colours,
    origin_of,
    reference_variant,
    reuse_label,
    single_source_label,
    skipped_of,
    warnings_of,
)
from .html_details import (
    conflicts_section,
    coverage_section,
    distortions_section,
    framing_section,
    removed_section,
)
from .markup import e, word_diff
from .svg import render_svg


def _asset(name: str) -> str:
    return resources.files("storytrace.report").joinpath(name).read_text("utf-8")


def _cite(story: Story, ids: tuple[str, ...] | list[str]) -> str:
    # Chips name the outlet (short, what a reader knows); the id is in the tooltip.
    return "".join(
        f'<span class="cite" title="{e(a)}">{e(article_label(story, a))}</span>' for a in ids
    )


def _summary(story: Story) -> str:
    excluded = excluded_of(story)
    warnings = warnings_of(story)
    counts = {s: sum(1 for c in story.claims if c.status == s) for s in STATUS_ORDER}
    cards = [
        ("Articles", str(len(story.articles)), f"{len(story.articles) - len(excluded)} analyzed"),
        ("Origins", str(len(story.origins)), "independent reports"),
        ("Independent sources", str(story.independent_sources), ""),
        ("Claims", str(len(story.claims)), f"{counts['corroborated']} corroborated"),
        ("Quotes", str(len(story.quotes)), plural(len(story.conflicts), "conflict")),
    ]
    html = ['<section id="summary"><div class="cards">']
    for label, value, sub in cards:
        html.append(
            f'<div class="card"><div class="card-value">{e(value)}</div>'
            f'<div class="card-label">{e(label)}</div><div class="card-sub">{e(sub)}</div></div>'
        )
    html.append("</div>")
    if warnings:
        html.append('<div class="warnings"><strong>Warnings</strong><ul>')
        html += [f"<li>{e(w)}</li>" for w in warnings]
        html.append("</ul></div>")
    skipped = skipped_of(story)
    if skipped:
        text = ", ".join(f"{k}: {v}" for k, v in skipped.items())
        html.append(f'<p class="muted">Inputs skipped when reading: {e(text)}</p>')
    html.append('<table class="data articles"><thead><tr><th>Article</th><th>Outlet</th>')
    html.append(
        "<th>Title</th><th>Published</th><th>Lang</th><th>Sentences</th></tr></thead><tbody>"
    )
    origin = origin_of(story)
    colours = origin_colours(story)
    for a in story.articles:
        dot = colours.get(origin.get(a.id, ""), NO_ORIGIN)
        note = (
            f' <span class="badge excluded">excluded: {e(excluded[a.id])}</span>'
            if (a.id in excluded)
            else ""
        )
        html.append(
            f'<tr><td><span class="aid"><span class="dot" style="background:{dot}"></span>'
            f"<code>{e(a.id)}</code></span>{note}</td>"
            f"<td>{e(a.outlet or '—')}</td><td>{e(a.title or '—')}</td>"
            f"<td>{e(a.published or '—')}</td><td>{e(a.language or '—')}</td>"
            f'<td class="num">{len(a.sentences)}</td></tr>'
        )
    html.append("</tbody></table></section>")
    return "".join(html)


def _brief(story: Story) -> str:
    body = [b for b in story.brief if b.status != "disputed"]
    html = ['<section id="brief"><h2>Brief</h2>']
    if not body:
        html.append('<p class="muted">No claim was stated clearly enough to brief.</p>')
    else:
        html.append('<ol class="brief">')
        for b in body:
            label = ""
            if b.status == "single-source":
                label = (
                    f'<span class="badge single-source">'
                    f"{e(single_source_label(story, b.articles))}</span> "
                )
            # facts of one sentence stated by different articles: each with its own
            per_claim = "; ".join(
                f"{cid}: {', '.join(arts)}" for cid, arts in claim_sources(story, b)
            )
            breakdown = f'<div class="muted per-claim">{e(per_claim)}</div>' if per_claim else ""
            html.append(
                f'<li class="{e(b.status)}">{label}{e(b.text)} {_cite(story, b.articles)}'
                f'<span class="claim-ids">{e(", ".join(b.claims))}</span>{breakdown}</li>'
            )
        html.append("</ol>")
    disputed = [b for b in story.brief if b.status == "disputed"]
    if disputed:
        html.append('<h3>Disputed</h3><ul class="brief disputed">')
        for b in disputed:
            values = "".join(
                f'<div><span class="value">{e(value)}</span> <span class="muted">in '
                f"{e(', '.join(arts))}</span></div>"
                for value, arts in grouped_values(story, b.claims)
            )
            html.append(
                f'<li>{e(b.text)} {_cite(story, b.articles)}<div class="values">{values}</div></li>'
            )
        html.append("</ul>")
    return "".join(html) + "</section>"


def _graph(story: Story) -> str:
    html = ['<section id="graph"><h2>Provenance</h2>', '<div class="legend">']
    colours = origin_colours(story)
    for o in story.origins:
        html.append(
            f'<span><span class="dot" style="background:{colours[o.id]}"></span>'
            f"{e(o.id)}: root {e(article_label(story, o.root))} ({len(o.articles)})</span>"
        )
    html.append(
        '<span><svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" '
        'class="legend-dash"/></svg> independent</span></div>'
    )
    html.append(f'<div class="graph-wrap">{render_svg(story)}</div>')
    if story.relations:
        html.append('<table class="data relations"><thead><tr><th>Source</th><th>Target</th>')
        html.append("<th>Kind</th><th>Confidence</th><th>Coverage</th><th>Reuse</th>")
        html.append("<th>Evidence</th>")
        html.append("<th>Why</th></tr></thead><tbody>")
        for r in story.relations:
            html.append(
                f"<tr><td><code>{e(r.source)}</code></td><td><code>{e(r.target)}</code></td>"
                f'<td><span class="kind {e(r.kind)}">{e(r.kind)}</span></td>'
                f'<td class="num">{r.confidence:.2f}</td><td class="num">{r.coverage:.0%}</td>'
                f"<td>{e(reuse_label(r))}</td>"
                f'<td class="num">{len(r.evidence)}</td><td>{e("; ".join(r.reasons))}</td></tr>'
            )
        html.append("</tbody></table>")
    else:
        html.append('<p class="muted">No relations between articles were found.</p>')
    return "".join(html) + "</section>"


def matrix_order(story: Story) -> tuple[list[str], list[int]]:
    """Columns: articles grouped by origin, root first. Rows: claim indices by status, then
    by how many articles state them, so shared content sits on top."""
    origin = origin_of(story)
    rank = {o.id: i for i, o in enumerate(story.origins)}
    roots = {o.root for o in story.origins}
    order = {a.id: i for i, a in enumerate(story.articles)}
    cols = sorted(
        order,
        key=lambda a: (rank.get(origin.get(a, ""), len(rank)), a not in roots, order[a]),
    )
    status = {s: i for i, s in enumerate(STATUS_ORDER)}
    rows = sorted(
        range(len(story.claims)),
        key=lambda i: (
            status.get(story.claims[i].status, 3),
            -len(story.claims[i].articles),
            i,
        ),
    )
    return cols, rows


def _matrix(story: Story) -> str:
    html = ['<section id="matrix"><h2>Claims × articles</h2>']
    if not story.claims:
        return html[0] + '<p class="muted">No claims were extracted.</p></section>'
    cols, rows = matrix_order(story)
    colours = origin_colours(story)
    origin = origin_of(story)
    html.append('<div class="scroll"><table class="matrix"><thead><tr><th>Claim</th>')
    for a in cols:
        art = story.article(a)
        label = article_label(story, a)
        sub = f"<br><code>{e(a)}</code>" if label != a else ""
        dot = colours.get(origin.get(a, ""), NO_ORIGIN)
        html.append(
            f'<th class="col" title="{e(art.title or a)}"><span class="dot" '
            f'style="background:{dot}"></span>{e(label)}{sub}</th>'
        )
    html.append("</tr></thead><tbody>")
    for i in rows:
        c = story.claims[i]
        stated = set(c.articles) | {m.article for m in c.mentions}
        html.append(
            f'<tr class="claim {e(c.status)}"><th class="claim-text" title="{e(c.status)}">'
            f'<span class="cid">{e(c.id)}</span> {e(c.text)}</th>'
        )
        for a in cols:
            hit = a in stated
            html.append(f'<td class="{"hit" if hit else "miss"}">{"●" if hit else ""}</td>')
        html.append("</tr>")
    html.append("</tbody></table></div>")
    html.append(
        '<p class="legend-status"><span class="sw corroborated"></span>corroborated '
        '<span class="sw single-source"></span>single-source '
        '<span class="sw disputed"></span>disputed · columns grouped by origin, root first</p>'
    )
    return "".join(html) + "</section>"


def _variant(story: Story, v: QuoteVariant, ref: QuoteVariant | None) -> str:
    is_ref = v is ref
    if is_ref or ref is None or v.fidelity == "translated" or ref.fidelity == "translated":
        # A word diff across languages marks every word: show the translation as it is.
        body = e(v.text)
    else:
        body = word_diff(ref.text, v.text)
    tag = '<span class="badge ref">reference</span>' if is_ref else ""
    return (
        f'<li><span class="fid {e(v.fidelity)}">{e(v.fidelity)}</span> {tag}'
        f'<code>{e(v.article)}</code> <span class="muted">{e(article_label(story, v.article))}'
        f'</span><blockquote class="diff">{body}</blockquote></li>'
    )


def _quote(story: Story, q: Quote) -> str:
    ref = reference_variant(story, q)
    single = '<span class="badge single-source">single origin</span>' if q.single_origin else ""
    ordered = sorted(q.variants, key=lambda v: v is not ref)
    same = [v for v in ordered if ref is not None and v is not ref and v.text == ref.text]
    items = "".join(_variant(story, v, ref) for v in ordered if v not in same)
    if same:
        names = ", ".join(f"{v.article} ({article_label(story, v.article)})" for v in same)
        items += f'<li class="same muted">Same words in: {e(names)}</li>'
    return (
        f'<div class="quote"><h3>{e(q.speaker or "Unknown speaker")} '
        f'<span class="muted">{e(q.id)}</span> {single}</h3><ul>{items}</ul></div>'
    )


def _quotes(story: Story) -> str:
    if not story.quotes:
        body = '<p class="muted">No direct quotes were found.</p>'
    else:
        body = "".join(_quote(story, q) for q in story.quotes)
    return f'<section id="quotes"><h2>Quotes</h2>{body}</section>'


def _side_by_side(story: Story) -> str:
    data = view_data(story, set(excluded_of(story)))
    options = []
    for i, p in enumerate(data["pairs"]):
        la, lb = data["articles"][p["a"]]["label"], data["articles"][p["b"]]["label"]
        kind = f" — {p['kind']}" if p["kind"] else ""
        options.append(
            f'<option value="{i}">{e(p["a"])} ({e(la)}) ↔ {e(p["b"])} ({e(lb)}){e(kind)}</option>'
        )
    return (
        '<section id="side-by-side"><h2>Side by side</h2>'
        '<label for="pair">Articles </label><select id="pair">'
        + "".join(options)
        + '</select> <span id="pair-stats" class="muted"></span>'
        '<div class="scroll"><table class="sbs"><thead><tr><th id="sbs-a"></th><th></th>'
        '<th id="sbs-b"></th></tr></thead><tbody id="sbs-body"></tbody></table></div>'
        f'<script type="application/json" id="align-data">{script_json(data)}</script></section>'
    )


def _stats(story: Story) -> str:
    timings: Any = story.run.timings_s()
    if not isinstance(timings, dict) or not timings:
        return ""
    parts = ", ".join(f"{k} {float(v):.2f} s" for k, v in timings.items())
    return f'<footer><p class="muted">Timings: {e(parts)}</p></footer>'


def to_html(story: Story) -> str:
    """The HTML report of ``story`` as one string."""
    css, js = _asset("report.css"), _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    root = main_root(story)
    title = story.article(root).title if root else None
    heading = title or "storytrace report"
    nav = "".join(
        f'<a href="#{k}">{v}</a>'
        for k, v in (
            ("brief", "Brief"),
            ("graph", "Provenance"),
            ("matrix", "Claims"),
            ("quotes", "Quotes"),
            ("side-by-side", "Side by side"),
            ("conflicts", "Conflicts"),
            *((("distortions", "Distortions"),) if story.distortions else ()),
            ("framing", "Framing"),
            ("coverage", "Adds/omits"),
            ("removed", "Cleaning"),
        )
    )
    body = "".join(
        part(story)
        for part in (
            _summary,
            _brief,
            _graph,
            _matrix,
            _quotes,
            _side_by_side,
            conflicts_section,
            distortions_section,
            framing_section,
            coverage_section,
            removed_section,
            _stats,
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(heading)} — storytrace</title><style>{css}</style></head><body>"
        f'<header><div class="brand">storytrace</div><h1>{e(heading)}</h1>'
        f"<nav>{nav}</nav></header><main>{body}</main><script>{js}</script></body></html>\n"
    )
