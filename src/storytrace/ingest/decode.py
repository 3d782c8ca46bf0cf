"""Bytes to text: byte-order marks, UTF-8, cp1252, latin-1; binary and empty input.

News files arrive in whatever encoding the tool that saved them chose. The order here
follows what is cheap and safe: a BOM is authoritative; strict UTF-8 almost never succeeds on
text that is not UTF-8; cp1252 is what Windows tools write for Western European text (and
is a superset of latin-1's printable range); latin-1 decodes any byte string, so it is the
last resort and is recorded so a reader can spot mojibake.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

from ..errors import BinaryInputError, EmptyInputError

# (BOM, codec, name recorded in meta). UTF-32 LE must be tested before UTF-16 LE: its BOM
# starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32-be"),
    (b"\xff\xfe", "utf-16", "utf-16-le"),
    (b"\xfe\xff", "utf-16", "utf-16-be"),
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return; DEL; and
# the C1 range that only a latin-1 fallback can produce.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_SPACE = re.compile(r"\s+")

# How much of a file the binary check looks at: enough to see a file header and a few
# paragraphs, small enough to be free on large files.
_SAMPLE_CHARS = 65_536


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes and the encoding that decoded it."""

    text: str
    encoding: str


def decode_bytes(
    data: bytes,
    source: str,
    max_control_share: float = 0.02,
    declared: str | None = None,
) -> Decoded:
    """Decode ``data``, refusing binary and empty input.

    Args:
        data: the raw bytes of one input.
        source: the name errors report (a path, ``path:line`` or ``<stdin>``).
        max_control_share: above this share of control characters the input is binary.
        declared: an encoding the input names itself (an HTML ``<meta charset>``); used
            after a BOM and before the UTF-8/cp1252/latin-1 chain when it decodes cleanly.

    Returns:
        The decoded text (BOM removed) and the encoding used.

    Raises:
        EmptyInputError: no bytes, or only whitespace.
        BinaryInputError: NUL bytes outside UTF-16/32, or too many control characters.
    """
    if not data:
        raise EmptyInputError(source, "the input is empty (0 bytes); remove it or add text")
    decoded = _decode(data, source, declared)
    sample = decoded.text[:_SAMPLE_CHARS]
    controls = len(_CONTROL.findall(sample))
    # At least 3 control characters: one stray escape code must not make a short note binary.
    too_many = controls >= 3 and controls / len(sample) > max_control_share
    if "\x00" in sample or too_many:
        raise BinaryInputError(
            source,
            f"this looks like a binary file ({controls} control characters in the first "
            f"{len(sample)}), not text; pass text, HTML or JSONL files",
        )
    if not decoded.text.strip():
        raise EmptyInputError(source, "the input holds only whitespace; remove it or add text")
    return decoded


def _decode(data: bytes, source: str, declared: str | None = None) -> Decoded:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), name)
            except UnicodeDecodeError as exc:
                raise BinaryInputError(
                    source,
                    f"starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte {exc.start}); re-save it as UTF-8",
                ) from exc
    if b"\x00" in data[:_SAMPLE_CHARS]:
        # NUL never occurs in 8-bit text; without a BOM this is binary (or BOM-less UTF-16,
        # which we do not guess at).
        raise BinaryInputError(
            source,
            "contains NUL bytes, so it is a binary file (or UTF-16 without a byte-order "
            "mark); pass text, HTML or JSONL, saved as UTF-8",
        )
    if declared:
        try:
            name = codecs.lookup(declared).name
            return Decoded(data.decode(name), name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to the chain below
    for codec in ("utf-8", "cp1252"):
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            continue
    return Decoded(data.decode("latin-1"), "latin-1")


def normalize_space(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """sha256 hex of ``text`` with whitespace normalised, so re-wrapped copies match."""
    return hashlib.sha256(normalize_space(text).encode("utf-8")).hexdigest()
