"""``ingest`` and ``cluster`` with ``engine="ray"``: the same results as the local workflows.

Called by :mod:`storytrace.app.corpus` (so the CLI's ``--engine ray``, the web app and
Python users share them); no printing here.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, InputError
from ..progress import Progress, ProgressFn
from ..settings import Settings
from ..types import ReadReport

if TYPE_CHECKING:
    from ..store import IngestStats
    from .session import RayOptions

ENGINES = ("local", "ray")
_URL_PREFIXES = ("http://", "https://")


def check_engine(engine: str, address: str | None) -> bool:
    """True for ``ray``; an unknown engine, or an address without ``ray``, is refused."""
    if engine not in ENGINES:
        raise ConfigError(f"engine must be 'local' or 'ray', not {engine!r}")
    if address and engine != "ray":
        raise ConfigError("--address names a Ray cluster: add --engine ray")
    return engine == "ray"


def _options(address: str | None, settings: Settings) -> RayOptions:
    from .session import RayOptions

    return RayOptions(address=address, object_store_mb=settings.distributed.object_store_mb)


def _files_only(inputs: Sequence[str]) -> None:
    urls = [i for i in inputs if i.lower().startswith(_URL_PREFIXES)]
    if urls:
        raise InputError(urls[0], "--engine ray reads files; ingest feed URLs with --engine local")


def _tell(progress: ProgressFn | None, done: int, total: int | None, detail: str) -> None:
    if progress is not None:
        progress(Progress("ingest", done, total, "articles", detail))


def ingest(
    inputs: Sequence[str],
    db: str | None,
    settings: Settings,
    progress: ProgressFn | None,
    stats: IngestStats,
    report: ReadReport,
    address: str | None = None,
) -> IngestStats:
    """Read ``inputs`` on a Ray cluster and add them to the store at ``db`` (created only
    once an article was read), linking near-duplicates as the local engine does."""
    from ..cluster.dedup import DedupParams
    from ..store import IngestSettings, Store
    from .ray_engine import add_ray, read_ray
    from .session import ray_session

    _files_only(inputs)
    ingest_settings = IngestSettings.from_settings(settings.store)
    params = DedupParams.from_settings(settings.store)
    started = time.perf_counter()
    with ray_session(_options(address, settings)) as ray:
        _tell(progress, 0, None, "Ray: reading")
        done = read_ray(ray, inputs, ingest_settings, params, stats, report, settings.read)
        stats.seconds = time.perf_counter() - started
        if done.articles == 0:
            for source, reason, message in _skipped_records(done.rows):
                stats.skip(reason, f"{source}: {message}")
            return stats
        _tell(progress, 0, done.articles, "Ray: linking and writing")
        with Store(db) as store:
            add_ray(ray, store, done, ingest_settings, params, stats)
        _tell(progress, stats.read, stats.read, "Ray")
    stats.seconds = time.perf_counter() - started
    return stats


def _skipped_records(rows: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """``(source, reason, message)`` of each bad record read."""
    import pickle

    out = []
    for r in rows:
        if r["skip"]:
            source, message = pickle.loads(r["data"])
            out.append((source, r["skip"], message))
    return out


def cluster_inputs(
    inputs: Sequence[str],
    db: str | None,
    settings: Settings,
    progress: ProgressFn | None,
    address: str | None = None,
) -> tuple[list[tuple[str, str]], ReadReport, IngestStats]:
    """Store ``inputs`` (in ``db``, else a temporary store) through the Ray engine and
    cluster every article read in partitions stitched at their borders, then refine the
    stitched stories as the local engine refines its batch; returns
    ``(article id, story id)`` in read order (empty when no article could be read)."""
    from ..cluster.dedup import DedupParams
    from ..store import IngestSettings, IngestStats, Store
    from .ray_cluster import cluster_ray
    from .ray_engine import add_ray, read_ray
    from .session import ray_session

    _files_only(inputs)
    report = ReadReport()
    stats = IngestStats()
    ingest_settings = IngestSettings.from_settings(settings.store)
    params = DedupParams.from_settings(settings.store)
    with (
        tempfile.TemporaryDirectory(prefix="storytrace-") as tmp,
        ray_session(_options(address, settings)) as ray,
    ):
        done = read_ray(ray, inputs, ingest_settings, params, stats, report, settings.read)
        for source, reason, message in _skipped_records(done.rows):
            report.skip(source, reason, message)  # as the local reader reports them
        if done.articles == 0:
            return [], report, stats
        with Store(db or str(Path(tmp) / "cluster.sqlite")) as store:
            result = add_ray(ray, store, done, ingest_settings, params, stats)
            if progress is not None:
                progress(Progress("cluster", 0, len(result.plan.all_ids), "articles", "Ray"))
            pairs = cluster_ray(ray, store, result, settings.cluster, settings.distributed)
            if progress is not None:
                progress(Progress("cluster", len(pairs), len(pairs), "articles", "Ray"))
    return pairs, report, stats
