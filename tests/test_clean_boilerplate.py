"""Line rules of cleaning on invented articles: what goes, with which reason, and what stays."""

from __future__ import annotations

import pytest

from storytrace.clean import prepare
from storytrace.types import Article

BODY = [
    "The harbour board of Port Elvane approved a plan on Monday to deepen the main channel "
    "so that larger cargo ships can dock by the end of next year.",
    "Board chair Ines Marlow said the dredging would cost about 48 million and that most of "
    "the money would come from a regional infrastructure fund.",
    "Fishing cooperatives have opposed the dredging for months, arguing that sediment could "
    "harm the mussel beds that employ hundreds of people in the harbour.",
    "An environmental review found the risk to the mussel beds limited if the dredgers "
    "pause during the spawning season, a condition the harbour board has now adopted.",
    "Work on the channel is due to start in the autumn, the board said.",
]


def _prep(lines: list[str], sep: str = "\n\n") -> Article:
    return prepare(Article(id="t", raw=sep.join(lines)))


def _reasons(art: Article) -> dict[str, str]:
    return {r.text: r.reason for r in art.removed}


def _assert_body_kept(art: Article) -> None:
    for line in BODY:
        assert line in art.text


@pytest.mark.parametrize(
    ("junk", "reason"),
    [
        ("Skip to main content", "navigation"),
        ("Accessibility links", "navigation"),
        ("Home | World | Business | Sport | Culture", "navigation"),
        ("Advertisement", "page-residue"),
        ("Read more: Ports across the region brace for bigger ships", "page-residue"),
        ("© 2025 Coastline Ledger. All rights reserved.", "page-residue"),
        ("We use cookies to improve your experience on our site.", "page-residue"),
        ("Follow us on social media", "page-residue"),
        ("Share on Facebook", "share"),
        ("0:00 0:01:45 0:00", "video-player"),
        ("No media source available", "video-player"),
    ],
)
def test_page_chrome_removed_with_reason(junk: str, reason: str) -> None:
    art = _prep([BODY[0], BODY[1], junk, *BODY[2:]])
    assert _reasons(art)[junk] == reason
    _assert_body_kept(art)


def test_video_block_removed_after_watch_line() -> None:
    video = [
        "WATCH: Harbour board votes on dredging",
        "Harbour board votes on dredging",
        "please wait",
        "Embed",
        "0:00 0:02:10 0:00",
    ]
    art = _prep([*BODY[:2], *video, *BODY[2:]])
    reasons = _reasons(art)
    for line in video:
        assert reasons[line] == "video-player", line
    _assert_body_kept(art)


def test_video_head_does_not_eat_following_reporting() -> None:
    art = _prep([BODY[0], "VIDEO: Dredgers arrive in the harbour", *BODY[1:]])
    assert _reasons(art) == {"VIDEO: Dredgers arrive in the harbour": "video-player"}
    _assert_body_kept(art)


def test_doubled_caption_removed_both_times() -> None:
    caption = "Dredgers work in the main channel of Port Elvane harbour, June 3, 2025."
    art = _prep([BODY[0], caption, caption, *BODY[1:]], sep="\n")
    removed = [r for r in art.removed if r.reason == "photo-caption"]
    assert len(removed) == 2
    assert caption not in art.text
    _assert_body_kept(art)


def test_doubled_sentence_of_reporting_is_not_a_caption() -> None:
    # Printed twice, but it quotes someone: one copy stays, the other is a repeat.
    line = "“We will protect the mussel beds,” Marlow says, speaking at the harbour."
    art = _prep([BODY[0], line, line, *BODY[1:]], sep="\n")
    assert art.text.count(line) == 1
    assert [r.reason for r in art.removed] == ["repeated-paragraph"]


def test_credit_line_is_a_caption() -> None:
    art = _prep([BODY[0], "The harbour at dawn. (AP Photo/Lena Ortiz)", *BODY[1:]])
    assert [r.reason for r in art.removed] == ["photo-caption"]


def test_inserted_promotions_removed() -> None:
    ads = [
        "Brightpath Academy spring bootcamp: registration now open, book your seat at the "
        "early-bird price.",
        "Join the Brightpath Investor Club and invest in the region's finest startups here.",
    ]
    art = _prep([*BODY[:2], *ads, *BODY[2:]], sep="\n")
    reasons = _reasons(art)
    assert [reasons[a] for a in ads] == ["advertisement", "advertisement"]
    _assert_body_kept(art)


def test_call_to_action_words_inside_reporting_survive() -> None:
    on_topic = (
        "Fishing cooperatives must register their mussel beds with the harbour board "
        "and can sign up for compensation if the dredging harms them."
    )
    subscribe = "Subscribe, Marlow said, is what the harbour board asked fishing crews to do."
    art = _prep([*BODY[:2], on_topic, subscribe, *BODY[2:]])
    assert on_topic in art.text and subscribe in art.text
    assert art.removed == ()


