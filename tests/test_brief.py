"""The brief: corroborated claims first (most origins, then root order), single-source labelled, disputed apart."""

from __future__ import annotations

from dataclasses import replace

from storytrace.report.brief import build_brief, main_root, make_brief, reads_alone
from storytrace.report.html import to_html
from storytrace.types import Claim, Mention, Origin, Story
from test_align_texts import article
from test_report_data import build_story


def test_brief_main_root_is_root_of_largest_origin() -> None:
    assert main_root(build_story()) == "wire"


def test_among_origins_as_large_the_main_root_is_the_first_published_then_the_first_given() -> None:
    """The store names a story by the same rule (store/root.root_title): with undated
    origins of one article each, ``stories`` and the report showed two titles (the longest
    root was taken)."""
    short = article("short", ["The council met on Monday."])
    long = article("long", ["The council met on Monday.", "It voted on the budget.", "Aye."])
    origins = (Origin("o1", "long", ("long",)), Origin("o2", "short", ("short",)))
    story = Story(articles=(short, long), origins=origins)
    assert main_root(story) == "short"
    dated = replace(long, published="2026-03-01")
    assert main_root(replace(story, articles=(short, dated))) == "long"


def test_brief_orders_corroborated_before_single_source_and_keeps_disputed_apart() -> None:
    brief = make_brief(build_story()).brief
    statuses = [b.status for b in brief]
    assert statuses == [
        "corroborated",
        "single-source",
        "single-source",
        "single-source",
        "disputed",
    ]
    assert brief[0].claims == ("C1",)
    # The root article (wire) states C3: it comes first among single-source claims.
    assert brief[1].claims == ("C3",)
    assert brief[-1].claims == ("C2",)


def test_brief_is_extractive_and_cites_articles() -> None:
    story = make_brief(build_story())
    claims = {c.id: c for c in story.claims}
    for b in story.brief:
        # Each sentence is the exact words of one mention of its claim.
        spans = [
            story.article(m.article).raw[m.start : m.end].strip()
            for cid in b.claims
            for m in claims[cid].mentions
        ]
        assert b.text in spans
        for cid in b.claims:
            assert set(claims[cid].articles) <= set(b.articles)
    # The representative mention comes from the origin root, where the wording started.
    assert story.brief[0].text.startswith("Engineers began repairing")
    assert story.brief[0].articles == ("wire", "daily", "gazette", "evil")


def _claim(cid: str, art: Story, art_id: str, words: str, status: str) -> Claim:
    raw = art.article(art_id).raw
    start = raw.index(words)
    return Claim(
        cid,
        words,
        (Mention(art_id, start, start + len(words), words),),
        (art_id,),
        ("O1",),
        status,  # type: ignore[arg-type]
    )


def test_brief_follows_root_order_not_claim_order() -> None:
    story = build_story()
    late = _claim("Z1", story, "wire", "Residents were told to avoid", "corroborated")
    early = _claim("Z2", story, "wire", "Engineers began repairing", "corroborated")
    story = replace(story, claims=(late, early))
    assert [b.claims for b in build_brief(story)] == [("Z2",), ("Z1",)]


def test_brief_limits_are_respected() -> None:
    brief = build_brief(build_story(), max_sentences=1, max_single_source=4, max_disputed=0)
    assert [b.status for b in brief] == ["corroborated"]
    brief = build_brief(build_story(), max_sentences=3, max_single_source=1, max_disputed=1)
    assert [b.status for b in brief] == ["corroborated", "single-source", "disputed"]


def test_brief_merges_claims_sharing_a_sentence() -> None:
    story = build_story()
    a = _claim("Y1", story, "wire", "Residents were told to avoid the river banks", "single-source")
    b = replace(a, id="Y2")
    brief = build_brief(replace(story, claims=(a, b)))
    assert len(brief) == 1
    assert brief[0].claims == ("Y1", "Y2")


def test_brief_of_empty_story_is_empty() -> None:
    assert make_brief(Story(articles=())).brief == ()


