"""One name as another language writes it: a Latin fold and a key that survives inflection.

Story clustering matches articles in two languages by the names they share, and a name is
spelt differently across languages: inflected (Polish "Bidena", "Putinem"; German
"Merkels"; Czech "Zelenského"), with other diacritics or another transliteration
("Łukaszenka", "Lukaschenko", "Loukachenko", "Lukashenko"), or in another script
("Путин", "Μητσοτάκης").

- :func:`latin_fold`: lower case, Cyrillic and Greek transliterated to Latin by a small
  table, diacritics removed (NFKD), the letters NFKD keeps whole unfolded (ł, ß, ø, æ ...).
  A háček or acute that makes a hushing sound (č, ś, ž ...) becomes "ch", "sh", "zh"
  first, so that "Lukašenka" meets "Lukashenko".
- :func:`name_key`: the fold without a common inflection ending, read as sounds that
  transliterations write differently (sz, sch, sh, ch, cz, zh, ts, z, s: one sibilant; c,
  k, q: one k; w and v; ph and f; y, j and vowels: one vowel mark; h dropped, a doubled
  letter written once), without its final vowels. "Łukaszenka", "Lukaschenko", "Loukachenko",
  "Lukashenko" and "Лукашенко" are all ``l*k*s*nk``; "Selenskyj", "Zelensky",
  "Zelenského" and "Зеленский" ``s*l*nsk``. A key of fewer than ``min_consonants``
  consonants says too little to match on (``*b*m`` is Obama and Abma, Ibom ...): the
  sounds with their vowels written, without the final ones, are the key then (``obam``).

A key is marked ``~``, a fold standing in for one ``=``: the two never meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .chars import MARK


def _table(letters: str, spellings: str) -> dict[str, str]:
    """Each of ``letters`` -> its spelling (``spellings`` split on spaces)."""
    return dict(zip(letters, spellings.split(), strict=True))


# Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Bulgarian, Macedonian letters) and
# Greek, one common Latin spelling each; the key below unifies what spellings differ in.
_CYRILLIC = _table(
    "абвгґдеёєжзиіїйклмнопрстуўфхцчшщъыьэюяђјљњћџѓќѕ",
    "a b v g g d e e ye zh z i i yi y k l m n o p r s t u u f kh ts ch sh shch _ y _ e "
    "yu ya dj j lj nj c dz gj kj dz",
)
_GREEK = _table("αβγδεζηθικλμνξοπρσςτυφχψω", "a v g d e z i th i k l m n x o p r s s t y f kh ps o")
# Greek writes b, d, g of other languages as these pairs ("Μπάιντεν" Biden).
_GREEK_PAIRS = (("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("ου", "ou"))
# Russian writes the English j as "дж" ("Джонсон" Johnson).
_CYRILLIC_PAIRS = (("дж", "j"),)
# Letters NFKD leaves whole, and hushing letters whose mark NFKD would drop into another
# sound (č is "ch", not "c").
_LATIN = {
    "ł": "l",
    "ß": "ss",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "č": "ch",
    "ć": "ch",
    "ç": "s",
    "š": "sh",
    "ś": "sh",
    "ž": "zh",
    "ź": "zh",
    "ż": "zh",
}
_MARKS = re.compile(MARK)
_GREEK_ACCENTED = re.compile(r"[\u0386-\u03ce\u1f00-\u1fff]")
# Inflection endings of Slavic names (Polish, Czech, Slovak, Russian transliterated:
# instrumental, dative, genitive; not the plural ones: "-ach" is also German "Merzbach"),
# cut once, longest first, where four letters stay; else the genitive "s" of German and
# English, where four stay, but after t, s, z, x ("Scholz" is no genitive, nor "Шольц").
_ENDINGS = ("owi", "ovi", "ego", "ogo", "emu", "eho", "em", "om", "ym", "im")
_GENITIVE_S = re.compile(r"(?<=[^stzx])s$")
_SOUNDS = (
    # a final "ch" (but for a case ending; not "sch") is German, Polish or Czech kh
    # ("Merzbach", "Merzbacha", Russian "Мерцбах"); inside a word it is also French sh
    # ("Loukachenko", Lukashenko)
    (re.compile(r"(?<![st])ch(?=[aeiouy]?$)"), "k"),
    (re.compile(r"tsch|sch|shch|sh|sz|tch|ch|cz|zh|dzh|dz|ts|tz|z|x"), "s"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"ck|kh|c|q|k"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"h"), ""),
)
_VOWELS = re.compile(r"[aeiouyj]+")
_DOUBLED = re.compile(r"([^*])\1+")
_NOT_LATIN = re.compile(r"[^a-z]")


@lru_cache(maxsize=65536)
def latin_fold(word: str) -> str:
    """``word`` in lower-case Latin letters a-z only (see the module docstring)."""
    # Greek accents off first, so that "ού" is the pair "ου" ("Πούτιν" Poutin)
    low = _GREEK_ACCENTED.sub(
        lambda m: _MARKS.sub("", unicodedata.normalize("NFD", m[0])), word.lower()
    )
    for pair, latin in _GREEK_PAIRS + _CYRILLIC_PAIRS:
        low = low.replace(pair, latin)
    out = []
    for ch in low:
        if ch in _CYRILLIC or ch in _GREEK or ch in _LATIN:
            out.append(_CYRILLIC.get(ch) or _GREEK.get(ch) or _LATIN[ch])
            continue
        stripped = _MARKS.sub("", unicodedata.normalize("NFKD", ch))
        # accented Greek (ά, ή, ό) and Cyrillic (ѐ, ѝ) are their base letter
        out.append(_GREEK.get(stripped) or _CYRILLIC.get(stripped) or stripped)
    return _NOT_LATIN.sub("", "".join(out).replace("_", ""))


@lru_cache(maxsize=65536)
def name_key(word: str, min_consonants: int = 3) -> str:
    """The cross-language key of one name word (see the module docstring); "" when the
    word holds no Latin-foldable letters."""
    folded = latin_fold(word)
    if not folded:
        return ""
    cut = next((e for e in _ENDINGS if folded.endswith(e) and len(folded) - len(e) >= 4), "")
    if cut:
        folded = folded[: -len(cut)]
    elif len(folded) > 4:
        folded = _GENITIVE_S.sub("", folded)
    sounds = folded
    for pattern, sound in _SOUNDS:
        sounds = pattern.sub(sound, sounds)
    key = _DOUBLED.sub(r"\1", _VOWELS.sub("*", sounds)).rstrip("*")
    if len(key) - key.count("*") >= min_consonants:
        return "~" + key
    # a short name: its sounds with the vowels written ("Iraq", "Irak": irak), less the
    # final vowels where three letters stay ("Obama", "Obamy": obam; "May": may)
    short = sounds.rstrip("aeiouyj")
    return "=" + (short if len(short) >= 3 else sounds)
