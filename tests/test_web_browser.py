"""The web app in a real browser (headless Debian chromium through playwright): sign in,
upload the demo articles, watch the story appear, open it; graph, claim matrix, timeline
and side-by-side render with no console error; hostile article markup runs nothing; a form
post without the CSRF token is refused. Screenshots of the main pages go to a temporary
folder (or ``$STORYTRACE_SCREENSHOTS``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from webutil import PASSWORD, Live, demo_files, live_server, settings_for

HOSTILE = (
    "Velmora council meets on <script>document.title='pwned';window.pwned=1</script> the "
    'landslide repairs.\nResidents carried a banner <img src=x onerror="window.pwned=2"> '
    "and asked the council to explain why the drainage above the viaduct was never fixed."
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(settings_for(tmp_path_factory.mktemp("web-browser"))) as live:
        live.add_user("ed", "editor")
        yield live


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("STORYTRACE_SCREENSHOTS")
    folder = Path(where) if where else tmp_path_factory.mktemp("screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Tab:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


@pytest.fixture(scope="module")
def tab(browser: Any, live: Live) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    t = Tab(context.new_page())
    t.page.goto(live.url + "/")
    assert "/login" in t.page.url, "unauthenticated visitors are sent to sign in"
    t.page.fill("input[name=name]", "ed")
    t.page.fill("input[name=password]", PASSWORD)
    t.page.click("button[type=submit]")
    t.page.wait_for_url(live.url + "/")
    yield t
    context.close()


def test_upload_watch_story_appear_and_open_it(
    tab: Tab, live: Live, shots: Path, tmp_path: Path
) -> None:
    page = tab.page
    page.screenshot(path=str(shots / "0-stories-empty.png"))
    paths = []
    for name, data in demo_files():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    page.goto(live.url + "/upload")
    page.screenshot(path=str(shots / "1-upload.png"))
    page.set_input_files("form[enctype] input[type=file]", paths)
    page.click("form[enctype] >> nth=0 >> button[type=submit]")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("a.story-link", timeout=180_000)
    page.screenshot(path=str(shots / "2-job.png"))
    # The stories list shows it.
    page.goto(live.url + "/")
    page.wait_for_selector("a.story-title")
    page.click("a.story-title")
    page.wait_for_url("**/stories/*")
    # The page fills in by itself when the analysis lands.
    page.wait_for_selector("svg.graph", timeout=240_000)
    assert page.locator("svg.timeline circle").count() == 7
    assert page.locator("table.matrix tbody tr").count() > 10
    assert page.locator("svg.graph g.node").count() == 7
    labels = page.locator("svg.graph .node-label").all_text_contents()
    assert "Marrowick Courier" in labels and not any(lbl.endswith(".txt") for lbl in labels)
    page.select_option("#pair", index=1)
    assert page.locator("#sbs-body tr").count() > 3
    page.screenshot(path=str(shots / "3-story.png"), full_page=False)
    page.locator("#matrix").scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    page.screenshot(path=str(shots / "4-story-matrix.png"))
    page.locator("#timeline").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "5-story-timeline.png"))
    page.goto(live.url + "/")
    page.screenshot(path=str(shots / "6-stories.png"))
    page.goto(live.url + "/articles/trendwire-daily")
    assert page.locator("del.removed").count() > 3
    page.screenshot(path=str(shots / "7-article.png"))
    assert tab.errors == [], tab.errors


def test_hostile_article_runs_nothing(tab: Tab, live: Live, shots: Path, tmp_path: Path) -> None:
    page = tab.page
    (tmp_path / "velmora-council.txt").write_text(HOSTILE, encoding="utf-8")
    page.goto(live.url + "/upload")
    page.set_input_files("form[enctype] input[type=file]", [str(tmp_path / "velmora-council.txt")])
    page.click("form[enctype] >> nth=0 >> button[type=submit]")
    page.wait_for_selector("a.story-link", timeout=180_000)
    page.click("a.story-link")
    page.wait_for_url("**/stories/*")
    page.wait_for_selector("#summary", timeout=240_000)
    for path in (page.url, live.url + "/articles/velmora-council", live.url + "/search?q=velmora"):
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.title() != "pwned"
        assert page.evaluate("window.pwned === undefined")
        assert (
            "<script>document.title" in page.locator("main").inner_text()
            or "velmora" in path.lower()
        )
    page.screenshot(path=str(shots / "8-hostile-article.png"))
    assert tab.dialogs == []


def test_form_post_without_csrf_token_is_refused(tab: Tab, live: Live) -> None:
    page = tab.page
    page.goto(live.url + "/feeds")
    status = page.evaluate(
        """async () => {
            const body = new FormData();
            body.append('url', 'http://127.0.0.1:9/forged.xml');
            const r = await fetch('/feeds', {method: 'POST', body, redirect: 'manual'});
            return r.status;
        }"""
    )
    assert status == 403
    page.reload()
    assert "forged.xml" not in page.content()
    # The same form with the page's own token works.
    page.fill("input[name=url]", "http://example.invalid/feed.xml")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("load")
    assert "CSRF" not in page.content() and "403" not in page.title()
