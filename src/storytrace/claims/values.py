"""Checkable values in a sentence: numbers, dates, places and person names, with spans.

Numbers cover digits ("2,000", "1.5 million"), spelled numbers ("three", "dozens"),
percentages and money; an approximation word before a number ("more than", "over",
"about", "nearly") is kept apart from the value, so "over 100" and "more than 100" compare
equal. Dates are weekdays, month-day pairs and years. Places come from the gazetteer and
compare by country ("Moscow" as a metonym for Russia); names are capitalised runs that are
not places or organisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..quotes.name_runs import name_runs
from ..quotes.people import GIVEN_GENDER, TITLES
from ..text import ascii_digits, fold
from ..text.dates import WEEKDAY_FORMS
from ..text.gazetteer import COUNTRY_OF
from ..text.numbers import GLUED_AFTER, GLUED_BEFORE
from .numbers import CURRENCY, NUM_RE, PERCENT, UNIT_LINK, range_scale, read_number

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# month names in French, German, Spanish, Italian and Portuguese too, so that a translated
# date compares with the original ("vendredi 13 mars" = "Friday, March 13"; the weekdays:
# text.dates.WEEKDAY_FORMS)
_MONTH_FORMS = {
    **{m: m for m in _MONTHS},
    **dict(
        zip(
            (
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ),
            _MONTHS,
            strict=True,
        )
    ),
    **dict(
        zip(
            (
                "januar",
                "februar",
                "märz",
                "april",
                "mai",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "dezember",
            ),
            _MONTHS,
            strict=True,
        )
    ),
    **dict(
        zip(
            (
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ),
            _MONTHS,
            strict=True,
        )
    ),
}
_WD_RE = "|".join(sorted(WEEKDAY_FORMS, key=len, reverse=True))
_MO_RE = "|".join(sorted(_MONTH_FORMS, key=len, reverse=True))
_DATE_RE = re.compile(
    rf"\b(?P<wd>{_WD_RE})\b"
    rf"|\b(?P<md>(?:{_MO_RE})\s+\d{{1,2}}\b|\d{{1,2}}(?:er|\.)?\s+(?:de\s+)?(?:{_MO_RE})\b)"
    rf"|(?:\b|{GLUED_BEFORE})(?P<year>(?:19|20)\d\d)(?:\b|{GLUED_AFTER})",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Value:
    """One value: ``kind`` number|date|place|name, a comparable ``key`` and its span."""

    kind: str
    key: str
    text: str
    start: int
    end: int
    approx: bool = False
    number: float | None = None
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    personal: bool = False  # a name that is clearly a person's (compared for conflicts)


def _context(text: str, s: int, e: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    left = [w for w in re.findall(r"[\w'’\-]+", fold(text[:s]))][-2:]
    right = [w for w in re.findall(r"[\w'’\-]+", fold(text[e:]))][:2]
    return tuple(left), tuple(right)


def extract_values(text: str, offset: int = 0, language: str | None = None) -> list[Value]:
    """Numbers, dates, places and names of ``text`` (spans shifted by ``offset``; numbers
    read with the decimal mark of ``language``, ISO 639-1).

    Digits of any script read as ASCII ones ("۲۰۱۸" is the year 2018); a value's ``text``
    is as written."""
    read = ascii_digits(text)  # one character for one: spans in it are spans of text
    dates = _dates(read, offset)
    # A number or a name inside a date ("May 5", "2024") is part of the date.
    taken = [(v.start - offset, v.end - offset) for v in dates]
    out = [*dates, *_numbers(read, offset, taken, language)]
    if read != text:
        out = [replace(v, text=text[v.start - offset : v.end - offset].strip()) for v in out]
    out += [*_places(text, offset), *_names(text, offset, taken)]
    out.sort(key=lambda v: v.start)
    return out


def _dates(text: str, offset: int) -> list[Value]:
    """Weekdays, month-and-day dates and years, keyed so that forms in different
    languages of the same date compare equal."""
    out: list[Value] = []
    for m in _DATE_RE.finditer(text):
        kind = "wd" if m.group("wd") else "md" if m.group("md") else "year"
        key = f"{kind}:{m.group()}"
        if kind == "wd":
            key = f"wd:{WEEKDAY_FORMS.get(m.group().lower(), m.group().lower())}"
        elif kind == "md":
            day = re.search(r"\d+", m.group())
            month = next(
                (
                    _MONTH_FORMS[w]
                    for w in re.findall(r"\w+", m.group().lower())
                    if w in _MONTH_FORMS
                ),
                "",
            )
            key = f"md:{month} {int(day.group()) if day else 0}"
        left, right = _context(text, m.start(), m.end())
        out.append(
            Value(
                "date", key, m.group(), offset + m.start(), offset + m.end(), left=left, right=right
            )
        )
    return out


def _numbers(
    text: str, offset: int, taken: list[tuple[int, int]], language: str | None = None
) -> list[Value]:
    """Counts, percentages and amounts (by currency) outside ``taken`` spans and times."""
    out: list[Value] = []
    for m in NUM_RE.finditer(text):
        s, e = m.start("num"), m.end()
        if any(a <= s < b for a, b in taken):
            continue
        if re.match(r"\d{1,2}:\d\d", text[s:]):
            continue
        val = read_number(m, language)
        if val is None:
            continue
        unit = UNIT_LINK.sub("", " ".join(fold(m.group("unit") or "").split()))
        if unit in PERCENT:
            sub = "pct"
        elif m.group("cur") or unit:
            # amounts in two currencies are conversions, not a disagreement: compare like only
            sub = "money-" + CURRENCY.get((m.group("cur") or "").strip() or unit, unit)
        else:
            sub = "count"
        val = range_scale(text, m, val, language)
        left, right = _context(text, m.start(), e)
        approx = bool(m.group("approx")) or fold(m.group("num")) in {"dozen", "hundred", "thousand"}
        out.append(
            Value(
                "number",
                f"{sub}:{val:g}",
                text[m.start() : e].strip(),
                offset + m.start(),
                offset + e,
                approx,
                val,
                left,
                right,
            )
        )
    return out


def _places(text: str, offset: int) -> list[Value]:
    """Gazetteer places in capitalised runs, keyed by their country."""
    out: list[Value] = []
    for m in re.finditer(r"\b[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’\-]*)*", text):
        for tok in _place_tokens(m.group(), m.start()):
            s, e, word, country = tok
            left, right = _context(text, s, e)
            out.append(
                Value("place", country, word, offset + s, offset + e, left=left, right=right)
            )
    return out


def _names(text: str, offset: int, taken: list[tuple[int, int]]) -> list[Value]:
    """Names of two words or more, or titled ones, outside ``taken`` spans."""
    out: list[Value] = []
    for s, e, name, titles in name_runs(text):
        # person names only: a titled name or one that starts with a known given name or an
        # initial; other capitalised runs are too often organisations, teams or (in German)
        # nouns to compare
        first = name.split()[0]
        personal = (
            bool(titles)
            or fold(first) in GIVEN_GENDER
            or bool(re.fullmatch(r"(?:[A-Z]\.){1,3}", first))
        )
        if (len(name.split()) < 2 and not titles) or any(a <= s < b for a, b in taken):
            continue
        if all(fold(w).split("-")[0] in TITLES for w in name.split()):
            continue  # a title, no name: "the US President-elect" is not someone other
            # than "Barack Obama" (a claim of an ECB+ story was disputed between them)
        left, right = _context(text, s, e)
        out.append(
            Value(
                "name",
                fold(name),
                name,
                offset + s,
                offset + e,
                left=left,
                right=right,
                personal=personal,
            )
        )
    return out


def _place_tokens(run: str, at: int) -> list[tuple[int, int, str, str]]:
    """Gazetteer places inside a capitalised run, longest alias first."""
    out = []
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w'’.\-]+", run)]
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            s, e = words[i][0], words[i + n - 1][1]
            phrase = re.sub(r"['’]s$", "", run[s:e]).rstrip(".,")
            country = COUNTRY_OF.get(fold(phrase))
            if country is None and phrase.endswith("."):
                country = COUNTRY_OF.get(fold(phrase.rstrip(".")))
            if country:
                out.append((at + s, at + s + len(phrase), phrase, country))
                i += n
                break
        else:
            i += 1
    return out


def same_number(a: Value, b: Value) -> bool:
    """Equal numbers; approximate ones ("about 2,000") within 10 % of each other."""
    if a.key == b.key:
        return True
    if a.key.split(":")[0] != b.key.split(":")[0] or a.number is None or b.number is None:
        return False
    if a.approx or b.approx:
        return abs(a.number - b.number) <= 0.1 * max(abs(a.number), abs(b.number))
    return False
