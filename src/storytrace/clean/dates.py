"""Date phrases found in plain text (datelines, forum headers) turned into ISO dates."""

from __future__ import annotations

import datetime
import re

from ..text.dates import US_ZONE, month_first_iso

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "january jan janvier janv enero ene januar",
        "february feb feb. février fevrier févr febrero februar",
        "march mar mars marzo märz maerz",
        "april apr avril abril",
        "may mai mayo",
        "june jun juin junio juni",
        "july jul juillet juil julio juli",
        "august aug août aout agosto",
        "september sep sept septembre septiembre",
        "october oct octobre octubre oktober okt",
        "november nov novembre noviembre",
        "december dec décembre decembre déc diciembre dezember dez",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name.rstrip(".")] = _num

MONTH = r"(?:" + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)) + r")"
# 2025-06-03 | June 3, 2025 | Jun. 3 2025 | 3 June 2025 | 3 juin 2025
DATE = (
    r"(?:\d{4}-\d{2}-\d{2}"
    rf"|{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?{MONTH}\.?,?\s+(?:de\s+)?\d{{4}})"
)
TIME = r"\d{1,2}[:.h]\d{2}(?:\s*[AaPp]\.?\s?[Mm]\.?)?"
_DATE_RE = re.compile(DATE, re.IGNORECASE)
# The first three letters of every month name: a text with none of them (case aside) can
# hold no DATE nor partial date. The month alternation is tried at every position of a
# line, so testing for these first is ~10x cheaper on lines without a date.
_MONTH_STEMS = tuple(sorted({m[:3] for m in _MONTHS}))
_YEAR = re.compile(r"\d{4}")


def names_a_month(text: str) -> bool:
    """Whether a month name could occur in ``text`` (a cheap necessary condition)."""
    low = text.lower()
    return any(map(low.__contains__, _MONTH_STEMS))


def may_hold_date(text: str) -> bool:
    """Whether ``text`` could hold a full DATE: all its forms have a 4-digit year, and all
    but ISO dates a month name."""
    return bool(_YEAR.search(text)) and ("-" in text or names_a_month(text))


def to_iso(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``; None when there is none or it is invalid."""
    m = _DATE_RE.search(text) if may_hold_date(text) else None
    if not m:
        return None
    phrase = m.group(0)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", phrase)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        numbers = [int(n) for n in re.findall(r"\d+", phrase)]
        words = re.findall(r"[^\W\d_]+", phrase)
        months = [_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS]
        if len(numbers) < 2 or not months:
            return None
        year = numbers[-1]
        day = numbers[0]
        month = months[0]
    if not 1800 <= year <= 2200:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


# A day and month without the year ("APR 28", "3 June"): a stamp, but no full date.
_PARTIAL = re.compile(
    rf"\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\b",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_TIME_RE = re.compile(
    r"\b\d{1,2}\s?[:h]\s?\d{2}(?::\d{2})?(?:\s*[ap]\.?(?:\s?m\.?)?(?![^\W\d_]))?", re.IGNORECASE
)
_STAMP_WORDS = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|posted|published|updated|edited|first|last|originally|modified|"
    r"created|date|"
    r"dated|"
    r"story|article|"
    r"on|at|"
    r"am|pm|a\.m|p\.m|gmt|utc|bst|cet|cest|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|ist|jst|"
    r"aest|hkt|sgt|local time|time|"
    # French, Spanish, German, Italian, Portuguese stamp words.
    r"publié|publiée|le|à|mis à jour|modifié|publicado|actualizado|el|a las|"
    r"veröffentlicht|aktualisiert|am|um|uhr|pubblicato|aggiornato|il|alle|ore|atualizado|às|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|"
    r"viernes|sábado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\b\.?",
    re.IGNORECASE,
)

_DIGIT = re.compile(r"\d")


def dateline(text: str) -> str | None:
    """For a line that is only a date/time stamp (with labels, weekday, time zone, and at
    most a short upper-case place such as ``WASHINGTON, DC``): its ISO date, or "" when the
    stamp has no full date (time only, or a numeric date that may be day- or month-first:
    only a US time zone on the line says it is month first). None when the line is anything
    else.
    """
    if len(text) > 120 or not _DIGIT.search(text):
        return None  # every date, partial date and time below has a digit
    month = names_a_month(text)
    full = bool(_YEAR.search(text)) and ("-" in text or month)
    has_date = (
        (full and _DATE_RE.search(text))
        or _NUMERIC_DATE.search(text)
        or (month and _PARTIAL.search(text))
    )
    if not has_date and (len(_TIME_RE.findall(text)) != 1 or not _STAMP_WORDS.search(text)):
        # A bare time is a stamp only with a label ("Last updated at 12:42 GMT"); several
        # bare times are a video player's clock.
        return None
    rest = _DATE_RE.sub(" ", text) if full else text
    rest = _NUMERIC_DATE.sub(" ", rest)
    rest = _PARTIAL.sub(" ", rest) if month else rest
    rest = _TIME_RE.sub(" ", rest)
    rest = _STAMP_WORDS.sub(" ", rest)
    left = re.findall(r"[^\W\d_]+", rest)
    if len(left) > 3 or any(not w.isupper() for w in left):
        return None
    iso = to_iso(text)
    if iso is None:
        m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
        iso = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
    if iso is None and US_ZONE.search(text):
        # "UPDATED 05/03/2013 12:04 PM EDT": a US stamp, whose numeric date is month first
        iso = month_first_iso(text)
    return iso or ""