def test_trailing_forum_residue_removed() -> None:
    tail = ["Uploaded files:", "harbour-map.png (120 KB)", "Reply", "Quote"]
    art = _prep([*BODY, *tail], sep="\n")
    assert [r.reason for r in art.removed] == ["forum-residue"] * 4
    _assert_body_kept(art)


def test_forum_words_mid_article_are_not_residue() -> None:
    art = _prep([BODY[0], "Like", *BODY[1:]])
    assert "Like" in [art.raw[s:e] for s, e in art.paragraphs]


def test_related_list_removed_until_prose() -> None:
    related = ["Related:", "Ports brace for bigger ships", "Mussel farmers fear dredging"]
    art = _prep([*BODY[:3], *related, *BODY[3:]], sep="\n")
    assert [_reasons(art)[x] for x in related] == ["page-residue"] * 3
    _assert_body_kept(art)


def test_short_real_lines_survive() -> None:
    art = _prep([BODY[0], "Big questions", BODY[1], "Nobody objected.", *BODY[2:]])
    paras = [art.raw[s:e] for s, e in art.paragraphs]
    assert "Big questions" in paras and "Nobody objected." in paras
    assert paras.index("Big questions") in art.meta["subheadings"]
    assert art.removed == ()


def test_counts_and_timings_recorded() -> None:
    art = _prep(["Skip to content", *BODY, "Share on X"])
    clean = art.meta["clean"]
    assert clean["removed"] == {"navigation": 1, "share": 1}
    assert set(clean["timings_s"]) == {"clean", "segment", "language"}
    assert clean["sentences"] == len(art.sentences)


def test_everything_removed_is_flagged_not_raised() -> None:
    art = _prep(["Skip to content", "Advertisement", "Share on Facebook"])
    assert art.paragraphs == () and art.sentences == ()
    assert art.meta["clean"]["empty_after_cleaning"] is True
    assert art.language is None


@pytest.mark.parametrize(
    "junk",
    [
        "4 min read",
        "Listen to this article",
        "Leave a comment",
        "Comments (12)",
        "Tags: harbour, dredging, Port Elvane",
        "Follow @coastline on X",
        "Print this article",
    ],
)
def test_more_page_residue(junk: str) -> None:
    art = _prep([BODY[0], junk, *BODY[1:]])
    assert _reasons(art) == {junk: "page-residue"}


def test_hard_wrapped_lines_join_into_paragraphs() -> None:
    import textwrap

    paras = [" ".join(BODY[:3]), " ".join(BODY[3:])]
    raw = "\n\n".join(textwrap.fill(p, 72) for p in paras)
    art = prepare(Article(id="w", raw=raw))
    assert len(art.paragraphs) == 2
    assert [" ".join(s.text.split()) for s in art.sentences] == BODY


def test_one_paragraph_per_line_is_not_joined() -> None:
    art = _prep(BODY, sep="\n")
    assert len(art.paragraphs) == len(BODY)


def test_lower_case_continuation_joins_a_broken_line() -> None:
    raw = f"{BODY[0]}\n\nBoard chair Ines Marlow said the dredging would\ncost about 48 million."
    art = prepare(Article(id="w", raw=raw))
    assert len(art.paragraphs) == 2
    assert art.sentences[-1].text.endswith("48 million.")
    assert "\n" in art.sentences[-1].text


def test_breadcrumb_trail_is_navigation() -> None:
    art = _prep([BODY[0], "Home › News › Harbour", *BODY[1:]])
    assert _reasons(art) == {"Home › News › Harbour": "navigation"}


def test_every_reason_is_documented() -> None:
    from storytrace.clean import REASONS

    art = _prep(["Skip to content", *BODY, "Share on X", "Uploaded files:"])
    assert {r.reason for r in art.removed} <= set(REASONS)


@pytest.mark.parametrize(
    ("junk", "reason"),
    [
        ("Image caption, Dredgers at work in the channel", "photo-caption"),
        ("Link Copied!", "page-residue"),
        ("Ad Feedback", "page-residue"),
        ("Share on Facebook Share on Twitter", "share"),
        ("Explore more on these topics", "page-residue"),
        ("___", "page-residue"),
        ("Our Standards: The Coastline Ledger Trust Principles.", "page-residue"),
        ("Coastline Ledger writer Lin Sato contributed to this report.", "byline"),
    ],
)
def test_common_site_chrome(junk: str, reason: str) -> None:
    art = _prep([*BODY[:2], junk, *BODY[2:]])
    assert _reasons(art) == {junk: reason}
    _assert_body_kept(art)
