"""WARC archives and RSS/Atom feeds, read through the suffix registry."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest

from storytrace.errors import InputError
from storytrace.ingest import read_inputs
from storytrace.ingest.feeds import html_to_text, read_feed_url
from storytrace.types import ReadReport


def _record(kind: str, url: str, block: bytes, n: int) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-"
        f"{n:012d}>\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2025-05-06T08:00:00Z\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def warc_bytes(records: list[tuple[str, str, bytes]], gz: bool) -> bytes:
    """A WARC with a request and a response record per ``(url, content type, body)``.

    Written by hand (the WARC/1.0 layout), one gzip member per record when ``gz``.
    """
    out = []
    for i, (url, ctype, body) in enumerate(records):
        request = _record("request", url, b"GET / HTTP/1.1\r\nHost: example\r\n\r\n", 2 * i)
        http = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body
        response = _record("response", url, http, 2 * i + 1)
        out += [request, response]
    return b"".join(gzip.compress(r) for r in out) if gz else b"".join(out)


def read(paths: list[str]) -> tuple[list, ReadReport]:  # type: ignore[type-arg]
    report = ReadReport()
    return list(read_inputs(paths, report, policy="skip")), report


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_articles(
    tmp_path: Path, make_page: Callable[..., str], gz: bool
) -> None:
    page = make_page().encode()
    data = warc_bytes(
        [
            ("https://ledger.example/harbour", "text/html; charset=utf-8", page),
            ("https://ledger.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
        ],
        gz,
    )
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data)
    articles, report = read([str(path)])
    assert len(articles) == 1
    a = articles[0]
    assert a.url == "https://ledger.example/harbour" and a.format == "html"
    assert a.id.startswith("crawl@") and a.meta["container"] == "warc"
    assert "Port Elvane" in a.raw and "Share on Facebook" not in a.raw
    assert a.title and "Port Elvane" in a.title
    # The image record is counted, with its offset and URL, not dropped silently.
    assert report.counts() == {"non-html-record": 1}
    skip = report.skipped[0]
    assert skip.source.startswith(f"{path}@") and "image/png" in skip.message


def test_truncated_warc_keeps_earlier_records_and_names_the_offset(
    tmp_path: Path, make_page: Callable[..., str]
) -> None:
    first = warc_bytes([("https://a.example/1", "text/html", make_page().encode())], gz=True)
    second = warc_bytes(
        [("https://a.example/2", "text/html", make_page(title="Second page").encode())], gz=True
    )
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(first + second[: len(second) // 2])
    articles, report = read([str(path)])
    assert [a.url for a in articles] == ["https://a.example/1"]
    assert len(report.skipped) == 1
    assert "@" in report.skipped[0].source and "truncated or damaged" in report.skipped[0].message


def test_not_a_warc_is_one_clear_skip(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n" * 20)
    articles, report = read([str(path)])
    assert articles == []
    assert len(report.skipped) == 1 and "WARC" in report.skipped[0].message


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Keswy Post</title><link>https://keswy.example</link>
<item><guid>https://keswy.example/strike</guid><title>Pilots strike</title>
<link>https://keswy.example/strike</link><pubDate>Tue, 06 May 2025 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Harbour pilots in Keswy went on strike over new shift rules.&lt;/p&gt;
&lt;p&gt;Talks resume on Thursday.&lt;/p&gt;</description></item>
<item><guid>https://keswy.example/empty</guid><title>Only a title</title></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour FM</title><id>urn:hfm</id>
<updated>2025-05-07T10:00:00Z</updated>
<entry><id>urn:hfm:1</id><title>Ships wait outside the breakwater</title>
<updated>2025-05-07T10:00:00Z</updated><link href="https://hfm.example/1"/>
<content type="html">&lt;p&gt;Nine cargo ships waited outside the breakwater.&lt;/p&gt;
</content></entry>
</feed>
"""


def test_rss_and_atom_entries_become_articles(tmp_path: Path) -> None:
    (tmp_path / "post.rss").write_text(RSS)
    (tmp_path / "fm.atom").write_bytes(gzip.compress(ATOM.encode()))  # gzipped still reads
    articles, report = read([str(tmp_path / "post.rss"), str(tmp_path / "fm.atom")])
    by_id = {a.id: a for a in articles}
    strike = by_id["https://keswy.example/strike"]
    assert (
        strike.raw
        == "Harbour pilots in Keswy went on strike over new shift rules.\nTalks resume on Thursday."
    )
    assert (strike.title, strike.outlet, strike.published) == (
        "Pilots strike",
        "Keswy Post",
        "2025-05-06",
    )
    fm = by_id["urn:hfm:1"]
    assert fm.url == "https://hfm.example/1" and fm.published == "2025-05-07"
    # The entry with no text is reported with its position in the feed.
    assert report.counts() == {"empty": 1}
    assert report.skipped[0].source == f"{tmp_path / 'post.rss'}#entry 2"


def test_xml_that_is_not_a_feed_is_skipped_with_reason(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text("<notafeed><x>1</x></notafeed>")
    articles, report = read([str(tmp_path / "sitemap.xml")])
    assert articles == [] and "not an RSS or Atom feed" in report.skipped[0].message


def test_feed_url_failure_names_the_url() -> None:
    items = list(read_feed_url("https://news.invalid/feed.xml"))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].source == "https://news.invalid/feed.xml"
    assert "save the feed to a file" in str(items[0])


def test_html_to_text_keeps_blocks_as_lines() -> None:
    assert html_to_text("<p>One &amp; two</p><script>x()</script><div>Three<br>Four</div>") == (
        "One & two\nThree\nFour"
    )
