"""Which units of two origins state one fact (invented text): what a unit's signature
counts as its actors, and when the fact rule's routes hold."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from storytrace.claims import extract_claims
from storytrace.claims.cluster import Thresholds, UnitTable, cluster_units, key_content
from storytrace.claims.facts import (
    FactRule,
    actors_agree,
    lower_words,
    name_words,
    same_fact,
    signature,
    title_case,
)
from storytrace.claims.frames import quote_units
from storytrace.claims.units import Unit, fact_units, split_sentence
from storytrace.claims.values import extract_values
from storytrace.types import Alignment, Article, Origin, Quote, QuoteVariant, Story


def test_a_wire_dateline_names_no_actor_of_the_fact() -> None:
    sig = signature(
        "VELDE, Norland (Harbour Gazette) — A gale flooded the quay of Velde on Monday."
    )
    assert sig.lead == "n:velde"
    assert "n:gazette" not in sig.actors and "n:norland" not in sig.actors
    plain = signature("VELDE — Pilots refused to sail on Monday.")
    assert plain.actors == {"n:pilots"}
    # a hyphen after a capitalised subject is no dateline; a sentence starts there
    assert signature("NORCOM - the grid operator cut power.").lead == "n:norcom"


def test_a_spelled_number_opening_a_sentence_is_no_actor() -> None:
    sig = signature("Three fishermen were rescued from the reef.")
    assert not sig.actors and sig.lead is None


def test_the_same_actors_alone_are_not_the_same_fact() -> None:
    # every sentence of a story about Norland and Ostmark names them both
    rule = FactRule()
    a = signature("Norland voiced alarm over Ostmark's grain exports to Velmora on Friday.")
    b = signature("Norland is ready to impose tariffs on Ostmark and Velmora, its envoy said.")
    assert a.actors == b.actors
    assert not same_fact(a, b, 0.92, 0.9, 0.9, True, rule)
    c = signature("Norland met Ostmark's envoy in Velde.")
    d = signature("Norland's meeting with Ostmark took place in Velde.")
    assert same_fact(c, d, 0.92, 0.93, 0.9, True, rule)


def test_a_weekday_is_key_content_only_when_rare() -> None:
    values = extract_values("The quay flooded on Tuesday, killing 2 people.")
    assert key_content(values, set()) == {"number:count:2"}
    assert "date:wd:tuesday" in key_content(values, {"wd:tuesday"})


QUOTING = (
    "The council met on Monday to discuss the flood defences of Velde. "
    "\u201cWe are ready to close the quay, to evacuate the lower streets, and I told the "
    "council so this morning,\u201d harbour chief Ines Marlow said."
)
BORROWING = (
    "Pilots were told to stay in port. "
    "Harbour chief Ines Marlow, whose office runs the tide gauges, warned that the city was "
    "\u201cready to close the quay\u201d if the water rose again overnight. "
    "Ferries to the islands resumed on Tuesday."
)
PHRASE = (
    "The mayor of Velde said on Monday that the harbour office, as Ines Marlow put it, was "
    "\u201cready\u201d to act against the flooding of the lower streets, as it has done for years."
)


def _quote_story(*texts: str) -> Story:
    arts = tuple(Article(id=f"a{k}", raw=t, language="en") for k, t in enumerate(texts))
    variants = []
    for a in arts:
        m = re.search(r"\u201c([^\u201d]+?),?\u201d", a.raw)
        assert m is not None
        variants.append(QuoteVariant(a.id, m.group(1), m.start(1), m.end(1), "close", "Marlow"))
    origins = tuple(Origin(f"o{k}", a.id, (a.id,)) for k, a in enumerate(arts))
    quote = Quote("q1", "Ines Marlow", tuple(variants), tuple(o.id for o in origins))
    return Story(articles=arts, quotes=(quote,), origins=origins)


def test_a_quote_grouped_across_origins_is_reported_by_the_unit_it_fills() -> None:
    story = _quote_story(QUOTING, BORROWING, PHRASE)
    units, _, _ = fact_units(story, 4)
    nodes = quote_units(story, units, 0.5)["q1"]
    chosen = {i: units[i][x].text for i, x in nodes}
    assert chosen[0].startswith("\u201cWe are ready")  # the quote sentence, mostly quote
    assert chosen[1] == "ready to close the quay"  # the quoted words, a unit of their own
    assert 2 not in chosen  # a sentence that borrows one word of the quote reports no quote


def test_two_origins_reporting_one_grouped_quote_corroborate_it() -> None:
    story = _quote_story(QUOTING, BORROWING)
    out = extract_claims(story)
    claim = next(c for c in out.claims if any("We are ready" in m.text for m in c.mentions))
    assert claim.status == "corroborated"
    assert any(m.text == "ready to close the quay" for m in claim.mentions)
    # without the quotes stage's grouping the two units are far apart: no claim joins them
    alone = extract_claims(replace(story, quotes=()))
    claim = next(c for c in alone.claims if any("We are ready" in m.text for m in c.mentions))
    assert claim.status == "single-source"


def _table(texts: list[list[str]], gram: np.ndarray) -> tuple[Story, UnitTable]:
    """A table of units with the given texts, one origin per article, and vectors whose
    cosines are ``gram`` (units in reading order)."""
    vecs = np.linalg.cholesky(gram)
    arts = tuple(Article(id=f"a{k}", raw=" ".join(ts), language="en") for k, ts in enumerate(texts))
    units, values, keys, sigs, rows = [], [], [], [], []
    k = 0
    for ts in texts:
        us, vs = [], []
        for n, text in enumerate(ts):
            us.append(Unit(n, 0, len(text), text, "en"))
            vs.append(extract_values(text))
        units.append(us)
        values.append(vs)
        keys.append([key_content(v, set()) for v in vs])
        sigs.append(
            [
                signature(u.text, frozenset(x.key for x in v if x.kind in {"number", "date"}))
                for u, v in zip(us, vs, strict=True)
            ]
        )
        rows.append(vecs[k : k + len(ts)])
        k += len(ts)
    table = UnitTable(units, rows, keys, values, sigs, [a.id for a in arts])
    return Story(articles=arts), table


def test_units_stating_the_same_values_match_at_a_lower_cosine() -> None:
    texts = [
        ["A plan to raise the quay wall by one metre was approved in 2019."],
        ["The wall was due to be raised under a plan approved in 2019."],
    ]
    gram = np.array([[1.0, 0.885], [0.885, 1.0]])  # below match_with_key, above match_values
    story, table = _table(texts, gram)
    assert [(0, 0), (1, 0)] in cluster_units(story, table, Thresholds())
    # another year, or none, is no such evidence: the cosine alone is too low
    for other in ("under a plan approved in 2021.", "under a plan approved by the council."):
        texts[1][0] = "The wall was due to be raised " + other
        story, table = _table(texts, gram)
        assert [(0, 0), (1, 0)] not in cluster_units(story, table, Thresholds())


def test_a_participle_of_result_is_a_fact_of_its_own() -> None:
    text = (
        "A gale flooded the quay of Velde before dawn on Monday, killing three fishermen "
        "and forcing 400 residents from their homes."
    )
    parts = [text[s:e] for s, e in split_sentence(text)]
    assert parts == [
        "A gale flooded the quay of Velde before dawn on Monday",
        "killing three fishermen and forcing 400 residents from their homes.",
    ]
    # too short a result stays with its event
    short = "A gale flooded the quay of Velde before dawn on Monday, killing three."
    assert len(split_sentence(short)) == 1


ALARM = "The council of Velde voiced alarm over the crumbling sea wall on Monday."
MERGED = "The council of Velde, alarmed by the crumbling sea wall, is ready to close the harbour."
CLOSING = "Velde is ready to close the harbour, its mayor said."


def _origin_story(root: str, derived: str, other: str) -> tuple[Story, UnitTable]:
    """Three one-sentence articles: ``a0`` the root of origin o1, ``a1`` derived from it
    (its sentence aligned with the root's), ``a2`` an origin of its own. Cosines: the root
    and its copy 0.93, the copy and a2 0.95, the root and a2 0.88 (above the floor)."""
    gram = np.array([[1.0, 0.93, 0.88], [0.93, 1.0, 0.95], [0.88, 0.95, 1.0]])
    story, table = _table([[root], [derived], [other]], gram)
    story = replace(
        story,
        origins=(Origin("o1", "a0", ("a0", "a1")), Origin("o2", "a2", ("a2",))),
        alignments=(
            Alignment("a0", "a1", (0,), (0,), (0, len(root)), (0, len(derived)), 0.93, "close"),
        ),
    )
    return story, replace(table, origin_of=["o1", "o1", "o2"])


def test_a_copy_that_merges_two_facts_carries_no_other_origin_into_its_roots_claim() -> None:
    # the copy states the root's alarm and, in the same sentence, the closing that a2
    # reports: a2 is the copy's best match, but it says nothing of what the root says
    story, table = _origin_story(ALARM, MERGED, CLOSING)
    groups = cluster_units(story, table, Thresholds())
    assert [(0, 0), (1, 0)] in groups and [(2, 0)] in groups
    # without the content check the copy's sentence bridges the two facts
    loose = Thresholds(rule=FactRule(linkage=0.0))
    assert [(0, 0), (1, 0), (2, 0)] in cluster_units(story, table, loose)


def test_a_root_that_states_both_facts_speaks_for_its_origin() -> None:
    # the root's own sentence says the harbour closes, so a2 corroborates it, however
    # little a copy that kept only the alarm shares with a2
    story, table = _origin_story(MERGED, ALARM, CLOSING)
    table.vecs[:] = [table.vecs[1], table.vecs[0], table.vecs[2]]  # root <-> copy cosines
    assert [(0, 0), (1, 0), (2, 0)] in cluster_units(story, table, Thresholds())


def test_a_french_participle_of_result_is_a_fact_of_its_own() -> None:
    # a translation is cut where its source is: else its toll reads as omitted
    text = (
        "Une tempête a inondé le port de Velde lundi avant l'aube, faisant trois morts "
        "et contraignant 400 habitants à quitter leur logement."
    )
    parts = [text[s:e] for s, e in split_sentence(text)]
    assert parts == [
        "Une tempête a inondé le port de Velde lundi avant l'aube",
        "faisant trois morts et contraignant 400 habitants à quitter leur logement.",
    ]


def test_a_capitalised_common_word_opening_a_headline_is_not_the_lead_actor() -> None:
    """Headlines and sentences open with a capital: "Federal judge blocks Halvik's levy"
    read "Federal" as the name acting, so beside "A federal judge blocked Halvik's harbour
    levy" the two disagreed on who acts and the one fact stayed two single-source claims
    (real three-outlet stories read in session 8). A word the story also writes in lower
    case is passed over for the lead; a name of several words ("Supreme Court") stays one,
    and a unit that names nothing else keeps it ("Coastguard crews said ...")."""
    texts = [
        "Federal judge blocks Halvik's harbour levy.",
        "A federal judge on Monday blocked Mayor Teodor Halvik's harbour levy.",
        "Supreme Court hears the levy case; the court sits on Friday.",
        "Coastguard crews said they had airlifted 40 people from a coastguard boat.",
    ]
    common = lower_words(texts)
    head, body, court, crews = (signature(t, common=common) for t in texts)
    assert signature(texts[0]).lead == "n:federal"  # without the story's words, as before
    assert head.lead == body.lead == "n:halvik" and "n:federal" in head.actors
    assert same_fact(head, body, 0.95, 0.93, 0.90, True, FactRule())
    assert court.lead == "n:court" and crews.lead == "n:coastguard"


def test_an_abbreviation_with_dots_or_a_hyphenated_tail_is_one_actor() -> None:
    """ "the D.C.-based group" was read as the actor "d" (the run stopped at the first dot)
    and "-based" another; "Ostmark-led talks" as the actor "ostmark-led", which no mention
    of "Ostmark" matched. An abbreviation keeps its dots inside a run, an initial joins the
    surname, and a lower-case hyphenated tail ("-based", "-led") is no part of the name
    and no content of the fact; the name it ends modifies the actor, which leads."""
    dc = signature("The D.C.-based Varnel Group sued the port authority.")
    assert dc.actors == {"n:dc", "n:group"} and dc.modifiers == {"n:dc"}
    assert dc.lead == "n:group"  # the place modifies the actor: not the lead
    assert "based" not in dc.stems and "bas" not in dc.stems
    led = signature("Ostmark-led talks with the U.S. stalled on Friday.")
    plain = signature("The talks led by Ostmark with the United States stalled.")
    assert led.actors == plain.actors == {"n:ostmark", "c:united states"}
    initial = signature("The ruling of Judge Anna K. Brovik stands.")
    assert initial.actors == {"n:brovik"}
    hyphened = signature("Coca-Cola and Al-Assad met.")  # capitalised parts stay one name
    assert hyphened.actors == {"n:coca-cola", "n:al-assad"}


def test_a_headline_in_title_case_names_only_the_storys_names() -> None:
    """ "Judge Halts Varnel Drilling Plan In Ostmark Reserve" capitalises every word: read
    as one run of names it had the actor "reserve" and no content, so beside "A federal
    judge halted Varnel's drilling plan in the Ostmark reserve" the two disagreed on who
    acts (three outlets' headlines of one ruling stayed three single-source claims in
    NeuS stories read in session 9). With the story's names (words it capitalises inside a
    sentence) only those stay names; the rest is content. Without them, as before."""
    texts = [
        "Judge Halts Varnel Drilling Plan In Ostmark Reserve.",
        "A federal judge halted Varnel's drilling plan in the Ostmark reserve on Monday.",
        "Lawyers for Varnel said the company would appeal.",
    ]
    names = name_words(texts)
    assert {"varnel", "ostmark"} <= names and "judge" not in names and "halts" not in names
    assert title_case(texts[0]) and not title_case(texts[1])
    head = signature(texts[0], common=lower_words(texts), names=names)
    body = signature(texts[1], common=lower_words(texts), names=names)
    assert head.actors == body.actors == {"n:varnel", "n:ostmark"}
    assert {"halt", "dril", "plan", "reser"} <= head.stems  # "judge" is a title
    assert same_fact(head, body, 0.94, 0.93, 0.90, True, FactRule())
    assert signature(texts[0]).actors == {"n:reserve"}  # without the story's names
    # a sentence that names many people is no headline: its names stay names
    assert not title_case("Former Vice President Joe Biden tightened his grip on the race.")


def test_a_country_that_modifies_a_name_names_the_same_actor() -> None:
    """ "The U.S. Supreme Court refused ..." led with the country and "The Supreme Court
    refused ..." with the court, so each missed the other's lead; "the U.S. Capitol" beside
    "the Capitol" added an actor the other lacks. A country read from a name's own run is
    its modifier: the name it modifies stands for the lead, and unshared it counts for
    neither side. A country named on its own still disagrees."""
    rule = FactRule()
    us_court = signature("The U.S. Supreme Court refused to block the Ostmark voter law.")
    court = signature("The Supreme Court refused to block the Ostmark voter law.")
    assert us_court.modifiers == {"c:united states"} and us_court.lead_also == {"n:court"}
    assert actors_agree(us_court, court, rule)
    alone = signature("The United States refused to block the Ostmark voter law.")
    assert not actors_agree(alone, court, rule)


def test_outlets_that_pick_different_subjects_for_one_fact_agree_on_strong_content() -> None:
    """One ruling, two headlines: "Court Halts Varnel Plan To Drill Ostmark Waters" leads
    with the court, "Varnel's plan to drill Ostmark waters was unlawful, judge finds" with
    the company (the judge is a title, no name). Each had to name the other's lead, so the
    one fact stayed two single-source claims (the brief's three-outlet story read in
    session 9). One lead named by the other is enough when most actors are shared, the
    content share is twice the usual and the cosine passes alone; a weaker content share,
    or no lead named either way, still fails."""
    names = frozenset({"varnel", "ostmark", "court"})
    court = signature("Court Halts Varnel Plan To Drill Ostmark Waters.", names=names)
    plan = signature("Varnel's plan to drill Ostmark waters was unlawful, a judge finds.")
    assert court.lead == "n:court" and plan.lead == "n:varnel"
    assert not actors_agree(court, plan, FactRule())
    assert same_fact(court, plan, 0.94, 0.93, 0.90, True, FactRule())
    assert not same_fact(court, plan, 0.92, 0.93, 0.90, True, FactRule())  # cosine alone
    other = signature("Varnel's guards patrol the Ostmark waters, a judge notes.")
    assert not actors_agree(court, other, FactRule())
    assert not same_fact(court, other, 0.95, 0.93, 0.90, True, FactRule())  # content 0.25


def test_a_name_said_again_with_an_honorific_is_where_it_acts() -> None:
    """ "... a blow to President Trump's push, a judge ruled that an order by Mr. Trump
    ..." read the actor "mr" (the surname was read before) as the lead."""
    sig = signature(
        "In a blow to President Halvik's push, a judge ruled an order by Mr. Halvik void."
    )
    assert sig.actors == {"n:halvik"} and sig.lead == "n:halvik"


