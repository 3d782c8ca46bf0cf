"""Parquet files of article records: the same fields as JSONL, one row per article.

Columns ``id``, ``text`` or ``html``, and optional ``title``, ``url``, ``outlet``, ``author``,
``published`` and ``language``; other columns are kept in ``meta["fields"]``. A bad row is
yielded as an error naming ``file:row N`` (rows counted from 1), so the others are still
read. Needs ``pyarrow`` (``pip install 'storytrace[ray]'`` brings it).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from ..errors import DependencyError, EmptyInputError, InputError
from .base import InputFile, Item
from .records import record_article


def _plain(value: Any) -> Any:
    """Dates and timestamps as ISO text (what a JSONL record would hold)."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def read_parquet(f: InputFile) -> Iterator[Item]:
    """One article per row; row groups are read one at a time."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise DependencyError("pyarrow", "ray") from exc
    if f.path is None:
        raise InputError(f.source, "Parquet is read from a file, not standard input")
    try:
        parquet = pq.ParquetFile(f.path)
    except (OSError, ValueError) as exc:
        raise InputError(f.source, f"not a readable Parquet file ({exc}); re-create it") from exc
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=1024):
            for obj in batch.to_pylist():
                row += 1
                where = f"{f.source}:row {row}"
                record = {k: _plain(v) for k, v in obj.items() if v is not None}
                try:
                    yield record_article(f, record, where, f"{f.stem}:{row}", 0, "utf-8", "parquet")
                except InputError as exc:
                    yield exc
    except (OSError, ValueError) as exc:
        yield InputError(f.source, f"cannot read past row {row} ({exc}); re-create the file")
        return
    if row == 0:
        raise EmptyInputError(f.source, "holds no rows; add article records")
