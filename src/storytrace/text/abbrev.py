"""Abbreviations that a period does not end a sentence after, shared by the sentence
splitter (:mod:`storytrace.clean.segment`) and the quote attribution rules, which read a
name's last word ("Gen.", "U.S.") the same way."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations that (almost) never end a sentence: titles, months, "No.", Latin shorthands.
ABBREVIATIONS = _words(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt insp
    st sr jr ft mt messrs mme mlle sra srta cpl pvt maj brig det const atty amb fr gens lts
    jan feb mar apr jun jul aug sep sept oct nov dec
    no nos nr art vol vols ch fig figs pp ed eds est approx dept univ assn
    inc corp co ltd bros vs etc cf al ca e.g i.e viz av ave blvd rd"""
)
# Abbreviations that may end a sentence: split only before a common sentence opener.
AMBIGUOUS = _words(
    """a.m p.m etc inc corp co ltd jr sr
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo
    mont neb nev okla ore pa penn tenn tex vt va wash wis wyo"""
)
# Words that open a sentence: after an ambiguous abbreviation, one of them splits.
OPENERS = _words(
    """the a an he she it they we i you this that these those there but and or so yet
    in on at for as after before when while if although however meanwhile still then
    his her its their our my le la les il elle ils elles el los las ella der die das
    er sie es"""
)

#: a dotted acronym ("U.S.", "e.g.")
DOTTED = re.compile(r"^(?:[^\W\d_]\.){2,}$|^(?:[^\W\d_]\.)+[^\W\d_]$")


def is_abbreviation(word: str) -> bool:
    """Whether ``word`` (with or without its final period) is a known abbreviation that does
    not end a sentence by itself ("Mr", "U.S", "Gen", "Jan")."""
    low = word.lstrip("'’-").lower().rstrip(".")
    return low in ABBREVIATIONS or low in AMBIGUOUS or bool(DOTTED.match(low + "."))
