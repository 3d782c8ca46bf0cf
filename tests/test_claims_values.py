"""Numbers as the claim values read them: in the article's language, in any digit script,
glued to the words of a caseless script."""

from __future__ import annotations

import pytest

from storytrace.claims.values import extract_values


def _numbers(text: str, language: str | None) -> list[float | None]:
    return [v.number for v in extract_values(text, language=language) if v.kind == "number"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Beim Fest in Lindau waren 2.000 Menschen.", "de", [2000.0]),
        ("Il ponte costò 1.500.000 euro al comune.", "it", [1_500_000.0]),
        ("La presa retiene 3.250 metros cúbicos.", "es", [3250.0]),
        ("La commune compte 12.400 habitants.", "fr", [12_400.0]),
        ("Der Schaden liegt bei 2,5 Millionen Euro.", "de", [2_500_000.0]),
        ("Sie zahlte 10.000,75 Euro.", "de", [10_000.75]),
        ("Er lief 1,500 Kilometer.", "de", [1.5]),
        # English keeps a dot as the decimal mark and a comma as a thousands group
        ("The rod was 2.000 metres long.", "en", [2.0]),
        ("About 2,000 people marched.", "en", [2000.0]),
        ("Costs rose to 1,500.25 dollars.", "en", [1500.25]),
        # no language known: as English
        ("The rod was 2.000 metres long.", None, [2.0]),
    ],
)
def test_number_reading_follows_the_language(
    text: str, language: str | None, expected: list[float]
) -> None:
    assert _numbers(text, language) == expected


def test_dot_grouped_number_in_english_is_not_read() -> None:
    # no English reading of "1.500.000" is safe; before, it was not read either
    assert _numbers("Its code was 1.500.000 in the file.", "en") == []


def test_same_amount_in_german_and_english_has_one_key() -> None:
    de = [v.key for v in extract_values("2.000 Menschen flohen.", language="de")]
    en = [v.key for v in extract_values("2,000 people fled.", language="en")]
    assert de == en == ["count:2000"]


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


def test_a_title_alone_is_no_name_to_compare() -> None:
    """'the US President-elect has asked' and 'Barack Obama has asked': one person, and a
    claim of an ECB+ story was disputed between them."""
    from storytrace.claims.conflicts import pair_conflicts

    a = extract_values(
        "Yesterday the US President-elect has asked Dr Lena Marsh to serve.", language="en"
    )
    b = extract_values("Yesterday Barack Obama has asked Dr Lena Marsh to serve.", language="en")
    assert not [v for v in a if v.kind == "name" and v.text == "President-elect"]
    assert pair_conflicts(a, b, same_language=True) == []
    # two people in that slot still differ
    c = extract_values("Yesterday Peter Holm has asked Dr Lena Marsh to serve.", language="en")
    assert pair_conflicts(b, c, same_language=True)


def test_detokenised_thousands_are_one_number() -> None:
    """Detokenised text writes "120, 000" (ECB+ does): read as 120 and 0 it made "120, 000"
    and "more than 100, 000" a disputed claim."""
    assert _numbers("The island has a population of 120, 000.", "en") == [120000.0]
    assert _numbers("About 1, 000, 000 people fled.", "en") == [1000000.0]
    assert _numbers("Das sind 120, 000 Menschen.", "de") == [120000.0]
    # any other group after ", " stays a list
    assert _numbers("It lies 1, 500 kilometres away.", "en") == [1.0, 500.0]


def test_a_range_shares_its_scale() -> None:
    assert _numbers("Bids between $140 and $150 million came in.", "en") == [1.4e8, 1.5e8]
    assert _numbers("Between 3 and 4 million people voted.", "en") == [3e6, 4e6]
    assert _numbers("It takes 2 or 3 weeks.", "en") == [2.0, 3.0]
