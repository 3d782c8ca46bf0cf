"""What every reader works with: the input to read and the options it is read under.

A reader is a function ``InputFile -> Iterable[Article | InputError]`` (see
:mod:`storytrace.ingest.readers` for the registry that picks one by suffix).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from ..errors import InputError, TooLargeError
from ..types import Article
from .decode import content_hash

Item = Article | InputError
Reader = Callable[["InputFile"], Iterable[Item]]

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 65_536


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """The ``[read]`` settings a reader needs."""

    max_bytes: int = 20_000_000
    max_control_share: float = 0.02
    min_paragraph_chars: int = 60


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input to read: a file on disk, or bytes already read (standard input).

    ``stem`` is the base of the ids of its articles: the file stem, made unique across the
    run (``parent/stem``) when two inputs share one; ``id_note`` then says so.
    """

    source: str
    stem: str
    path: Path | None = None
    data: bytes | None = None
    options: ReadOptions = ReadOptions()
    id_note: str | None = None

    def size(self) -> int:
        """Size in bytes, without reading the file."""
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        try:
            return self.path.stat().st_size
        except OSError as exc:
            raise os_error(self.source, exc) from exc

    def read_bytes(self) -> bytes:
        """All bytes of a single-article input; refuses inputs over ``max_bytes`` unread."""
        size = self.size()
        if size > self.options.max_bytes:
            raise TooLargeError(
                self.source,
                f"{size:,} bytes is over the limit of {self.options.max_bytes:,} "
                "([read] max_bytes); split it, or raise the limit with --config",
            )
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise os_error(self.source, exc) from exc

    def head(self, n: int = SNIFF_BYTES) -> bytes:
        """The first ``n`` bytes, for sniffing the format."""
        if self.data is not None:
            return self.data[:n]
        assert self.path is not None
        try:
            with self.path.open("rb") as fh:
                return fh.read(n)
        except OSError as exc:
            raise os_error(self.source, exc) from exc

    @contextmanager
    def stream(self) -> Iterator[IO[bytes]]:
        """A binary stream of the input, gunzipped when it starts with the gzip magic."""
        raw: IO[bytes]
        if self.data is not None:
            raw = io.BytesIO(self.data)
        else:
            assert self.path is not None
            try:
                raw = self.path.open("rb")
            except OSError as exc:
                raise os_error(self.source, exc) from exc
        with raw:
            magic = raw.read(2)
            raw.seek(0)
            if magic == GZIP_MAGIC:
                with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                    yield cast(IO[bytes], unzipped)
            else:
                yield raw

    def article(self, raw: str, *, nbytes: int, encoding: str, **fields: Any) -> Article:
        """An :class:`Article` with id, source, hash and the common meta filled in."""
        meta: dict[str, Any] = {"encoding": encoding, "bytes": nbytes}
        meta.update(fields.pop("meta", {}))
        if self.id_note and "id" not in fields:
            meta["id_note"] = self.id_note
        fields.setdefault("id", self.stem)
        fields.setdefault("source", self.source)
        return Article(raw=raw, content_hash=content_hash(raw), meta=meta, **fields)


def os_error(source: str, exc: OSError) -> InputError:
    """An :class:`InputError` carrying the operating system's reason."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, IsADirectoryError):
        return InputError(source, f"is a folder, not a file ({reason}); pass the folder itself")
    return InputError(source, f"cannot read it ({reason}); check the path and its permissions")
