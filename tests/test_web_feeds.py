"""Feeds, live: a local HTTP server on 127.0.0.1 serves an RSS feed and article pages that
change between polls; new articles arrive in their stories, nothing twice. Also pages
added by URL, and the fetcher's refusals (content type, size, private addresses)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import PARAGRAPHS, news_page
from httpsite import Answer, Route, local_site
from storytrace.web.fetch import Fetcher, FetchError
from webutil import PASSWORD, Live, live_server, settings_for

OTHER = (
    "A night train between Velmora and Oskar Bay stopped for six hours on Thursday after a "
    "landslide covered the line near the Tarn viaduct, the rail operator said.",
    "About 300 passengers waited in the carriages until buses arrived; nobody was hurt, and "
    "engineers expect the line to reopen on Saturday once the slope has been secured.",
    "The operator said it had warned the regional council twice last year that the cutting "
    "above the viaduct needed new drainage, a claim the council disputes.",
)


class Site:
    """What the local server serves; tests change it between polls."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.items: list[tuple[str, str]] = []
        self.hits: dict[str, int] = {}

    def feed(self, base: str) -> bytes:
        entries = "".join(
            f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid></item>"
            for p, t in self.items
        )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Coastline wire</title>'
            f"<link>{base}/</link><description>test</description>{entries}</channel></rss>"
        ).encode()


def route_for(site: Site) -> Route:
    def route(path: str, base: str) -> Answer | None:
        site.hits[path] = site.hits.get(path, 0) + 1
        if path == "/feed.xml":
            return 200, "application/rss+xml", site.feed(base)
        if path == "/feed.rss":  # what Python's http.server and Debian's mime.types send
            return 200, "application/x-rss+xml", site.feed(base)
        if path in site.pages:
            ctype, body = site.pages[path]
            return 200, ctype, body
        return None

    return route


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    s = Site()
    with local_site(route_for(s)) as base:
        yield s, base


@pytest.fixture(params=["sqlite", "postgresql"])
def web_db(request: pytest.FixtureRequest) -> str | None:
    """``--db`` of a test's server: None (SQLite files in its data folder) or a new database
    on the session's PostgreSQL server."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("pg_server").new_database("feeds"))


def page(paragraphs: tuple[str, ...], title: str, outlet: str, date: str) -> tuple[str, bytes]:
    html = news_page(paragraphs, title=title, site=outlet, date=date)
    return "text/html; charset=utf-8", html.encode()


def articles(live: Live) -> dict[str, str]:
    """Stored article url -> story id."""
    with live.st.service.reader() as store:
        assigned = store.assignments()
        return {
            r.url: assigned.get(r.id, "") for batch in store.iter_records() for r in batch if r.url
        }


def first_poll(c: Any, live: Live) -> dict[str, Any]:
    """Wait for the scheduler's first poll of the one feed (it polls a new feed at once)
    and the work it queued; the feed's row."""
    end = time.monotonic() + 60
    while not c.get("/api/feeds").json()[0]["last_polled"]:
        assert time.monotonic() < end, "the feed was never polled"
        time.sleep(0.2)
    live.wait_idle()
    feed: dict[str, Any] = c.get("/api/feeds").json()[0]
    return feed


