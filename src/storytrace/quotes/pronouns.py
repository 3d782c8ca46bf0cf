"""Who a pronoun speaker is in a verb-second language (German): the last person named.

A German report names a speaker once ("Die Stuttgarter Bildungsbürgermeisterin Isabell
Fetzer zeigte sich überzeugt …") and goes on with a pronoun ("Gegenüber den Stuttgarter
Nachrichten erklärte sie: „…“"). German capitalises every noun, so a capitalised run is no
name by itself ("Verlesung der Anklage", "Interview der Woche"); a person is named by two
name words (capitalised words the article never writes after an article: "Isabell Fetzer"),
or by a surname the article writes elsewhere after a first name ("Kluncker" after "Heinz
Kluncker"). The gender comes from the role noun before the name ("Ministerin" -> f,
"Trainer" -> m: the profile's role endings, feminine with "-in"), an honorific ("Frau",
"Herr") or a known given name; unknown is compatible with both. "sie" with a plural verb
("sagten sie", "sie erklärten") is a group, no person. Names inside quotes are passed over.
"""

from __future__ import annotations

import re

from ..text import fold
from ..text.gazetteer import ORG_WORDS, is_place
from .cue_verbs import VERBS
from .people import GIVEN_GENDER
from .profiles import PROFILES
from .verb_second import _name_like

__all__ = ["is_plural_pronoun", "named_person_before"]

#: how far back a pronoun looks for its person, in the writer's own characters (quotes
#: between do not count), and never past the paragraph before its own. German Wikinews
#: train, the 22 quotes whose cue is "er"/"sie", checked by hand: 300 -> 17 right, 1 wrong,
#: 4 left unresolved (no person named); 600 -> 17 / 2 / 3; 1200 -> 17 / 3 / 2; the English
#: resolver this replaced for German -> 10 right (some only as a role or with a noun glued
#: on: "Wenn Saddam Hussein"), 12 wrong
WINDOW = 300

_WORD = re.compile(r"[^\W\d_][\w\-’']*")
_HONORIFIC = {"frau": "f", "herr": "m", "herrn": "m"}


def named_person_before(
    raw: str,
    lang: str,
    pos: int,
    gender: str | None,
    skip: list[tuple[int, int]],
) -> str | None:
    """The last person named (by name) before ``pos`` whose gender fits ``gender``, within
    the pronoun's paragraph and the one before it; names inside ``skip`` (quotes) are left
    out. None when there is no such person."""
    p = PROFILES.get(lang)
    if p is None:
        return None
    lo = _window_start(raw, pos, skip)
    best = None
    for s, _e, words in _name_runs(raw, lang, lo, pos):
        if any(a <= s < b for a, b in skip) or _governed(raw, lang, s):
            continue
        role, words = _split_role(lang, words)
        name = _full_name(raw, lang, words) if words else None
        if name is None:
            continue
        g = _role_gender(lang, role) or _gender(raw, lang, s, name.split())
        if gender is None or g in (None, gender):
            best = name
    return best


def _governed(raw: str, lang: str, s: int) -> bool:
    """True for a name after a preposition ('in New Mexico', 'an Jacques Chirac'): a place
    or someone addressed, not the subject a pronoun takes up."""
    before = raw[max(0, s - 20) : s].split()
    return bool(before) and before[-1].lower() in PROFILES[lang].prepositions


#: endings an inflected role noun may add ('Präsidenten', 'Ministers', 'Sprecherinnen')
_INFLECTIONS = ("", "s", "n", "en", "es")


def _is_role(lang: str, word: str) -> bool:
    low = fold(word)
    return any(low.endswith(r + i) for r in PROFILES[lang].role_endings for i in _INFLECTIONS)


def _split_role(lang: str, words: list[str]) -> tuple[str | None, list[str]]:
    """A run's role noun ('Regierungssprecher Robert Gibbs') and the name after it."""
    cut = max((i for i, w in enumerate(words) if _is_role(lang, w)), default=-1)
    if cut < 0:
        return None, words
    return words[cut], words[cut + 1 :]


def _role_gender(lang: str, role: str | None) -> str | None:
    """'f' for a feminine role noun ('Ministerin', 'Sprecherinnen'), else 'm'."""
    if role is None:
        return None
    return "f" if fold(role).endswith(("in", "innen")) else "m"


def is_plural_pronoun(raw: str, lang: str, start: int, end: int) -> bool:
    """True for a "sie" whose finite verb is plural ("sagten sie", "sie erklärten"), or the
    polite "Sie" inside a sentence: a group or the reader, not one woman."""
    if lang != "de" or raw[start:end].lower() != "sie":
        return False
    if raw[start] == "S" and not re.search(r"(?:^|[.!?:„“\"]\s*|\n\s*)$", raw[:start]):
        return True  # the polite 'Sie' ('Unterstellen Sie …'): the reader, not a woman
    before = re.search(r"(\w+)\s*$", raw[max(0, start - 30) : start])
    after = re.match(r"\s*(\w+)", raw[end : end + 30])
    verbs = VERBS.get(lang, ())
    for m in (before, after):
        w = m.group(1) if m else ""
        if w.islower() and w.endswith("en") and (w[:-1] in verbs or w[:-2] + "t" in verbs):
            return True
    return False


