"""Relations, direction and origins on invented stories (see test_align_texts.py)."""

from __future__ import annotations

import dataclasses

from storytrace.align import align_story
from storytrace.provenance import relate, same_house
from storytrace.types import Relation, Story
from test_align_texts import (
    CLOSE,
    EXCERPT,
    FRENCH,
    INDEPENDENT,
    REWRITE,
    ROUNDTRIP,
    SOURCE,
    UNRELATED,
    article,
    story,
)


def analyze(s: Story) -> Story:
    return relate(align_story(s))


def derived(s: Story) -> dict[str, Relation]:
    """Target -> its relation, for every non-independent relation."""
    out = {r.target: r for r in s.relations if r.kind != "independent"}
    assert len(out) == sum(1 for r in s.relations if r.kind != "independent")
    return out


def test_relate_copy_with_ads_points_back_to_the_clean_original() -> None:
    src = article("orig", SOURCE)
    copy = article("repost", CLOSE, removed=("advertisement", "advertisement"))
    out = analyze(story(copy, src))
    rel = derived(out)["repost"]
    assert (rel.source, rel.kind, rel.direction_certain) == ("orig", "copy", True)
    assert rel.coverage > 0.9 and rel.source_coverage > 0.9
    assert any("residue" in r for r in rel.reasons)
    assert len(rel.evidence) == len(SOURCE)
    assert out.independent_sources == 1


def test_relate_rewrite_direction_from_dates() -> None:
    src = article("a", SOURCE, published="2025-03-06")
    para = article("b", REWRITE, published="2025-03-07")
    out = analyze(story(para, src))
    rel = derived(out)["b"]
    assert (rel.source, rel.kind, rel.direction_certain) == ("a", "rewrite", True)
    assert any("published first" in r for r in rel.reasons)
    # The same pair with the dates swapped turns around.
    out2 = analyze(
        story(
            dataclasses.replace(src, published="2025-03-08"),
            dataclasses.replace(para, published="2025-03-07"),
        )
    )
    assert derived(out2)["a"].source == "b"


def test_relate_french_version_is_a_translation() -> None:
    out = analyze(story(article("fr", FRENCH), article("en", SOURCE, published="2025-03-06")))
    (rel,) = out.relations
    assert rel.kind == "translation"
    assert {rel.source, rel.target} == {"en", "fr"}
    assert rel.coverage > 0.8


def test_relate_round_trip_through_french_is_a_translation_of_the_clean_text() -> None:
    out = analyze(story(article("rt", ROUNDTRIP), article("src", SOURCE)))
    rel = derived(out)["rt"]
    assert (rel.source, rel.kind, rel.direction_certain) == ("src", "translation", True)
    assert any("artefacts" in r for r in rel.reasons)


def test_relate_condensed_version_is_an_excerpt_of_the_longer_text() -> None:
    out = analyze(story(article("short", EXCERPT), article("long", SOURCE)))
    rel = derived(out)["short"]
    assert (rel.source, rel.kind) == ("long", "excerpt")
    assert rel.source_coverage < rel.coverage


def test_relate_independent_report_is_its_own_origin() -> None:
    out = analyze(story(article("src", SOURCE), article("own", INDEPENDENT)))
    assert out.independent_sources == 2
    assert not derived(out)
    (rel,) = out.relations
    assert rel.kind == "independent" and not rel.direction_certain
    assert {rel.source, rel.target} == {"src", "own"}
    assert out.stats["story_groups"] == [["own", "src"]]


def test_relate_full_story_roots_and_kinds() -> None:
    arts = [
        article("src", SOURCE, published="2025-03-06"),
        article("copy", CLOSE, published="2025-03-07", removed=("advertisement",)),
        article("para", REWRITE, published="2025-03-07"),
        article("fr", FRENCH, published="2025-03-07"),
        article("short", EXCERPT, published="2025-03-07"),
        article("own", INDEPENDENT, published="2025-03-06"),
    ]
    out = analyze(story(*arts))
    rels = derived(out)
    assert {t: (r.source, r.kind) for t, r in rels.items()} == {
        "copy": ("src", "copy"),
        "para": ("src", "rewrite"),
        "fr": ("src", "translation"),
        "short": ("src", "excerpt"),
    }
    roots = {o.root: set(o.articles) for o in out.origins}
    assert roots == {"src": {"src", "copy", "para", "fr", "short"}, "own": {"own"}}
    indep = [r for r in out.relations if r.kind == "independent"]
    assert [(r.source, r.target) for r in indep] == [("src", "own")]


def test_relate_same_text_twice_is_a_copy_of_uncertain_direction() -> None:
    out = analyze(story(article("one", SOURCE), article("two", SOURCE)))
    (rel,) = out.relations
    assert rel.kind == "copy" and not rel.direction_certain
    assert rel.confidence <= 0.6
    assert out.independent_sources == 1


def test_relate_single_article_is_one_origin_without_relations() -> None:
    out = analyze(story(article("only", SOURCE)))
    assert out.relations == ()
    assert [(o.id, o.root, o.articles) for o in out.origins] == [("o1", "only", ("only",))]


def test_relate_two_stories_are_flagged() -> None:
    out = analyze(story(article("a", SOURCE), article("b", CLOSE), article("c", UNRELATED)))
    assert out.stats["story_groups"] == [["a", "b"], ["c"]]
    assert any("2 stories" in w for w in out.warnings)
    assert out.independent_sources == 2


