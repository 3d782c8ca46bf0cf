"""Every kind of bad input: raised under policy=raise, counted by reason under policy=skip."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storytrace.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    NoArticleBodyError,
    RecordError,
    TooLargeError,
    UnsupportedFormatError,
)
from storytrace.ingest import InputFile, NoMatchError, read_inputs
from storytrace.ingest.readers import read_text
from storytrace.settings import Settings
from storytrace.types import Article, ReadReport

GOOD = "The ferry to Skarholm resumed service on Thursday after the storm.\n"


def read(*inputs: str, policy: str = "skip", **kw: Any) -> tuple[list[Article], ReadReport]:
    report = ReadReport()
    articles = list(read_inputs(list(inputs), report, policy, **kw))  # type: ignore[arg-type]
    return articles, report


BAD_FILES: list[tuple[str, bytes, type[InputError], str]] = [
    ("empty.txt", b"", EmptyInputError, "empty"),
    ("blank.txt", b"  \n\n\t \n", EmptyInputError, "empty"),
    (
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        BinaryInputError,
        "binary",
    ),
    ("noise.dat", bytes(range(1, 32)) * 40, BinaryInputError, "binary"),
    # Text-like documents that are not articles (a CSV dump once became one article).
    (
        "dump.csv",
        b'id,text\n1,"The ferry resumed."\n',
        UnsupportedFormatError,
        "unsupported-format",
    ),
    ("scan.PDF", b"%PDF-1.4\n1 0 obj<<>>endobj\n", UnsupportedFormatError, "unsupported-format"),
    ("memo.docx", b"PK\x03\x04" + bytes(64), UnsupportedFormatError, "unsupported-format"),
]


@pytest.mark.parametrize(
    ("name", "advice"),
    [("a.csv", "convert it to JSONL"), ("a.pdf", "pdftotext"), ("a.docx", "save it as plain text")],
)
def test_unsupported_formats_say_what_to_convert_them_to(
    tmp_path: Path, name: str, advice: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"x,y\n")
    with pytest.raises(UnsupportedFormatError, match=advice):
        read(str(path), policy="raise")


def test_a_pdf_without_its_suffix_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>endobj\n")
    with pytest.raises(UnsupportedFormatError, match="pdftotext"):
        read(str(path), policy="raise")


@pytest.mark.parametrize(("name", "data", "exc", "reason"), BAD_FILES)
def test_bad_file_raises_naming_the_file(
    tmp_path: Path, name: str, data: bytes, exc: type[InputError], reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(exc) as info:
        read(str(path), policy="raise")
    assert str(info.value).startswith(f"{path}: ")
    assert info.value.reason == reason


@pytest.mark.parametrize(("name", "data", "exc", "reason"), BAD_FILES)
def test_bad_file_is_skipped_and_the_good_one_still_read(
    tmp_path: Path, name: str, data: bytes, exc: type[InputError], reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD)
    arts, report = read(str(tmp_path / name), str(tmp_path / "good.txt"))
    assert [a.id for a in arts] == ["good"]
    assert report.articles == 1
    assert report.counts() == {reason: 1}
    assert report.skipped[0].source == str(tmp_path / name)
    assert "\n" not in report.skipped[0].message


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (
            "Señora Ruiz paid 40 € for the “express” ticket.".encode("cp1252"),
            "cp1252",
            "Señora Ruiz paid 40 € for the “express” ticket.",
        ),
        (
            "Jürgen Weiß sprach über die Brücke. \x81".encode("latin-1"),
            "latin-1",
            "Jürgen Weiß sprach über die Brücke.",
        ),
        (
            "Le maire a inauguré le pont à Évry.".encode("utf-16"),
            "utf-16-le",
            "Le maire a inauguré le pont à Évry.",
        ),
    ],
    ids=["cp1252", "latin-1", "utf-16-bom"],
)
def test_legacy_encodings_are_decoded_and_recorded(
    tmp_path: Path, data: bytes, encoding: str, expected: str
) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(data)
    [a], _ = read(str(path), policy="raise")
    assert a.raw.startswith(expected)
    assert a.meta["encoding"] == encoding


INDEX_PAGES = [
    "<html><head><title>Front page</title></head><body><nav><a href='/a'>A</a>"
    "<a href='/b'>B</a></nav><footer>Contact</footer></body></html>",
    "<html><head><title>Front page</title></head><body><nav><ul>"
    "<li><a href='/w'>World news today</a></li><li><a href='/s'>Sport results</a></li>"
    "</ul></nav><div class='teasers'><a href='/c'>Read more about the harbour vote</a></div>"
    "<footer>Contact us | Privacy</footer></body></html>",
    "<html><body><script>document.write('built by script')</script></body></html>",
]


@pytest.mark.parametrize("page", INDEX_PAGES, ids=["links", "teasers", "script"])
def test_html_without_article_body_says_what_to_do(tmp_path: Path, page: str) -> None:
    path = tmp_path / "index.html"
    path.write_text(page)
    with pytest.raises(NoArticleBodyError, match=r"index\.html: no article text.*\.txt file"):
        read(str(path), policy="raise")
    _, report = read(str(path))
    assert report.counts() == {"no-article-body": 1}


def test_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(GOOD * 10)

    def no_read(self: Path) -> bytes:
        raise AssertionError("read the whole file although it is too large")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    with pytest.raises(TooLargeError, match=r"dump\.txt: .*over the limit of 100 "):
        read(str(path), policy="raise", max_bytes=100)


def test_too_large_limit_comes_from_a_settings_file(tmp_path: Path) -> None:
    cfg = tmp_path / "small.toml"
    cfg.write_text("[read]\nmax_bytes = 50\n")
    (tmp_path / "big.txt").write_text(GOOD * 3)
    (tmp_path / "small.txt").write_text("Short note.")
    settings = Settings.load(cfg).read
    arts, report = read(str(tmp_path / "big.txt"), str(tmp_path / "small.txt"), settings=settings)
    assert [a.id for a in arts] == ["small"]
    assert report.counts() == {"too-large": 1}


def test_missing_path_and_unmatched_glob(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        read(str(tmp_path / "nope.txt"), policy="raise")
    with pytest.raises(NoMatchError, match="matched no files"):
        read(str(tmp_path / "*.nothing"), policy="raise")
    (tmp_path / "empty-folder").mkdir()
    _, report = read(
        str(tmp_path / "nope.txt"), str(tmp_path / "*.x"), str(tmp_path / "empty-folder")
    )
    assert report.counts() == {"empty": 1, "no-match": 1, "unreadable": 1}


@pytest.mark.ci_may_skip  # a property of the platform, not a missing part
@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_permission_denied_gives_the_os_reason(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(GOOD)
    path.chmod(0)
    try:
        with pytest.raises(InputError, match=r"locked\.txt: cannot read it \(Permission denied\)"):
            read(str(path), policy="raise")
    finally:
        path.chmod(0o644)


def test_folder_where_a_file_was_expected(tmp_path: Path) -> None:
    f = InputFile(source=str(tmp_path), stem="x", path=tmp_path)
    with pytest.raises(InputError, match="is a folder, not a file"):
        list(read_text(f))


def test_malformed_jsonl_lines_are_named_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": GOOD}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-body", "title": "Headline only"}),
        json.dumps({"id": "bad-type", "text": 42}),
        json.dumps({"id": "bad-title", "text": GOOD, "title": ["x"]}),
        json.dumps({"id": {"nested": 1}, "text": GOOD}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "ok2", "text": GOOD}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    arts, report = read(str(path))
    assert [a.id for a in arts] == ["ok1", "ok2"]
    assert [s.source for s in report.skipped] == [f"{path}:{n}" for n in range(2, 9)]
    assert report.counts() == {"empty": 1, "malformed-record": 6}
    messages = " | ".join(s.message for s in report.skipped)
    for part in (
        "not valid JSON",
        "a JSON list",
        "neither 'text' nor 'html'",
        "'text' must be a string",
        "'title' must be a string",
        "'id' must be",
    ):
        assert part in messages
    with pytest.raises(RecordError, match=rf"^{path}:2: not valid JSON"):
        read(str(path), policy="raise")


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    body = "\n".join(json.dumps({"id": f"r{i}", "text": GOOD * 20}) for i in range(200))
    packed = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    arts, report = read(str(path))
    assert 0 < len(arts) < 200
    assert report.counts() == {"unreadable": 1}
    assert "cannot read past line" in report.skipped[0].message


def test_jsonl_without_records_is_empty(tmp_path: Path) -> None:
    (tmp_path / "none.jsonl").write_text("\n\n")
    _, report = read(str(tmp_path / "none.jsonl"))
    assert report.counts() == {"empty": 1}


def test_oversized_jsonl_record_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"id": "big", "text": GOOD * 10})
        + "\n"
        + json.dumps({"id": "small", "text": "Short."})
        + "\n"
    )
    arts, report = read(str(path), max_bytes=200)
    assert [a.id for a in arts] == ["small"]
    assert report.skipped[0].source == f"{path}:1"
    assert report.counts() == {"too-large": 1}


def test_raise_policy_stops_at_the_first_bad_input(
    tmp_path: Path, make_page: Callable[..., str]
) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(GOOD)
    seen: list[str] = []
    with pytest.raises(EmptyInputError):
        for a in read_inputs([str(tmp_path)], ReadReport(), "raise"):
            seen.append(a.id)
    assert seen == []
    with pytest.raises(ValueError, match="policy"):
        read(str(tmp_path), policy="ignore")


def test_json_array_with_a_bad_item_names_its_index(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"id": "a", "text": GOOD}, "just a string", {"id": "c"}]))
    arts, report = read(str(path))
    assert [a.id for a in arts] == ["a"]
    assert [s.source for s in report.skipped] == [f"{path}:[1]", f"{path}:[2]"]
    (tmp_path / "broken.json").write_text('{"id": "x", "text": ')
    with pytest.raises(RecordError, match=r"broken\.json: not valid JSON"):
        read(str(tmp_path / "broken.json"), policy="raise")


def test_an_extractor_crash_is_one_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_page: Callable[..., str]
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("trafilatura.bare_extraction", boom)
    (tmp_path / "deep.html").write_text(make_page())
    (tmp_path / "fine.txt").write_text(GOOD)
    arts, report = read(str(tmp_path / "deep.html"), str(tmp_path / "fine.txt"))
    assert [a.id for a in arts] == ["fine"]
    assert report.counts() == {"unreadable": 1}
    assert "HTML extractor failed" in report.skipped[0].message
