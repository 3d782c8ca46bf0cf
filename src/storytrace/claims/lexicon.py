"""The framing lexicons: hedges, attribution verbs and loaded terms.

Each entry maps a lemma to the surface forms matched (whole words, any case) and, for
attribution verbs, whether the verb is neutral ("said", "told") or evaluative ("claimed",
"insisted", "admitted": the writer's stance on the statement). "Warned", "accused", "denied"
and the like report what was done and count as neutral. To extend, add a row here,
or list extra words in the ``[framing]`` table of a settings file (``extra_hedges``,
``extra_attribution``, ``extra_loaded``: each word becomes its own lemma).

Hedges distance the writer from a statement ("alleged support", "reportedly");
attribution verbs say who stated something and how; loaded terms carry a judgement
("regime", "propaganda"). Inside a direct quote a term is the speaker's, not the outlet's:
:func:`storytrace.claims.framing.find_framing` records that as the cue's voice.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row: a lemma, its forms, and whether it is neutral."""

    lemma: str
    forms: tuple[str, ...]
    neutral: bool = False
    adjective: bool = False  # qualifies the noun phrase after it ("alleged transfer")


HEDGES: tuple[Entry, ...] = (
    Entry("alleged", ("alleged",), adjective=True),
    Entry("allegedly", ("allegedly",)),
    Entry("reportedly", ("reportedly",)),
    Entry("purportedly", ("purportedly", "purported"), adjective=False),
    Entry("so-called", ("so-called", "so called"), adjective=True),
    Entry("supposedly", ("supposedly",)),
    Entry("apparently", ("apparently",)),
    Entry("seemingly", ("seemingly",)),
    Entry("ostensibly", ("ostensibly",)),
    Entry("unverified", ("unverified", "unconfirmed"), adjective=True),
    Entry("presumably", ("presumably",)),
    Entry("présumé", ("présumé", "présumée", "présumés", "prétendu", "prétendue"), adjective=True),
    Entry("mutmaßlich", ("mutmaßlich", "mutmaßliche", "angeblich", "angebliche")),
    Entry("presunto", ("presunto", "presunta", "supuesto", "supuesta", "presuntamente")),
)

ATTRIBUTION: tuple[Entry, ...] = (
    Entry("say", ("said", "says", "say", "saying"), neutral=True),
    Entry("tell", ("told", "tells"), neutral=True),
    Entry("state", ("stated", "states"), neutral=True),
    Entry("add", ("added", "adds"), neutral=True),
    Entry("note", ("noted", "notes"), neutral=True),
    Entry("announce", ("announced", "announces"), neutral=True),
    Entry("claim", ("claimed", "claims", "claiming")),
    Entry("insist", ("insisted", "insists", "insisting")),
    Entry("assert", ("asserted", "asserts", "asserting")),
    Entry("stress", ("stressed", "stresses", "stressing"), neutral=True),
    Entry("admit", ("admitted", "admits", "admitting")),
    Entry("concede", ("conceded", "concedes")),
    Entry("warn", ("warned", "warns", "warning"), neutral=True),
    Entry("accuse", ("accused", "accuses", "accusing"), neutral=True),
    Entry("deny", ("denied", "denies", "denying"), neutral=True),
    Entry("suggest", ("suggested", "suggests", "suggesting"), neutral=True),
    Entry("allege", ("alleges", "alleging")),
    Entry("maintain", ("maintained", "maintains")),
    Entry("contend", ("contended", "contends")),
    Entry("argue", ("argued", "argues"), neutral=True),
    Entry("boast", ("boasted", "boasts")),
    Entry("slam", ("slammed", "slams")),
    Entry("recall", ("recalled", "recalls"), neutral=True),
)

LOADED: tuple[Entry, ...] = (
    Entry("regime", ("regime", "regimes")),
    Entry("hypocritical", ("hypocritical", "hypocrisy")),
    Entry("aggression", ("aggression", "aggressor", "aggressors")),
    Entry("propaganda", ("propaganda",)),
    Entry("puppet", ("puppet", "puppets")),
    Entry("terrorist", ("terrorist", "terrorists", "terrorism")),
    Entry("junta", ("junta",)),
    Entry("thug", ("thug", "thugs")),
    Entry("hegemony", ("hegemony", "hegemonic")),
    Entry("provocation", ("provocation", "provocations", "provocative")),
    Entry("smear", ("smear", "smears")),
    Entry("warmonger", ("warmonger", "warmongers", "warmongering")),
    Entry("bully", ("bully", "bullying")),
    Entry("vicious", ("vicious",)),
    Entry("irresponsible", ("irresponsible",)),
    Entry("fascist", ("fascist", "fascists", "nazi", "nazis")),
    Entry("extremist", ("extremist", "extremists")),
    Entry("witch hunt", ("witch hunt", "witch-hunt")),
    Entry("mouthpiece", ("mouthpiece",)),
    Entry("occupier", ("occupier", "occupiers", "occupation forces")),
    Entry("cold war mentality", ("cold war mentality",)),
    Entry("scathing", ("scathing",)),
    Entry("outrageous", ("outrageous", "outrage")),
    Entry("shameful", ("shameful", "disgraceful")),
    Entry("draconian", ("draconian",)),
    Entry("lash out", ("lashed out", "lashes out")),
)

LEXICON: dict[str, tuple[Entry, ...]] = {
    "hedge": HEDGES,
    "attribution": ATTRIBUTION,
    "loaded": LOADED,
}


def with_extras(extra: dict[str, list[str]]) -> dict[str, tuple[Entry, ...]]:
    """The lexicon plus user words (``{"hedge": [...], "attribution": [...], ...}``)."""
    out = dict(LEXICON)
    for kind, words in extra.items():
        if words:
            out[kind] = out[kind] + tuple(Entry(w.lower(), (w.lower(),)) for w in words)
    return out