def test_relate_empty_article_is_warned_about_and_not_an_origin() -> None:
    empty = dataclasses.replace(article("e", SOURCE[:1]), sentences=())
    out = analyze(story(article("a", SOURCE), empty))
    assert all(o.root != "e" and "e" not in o.articles for o in out.origins)
    assert any(w.startswith("e:") for w in out.warnings)


def test_relate_same_outlet_version_joins_the_origin() -> None:
    # Own reporting that shares some content with a story of its own newsroom.
    src = article("main", SOURCE, outlet="Valley Herald")
    service = article("svc", INDEPENDENT, outlet="Valley Herald Radio")
    out = analyze(story(src, service))
    assert out.independent_sources == 1
    (rel,) = out.relations
    assert rel.target == "svc" and rel.source == "main"
    assert any("same outlet" in r for r in rel.reasons)


def test_same_house_by_outlet_prefix_acronym_domain_or_author() -> None:
    a = article("a", SOURCE[:2], outlet="Voice of America")
    assert same_house(a, dataclasses.replace(a, id="b", outlet="VOA News"))
    assert same_house(a, dataclasses.replace(a, id="b", outlet="voanews.com"))
    assert not same_house(a, dataclasses.replace(a, id="b", outlet="Valley Herald"))
    x = dataclasses.replace(a, outlet=None, author="Ines Calder")
    assert same_house(x, dataclasses.replace(x, id="y", author="ines calder"))


def test_relate_copies_of_an_excerpt_stay_in_the_origin() -> None:
    edited = [s.replace("Engineers", "Officials").replace("owner", "baker") for s in EXCERPT]
    out = analyze(
        story(
            article("src", SOURCE, published="2025-03-06"),
            article("short", EXCERPT, published="2025-03-07"),
            article("short2", edited, published="2025-03-07"),
        )
    )
    assert [(o.root, set(o.articles)) for o in out.origins] == [("src", {"src", "short", "short2"})]
    rels = derived(out)
    assert rels["short2"].kind == "copy"
    assert rels["short"].source == "src" or rels["short2"].source == "src"


def test_relate_filler_commentary_marks_the_rewrite_as_derived() -> None:
    filler = [
        "In conclusion, the crack at Velmora is a stark reminder of how fragile old dams are.",
        "Only time will tell whether the valley's residents can rest easy again.",
    ]
    out = analyze(story(article("para", REWRITE + filler), article("orig", SOURCE)))
    rel = derived(out)["para"]
    assert (rel.source, rel.kind, rel.direction_certain) == ("orig", "rewrite", True)
    assert any("generic commentary" in r for r in rel.reasons)


def test_relate_many_identical_copies_hang_on_one_root_and_a_brief_is_an_excerpt() -> None:
    arts = [article(f"c{i}", SOURCE) for i in range(5)] + [article("brief", SOURCE[:1])]
    out = analyze(story(*arts))
    rels = derived(out)
    assert {(r.source, r.kind, r.direction_certain) for t, r in rels.items() if t != "brief"} == {
        ("c0", "copy", False)
    }
    assert (rels["brief"].source, rels["brief"].kind) == ("c0", "excerpt")
    assert out.independent_sources == 1


def test_same_house_ignores_desk_bylines() -> None:
    a = article("a", SOURCE[:2], author="Staff")
    assert not same_house(a, dataclasses.replace(a, id="b"))
    assert not same_house(
        dataclasses.replace(a, author="News Desk"), dataclasses.replace(a, author="news desk")
    )


def test_one_line_summaries_in_their_own_words_are_independent() -> None:
    a = article(
        "brief-a",
        [
            "Police in Dunmore arrested a 60-year-old woman on Monday over the 1971 killing "
            "of two shop workers."
        ],
        outlet="Valley Herald",
    )
    b = article(
        "brief-b",
        [
            "A Dunmore woman aged 60 is now charged with murdering two shop employees in 1971, "
            "police said."
        ],
        outlet="Kestrel Times",
    )
    s = analyze(story(a, b))
    assert not derived(s)
    assert s.independent_sources == 2


def test_one_line_brief_that_keeps_the_wire_words_is_derived() -> None:
    wire = article("wire", SOURCE, outlet="Coastal Wire")
    brief = article("brief", [SOURCE[0]], outlet="Harbour Daily")
    s = analyze(story(wire, brief))
    rel = derived(s)["brief"]
    assert rel.source == "wire" and rel.kind in ("excerpt", "copy")
    assert s.independent_sources == 1


def test_relate_undated_newspaper_story_derives_from_the_wire_copy_it_extends() -> None:
    """No dates, no outlets: a newspaper took five sentences of wire copy under its own desk's
    credit and added two of its own, so it is the longer text and the less covered one
    (the coverage clue and the longer-first tie-break point to it); the agency's dateline
    credit, which the newspaper replaced, says which came first."""
    wire = article("wire", ["VELMORA (Reuters) - " + SOURCE[0], *SOURCE[1:5]])
    paper = article(
        "paper",
        [
            "VELMORA (Staff Reporter) " + CLOSE[0],
            *CLOSE[1:5],
            "Residents of Dunmere told this newspaper they had heard rumours of the crack for "
            "weeks and had written twice to the water board without an answer.",
            "A local shopkeeper said sandbags had sold out in two hours on Thursday evening.",
        ],
    )
    rel = derived(analyze(story(paper, wire)))
    assert list(rel) == ["paper"] and rel["paper"].source == "wire"
    assert any("dateline credits the news agency Reuters" in r for r in rel["paper"].reasons)