def _window_start(raw: str, pos: int, skip: list[tuple[int, int]]) -> int:
    """Start of the paragraph before the one ``pos`` stands in, at most ``WINDOW`` characters
    of the writer's own words back (quoted words between do not count)."""
    lo = pos - WINDOW
    for a, b in sorted(skip, reverse=True):
        if a < pos and b > lo:
            lo -= min(b, pos) - max(a, lo)
    own = raw.rfind("\n", 0, pos)
    prev = raw.rfind("\n", 0, max(0, own - 1)) if own > 0 else -1
    # an empty line between paragraphs: the paragraph before starts past it
    while prev > 0 and not raw[prev + 1 : own].strip():
        prev = raw.rfind("\n", 0, prev - 1) if prev > 1 else -1
    return max(prev + 1, lo, 0)


def _name_runs(raw: str, lang: str, lo: int, hi: int) -> list[tuple[int, int, list[str]]]:
    """Runs of name-like words (capitalised, never written after an article) in
    ``raw[lo:hi]``: ``(start, end, words)``."""
    p = PROFILES[lang]
    runs: list[tuple[int, int, list[str]]] = []
    cur: list[re.Match[str]] = []
    for m in _WORD.finditer(raw, lo, hi):
        w = m.group().rstrip("’'")
        name = (
            _name_like(w, raw, p)
            and fold(w) not in _HONORIFIC
            and not _common(lang, w, raw, m.start())
        )
        if name and cur and not raw[cur[-1].end() : m.start()].strip():
            cur.append(m)  # the next word of the same name
            continue
        if cur:
            runs.append((cur[0].start(), cur[-1].end(), [c.group() for c in cur]))
        cur = [m] if name else []
    if cur:
        runs.append((cur[0].start(), cur[-1].end(), [c.group() for c in cur]))
    return runs


def _common(lang: str, word: str, raw: str, start: int) -> bool:
    """True for a capitalised word that is no name: one opening a sentence that the article
    also writes in lower case ('Viel Kritik'), or a noun after an article and adjectives
    ('dem kleinen brandenburgischen Ort Kirchmöser')."""
    opens = re.search(r"(?:^|[.!?:]\s+|\n\s*)$", raw[max(0, start - 3) : start])
    if opens and re.search(rf"\b{re.escape(word.lower())}\b", raw):
        return True
    if re.search(r"\d\s*$", raw[max(0, start - 4) : start]):
        return True  # a count ('10 Millionen Jahren')
    return _determined(lang, word, raw)


#: up to three inflected adjectives between a determiner and its noun
_ADJECTIVES = r"(?:[a-zäöüß][\w\-]*(?:e|en|er|es|em)\s+){0,3}"


def _determined(lang: str, word: str, raw: str) -> bool:
    """True for a word the article writes after a determiner (an article, a possessive) and
    up to three inflected adjectives: a noun ('seine Kritik', 'dem kleinen Ort'; not 'das
    zumindest meint Rick')."""
    p = PROFILES[lang]
    dets = "|".join(sorted(p.subject_articles | p.oblique_articles | p.possessives))
    pat = rf"(?<![,;]\s)\b(?i:{dets})\s+{_ADJECTIVES}{re.escape(word)}\b"
    return re.search(pat, raw) is not None


def _full_name(raw: str, lang: str, words: list[str]) -> str | None:
    """The person's name: two name words as written, or one with the first name the article
    writes before it elsewhere ('Kluncker' -> 'Heinz Kluncker'); None for a place, an
    organisation, an acronym or a lone word."""
    name = " ".join(words)
    if is_place(name) or any(fold(w) in ORG_WORDS for w in words):
        return None
    if any(re.fullmatch(r"[A-ZÄÖÜ]{2,}", w) for w in words):
        return None  # an acronym names a body ('SPD', 'BKA')
    if len(words) >= 2:
        return name
    p = PROFILES[lang]
    for m in re.finditer(rf"\b([A-ZÄÖÜ][\w\-]+)\s+{re.escape(words[0])}\b", raw):
        first = m.group(1)
        if (
            _name_like(first, raw, p)
            and not is_place(first)
            and not _common(lang, first, raw, m.start())
        ):
            return f"{first} {words[0]}"
    return None


def _gender(raw: str, lang: str, s: int, words: list[str]) -> str | None:
    """The gender the words before a name (a role noun, an honorific) or its given name
    say; None when neither does."""
    before = re.findall(r"[\w\-]+", raw[max(0, s - 40) : s])
    if before:
        last = fold(before[-1])
        if last in _HONORIFIC:
            return _HONORIFIC[last]
        if _is_role(lang, last):
            return _role_gender(lang, last)
    given = GIVEN_GENDER.get(fold(words[0])) if len(words) >= 2 else None
    return given
