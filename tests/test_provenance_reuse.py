"""Reworded, condensed wire copy is derived; an independent report of the same event is not.

Texts invented for this test. The newspaper version condenses the wire story, reorders
it, rewords some sentences and adds a line of its own; the independent report covers the
same event with the same numbers and the same quote, in its own words and order.
"""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import pytest

from storytrace.align import align_story
from storytrace.clean import prepare
from storytrace.provenance import relate
from storytrace.provenance.reuse import (
    FEATURES,
    article_grams,
    reuse_evidence,
    shipped_link_model,
    shipped_model,
    verdict,
)
from storytrace.settings import Settings
from storytrace.types import Article, Story

WIRE = """Flood barriers on the Arlen river were raised overnight in the town of Kessory after \
three days of heavy rain, the regional water authority said on Monday.
The authority said 420 homes in the low-lying Millbrook district had been told to prepare \
for evacuation, and that two schools would stay closed until Wednesday.
Water levels at the Kessory gauge reached 4.8 metres on Sunday evening, the highest reading \
since the gauge was installed in 1998.
Engineers worked through the night to seal a gap in the eastern embankment near the old \
railway bridge, according to the authority's statement.
"We expect the peak to pass on Tuesday morning, but the ground is saturated and any further \
rain will be a problem," said Hanne Dorrell, the authority's chief engineer.
Forecasters expect another 30 millimetres of rain across the catchment before Wednesday.
The authority has opened a temporary shelter in the Kessory sports hall for residents who \
need to leave their homes.
Road closures are in place on the B4120 between Kessory and Lowden."""

NEWSPAPER = """Kessory braced for more flooding on Monday as the regional water authority \
raised barriers along the Arlen river after three days of heavy rain.
Some 420 homes in the low-lying Millbrook district had been told to prepare for evacuation, \
the authority said, and two schools would stay closed until Wednesday.
The river at the Kessory gauge reached 4.8 metres on Sunday evening, the highest since the \
gauge was installed in 1998.
"We expect the peak to pass on Tuesday morning, but the ground is saturated and any further \
rain will be a problem," said Hanne Dorrell, the authority's chief engineer.
A temporary shelter has been opened in the Kessory sports hall.
Local shopkeepers said they had moved stock upstairs as a precaution."""

INDEPENDENT = """Residents of Millbrook spent Sunday night stacking sandbags as the Arlen \
climbed to a record 4.8 metres, higher than anyone in the street could remember.
"I have lived here forty years and never seen it like this," said retired teacher Olwen \
Pryce, whose cellar filled with water before midnight.
Around 420 households have been warned they may have to go, and the sports hall in the \
town centre now has camp beds set out in rows.
Hanne Dorrell of the water authority told reporters the worst should be over by Tuesday \
morning, but warned that the saturated ground could not take much more rain.
Two schools remain shut, and drivers face a long detour with the Lowden road closed.
Volunteers from the rowing club ferried elderly neighbours to dry land in their boats."""


def article(art_id: str, text: str, day: str) -> Article:
    return prepare(Article(id=art_id, raw=text, outlet=art_id, published=day))


@pytest.fixture(scope="module")
def story() -> Story:
    arts = (
        article("wire", WIRE, "2031-02-03"),
        article("paper", NEWSPAPER, "2031-02-03"),
        article("own", INDEPENDENT, "2031-02-03"),
    )
    return relate(align_story(Story(articles=arts)))


def test_condensed_reworded_copy_is_derived_from_the_wire(story: Story) -> None:
    rel = next(r for r in story.relations if r.target == "paper")
    assert (rel.source, rel.kind) == ("wire", "rewrite")
    assert rel.reuse in ("wholly", "partially")
    assert 0.5 <= rel.derived_share <= 1.0
    assert any("reuse model" in r for r in rel.reasons)


def test_independent_report_of_the_same_event_stays_apart(story: Story) -> None:
    roots = {o.root for o in story.origins}
    assert "own" in roots and story.independent_sources == 2
    indep = [r for r in story.relations if r.kind == "independent"]
    assert indep and all(r.reuse == "none" and r.derived_share == 0.0 for r in indep)


def test_reuse_evidence_tells_copy_from_independent_wording() -> None:
    wire, paper, own = (
        article(i, t, "2031-02-03") for i, t in (("w", WIRE), ("p", NEWSPAPER), ("o", INDEPENDENT))
    )
    copy = reuse_evidence(paper, wire, article_grams(paper), article_grams(wire), ())
    apart = reuse_evidence(own, wire, article_grams(own), article_grams(wire), ())
    assert set(copy) == set(FEATURES)
    assert copy["c3"] > 0.4 > 0.15 > apart["c3"]
    assert copy["anchors"] > apart["anchors"]
    assert verdict(copy).p_derived > verdict(apart).p_derived


