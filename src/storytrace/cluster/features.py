"""What story clustering sees of an article: lead text, words, named entities and a date.

Pure functions of one record, so they run anywhere (one process, a worker of a distributed
engine). Weights that depend on the corpus seen so far (IDF) live in
:class:`storytrace.cluster.stories.ClusterState`, not here.

- ``lead``: title + the first few hundred characters, what the embedder reads (never the
  whole article: the model is slow and news puts the event first).
- ``terms``: lower-cased word counts of title + the first ``lexical_chars`` characters.
- ``entities``: language-independent tokens: capitalised names (each multi-word name and its
  words; Latin, Cyrillic and Greek capitals), numbers and years. Names and numbers are
  spelt the same in most languages, so they carry across a translation where ordinary
  words do not.
- ``title_terms``, ``lead_terms``: word counts of the title and of the lead (refinement
  compares them on their own: two reports of one story share their headline's words).
- ``date``: the ``published`` date, else the first full date written near the top of the
  text (a dateline); the second kind is marked ``soft`` because it may name another day.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from ..text.names import name_key
from ..text.numbers import number_text

_WORD = re.compile(r"[^\W\d_]{2,}|\d+(?:[.,]\d+)*", re.UNICODE)
# A capitalised word: an upper-case letter (Latin, Cyrillic, Greek) then letters,
# apostrophes or hyphens. Scripts without case (Arabic, Hebrew, Chinese...) have no
# capitals to find names by: there numbers alone are entities.
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-ſЀ-ЯҐΆΈ-ΏΑ-Ϋ][\w'’\-]*"
_NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:de|la|le|van|von|der|del|da|di|al|bin)\s+)?{_CAP})*")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[,.]\d{3})+(?![\w,.]\d)|(?<![\w.,])\d+(?:[.,]\d+)?")
_SENT_START = re.compile(r"(?:^|[.!?…:;\"“”«»]\s+|\n\s*)$")

# Month names of the languages storytrace meets most; a date written in another language is
# simply not found (the article is then not placed in time, never excluded).
_MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
):
    for _i, _m in enumerate(_names.split(), start=1):
        _MONTHS.setdefault(_m, _i)
for _abbr, _i in (("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7)):
    _MONTHS.setdefault(_abbr, _i)
for _abbr, _i in (("aug", 8), ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12)):
    _MONTHS.setdefault(_abbr, _i)
MONTH_NAMES = frozenset(_MONTHS)  # month names and abbreviations, lower case
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_YEAR = re.compile(r"\d{4}")
_DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (
        re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
        ("m", "d", "y"),
    ),
    (
        re.compile(
            rf"\b(\d{{1,2}})(?:er|\.|º)?\s+(?:de\s+)?({_MONTH_RE})\.?,?\s+(?:de\s+)?(\d{{4}})\b",
            re.I,
        ),
        ("d", "m", "y"),
    ),
)


@dataclass(frozen=True, slots=True)
class Record:
    """One article as story clustering takes it."""

    id: str
    title: str | None
    text: str
    language: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Features:
    """What the clusterer compares: lead text, word counts, entities, date."""

    id: str
    lead: str
    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    day: int | None = None  # days since 1970-01-01
    soft_date: bool = False
    language: str | None = None
    title_terms: dict[str, float] = field(default_factory=dict)  # words of the title
    lead_terms: dict[str, float] = field(default_factory=dict)  # words of ``lead``


def lead_text(title: str | None, text: str, chars: int) -> str:
    """Title plus the start of the text, cut at a word boundary near ``chars`` characters."""
    body = " ".join(text.split())
    head = " ".join((title or "").split())
    if head and body.startswith(head):
        body = body[len(head) :].lstrip()
    out = f"{head}. {body}" if head else body
    if len(out) <= chars:
        return out
    cut = out.rfind(" ", 0, chars)
    return out[: cut if cut > chars // 2 else chars]


def word_counts(text: str) -> Counter[str]:
    """Lower-cased words and numbers (two characters or more)."""
    return Counter(m.group(0).lower() for m in _WORD.finditer(text))


def entity_counts(text: str) -> Counter[str]:
    """Names (not counting a lone capitalised word that opens a sentence) and numbers."""
    out: Counter[str] = Counter()
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        if words[0][0].islower():
            # The range Ā-ſ holds both cases: "spotkał Władimira" matched from the "ł" of
            # a lower-case word (Polish, Czech: "wyłącznie" was a name). Its tail is no name.
            words = words[1:]
            if not words:
                continue
            opens = False
        else:
            start = text[max(0, m.start() - 3) : m.start()]
            opens = bool(_SENT_START.search(start)) or m.start() == 0
        if len(words) == 1:
            if not opens and len(words[0]) > 2:
                out["n:" + words[0].lower().strip("'’-")] += 1
            continue
        if opens:
            # "Police Chief John Smith" at a sentence start: the first word may be any word.
            words = words[1:] if len(words) > 2 else words
        out["n:" + " ".join(w.lower() for w in words)] += 1
        for w in words:
            if len(w) > 2:
                out["n:" + w.lower().strip("'’-")] += 1
    # digits of any script as ASCII, apart from the caseless words they are glued to: an
    # Urdu "۲۰۱۸" or "65افراد" is the number an English report writes (in caseless
    # scripts numbers are the only entities found)
    for m in _NUMBER.finditer(number_text(text)):
        digits = re.sub(r"[,.](?=\d{3}\b)", "", m.group(0)).replace(",", ".")
        if len(digits) >= 2 or m.group(0) != "0":
            out["#" + digits] += 1
    return out


def keyed_entities(entities: dict[str, float], min_consonants: int) -> dict[str, float]:
    """``entities`` with each name word written as its cross-language key
    (:func:`storytrace.text.names.name_key`: "n:bidena" and "n:байден" are both
    "n:~b*d*n"); numbers as they are. Counts of names that meet on one key add up."""
    out: dict[str, float] = {}
    for term, count in entities.items():
        keyed = key_term(term, min_consonants)
        if keyed:
            out[keyed] = out.get(keyed, 0.0) + count
    return out


@lru_cache(maxsize=262144)
def key_term(term: str, min_consonants: int) -> str:
    """One entity term with its name words as their keys ("" for a name with none);
    a number, or any other term, as it is."""
    if not term.startswith("n:"):
        return term
    keys = [name_key(w, min_consonants) for w in term[2:].split()]
    keyed = " ".join(k for k in keys if k)
    return "n:" + keyed if keyed else ""


def keyed_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two sparse weight dicts."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb)


def _to_day(y: int, m: int, d: int) -> int | None:
    try:
        return (date(y, m, d) - date(1970, 1, 1)).days
    except ValueError:
        return None


def parse_published(value: str | None) -> int | None:
    """Days since 1970 of an ISO-like ``published`` value, or ``None``."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not m:
        return text_date(value, len(value))
    return _to_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def text_date(text: str, chars: int) -> int | None:
    """The first full date written in the first ``chars`` characters, as days since 1970."""
    head = text[:chars]
    if not _YEAR.search(head):
        return None  # every pattern holds a four-digit year: skip the month scans
    best: tuple[int, int] | None = None
    for pattern, order in _DATE_PATTERNS:
        m = pattern.search(head)
        if not m or (best is not None and m.start() >= best[0]):
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        month = parts["m"]
        mi = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."), 0)
        day = _to_day(int(parts["y"]), mi, int(parts["d"]))
        if day is not None and 1900 <= int(parts["y"]) <= 2100:
            best = (m.start(), day)
    return best[1] if best else None


