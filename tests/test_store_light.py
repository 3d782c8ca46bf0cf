"""The light metadata ingest stores: title, date, author and outlet from the first lines."""

from __future__ import annotations

from storytrace.store.light import light_metadata
from storytrace.types import Article

PAGE = """Home | News | Sport | Weather | Contact
Harbourline Post
World News

Ferry crews return after nine-day strike in Quellport
By Mira Kessel, Harbourline Post

The ferry crews of Quellport went back to work on Monday after nine days on strike.
"""


def test_a_site_name_and_section_label_above_the_headline_are_not_the_title() -> None:
    meta = light_metadata(Article(id="p", raw=PAGE), 25)
    assert meta.title == "Ferry crews return after nine-day strike in Quellport"


def test_the_byline_gives_author_and_outlet() -> None:
    meta = light_metadata(Article(id="p", raw=PAGE), 25)
    assert (meta.author, meta.outlet) == ("Mira Kessel", "Harbourline Post")


def test_a_desk_byline_names_the_outlet() -> None:
    raw = "Ferry strike ends\nBy Vellmar Daily Desk\n\nThe crews went back to work on Monday."
    meta = light_metadata(Article(id="d", raw=raw), 25)
    assert (meta.author, meta.outlet) == ("Vellmar Daily Desk", "Vellmar Daily")


def test_what_the_input_gave_is_kept() -> None:
    art = Article(id="g", raw=PAGE, title="Given", outlet="Given Outlet", author="Given Author")
    meta = light_metadata(art, 25)
    assert (meta.title, meta.outlet, meta.author) == ("Given", "Given Outlet", "Given Author")


def test_a_one_line_text_has_no_title() -> None:
    meta = light_metadata(Article(id="o", raw="Ferry crews went back to work on Monday."), 25)
    assert meta.title is None and meta.outlet is None


def test_the_body_starts_after_chrome_labels_title_and_byline() -> None:
    meta = light_metadata(Article(id="p", raw=PAGE), 25)
    assert PAGE[meta.body_start :].strip().startswith("The ferry crews of Quellport")


def test_a_date_line_and_a_byline_are_not_in_the_stored_lead() -> None:
    from storytrace.store.ingest import IngestSettings
    from storytrace.store.light import Languages, prepare_rows

    raw = (
        "date 2026-05-04\nFerry crews return to work in Quellport\nPar Lise Arnaud, Le Courrier"
        "\n\nLes équipages des ferries de Quellport ont repris le travail lundi.\n"
    )
    (row,) = prepare_rows([(Article(id="f", raw=raw, language="fr"), "f")], IngestSettings(),
                          Languages())  # fmt: skip
    assert row.lead.startswith("Les équipages des ferries")
    assert (row.published, row.author, row.outlet) == ("2026-05-04", "Lise Arnaud", "Le Courrier")


def test_a_text_without_a_head_keeps_its_first_line() -> None:
    raw = "Ferry crews went back to work on Monday.\nThey had been on strike for nine days."
    assert light_metadata(Article(id="o", raw=raw), 25).body_start == 0
