"""The HTML report: self-contained, escaped, and carrying every section's data."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from storytrace.report.aligned import pair_rows, script_json
from storytrace.report.brief import make_brief
from storytrace.report.html import matrix_order, to_html, word_diff
from test_report_data import IMG, SCRIPT, build_story


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _page() -> str:
    return to_html(make_brief(build_story()))


def _tags() -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collect()
    parser.feed(_page())
    return parser.tags


def test_html_needs_no_network() -> None:
    page = _page()
    for tag, attrs in _tags():
        for key in ("src", "href", "xlink:href", "action", "poster", "data"):
            value = attrs.get(key) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, key, value)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)
    assert "<link" not in page
    # Every script is inline; the only executable one is ours.
    scripts = [a for t, a in _tags() if t == "script"]
    assert all("src" not in a for a in scripts)
    assert [a.get("type") for a in scripts] == ["application/json", None]


def test_html_escapes_article_text_everywhere() -> None:
    page = _page()
    assert SCRIPT not in page
    assert IMG not in page
    assert "<b>news</b>" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    # Only our own elements exist: nothing from the article became a tag.
    assert not [t for t, _ in _tags() if t in {"img", "b"}]
    assert sum(1 for t, _ in _tags() if t == "script") == 2


def test_html_embedded_json_cannot_close_its_script() -> None:
    page = _page()
    m = re.search(r'<script type="application/json" id="align-data">(.*?)</script>', page, re.S)
    assert m is not None
    body = m.group(1)
    assert "<" not in body and ">" not in body and "&" not in body
    data = json.loads(body)
    assert SCRIPT in json.dumps(data, ensure_ascii=False)
    assert script_json({"x": "</script>&"}) == '{"x":"\\u003c/script\\u003e\\u0026"}'


def test_html_has_graph_matrix_quotes_and_sections() -> None:
    page = _page()
    tags = _tags()
    story = make_brief(build_story())
    assert sum(1 for t, a in tags if t == "g" and a.get("class") == "node") == 4
    edges = [a for t, a in tags if t == "g" and (a.get("class") or "").startswith("edge")]
    assert len(edges) == 3
    assert [a["class"] for a in edges].count("edge independent") == 1
    rows = [a for t, a in tags if t == "tr" and (a.get("class") or "").startswith("claim ")]
    assert len(rows) == len(story.claims)
    for section in (
        "summary",
        "brief",
        "graph",
        "matrix",
        "quotes",
        "side-by-side",
        "conflicts",
        "framing",
        "removed",
    ):
        assert f'<section id="{section}">' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_word_diff_marks_words_and_escapes() -> None:
    assert (
        word_diff("no cuts to the water", "no cuts to water") == "no cuts to <del>the </del>water"
    )
    assert word_diff("a <b>", "a <i>") == "a &lt;<del>b</del><ins>i</ins>&gt;"


def test_side_by_side_rows_keep_both_articles_in_reading_order() -> None:
    story = build_story()
    wire, daily = story.article("wire"), story.article("daily")
    rows = pair_rows(story, wire, daily)
    assert [r[0] for r in rows] == [[0], [1], [2], [3]]
    assert [r[1] for r in rows] == [[0], [1], [2], []]
    assert [r[2] for r in rows] == ["verbatim", "verbatim", "close", ""]
    # Reversed order gives the mirror image, with the left-only row turned right-only.
    back = pair_rows(story, daily, wire)
    assert [r[1] for r in back] == [[0], [1], [2], [3]]


def test_quotes_show_reference_first_group_identical_and_skip_diffing_translations() -> None:
    story = make_brief(build_story())
    (quote,) = story.quotes
    wire, daily = quote.variants
    same = replace(daily, article="evil", text=wire.text, fidelity="verbatim")
    french = replace(daily, article="gazette", text="Nous ne prévoyons pas", fidelity="translated")
    story = replace(story, quotes=(replace(quote, variants=(daily, french, same, wire)),))
    page = to_html(story)
    section = page[page.index('<section id="quotes">') : page.index('<section id="side-by-side">')]
    assert section.index("reference") < section.index("<code>daily</code>")
    assert "Same words in: evil (Copy &amp; Paste News)" in section
    assert "<del>the </del>" in section
    assert "Nous ne prévoyons pas</blockquote>" in section


@given(st.text(max_size=60), st.text(max_size=60))
def test_word_diff_round_trips_both_texts(reference: str, text: str) -> None:
    marked = word_diff(reference, text)
    new = html.unescape(re.sub(r"<del>.*?</del>|</?ins>", "", marked, flags=re.S))
    old = html.unescape(re.sub(r"<ins>.*?</ins>|</?del>", "", marked, flags=re.S))
    assert new == text and old == reference


def test_html_adds_omits_and_unsupported_sentences_are_escaped() -> None:
    page = _page()
    section = page[page.index('<section id="coverage">') : page.index('<section id="removed">')]
    assert "<summary>1 sentence</summary>" in section
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in section
    assert "(not in wire)" in section


def test_matrix_groups_columns_by_origin_and_rows_by_status() -> None:
    cols, rows = matrix_order(build_story())
    assert cols == ["wire", "daily", "evil", "gazette"]
    statuses = [build_story().claims[i].status for i in rows]
    assert statuses == [
        "corroborated",
        "single-source",
        "single-source",
        "single-source",
        "disputed",
    ]


def test_conflicting_values_are_grouped_by_value() -> None:
    story = make_brief(build_story())
    (conflict,) = story.conflicts
    extra = replace(conflict.values[0], article="daily")
    story = replace(story, conflicts=(replace(conflict, values=(*conflict.values, extra)),))
    page = to_html(story)
    section = page[page.index('<section id="conflicts">') :]
    assert '42 million euros</span> <span class="muted">in wire, daily</span>' in section
    assert '45 million euros</span> <span class="muted">in gazette</span>' in section


def test_html_relations_show_reuse_level_and_share() -> None:
    story = build_story()
    first = replace(story.relations[0], reuse="wholly", derived_share=0.87)
    page = to_html(make_brief(replace(story, relations=(first, *story.relations[1:]))))
    relations = page[page.index('<table class="data relations">') :]
    assert "<th>Reuse</th>" in relations
    assert "<td>wholly 87%</td>" in relations