def test_a_number_glued_to_an_urdu_word_is_the_number_and_the_word() -> None:
    glued = signature("حادثے میں 65افراد ہلاک ہوئے", frozenset())
    apart = signature("حادثے میں 65 افراد ہلاک ہوئے", frozenset())
    assert glued.stems == apart.stems and not any(c.isdigit() for t in glued.stems for c in t)


def test_a_possessor_of_a_described_name_is_not_the_lead() -> None:
    """ "one of the Halvik administration's top port officials, Ines Marlow, was
    appointed unlawfully" is about Marlow: the possessor led, so beside "Ines Marlow was
    appointed unlawfully" the two disagreed on who acts. A possessor of a phrase
    ("Varnel's plan to drill ...") still leads, and so does a lone one."""
    owned = signature(
        "A judge ruled that one of the Halvik administration's top port officials, "
        "Ines Marlow, was unlawfully appointed."
    )
    plain = signature("A judge ruled that Ines Marlow was unlawfully appointed to the port.")
    lawyer = signature("Halvik's lawyer Jo Brant said the levy stands.")
    assert owned.lead == "n:marlow" and "n:halvik" in owned.modifiers
    assert lawyer.lead == "n:brant"
    assert actors_agree(owned, plain, FactRule())
    assert signature("Varnel's plan to drill Ostmark waters failed.").lead == "n:varnel"
    assert signature("Varnel's plan failed.").lead == "n:varnel"