def add_feed(c: Any, csrf: str, url: str) -> int:
    """Watch ``url`` as a feed polled hourly through the API; its id."""
    r = c.post("/api/feeds", json={"url": url, "interval_s": 3600}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_feed_items_arrive_in_their_stories_nothing_twice(
    tmp_path: Any, site: tuple[Site, str], web_db: str | None
) -> None:
    s, base = site
    p = PARAGRAPHS
    s.pages["/a.html"] = page(
        p, "Port Elvane votes to deepen channel", "Coastline Ledger", "2025-06-17"
    )
    s.pages["/b.html"] = page(
        (*p[:3], "Critics plan an appeal."),
        "Elvane harbour plan approved",
        "Bay Courier",
        "2025-06-17",
    )
    s.items = [("/a.html", "Port Elvane votes"), ("/b.html", "Harbour plan approved")]
    settings = settings_for(
        tmp_path, db_url=web_db, allow_hosts=("127.0.0.1",), host_interval_s=0.0
    )
    with live_server(settings) as live:
        live.add_user("ed", "editor")
        c, csrf = live.signed_in("ed")
        h = {"X-CSRF-Token": csrf}
        with c:
            fid = add_feed(c, csrf, base + "/feed.xml")
            # The scheduler polls a new feed at once.
            first_poll(c, live)
            first = articles(live)
            assert set(first) == {base + "/a.html", base + "/b.html"}
            assert first[base + "/a.html"] == first[base + "/b.html"], "one story"
            feed = c.get("/api/feeds").json()[0]
            assert feed["title"] == "Coastline wire" and feed["items"] == 2

            # Between polls: a new article of the same story, one of another story, and
            # page a.html rewritten (already read: not fetched again).
            s.pages["/a.html"] = page(
                p[::-1], "Port Elvane (updated)", "Coastline Ledger", "2025-06-18"
            )
            s.pages["/c.html"] = page(
                (*p[1:], "Dredging starts in autumn."),
                "Elvane dredging: what next",
                "Harbour Times",
                "2025-06-18",
            )
            s.pages["/d.html"] = page(
                OTHER, "Landslide halts Velmora night train", "Rail Week", "2025-06-19"
            )
            s.items += [("/c.html", "What next"), ("/d.html", "Landslide")]
            r = c.post(f"/api/feeds/{fid}/poll", headers=h)
            assert r.status_code == 202
            live.wait_idle()
            second = articles(live)
            job = c.get(r.json()["url"]).json()
            assert job["status"] == "done", job
            assert len(second) == 4 and s.hits["/a.html"] == 1
            assert second[base + "/c.html"] == first[base + "/a.html"]
            assert second[base + "/d.html"] != first[base + "/a.html"]

            # A third poll with nothing new adds nothing.
            r = c.post(f"/api/feeds/{fid}/poll", headers=h)
            live.wait_idle()
            assert c.get(r.json()["url"]).json()["result"]["added"] == 0
            assert articles(live) == second
            stories = c.get("/api/stories", params={"sort": "size"}).json()["stories"]
            assert [st["size"] for st in stories] == [3, 1]
            assert all(st["analyzed"] for st in stories), "changed stories are re-analysed"
            detail = c.get(f"/api/stories/{stories[0]['id']}").json()
            assert detail["report_fresh"]
            assert {a["outlet"] for a in detail["articles"]} == {
                "Coastline Ledger",
                "Bay Courier",
                "Harbour Times",
            }


def test_feed_watched_from_the_feeds_page_as_servers_send_it(
    tmp_path: Any, site: tuple[Site, str]
) -> None:
    """An editor's walk through the HTML pages: sign in, watch a feed served as
    application/x-rss+xml, and read its item count on the feeds page (once a 422 for the
    content type, and a Python method's repr in the Items column)."""
    import re

    s, base = site
    s.pages["/a.html"] = page(PARAGRAPHS, "Port Elvane votes", "Coastline Ledger", "2025-06-17")
    s.items = [("/a.html", "Port Elvane votes")]
    settings = settings_for(tmp_path, allow_hosts=("127.0.0.1",), host_interval_s=0.0)
    with live_server(settings) as live:
        live.add_user("ed", "editor")
        with live.client() as c:
            r = c.post("/login", data={"name": "ed", "password": PASSWORD})
            assert r.status_code == 303, r.text
            form = c.get("/feeds").text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
            assert csrf is not None
            r = c.post(
                "/feeds",
                data={"csrf_token": csrf.group(1), "url": base + "/feed.rss", "interval_s": "600"},
            )
            assert r.status_code == 303, r.text
            feed = first_poll(c, live)
            assert feed["last_error"] is None and feed["items"] == 1, feed
            text = c.get("/feeds").text
    assert "built-in method" not in text
    assert re.search(r'<td class="num">1</td>', text), text
    assert list(articles(live)) == [base + "/a.html"]


def test_a_feed_whose_item_pages_all_fail_says_so(tmp_path: Any, site: tuple[Site, str]) -> None:
    s, base = site
    s.items = [("/gone-1.html", "Gone"), ("/gone-2.html", "Gone too")]
    settings = settings_for(tmp_path, allow_hosts=("127.0.0.1",), host_interval_s=0.0)
    with live_server(settings) as live:
        live.add_user("ed", "editor")
        c, csrf = live.signed_in("ed")
        with c:
            add_feed(c, csrf, base + "/feed.xml")
            feed = first_poll(c, live)
            page = c.get("/feeds").text
    assert feed["items"] == 0
    assert feed["last_error"].startswith("none of the 2 new item pages could be fetched")
    assert "HTTP 404" in feed["last_error"] and "none of the 2 new item pages" in page


def test_pages_added_by_url(tmp_path: Any, site: tuple[Site, str], web_db: str | None) -> None:
    s, base = site
    s.pages["/e.html"] = page(OTHER, "Night train stuck for six hours", "Valley Post", "2025-06-19")
    s.pages["/f.bin"] = ("application/octet-stream", b"\x00\x01")
    settings = settings_for(
        tmp_path, db_url=web_db, allow_hosts=("127.0.0.1",), host_interval_s=0.0
    )
    with live_server(settings) as live:
        live.add_user("ed", "editor")
        c, csrf = live.signed_in("ed")
        with c:
            urls = [base + "/e.html", base + "/f.bin", base + "/missing.html"]
            r = c.post("/api/articles/urls", json={"urls": urls}, headers={"X-CSRF-Token": csrf})
            assert r.status_code == 202
            live.wait_idle()
            job = c.get(r.json()["url"]).json()
        stored = articles(live)  # while the service is open: it closes its readers
    assert job["status"] == "done", job
    failed = {f["url"]: f["detail"] for f in job["result"]["failed"]}
    assert "content type 'application/octet-stream'" in failed[base + "/f.bin"]
    assert "HTTP 404" in failed[base + "/missing.html"]
    assert list(stored) == [base + "/e.html"]


def test_fetcher_refuses_private_addresses_and_big_pages(
    tmp_path: Any, site: tuple[Site, str]
) -> None:
    s, base = site
    s.pages["/big.html"] = ("text/html", b"<p>" + b"word " * 50_000 + b"</p>")
    strict = Fetcher(settings_for(tmp_path))
    for url in (base + "/a.html", "http://localhost/x", "http://[::1]/x", "ftp://example.org/x"):
        with pytest.raises(FetchError):
            strict.check_url(url)
    capped = Fetcher(settings_for(tmp_path, allow_hosts=("127.0.0.1",), max_fetch_bytes=10_000))
    with pytest.raises(FetchError, match="over 10,000 bytes"):
        capped.get(base + "/big.html")


def test_fetched_pages_read_from_memory_as_from_files(tmp_path: Any) -> None:
    """A poll reads fetched pages in memory: the same articles (ids, text, metadata,
    content hash) as reading the same bytes saved under the same file names, and a page
    the reader cannot use is counted as skipped, not lost."""
    from storytrace import api
    from storytrace.types import ReadReport

    pages = [
        ("http://127.0.0.1/a/1", "a_1.html", news_page().encode()),
        ("http://127.0.0.1/a/2", "a_2.html", news_page(OTHER, title="Train stopped").encode()),
        ("http://127.0.0.1/a/3", "a_3.txt", b"\x00\x01\x02" * 400),
    ]
    for _, name, body in pages:
        (tmp_path / name).write_bytes(body)
    on_disk = list(api.read_articles([str(tmp_path / n) for _, n, _ in pages], policy="skip"))
    report = ReadReport()
    in_memory = list(api.read_blobs(pages, report, policy="skip"))
    assert [(a.id, a.raw, a.title, a.outlet, a.content_hash) for a in in_memory] == [
        (a.id, a.raw, a.title, a.outlet, a.content_hash) for a in on_disk
    ]
    assert [a.source for a in in_memory] == ["http://127.0.0.1/a/1", "http://127.0.0.1/a/2"]
    assert [s.source for s in report.skipped] == ["http://127.0.0.1/a/3"]


FULL = (
    *PARAGRAPHS,
    "Dredging is to begin in the autumn, once the spawning season is over, and the board "
    "expects the deeper channel to be open to the first large cargo ships within a year.",
    "Harbour pilots welcomed the decision, saying the present channel forces ships of more "
    "than a modest draught to wait for the high tide before they can enter the port.",
)
SUMMARY = "Port Elvane's harbour board approved a plan to deepen its main channel."


def test_a_feed_entry_with_its_full_text_is_read_from_the_feed(
    tmp_path: Any, site: tuple[Site, str]
) -> None:
    """An entry whose content:encoded holds the article is read from the feed, its page
    never fetched; an entry whose content is a teaser has its page fetched as before."""
    s, base = site
    full_html = "".join(f"<p>{p}</p>" for p in FULL)
    teaser = f"<p>{SUMMARY}</p><p><a href='{base}/teaser.html'>Read more</a></p>"
    s.pages["/full.html"] = page(
        ("The page of this item: a poll that fetched it reads this instead. " * 3,),
        "Page",
        "Coastline Ledger",
        "2025-06-17",
    )
    s.pages["/teaser.html"] = page(OTHER, "Landslide halts night train", "Rail Week", "2025-06-19")
    content = "http://purl.org/rss/1.0/modules/content/"
    items = (
        f"<item><title>Port Elvane votes to deepen channel</title><link>{base}/full.html</link>"
        f"<pubDate>Tue, 17 Jun 2025 09:30:00 GMT</pubDate><description>{SUMMARY}</description>"
        f"<content:encoded><![CDATA[{full_html}]]></content:encoded></item>"
        f"<item><title>Night train stuck</title><link>{base}/teaser.html</link>"
        f"<description>{SUMMARY}</description>"
        f"<content:encoded><![CDATA[{teaser}]]></content:encoded></item>"
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0" xmlns:content="{content}"><channel>'
        f"<title>Coastline wire</title><link>{base}/</link><description>t</description>"
        f"{items}</channel></rss>"
    ).encode()
    s.pages["/full-feed.xml"] = ("application/rss+xml", feed)
    settings = settings_for(tmp_path, allow_hosts=("127.0.0.1",), host_interval_s=0.0)
    with live_server(settings) as live:
        live.add_user("ed", "editor")
        c, csrf = live.signed_in("ed")
        with c:
            add_feed(c, csrf, base + "/full-feed.xml")
            first_poll(c, live)
            jobs = c.get("/api/jobs").json()
            with live.st.service.reader() as store:
                records = {r.url: r for batch in store.iter_records() for r in batch}
                texts = store.texts([r.id for r in records.values()])
    poll = next(j for j in jobs if j["kind"] == "poll")
    assert s.hits.get("/full.html", 0) == 0 and s.hits["/teaser.html"] == 1
    assert poll["result"]["from_feed"] == 1 and poll["result"]["added"] == 2
    full = records[base + "/full.html"]
    assert full.title == "Port Elvane votes to deepen channel"
    assert full.published == "2025-06-17" and full.outlet == "Coastline wire"
    assert "Harbour pilots welcomed the decision" in texts[full.id]
    teaser_page = records[base + "/teaser.html"]  # read from its fetched page
    assert (teaser_page.title, teaser_page.outlet) == ("Landslide halts night train", "Rail Week")
