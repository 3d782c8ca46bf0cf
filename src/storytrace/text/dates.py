"""The calendar day of a ``published`` value, however the input padded it."""

from __future__ import annotations

import re
from datetime import date

_ISO_LIKE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")


def iso_day(published: str | None) -> str | None:
    """``YYYY-MM-DD`` of an ISO-like ``published`` ("2014-09-08", "2014-9-8T10:00Z"), or
    None when it does not start with a valid year-month-day."""
    m = _ISO_LIKE.match(published or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None
