"""A hand-built story (invented text) that the report tests share, and checks of its spans.

Four articles: a wire report, a near copy of it, an independent report that disagrees on a
number, and a rewrite whose text carries markup that must never run in the HTML report.
"""

from __future__ import annotations

import re

from storytrace.types import (
    Alignment,
    Article,
    ArticleCoverage,
    Claim,
    Conflict,
    ConflictValue,
    FramingCue,
    Mention,
    Origin,
    Quote,
    QuoteVariant,
    Relation,
    Removed,
    RunInfo,
    Sentence,
    Story,
    Unsupported,
)

JUNK = "Share this story\n\n"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'

TEXTS = {
    "wire": (
        "Northwire",
        "Dam repairs begin in Lenvale",
        [
            "Engineers began repairing the Lenvale dam on Monday, the regional water board said.",
            "The work will cost 42 million euros and last two years.",
            '"We expect no cuts to the water supply," board chair Mira Osei said.',
            "Residents were told to avoid the river banks during the works.",
        ],
    ),
    "daily": (
        "The Daily Ledger",
        "Lenvale dam repairs start",
        [
            "Engineers began repairing the Lenvale dam on Monday, the regional water board said.",
            "The work will cost 42 million euros and last two years.",
            '"We expect no cuts to water supply," board chair Mira Osei said.',
        ],
    ),
    "gazette": (
        "Harbor Gazette",
        "Lenvale dam: works under way",
        [
            "Crews started work on the Lenvale dam this week, according to the water board.",
            "The repairs are budgeted at 45 million euros.",
            "A local fishing club said it fears for the trout season.",
        ],
    ),
    "evil": (
        "Copy & Paste News",
        "Dam <b>news</b>",
        [
            "Engineers reportedly began repairing the Lenvale dam on Monday, officials said.",
            f"Readers sent us this: {SCRIPT} and {IMG} in a comment.",
        ],
    ),
}


def make_article(art_id: str) -> Article:
    """An article with a removed junk line, paragraphs and sentences with exact spans."""
    outlet, title, sentences = TEXTS[art_id]
    raw = JUNK + "\n\n".join(sentences) + "\n"
    sents: list[Sentence] = []
    paragraphs: list[tuple[int, int]] = []
    pos = len(JUNK)
    for i, text in enumerate(sentences):
        start = raw.index(text, pos)
        sents.append(Sentence(i, start, start + len(text), text, i, "en"))
        paragraphs.append((start, start + len(text)))
        pos = start + len(text)
    removed = (Removed(0, len(JUNK.rstrip()), "share", JUNK.rstrip()),)
    return Article(
        id=art_id,
        raw=raw,
        source=f"{art_id}.txt",
        title=title,
        outlet=outlet,
        published="2031-03-03",
        language="en",
        content_hash=f"h-{art_id}",
        removed=removed,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sents),
    )


def mention(art: Article, words: str) -> Mention:
    start = art.raw.index(words)
    return Mention(art.id, start, start + len(words), words)


def _align(a: Article, b: Article, i: int, j: int, score: float, kind: str) -> Alignment:
    sa, sb = a.sentences[i], b.sentences[j]
    return Alignment(a.id, b.id, (i,), (j,), (sa.start, sa.end), (sb.start, sb.end), score, kind)  # type: ignore[arg-type]


