"""A big story's lexical path: sentence pairs of one language are found and scored on their
words, and only articles in another language (and their name-sharing partners) are embedded.

The stories are invented; ``lexical_first_articles`` is lowered so that a few articles
take the path a story of hundreds would take.
"""

from __future__ import annotations

from storytrace.align import align_story
from storytrace.align.candidates import Unit, lexical_candidates, translation_partners
from storytrace.clean import prepare
from storytrace.settings import Settings
from storytrace.types import Article, Story

WIRE = (
    "The Harrowgate council approved a 40 million budget for the Velmora bridge on Tuesday. "
    "Mayor Odile Brask said construction of the span would begin in early spring. "
    "Engineers expect the crossing to carry twelve thousand vehicles a day. "
    "We will see what happens next."
)
REWORDED = (
    "On Tuesday the Harrowgate council voted through a budget of 40 million for the "
    "Velmora bridge. "
    "Work on the span starts in early spring, according to Mayor Odile Brask. "
    "A spokesman for the fishing cooperative declined to comment on the harbour."
)
UNRELATED = (
    "Floodwater closed the Tarnish valley railway for a third day. "
    "Repair crews from Lowmarsh worked through the night to clear the embankment. "
    "Nobody knows when trains will run again."
)
FRENCH = (
    "Le conseil de Harrowgate a approuvé mardi un budget de 40 millions pour le pont "
    "de Velmora. "
    "Le maire Odile Brask a déclaré que la construction commencerait au début du printemps."
)


def _story(*texts: tuple[str, str, str]) -> Story:
    return Story(
        articles=tuple(prepare(Article(id=i, raw=t, language=lang)) for i, t, lang in texts)
    )


def _lexical(**values: object) -> object:
    return Settings.default().align.with_values(lexical_first_articles=2, **values)


def _pairs(story: Story) -> set[tuple[str, str, tuple[int, ...], tuple[int, ...]]]:
    return {(a.a, a.b, a.a_sents, a.b_sents) for a in story.alignments}


def test_a_same_language_big_story_aligns_reworded_copy_without_embedding() -> None:
    story = _story(("a", WIRE, "en"), ("b", REWORDED, "en"), ("c", UNRELATED, "en"))
    out = align_story(story, _lexical())  # type: ignore[arg-type]
    assert out.stats["align"]["lexical_path"] is True
    assert out.stats["align"]["vectors"] == 0  # no sentence went to the model
    got = _pairs(out)
    # The budget sentence and the mayor's sentence match their rewordings ...
    assert ("a", "b", (0,), (0,)) in got
    assert ("a", "b", (1,), (1,)) in got
    # ... the generic closing line and the unrelated story match nothing.
    assert not any(p[0] == "c" or p[1] == "c" for p in got)
    assert not any(3 in p[2] for p in got)
    kinds = {a.kind for a in out.alignments}
    assert kinds <= {"close", "rewritten", "verbatim"}


def test_below_the_threshold_a_story_takes_the_embedding_path() -> None:
    story = _story(("a", WIRE, "en"), ("b", REWORDED, "en"))
    out = align_story(story)
    assert out.stats["align"]["lexical_path"] is False
    assert out.stats["align"]["vectors"] == out.stats["align"]["sentences"]


def test_an_article_in_another_language_is_embedded_with_its_name_sharing_partner() -> None:
    story = _story(
        ("a", WIRE, "en"),
        ("b", REWORDED, "en"),
        ("c", UNRELATED, "en"),
        ("f", FRENCH, "fr"),
    )
    out = align_story(story, _lexical(lexical_translation_partners=1))  # type: ignore[arg-type]
    stats = out.stats["align"]
    # The French article (2 sentences) and the one English article sharing most of its
    # names and numbers (the wire, 4 sentences) are embedded; the rest is not.
    assert stats["vectors"] == 6
    translated = [a for a in out.alignments if a.kind == "translated"]
    assert {(a.a, a.b, a.a_sents, a.b_sents) for a in translated} >= {
        ("a", "f", (0,), (0,)),
        ("a", "f", (1,), (1,)),
    }


def test_lexical_candidates_need_shared_rare_words_within_one_language() -> None:
    texts = [
        "Velmora bridge budget approved by Harrowgate",
        "Harrowgate approved the Velmora bridge budget",
        "Velmora bridge budget approuvé par Harrowgate",
        "Railway closed by floodwater in Tarnish",
    ]
    units = [Unit(a, 0, t) for a, t in enumerate(texts)]
    groups = ["en:latin", "en:latin", "fr:latin", "en:latin"]
    cfg = dict(Settings.default().align.with_values(lexical_min_shared_words=2))
    assert lexical_candidates(units, groups, 4, cfg) == {(0, 1)}


def test_translation_partners_are_the_articles_sharing_most_names_and_numbers() -> None:
    texts = [WIRE, REWORDED, UNRELATED, FRENCH]
    cfg = dict(Settings.default().align.with_values(lexical_translation_partners=2))
    assert translation_partners(texts, {3}, cfg) == {0, 1}
