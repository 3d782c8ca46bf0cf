"""Inline HTML for the reports: escaped text and word diffs (every piece of article text
goes through :func:`e`)."""

from __future__ import annotations

import difflib
from html import escape

from .common import word_tokens


def e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


def word_diff(reference: str, text: str) -> str:
    """``text`` marked up against ``reference``: ``<del>`` words it lost, ``<ins>`` it added."""
    a, b = word_tokens(reference), word_tokens(text)
    out: list[str] = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(e("".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{e(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{e(''.join(b[j1:j2]))}</ins>")
    return "".join(out)
