"""Which member names a story: its root article, not a copy or a later rewrite."""

from __future__ import annotations

from collections.abc import Sequence


def root_title(members: Sequence[tuple[str | None, str | None, bool]]) -> str | None:
    """The title of the story's most original member.

    Args:
        members: ``(title, published, is_copy)`` per article in ingest order, where
            ``is_copy`` says the article is a stored near-duplicate of an earlier one.

    Prefers articles that copy no other (the one others derive from), then the earliest
    published (undated ones after every dated one), then the first ingested. A copy's or
    a later rewrite's headline names the story only when no original has a title.
    """
    titled = [(i, m) for i, m in enumerate(members) if m[0]]
    if not titled:
        return None
    _, best = min(titled, key=lambda im: (im[1][2], im[1][1] is None, im[1][1] or "", im[0]))
    return best[0]
