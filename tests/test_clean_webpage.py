"""Saved web pages: the chrome a content farm wraps around a copied article."""

from __future__ import annotations

import pytest

from storytrace.clean import prepare
from storytrace.clean.boilerplate import is_credit_line, navigation_reason
from storytrace.clean.metadata import agency_dateline, copyright_owner
from storytrace.types import Article

PAGE = """Home | News | Sport | Weather | Deals | Contact
Trending: Nine kitchen tricks you never knew
The Daily Ferret
Local News

Bridge reopens after three weeks of repairs in Dunmore
Published May 4, 2025, 9:15 AM
By Ferret Staff

Workers remove the last barrier on the Dunmore bridge on Sunday. (Photo: The Daily Ferret)

DUNMORE, Kestrel County (Valley Herald) — The Dunmore bridge reopened to traffic on Sunday after three weeks of repairs that cost the county 2.1 million pounds, officials said.

Sign up for the Daily Ferret newsletter and get our best stories every morning.

Engineers replaced 40 metres of the deck and two of the supports, the county roads office said.
"""


def test_content_farm_page_keeps_only_the_report() -> None:
    art = prepare(Article(id="ferret", raw=PAGE))
    reasons = {r.text.split("(")[0].strip()[:20]: r.reason for r in art.removed}
    assert art.title == "Bridge reopens after three weeks of repairs in Dunmore"
    assert art.published == "2025-05-04"
    assert art.outlet == "Valley Herald"
    assert reasons["Trending: Nine kitch"] == "page-residue"
    assert reasons["The Daily Ferret"] == "navigation"
    assert reasons["Workers remove the l"] == "photo-caption"
    assert reasons["Sign up for the Dail"] == "advertisement"
    text = art.text
    assert "reopened to traffic on Sunday" in text
    assert "Engineers replaced 40 metres" in text
    assert "Trending" not in text and "newsletter" not in text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Trending: Nine kitchen tricks you never knew", "page-residue"),
        ("Most read: Council votes on new parking rules", "page-residue"),
        ("Sign up for the Evening Post newsletter and never miss a story.", "advertisement"),
        ("Subscribe now for unlimited access to our journalism", "advertisement"),
        ("Download our free app for breaking news alerts", "advertisement"),
        # Reporting that mentions the same words stays.
        ("The trending topic on Tuesday was the bridge closure, officials said.", None),
        ("Residents can sign up for flood alerts at the town hall until Friday.", None),
    ],
)
def test_teasers_and_house_promotions(line: str, reason: str | None) -> None:
    assert navigation_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("A ferry leaves the harbour at dawn on Monday. (Photo: Coast Weekly)", True),
        ("Firefighters at the scene [Image by Jana Roe]", True),
        ("The mayor said the photo (taken in 1998) showed the old wall.", False),
    ],
)
def test_caption_with_a_bracketed_photo_credit(line: str, credit: bool) -> None:
    assert is_credit_line(line) is credit


@pytest.mark.parametrize(
    ("raw", "outlet"),
    [
        ("DUNMORE, Kestrel County (Valley Herald) — The bridge reopened.", "Valley Herald"),
        ("LONDON (Reuters) - Shares fell on Monday.", "Reuters"),
        # A party in brackets after a name is a sentence, not a dateline.
        ("Mr Smith (Labour) - who chairs the committee - disagreed.", None),
        ("Anna Berg (Greens) — the deputy mayor — voted against.", None),
    ],
)
def test_wire_dateline_outlet(raw: str, outlet: str | None) -> None:
    found = agency_dateline(raw, 0, len(raw))
    assert (found.value if found else None) == outlet


def test_dates_in_the_body_are_not_the_publication_date() -> None:
    raw = (
        "Council approves harbour budget\n\n"
        "The council approved the harbour budget on Tuesday after a long debate that ran "
        "late into the evening, members said.\n\n"
        "March 3, 2019\n\n"
        "The previous budget vote was held on that date."
    )
    assert prepare(Article(id="x", raw=raw)).published is None


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("© 2026 The Daily Ferret. All rights reserved.", "Daily Ferret"),
        ("Copyright 2019-2025 Valley Herald", "Valley Herald"),
        ("(c) Harbour Media Group, all rights reserved", "Harbour Media Group"),
        ("The copyright dispute went to court on Monday.", None),
    ],
)
def test_copyright_owner(line: str, owner: str | None) -> None:
    assert copyright_owner(line) == owner


def test_copy_keeps_the_credit_of_its_source_in_the_text() -> None:
    lead = "DUNMORE (Valley Herald) — The Dunmore bridge reopened to traffic on Sunday, officials said."
    raw = f"{lead}\n\nEngineers replaced 40 metres of the deck, the roads office said.\n\n© 2025 Daily Ferret"
    art = prepare(Article(id="copy", raw=raw))
    assert art.outlet == "Daily Ferret"
    assert art.text.startswith("DUNMORE (Valley Herald)")
    assert art.meta["clean"]["metadata_from"]["dateline_credit"] == "Valley Herald"


@pytest.mark.parametrize(
    "lead",
    ["PORTLAND (Oregon) — The river rose overnight.", "MARROWICK (Kestrel) — La rivière a monté."],
)
def test_region_in_brackets_is_not_an_outlet(lead: str) -> None:
    assert agency_dateline(lead, 0, len(lead)) is None
