"""robots.txt, obeyed by the service's fetcher: a local HTTP server on 127.0.0.1 serves a
robots.txt that the tests change; disallowed pages and feeds are refused with the reason
on the job and the feed, a Crawl-delay slows the host down, rules are kept for their time
to live, and an unreachable robots.txt stops fetching until it can be read."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PARAGRAPHS, news_page
from httpsite import Answer, local_site
from storytrace.web.fetch import Fetcher, FetchError
from webutil import live_server, settings_for

PAGE = news_page(PARAGRAPHS).encode()


class Site:
    """A site whose robots.txt the test sets (``robots_status`` 200 serves ``robots``);
    every request is logged with its time."""

    def __init__(self) -> None:
        self.robots = ""
        self.robots_status = 200
        self.hits: list[tuple[str, float]] = []
        self.base = ""

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.hits if p == path)

    def feed(self, *paths: str) -> bytes:
        items = "".join(
            f"<item><title>{p}</title><link>{self.base}{p}</link></item>" for p in paths
        )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Robots wire</title>'
            f"<link>{self.base}/</link><description>t</description>{items}</channel></rss>"
        ).encode()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()

    def route(path: str, base: str) -> Answer:
        s.hits.append((path, time.monotonic()))
        if path == "/robots.txt":
            return s.robots_status, "text/plain", s.robots.encode()
        if path.endswith(".xml"):
            return 200, "application/rss+xml", s.feed("/news/a.html", "/private/b.html")
        return 200, "text/html; charset=utf-8", PAGE

    with local_site(route) as base:
        s.base = base
        yield s


def fetcher(tmp_path: Path, **kw: Any) -> Fetcher:
    values = {"allow_hosts": ("127.0.0.1",), "host_interval_s": 0.0, **kw}
    return Fetcher(settings_for(tmp_path, **values))


@pytest.mark.parametrize(
    "robots",
    [
        "User-agent: *\nDisallow: /private/\n",
        # A group for storytrace itself wins over the one for everybody.
        "User-agent: storytrace\nDisallow: /private/\n\nUser-agent: *\nAllow: /\n",
    ],
)
def test_disallowed_page_is_refused_with_the_reason(
    tmp_path: Path, site: Site, robots: str
) -> None:
    site.robots = robots
    f = fetcher(tmp_path)
    assert f.get(site.base + "/news/a.html").body == PAGE
    with pytest.raises(FetchError, match=r"robots\.txt disallows /private/b\.html"):
        f.get(site.base + "/private/b.html")
    assert f.get(site.base + "/news/c.html").body == PAGE
    assert site.count("/private/b.html") == 0, "a disallowed page is never requested"
    assert site.count("/robots.txt") == 1, "robots.txt is read once per site"


def test_site_without_robots_txt_is_fetched(tmp_path: Path, site: Site) -> None:
    site.robots_status = 404  # RFC 9309: any 4xx means no rules
    assert fetcher(tmp_path).get(site.base + "/private/b.html").body == PAGE


def three_pages(f: Fetcher, site: Site) -> float:
    """Seconds from asking for a first page until a third one came back. The host's turn
    spaces the three requests' starts, so this is at least twice the interval it keeps."""
    started = time.monotonic()
    for name in ("a", "b", "c"):
        f.get(f"{site.base}/news/{name}.html")
    return time.monotonic() - started


def test_crawl_delay_spaces_requests_to_the_host(tmp_path: Path, site: Site) -> None:
    site.robots = "User-agent: *\nCrawl-delay: 1\n"
    assert three_pages(fetcher(tmp_path), site) >= 2.0


def test_crawl_delay_is_capped_by_the_operator(tmp_path: Path, site: Site) -> None:
    site.robots = "User-agent: *\nCrawl-delay: 20\n"
    took = three_pages(fetcher(tmp_path, max_crawl_delay_s=0.3), site)
    assert 0.6 <= took < 15, "waited the site's 20 s, not the operator's cap"


def test_rules_are_kept_for_their_time_to_live(tmp_path: Path, site: Site) -> None:
    site.robots = "User-agent: *\nAllow: /\n"
    f = fetcher(tmp_path, robots_ttl_s=0.5)
    f.get(site.base + "/news/a.html")
    site.robots = "User-agent: *\nDisallow: /news/\n"
    f.get(site.base + "/news/b.html")  # still the rules read a moment ago
    time.sleep(0.6)
    with pytest.raises(FetchError, match=r"disallows /news/c\.html"):
        f.get(site.base + "/news/c.html")
    assert site.count("/robots.txt") == 2


def test_unreachable_robots_txt_stops_fetching_until_it_answers(tmp_path: Path, site: Site) -> None:
    site.robots_status = 503
    f = fetcher(tmp_path, robots_retry_s=0.3)
    with pytest.raises(FetchError, match=r"robots\.txt could not be read \(HTTP 503\)"):
        f.get(site.base + "/news/a.html")
    assert site.count("/news/a.html") == 0
    site.robots_status, site.robots = 200, "User-agent: *\nAllow: /\n"
    time.sleep(0.4)
    assert f.get(site.base + "/news/a.html").body == PAGE


def test_feed_and_job_record_why_robots_refused(tmp_path: Path, site: Site) -> None:
    """Through the service: a disallowed feed gets the reason as its last error, and a
    poll job lists the disallowed item with the reason while the allowed one is stored."""
    site.robots = "User-agent: *\nDisallow: /private/\n"
    settings = settings_for(tmp_path, allow_hosts=("127.0.0.1",), host_interval_s=0.0)
    with live_server(settings) as live:
        live.add_user("ed", "editor")
        c, csrf = live.signed_in("ed")
        with c:
            for path in ("/news/feed.xml", "/private/feed.xml"):
                r = c.post(
                    "/api/feeds",
                    json={"url": site.base + path, "interval_s": 3600},
                    headers={"X-CSRF-Token": csrf},
                )
                assert r.status_code == 201, r.text
            end = time.monotonic() + 120
            while not all(f["last_polled"] for f in c.get("/api/feeds").json()):
                assert time.monotonic() < end, "the feeds were never polled"
                time.sleep(0.2)
            live.wait_idle()
            feeds = {f["url"]: f for f in c.get("/api/feeds").json()}
            jobs = [j for j in c.get("/api/jobs").json() if j["kind"] == "poll"]
        with live.st.service.reader() as store:
            urls = [r.url for batch in store.iter_records() for r in batch]
    refused = feeds[site.base + "/private/feed.xml"]
    assert "robots.txt disallows /private/feed.xml" in refused["last_error"]
    assert feeds[site.base + "/news/feed.xml"]["last_error"] is None
    by_status = {j["status"]: j for j in jobs}
    assert "robots.txt disallows /private/feed.xml" in by_status["failed"]["error"]
    failed = by_status["done"]["result"]["failed"]
    assert [f["url"] for f in failed] == [site.base + "/private/b.html"]
    assert "robots.txt disallows /private/b.html" in failed[0]["detail"]
    assert urls == [site.base + "/news/a.html"]
    assert site.count("/private/b.html") == 0 and site.count("/private/feed.xml") == 0
