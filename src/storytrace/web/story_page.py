"""The story page's body: the HTML report's sections (graph, claim matrix, quotes,
side-by-side ...) plus the timeline, built once per analysis and cached."""

from __future__ import annotations

from ..report import html as report_html
from ..report import html_details as details
from ..types import Story
from .timeline import render_timeline

SECTIONS: tuple[tuple[str, str], ...] = (
    ("brief", "Brief"),
    ("timeline", "Timeline"),
    ("graph", "Provenance"),
    ("matrix", "Claims"),
    ("quotes", "Quotes"),
    ("side-by-side", "Side by side"),
    ("conflicts", "Conflicts"),
    ("framing", "Framing"),
    ("coverage", "Adds/omits"),
    ("removed", "Cleaning"),
)


def _timeline(story: Story) -> str:
    return (
        '<section id="timeline"><h2>How the story spread</h2>'
        '<p class="muted">Each dot is an article at its publication time, on its outlet\'s '
        "row, coloured by origin (ringed: the origin's first report); lines join a source to "
        f'what derives from it.</p><div class="scroll">{render_timeline(story)}</div></section>'
    )


def page_sections(story: Story) -> str:
    """Escaped HTML of every section, in page order (no script: the page loads report.js)."""
    r = report_html
    parts = (
        r._summary,
        r._brief,
        _timeline,
        r._graph,
        r._matrix,
        r._quotes,
        r._side_by_side,
        details.conflicts_section,
        details.framing_section,
        details.coverage_section,
        details.removed_section,
    )
    return "".join(part(story) for part in parts)
