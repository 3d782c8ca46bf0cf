"""Parquet input: one article per row, the JSONL record fields, bad rows named and counted."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from storytrace.ingest import read_inputs
from storytrace.types import ReadReport

pa = pytest.importorskip("pyarrow", reason="Parquet input needs pyarrow (storytrace[ray])")


def test_parquet_rows_are_articles_and_bad_rows_are_counted(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    rows = [
        {"id": "p1", "text": "The ferry to Olwen Island resumed service on Friday.",
         "published": datetime.date(2024, 5, 3), "outlet": "Isle Gazette"},
        {"id": "p2", "text": None, "published": None, "outlet": None},
        {"id": None, "text": "Tide tables for the week were posted at the harbour office.",
         "published": None, "outlet": None},
    ]  # fmt: skip
    path = tmp_path / "news.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    report = ReadReport()
    articles = list(read_inputs([str(path)], report, policy="skip"))
    assert [a.id for a in articles] == ["p1", "news:3"]
    assert articles[0].published == "2024-05-03"
    assert articles[0].outlet == "Isle Gazette"
    assert articles[0].meta["container"] == "parquet"
    assert [(s.source, s.reason) for s in report.skipped] == [(f"{path}:row 2", "malformed-record")]


def test_a_file_that_is_not_parquet_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    report = ReadReport()
    assert list(read_inputs([str(path)], report, policy="skip")) == []
    assert report.skipped and "re-create" in report.skipped[0].message
