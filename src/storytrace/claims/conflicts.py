"""Values that differ between the mentions of one claim.

Two mentions conflict on a value when both state a value of the same kind in the same slot
and the values differ: the slot is the same words right before or right after the value
("war against <X>", "<N> Chinese entities"), or, for numbers and dates, each mention has
exactly one value of that kind. A value present on one side only is an omission, not a
conflict; approximation words never make numbers differ ("over 100" = "more than 100");
names and places are not compared across languages (translated names differ by design).

A disagreement between two articles of one origin is no conflict between sources: one of
them changed its origin's fact (a machine-translation error, a rewrite that alters a
number). ``claim_distortions`` reports it as a ``Distortion`` of the article that changed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from ..types import Conflict, ConflictValue, Distortion, Mention
from .values import Value, same_number


def _equal(a: Value, b: Value) -> bool:
    if a.kind == "number":
        return same_number(a, b)
    if a.kind == "name":
        ta, tb = a.key.split(), b.key.split()
        # one name inside the other, or the same last word ("Mt Cook" / "Aoraki Mount Cook")
        return set(ta) <= set(tb) or set(tb) <= set(ta) or ta[-1:] == tb[-1:]
    if a.kind == "date":
        return a.key == b.key or a.key.split(":")[0] != b.key.split(":")[0]
    return a.key == b.key


def _slot(a: Value, b: Value) -> bool:
    if a.kind == "date" and a.key.split(":")[0] != b.key.split(":")[0]:
        return False
    if a.kind == "number" and a.key.split(":")[0] != b.key.split(":")[0]:
        return False
    left = bool(a.left) and a.left == b.left and len(a.left) == 2
    right = bool(a.right) and a.right == b.right and len(a.right) == 2
    return left or right


def _count(values: Sequence[Value], like: Value) -> int:
    return sum(_equal(v, like) for v in values)


def pair_conflicts(
    va: Sequence[Value], vb: Sequence[Value], same_language: bool
) -> list[tuple[Value, Value]]:
    """The (a, b) value pairs on which two mentions disagree."""
    out: list[tuple[Value, Value]] = []
    kinds = ("number", "date") + (("place", "name") if same_language else ())
    for kind in kinds:
        xa = [v for v in va if v.kind == kind and (kind != "name" or v.personal)]
        xb = [v for v in vb if v.kind == kind and (kind != "name" or v.personal)]
        if not xa or not xb:
            continue
        found = False
        for a in xa:
            for b in xb:
                if _equal(a, b) or not _slot(a, b):
                    continue
                # a swap of order ("China and Russia" / "Russia and China") keeps the counts
                if _count(xa, a) > _count(xb, a) or _count(xb, b) > _count(xa, b):
                    out.append((a, b))
                    found = True
        if found or kind not in {"number", "date"} or len(xa) != 1 or len(xb) != 1:
            continue
        a, b = xa[0], xb[0]
        digits = any(c.isdigit() for c in a.text) and any(c.isdigit() for c in b.text)
        if kind == "number" and not digits:
            continue  # "three" in one wording and "3" in another is fine; "two" is often no count
        if kind == "date" and (a.left[-1:] != b.left[-1:] or a.key.startswith("year:")):
            # "by Thursday" / "on Wednesday": two statements, not one date; and a sentence's
            # years often date different things ("died in 2005", "resigned in 1972")
            continue
        if not _equal(a, b) and a.key.split(":")[0] == b.key.split(":")[0]:
            out.append((a, b))
    return out


def claim_conflicts(
    claim_id: str,
    mentions: Sequence[Mention],
    values: Sequence[Sequence[Value]],
    languages: Sequence[str | None],
    origins: Sequence[str] | None = None,
) -> list[Conflict]:
    """Conflicts inside one claim, one per kind, listing each article's differing value.

    With ``origins`` (one per mention), only mentions of different origins can conflict.
    """
    found: dict[str, dict[tuple[str, int], ConflictValue]] = {}
    for i, j, a, b in _disagreements(mentions, values, languages):
        if origins is not None and origins[i] == origins[j]:
            continue
        bucket = found.setdefault("place" if a.kind == "place" else a.kind, {})
        for m, v in ((mentions[i], a), (mentions[j], b)):
            bucket[(m.article, v.start)] = ConflictValue(m.article, v.text, v.start, v.end)
    out = []
    for kind in ("number", "date", "name", "place"):
        if kind in found:
            vals = tuple(sorted(found[kind].values(), key=lambda v: (v.article, v.start)))
            out.append(Conflict(claim_id, kind, vals))
    return out


def claim_distortions(
    claim_id: str,
    mentions: Sequence[Mention],
    values: Sequence[Sequence[Value]],
    languages: Sequence[str | None],
    origins: Sequence[str],
    rank: dict[str, int],
) -> list[Distortion]:
    """Values an article changed from another article of its own origin.

    ``rank`` orders the articles of an origin from its root outwards (derivation depth):
    of two disagreeing mentions, the one further from the root introduced the change.
    """
    out: dict[tuple[str, int], Distortion] = {}
    for i, j, a, b in _disagreements(mentions, values, languages):
        if origins[i] != origins[j]:
            continue
        mi, mj = mentions[i], mentions[j]
        if rank.get(mi.article, 1 << 30) > rank.get(mj.article, 1 << 30):
            mi, mj, a, b = mj, mi, b, a
        key = (mj.article, b.start)
        if key in out:
            continue
        out[key] = Distortion(
            claim_id,
            "place" if a.kind == "place" else a.kind,  # type: ignore[arg-type]
            mj.article,
            mi.article,
            ConflictValue(mi.article, a.text, a.start, a.end),
            ConflictValue(mj.article, b.text, b.start, b.end),
        )
    return sorted(out.values(), key=lambda d: (d.article, d.changed.start))


def _disagreements(
    mentions: Sequence[Mention],
    values: Sequence[Sequence[Value]],
    languages: Sequence[str | None],
) -> list[tuple[int, int, Value, Value]]:
    out: list[tuple[int, int, Value, Value]] = []
    for i, j in combinations(range(len(mentions)), 2):
        if mentions[i].article == mentions[j].article:
            continue
        li, lj = languages[i], languages[j]
        same = li is None or lj is None or li == lj
        out.extend((i, j, a, b) for a, b in pair_conflicts(values[i], values[j], same))
    return out