def build_story() -> Story:
    """The shared hand-built story."""
    wire, daily, gazette, evil = (make_article(k) for k in ("wire", "daily", "gazette", "evil"))
    arts = {a.id: a for a in (wire, daily, gazette, evil)}
    al_wd = [
        _align(wire, daily, 0, 0, 1.0, "verbatim"),
        _align(wire, daily, 1, 1, 1.0, "verbatim"),
        _align(wire, daily, 2, 2, 0.97, "close"),
    ]
    al_we = [_align(wire, evil, 0, 0, 0.9, "rewritten")]
    al_wg = [_align(wire, gazette, 0, 0, 0.86, "rewritten")]
    relations = (
        Relation("wire", "daily", "copy", 0.95, 1.0, 0.75, True, tuple(al_wd), ("verbatim run",)),
        Relation("wire", "evil", "rewrite", 0.7, 0.5, 0.25, True, tuple(al_we), ("paraphrase",)),
        Relation("wire", "gazette", "independent", 0.8, 0.0, 0.0, False, (), ("own details",)),
    )
    origins = (
        Origin("O1", "wire", ("wire", "daily", "evil")),
        Origin("O2", "gazette", ("gazette",)),
    )
    c_began = Claim(
        "C1",
        "Engineers began repairing the Lenvale dam on Monday.",
        (
            mention(wire, TEXTS["wire"][2][0]),
            mention(daily, TEXTS["daily"][2][0]),
            mention(gazette, TEXTS["gazette"][2][0]),
            mention(evil, TEXTS["evil"][2][0]),
        ),
        ("wire", "daily", "gazette", "evil"),
        ("O1", "O2"),
        "corroborated",
    )
    c_cost = Claim(
        "C2",
        "The work will cost 42 million euros.",
        (
            mention(wire, TEXTS["wire"][2][1]),
            mention(daily, TEXTS["daily"][2][1]),
            mention(gazette, TEXTS["gazette"][2][1]),
        ),
        ("wire", "daily", "gazette"),
        ("O1", "O2"),
        "disputed",
    )
    c_banks = Claim(
        "C3",
        "Residents were told to avoid the river banks.",
        (mention(wire, TEXTS["wire"][2][3]),),
        ("wire",),
        ("O1",),
        "single-source",
    )
    c_trout = Claim(
        "C4",
        "A fishing club fears for the trout season.",
        (mention(gazette, TEXTS["gazette"][2][2]),),
        ("gazette",),
        ("O2",),
        "single-source",
    )
    c_evil = Claim(
        "C5",
        "Readers sent a comment.",
        (mention(evil, TEXTS["evil"][2][1]),),
        ("evil",),
        ("O1",),
        "single-source",
    )
    q_wire = mention(wire, "We expect no cuts to the water supply,")
    q_daily = mention(daily, "We expect no cuts to water supply,")
    quote = Quote(
        "Q1",
        "Mira Osei",
        (
            QuoteVariant("wire", q_wire.text, q_wire.start, q_wire.end, "verbatim"),
            QuoteVariant("daily", q_daily.text, q_daily.start, q_daily.end, "close", None, 0.93),
        ),
        ("O1",),
        True,
    )
    v42, v45 = mention(wire, "42 million euros"), mention(gazette, "45 million euros")
    conflict = Conflict(
        "C2",
        "number",
        (
            ConflictValue("wire", v42.text, v42.start, v42.end),
            ConflictValue("gazette", v45.text, v45.start, v45.end),
        ),
    )
    rep = mention(evil, "reportedly")
    framing = (FramingCue("evil", rep.start, rep.end, "reportedly", "hedge"),)
    comment = evil.sentences[1]
    story = Story(
        articles=tuple(arts.values()),
        alignments=tuple(al_wd + al_we + al_wg),
        relations=relations,
        origins=origins,
        claims=(c_began, c_cost, c_banks, c_trout, c_evil),
        quotes=(quote,),
        conflicts=(conflict,),
        framing=framing,
        run=RunInfo(timings=(("align", 0.5), ("provenance", 0.1))),
        warnings=("invented warning for the tests",),
        coverage=(
            ArticleCoverage("wire", "O1", 3, adds=("C3",)),
            ArticleCoverage("daily", "O1", 2),
            ArticleCoverage("gazette", "O2", 3, adds=("C4",)),
            ArticleCoverage(
                "evil",
                "O1",
                2,
                adds=("C5",),
                omits=("C2",),
                unsupported=(Unsupported(1, comment.start, comment.end, "C5", "wire"),),
            ),
        ),
    )
    return story


def test_fixture_spans_round_trip() -> None:
    story = build_story()
    for art in story.articles:
        for s in art.sentences:
            assert art.raw[s.start : s.end] == s.text
    for claim in story.claims:
        for m in claim.mentions:
            assert story.article(m.article).raw[m.start : m.end] == m.text


def test_fixture_markup_is_in_the_raw_text() -> None:
    evil = build_story().article("evil")
    assert re.search(re.escape(SCRIPT), evil.raw)
    assert IMG in evil.raw
