"""JSON Lines (``.jsonl``, ``.ndjson``, gzipped or not) and JSON files of article records.

A record is an object with ``id``, ``text`` or ``html``, and optional ``title``, ``url``,
``outlet``, ``author``, ``published`` and ``language``; other fields are kept in
``meta["fields"]``. A bad record is yielded as an error naming ``file:line`` (JSONL) or
``file:[index]`` (JSON arrays), so the other records are still read.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import EmptyInputError, InputError, RecordError, TooLargeError
from ..types import Article
from .base import InputFile, Item
from .decode import decode_bytes
from .html import extract_page, iso_date

_OPTIONAL = ("title", "url", "outlet", "published", "language", "author")


def read_jsonl(f: InputFile) -> Iterator[Item]:
    """One article per line: ``id``, ``text`` or ``html``, and optional metadata.

    ``max_bytes`` applies to each line (one article), not to the file: a JSONL file is a
    corpus. A record without ``id`` gets ``<stem>:<line>``. Bad lines are yielded as
    :class:`RecordError` naming ``file:line``; the other lines are still read.
    """
    records = 0
    line_no = 0
    try:
        with f.stream() as stream:
            for line_no, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                records += 1
                try:
                    yield _line_record(f, line, line_no)
                except InputError as exc:
                    yield exc
    except (OSError, EOFError, zlib.error) as exc:
        # A truncated or corrupt gzip stream: what was read so far stands.
        yield InputError(
            f.source,
            f"cannot read past line {line_no} ({exc}); re-create or re-download the file",
        )
        return
    if records == 0:
        raise EmptyInputError(f.source, "holds no JSONL records; add one JSON object per line")


def read_json(f: InputFile) -> Iterator[Item]:
    """A JSON file: one record object, or an array of them (``file:[i]`` in errors).

    The whole file is parsed at once, so ``max_bytes`` applies to the file.
    """
    data = f.read_bytes()
    decoded = decode_bytes(data, f.source, f.options.max_control_share)
    try:
        obj = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise RecordError(
            f.source, f"not valid JSON ({json_problem(exc)}, line {exc.lineno}); fix it"
        ) from exc
    if isinstance(obj, dict):
        yield record_article(f, obj, f.source, f.stem, len(data), decoded.encoding, "json")
        return
    if not isinstance(obj, list):
        raise RecordError(
            f.source, f"a JSON {type(obj).__name__}; give an article object or a list of them"
        )
    if not obj:
        raise EmptyInputError(f.source, "an empty JSON list; add article objects")
    for i, item in enumerate(obj):
        where = f"{f.source}:[{i}]"
        try:
            yield record_article(
                f, item, where, f"{f.stem}:{i}", len(data), decoded.encoding, "json"
            )
        except InputError as exc:
            yield exc


def json_problem(exc: json.JSONDecodeError) -> str:
    """``Expecting ',' delimiter at column 7``: some messages already end in "at"
    ("Unterminated string starting at"), which must not read "at at"."""
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


def _line_record(f: InputFile, line: bytes, line_no: int) -> Article:
    where = f"{f.source}:{line_no}"
    if len(line) > f.options.max_bytes:
        raise TooLargeError(
            where,
            f"this record is {len(line):,} bytes, over the limit of {f.options.max_bytes:,} "
            "([read] max_bytes); split it, or raise the limit with --config",
        )
    if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    decoded = decode_bytes(line, where, f.options.max_control_share)
    try:
        obj = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise RecordError(
            where, f"not valid JSON ({json_problem(exc)}); fix or remove the line"
        ) from exc
    article = record_article(
        f, obj, where, f"{f.stem}:{line_no}", len(line), decoded.encoding, "jsonl"
    )
    article.meta["line"] = line_no
    return article


def record_article(
    f: InputFile,
    obj: object,
    where: str,
    default_id: str,
    nbytes: int,
    encoding: str,
    container: str,
) -> Article:
    """An :class:`Article` from one record object; :class:`RecordError` if it is malformed.

    Args:
        f: the file the record came from.
        obj: the parsed JSON value.
        where: the record's name in errors and ``Article.source`` (``file:line``).
        default_id: the id when the record has none.
        nbytes: bytes of the record (or of its file) for ``meta["bytes"]``.
        encoding: how the bytes were decoded.
        container: ``jsonl`` or ``json``, kept in ``meta["container"]``.
    """
    if not isinstance(obj, dict):
        raise RecordError(
            where,
            f"a JSON {type(obj).__name__}, not an object with 'id' and 'text' or 'html'",
        )
    article_id, notes = _record_id(obj, where, default_id)
    fields = _optional_fields(obj, where)
    body_key, body = _body(obj, where)
    meta: dict[str, Any] = {"container": container, **notes}
    extra = {k: v for k, v in obj.items() if k not in {"id", "text", "html", *_OPTIONAL}}
    if extra:
        meta["fields"] = extra
    if "published" in fields:
        meta["published_given"] = fields["published"]
        fields["published"] = iso_date(fields["published"]) or fields["published"]
    if body_key == "html":
        page = extract_page(body, where, fields.get("url"), f.options.min_paragraph_chars)
        meta["html_chars"] = page.html_chars
        for key, value in (
            ("title", page.title),
            ("author", page.author),
            ("outlet", page.outlet),
            ("published", page.published),
            ("language", page.language),
        ):
            if value and key not in fields:
                fields[key] = value
        raw = page.text
    else:
        raw = body
    return f.article(
        raw,
        nbytes=nbytes,
        encoding=encoding,
        id=article_id,
        source=where,
        format=body_key,
        meta=meta,
        **fields,
    )


def _record_id(obj: dict[str, Any], where: str, default_id: str) -> tuple[str, dict[str, str]]:
    """The record's id (``default_id`` when it has none) and a note when it was made up."""
    record_id = obj.get("id")
    if record_id is None:
        note = f"the record has no 'id'; named '{default_id}' after its place"
        return default_id, {"id_made_up": note}
    if isinstance(record_id, str) and record_id.strip():
        return record_id.strip(), {}
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        return str(record_id), {}
    raise RecordError(where, f"'id' must be a non-empty string or an integer, not {record_id!r}")


def _optional_fields(obj: dict[str, Any], where: str) -> dict[str, Any]:
    """The optional metadata strings that are given and not blank, stripped."""
    fields: dict[str, Any] = {}
    for key in _OPTIONAL:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise RecordError(where, f"'{key}' must be a string, not {type(value).__name__}")
        if isinstance(value, str) and value.strip():
            fields[key] = value.strip()
    return fields


def _body(obj: dict[str, Any], where: str) -> tuple[str, str]:
    """(``text`` or ``html``, the body): ``text`` wins when both are given."""
    body_key = "text" if obj.get("text") is not None else "html"
    body = obj.get(body_key)
    if body is None:
        raise RecordError(where, "has neither 'text' nor 'html'; give the article body in one")
    if not isinstance(body, str):
        raise RecordError(where, f"'{body_key}' must be a string, not {type(body).__name__}")
    if not body.strip():
        raise EmptyInputError(where, f"'{body_key}' is empty; remove the line or add text")
    return body_key, body
