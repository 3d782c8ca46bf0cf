"""Rival names: two events of one topic, each with a name of its own, are kept apart.

Invented reports of two title fights of one boxer (the same champion, two opponents, two
cities): their shared wording links them strongly enough that average linkage alone merges
them (pinned below with ``rival_split`` off).
"""

from __future__ import annotations

from storytrace.cluster.features import Features, Record
from storytrace.cluster.refine import ClusterRefineSettings, refine
from storytrace.cluster.rivals import event_names, rivals

FIRST = (
    "Marek Voss kept his heavyweight belt on Saturday, stopping Ilya Brandt in the seventh "
    "round in Hamburg.",
    "Ilya Brandt was no match for champion Marek Voss, who knocked him out in Hamburg to keep "
    "the heavyweight title.",
    "Heavyweight champion Marek Voss defended his title against Ilya Brandt with a "
    "seventh-round knockout in Hamburg.",
    "In Hamburg, Marek Voss beat challenger Ilya Brandt and remains the heavyweight champion "
    "after a seventh-round stoppage.",
    "Marek Voss retained the heavyweight crown by knocking out Ilya Brandt before a sold-out "
    "crowd in Hamburg.",
)
SECOND = (
    "Tomas Kerr lasted six rounds in Berne before champion Marek Voss put him on the canvas "
    "for good.",
    "Marek Voss needed six rounds in Berne to dispose of Tomas Kerr, his eleventh successful "
    "heavyweight defence.",
    "A right hand in the sixth round ended the night for Tomas Kerr, and Marek Voss walked out "
    "of the Berne arena still champion.",
    "Berne saw Marek Voss outclass Tomas Kerr, who was counted out in round six of their "
    "heavyweight bout.",
    "Champion Marek Voss flattened Tomas Kerr in the sixth in Berne, his fourth knockout in a row.",
)
TAIL = (
    "{0}, who had trained for months, went down twice before the referee stopped the fight. "
    "Voss said {0} had been a brave opponent."
)


def fights() -> list[Record]:
    first = [
        Record(f"a{i}", None, f"{t} {TAIL.format('Brandt')}", "en") for i, t in enumerate(FIRST)
    ]
    second = [
        Record(f"b{i}", None, f"{t} {TAIL.format('Kerr')}", "en") for i, t in enumerate(SECOND)
    ]
    return first + second


def stories(assignments: list[tuple[str, str]]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for article, story in assignments:
        by.setdefault(story, set()).add(article)
    return {frozenset(v) for v in by.values()}


def test_two_fights_of_one_champion_are_two_stories() -> None:
    batch = fights()
    assert (
        len(
            stories(
                refine(
                    batch, settings=ClusterRefineSettings.from_config(rival_split=False)
                ).assignments
            )
        )
        == 1
    )
    got = stories(refine(batch, settings=ClusterRefineSettings.from_config()).assignments)
    assert got == {frozenset(f"a{i}" for i in range(5)), frozenset(f"b{i}" for i in range(5))}


def test_one_fight_whose_reports_name_different_witnesses_stays_one_story() -> None:
    # Two of the five reports quote a ringside doctor the others do not name: a side
    # under rival_min_articles is no event of its own.
    batch = [
        Record(
            r.id,
            None,
            r.text + (" Dr. Lena Ortmann checked Brandt at ringside." if k < 2 else ""),
            "en",
        )
        for k, r in enumerate(fights()[:5])
    ]
    assert (
        len(stories(refine(batch, settings=ClusterRefineSettings.from_config()).assignments)) == 1
    )


def feats(names: list[set[str]]) -> list[frozenset[str]]:
    return event_names(
        [Features(id=str(i), lead="", entities=dict.fromkeys(n, 1.0)) for i, n in enumerate(names)]
    )


def test_rivals_needs_a_name_of_its_own_on_both_sides_and_ignores_weekdays() -> None:
    s = ClusterRefineSettings.from_config(
        rival_share=0.8, rival_other_share=0.1, rival_min_articles=2
    )
    left, right = [0, 1], [2, 3]
    own = feats([{"n:voss", "n:brandt"}] * 2 + [{"n:voss", "n:kerr"}] * 2)
    assert rivals(left, right, own, s)
    one_sided = feats([{"n:voss", "n:brandt"}] * 2 + [{"n:voss"}] * 2)
    assert not rivals(left, right, one_sided, s)
    days = feats([{"n:voss", "n:friday"}] * 2 + [{"n:voss", "n:saturday"}] * 2)
    assert not rivals(left, right, days, s)
    assert not rivals([0], [1, 2, 3], own, s)  # a side under rival_min_articles
    assert days[0] == frozenset({"n:voss"})
