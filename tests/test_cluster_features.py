"""Entities clustering reads: names in the scripts with capitals, not lower-case words."""

from __future__ import annotations

from storytrace.cluster.features import entity_counts


def test_cyrillic_and_greek_capitals_are_names() -> None:
    ru = entity_counts("Вчера президент Владимир Путин встретился с канцлером в Москве.")
    el = entity_counts("Χθες ο πρόεδρος Κυριάκος Μητσοτάκης συναντήθηκε με τον Μπάιντεν.")
    assert {"n:владимир путин", "n:путин", "n:москве"} <= set(ru)
    assert {"n:κυριάκος μητσοτάκης", "n:μπάιντεν"} <= set(el)
    # The word opening a sentence is not taken for a name, in any script.
    assert "n:вчера" not in ru and "n:χθες" not in el


def test_a_lower_case_word_ending_in_a_latin_extended_letter_is_no_name() -> None:
    # "ł" sits in the range of capitals with both cases: the match began there
    found = entity_counts("Trump spotkał Władimira Putina wyłącznie.")
    assert "n:władimira putina" in found
    assert not any(e.startswith(("n:ł", "n:łącz")) for e in found)


def test_numbers_in_any_digit_script_or_glued_to_a_caseless_word_are_the_same_entity() -> None:
    english = entity_counts("In 2018 the flood killed 65 people.")
    urdu = entity_counts("۲۰۱۸ میں سیلاب سے 65افراد ہلاک ہوئے")
    hindi = entity_counts("२०१८ में बाढ़ से 65 लोगों की मौत हुई")
    assert {"#2018", "#65"} <= set(english) & set(urdu) & set(hindi)
