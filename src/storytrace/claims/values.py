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

from ..quotes.names import name_runs
from ..quotes.people import GIVEN_GENDER, TITLES
from ..text import ascii_digits, fold
from ..text.gazetteer import COUNTRY_OF
from ..text.numbers import GLUED_AFTER, GLUED_BEFORE

_SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "m": 1e6,
    "k": 1e3,
    "mn": 1e6,
    "tn": 1e12,
    "hundred": 1e2,
}
# The scale words of the other languages storytrace reads, singular and plural, folded (no
# accents), so that a translation's "4,5 millions d'euros" or "4,5 Millionen Euro" compares
# with "4.5 million euros" (it read as the bare count 4.5). Spanish "mil" is a thousand and
# "mil millones" a billion; Italian "mila" a thousand.
_SCALE.update(
    {w: 1e6 for w in ("millions", "millionen", "millones", "millon", "milione", "milioni")}
    | {w: 1e6 for w in ("milhao", "milhoes", "mio")}
    | {w: 1e9 for w in ("milliard", "milliards", "milliarde", "milliarden", "miliardo")}
    | {w: 1e9 for w in ("miliardi", "mil millones", "bilhao", "bilhoes", "mrd")}
    | {"mil": 1e3, "mila": 1e3, "tausend": 1e3}
)
# South Asian and Arabic-script scale words (Urdu, Hindi, Persian, Arabic; and "lakh",
# "crore" in South Asian English), often glued to their number ("3لاکھ" is 300,000).
_SCALE_SCRIPTS = {
    **dict.fromkeys(("ہزار", "هزار", "ألف", "हज़ार", "हजार"), 1e3),
    **dict.fromkeys(("لاکھ", "लाख", "lakh", "lakhs"), 1e5),
    **dict.fromkeys(("کروڑ", "करोड़", "करोड", "crore", "crores"), 1e7),
    **dict.fromkeys(("ملین", "میلیون", "مليون"), 1e6),
    **dict.fromkeys(("ارب", "अरब", "میلیارد", "مليار"), 1e9),
}
_SCALE.update({fold(w): v for w, v in _SCALE_SCRIPTS.items()})
_SCALE_WRITTEN = (*_SCALE, *_SCALE_SCRIPTS, "millón", "milhão", "milhões", "bilhão", "bilhões")
_SCALE_RE = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") + (r"\.?" if w in ("mio", "mrd") else "")
    for w in sorted(_SCALE_WRITTEN, key=len, reverse=True)
)
_SPELLED = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "a hundred": 100,
    "a thousand": 1000,
    "a million": 1e6,
    "a billion": 1e9,
}
#: words that make a number approximate; they never make two values differ
APPROX = (
    "more than",
    "over",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "at least",
    "up to",
    "roughly",
    "approximately",
    "close to",
    "less than",
    "fewer than",
    "under",
    "above",
    "below",
    "just over",
    "just under",
    "upwards of",
    "an estimated",
    "plus de",
    "environ",
    "près de",
    "mehr als",
    "rund",
    "etwa",
    "más de",
    "unos",
    "cerca de",
)
_APPROX_RE = "|".join(re.escape(a) for a in sorted(APPROX, key=len, reverse=True))
_CURRENCY = {
    "$": "usd",
    "dollars": "usd",
    "€": "eur",
    "euros": "eur",
    "£": "gbp",
    "pounds": "gbp",
    "¥": "jpy",
    "yuan": "cny",
    "rubles": "rub",
    "roubles": "rub",
    # the same currencies named in French, German, Spanish, Italian and Portuguese (folded)
    "euro": "eur",
    "dollar": "usd",
    "dolares": "usd",
    "dollari": "usd",
    "pfund": "gbp",
    "livres": "gbp",
    "libras": "gbp",
    "sterline": "gbp",
}
_PERCENT = ("%", "percent", "per cent", "prozent", "pour cent", "por ciento", "per cento")
# what a unit may follow in those languages: "4,5 millions d'euros", "2 millones de dólares"
_UNIT_LINK = re.compile(r"^(?:d'|de\s+|di\s+)")
_UNIT_WRITTEN = (*_PERCENT, *(c for c in _CURRENCY if c.isalpha()), "dólares")
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNIT_WRITTEN, key=len, reverse=True))
_SPELLED_RE = "|".join(sorted(_SPELLED, key=len, reverse=True))
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUM = (
    rf"(?P<approx>(?:{_APPROX_RE})\s+)?"
    r"(?P<cur>[$€£¥]\s?)?"
    # thousands grouped by a comma, a (narrow) no-break space or, as French text has it, a
    # plain space ("1 200 habitants" is 1,200, not 1 and 200), or by a dot as German,
    # Italian and Spanish write them ("1.500.000", "10.000,5"; :func:`_number` reads the
    # dot and comma by the text's language)
    # ... or by ", 000", detokenised text's thousands ("120, 000": ECB+ writes them so)
    r"(?P<num>\d{1,3}(?:, 000)+(?!\d)|\d{1,3}(?:[,.\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?"
    rf"|(?:{_SPELLED_RE})(?:-(?:{_UNITS}))?)"
    rf"(?P<scale>\s?(?:{_SCALE_RE})(?!\w))?"
    rf"(?P<unit>\s?(?:d['’]|de\s+|di\s+)?(?:{_UNIT_RE})(?!\w))?"
)
#: languages whose numbers group thousands with a dot (or a space) and mark decimals with a
#: comma: "2.000 Menschen", "1.500.000 euros", "2,5 Millionen"
COMMA_DECIMAL = frozenset({"de", "es", "fr", "it", "nl", "pt"})
# A number stands apart from words, or is glued to a word of a caseless script ("65افراد").
_NUM_RE = re.compile(rf"(?:(?<![\w.:])|{GLUED_BEFORE}){_NUM}(?:(?![\w:]|\.\d)|{GLUED_AFTER})", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
# the same names in French, German, Spanish, Italian and Portuguese, so that a translated
# date compares with the original ("vendredi 13 mars" = "Friday, March 13")
_WEEKDAY_FORMS = {w: w for w in _WEEKDAYS} | {
    name: day
    for names in (
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
        ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    )
    for name, day in zip(names, _WEEKDAYS, strict=True)
}
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
_WD_RE = "|".join(sorted(_WEEKDAY_FORMS, key=len, reverse=True))
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


def _number(m: re.Match[str], language: str | None = None) -> float | None:
    """The value of a ``_NUM_RE`` match; ``language`` (ISO 639-1) says which mark is the
    decimal one: a comma in :data:`COMMA_DECIMAL` languages, else a dot."""
    raw = fold(m.group("num")).replace(", 000", "000")  # "120, 000" (detokenised)
    if raw in _SPELLED:
        val = float(_SPELLED[raw])
    elif "-" in raw and raw.split("-")[0] in _SPELLED:
        a, b = raw.split("-", 1)
        val = float(_SPELLED[a] + _SPELLED.get(b, 0))
    else:
        if language in COMMA_DECIMAL:
            # "2.000 Menschen" is 2,000 and "2,5 Millionen" 2.5: a dot before exactly three
            # digits groups thousands, a comma is the decimal mark
            digits = re.sub(r"[.\u202f\u00a0 ](?=\d{3}\b)", "", raw).replace(",", ".")
        elif raw.count(".") > 1:
            return None  # "1.500.000" in English text: no reading of it is safe
        else:
            digits = re.sub(r"[,\u202f\u00a0 ](?=\d{3}\b)", "", raw).replace(",", ".")
        try:
            val = float(digits)
        except ValueError:
            return None
    scale = " ".join(fold(m.group("scale") or "").rstrip(".").split())
    return val * _SCALE.get(scale, 1.0)


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
            key = f"wd:{_WEEKDAY_FORMS.get(m.group().lower(), m.group().lower())}"
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
    for m in _NUM_RE.finditer(text):
        s, e = m.start("num"), m.end()
        if any(a <= s < b for a, b in taken):
            continue
        if re.match(r"\d{1,2}:\d\d", text[s:]):
            continue
        val = _number(m, language)
        if val is None:
            continue
        unit = _UNIT_LINK.sub("", " ".join(fold(m.group("unit") or "").split()))
        if unit in _PERCENT:
            sub = "pct"
        elif m.group("cur") or unit:
            # amounts in two currencies are conversions, not a disagreement: compare like only
            sub = "money-" + _CURRENCY.get((m.group("cur") or "").strip() or unit, unit)
        else:
            sub = "count"
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
