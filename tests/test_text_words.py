"""Shared word helpers (storytrace.text.words)."""

from __future__ import annotations

from storytrace.text import plural


def test_plural_counts_one_thing_in_the_singular() -> None:
    """Reasons read "1 matched sentences" before (provenance wrote its own plural)."""
    assert plural(1, "matched sentence") == "1 matched sentence"
    assert plural(0, "conflict") == "0 conflicts"
    assert plural(1200, "claim") == "1,200 claims"
    assert plural(2, "analysis", "analyses") == "2 analyses"
