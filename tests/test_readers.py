from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storytrace.ingest import READERS, InputFile, content_hash, read_inputs
from storytrace.ingest.readers import lazy_reader, match_suffix, register_reader
from storytrace.types import Article, ReadReport

STORY = (
    "Volunteers in Harrowgate counted 412 swifts nesting under the old mill roof.\n\n"
    "The count is the highest since the survey began, organisers said on Sunday.\n"
)


def read(*inputs: str, policy: str = "raise") -> tuple[list[Article], ReadReport]:
    report = ReadReport()
    articles = list(read_inputs(list(inputs), report, policy))  # type: ignore[arg-type]
    return articles, report


class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("name", ["swifts.txt", "swifts.text", "swifts.md", "swifts.story"])
def test_text_file_becomes_one_article_with_stem_id(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(STORY, encoding="utf-8")
    [article], report = read(str(path))
    assert article.id == "swifts"
    assert article.raw == STORY
    assert article.format == "text"
    assert article.source == str(path)
    assert article.content_hash == content_hash(STORY)
    assert article.meta["encoding"] == "utf-8"
    assert article.meta["bytes"] == len(STORY.encode())
    assert report.articles == 1 and report.skipped == []


def test_html_file_gives_main_text_and_page_metadata(
    tmp_path: Path, make_page: Callable[..., str]
) -> None:
    page = make_page(lang="en-GB")
    (tmp_path / "harbour.html").write_text(page, encoding="utf-8")
    [a], _ = read(str(tmp_path / "harbour.html"))
    assert a.id == "harbour" and a.format == "html"
    assert a.title == "Port Elvane votes to deepen its harbour channel"
    assert a.outlet == "Coastline Ledger"
    assert a.author == "Rafe Oduya"
    assert a.published == "2025-06-17"
    assert a.language == "en"
    assert a.meta["html_chars"] == len(page)
    # raw is the extracted text: paragraphs one per line, no markup, no page furniture.
    assert "<p>" not in a.raw and "Share on Facebook" not in a.raw
    assert "Port Elvane approved a plan on Monday" in a.raw
    lines = a.raw.splitlines()
    assert any(line.startswith("Board chair Ines Marlow") for line in lines)
    assert a.content_hash == content_hash(a.raw)


def test_html_is_sniffed_when_the_suffix_says_nothing(
    tmp_path: Path, make_page: Callable[..., str]
) -> None:
    (tmp_path / "saved-page").write_text(make_page(), encoding="utf-8")
    [a], _ = read(str(tmp_path / "saved-page"))
    assert a.format == "html" and a.outlet == "Coastline Ledger"


def test_jsonl_records_keep_given_ids_and_fields(tmp_path: Path) -> None:
    rows = [
        {
            "id": "w-1",
            "text": STORY,
            "title": "Swift count",
            "outlet": "Dale Post",
            "published": "2025-05-04T10:00:00Z",
            "language": "en",
            "url": "https://x.test/a",
            "event": "swifts-2025",
        },
        {"text": "A second report on the same swift count.", "outlet": "Mill Gazette"},
        {"id": 7, "text": "A third, numbered record."},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    arts, report = read(str(path))
    assert [a.id for a in arts] == ["w-1", "batch:2", "7"]
    first = arts[0]
    assert first.raw == STORY and first.format == "text"
    assert first.source == f"{path}:1"
    assert (first.title, first.outlet, first.language, first.url) == (
        "Swift count",
        "Dale Post",
        "en",
        "https://x.test/a",
    )
    assert first.published == "2025-05-04"
    assert first.meta["fields"] == {"event": "swifts-2025"}
    assert first.meta["container"] == "jsonl"
    assert arts[1].source == f"{path}:2" and arts[1].outlet == "Mill Gazette"
    assert report.articles == 3


def test_jsonl_html_records_are_extracted(tmp_path: Path, make_page: Callable[..., str]) -> None:
    path = tmp_path / "pages.ndjson"
    path.write_text(json.dumps({"id": "p1", "html": make_page()}) + "\n", encoding="utf-8")
    [a], _ = read(str(path))
    assert a.format == "html" and a.id == "p1"
    assert a.title == "Port Elvane votes to deepen its harbour channel"
    assert "mussel beds" in a.raw and "<p>" not in a.raw


@pytest.mark.parametrize("name", ["batch.jsonl.gz", "batch.JSONL.GZ", "batch.data"])
def test_gzipped_jsonl_is_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    lines = [
        json.dumps({"id": f"g{i}", "text": f"Record number {i} of the archive."}) for i in range(3)
    ]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    arts, _ = read(str(path))
    assert [a.id for a in arts] == ["g0", "g1", "g2"]
    assert arts[2].source == f"{path}:3"


def test_folder_is_read_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second text body.")
    (tmp_path / "a" / "one.txt").write_text("First text body.")
    (tmp_path / "zero.txt").write_text("Top level text body.")
    (tmp_path / ".hidden.txt").write_text("Hidden text body.")
    (tmp_path / ".git" / "config.txt").write_text("Not an article.")
    arts, report = read(str(tmp_path))
    assert [a.id for a in arts] == ["one", "two", "zero"]
    assert report.skipped == []


def test_glob_and_folder_reaching_one_file_read_it_once(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Body of x.")
    (tmp_path / "y.txt").write_text("Body of y.")
    arts, report = read(str(tmp_path / "*.txt"), str(tmp_path), str(tmp_path / "x.txt"))
    assert [a.id for a in arts] == ["x", "y"]
    assert report.counts() == {"duplicate-input": 3}
    assert all("already read as" in s.message for s in report.skipped)


def test_shared_stems_in_one_folder_keep_their_suffix(tmp_path: Path) -> None:
    for folder in ("wire", "local"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"The {folder} version of the story.")
    (tmp_path / "local" / "story.md").write_text("The local notes on the story.")
    arts, _ = read(str(tmp_path / "wire" / "story.txt"), str(tmp_path / "local"))
    # Two files of one folder share the stem, so the file names (with suffix) tell them apart.
    assert [a.id for a in arts] == ["wire/story.txt", "local/story.md", "local/story.txt"]
    assert all("share the file stem 'story'" in a.meta["id_note"] for a in arts)


def test_stem_collision_in_different_folders_uses_parent_folder(tmp_path: Path) -> None:
    for folder in ("wire", "local"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"The {folder} version of the story.")
    arts, _ = read(str(tmp_path / "wire" / "story.txt"), str(tmp_path / "local" / "story.txt"))
    assert [a.id for a in arts] == ["wire/story", "local/story"]
    # Deterministic: a second run gives the same ids.
    again, _ = read(str(tmp_path / "wire" / "story.txt"), str(tmp_path / "local" / "story.txt"))
    assert [a.id for a in again] == ["wire/story", "local/story"]


def test_repeated_jsonl_ids_are_made_unique(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "same", "text": "One body."}) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "same", "text": "Other body."}) + "\n")
    arts, _ = read(str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"))
    assert [a.id for a in arts] == ["same", "same#2"]
    assert "already used" in arts[1].meta["id_note"]


@pytest.mark.parametrize(
    ("data", "fmt", "article_id"),
    [
        (STORY.encode(), "text", "stdin"),
        (b'{"id": "s1", "text": "From a pipe."}\n', "text", "s1"),
        (b'{"text": "No id given."}\n', "text", "stdin:1"),
    ],
)
def test_stdin_is_sniffed(
    monkeypatch: pytest.MonkeyPatch, data: bytes, fmt: str, article_id: str
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    [a], _ = read("-")
    assert a.format == fmt and a.id == article_id
    assert a.source.startswith("<stdin>")


def test_stdin_html_is_extracted(
    monkeypatch: pytest.MonkeyPatch, make_page: Callable[..., str]
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(make_page().encode()))
    [a], report = read("-", "-")
    assert a.format == "html" and a.outlet == "Coastline Ledger"
    assert report.counts() == {"duplicate-input": 1}


def test_suffix_registry_prefers_the_longest_suffix_and_takes_new_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert match_suffix("x.jsonl.gz") == ".jsonl.gz"
    assert match_suffix("x.TXT") == ".txt"
    assert match_suffix(".txt") is None  # a hidden file named like a suffix has no stem
    monkeypatch.setattr("storytrace.ingest.readers.READERS", dict(READERS))

    def read_shout(f: InputFile) -> Iterator[Article]:
        yield f.article(f.read_bytes().decode().upper(), nbytes=0, encoding="ascii")

    register_reader(".shout", read_shout)
    (tmp_path / "loud.shout").write_text("quiet words")
    [a], _ = read(str(tmp_path / "loud.shout"))
    assert a.raw == "QUIET WORDS" and a.id == "loud"


def test_lazy_reader_imports_on_first_use(tmp_path: Path) -> None:
    reader = lazy_reader("storytrace.ingest.readers", "read_text")
    (tmp_path / "n.txt").write_text("Lazy body text.")
    f = InputFile(source=str(tmp_path / "n.txt"), stem="n", path=tmp_path / "n.txt")
    [a] = list(reader(f))
    assert isinstance(a, Article) and a.raw == "Lazy body text."


def test_seeds_read_with_stem_ids_and_distinct_hashes(seeds_dir: Path) -> None:
    arts, report = read(str(seeds_dir))
    stems = sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert [a.id for a in arts] == stems
    assert len(arts) == 5
    assert len({a.content_hash for a in arts}) == 5
    assert all(a.format == "text" and a.raw.strip() for a in arts)
    assert report.skipped == []


def test_short_cjk_paragraphs_count_as_a_body(
    tmp_path: Path, make_page: Callable[..., str]
) -> None:
    # 32 wide characters a paragraph: under 60 code points, but 64 columns wide.
    paras = [
        "港口管理局周一批准了加深主航道的计划预计明年年底前完成工程建设" + str(i) for i in range(4)
    ]
    (tmp_path / "gang.html").write_text(make_page(paras, title="港口加深航道", lang="zh-CN"))
    [a], _ = read(str(tmp_path / "gang.html"))
    assert a.language == "zh"
    assert "港口管理局周一批准了" in a.raw


def test_json_array_and_single_object_files(tmp_path: Path) -> None:
    arr = [{"id": "j1", "text": STORY, "outlet": "Dale Post"}, {"text": "Second, no id."}]
    (tmp_path / "list.json").write_text(json.dumps(arr, indent=2))
    (tmp_path / "one.json").write_text(json.dumps({"text": STORY, "title": "Swifts"}, indent=2))
    arts, _ = read(str(tmp_path / "list.json"), str(tmp_path / "one.json"))
    assert [a.id for a in arts] == ["j1", "list:1", "one"]
    assert arts[1].source == f"{tmp_path / 'list.json'}:[1]"
    assert arts[2].title == "Swifts" and arts[2].meta["container"] == "json"


def test_pretty_printed_json_is_sniffed_not_read_as_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = json.dumps([{"id": "p", "text": STORY}], indent=2).encode()
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    [a], _ = read("-")
    assert a.id == "p" and a.raw == STORY
