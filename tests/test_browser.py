"""The HTML report in a real browser (headless Debian chromium through playwright).

Checks what a reader sees: no script errors, a drawn provenance graph, the claim matrix,
the side-by-side view filling when a pair is picked, and article markup shown as text
without ever running.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storytrace.report import write_reports
from storytrace.report.brief import make_brief
from storytrace.types import Story
from test_report_data import IMG, SCRIPT, build_story

pytestmark = pytest.mark.browser


class Opened:
    def __init__(self, page: Any, story: Story) -> None:
        self.page = page
        self.story = story
        self.errors: list[str] = []
        self.requests: list[str] = []


def open_report(browser: Any, story: Story, folder: Path) -> Opened:
    (path,) = write_reports(story, html_path=folder / "report.html")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    opened = Opened(page, story)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.on("request", lambda r: opened.requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return opened


@pytest.fixture(scope="module")
def hand_built(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    opened = open_report(browser, make_brief(build_story()), tmp_path_factory.mktemp("hand"))
    yield opened
    opened.page.close()


def test_browser_no_errors_and_no_network(hand_built: Opened) -> None:
    assert hand_built.errors == []
    assert all(url.startswith("file://") for url in hand_built.requests), hand_built.requests


def test_browser_graph_has_sized_nodes_and_edges(hand_built: Opened) -> None:
    page, story = hand_built.page, hand_built.story
    nodes = page.locator("svg.graph g.node")
    edges = page.locator("svg.graph g.edge")
    assert nodes.count() == len(story.articles)
    assert edges.count() == len(story.relations)
    for loc in (nodes, edges):
        for i in range(loc.count()):
            box = loc.nth(i).bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0
    assert page.locator("svg.graph g.edge.independent").count() == 1


def test_browser_matrix_rows_and_columns(hand_built: Opened) -> None:
    page, story = hand_built.page, hand_built.story
    rows = page.locator("table.matrix tbody tr")
    assert rows.count() == len(story.claims)
    assert page.locator("table.matrix thead th.col").count() == len(story.articles)
    for i in range(rows.count()):
        assert rows.nth(i).locator("td").count() == len(story.articles)
    # C1 is stated by every article.
    assert rows.nth(0).locator("td.hit").count() == len(story.articles)


def test_browser_side_by_side_fills_for_the_selected_pair(hand_built: Opened) -> None:
    page = hand_built.page
    body = page.locator("#sbs-body")
    assert body.locator("tr.aligned").count() == 3  # wire/daily, shown first on load
    options = page.locator("#pair option")
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    assert len(labels) == 6
    pick = next(i for i, label in enumerate(labels) if "gazette" in label and "daily" in label)
    page.select_option("#pair", str(pick))
    rows = body.locator("tr")
    assert rows.count() == 6  # no alignment: each article's sentences in its own rows
    assert "gazette" in page.locator("#sbs-a, #sbs-b").all_inner_texts()[1] + labels[pick]
    assert body.locator("td.left:not(.empty)").count() > 0
    assert body.locator("td.right:not(.empty)").count() > 0


def test_browser_article_markup_shows_as_text_and_never_runs(hand_built: Opened) -> None:
    page = hand_built.page
    options = page.locator("#pair option")
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    pick = next(i for i, label in enumerate(labels) if "wire" in label and "evil" in label)
    page.select_option("#pair", str(pick))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shown = page.locator("#sbs-body").inner_text()
    assert SCRIPT in shown and IMG in shown
    assert page.locator("#brief").get_by_text(SCRIPT, exact=False).is_visible()
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2
    assert page.evaluate("typeof window.__pwned") == "undefined"


# --- the real pipeline on invented articles --------------------------------------------

DEMO = Path(__file__).resolve().parents[1] / "src" / "storytrace" / "demo" / "articles"
MARKUP_ARTICLE = (
    "Readers react to the Lower Quay flood\n\n"
    "A storm surge flooded the Lower Quay district of Marrowick before dawn on Tuesday, "
    "city officials said, and about 1,200 residents left their homes.\n\n"
    f"One reader pasted {SCRIPT} into our comment form on Tuesday night.\n\n"
    f"Another sent {IMG} with a photo of the harbour wall.\n\n"
    "The port will stay closed until at least Friday, the port director said.\n"
)


@pytest.fixture(scope="module")
def real(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    from storytrace import api, pipeline

    try:
        pipeline.default_components()
    except ImportError as exc:
        pytest.skip(f"the analysis pipeline is not complete in this checkout: {exc}")
    folder = tmp_path_factory.mktemp("real")
    markup = folder / "reader-comments.txt"
    markup.write_text(MARKUP_ARTICLE, encoding="utf-8")
    names = ("marrowick-courier.txt", "ostermere-observer.txt", "coastal-press-agency.html")
    inputs = [str(DEMO / n) for n in names] + [str(markup)]
    story = api.analyze(api.load_articles(inputs))
    opened = open_report(browser, story, folder)
    yield opened
    opened.page.close()


def test_browser_real_pipeline_report_renders(real: Opened) -> None:
    page, story = real.page, real.story
    assert real.errors == []
    assert page.locator("svg.graph g.node").count() == len(story.articles) == 4
    assert page.locator("svg.graph g.edge").count() == len(story.relations) > 0
    box = page.locator("svg.graph").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 40
    assert page.locator("table.matrix tbody tr").count() == len(story.claims)
    if story.claims:
        assert page.locator("table.matrix thead th.col").count() == len(story.articles)


def test_browser_real_pipeline_markup_never_runs(real: Opened) -> None:
    page = real.page
    options = page.locator("#pair option")
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    assert len(labels) == 6
    pick = next(i for i, lab in enumerate(labels) if "reader-comments" in lab)
    page.select_option("#pair", str(pick))
    assert page.locator("#sbs-body tr").count() > 0
    shown = page.locator("#sbs-body").inner_text()
    assert SCRIPT in shown and IMG in shown
    assert page.locator("#sbs-body").get_by_text(SCRIPT, exact=False).first.is_visible()
    assert page.locator("img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