def test_a_sentence_takes_the_status_and_sources_of_the_fact_it_mostly_states() -> None:
    from storytrace.report.common import brief_citations

    story = build_story()
    raw = story.article("wire").raw
    whole = "Residents were told to avoid the river banks during the works."
    part = "the river banks during the works"
    main = _claim("W1", story, "wire", whole, "single-source")
    start = raw.index(part)
    # the smaller fact of the sentence is stated by another origin as well
    aside = Claim(
        "W2",
        part,
        (Mention("wire", start, start + len(part), part), Mention("gazette", 0, 5, "x")),
        ("wire", "gazette"),
        ("O1", "O2"),
        "corroborated",
    )
    story = replace(story, claims=(aside, main))
    (b,) = build_brief(story)
    # the sentence mostly reports what one origin says: it is no corroborated sentence
    assert b.text == whole
    assert (b.status, b.articles, b.claims) == ("single-source", ("wire",), ("W1", "W2"))
    # each claim is cited with its own articles: gazette is not cited for the whole sentence
    assert brief_citations(story, b) == "W1: wire; W2: wire, gazette"
    # the HTML brief breaks the sources down the same way
    page = to_html(replace(story, brief=(b,)))
    assert '<div class="muted per-claim">W1: wire; W2: wire, gazette</div>' in page


def test_a_brief_sentence_leaves_out_the_wire_dateline_before_it() -> None:
    first = (
        "LENVALE, Norland (Valley Herald) — Engineers began repairing the Lenvale dam on Monday."
    )
    art = article("herald", [first, "Residents were told to avoid the river banks."])
    fact = "Engineers began repairing the Lenvale dam on Monday."
    origins = (Origin("O1", "herald", ("herald",)),)
    # the claim's mention may be the fact alone or the whole sentence with its dateline
    for words in (fact, first):
        start = art.raw.index(words)
        mention = Mention("herald", start, start + len(words), words)
        claim = Claim("D1", fact, (mention,), ("herald",), ("O1",), "single-source")
        (b,) = build_brief(Story(articles=(art,), origins=origins, claims=(claim,)))
        # the dateline says where the copy was filed; the brief shows the sentence's words
        assert b.text == fact
    # two facts of that sentence, one mention with the dateline and one without: one brief
    # sentence that lists both (the demo lost the first from its opening sentence)
    whole_start, fact_start = art.raw.index(first), art.raw.index(fact)
    whole = Mention("herald", whole_start, whole_start + len(first), first)
    part = Mention("herald", fact_start, fact_start + len(fact), fact)
    claims = (
        Claim("D1", first, (whole,), ("herald",), ("O1",), "single-source"),
        Claim("D2", fact, (part,), ("herald",), ("O1",), "single-source"),
    )
    (b,) = build_brief(Story(articles=(art,), origins=origins, claims=claims))
    assert b.text == fact and set(b.claims) == {"D1", "D2"}


def test_single_source_facts_come_one_origin_at_a_time() -> None:
    """With no fact in common, a brief ordered by the main root alone showed that origin's
    sentences only; each independent origin's first fact now comes before any second one,
    and a sentence that opens with "Others" needs the one before it."""
    story = build_story()
    w1 = _claim("W1", story, "wire", "Engineers began repairing", "single-source")
    w2 = _claim("W2", story, "wire", "The work will cost 42 million euros", "single-source")
    g1 = replace(
        _claim("G1", story, "gazette", "A local fishing club said", "single-source"),
        origins=("O2",),
    )
    story = replace(story, claims=(w1, w2, g1))
    brief = build_brief(story, max_sentences=12, max_single_source=2, max_disputed=0)
    assert [b.claims for b in brief] == [("W1",), ("G1",)]
    assert not reads_alone("Others were taken out by boat.")
    assert reads_alone("Rescuers took others out by boat.")


def test_a_claim_more_origins_state_comes_first_then_root_order() -> None:
    """The main root may be a side report: what most independent origins state leads."""
    story = build_story()
    aside = _claim("A1", story, "wire", "Engineers began repairing", "corroborated")
    main = _claim("A2", story, "wire", "Residents were told to avoid", "corroborated")
    wide = replace(main, origins=("O1", "O2", "O3"))
    two = replace(aside, origins=("O1", "O2"))
    assert [b.claims for b in build_brief(replace(story, claims=(two, wide)))] == [
        ("A2",),
        ("A1",),
    ]
    # as many origins: root order, as before
    same = replace(main, origins=("O1", "O2"))
    assert [b.claims for b in build_brief(replace(story, claims=(same, two)))] == [
        ("A1",),
        ("A2",),
    ]


def test_the_tail_of_a_quote_does_not_read_alone() -> None:
    """'In the event they are, I look forward to clearing my name."' (an ECB+ brief): the
    end of a quotation opened in the sentence before; whole quotes still read alone."""
    assert not reads_alone('In the event they are, I look forward to clearing my name."')
    assert not reads_alone("In the event they are, I will clear my name.”")
    assert reads_alone('"I will clear my name," Jo Marsh said.')
    assert reads_alone("“I will clear my name,” Jo Marsh said.")
    assert reads_alone("Jo Marsh said she would clear her name.")
