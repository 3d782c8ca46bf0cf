"""Reading numbers as news writes them: digits grouped in any of the ways languages group
them, spelled numbers, scale words ("1.5 million", "2,5 Millionen", "3 lakh"), currencies,
percentages and approximation words ("more than", "about"), for :mod:`.values`.
"""

from __future__ import annotations

import re

from ..text import fold
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
CURRENCY = {
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
PERCENT = ("%", "percent", "per cent", "prozent", "pour cent", "por ciento", "per cento")
# what a unit may follow in those languages: "4,5 millions d'euros", "2 millones de dólares"
UNIT_LINK = re.compile(r"^(?:d'|de\s+|di\s+)")
_UNIT_WRITTEN = (*PERCENT, *(c for c in CURRENCY if c.isalpha()), "dólares")
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNIT_WRITTEN, key=len, reverse=True))
_SPELLED_RE = "|".join(sorted(_SPELLED, key=len, reverse=True))
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUM = (
    rf"(?P<approx>(?:{_APPROX_RE})\s+)?"
    r"(?P<cur>[$€£¥]\s?)?"
    # thousands grouped by a comma, a (narrow) no-break space or, as French text has it, a
    # plain space ("1 200 habitants" is 1,200, not 1 and 200), or by a dot as German,
    # Italian and Spanish write them ("1.500.000", "10.000,5"; :func:`read_number` reads the
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
NUM_RE = re.compile(rf"(?:(?<![\w.:])|{GLUED_BEFORE}){_NUM}(?:(?![\w:]|\.\d)|{GLUED_AFTER})", re.I)


def read_number(m: re.Match[str], language: str | None = None) -> float | None:
    """The value of a ``NUM_RE`` match; ``language`` (ISO 639-1) says which mark is the
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


_RANGE_LINK = re.compile(r"\s*(?:and|to|or|-|–)\s*", re.I)


def range_scale(text: str, m: re.Match[str], val: float, language: str | None) -> float:
    """``val`` times the scale of the range's other end when ``m`` has none of its own:
    "between $140 and $150 million" is $140 million (read as $140, it disputed an ECB+
    claim with "$140 million and $150 million")."""
    if m.group("scale") or (m.group("unit") and not m.group("cur")):
        return val
    link = _RANGE_LINK.match(text, m.end())
    nxt = NUM_RE.match(text, link.end()) if link else None
    if nxt is None or not nxt.group("scale") or bool(nxt.group("cur")) != bool(m.group("cur")):
        return val
    scale = " ".join(fold(nxt.group("scale")).rstrip(".").split())
    return val * _SCALE.get(scale, 1.0)
