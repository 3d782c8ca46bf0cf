"""The calendar day of a ``published`` value, however the input padded it, numeric dates
that US pages write month first, and the weekday names of the languages storytrace reads."""

from __future__ import annotations

import re
from datetime import date

_ISO_LIKE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: each weekday's name in English, French, German, Spanish and Italian (lower case) ->
#: the English one: a translated date compares with its original ("vendredi" = "friday")
WEEKDAY_FORMS = {w: w for w in WEEKDAYS} | {
    name: day
    for names in (
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
        ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    )
    for name, day in zip(names, WEEKDAYS, strict=True)
}


def iso_day(published: str | None) -> str | None:
    """``YYYY-MM-DD`` of an ISO-like ``published`` ("2014-09-08", "2014-9-8T10:00Z"), or
    None when it does not start with a valid year-month-day."""
    m = _ISO_LIKE.match(published or "")
    return _iso(m.group(1), m.group(2), m.group(3)) if m else None


def _iso(year: str, month: str, day: str) -> str | None:
    """``YYYY-MM-DD``, or None when that day does not exist."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# A clock time followed by a US time zone ("12:04 PM EDT", "9:30 a.m. ET"): US outlets
# write a numeric date month first ("05/03/2013" is May 3).
US_ZONE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?\s?[Mm]\.?\s*)?\(?"
    r"(?:[ECMP][SD]?T|AK[SD]T|H[SD]T)\b"
)
# dd/mm/yyyy or mm/dd/yyyy (slashes, dots or dashes, the same twice)
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-]|\.\d)")


def month_first_iso(text: str) -> str | None:
    """``YYYY-MM-DD`` of the first numeric date in ``text`` read month first ("05/03/2013"
    is 2013-05-03), or None when there is none or it is no valid month-first date."""
    m = NUMERIC_DATE.search(text)
    return _iso(m.group(4), m.group(1), m.group(3)) if m else None
