"""Service benchmark: 20 concurrent readers on loopback while a feed ingests articles.

A ``storytrace serve`` subprocess on 127.0.0.1 holds the demo story (analysed, so its
report is cached). Twenty client threads, each with its own connection and an API token,
read the story page, the report JSON, the stories list and the list page in a loop while
a feed on a local HTTP server delivers N invented articles (bench_corpus's generator,
rendered as HTML pages) that the service fetches, stores, deduplicates and clusters.

Prints p50/p95 latency per endpoint, errors, and the ingest rate under load beside plain
``storytrace ingest`` and ``storytrace cluster --db`` (the same work the service does:
store + cluster) on the same pages as files, measured in the same run.

    python bench/bench_service.py            # N = 500 (the issue asks 5,000: see --n)
    python bench/bench_service.py --n 5000
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import generate

PASSWORD = "bench password 1"
DEMO = Path(__file__).resolve().parents[1] / "src" / "storytrace" / "demo" / "articles"


def page(rec: dict[str, Any]) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n\n"))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(rec['title'])}</title>"
        f'<meta property="og:site_name" content="{html.escape(rec["outlet"])}">'
        f'<meta property="article:published_time" content="{rec["published"]}T09:00:00Z">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(rec['title'])}"
        f"</h1>{paras}</article><footer>All rights reserved.</footer></body></html>"
    ).encode()


class Feed:
    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/feed.xml":
                    body, ctype = feed.rss(), "application/rss+xml"
                elif self.path in feed.pages:
                    body, ctype = feed.pages[self.path], "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def rss(self) -> bytes:
        items = "".join(
            f"<item><title>{p}</title><link>{self.base}{p}</link></item>" for p in self.pages
        )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>bench wire</title>'
            f"<link>{self.base}/</link><description>bench</description>{items}</channel></rss>"
        ).encode()


def cli(cache: Path, *args: str) -> float:
    """Seconds one ``storytrace`` command takes, with its own empty embedding cache."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "storytrace.cli", *args],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "STORYTRACE_CACHE": str(cache)},
    )  # fmt: skip
    return time.perf_counter() - t0


def start_server(data: Path, port: int, config: Path, cache: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STORYTRACE_CACHE": str(cache)}
    subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "users", "add", "bench", "--role", "editor",
         "--data", str(data), "--password-stdin"],
        input=(PASSWORD + "\n").encode(), check=True, capture_output=True, env=env,
    )  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "storytrace.cli", "--config", str(config), "serve", "--data",
         str(data), "--port", str(port), "--allow-host", "127.0.0.1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def wait_idle(c: httpx.Client, timeout: float = 1800) -> list[dict[str, Any]]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        jobs = c.get("/api/jobs").json()
        if all(j["status"] in ("done", "failed") for j in jobs):
            return list(jobs)
        time.sleep(0.5)
    raise SystemExit("jobs did not finish")


def reader(url: str, token: str, sid: str, stop: threading.Event, out: dict[str, list[float]],
           errors: list[str]) -> None:  # fmt: skip
    paths = {
        "story page": f"/stories/{sid}",
        "report JSON": f"/api/stories/{sid}/report",
        "stories API": "/api/stories",
        "stories page": "/",
    }
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
        while not stop.is_set():
            for name, path in paths.items():
                t0 = time.perf_counter()
                try:
                    r = c.get(path)
                    ok = r.status_code == 200
                except httpx.HTTPError as exc:
                    ok, r = False, None
                    errors.append(f"{name}: {exc}")
                out.setdefault(name, []).append(time.perf_counter() - t0)
                if not ok and r is not None:
                    errors.append(f"{name}: HTTP {r.status_code}")


PROCESSES = 4


def reader_process(url: str, token: str, sid: str, n: int, stop: Any, results: Any) -> None:
    """``n`` reader threads until ``stop`` is set; their latencies and errors to ``results``."""
    lat: dict[str, list[float]] = {}
    errors: list[str] = []
    done = threading.Event()
    threads = [
        threading.Thread(target=reader, args=(url, token, sid, done, lat, errors)) for _ in range(n)
    ]
    for t in threads:
        t.start()
    stop.wait()
    done.set()
    for t in threads:
        t.join()
    results.put((lat, errors))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(int(q * len(values)), len(values) - 1)] * 1000


