"""The English parser in a process of its own: ``python -m storytrace.quotes.parse_server``.

Started by :mod:`.preload` beside a cold analysis. It loads spaCy at once, then answers
one request per line on stdin with one reply per line on stdout, both JSON:

- request ``[kind, sentence, args]``: ``kind`` is ``"quote/4"`` (``args`` = the quote's
  opening and closing offsets in ``sentence``) or ``"verb/3"`` (``args`` = the verb's offset);
- reply ``["ok", value]`` (``value`` as :mod:`.parsed` keeps it on disk: an attribution as a
  list, or null), ``["unloadable", message]`` when spaCy or its model cannot load (the
  analysis goes on with the written rules, as it does in-process), or ``["error", message]``
  for anything else (the analysis parses that sentence itself and meets the error there).

It ends when stdin closes (its parent ended or let it go).
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any, TextIO

from . import parsed


def answer(kind: str, sentence: str, args: list[int]) -> list[Any] | None:
    """The stored form of one parse (what :func:`parsed._compute` computes in-process)."""
    return parsed.stored(parsed.compute(kind, sentence, tuple(args)))


def serve(requests: TextIO, replies: TextIO) -> None:
    """Load the parser, then answer each request line until ``requests`` ends."""
    unloadable = ""
    try:
        parsed._nlp()
    except (ImportError, OSError) as exc:
        unloadable = f"{parsed.MODEL}: {exc}"
    for line in requests:
        try:
            kind, sentence, args = json.loads(line)
            if unloadable:
                reply: list[Any] = ["unloadable", unloadable]
            else:
                reply = ["ok", answer(kind, sentence, args)]
        except Exception:
            reply = ["error", traceback.format_exc(limit=3)]
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":  # pragma: no cover - run as the child process
    serve(sys.stdin, sys.stdout)
