"""Two chains of reprints joined by a link on meaning alone (invented texts, hand-made
alignments: the rules are tested, not the aligner).

Two outlets report one warehouse fire in their own words, and a third and a fourth each
reprint one of the reports in part, adding lines of their own. The first report's reprint and the second report state two facts alike (the fire
broke out overnight, nobody was hurt): the rules link that pair on two strong matches,
yet every other pair across the two chains shares content without wording. Such a link
must not put the two chains into one origin; a single article linked the same way (a
rewrite of the first report in its own words) still joins it.
"""

from __future__ import annotations

from storytrace.provenance import relate
from storytrace.types import Alignment, Article, Story
from test_align_texts import article

FIRST = [
    "A fire destroyed a furniture warehouse on Mill Road in Easton early on Tuesday.",
    "Crews from three stations fought the blaze for six hours before it was under control.",
    "The owner, Harlan Vesey, said the building held stock worth about two million.",
    "No workers were inside when the roof collapsed, according to the fire chief.",
    "Investigators have not yet said what started the fire.",
    "Mill Road stayed closed to traffic until the afternoon.",
]
SECOND = [
    "Flames tore through a storage depot in the east of the town overnight into Tuesday.",
    "Nobody was injured, the county emergency service reported in a short statement.",
    "Neighbours described thick black smoke drifting over the river at dawn.",
    "A spokeswoman for the council urged residents to keep their windows shut.",
    "Smaller businesses nearby expect to reopen by the end of the week.",
    "Insurance assessors are due at the site on Thursday morning.",
]
# What each reprint adds after the first four sentences it keeps.
ADDED_A = [
    "Residents of the flats behind the warehouse were told to stay indoors.",
    "The town's mayor thanked the crews on social media.",
]
ADDED_B = [
    "Local radio said the depot had been up for sale since the spring.",
    "Police asked drivers to avoid the ring road during the clean-up.",
]
# Two sentences of a rewrite in its own words of FIRST: one per fact it shares with SECOND.
REWORDED = [
    "Overnight into Tuesday a blaze gutted a warehouse full of furniture in Easton.",
    "Fire officials said no one was hurt when the building's roof fell in.",
    "Firefighters needed six hours to bring the flames under control.",
    "Harlan Vesey, who owns the site, put the loss at around two million.",
    "The cause remains under investigation, officials said.",
    "Traffic on Mill Road was diverted until the afternoon.",
]


def _align(
    x: Article, y: Article, pairs: list[tuple[int, int, float]], kind: str
) -> list[Alignment]:
    a, b = (x, y) if x.id < y.id else (y, x)
    out = []
    for i, j, score in pairs:
        si, sj = (x.sentences[i], y.sentences[j]) if a is x else (y.sentences[j], x.sentences[i])
        out.append(
            Alignment(
                a=a.id,
                b=b.id,
                a_sents=(si.index,),
                b_sents=(sj.index,),
                a_span=(si.start, si.end),
                b_span=(sj.start, sj.end),
                score=score,
                kind=kind,  # type: ignore[arg-type]
            )
        )
    return out


def _kept(x: Article, y: Article) -> list[Alignment]:
    """The four sentences a reprint keeps, word for word."""
    return _align(x, y, [(i, i, 1.0) for i in range(4)], "verbatim")


# Two strong matches (0.86, 0.83) and two weaker ones on the same facts: the strong-match
# rule links the pair (weighted coverage over 0.3), with no word run shared outside names.
_ON_MEANING = [(0, 0, 0.86), (3, 1, 0.83), (1, 4, 0.55), (5, 5, 0.5)]
# Across the chains otherwise: one fact alike, too little for any rule.
_ONE_FACT = [(0, 0, 0.74)]


def _origins(s: Story) -> list[set[str]]:
    return sorted((set(o.articles) for o in relate(s).origins), key=min)


def test_one_meaning_link_does_not_merge_two_chains_of_reprints() -> None:
    a1, a2 = article("a1", FIRST), article("a2", FIRST[:4] + ADDED_A)
    b1, b2 = article("b1", SECOND), article("b2", SECOND[:4] + ADDED_B)
    alignments = [
        *_kept(a1, a2),
        *_kept(b1, b2),
        *_align(a2, b1, _ON_MEANING, "rewritten"),
        *_align(a1, b1, _ONE_FACT, "rewritten"),
        *_align(a1, b2, _ONE_FACT, "rewritten"),
        *_align(a2, b2, _ONE_FACT, "rewritten"),
    ]
    s = Story(articles=(a1, a2, b1, b2), alignments=tuple(alignments))
    assert _origins(s) == [{"a1", "a2"}, {"b1", "b2"}]


def test_a_single_rewrite_on_meaning_alone_still_joins_its_source() -> None:
    a1, a2 = article("a1", FIRST), article("a2", FIRST[:4] + ADDED_A)
    r = article("r", REWORDED)
    alignments = [
        *_kept(a1, a2),
        *_align(a2, r, _ON_MEANING, "rewritten"),
        *_align(a1, r, _ONE_FACT, "rewritten"),
    ]
    s = Story(articles=(a1, a2, r), alignments=tuple(alignments))
    assert _origins(s) == [{"a1", "a2", "r"}]
