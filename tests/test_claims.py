"""Claims: sentence clustering, support status, coverage of each article (invented text)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storytrace.claims import extract_claims
from storytrace.claims.cluster import Thresholds, UnitTable, cluster_units
from storytrace.claims.facts import signature
from storytrace.claims.units import Unit
from storytrace.text import sentences
from storytrace.types import Alignment, Article, Origin, Relation, Story

ORIGINAL = (
    "Regulators fined 120 trawlers for illegal fishing off the northern coast on Tuesday. "
    "The fines total about 3 million crowns. "
    "Harbour chief Ines Marlow said the fleet would be inspected again in spring."
)
COPY = (
    "Regulators fined 120 trawlers for illegal fishing off the northern coast on Tuesday. "
    "The fines total about 3 million crowns. "
    "In conclusion, the sea remains a place of mystery and wonder for all of us."
)
INDEPENDENT = (
    "On Tuesday, authorities imposed fines on 120 fishing trawlers caught fishing illegally "
    "near the northern coast. "
    "A local bakery won a prize for its rye bread."
)


def art(i: str, text: str) -> Article:
    return Article(id=i, raw=text, language="en")


def align(a: Article, b: Article, pairs: list[tuple[int, int]]) -> tuple[Alignment, ...]:
    sa, sb = sentences(a), sentences(b)
    return tuple(
        Alignment(
            a.id,
            b.id,
            (x,),
            (y,),
            (sa[x].start, sa[x].end),
            (sb[y].start, sb[y].end),
            0.99,
            "verbatim",
        )
        for x, y in pairs
    )


def fishing_story() -> Story:
    a, b, c = art("orig", ORIGINAL), art("copy", COPY), art("indep", INDEPENDENT)
    return Story(
        articles=(a, b, c),
        alignments=align(a, b, [(0, 0), (1, 1)]),
        relations=(Relation("orig", "copy", "copy", 0.9, 0.66),),
        origins=(Origin("o1", "orig", ("orig", "copy")), Origin("o2", "indep", ("indep",))),
    )


def test_every_sentence_is_in_exactly_one_claim_and_spans_round_trip() -> None:
    st = extract_claims(fishing_story())
    seen = [(m.article, m.start) for c in st.claims for m in c.mentions]
    expected = [(a.id, s.start) for a in st.articles for s in sentences(a)]
    assert sorted(seen) == sorted(expected)
    for c in st.claims:
        for m in c.mentions:
            assert st.article(m.article).raw[m.start : m.end] == m.text
    assert [c.id for c in st.claims] == [f"c{n}" for n in range(1, len(st.claims) + 1)]


def test_independent_report_of_the_same_fact_corroborates_it() -> None:
    st = extract_claims(fishing_story())
    fined = next(c for c in st.claims if "indep" in c.articles)
    assert set(fined.articles) == {"orig", "copy", "indep"}
    assert fined.origins == ("o1", "o2")
    assert fined.status == "corroborated"
    # the claim text is the origin root's sentence
    assert fined.text == sentences(st.article("orig"))[0].text


def test_derivative_copies_do_not_corroborate_each_other() -> None:
    st = extract_claims(fishing_story())
    fines = next(c for c in st.claims if "million" in c.text)
    assert set(fines.articles) == {"orig", "copy"}
    assert fines.status == "single-source"


def test_coverage_lists_additions_omissions_and_unsupported_filler() -> None:
    st = extract_claims(fishing_story())
    cov = {c.article: c for c in st.coverage}
    filler = next(c.id for c in st.claims if c.text.startswith("In conclusion"))
    assert [u.claim for u in cov["copy"].unsupported] == [filler]
    assert cov["orig"].unsupported == ()
    bakery = next(c.id for c in st.claims if "bakery" in c.text)
    assert cov["indep"].adds == (bakery,)
    assert cov["orig"].omits == () and cov["indep"].omits == ()


def _two_counts(origins: tuple[Origin, ...]) -> Story:
    a = art("a", "Regulators fined 120 trawlers off the northern coast on Tuesday.")
    b = art("b", "Regulators fined 210 trawlers off the northern coast on Tuesday.")
    return extract_claims(Story(articles=(a, b), alignments=align(a, b, [(0, 0)]), origins=origins))


def test_independent_origins_that_disagree_make_the_claim_disputed() -> None:
    st = _two_counts((Origin("o1", "a", ("a",)), Origin("o2", "b", ("b",))))
    assert len(st.claims) == 1
    assert st.claims[0].status == "disputed"
    assert [(v.article, v.value) for v in st.conflicts[0].values] == [("a", "120"), ("b", "210")]
    assert st.distortions == ()


def test_a_copy_that_changes_its_origins_number_is_a_distortion_not_a_dispute() -> None:
    # Both versions come from one origin: the copy introduced the change.
    st = _two_counts((Origin("o1", "a", ("a", "b")),))
    assert len(st.claims) == 1
    assert st.claims[0].status == "single-source"
    assert st.conflicts == ()
    (d,) = st.distortions
    assert (d.claim, d.kind, d.article, d.source) == (st.claims[0].id, "number", "b", "a")
    assert (d.original.value, d.changed.value) == ("120", "210")
    for v in (d.original, d.changed):
        assert st.article(v.article).raw[v.start : v.end] == v.value
    assert st.stats["claims"]["distortions"] == 1


def _unit(angle_deg: float) -> np.ndarray:
    t = np.deg2rad(angle_deg)
    return np.array([np.cos(t), np.sin(t), 0.0], dtype=np.float32)


def test_clustering_does_not_chain_through_a_middle_sentence() -> None:
    # A ~ B and B ~ C are close (cos 0.94), A ~ C is not (cos 0.77): complete linkage keeps
    # A and C apart instead of chaining all three into one claim.
    arts = tuple(art(i, f"Sentence {i}.") for i in ("x", "y", "z"))
    st = Story(articles=arts)
    units = [[Unit(0, 0, 11, f"Sentence {i}.", "en")] for i in ("x", "y", "z")]
    ang = float(np.rad2deg(np.arccos(0.94)))
    vecs = [_unit(0)[None, :], _unit(ang)[None, :], _unit(2 * ang)[None, :]]
    assert float(vecs[0][0] @ vecs[2][0]) < 0.84
    table = UnitTable(
        units,
        vecs,
        [[set()]] * 3,
        [[[]]] * 3,
        [[signature(u[0].text)] for u in units],
        ["x", "y", "z"],
    )
    groups = cluster_units(st, table, Thresholds(alone=0.93, with_key=0.9, floor=0.84))
    assert sorted(len(g) for g in groups) == [1, 2]


def test_empty_story_and_empty_article_give_empty_results() -> None:
    from storytrace.claims.framing import find_framing
    from storytrace.quotes import extract_quotes

    for st in (Story(articles=()), Story(articles=(art("blank", "   \n  "),))):
        out = find_framing(extract_claims(extract_quotes(st)))
        assert (out.quotes, out.claims, out.conflicts, out.framing) == ((), (), (), ())
        assert out.stats["claims"]["sentences"] == 0


def test_without_known_origins_each_article_counts_alone() -> None:
    st = fishing_story()
    bare = Story(articles=st.articles)
    out = extract_claims(bare)
    assert out.stats["claims"]["origins_known"] is False
    fined = next(c for c in out.claims if "indep" in c.articles)
    assert fined.origins == tuple(sorted(fined.articles))


def test_a_bad_threshold_in_a_settings_file_is_a_clear_config_error(tmp_path: Path) -> None:
    from storytrace.errors import ConfigError
    from storytrace.settings import Settings

    bad = tmp_path / "bad.toml"
    bad.write_text('[claims]\ncluster_floor = "high"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"\[claims\]: cluster_floor must be a float"):
        Settings.load(bad)
    over_one = Settings.default().claims.with_values(cluster_floor=1.5)
    with pytest.raises(ConfigError, match=r"\[claims\] cluster_floor must be a number"):
        extract_claims(fishing_story(), over_one)


def test_a_bad_unit_length_in_a_settings_file_is_a_clear_config_error() -> None:
    from storytrace.errors import ConfigError
    from storytrace.settings import Settings

    zero = Settings.default().claims.with_values(unit_min_words=0)
    with pytest.raises(ConfigError, match=r"\[claims\] unit_min_words must be a whole number"):
        extract_claims(fishing_story(), zero)


def test_big_story_article_pairs_keep_each_articles_strongest_partners() -> None:
    from storytrace.claims.cluster import _strongest_partners

    # Article 0 meets 1 strongly and 2 weakly; 2 meets 3 strongly; 3 meets 0 weakly.
    strength = {(0, 1): 5.0, (0, 2): 1.0, (2, 3): 4.0, (0, 3): 0.5}
    assert _strongest_partners(strength, 1) == [(0, 1), (2, 3)]
    assert _strongest_partners(strength, 2) == [(0, 1), (0, 2), (0, 3), (2, 3)]


def test_an_article_stating_a_claims_numbers_in_another_unit_does_not_omit_it() -> None:
    from storytrace.claims.coverage import coverage
    from storytrace.claims.values import extract_values
    from storytrace.types import Claim, Mention

    texts = {
        "a": [
            "A gale flooded Velde, killing 14 people and forcing 900 from their homes.",
            "The two ministers met in Velde.",
        ],
        "b": [
            "Fourteen people died and 900 fled their homes in Velde.",
            "Both ministers, the two of them, met in Velde.",
        ],
        # one unit of two facts: the flood's claim holds it, the toll is stated all the same
        "c": ["14 people died and 900 fled after a gale flooded Velde."],
        "d": ["A gale flooded Velde before dawn.", "Two ships sank."],
    }
    arts, units = [], []
    for aid, ts in texts.items():
        raw = " ".join(ts)
        arts.append(Article(id=aid, raw=raw, language="en"))
        units.append(
            [Unit(n, raw.index(t), raw.index(t) + len(t), t, "en") for n, t in enumerate(ts)]
        )
    numbers = [
        [frozenset(v.key for v in extract_values(u.text) if v.kind == "number") for u in us]
        for us in units
    ]

    def claim(cid: str, nodes: list[tuple[int, int]]) -> Claim:
        ms = tuple(
            Mention(arts[i].id, units[i][x].start, units[i][x].end, units[i][x].text)
            for i, x in nodes
        )
        ids = tuple(dict.fromkeys(m.article for m in ms))
        return Claim(cid, ms[0].text, ms, ids, ("o1", "o2"), "corroborated")

    story = Story(
        articles=tuple(arts),
        origins=(Origin("o1", "a", ("a", "c", "d")), Origin("o2", "b", ("b",))),
        claims=(claim("c1", [(0, 0), (1, 0)]), claim("c2", [(0, 1), (1, 1)])),
    )
    cov = {c.article: c for c in coverage(story, units, numbers)}
    assert cov["c"].omits == ("c2",)  # 14 and 900 are the toll's; the ministers are not there
    # a count under ten ("two ships") tells no fact from another: d omits both
    assert cov["d"].omits == ("c1", "c2")
    # without the units' numbers only mentions count
    assert {c.article: c.omits for c in coverage(story, units)}["c"] == ("c1", "c2")
