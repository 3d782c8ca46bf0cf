"""Step 5 of ``ingest --engine ray``: languages, as the local engine sets them.

An input's own language is kept; an article that repeats another takes its language along
the links (:func:`.plan.resolve_languages`); the rest are guessed by lingua in parallel,
with the local engine's detector settings.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa

from ..cluster.dedup import Link
from .plan import LanguageInput, resolve_languages

if TYPE_CHECKING:
    from ..store import IngestSettings, Store
    from .ray_engine import Plan, Prepared

_DETECTORS: dict[tuple[str, ...], Any] = {}


def _guess(batch: dict[str, Any], codes: Sequence[str], chars: int) -> dict[str, Any]:
    """One lingua guess per article lead (the same detector settings as local ingest)."""
    from ..store.light import Languages

    key = tuple(codes)
    if key not in _DETECTORS:  # lingua's models load once per worker process
        _DETECTORS[key] = Languages(codes)
    preps: list[Prepared] = [pickle.loads(d) for d in batch["data"]]
    found = _DETECTORS[key].guess([p.row.lead[:chars] for p in preps])
    return {"order": batch["order"], "language": np.array([f or "" for f in found], dtype=object)}


def languages(
    ray: Any,
    prepared: Any,
    plan: Plan,
    links: dict[int, list[Link]],
    store: Store,
    settings: IngestSettings,
) -> dict[str, str | None]:
    """Every new article's language (step 5): given, followed along links, else guessed."""
    from .ray_engine import only

    meta = {o: plan.given.get(o) for o in plan.ids}
    need = {o for o, given in meta.items() if not given and o not in links}
    guesses: dict[str, str | None] = {}
    if need and settings.detect_language:
        guessed = only(prepared, need).map_batches(
            _guess,
            fn_kwargs={"codes": settings.languages, "chars": settings.language_chars},
            batch_format="numpy",
        )
        guesses = {plan.ids[int(r["order"])]: r["language"] or None for r in guessed.take_all()}
    targets = {link.duplicate_of for found in links.values() for link in found}
    stored = stored_languages(store, targets - set(plan.ids.values()))
    inputs = [
        LanguageInput(plan.ids[o], plan.batches[o], meta[o], links.get(o, ()))
        for o in sorted(plan.ids)
    ]
    by_id = {plan.ids[o]: o for o in plan.ids}

    def guess_one(aid: str) -> str | None:
        from ..store.light import Languages

        row = only(prepared, {by_id[aid]}).take(1)
        lead = pickle.loads(row[0]["data"]).row.lead[: settings.language_chars]
        return Languages(settings.languages).guess([lead])[0]

    detect = guess_one if settings.detect_language else None
    return resolve_languages(inputs, stored, guesses, detect)


def stored_languages(store: Store, ids: set[str]) -> dict[str, str | None]:
    """The stored language of each of ``ids`` that is stored."""
    from ..store import schema as t

    a = t.articles.c
    out: dict[str, str | None] = {}
    wanted = sorted(ids)
    with store.read() as conn:
        for i in range(0, len(wanted), 2000):
            query = sa.select(a.id, a.language).where(a.id.in_(wanted[i : i + 2000]))
            out.update((aid, language) for aid, language in conn.execute(query))
    return out
