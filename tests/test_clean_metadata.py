"""Metadata from plain text: date lines, forum headers, titles, bylines, outlets."""

from __future__ import annotations

import pytest

from storytrace.clean import metadata as md
from storytrace.clean import prepare
from storytrace.clean.dates import dateline, to_iso
from storytrace.clean.metadata import acronym
from storytrace.types import Article

P1 = (
    "The harbour board of Port Elvane approved a plan on Monday to deepen the main channel "
    "so that larger cargo ships can dock by the end of next year."
)
P2 = (
    "Board chair Ines Marlow said the dredging would cost about 48 million and that most of "
    "the money would come from a regional infrastructure fund."
)


def _prep(raw: str, **kw: str) -> Article:
    return prepare(Article(id="m", raw=raw, **kw))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("March 9, 2023, 4:05 PM", "2023-03-09"),
        ("26 avril 2024", "2024-04-26"),
        ("Sept. 3rd 2023", "2023-09-03"),
        ("3 de mayo de 2024", "2024-05-03"),
        ("2025-06-17", "2025-06-17"),
        ("February 30, 2024", None),
        ("no date here", None),
    ],
)
def test_to_iso(text: str, iso: str | None) -> None:
    assert to_iso(text) == iso


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Posted: June 12, 2025", "2025-06-12"),
        ("Wednesday, July 28, 2004", "2004-07-28"),
        ("Last updated at 14:00 GMT", ""),
        ("POSTED: 05/02/07, 9:00 PM PDT |", ""),
        ("PORT ELVANE, June 3, 2025", "2025-06-03"),
        ("The vote on June 3, 2025 was close", None),
        ("0:00 0:02:10 0:00", None),
        ("APR 28", ""),
        ("May 5 vote on the harbour budget", None),
        ("First Published: June 13, 2025 4:59 PM EDT", "2025-06-13"),
        ("Originally published 05/03/2025 at 10:20 AM EDT", "2025-05-03"),
        ("The first vote on June 3, 2025", None),
    ],
)
def test_dateline(line: str, iso: str | None) -> None:
    assert dateline(line) == iso


def test_glued_date_prefix_removed_sentence_kept() -> None:
    art = _prep(f" date 2025-06-17 {P1}\n\n{P2}")
    assert art.published == "2025-06-17"
    assert art.removed[0].reason == "metadata"
    assert art.removed[0].text == "date 2025-06-17"
    assert art.sentences[0].text == P1


def test_date_that_starts_reporting_is_kept() -> None:
    raw = f"June 3, 2025 was the wettest day of the year in Port Elvane.\n\n{P1}"
    art = _prep(raw)
    assert art.removed == ()
    assert art.published is None


def test_forum_header_glued_to_first_sentence() -> None:
    raw = f"Harbour Dredging Plan Approved\nQuote from Kira vale on June 3, 2025, 9:14 AM{P1}\n{P2}"
    art = _prep(raw)
    assert art.title == "Harbour Dredging Plan Approved"
    assert art.author == "Kira vale"
    assert art.published == "2025-06-03"
    reasons = {r.reason: r.text for r in art.removed}
    assert reasons["forum-header"] == "Quote from Kira vale on June 3, 2025, 9:14 AM"
    assert reasons["title"] == "Harbour Dredging Plan Approved"
    assert art.sentences[0].text == P1


def test_title_line_after_navigation() -> None:
    raw = f"Skip to content\n\nPort Elvane votes to deepen its channel\n\n{P1}\n\n{P2}"
    art = _prep(raw)
    assert art.title == "Port Elvane votes to deepen its channel"
    assert [r.reason for r in art.removed] == ["navigation", "title"]


def test_first_sentence_is_not_a_title() -> None:
    art = _prep(f"{P1}\n\n{P2}")
    assert art.title is None and art.removed == ()


@pytest.mark.parametrize(
    "head",
    [
        "Will the deeper channel at Port Elvane bring the big ships back?",
        "Port Elvane finally votes to deepen its channel, and about time!",
    ],
)
def test_a_headline_ending_in_a_question_or_exclamation_mark_is_the_title(head: str) -> None:
    # six words or more ending in "?" or "!" read as a sentence: the headline was body text
    art = _prep(f"{head}\n\n{P1}\n\n{P2}")
    assert art.title == head
    assert art.sentences[0].text == P1


