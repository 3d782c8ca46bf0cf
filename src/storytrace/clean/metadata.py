"""Metadata written as plain text: a date line, a forum header, a title line, a byline and
the outlet naming itself.

Each finder returns what it found plus the span to remove (if the text is not reporting):
a leading ``date 2024-04-27`` prefix or a dateline, a forum header ("Quote from NAME on
DATE, TIME") glued to the first sentence, a title line. A byline that is also a sentence of
reporting ("As VOA's Jane Doe reports, ...") gives author and outlet but stays in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import DATE, MONTH, TIME, to_iso
from .text import wordset

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|der|al|bin|le|la|del)){0,4}"
_ANY_NAME = r"[\w'’.@-]+(?:\s+[\w'’.@-]+){0,3}"

# "date 2025-06-03 ..." / "Published: June 3, 2025 ..." / "June 3, 2025 |"
_DATE_PREFIX = re.compile(
    rf"(?:(?:date|dated|published|posted|updated|publié le|publicado)\s*(?:on)?\s*:?\s*)?"
    rf"(?P<date>{DATE})(?:,?\s*(?:at\s+)?{TIME}(?:\s*(?:[A-Z]{{2,4}}|UTC|GMT)(?:[+-]\d+)?)?)?"
    rf"(?:\s*[|/•·–—-]\s*|\s+|$)",
    re.IGNORECASE,
)
# "Quote from Kira vale on June 3, 2025, 9:14 AM" / "Posted by NAME on DATE at TIME"
_FORUM_HEADER = re.compile(
    rf"(?:quote from|posted by|quoting|originally posted by|reply from|post by)\s+"
    rf"(?P<author>{_ANY_NAME}?)\s+(?:on|»|-)\s+(?P<date>{DATE})"
    rf"(?:,?\s*(?:at\s+)?(?P<time>{TIME}))?\s*",
    re.IGNORECASE,
)
_ROLE = (
    r"(?:correspondent|reporter|journalist|editor|contributor|writer|bureau chief|"
    r"producer|columnist|analyst|anchor|staff writer|senior correspondent)"
)
_ROLE_ADJ = r"(?:senior|chief|foreign|special|political|diplomatic|national|economics?|security)"
_OUTLET = (
    r"(?P<outlet>(?:[A-Z][\w&'.-]*|of|the|de)"
    r"(?:\s+(?:[A-Z][\w&'.-]*|of|the|de|du|des|del|della|di|la|le|y)){0,5})"
)
_BYLINES = [
    # "As Coastline Ledger correspondent Rafe Oduya reports"
    re.compile(
        rf"\b(?:As\s+)?{_OUTLET}(?:'s|’s)?\s+(?:{_ROLE_ADJ}\s+)?{_ROLE}\s+(?P<author>{_NAME})\s+"
        rf"(?:reports|writes|explains|reported|wrote)\b"
    ),
    # "By Jane Doe and John Roe, Reuters" / "By Jane Doe | AP"
    re.compile(
        rf"^(?:By|BY|Par|PAR|Por|POR|Von|Di|Door|Av)\s+(?P<author>{_NAME}(?:\s+and\s+{_NAME})?)"
        rf"(?:\s*[,|–—-]\s*{_OUTLET})?"
        # "By Jane Doe | June 3, 2025, 9:14 AM" / "By Jane Doe • Updated 3 June 2025"
        rf"(?:\s*[,|•·–—-]\s*(?P<stamp>[^|•·]*?(?i:{DATE})[^|•·]*))?\s*$"
    ),
    # "Jane Doe reports from Beijing." / "Jane Doe reports."
    re.compile(rf"^(?P<author>{_NAME})\s+reports(?:\s+from\s+[A-Z][\w ]{{1,40}})?\.?$"),
    # "..., VOA's Jane Doe reports." / "Reporting by Jane Doe"
    re.compile(rf"\b{_OUTLET}(?:'s|’s)\s+(?P<author>{_NAME})\s+reports\b"),
    re.compile(rf"\b(?:Reporting|Written|Story) by\s+(?P<author>{_NAME})"),
]
_SELF_NAMING = re.compile(
    r"\b(?:told|said to|speaking to|in an interview with|interviewed by|wrote to)\s+"
    r"(?P<outlet>(?:the\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"
)
# Every _SELF_NAMING match contains one of these (the pattern is case-sensitive); "said"
# alone is in most paragraphs of news, "said to" in few.
_SELF_NAMING_KEYS = ("told", "said to", "speaking to", "interview", "wrote to")
# "WASHINGTON (AP) — ", "OSLO, June 3 (Reuters) - ", "Kyiv, Ukraine (CNN) — "
_AGENCY_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}"
    r"(?:,\s*[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,2}){0,2})"
    rf"(?:,\s*(?i:{MONTH})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
    r"\s*\((?P<outlet>[A-Za-z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,2})\)\s*(?:[—–-]{1,2}|:)\s*"
)
# "Port Elvane, Marelia CNN — " (no brackets): only a known agency name counts.
_BARE_AGENCY_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}"
    r"(?:,\s*[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,2}){0,2})"
    r"\s+(?P<outlet>CNN|AP|AFP|Reuters|dpa|Xinhua|ANI|PTI|IANS|UPI|Bloomberg|EFE|ANSA)"
    r"\s*[—–]\s*"
)
_AGENCIES = wordset(
    "ap afp reuters dpa xinhua ani pti ians upi bloomberg bbc cnn aa efe ansa kyodo yonhap "
    "tass ria interfax anadolu cna nhk kcna apa belga anp ntb tt sda ats ctk pap mti bta "
    "hina tanjug aap pa sapa nan irna wam spa mena"
)
_PUBLICATION_WORD = re.compile(
    r"\b(?:courier|herald|times|post|news|press|observer|journal|gazette|tribune|daily|"
    r"weekly|radio|tv|television|agency|media|wire|review|star|chronicle|telegraph|mail|"
    r"guardian|express|record|standard|monitor|today|network|service|broadcasting|"
    r"dispatch|bulletin|examiner|inquirer|sun|mirror|independent|reporter|leader)\b",
    re.IGNORECASE,
)
_HONORIFICS = wordset("mr mrs ms dr prof sir lord lady gen col capt sen rep gov")
_CREDIT_AUTHOR = re.compile(
    rf"(?i:reporting|writing|written)\s+by\s+(?P<author>{_NAME}(?:\s+and\s+{_NAME})?)"
)
_TITLE_STOP = re.compile(r"^(?:the|a|an|and|or|of|in|on)$", re.I)


@dataclass(frozen=True, slots=True)
class Found:
    """A piece of metadata and the span of ``raw`` it came from (removed when ``remove``)."""

    field: str
    value: str
    start: int
    end: int
    reason: str = "metadata"
    remove: bool = True


def date_prefix(raw: str, start: int, end: int) -> Found | None:
    """A leading date (alone on the line or glued before the first sentence)."""
    m = _DATE_PREFIX.match(raw, start, end)
    if not m:
        return None
    rest = raw[m.end() : end].strip()
    iso = to_iso(m.group("date"))
    # A date directly followed by running prose that continues it ("June 3, 2025 was ...")
    # is reporting, not a dateline: keep it unless a separator or a capital follows.
    if iso is None or (rest and not (rest[0].isupper() or rest[0] in "\"“'‘(")):
        return None
    return Found("published", iso, start, m.end(), "metadata")


def agency_dateline(raw: str, start: int, end: int) -> Found | None:
    """A wire dateline opening the first paragraph: the agency is the outlet of the copy."""
    m = _AGENCY_DATELINE.match(raw, start, end) or _BARE_AGENCY_DATELINE.match(raw, start, end)
    if not m or m.end() >= end:
        return None
    outlet = m.group("outlet")
    place = m.group("place").split()[0].rstrip(",")
    known = outlet.lower() in _AGENCIES
    # "Mr Smith (Labour) - ..." is a sentence: the place must be upper case (a dateline
    # style) or the bracket a known agency, and an acronym or known name in the bracket.
    # An upper-case place is the wire style itself ("MARROWICK, Ostermere (Valley Herald) —"),
    # but the bracket may hold a region too ("PORTLAND (Oregon) —"): a name that is not an
    # acronym or agency must read as a publication.
    publication = bool(_PUBLICATION_WORD.search(outlet))
    if not (known or (place.isupper() and (outlet.isupper() or publication))):
        return None
    if place.lower().rstrip(".") in _HONORIFICS:
        return None
    return Found("outlet", outlet, start, m.end(), "metadata")


# Agencies as Urdu datelines write them ("(اے پی پی)"), spaces folded.
_AGENCIES_URDU = frozenset(
    (
        "اےپیپی",  # APP
        "اےایفپی",  # AFP
        "اےپی",  # AP
        "رائٹرز",  # Reuters
        "رائٹر",
        "پیپیآئی",  # PPI
        "اینانآئی",  # NNI
        "آئیاینپی",  # INP
        "آنلائن",  # Online
        "ثنانیوز",  # Sana News
        "ثناءنیوز",
    )
)


def is_agency(name: str) -> bool:
    """A news agency whose copies are republished under its own name (AP, Reuters...)."""
    return name.lower() in _AGENCIES or re.sub(r"\s+", "", name) in _AGENCIES_URDU


_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?:the\s+)?(?P<owner>[A-Z][\w&'’.\-]*(?:\s+[A-Z&][\w&'’.\-]*){0,4}?)"
    r"\s*[.,]?\s*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)


def copyright_owner(text: str) -> str | None:
    """The publisher named in a copyright line ("© 2026 The Daily Ferret. All rights reserved.")."""
    m = _COPYRIGHT.match(text)
    if not m:
        return None
    owner = m.group("owner").rstrip(".")
    return owner if owner[:1].isupper() and owner.lower() not in {"all", "copyright"} else None


def credit_author(text: str) -> str | None:
    """The reporter named in a "Reporting by NAME …" credit line."""
    m = _CREDIT_AUTHOR.search(text)
    return " ".join(m.group("author").split()) if m else None


def forum_header(raw: str, start: int, end: int) -> tuple[Found, Found] | None:
    """A forum post header: author and date, and the span of the header only."""
    m = _FORUM_HEADER.match(raw, start, end)
    if not m:
        return None
    iso = to_iso(m.group("date"))
    if iso is None:
        return None
    author = " ".join(m.group("author").split())
    stop = m.end()
    return (
        Found("author", author, start, stop, "forum-header"),
        Found("published", iso, start, stop, "forum-header"),
    )


def looks_like_title(text: str, next_text: str | None, max_words: int) -> bool:
    """A first line that reads as a headline (something follows it; no sentence end)."""
    stripped = text.strip()
    ws = stripped.split()
    if not (2 <= len(ws) <= max_words) or next_text is None:
        return False
    if stripped[-1] in ".,;:" or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    # A line continued by a lower-case line is a broken sentence, not a headline.
    return not next_text.lstrip()[:1].islower()


def is_label(text: str, max_words: int) -> bool:
    """A site name or section label: at most ``max_words`` words, each capitalised."""
    ws = text.split()
    return 0 < len(ws) <= max_words and all(w[0].isupper() for w in ws)


# Case-sensitive words every match of the byline pattern at the same index contains (None:
# the pattern is anchored at the line start and fails fast): the search is skipped without.
_BYLINE_KEYS: list[tuple[str, ...] | None] = [
    ("reports", "writes", "explains", "reported", "wrote"),
    None,
    None,
    ("reports",),
    ("Reporting by", "Written by", "Story by"),
]


def byline(texts: Sequence[str], offsets: Sequence[int], limit: int) -> list[Found]:
    """Author and outlet from a byline among the first ``limit`` units (kept in the text)."""
    for text, off in zip(texts[:limit], offsets[:limit], strict=False):
        for pattern, keys in zip(_BYLINES, _BYLINE_KEYS, strict=True):
            if keys is not None and not any(map(text.__contains__, keys)):
                continue
            m = pattern.search(text)
            if not m:
                continue
            author = " ".join(m.group("author").split()).rstrip(".,")
            if _TITLE_STOP.match(author.split()[0]):
                continue
            out = [Found("author", author, off + m.start(), off + m.end(), "byline", False)]
            outlet = m.groupdict().get("outlet")
            if outlet:
                outlet = re.sub(r"^(?:As|the|The)\s+", "", " ".join(outlet.split()))
                if outlet and outlet[0].isupper():
                    out.append(
                        Found("outlet", outlet, off + m.start(), off + m.end(), "byline", False)
                    )
            stamp = m.groupdict().get("stamp")
            iso = to_iso(stamp) if stamp else None
            if iso:
                out.append(Found("published", iso, off + m.start(), off + m.end(), "byline"))
            # The "By NAME" and "NAME reports." patterns match a whole line: not reporting.
            if pattern is _BYLINES[1] or pattern is _BYLINES[2]:
                out = [Found(f.field, f.value, off, off + len(text), "byline", True) for f in out]
            return out
    return []


# "By NewsPulse Now Desk" / "By TrendWire Staff": the byline credits the outlet's own desk.
_DESK = re.compile(
    r"^(?P<outlet>.+?)\s+(?:News\s+)?(?:Desk|Staff|Newsroom|Team|Editors|Editorial Board|"
    r"Reporters|Correspondents|Web Desk|Digital)$"
)
_GENERIC_DESK = wordset("news the our web digital online staff local world city foreign")


def desk_outlet(author: str) -> str | None:
    """The outlet a desk byline names (``NewsPulse Now Desk`` -> ``NewsPulse Now``), or None.

    A generic desk ("News Desk", "Web Desk", "Our Staff") names no outlet.
    """
    m = _DESK.match(author.strip())
    if not m:
        return None
    name = m.group("outlet").strip()
    if all(w.lower() in _GENERIC_DESK for w in name.split()):
        return None
    return name if name[:1].isupper() else None


def acronym(name: str) -> str:
    """``Coastline Ledger Online`` -> ``CLO`` (initials of capitalised words and "of")."""
    parts = name.split()
    return "".join(p[0].upper() for p in parts if p[0].isupper() or p.lower() == "of")


def self_named_outlet(texts: Sequence[str], min_count: int) -> str | None:
    """An outlet the text names as its own interviewer ("told VOA"), seen ``min_count``+ times.

    This is weak evidence (a story may quote another outlet), so it is used only when no
    byline named the outlet, and only for names that recur.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        if not any(map(text.__contains__, _SELF_NAMING_KEYS)):
            continue  # the common case: the pattern's verbs are absent
        for m in _SELF_NAMING.finditer(text):
            name = re.sub(r"^the\s+", "", m.group("outlet"), flags=re.IGNORECASE)
            first = name.split()[0]
            # Outlets are acronyms or multi-word names; a lone capitalised word is a person.
            if (first.isupper() and len(first) >= 2) or len(name.split()) >= 2:
                counts[name.rstrip(".")] += 1
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= min_count else None
