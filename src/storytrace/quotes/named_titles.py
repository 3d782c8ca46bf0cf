"""Quoted names and titles told apart from quotes by the noun that introduces them.

A quote right after a noun that announces a name ("unter dem Motto „…“", "der Film „…“",
"die Fernsehserie „…“", "eine Studie mit dem Titel „…“") names a work, a slogan or a body;
nobody said it there. German capitalises every noun, so the Title Case test that catches
English titles sees none of these; the announcing noun does. A cue after the quote (a
speech verb, a colon) still overrides: the caller applies this only to quotes without one.

``NAMING_NOUNS`` holds the nouns per language (compounds ending in one count too:
"Arbeitstitel", "Fernsehserie"). Measured on the German Wikinews train split: of the
quotes kept after such a noun, 20 were no gold quote and 3 were (``bench_quotes.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["NAMING_NOUNS", "names_a_work"]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NAMING_NOUNS: dict[str, tuple[str, ...]] = {
    "de": _words(
        "motto titel überschrift name namen film lied buch album magazin magazins "
        "zeitung zeitschrift enzyklika rubrik musical serie sendung programm projekt "
        "kampagne aktion initiative organisation gruppe band stamm codename codenamen "
        "spitzname spitznamen bezeichnung begriff wort schlagwort slogan stichwort "
        "kategorie bereich standard preis auszeichnung gesetz gesetzes operation "
        "veranstaltung software spiel roman oper kolumne show verein partei bündnis "
        "netzwerk"
    ),
}


@lru_cache(maxsize=8)
def _pattern(lang: str) -> re.Pattern[str]:
    nouns = "|".join(sorted(NAMING_NOUNS[lang], key=len, reverse=True))
    return re.compile(rf"(?i:\w*(?:{nouns}))\s*$")


def names_a_work(raw: str, lang: str | None, open_at: int) -> bool:
    """True when the quote opening at ``open_at`` follows a noun that announces a name."""
    if lang not in NAMING_NOUNS:
        return False
    return _pattern(lang).search(raw, max(0, open_at - 40), open_at) is not None
