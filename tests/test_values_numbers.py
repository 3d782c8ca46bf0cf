"""The claims' number reader on numbers in other digit scripts and glued to words."""

from __future__ import annotations

import pytest

from storytrace.claims.values import extract_values


def keys(text: str) -> set[str]:
    return {v.key for v in extract_values(text)}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("حادثے میں ۶۵ افراد ہلاک", "count:65"),  # Urdu digits
        ("قتل ٤٥ شخصا", "count:45"),  # Arabic-Indic digits
        ("۱۲۰ نفر کشته شدند", "count:120"),  # Persian digits
        ("१०० लोग मारे गए", "count:100"),  # Devanagari digits
        ("نمو ٣٫٥ في المئة", "count:3.5"),  # Arabic decimal separator
        ("حادثے میں 65افراد ہلاک", "count:65"),  # glued after
        ("انہوں نے41 رنز بنائے", "count:41"),  # glued before
        ("حادثے میں ۶۵افراد ہلاک", "count:65"),  # Urdu digits, glued
        ("सड़क पर २०लोग", "count:20"),  # Devanagari digits, glued
    ],
)
def test_numbers_in_any_digit_script_and_glued_are_read(text: str, key: str) -> None:
    assert key in keys(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("سال 2018ء میں", "year:2018"),
        ("سال ۲۰۱۸ء میں", "year:2018"),
        ("वर्ष २०१८ में", "year:2018"),
    ],
)
def test_years_in_any_digit_script_and_glued_read_as_one_year(text: str, key: str) -> None:
    assert key in keys(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3لاکھ روپے", 3e5),
        ("30ہزار افراد", 3e4),
        ("۲ کروڑ", 2e7),
        ("22ارب روپے", 22e9),
        ("5 lakh people", 5e5),
        ("२ करोड़ रुपये", 2e7),
    ],
)
def test_south_asian_scale_words_multiply_their_number(text: str, value: float) -> None:
    assert value in {v.number for v in extract_values(text) if v.kind == "number"}


def test_a_value_in_other_digits_keeps_its_written_text_and_span() -> None:
    text = "حادثے میں ۶۵افراد ہلاک ہوئے، سال ۲۰۱۸ء"
    values = extract_values(text, 10)
    assert {v.text for v in values} == {"۶۵", "۲۰۱۸"}
    for v in values:
        assert text[v.start - 10 : v.end - 10] == v.text


def test_digits_glued_to_latin_letters_are_no_number() -> None:
    # an identifier, not a count: as before
    assert not {k for k in keys("The G7 and the A320") if k.startswith("count:")}