def test_a_quotation_or_a_question_lead_before_no_prose_is_not_a_title() -> None:
    shout = '"Get the ships out of the channel now!" the harbour master shouted on Monday.'
    assert _prep(f"{shout}\n\n{P1}\n\n{P2}").title is None
    last = _prep(f"{P1}\n\nWill the deeper channel at Port Elvane bring the big ships back?")
    assert last.title is None


def test_markup_metadata_is_not_overwritten() -> None:
    raw = f"Port Elvane votes to deepen its channel\n\n{P1}\n\n{P2}"
    art = _prep(raw, title="Markup title", published="2025-01-01")
    assert art.title == "Markup title"
    assert [r.reason for r in art.removed] == ["title"]


def test_byline_sentence_gives_author_and_outlet_and_stays() -> None:
    lead = (
        "Port Elvane will deepen its harbour. As Coastline Ledger correspondent Rafe Oduya "
        "reports, the vote came after months of protest."
    )
    art = _prep(f"{lead}\n\n{P1}\n\n“It is done,” Marlow told CL.")
    assert art.author == "Rafe Oduya"
    assert art.outlet == "Coastline Ledger"
    assert art.meta["clean"]["metadata_from"]["outlet_alias"] == "CL"
    assert art.removed == ()


def test_by_line_is_removed_as_byline() -> None:
    art = _prep(f"By Rafe Oduya and Lin Sato, Coastline Ledger\n\n{P1}\n\n{P2}")
    assert art.author == "Rafe Oduya and Lin Sato"
    assert art.outlet == "Coastline Ledger"
    assert [r.reason for r in art.removed] == ["byline"]


def test_outlet_from_repeated_self_naming_only() -> None:
    once = _prep(f"{P1}\n\n“We will see,” Marlow told HNN.\n\n{P2}")
    assert once.outlet is None
    twice = _prep(f"{P1}\n\n“We will see,” Marlow told HNN.\n\n“Soon,” Sato told HNN.")
    assert twice.outlet == "HNN"
    assert twice.meta["clean"]["metadata_from"]["outlet"] == "self-naming (weak)"


def test_acronym() -> None:
    assert acronym("Coastline Ledger") == "CL"
    assert acronym("Voice of the Harbour") == "VOH"


@pytest.mark.parametrize(
    ("lead", "outlet"),
    [
        ("PORT ELVANE (AP) — ", "AP"),
        ("PORT ELVANE, June 3 (Reuters) - ", "Reuters"),
        ("Port Elvane, Marelia (CNN) — ", "CNN"),
    ],
)
def test_wire_dateline_gives_outlet_and_is_cut(lead: str, outlet: str) -> None:
    art = _prep(f"{lead}{P1}\n\n{P2}")
    assert art.outlet == outlet
    assert art.removed[0].reason == "metadata"
    assert art.removed[0].text == lead.strip()
    assert art.sentences[0].text == P1


def test_bracket_after_a_name_is_not_a_dateline() -> None:
    line = "Mr Marlow (Harbour) - who chairs the board - said the plan was sound."
    art = _prep(f"{line}\n\n{P1}")
    assert art.outlet is None and art.removed == ()


def test_staff_credit_line_is_byline_metadata() -> None:
    credit = "(Reporting by Rafe Oduya in Port Elvane; Editing by Lin Sato)"
    art = _prep(f"{P1}\n\n{P2}\n\n{credit}")
    assert art.author == "Rafe Oduya"
    assert [r.reason for r in art.removed] == ["byline"]
    assert credit not in art.text


def test_french_stamp_and_byline() -> None:
    fr1 = "Le conseil portuaire de Port Elvane a approuvé lundi un plan pour creuser le chenal."
    fr2 = "La présidente Ines Marlow a déclaré que les travaux coûteraient 48 millions."
    raw = f"Publié le 3 juin 2025 à 09h14\n\nPar Rafe Oduya\n\n{fr1}\n\nPublicité\n\n{fr2}"
    art = _prep(raw)
    assert art.published == "2025-06-03"
    assert art.author == "Rafe Oduya"
    assert art.language == "fr"
    assert [r.reason for r in art.removed] == ["metadata", "byline", "page-residue"]
    assert [s.text for s in art.sentences] == [fr1, fr2]


