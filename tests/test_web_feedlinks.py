"""A poll reads each feed entry's link as feedparser would, on the fast path (plain RSS 2.0
and Atom, read with lxml) and on the feedparser path for everything else."""

from __future__ import annotations

import feedparser
import pytest

from storytrace.web.feedlinks import _plain, feed_links

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour &amp; Hills Wire</title><link>https://w.example/</link>
<description>d</description>
<item><title>One</title><link> https://w.example/a/1.html </link><guid>x1</guid></item>
<item><title>Two</title><link>https://w.example/a/2.html</link></item>
<item><title>Again</title><link>https://w.example/a/1.html</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Desk</title><id>urn:x</id>
<updated>2026-01-02T00:00:00Z</updated>
<entry><title>A</title><id>urn:a</id><link href="https://v.example/a"/>
<updated>2026-01-02T00:00:00Z</updated></entry>
<entry><title>B</title><id>urn:b</id><link rel="alternate" href="https://v.example/b"/>
<updated>2026-01-02T00:00:00Z</updated></entry>
</feed>"""

# Each of these leaves the fast path: feedparser reads them.
UNUSUAL = {
    "guid only": RSS.replace(b"<link>https://w.example/a/2.html</link>", b""),
    "relative link": RSS.replace(b"https://w.example/a/2.html", b"/a/2.html"),
    "two links": RSS.replace(b"</guid>", b"</guid><link>https://w.example/b</link>"),
    "atom id only": ATOM.replace(b'<link href="https://v.example/a"/>', b""),
    "atom other rel": ATOM.replace(
        b'<link href="https://v.example/a"/>', b'<link rel="related" href="https://v.example/r"/>'
    ),
    "not well-formed": RSS.replace(b"</channel>", b""),
    "doctype": RSS.replace(b"<rss", b'<!DOCTYPE rss [<!ENTITY e "x">]><rss'),
    "rss 1.0 (RDF)": b"""<?xml version="1.0"?><rdf:RDF
        xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link>
        <description>d</description></channel>
        <item rdf:about="https://r.example/1"><title>1</title><link>https://r.example/1</link>
        </item></rdf:RDF>""",
}


def feedparser_links(data: bytes) -> list[str]:
    found = (e.get("link") or e.get("id") for e in feedparser.parse(data).entries)
    return [str(link) for link in found if link]


@pytest.mark.parametrize("data", [RSS, ATOM], ids=["rss", "atom"])
def test_plain_feeds_take_the_fast_path_with_feedparsers_links(data: bytes) -> None:
    assert _plain(data) is not None
    got = feed_links(data)
    assert got.is_feed and list(got.links) == feedparser_links(data)
    assert got.title == feedparser.parse(data).feed.title


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_unusual_feeds_are_read_by_feedparser(name: str) -> None:
    data = UNUSUAL[name]
    assert _plain(data) is None
    assert list(feed_links(data).links) == feedparser_links(data)


def test_a_page_that_is_no_feed_says_so() -> None:
    got = feed_links(b"<html><body><p>No feed here</p></body></html>")
    assert not got.is_feed and got.links == ()


ARTICLE = " ".join(
    f"Sentence {i}: the valley's water board met again about the reservoir and its dam."
    for i in range(12)
)


@pytest.mark.parametrize(
    ("content", "summary", "taken"),
    [
        (f"<p>{ARTICLE}</p>", "The water board met.", True),
        # a teaser: the summary again with a link
        ("<p>The water board met.</p><a href='x'>Read more</a>", "The water board met.", False),
        # the whole article in the summary too: no fetch is needed all the same
        (f"<p>{ARTICLE}</p>", f"<p>{ARTICLE}</p>", True),
        # long, but not much longer than a long summary
        (f"<p>{ARTICLE}</p>", ARTICLE[: len(ARTICLE) * 2 // 3], False),
        # too short to be an article, with no summary at all
        ("<p>The water board met on Monday about the dam.</p>", "", False),
    ],
)
def test_full_text_rule(content: str, summary: str, taken: bool) -> None:
    from storytrace.web.feedtext import EntryText, FullTextRule

    entry = EntryText("T", None, None, content, summary)
    assert FullTextRule(800, 2.0).takes(entry) is taken


ATOM_FULL = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Desk</title><id>urn:x</id>
<updated>2026-01-02T00:00:00Z</updated>
<entry><title>Dam talks</title><id>urn:a</id><link href="https://v.example/a"/>
<published>2026-01-02T08:00:00Z</published><author><name>Ana Ruiz</name></author>
<summary>The water board met.</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{ARTICLE}</p></div></content>
</entry>
<entry><title>B</title><id>urn:b</id><link href="https://v.example/b"/>
<updated>2026-01-02T00:00:00Z</updated><summary>Only a summary.</summary></entry>
</feed>""".encode()


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "feedparser"])
def test_entries_keep_their_own_content(fast: bool) -> None:
    from storytrace.web.feedtext import entry_page

    # a DOCTYPE sends the same feed to feedparser
    data = ATOM_FULL if fast else ATOM_FULL.replace(b"<feed", b"<!DOCTYPE feed><feed", 1)
    assert (_plain(data) is not None) is fast
    got = feed_links(data)
    assert list(got.texts) == ["https://v.example/a"]
    entry = got.texts["https://v.example/a"]
    assert (entry.title, entry.author, entry.summary) == (
        "Dam talks",
        "Ana Ruiz",
        "The water board met.",
    )
    assert "Sentence 11" in entry.content
    page = entry_page(entry, got.title).decode()
    assert '<meta property="article:published_time" content="2026-01-02T08:00:00' in page
    assert '<meta property="og:site_name" content="Valley Desk">' in page
