"""Date phrases found in plain text (datelines, forum headers) turned into ISO dates."""

from __future__ import annotations

import re

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
# 2024-04-26 | April 26, 2024 | Apr. 26 2024 | 26 April 2024 | 26 avril 2024
DATE = (
    r"(?:\d{4}-\d{2}-\d{2}"
    rf"|{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?{MONTH}\.?,?\s+(?:de\s+)?\d{{4}})"
)
TIME = r"\d{1,2}[:.h]\d{2}(?:\s*[AaPp]\.?\s?[Mm]\.?)?"
_DATE_RE = re.compile(DATE, re.IGNORECASE)


def to_iso(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``; None when there is none or it is invalid."""
    m = _DATE_RE.search(text)
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
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2200):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
