"""Numbers in any script, and words of scripts with marks, as every stage reads them."""

from __future__ import annotations

import re
import unicodedata

import pytest

from storytrace.align.text import content_words
from storytrace.text import (
    ascii_digits,
    fold,
    normal_words,
    number_runs,
    number_text,
    split_glued,
    words,
)
from storytrace.text.chars import CASELESS_LETTER, MARK


@pytest.mark.parametrize(
    ("written", "ascii"),
    [
        ("۲۰۱۸", "2018"),  # Urdu and Persian (Extended Arabic-Indic)
        ("٢٠١٨", "2018"),  # Arabic-Indic
        ("२०१८", "2018"),  # Devanagari
        ("২০১৮", "2018"),  # Bengali
        ("๒๐๑๘", "2018"),  # Thai
        ("٣٫٥", "3.5"),  # Arabic decimal separator
        ("١٢٬٠٠٠", "12,000"),  # Arabic thousands separator
        ("2018", "2018"),
    ],
)
def test_ascii_digits_reads_every_digit_script(written: str, ascii: str) -> None:
    assert ascii_digits(written) == ascii
    assert len(ascii_digits(f"سال {written}ء")) == len(f"سال {written}ء")  # spans keep


@pytest.mark.parametrize(
    ("glued", "apart"),
    [
        ("65افراد", "65 افراد"),  # Urdu: number before the noun
        ("انہوں نے41", "انہوں نے 41"),  # Urdu: number after the postposition
        ("2018ء", "2018 ء"),  # Urdu year mark
        ("سکور95رنز", "سکور 95 رنز"),
        ("۱۴۰۲هجری", "1402 هجری"),  # Persian digits glued
        ("२०लाख", "20 लाख"),  # Devanagari digits glued
        ("2024年10月", "2024 年 10 月"),
    ],
)
def test_number_text_splits_numbers_glued_to_caseless_words(glued: str, apart: str) -> None:
    assert number_text(glued) == apart


@pytest.mark.parametrize("identifier", ["G7", "A320", "H1N1", "5G", "MP3", "Ф1", "β2"])
def test_digits_glued_to_cased_letters_stay_one_word(identifier: str) -> None:
    assert split_glued(identifier) == identifier
    assert normal_words(identifier) == (identifier.lower(),)


def test_the_same_number_in_two_scripts_is_the_same_token() -> None:
    urdu = "حادثے میں ۶۵افراد ہلاک ہوئے"
    ascii = "حادثے میں 65 افراد ہلاک ہوئے"
    assert normal_words(urdu) == normal_words(ascii)
    assert "65" in normal_words(urdu)
    assert words(urdu) == words(ascii)
    assert "65" in words("۶۵افراد")
    assert fold("٢٠١٨") == "2018"


def test_arabic_vowel_marks_and_madda_are_read_one_way() -> None:
    # "Pakistan" with a kasra, and "aaj" with the madda as a separate mark and composed
    assert normal_words("پاکِستان") == ("پاکستان",)
    assert normal_words("ا\u0653ج") == normal_words("\u0622ج") == ("\u0622ج",)
    assert normal_words("عیسیٰ") == ("عیسی",)


def test_arabic_keyboard_letters_read_as_urdu_ones() -> None:
    # Arabic yeh and kaf typed for Farsi yeh and keheh; a tatweel stretching a word
    assert normal_words("پاكستاني") == normal_words("پاکستانی")
    assert normal_words("پاکـــستان") == ("پاکستان",)
    assert words("پاكستان") == words("پاکستان")


def test_zero_width_non_joiner_is_a_word_boundary_like_a_space() -> None:
    assert normal_words("می\u200cخواهم") == normal_words("می خواهم") == ("می", "خواهم")


def test_urdu_full_stop_ends_a_word() -> None:
    assert normal_words("اجلاس ہوا۔وزیر اعظم") == ("اجلاس", "ہوا", "وزیر", "اعظم")


def test_devanagari_vowel_signs_and_virama_stay_inside_the_word() -> None:
    assert normal_words("हिन्दी समाचार") == ("हिन्दी", "समाचार")
    assert len(words("हिन्दी समाचार")) == 2
    assert content_words("भारत में १०० लोग") >= {"भारत", "100", "लोग"}


def test_number_runs_say_how_each_number_was_written() -> None:
    runs = number_runs("نے41 رنز، ۶۵افراد اور 2018 میں G7 کا 24.3")
    assert [(r.digits, r.glued_before, r.glued_after) for r in runs] == [
        ("41", True, False),
        ("65", False, True),
        ("2018", False, False),
        ("24", False, False),
        ("3", False, False),
    ]


def test_character_classes_hold_exactly_their_categories() -> None:
    for pattern, cats in ((CASELESS_LETTER, ("Lo", "Lm")), (MARK, ("Mn", "Mc", "Me"))):
        one = re.compile(pattern)
        for code in range(0x10000):
            assert bool(one.fullmatch(chr(code))) == (unicodedata.category(chr(code)) in cats)


@pytest.mark.parametrize(
    "text",
    ["Mr. Blinken doesn't say U.S. 2,000 G7", "don't", "co-operate", "It's 3.5%", "a_b c"],
)
def test_ascii_text_takes_the_same_tokens_by_the_plain_pattern(text: str) -> None:
    # the ASCII fast path gives what the general pattern (with marks) gives
    marked = text + " é"
    assert normal_words(marked)[:-1] == normal_words(text)
    assert words(text + " ि")[: len(words(text))] == words(text)
