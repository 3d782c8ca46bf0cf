"""Reports of an analyzed story: JSON (versioned contract), Markdown, self-contained HTML."""

from __future__ import annotations

from pathlib import Path

from ..errors import StorytraceError
from ..types import Story


def _write(path: Path, text: str) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StorytraceError(
            f"{path}: cannot write the report ({exc.strerror}); choose a writable path"
        ) from exc
    return path


def write_reports(
    story: Story,
    json_path: Path | str | None = None,
    md_path: Path | str | None = None,
    html_path: Path | str | None = None,
) -> list[Path]:
    """Write the requested reports of ``story``.

    Args:
        story: an analyzed story.
        json_path: where to write the JSON report (schema ``storytrace.report/1``).
        md_path: where to write the Markdown report.
        html_path: where to write the self-contained HTML report.

    Returns:
        The paths written, in the order JSON, Markdown, HTML.
    """
    written: list[Path] = []
    if json_path is not None:
        from .json_report import dumps

        written.append(_write(Path(json_path), dumps(story)))
    if md_path is not None:
        from .markdown import to_markdown

        written.append(_write(Path(md_path), to_markdown(story)))
    if html_path is not None:
        from .html import to_html

        written.append(_write(Path(html_path), to_html(story)))
    return written


__all__ = ["write_reports"]
