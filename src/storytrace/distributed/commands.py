"""``ingest`` and ``cluster`` with ``--engine ray``: the same output as the local commands."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError, InputError

if TYPE_CHECKING:
    from .session import RayOptions


def check_engine(args: argparse.Namespace) -> bool:
    """True for ``--engine ray``; ``--address`` alone is refused with what to add."""
    engine = getattr(args, "engine", "local") or "local"
    if getattr(args, "address", None) and engine != "ray":
        raise ConfigError("--address names a Ray cluster: add --engine ray")
    return engine == "ray"


def _options(args: argparse.Namespace) -> RayOptions:
    from .session import RayOptions
    from .stitch import StitchSettings

    store_mb = StitchSettings.from_config().object_store_mb
    return RayOptions(address=args.address, object_store_mb=store_mb)


def cmd_ingest_ray(args: argparse.Namespace) -> int:
    """``storytrace ingest INPUTS --db PATH --engine ray [--address ADDR]``."""
    from ..store import Store
    from .ray_engine import ingest_ray
    from .session import ray_session

    with ray_session(_options(args)) as ray, Store(args.db) as store:
        result = ingest_ray(ray, store, args.inputs)
        stats = result.stats
        groups = result.groups
        print(
            f"storytrace: {store.path}: {stats.summary()}; {len(groups):,} duplicate groups "
            f"(Ray: {int(ray.cluster_resources().get('CPU', 0))} CPUs)",
            file=sys.stderr,
        )
        for reason, examples in sorted(stats.examples.items()):
            for example in examples:
                print(f"  skipped [{reason}] {example}", file=sys.stderr)
            more = stats.skipped[reason] - len(examples)
            if more > 0:
                print(f"  ... and {more:,} more [{reason}]", file=sys.stderr)
        total = store.count()
    print(f"storytrace: the store now holds {total:,} articles", file=sys.stderr)
    if stats.read == 0:
        print(
            "storytrace: error: no article could be read from these inputs "
            "(see the skipped inputs above)",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_cluster_ray(args: argparse.Namespace) -> int:
    """``storytrace cluster INPUTS -o FILE [--db PATH] --engine ray [--address ADDR]``."""
    from ..store import Store
    from .ray_cluster import cluster_ray
    from .ray_engine import ingest_ray
    from .session import ray_session

    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="storytrace-") as tmp,
        ray_session(_options(args)) as ray,
        Store(args.db or str(Path(tmp) / "cluster.sqlite")) as store,
    ):
        result = ingest_ray(ray, store, args.inputs)
        if not result.plan.all_ids:
            for reason, examples in sorted(result.stats.examples.items()):
                for example in examples:
                    print(f"  skipped [{reason}] {example}", file=sys.stderr)
            print(
                "storytrace: error: no article could be read from these inputs "
                "(see the skipped inputs above)",
                file=sys.stderr,
            )
            return 1
        pairs = cluster_ray(ray, store, result)
    out = Path(args.output)
    try:
        with out.open("w", encoding="utf-8") as fh:
            for article_id, story in pairs:
                fh.write(json.dumps({"id": article_id, "story": story}, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(str(out), f"cannot write the assignments ({exc.strerror})") from exc
    stories = len({s for _, s in pairs})
    skipped = sum(result.stats.skipped.values())
    seconds = time.perf_counter() - started
    print(
        f"storytrace: {len(pairs):,} articles in {stories:,} stories -> {out}"
        + (f"; skipped {skipped:,}" if skipped else "")
        + f" ({seconds:.1f} s, Ray engine)",
        file=sys.stderr,
    )
    return 0
