"""Numbers as the claim values read them, in the article's language."""

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