def test_byline_with_date_stamp() -> None:
    art = _prep(f"By Rafe Oduya | June 3, 2025, 9:14 AM\n\n{P1}\n\n{P2}")
    assert art.author == "Rafe Oduya"
    assert art.published == "2025-06-03"
    assert [r.reason for r in art.removed] == ["byline"]


def test_section_label_above_the_headline_is_navigation() -> None:
    art = _prep(f"Asia Pacific\n\nPort Elvane votes to deepen its channel\n\n{P1}\n\n{P2}")
    assert art.title == "Port Elvane votes to deepen its channel"
    assert [r.reason for r in art.removed] == ["navigation", "title"]


def test_bare_agency_dateline() -> None:
    art = _prep(f"Port Elvane, Marelia CNN — {P1}\n\n{P2}")
    assert art.outlet == "CNN"
    assert art.sentences[0].text == P1


@pytest.mark.parametrize(
    ("author", "outlet"),
    [
        ("Harbourline Post Desk", "Harbourline Post"),
        ("Vellmar Daily Staff", "Vellmar Daily"),
        ("Quillfeather News Desk", "Quillfeather"),
        ("News Desk", None),
        ("Our Staff", None),
        ("Jane Doe", None),
    ],
)
def test_a_desk_byline_names_the_outlet(author: str, outlet: str | None) -> None:
    assert md.desk_outlet(author) == outlet


def test_the_outlet_comes_from_a_desk_byline_when_nothing_better_names_it() -> None:
    raw = (
        "Ferry strike ends after nine days\nBy Harbourline Post Desk\n\n"
        "The ferry crews of Quellport returned to work on Monday after nine days on strike, "
        "the union said.\n\nThe crews won a pay rise of four percent over two years."
    )
    art = _prep(raw)
    assert art.outlet == "Harbourline Post"
    assert art.author == "Harbourline Post Desk"


def test_a_byline_outlet_may_carry_lower_case_particles() -> None:
    raw = (
        "Les pêcheurs bloquent le port\nPar Anne Morel, Le Courrier du Golfe\n\n"
        "Les pêcheurs de Quellport ont bloqué le port lundi matin pour protester contre les "
        "nouveaux quotas, selon le syndicat.\n\nLe blocage a duré six heures."
    )
    art = _prep(raw)
    assert art.outlet == "Le Courrier du Golfe"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        # a US time zone on the stamp: its numeric date is month first
        ("UPDATED 05/03/2013 12:04 PM EDT", "2013-05-03"),
        ("Posted 11/02/2019 9:30 a.m. ET", "2019-11-02"),
        ("UPDATED 05/13/2013 12:04 PM EDT", "2013-05-13"),
        # no US zone, or no valid month-first date: no full date, as before
        ("UPDATED 05/03/2013 12:04 CET", ""),
        ("UPDATED 25/03/2013 12:04 PM EDT", ""),
    ],
)
def test_dateline_reads_a_us_stamp_month_first(line: str, iso: str) -> None:
    assert dateline(line) == iso


def test_a_labelled_stamp_under_the_standfirst_is_metadata() -> None:
    """Two subheads of more than 12 words (the body seemed to start) and then the page's
    stamps: they were kept, and "First Published: ..." became a corroborated claim."""
    raw = (
        "Harbour board approves deeper channel\n"
        "The plan would let larger cargo ships dock in Port Elvane by the end of next year.\n"
        "Board chair Ines Marlow says most of the money comes from a regional fund.\n"
        "PUBLISHED: WEDNESDAY, MARCH 13, 2024, 12:38 AM\n"
        "UPDATED: WEDNESDAY, MARCH 13, 2024, 2:30 AM\n"
        f"{P1}\n{P2}"
    )
    art = _prep(raw)
    assert art.published == "2024-03-13"
    assert not [s for s in art.sentences if "PUBLISHED" in s.text or "UPDATED" in s.text]
    # a dated sentence of the body stays
    body = f"{P1}\n{P2}\nThe board first met on March 13, 2024 to discuss the plan."
    assert any("March 13" in s.text for s in _prep(body).sentences)
