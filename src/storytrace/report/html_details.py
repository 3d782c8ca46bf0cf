"""The HTML report's detail sections, below the claims, quotes and side-by-side view:
conflicting values, distortions, framing cues, what each article adds and omits, and
what cleaning removed. Every piece of article text goes through :func:`.markup.e`."""

from __future__ import annotations

from typing import Any

from ..text import plural
from ..types import Story
from .common import coverage_of, grouped_values
from .markup import e


def conflicts_section(story: Story) -> str:
    if not story.conflicts:
        body = '<p class="muted">No conflicting values were found.</p>'
    else:
        rows = "".join(
            f"<tr><td><code>{e(c.claim)}</code></td><td>{e(c.kind)}</td><td>"
            + "".join(
                f'<div><span class="value">{e(value)}</span> <span class="muted">in '
                f"{e(', '.join(arts))}</span></div>"
                for value, arts in grouped_values(story, (c.claim,))
            )
            + "</td></tr>"
            for c in story.conflicts
        )
        body = (
            '<table class="data"><thead><tr><th>Claim</th><th>Kind</th><th>Values</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>"
        )
    return f'<section id="conflicts"><h2>Conflicts</h2>{body}</section>'


def distortions_section(story: Story) -> str:
    """Facts a derivative changed from its own origin (a section only when there are some)."""
    if not story.distortions:
        return ""
    rows = "".join(
        f"<tr><td><code>{e(d.claim)}</code></td><td>{e(d.kind)}</td>"
        f'<td>{e(d.article)}</td><td><span class="value">{e(d.changed.value)}</span> '
        f'<span class="muted">was</span> <span class="value">{e(d.original.value)}</span> '
        f'<span class="muted">in {e(d.source)}</span></td></tr>'
        for d in story.distortions
    )
    return (
        '<section id="distortions"><h2>Distortions</h2><p class="muted">Values an article '
        "changed from its own origin's text.</p>"
        '<table class="data"><thead><tr><th>Claim</th><th>Kind</th><th>Article</th>'
        f"<th>Changed</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def framing_section(story: Story) -> str:
    if not story.framing:
        empty = '<p class="muted">No framing cues were found.</p>'
        return f'<section id="framing"><h2>Framing</h2>{empty}</section>'
    by: dict[str, dict[str, list[str]]] = {}
    for f in story.framing:  # a word inside a quote is the speaker's: a column of its own
        by.setdefault(f.article, {}).setdefault("quoted" if f.quoted else f.kind, []).append(f.term)
    rows = []
    for a in story.articles:
        kinds = by.get(a.id, {})
        cells = "".join(
            f"<td>{e(', '.join(dict.fromkeys(kinds.get(k, []))))}</td>"
            for k in ("hedge", "attribution", "loaded", "quoted")
        )
        rows.append(f"<tr><td><code>{e(a.id)}</code></td>{cells}</tr>")
    return (
        '<section id="framing"><h2>Framing</h2><table class="data"><thead><tr><th>Article</th>'
        "<th>Hedges</th><th>Attribution</th><th>Loaded terms</th>"
        "<th>Inside quotes (the speakers')</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )


def coverage_section(story: Story) -> str:
    cov = coverage_of(story)
    if not cov:
        return (
            '<section id="coverage"><h2>What each article adds and omits</h2>'
            '<p class="muted">No per-article coverage was computed.</p></section>'
        )
    claims = {c.id: c for c in story.claims}
    rows = []
    for a in story.articles:
        c = cov.get(a.id)
        if c is None:
            continue
        details = ""
        if c.unsupported:
            items = "".join(
                f"<li>{e(a.raw[u.start : u.end])} "
                f'<span class="muted">(not in {e(u.source)})</span></li>'
                for u in c.unsupported
            )
            n = len(c.unsupported)
            summary = f"<summary>{n} sentence{'s' if n != 1 else ''}</summary>"
            details = f"<details>{summary}<ul>{items}</ul></details>"
        rows.append(
            f'<tr><td><code>{e(a.id)}</code></td><td class="num">{c.claims}</td>'
            f"<td>{_claim_list(list(c.adds), claims)}</td>"
            f"<td>{_claim_list(list(c.omits), claims)}</td>"
            f"<td>{details or '0'}</td></tr>"
        )
    return (
        '<section id="coverage"><h2>What each article adds and omits</h2>'
        '<p class="muted">Adds: claims only its origin states. Omits: corroborated claims it '
        "lacks. Unsupported: sentences of a derived article that its source does not have.</p>"
        '<div class="scroll"><table class="data coverage"><thead><tr><th>Article</th>'
        "<th>Claims</th><th>Adds</th><th>Omits</th><th>Unsupported</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div></section>"
    )


def _claim_list(ids: list[Any], claims: dict[str, Any]) -> str:
    if not ids:
        return "0"
    tags = " ".join(
        f'<span class="cid" title="{e(claims[i].text if i in claims else "")}">{e(i)}</span>'
        for i in ids
    )
    return f"{len(ids)} {tags}"


def removed_section(story: Story) -> str:
    html = ['<section id="removed"><h2>What cleaning removed</h2>']
    for a in story.articles:
        html.append(
            f"<details><summary><code>{e(a.id)}</code> — "
            f"{plural(len(a.removed), 'span')} removed, "
            f"{plural(len(a.sentences), 'sentence')} kept</summary>"
        )
        if a.removed:
            html.append(
                '<table class="data"><thead><tr><th>Reason</th><th>Span</th><th>Text</th>'
                "</tr></thead><tbody>"
            )
            for r in a.removed:
                html.append(
                    f'<tr><td>{e(r.reason)}</td><td class="num">{r.start}–{r.end}</td>'
                    f'<td class="removed-text">{e(r.text)}</td></tr>'
                )
            html.append("</tbody></table>")
        html.append(f'<pre class="article-text">{e(a.text)}</pre></details>')
    return "".join(html) + "</section>"
