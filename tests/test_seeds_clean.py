"""prepare() on the five reference articles in ../shared/seeds.

Seed lines are referred to by number (1-based, as ``cat -n`` shows them); the tests never
copy seed text. Each test asserts both sides: the junk named here is removed with its
reason, and every other line survives in the kept text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.clean import prepare
from storytrace.clean.text import fingerprint
from storytrace.types import Article

# Lines deliberately classified as junk, with their reason, per seed (by file id prefix).
JUNK: dict[str, dict[int, str]] = {
    "000": {},
    "001": {17: "video-player"},
    "002": {
        1: "title",
        **{n: "repeated-block" for n in (*range(21, 24), *range(27, 43))},
        24: "advertisement",
        25: "advertisement",
        26: "advertisement",
        43: "forum-residue",
    },
    "003": {
        1: "navigation",
        3: "navigation",
        5: "title",
        8: "photo-caption",
        9: "photo-caption",
        27: "video-player",
        29: "video-player",
        30: "video-player",
        32: "video-player",
        34: "video-player",
    },
    "004": {},
}


def _load(seeds_dir: Path, prefix: str) -> Article:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return prepare(Article(id=path.stem, raw=path.read_text("utf-8")))


def _line_starts(raw: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(raw) if ch == "\n")
    return starts


def _line_of(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


@pytest.mark.parametrize("prefix", sorted(JUNK))
def test_seed_prepares_with_consistent_spans(seeds_dir: Path, prefix: str) -> None:
    art = _load(seeds_dir, prefix)
    assert art.sentences, "every seed has sentences of reporting"
    assert art.language == "en"
    for s in art.sentences:
        assert art.raw[s.start : s.end] == s.text
    for r in art.removed:
        assert art.raw[r.start : r.end] == r.text
    assert art.meta["clean"]["sentences"] == len(art.sentences)


@pytest.mark.parametrize("prefix", sorted(JUNK))
def test_seed_junk_removed_and_every_other_line_kept(seeds_dir: Path, prefix: str) -> None:
    art = _load(seeds_dir, prefix)
    raw = art.raw
    removed_lines: dict[int, set[str]] = {}
    for r in art.removed:
        removed_lines.setdefault(_line_of(raw, r.start), set()).add(r.reason)
    junk = JUNK[prefix]
    for n, reason in junk.items():
        assert reason in removed_lines.get(n, set()), f"{prefix} line {n}: expected {reason}"
    starts = _line_starts(raw)
    for n, line in enumerate(raw.split("\n"), start=1):
        if not line.strip() or n in junk:
            continue
        begin, end = starts[n - 1], starts[n - 1] + len(line)
        # Only a metadata prefix (date, forum header) may be cut from a line of reporting;
        # the rest of the line lies inside one kept paragraph.
        cut = [r for r in art.removed if r.start < end and r.end > begin]
        assert all(r.reason in {"metadata", "forum-header"} for r in cut), (prefix, n, cut)
        rest_start = max([begin, *(r.end for r in cut)])
        rest = raw[rest_start:end].strip()
        assert rest, f"{prefix} line {n} lost entirely"
        offset = raw.index(rest, rest_start)
        assert any(s <= offset and offset + len(rest) <= e for s, e in art.paragraphs), (
            f"{prefix} line {n} not kept"
        )


def test_seed_001_date_prefix(seeds_dir: Path) -> None:
    art = _load(seeds_dir, "001")
    assert art.published == "2024-04-27"
    first = art.removed[0]
    assert first.reason == "metadata" and _line_of(art.raw, first.start) == 1
    # The sentence glued to the date is kept and starts the text.
    assert first.text == first.text.strip()
    assert art.sentences[0].start > first.end
    assert art.sentences[0].text.split()[:2] == ["US", "Secretary"]


def test_seed_001_and_003_subheading_kept_and_flagged(seeds_dir: Path) -> None:
    for prefix, line in (("001", 35), ("003", 52)):
        art = _load(seeds_dir, prefix)
        heading = art.raw.split("\n")[line - 1].strip()
        paras = [art.raw[s:e] for s, e in art.paragraphs]
        assert heading in paras
        assert paras.index(heading) in art.meta["subheadings"]


def test_seed_002_forum_header_title_and_single_copy(seeds_dir: Path) -> None:
    art = _load(seeds_dir, "002")
    lines = art.raw.split("\n")
    assert art.title == lines[0].strip()
    assert art.author == "Alex bobby"
    assert art.published == "2024-04-26"
    header = [r for r in art.removed if r.reason == "forum-header"]
    assert len(header) == 1 and header[0].text.startswith("Quote from")
    assert _line_of(art.raw, header[0].start) == 2
    # The body printed twice is kept exactly once: each real sentence appears once.
    kept = fingerprint(art.text)
    for n in range(3, 21):
        key = fingerprint(lines[n - 1])
        assert kept.count(key) == 1, f"line {n} kept {kept.count(key)} times"
    counts = art.meta["clean"]["removed"]
    assert counts["advertisement"] == 3
    assert counts["repeated-block"] == 19


def test_seed_003_title_and_no_caption_in_text(seeds_dir: Path) -> None:
    art = _load(seeds_dir, "003")
    assert art.title == art.raw.split("\n")[4].strip()
    caption = fingerprint(art.raw.split("\n")[7])
    assert caption not in fingerprint(art.text)
    # The short one-sentence line 64 survives as its own sentence.
    short = art.raw.split("\n")[63].strip()
    assert short in [s.text for s in art.sentences]


def test_seed_000_byline_author_and_outlet(seeds_dir: Path) -> None:
    art = _load(seeds_dir, "000")
    assert art.author == "William Gallo"
    assert art.outlet in {"Voice of America", "VOA"}
    # The byline sentence is reporting: it stays.
    assert not art.removed
    assert any("William Gallo" in s.text for s in art.sentences)


def test_seed_004_untouched(seeds_dir: Path) -> None:
    art = _load(seeds_dir, "004")
    assert art.removed == ()
    assert len(art.paragraphs) == 11