def extract(record: Record, lead_chars: int, lexical_chars: int, date_chars: int) -> Features:
    """The features of one record (no corpus statistics applied yet)."""
    body = record.text[:lexical_chars]
    title = record.title or ""
    joined = f"{title}\n{body}" if title and not record.text.startswith(title) else body
    day = parse_published(record.published)
    soft = False
    if day is None:
        day = text_date(record.text, date_chars)
        soft = day is not None
    lead = lead_text(record.title, record.text, lead_chars)
    return Features(
        id=record.id,
        lead=lead,
        terms=dict(word_counts(joined)),
        # Headlines capitalise every word; names are taken from the body only.
        entities=dict(entity_counts(body)),
        day=day,
        soft_date=soft,
        language=record.language,
        title_terms=dict(word_counts(title)),
        lead_terms=dict(word_counts(lead)),
    )


# -- compact sparse profiles ----------------------------------------------------------
# Story term and entity profiles are kept as two small arrays (int32 term ids sorted, and
# float32 weights) instead of Python dicts: a dict entry with its str and float objects
# costs ~100 bytes, an array entry 8, and 100k articles' stories held ~1.5 GB of dicts.

Profile = tuple[np.ndarray, np.ndarray]  # (sorted int32 ids, float32 weights)
EMPTY: Profile = (np.zeros(0, np.int32), np.zeros(0, np.float32))


@dataclass(slots=True)
class Vocabulary:
    """Term <-> int32 id, shared by every profile of one clustering state."""

    ids: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)  # id -> term

    def __post_init__(self) -> None:
        self.term_list()

    def term_list(self) -> list[str]:
        """Each id's term (rebuilt where ids were written directly, as a distributed
        partition's seeded state does)."""
        if len(self.terms) != len(self.ids):
            self.terms = list(self.ids)
        return self.terms

    def profile(self, weights: dict[str, float]) -> Profile:
        """A sparse weight dict as a profile (ids sorted), adding new terms."""
        if not weights:
            return EMPTY
        ids, get = self.ids, self.ids.get
        # new ids are given in the order of ``weights``
        self.terms.extend(t for t in weights if t not in ids)
        keys = np.fromiter(
            (get(t) if t in ids else ids.setdefault(t, len(ids)) for t in weights),
            np.int32,
            len(weights),
        )
        vals = np.fromiter(weights.values(), np.float32, len(weights))
        order = np.argsort(keys, kind="stable")
        return keys[order], vals[order]


def keyed_profile(profile: Profile, vocab: Vocabulary, min_consonants: int) -> dict[str, float]:
    """A weighted entity profile with each name as its cross-language key
    (:func:`key_term`); the weights of names that meet on one key add up."""
    out: dict[str, float] = {}
    terms = vocab.term_list()
    for i, w in zip(profile[0].tolist(), profile[1].tolist(), strict=True):
        keyed = key_term(terms[i], min_consonants)
        if keyed:
            out[keyed] = out.get(keyed, 0.0) + w
    return out


def shared(a: Profile, b: Profile) -> tuple[float, int]:
    """Dot product of two profiles and the number of ids they share."""
    if not len(a[0]) or not len(b[0]):
        return 0.0, 0
    _, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    return float(a[1][ia] @ b[1][ib]), len(ia)


def merge(into: Profile, add: Profile, cap: int) -> Profile:
    """Sum of two profiles, pruned to the ``cap`` heaviest ids once it holds over 2x cap."""
    if not len(into[0]):
        return add[0].copy(), add[1].copy()
    keys, inverse = np.unique(np.concatenate([into[0], add[0]]), return_inverse=True)
    vals = np.bincount(inverse, np.concatenate([into[1], add[1]]).astype(np.float64))
    if len(keys) > 2 * cap:
        top = np.sort(np.argsort(-vals, kind="stable")[:cap])
        keys, vals = keys[top], vals[top]
    return keys.astype(np.int32), vals.astype(np.float32)
