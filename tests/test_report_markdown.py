"""The Markdown report: every section, citations, and article text that cannot turn into markup."""

from __future__ import annotations

import re
from dataclasses import replace

from storytrace.report.brief import make_brief
from storytrace.report.markdown import md, to_markdown
from test_report_data import build_story

SECTIONS = [
    "## Summary",
    "## Brief",
    "## Relations",
    "## Origins",
    "## Claims",
    "## Quotes",
    "## Conflicts",
    "## Framing",
    "## What cleaning removed",
]


def test_markdown_has_every_section_in_order() -> None:
    text = to_markdown(make_brief(build_story()))
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)


def test_markdown_summary_counts_and_warnings() -> None:
    text = to_markdown(make_brief(build_story()))
    assert "- Articles: 4 (4 analyzed)" in text
    assert "- Independent sources: 2" in text
    assert "invented warning for the tests" in text


def test_markdown_brief_cites_and_labels_single_source() -> None:
    text = to_markdown(make_brief(build_story()))
    brief = text[text.index("## Brief") : text.index("## Relations")]
    assert "[wire, daily, gazette, evil; C1]" in brief
    assert "*According to Harbor Gazette only:*" in brief
    assert "— 42 million euros in `wire`; 45 million euros in `gazette`" in brief


def test_markdown_tables_and_quotes() -> None:
    text = to_markdown(make_brief(build_story()))
    assert "| `wire` → `daily` | copy | 0.95 | 100% |" in text
    assert "`daily` *close*" in text and "(reference)" in text
    assert "*share* [0:16] Share this story" in text


def test_markdown_escapes_markup_in_article_text() -> None:
    text = to_markdown(make_brief(build_story()))
    # Every "<" of article text is backslash-escaped: no Markdown renderer sees a tag.
    assert not re.search(r"(?<!\\)<", text)
    assert "\\<script\\>" in text
    assert md("a | b\n<c>") == "a \\| b \\<c\\>"


def test_markdown_single_source_names_the_origin_not_every_copy() -> None:
    story = build_story()
    banks = replace(story.claims[2], articles=("wire", "daily"))
    story = make_brief(replace(story, claims=(banks,)))
    text = to_markdown(story)
    assert "*According to Northwire (and 1 article derived from it) only:*" in text


def test_markdown_adds_and_omits_per_article() -> None:
    text = to_markdown(make_brief(build_story()))
    section = text[text.index("## What each article adds and omits") :]
    assert "| `evil` | 2 | 1 (C5) | 1 (C2) | 1 |" in section


def test_markdown_relations_show_reuse_level_and_share() -> None:
    story = build_story()
    first = replace(story.relations[0], reuse="partially", derived_share=0.42)
    text = to_markdown(make_brief(replace(story, relations=(first, *story.relations[1:]))))
    relations = text[text.index("## Relations") : text.index("## Origins")]
    assert "| Reuse |" in relations
    assert "| partially 42% |" in relations
