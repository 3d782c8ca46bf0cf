"""The service bench's figures: printed per database and kind of reader beside issue 10's
targets, and as JSON (``bench_service.py`` measures them)."""

from __future__ import annotations

import argparse
from typing import Any

from service_readers import pct

# Issue 10's targets: (endpoint, p95 at most, ms); ingest under load at least 70% of the CLI.
TARGETS = (("story page", 300.0), ("report JSON", 150.0))
INGEST_TARGET = 0.70


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


READERS = {
    "closed": "closed loop, no think time, no HTTP cache (a load test at saturation)",
    "browser": "as browsers: ETag revalidation (If-None-Match -> 304) and an exponential "
    "think time of mean {think:g} s between requests",
}


def report(args: argparse.Namespace, r: dict[str, Any]) -> bool:
    """Print one database's figures beside the targets; whether the targets were met (the
    latencies and errors under every kind of reader, the ingest rate under browser-like
    readers when they ran, else under the closed loop)."""
    runs = ", ".join(f"{x:,.1f}" for x in r["cli_ingest_runs"])
    print(f"\n== {r['db']}: {args.n:,} feed articles, {args.clients} readers, loopback; "
          f"load average (1/5/15 min) {r['load_start']} at the start, {r['load_end']} at the "
          f"end\nbaseline storytrace ingest DIR --db (before, between and after the service "
          f"rounds): "
          f"{runs} articles/s; CPU {r['cli_ingest_cpu_ms']:.1f} ms an article (with its "
          "start)")  # fmt: skip
    judged = "browser" if "browser" in r["modes"] else "closed"
    ok = True
    for mode, m in r["modes"].items():
        ok &= report_mode(args, r, m, judge_ingest=mode == judged)
    if "cli_cluster" in r:
        print(f"baseline storytrace cluster DIR --db: {r['cli_cluster']:,.1f} articles/s")
    print("(CLI times include process start and model load; the service's model is warm)")
    return ok


def report_mode(
    args: argparse.Namespace, r: dict[str, Any], m: dict[str, Any], judge_ingest: bool
) -> bool:
    lat, errors = m["lat"], m["errors"]
    print(f"-- readers {READERS[m['mode']].format(think=args.think)}: "
          f"{m['requests_per_s']:,.0f} requests/s"
          + (f", {m['revalidated']:,} answered 304" if m["mode"] == "browser" else "")
          + f"; load average {m['load_service']} at the service's start, {m['load_end']} "
          "at its end")  # fmt: skip
    print(f"{'endpoint':<14} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8}  target")
    targets = dict(TARGETS)
    ok: bool = not errors
    for name, values in lat.items():
        p95 = pct(values, 0.95)
        line = f"{name:<14} {len(values):>9,} {pct(values, 0.5):>8.1f} {p95:>8.1f}"
        if name in targets:
            ok &= p95 <= targets[name]
            line += f"  p95 <= {targets[name]:.0f} ms {verdict(p95 <= targets[name])}"
        print(line)
    print(f"errors: {len(errors)}  (must be 0) {verdict(not errors)}"
          + (f" e.g. {errors[:3]}" if errors else ""))  # fmt: skip
    ratio = m["service"] / m["cli_ingest"]
    if judge_ingest:
        ok &= ratio >= INGEST_TARGET
    print(f"service, feed fetch + store, under these readers: {m['service']:,.1f} articles/s "
          f"({m['stored']:,} stored) -> {ratio:.0%} of the CLI's {m['cli_ingest']:,.1f} (the "
          f"mean of the runs before and after this round; target >= "
          f"{INGEST_TARGET:.0%}) {verdict(ratio >= INGEST_TARGET)}"
          + ("" if judge_ingest else " (not judged: see the browser-like readers)"))  # fmt: skip
    print(f"  CPU per article: the service's job worker {m['worker_cpu_ms']:.1f} ms (fetch, "
          f"store, feed bookkeeping) and its page readers {m['page_readers_cpu_ms']:.1f} ms "
          f"(reading the fetched pages); the web process used {m['web_cpu_s']:.0f} CPU-s of the "
          f"poll's {m['poll_s']:.0f} s answering the readers, "
          f"{m['web_cpu_ms_per_request']:.2f} ms a request; the readers' own processes "
          f"used {m['readers_cpu_s']:.0f} CPU-s in their {m['window_s']:.0f} s")  # fmt: skip
    if "service_clustered" in m and "cli_cluster" in r:
        print(f"  service, fetch + store + cluster: {m['service_clustered']:,.1f} articles/s "
              f"-> {m['service_clustered'] / r['cli_cluster']:.0%} of the CLI's")  # fmt: skip
    return ok


def summary(args: argparse.Namespace, r: dict[str, Any]) -> dict[str, Any]:
    keep = ("db", "load_start", "load_end", "cli_ingest", "cli_ingest_runs",
            "cli_ingest_cpu_ms", "cli_cluster")  # fmt: skip
    per_mode = ("load_service", "load_end", "stored", "service", "worker_cpu_ms",
                "page_readers_cpu_ms", "web_cpu_s",
                "web_cpu_ms_per_request", "requests_per_s", "revalidated", "poll_s",
                "readers_cpu_s", "service_clustered")  # fmt: skip
    return {
        "n": args.n, "clients": args.clients, "think_s": args.think,
        "read_processes": args.read_processes, "fetch_concurrency": args.fetch_concurrency,
        **{k: r[k] for k in keep if k in r},
        "readers": {
            mode: {
                "errors": len(m["errors"]),
                "ingest_vs_cli": m["service"] / m["cli_ingest"],
                "cli_ingest": m["cli_ingest"],
                **{k: m[k] for k in per_mode if k in m},
                "latency_ms": {k: {"p50": pct(v, 0.5), "p95": pct(v, 0.95), "requests": len(v)}
                               for k, v in m["lat"].items()},
            }
            for mode, m in r["modes"].items()
        },
    }  # fmt: skip
