"""Distortions in the reports: the JSON field, the Markdown and HTML sections (invented text)."""

from __future__ import annotations

import json

from storytrace.report.html import to_html
from storytrace.report.json_report import dumps, to_dict
from storytrace.report.markdown import to_markdown
from storytrace.types import Article, ConflictValue, Distortion, Origin, Story

WIRE = "Inspectors counted 48 cracked pylons along the eastern ridge on Sunday."
REPOST = "Inspectors counted 84 cracked pylons along the eastern ridge on Sunday."


def _story(with_distortion: bool = True) -> Story:
    a = Article(id="wire", raw=WIRE, language="en")
    b = Article(id="repost", raw=REPOST, language="en")
    s = WIRE.index("48")
    d = Distortion(
        "c1",
        "number",
        "repost",
        "wire",
        ConflictValue("wire", "48", s, s + 2),
        ConflictValue("repost", "84", s, s + 2),
    )
    return Story(
        articles=(a, b),
        origins=(Origin("o1", "wire", ("wire", "repost")),),
        distortions=(d,) if with_distortion else (),
    )


def test_json_report_lists_each_distortion_with_both_spans() -> None:
    report = json.loads(dumps(_story()))
    (d,) = report["distortions"]
    assert (d["claim"], d["kind"], d["article"], d["source"]) == ("c1", "number", "repost", "wire")
    assert d["original"] == {"article": "wire", "value": "48", "start": 19, "end": 21}
    assert d["changed"]["value"] == "84"
    assert REPOST[d["changed"]["start"] : d["changed"]["end"]] == "84"


def test_a_story_without_distortions_keeps_every_older_field() -> None:
    report = to_dict(_story(with_distortion=False))
    assert report["distortions"] == []
    for key in ("claims", "conflicts", "brief", "brief_disputed", "framing", "stats"):
        assert key in report


def test_markdown_and_html_show_what_the_repost_changed() -> None:
    md = to_markdown(_story())
    assert "## Distortions" in md
    assert "| c1 | number | `repost` | 84 (was 48 in `wire`) |" in md
    html = to_html(_story())
    assert '<section id="distortions">' in html and 'href="#distortions"' in html
    assert "## Distortions" not in to_markdown(_story(with_distortion=False))
    assert 'id="distortions"' not in to_html(_story(with_distortion=False))
