"""Publication dates of web pages: a numeric date follows the page's own convention."""

from __future__ import annotations

import pytest

from storytrace.ingest.html import extract_page

BODY = (
    "<p>The county board voted late on Thursday to reopen the old river ferry for the "
    "summer season, after a long debate about its running costs and the state of the "
    "landing stage on the east bank.</p>"
)


def _page(lang: str, stamp: str, head: str = "") -> str:
    return (
        f'<html lang="{lang}"><head><title>Ferry to reopen</title>{head}</head><body>'
        f'<article><h1>Ferry to reopen</h1><p class="date">{stamp}</p>{BODY}</article>'
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("lang", "stamp", "head", "published"),
    [
        # a US time zone: the outlet writes month first
        ("en", "UPDATED 05/03/2013 12:04 PM EDT", "", "2013-05-03"),
        ("en", "Posted 04/09/2021 8:15 a.m. CST", "", "2021-04-09"),
        # an en-US locale says the same without a time zone
        ("en-US", "Posted 05/03/2013", "", "2013-05-03"),
        ("en", "Posted 05/03/2013", '<meta property="og:locale" content="en_US">', "2013-05-03"),
        # no US evidence: day first, as before
        ("en-GB", "UPDATED 05/03/2013 12:04", "", "2013-03-05"),
        ("de", "Aktualisiert 05.03.2013 12:04 Uhr", "", "2013-03-05"),
        # unambiguous dates are unchanged
        ("en", "UPDATED 05/13/2013 12:04 PM EDT", "", "2013-05-13"),
        ("en-GB", "UPDATED 25/03/2013 12:04", "", "2013-03-25"),
        # a machine-readable date in the page wins over the written one
        (
            "en-US",
            "Posted 05/03/2013",
            '<meta property="article:published_time" content="2013-03-05T10:00:00">',
            "2013-03-05",
        ),
    ],
)
def test_numeric_page_date_follows_the_page(
    lang: str, stamp: str, head: str, published: str
) -> None:
    assert extract_page(_page(lang, stamp, head), "ferry.html").published == published