def test_one_unit_may_name_a_partner_the_other_leaves_out_when_a_value_is_shared() -> None:
    """ "Marlow Labs announced that a Tavel fever vaccine developed with its partner, Ostra
    Bio, is 90% effective" / "Drugmaker Marlow Labs said its vaccine is 90% effective": one
    fact; the disease and the partner made the actors disagree (1 of 3 shared). Without a shared value a subset is
    not enough (two fights of one boxer: the opponent named in one report only)."""
    a = signature(
        "Marlow Labs announced Monday that a Tavel fever vaccine developed with its partner, "
        "Ostra Bio, has proved to be more than 90% effective.",
        frozenset({"pct:90", "wd:monday"}),
    )
    b = signature(
        "Drugmaker Marlow Labs said Monday an early look at data shows its vaccine is more "
        "than 90% effective.",
        frozenset({"pct:90", "wd:monday"}),
    )
    assert actors_agree(a, b, FactRule())
    c = signature("Klitschko stopped Rahman as Sauerland watched, in round seven.", frozenset())
    d = signature("Klitschko won again in the seventh round on Saturday.", frozenset())
    assert not actors_agree(c, d, FactRule())


def test_a_sentence_may_match_one_that_is_not_its_best_partner_at_the_cosine_alone() -> None:
    """A headline's best match in another report is often that report's headline: a lead
    stating the same fact was never compared, its best partner being taken (NeuS: "Biden
    signs executive order ..." stayed single-source in three reports). One partner per unit,
    best cosine first; a pair that is not mutual needs ``match_alone``."""
    texts = [
        [
            "Port Elvane Gets A New Ferry Route.",
            "The harbour board of Port Elvane approved a plan on Monday to deepen the channel.",
        ],
        ["The Port Elvane harbour board on Monday approved a plan to deepen the main channel."],
    ]
    gram = np.array([[1.0, 0.9, 0.95], [0.9, 1.0, 0.94], [0.95, 0.94, 1.0]])
    story, table = _table(texts, gram)
    assert [(0, 1), (1, 0)] in cluster_units(story, table, Thresholds())
    # below match_alone a second-best pair is not taken
    gram[1, 2] = gram[2, 1] = 0.92
    story, table = _table(texts, gram)
    assert [(0, 1), (1, 0)] not in cluster_units(story, table, Thresholds())
