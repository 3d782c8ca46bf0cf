"""Reading inputs into :class:`~storytrace.types.Article` objects.

``read_inputs`` expands paths, folders, globs and ``-`` and streams articles; formats are
picked by suffix through :data:`~storytrace.ingest.readers.READERS` (text, HTML, JSONL here;
corpus formats register their own readers). Bad inputs raise :class:`InputError` subclasses
or, under ``policy="skip"``, are counted in the :class:`ReadReport` by reason.
"""

from __future__ import annotations

from .decode import content_hash, decode_bytes
from .html import extract_page
from .inputs import NoMatchError, read_inputs, read_options
from .readers import READERS, InputFile, ReadOptions, lazy_reader, register_reader

__all__ = [
    "READERS",
    "InputFile",
    "NoMatchError",
    "ReadOptions",
    "content_hash",
    "decode_bytes",
    "extract_page",
    "lazy_reader",
    "read_inputs",
    "read_options",
    "register_reader",
]