def test_shipped_model_loads_and_says_how_it_was_fitted() -> None:
    model = shipped_model()
    data = json.loads(
        resources.files("storytrace.provenance").joinpath("derivation_model.json").read_text()
    )
    assert set(model.features) <= set(FEATURES)
    assert set(model.classes) == {"wholly", "partially", "none"}
    assert "COUNTER" in data["meta"]["fitted_on"]
    assert data["meta"]["fit_script"] == "bench/fit_derivation.py"
    none = dict.fromkeys(FEATURES, 0.0)
    full = {**dict.fromkeys(FEATURES, 1.0), "merged": 0.0, "length": 0.0}
    probs = model.probabilities(full)
    assert abs(sum(probs.values()) - 1) < 1e-9
    assert verdict(none).level == "none" and verdict(full).level == "wholly"


def test_link_model_tells_the_rewrite_from_the_report_in_its_own_words() -> None:
    """The link model (fitted on Urdu and English) finds the condensed rewrite derived and
    the report in its own words not, where the reuse model alone (Urdu) calls both derived."""
    wire, paper, own = (
        article(i, t, "2031-02-03") for i, t in (("w", WIRE), ("p", NEWSPAPER), ("o", INDEPENDENT))
    )
    copy = verdict(reuse_evidence(paper, wire, article_grams(paper), article_grams(wire), ()))
    apart = verdict(reuse_evidence(own, wire, article_grams(own), article_grams(wire), ()))
    floor = Settings.default().relations.reuse_link_probability
    assert copy.p_link >= floor > apart.p_link


def test_model_links_off_leave_the_rewrite_to_the_rules(story: Story) -> None:
    """Above 1 the link model links nothing: the rewrite then hangs on what the alignment
    rules find, and the story's independent report stays apart either way."""
    settings = Settings.default().relations.with_values(reuse_link_probability=1.01)
    out = relate(dataclasses.replace(story, relations=(), origins=()), settings)
    assert "own" in {o.root for o in out.origins}
    assert out.stats["relate"]["linked_by_reuse_model"] == 0


def test_the_reuse_model_decides_the_link_only_in_a_language_it_was_fitted_on() -> None:
    """Where both articles are in a language the reuse model was fitted on (and measured
    on, by CV), its P(derived) decides the link; elsewhere the link model's, fitted on two
    languages, does (the reuse model alone reads English reports in their own words as
    derived)."""
    wire, own = article("w", WIRE, "2031-02-03"), article("o", INDEPENDENT, "2031-02-03")
    evidence = reuse_evidence(own, wire, article_grams(own), article_grams(wire), ())
    fitted = shipped_model().languages
    assert fitted and "en" not in fitted
    mine = verdict(evidence, language=fitted[0])
    assert mine.in_fitted_language and mine.p_link == mine.p_derived
    assert "fitted on this language" in mine.reason("w")
    english = verdict(evidence, language="en")
    link_p = shipped_link_model().probabilities(evidence)["derived"]
    assert not english.in_fitted_language and english.p_link == pytest.approx(link_p, abs=1e-4)
    assert verdict(evidence, language=None).p_link == english.p_link
    # The English report in its own words is not linked.
    floor = Settings.default().relations.reuse_link_probability
    assert english.p_link < floor


def test_numbers_in_urdu_digits_and_glued_to_words_are_anchors_as_written() -> None:
    """Invented Urdu lines: the copy writes the agency's numbers in Urdu digits, glued to the
    same words; a report of its own writes the same numbers apart from them."""
    wire = "سیلاب سے 65افراد ہلاک اور 3لاکھ متاثر ہوئے۔ امدادی کام 2018ء سے جاری ہے۔"
    copy = "سیلاب میں ۶۵افراد ہلاک ہوئے اور ۳لاکھ متاثر۔ کام ۲۰۱۸ء سے جاری ہے۔"
    own = "حکام کے مطابق 65 افراد ہلاک، 3 لاکھ لوگ متاثر ہوئے ہیں۔"
    w, c, o = (article(i, t, "2031-02-03") for i, t in (("w", wire), ("c", copy), ("o", own)))
    grams = {a.id: article_grams(a) for a in (w, c, o)}
    assert grams["c"].anchors == grams["w"].anchors == ("65>", "3>", "2018>")
    assert grams["o"].anchors == ("65", "3")
    assert {"65", "افراد", "3", "لاکھ"} <= set(grams["c"].tokens) & set(grams["o"].tokens)
    copied = reuse_evidence(c, w, grams["c"], grams["w"], ())["anchors"]
    assert copied == pytest.approx(3 / 4)
    assert reuse_evidence(o, w, grams["o"], grams["w"], ())["anchors"] == 0.0


def test_tiling_covers_the_words_of_every_shared_run() -> None:
    """reuse._tiled: the share of the target's words inside a run of n words the source
    also has, as read one window at a time (random word sequences, n = 2 and 3)."""
    import random

    from storytrace.provenance.reuse import _tiled

    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(8)]
    for _ in range(3000):
        target = tuple(rng.choice(vocab) for _ in range(rng.randint(0, 14)))
        source = [rng.choice(vocab) for _ in range(rng.randint(0, 14))]
        for n in (2, 3):
            grams = frozenset(tuple(source[i : i + n]) for i in range(len(source) - n + 1))
            covered = set()
            for i in range(len(target) - n + 1):
                if tuple(target[i : i + n]) in grams:
                    covered.update(range(i, i + n))
            assert _tiled(target, grams, n) == len(covered) / max(1, len(target))
