"""Whether a noun phrase stands after a preposition or an oblique article, past the
inflected adjectives and determiners between them: such a phrase is no subject, so no
speaker (German, French, Spanish, Italian, Portuguese; :mod:`.cues` asks)."""

from __future__ import annotations

import re

from .cue_verbs import VERBS
from .verb_second import PROFILES

_GOVERNING = {
    "de": "am im in an auf bei beim mit nach von vom vor zu zum zur für über unter gegenüber "
    "seit während wegen durch um aus den dem des einen einem eines einer der",
    "fr": "à au aux de du des dans sur avec pour par en chez",
    "es": "a al de del en con por para sobre",
    "it": "a al di del in con per su da",
    "pt": "a ao de do da em no na com por para",
}


def after_oblique(raw: str, start: int, m: re.Match[str], lang: str) -> bool:
    """True when the phrase stands after a preposition or an oblique article ("am Mittwoch",
    "des Entzugs"), also past the inflected adjectives and determiners the phrase pattern
    leaves out ("zum eigenen Erfolgskriterium", "angesichts solcher Alternativen", "in
    weiten Teilen"): it is then no subject."""
    before = raw[start : m.start("subj")].split()
    governing = set(_GOVERNING.get(lang, "").split())
    profile = PROFILES.get(lang)
    if profile is None:
        return bool(before) and before[-1].lower() in governing
    governing |= profile.prepositions | profile.oblique_articles | _OBLIQUE_DETERMINERS
    for word in before[::-1][:3]:
        low = word.lower()
        if low in governing:
            return True
        # an inflected adjective or determiner in lower case goes on to the word before it
        if not (word[:1].islower() and word.isalpha() and low.endswith(_INFLECTED)):
            return False
        if low in _VERB_FORMS.get(lang, frozenset()):
            return False
    return False


#: determiners of an object or a possessor: the phrase after them is no subject
_OBLIQUE_DETERMINERS = frozenset(
    re.findall(
        r"\w+",
        "seinen seinem seines ihren ihrem ihres unseren unserem unseres diesen diesem jenen "
        "jenem solchen solchem keinen keinem keines",
    )
)
_INFLECTED = ("e", "en", "er", "es", "em")
_VERB_FORMS = {lang: frozenset(v.lower() for v in vs) for lang, vs in VERBS.items()}
