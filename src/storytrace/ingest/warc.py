"""WARC archives (``.warc``, ``.warc.gz``): one article per HTML response record.

Each ``response`` record whose HTTP payload is HTML goes through the HTML reader's
:func:`~storytrace.ingest.html.extract_page`; its id is ``<file stem>@<record offset>`` and
its URL the record's target URI. Problems with one record are yielded as errors naming
``file@offset`` (the byte offset of the record, as ``warcio`` and CDX indexes count it), so
the other records are still read. Request, metadata and warcinfo records are not articles
and are passed over; non-HTML responses (images, scripts) are counted as skipped.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import DependencyError, EmptyInputError, InputError, RecordError
from .decode import decode_bytes
from .html import extract_page, iso_date, looks_like_html
from .readers import InputFile, Item, os_error

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


class NonHtmlRecordError(InputError):
    """A WARC response that is not a web page (an image, a script, a PDF ...)."""

    reason = "non-html-record"


def read_warc(f: InputFile) -> Iterator[Item]:
    """Yield an :class:`Article` per HTML response, or an :class:`InputError` per bad record."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise DependencyError("warcio") from exc
    if f.path is None:
        raise InputError(f.source, "WARC archives must be files; save the archive first")
    if not _starts_like_warc(f.head(4096)):
        raise InputError(
            f.source,
            "not a WARC archive (it does not start with a 'WARC/' record header); "
            "pass a .warc or .warc.gz file",
        )
    try:
        fh = f.path.open("rb")
    except OSError as exc:
        raise os_error(f.source, exc) from exc
    responses = 0
    offset = 0
    with fh:
        records = ArchiveIterator(fh)
        records.loader = _tolerant_loader(records.loader)
        try:
            for record in records:
                offset = int(records.offset)  # get_record_offset() would consume the body
                if record.rec_type != "response":
                    continue
                responses += 1
                where = f"{f.source}@{offset}"
                try:
                    yield _article(f, record, where, offset)
                except InputError as exc:
                    yield exc
        except Exception as exc:
            if not isinstance(exc, ArchiveLoadFailed | OSError | EOFError | zlib.error):
                exc = ValueError(f"{type(exc).__name__}: {exc}")
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if responses == 0 and offset == 0:
                raise InputError(
                    f.source, f"not a readable WARC archive ({message}); check the file"
                ) from exc
            yield RecordError(
                f"{f.source}@{offset}",
                f"cannot read past this record ({message}); the archive is truncated or "
                "damaged, re-create or re-download it",
            )
            return
    if responses == 0:
        raise EmptyInputError(f.source, "holds no response records; nothing to read")


def _tolerant_loader(loader: Any) -> Any:
    """``loader`` with a missing target URI read as ``""`` (warcio calls ``uri.startswith``
    on it); :func:`_article` then reports the record."""
    parse = loader.load_http_headers

    def load_http_headers(rec_type: str, uri: str | None, stream: Any, length: Any) -> Any:
        return parse(rec_type, uri or "", stream, length)

    loader.load_http_headers = load_http_headers
    return loader


def _starts_like_warc(head: bytes) -> bool:
    if head.startswith(b"\x1f\x8b"):
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _article(f: InputFile, record: Any, where: str, offset: int) -> Any:
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        raise RecordError(
            where,
            "a response record without WARC-Target-URI (the page's address); "
            "the archive is malformed, re-create it with the URI",
        )
    http = record.http_headers
    ctype = (http.get_header("Content-Type") if http is not None else None) or ""
    status = http.get_statuscode() if http is not None else None
    try:
        payload = record.content_stream().read(f.options.max_bytes + 1)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        raise RecordError(where, f"the record body cannot be read ({exc}); skip it") from exc
    missing = getattr(record.raw_stream, "limit", 0)
    if len(payload) <= f.options.max_bytes and isinstance(missing, int) and missing > 0:
        raise RecordError(
            where,
            f"the record is cut short ({missing:,} bytes missing): the archive is truncated "
            "or damaged; re-create or re-download it",
        )
    if status and not str(status).startswith("2"):
        raise NonHtmlRecordError(where, f"HTTP status {status} for {url}; not an article page")
    if "html" not in ctype.lower() and not looks_like_html(payload[:4096]):
        kind = ctype.split(";")[0].strip() or "unknown content type"
        raise NonHtmlRecordError(where, f"{kind} response for {url}; not a web page")
    if len(payload) > f.options.max_bytes:
        from ..errors import TooLargeError

        raise TooLargeError(
            where,
            f"the page is over {f.options.max_bytes:,} bytes ([read] max_bytes); "
            "raise the limit with --config to read it",
        )
    m = _CHARSET.search(ctype)
    declared = m.group(1) if m else None
    if declared is None:
        mm = _META_CHARSET.search(payload[:65_536])
        declared = mm.group(1).decode("ascii", "replace") if mm else None
    decoded = decode_bytes(payload, where, f.options.max_control_share, declared)
    page = extract_page(decoded.text, where, url=url)
    date = iso_date(record.rec_headers.get_header("WARC-Date"))
    return f.article(
        page.text,
        nbytes=len(payload),
        encoding=decoded.encoding,
        id=f"{f.stem}@{offset}",
        source=where,
        format="html",
        title=page.title,
        author=page.author,
        outlet=page.outlet,
        published=page.published,
        language=page.language,
        url=page.url or url,
        meta={
            "container": "warc",
            "offset": offset,
            "html_chars": page.html_chars,
            "fetched": date,
        },
    )