def start_readers(url: str, token: str, sid: str, clients: int) -> tuple[Any, Any, list[Any]]:
    """Readers in a few processes of their own, so that the clients' own interpreter lock
    does not add to the latencies measured: ``(stop event, results queue, processes)``."""
    mp = multiprocessing.get_context("spawn")
    stop = mp.Event()
    results = mp.Queue()
    per = [clients // PROCESSES + (i < clients % PROCESSES) for i in range(PROCESSES)]
    procs = [
        mp.Process(target=reader_process, args=(url, token, sid, n, stop, results))
        for n in per
        if n
    ]
    for p in procs:
        p.start()
    return stop, results, procs


def stop_readers(
    stop: Any, results: Any, procs: list[Any]
) -> tuple[dict[str, list[float]], list[str]]:
    stop.set()
    lat: dict[str, list[float]] = {}
    errors: list[str] = []
    for _ in procs:
        part_lat, part_errors = results.get(timeout=120)
        for k, v in part_lat.items():
            lat.setdefault(k, []).extend(v)
        errors += part_errors
    for p in procs:
        p.join(30)
    return lat, errors


def wait_job(c: httpx.Client, kind: str | None = None, job_id: int | None = None) -> dict[str, Any]:
    """The newest job of ``kind`` (or job ``job_id``) once it has finished."""
    while True:
        if job_id is not None:
            job: dict[str, Any] | None = c.get(f"/api/jobs/{job_id}").json()
        else:
            found = [j for j in c.get("/api/jobs").json() if j["kind"] == kind]
            job = found[0] if found else None
        if job is not None and job["status"] in ("done", "failed"):
            return job
        time.sleep(0.5)


def measure_service(
    url: str, feed: Feed, clients: int
) -> tuple[dict[str, list[float]], list[str], dict[str, Any], dict[str, Any]]:
    """Demo story in, readers on, the feed added: latencies, errors, poll and cluster jobs."""
    c = httpx.Client(base_url=url, timeout=60)
    login = c.post("/api/session", json={"name": "bench", "password": PASSWORD})
    h = {"X-CSRF-Token": login.json()["csrf_token"]}
    files = [("files", (p.name, p.read_bytes())) for p in sorted(DEMO.iterdir())]
    c.post("/api/articles/files", files=files, headers=h).raise_for_status()
    wait_idle(c)
    sid = c.get("/api/stories").json()["stories"][0]["id"]
    made = c.post("/api/tokens", json={"name": "bench", "scope": "read"}, headers=h)
    stop, results, procs = start_readers(url, made.json()["token"], sid, clients)
    time.sleep(5.0)  # readers warm, then the feed arrives
    feed_url = feed.base + "/feed.xml"
    c.post("/api/feeds", json={"url": feed_url, "interval_s": 86400}, headers=h).raise_for_status()
    poll = wait_job(c, kind="poll")
    lat, errors = stop_readers(stop, results, procs)
    if poll["status"] != "done":
        raise SystemExit(f"the feed poll failed: {poll['error']}")
    # Clustering follows as its own job (readers no longer running).
    cluster = wait_job(c, job_id=poll["result"]["next"])
    c.close()
    return lat, errors, poll, cluster


def report(args: argparse.Namespace, lat: dict[str, list[float]], errors: list[str],
           rates: dict[str, float], stored: int) -> None:  # fmt: skip
    print(f"storytrace service bench: {args.n:,} feed articles, {args.clients} readers, "
          "loopback, one shared 2-core machine (other jobs running)")  # fmt: skip
    print(f"{'endpoint':<14} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in lat.items():
        print(f"{name:<14} {len(values):>9,} {pct(values, 0.5):>8.1f} {pct(values, 0.95):>8.1f}")
    print(f"errors: {len(errors)}" + (f" (e.g. {errors[:3]})" if errors else ""))
    r = rates
    print(f"service, feed fetch + store, under load: {r['service']:,.1f} articles/s ({stored:,})")
    print(f"  baseline storytrace ingest DIR:         {r['cli_ingest']:,.1f} articles/s "
          f"-> service at {r['service'] / r['cli_ingest']:.0%}")  # fmt: skip
    print(f"service, fetch + store + cluster:        {r['service_clustered']:,.1f} articles/s")
    print(f"  baseline storytrace cluster DIR --db:   {r['cli_cluster']:,.1f} articles/s "
          f"-> service at {r['service_clustered'] / r['cli_cluster']:.0%}")  # fmt: skip
    print("(CLI times include process start and model load; the service's model is warm)")
    summary = {
        "n": args.n, "clients": args.clients, "errors": len(errors),
        "latency_ms": {k: {"p50": pct(v, 0.5), "p95": pct(v, 0.95), "requests": len(v)}
                       for k, v in lat.items()},
        "rates": rates,
    }  # fmt: skip
    print(json.dumps(summary))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=500, help="articles the feed delivers (500)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args(argv)
    records = [rec for rec, _ in generate(args.n, seed=11)]
    pages = {f"/a/{r['id']}.html": page(r) for r in records}
    with tempfile.TemporaryDirectory(prefix="storytrace-bench-") as tmp:
        t = Path(tmp)
        folder = t / "pages"
        folder.mkdir()
        for path, body in pages.items():
            (folder / Path(path).name).write_bytes(body)
        # Baselines first, same pages, same machine, same run; every process starts with
        # an empty embedding cache of its own.
        t_ingest = cli(t / "c1", "ingest", str(folder), "--db", f"{tmp}/cli.sqlite",
                       "--no-progress")  # fmt: skip
        t_cluster = cli(t / "c2", "cluster", str(folder), "-o", f"{tmp}/a.jsonl", "--db",
                        f"{tmp}/cl.sqlite", "--no-progress")  # fmt: skip
        feed = Feed(pages)
        # One loopback host serves every page: no per-host politeness pause in a bench.
        config = t / "bench.toml"
        config.write_text("[web]\nhost_interval_s = 0.0\n")
        proc = start_server(t / "data", args.port, config, t / "c3")
        try:
            lat, errors, poll, cluster = measure_service(
                f"http://127.0.0.1:{args.port}", feed, args.clients
            )
        finally:
            proc.terminate()
            proc.wait(30)
            feed.server.shutdown()
    stored = int(poll["result"]["articles"])
    rates = {
        "service": stored / (poll["updated"] - poll["created"]),
        "cli_ingest": args.n / t_ingest,
        "service_clustered": stored / (cluster["updated"] - poll["created"]),
        "cli_cluster": args.n / t_cluster,
    }
    report(args, lat, errors, rates, stored)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
