from __future__ import annotations

import pytest

from storytrace.errors import BinaryInputError, EmptyInputError
from storytrace.ingest.decode import content_hash, decode_bytes

TEXT = "Café owners in Brélac said the “new rules” cost them 5 € a day."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-32"), "utf-32-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_bytes_recovers_text_and_names_encoding(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, "x.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_decode_bytes_falls_back_to_latin1_when_cp1252_cannot_decode() -> None:
    # 0x81 is unassigned in cp1252, so only latin-1 decodes this (with a C1 control kept).
    data = "Zürich tram fares rise again.".encode("latin-1") + b" \x81 " + b"ok" * 200
    decoded = decode_bytes(data, "x.txt")
    assert decoded.encoding == "latin-1"
    assert decoded.text.startswith("Zürich tram fares")


def test_decode_bytes_uses_declared_charset_before_the_chain() -> None:
    text = "Łódź council met on Friday."
    decoded = decode_bytes(text.encode("iso-8859-2"), "p.html", declared="iso-8859-2")
    assert decoded.text == text
    assert decoded.encoding == "iso8859-2"


def test_decode_bytes_ignores_a_wrong_declared_charset() -> None:
    decoded = decode_bytes(TEXT.encode("utf-8"), "p.html", declared="no-such-codec")
    assert decoded.text == TEXT
    assert decoded.encoding == "utf-8"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"\x1f\x8b\x08\x00" + bytes(100),
        bytes(range(1, 32)) * 20 + b"some words",
    ],
    ids=["png", "gzip", "control-bytes"],
)
def test_decode_bytes_refuses_binary(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match=r"^blob\.bin: .*binary"):
        decode_bytes(data, "blob.bin")


def test_decode_bytes_refuses_broken_utf16_with_bom() -> None:
    with pytest.raises(BinaryInputError, match="utf-16"):
        decode_bytes(b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8", "x.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode()])
def test_decode_bytes_refuses_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match=r"^e\.txt: "):
        decode_bytes(data, "e.txt")


def test_content_hash_ignores_whitespace_layout_but_not_words() -> None:
    a = content_hash("The mayor  spoke.\n\nThen she left.")
    assert a == content_hash("  The mayor spoke. Then\tshe left.\n")
    assert a != content_hash("The mayor spoke. Then he left.")
    assert len(a) == 64 and int(a, 16) >= 0
