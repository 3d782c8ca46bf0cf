"""Service benchmark: 20 concurrent readers on loopback while a feed ingests articles.

A ``storytrace serve`` subprocess on 127.0.0.1 holds the demo story (analysed, so its
report is cached). Twenty client threads (in four processes of their own), each with its
own connection and an API token, read the story page, the report JSON, the stories list
(API) and the list page in a loop while a feed on a local HTTP server delivers N invented
articles (bench_corpus's generator, rendered as HTML pages) that the service fetches,
stores and deduplicates (its poll job: the job worker fetches and stores while its page
readers, ``[web] read_processes``, read the fetched pages; clustering follows as a job of
its own).

Two kinds of reader, each in a round of its own with a fresh service and store
(``service_readers.py``): ``closed``, a closed loop with no think time and no HTTP cache
(a load test at saturation: on a 2-core machine the readers and the web process take the
CPU the ingest would use), and ``browser``, clients that behave as browsers do for a
person reading (ETag revalidation answered 304, think time between requests, arrivals
spread over a think time). Latencies are those of the requests begun once the feed was
added (the readers' 5 s warm-up is not measured); they and the errors are judged under
both kinds of reader, the ingest rate under the browser-like ones, and the closed loop's
rate is printed beside it.

Prints, per database (SQLite, then PostgreSQL from Debian's package, started on a loopback
port as the tests do and stopped afterwards): p50/p95 latency per endpoint beside issue
10's targets (story page p95 <= 300 ms, report JSON p95 <= 150 ms, no errors), and the
ingest rate under load beside plain ``storytrace ingest --db`` into the same kind of
database on the same pages as files, measured in the same run (target: at least 70%).
The load average is printed at the start and end of each round: on a shared machine
the latencies are pessimistic. The figures are printed by ``service_report.py``.

    python bench/bench_service.py                       # 5,000 articles, both databases
    python bench/bench_service.py --readers closed      # the closed loop only
    python bench/bench_service.py --n 500 --db sqlite   # a quick look
    python bench/bench_service.py --cluster             # also time clustering (slow)
"""

from __future__ import annotations

import argparse
import html
import json
import os
import resource
import signal
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
from service_readers import MODES, start_readers, stop_readers
from service_report import report, summary, verdict

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

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
            # Keep-alive, as news sites serve: an HTTP/1.0 server closed every connection,
            # so each page cost the worker a new TCP connection.
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes: without TCP_NODELAY each kept-alive
            # response waited on the client's delayed ACK (40 ms a page).
            disable_nagle_algorithm = True

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


def cli(cache: Path, *args: str) -> tuple[float, float]:
    """Seconds one ``storytrace`` command takes, and the CPU seconds it used, with its own
    empty embedding cache."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "storytrace.cli", *args],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "STORYTRACE_CACHE": str(cache)},
    )  # fmt: skip
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process ``pid`` has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def server_cpu(pid: int) -> dict[str, float]:
    """CPU seconds so far of the web process, of its job worker (its busiest child) and of
    the worker's page readers (the worker's children, alive while the service runs)."""
    kids = {c: cpu_seconds(c) for c in children(pid)}
    worker = max(kids, key=kids.__getitem__, default=None)
    readers = 0.0 if worker is None else sum(cpu_seconds(c) for c in children(worker))
    return {"web": cpu_seconds(pid), "worker": kids.get(worker, 0.0), "page_readers": readers}


def start_server(
    data: Path, db: str | None, port: int, config: Path, cache: Path
) -> subprocess.Popen[bytes]:
    """``storytrace serve`` over ``data`` (and the PostgreSQL database ``db``, if given)."""
    env = {**os.environ, "STORYTRACE_CACHE": str(cache)}
    where = ["--data", str(data), *(["--db", db] if db else [])]
    subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "users", "add", "bench", "--role", "editor",
         *where, "--password-stdin"],
        input=(PASSWORD + "\n").encode(), check=True, capture_output=True, env=env,
    )  # fmt: skip
    with (data.parent / f"{data.name}-server.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "storytrace.cli", "--config", str(config), "serve", *where,
             "--port", str(port), "--allow-host", "127.0.0.1"],
            stdout=log, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}) before answering")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, and SIGKILL when a loaded machine keeps it from exiting within a minute."""
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(30)


def wait_idle(c: httpx.Client, timeout: float = 1800) -> list[dict[str, Any]]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        jobs = c.get("/api/jobs").json()
        if all(j["status"] in ("done", "failed") for j in jobs):
            return list(jobs)
        time.sleep(0.5)
    raise SystemExit("jobs did not finish")


def wait_job(c: httpx.Client, kind: str | None = None, job_id: int | None = None) -> dict[str, Any]:
    """The newest job of ``kind`` (or job ``job_id``) once it has finished."""
    while True:
        if job_id is not None:
            job: dict[str, Any] | None = c.get(f"/api/jobs/{job_id}").json()
        else:
            r = c.get("/api/jobs")
            if r.status_code != 200:
                raise SystemExit(f"GET /api/jobs: HTTP {r.status_code} {r.text[:500]}")
            found = [j for j in r.json() if j["kind"] == kind]
            job = found[0] if found else None
        if job is not None and job["status"] in ("done", "failed"):
            return job
        time.sleep(0.5)


def measure_service(
    url: str, feed: Feed, args: argparse.Namespace, mode: str, pid: int
) -> dict[str, Any]:
    """Demo story in, readers (``mode``) on, the feed added: latencies (``lat``), ``errors``,
    304 answers (``revalidated``), the ``poll`` job, (with ``--cluster``) the ``cluster``
    job that follows it, the CPU seconds (``cpu``) the web process and the job worker
    (process ``pid``'s child) used while the feed was polled, and the readers' ``window``
    in seconds."""
    c = httpx.Client(base_url=url, timeout=60)
    login = c.post("/api/session", json={"name": "bench", "password": PASSWORD})
    h = {"X-CSRF-Token": login.json()["csrf_token"]}
    files = [("files", (p.name, p.read_bytes())) for p in sorted(DEMO.iterdir())]
    c.post("/api/articles/files", files=files, headers=h).raise_for_status()
    wait_idle(c)
    sid = c.get("/api/stories").json()["stories"][0]["id"]
    made = c.post("/api/tokens", json={"name": "bench", "scope": "read"}, headers=h)
    web0 = cpu_seconds(pid)
    t_start = time.perf_counter()
    stop, results, procs = start_readers(
        url, made.json()["token"], sid, args.clients, mode, args.think
    )
    time.sleep(5.0)  # readers warm, then the feed arrives
    feed_url = feed.base + "/feed.xml"
    cpu0 = server_cpu(pid)
    since = time.time()  # latencies from here on: while the feed is ingested
    c.post("/api/feeds", json={"url": feed_url, "interval_s": 86400}, headers=h).raise_for_status()
    try:
        poll = wait_job(c, kind="poll")
    except BaseException:
        stop.set()
        raise
    cpu = {k: v - cpu0[k] for k, v in server_cpu(pid).items()}
    lat, errors, revalidated, cpu["readers"] = stop_readers(stop, results, procs, since)
    window = time.perf_counter() - t_start
    cpu["web_all"] = cpu_seconds(pid) - web0
    if poll["status"] != "done":
        raise SystemExit(f"the feed poll failed: {poll['error']}")
    # Clustering follows as its own job (readers no longer running).
    cluster = wait_job(c, job_id=poll["result"]["next"]) if args.cluster else None
    c.close()
    return {"lat": lat, "errors": errors, "revalidated": revalidated, "poll": poll,
            "cluster": cluster, "cpu": cpu, "window": window}  # fmt: skip


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def run_db(args: argparse.Namespace, kind: str, pages: dict[str, bytes], t: Path) -> dict[str, Any]:
    """One database's round: the CLI baseline, then the service under each kind of reader
    (a fresh service and store each), each followed by the CLI baseline again."""
    from pgserver import PgServer  # type: ignore[import-not-found]  # tests/, on sys.path

    pg = PgServer().start() if kind == "postgresql" else None
    try:

        def new_store(name: str) -> str | None:
            if pg is not None:
                return str(pg.new_database("bench"))
            return str(t / f"{kind}-{name}.sqlite") if name.startswith("cli") else None

        folder = t / "pages"
        out: dict[str, Any] = {"db": kind, "load_start": load(), "modes": {}}
        out["cli_ingest_runs"] = []
        cli_cpu = []

        def baseline(name: str) -> None:
            # Same pages, same machine, same run; every process starts with an empty
            # embedding cache of its own.
            took, cpu = cli(t / f"{kind}-{name}", "ingest", str(folder), "--db",
                            str(new_store(name)), "--no-progress")  # fmt: skip
            out["cli_ingest_runs"].append(args.n / took)
            cli_cpu.append(cpu / args.n * 1000)

        baseline("cli0")
        if args.cluster:
            t_cluster, _ = cli(t / f"{kind}-c2", "cluster", str(folder), "-o", str(t / "a.jsonl"),
                            "--db", str(new_store("cli-cluster")), "--no-progress")  # fmt: skip
            out["cli_cluster"] = args.n / t_cluster
        # A baseline after each round too: each round is compared with the CLI runs just
        # before and after it (a shared machine's load drifts within minutes).
        for i, mode in enumerate(args.readers):
            m = service_round(args, kind, mode, pages, t, new_store(mode))
            baseline(f"cli{i + 1}")
            m["cli_ingest"] = sum(out["cli_ingest_runs"][i : i + 2]) / 2
            out["modes"][mode] = m
        out["load_end"] = load()
    finally:
        if pg is not None:
            pg.stop()
    runs = out["cli_ingest_runs"]
    out["cli_ingest"] = sum(runs) / len(runs)
    out["cli_ingest_cpu_ms"] = sum(cli_cpu) / len(cli_cpu)
    return out


def service_round(
    args: argparse.Namespace, kind: str, mode: str, pages: dict[str, bytes], t: Path,
    db: str | None,
) -> dict[str, Any]:  # fmt: skip
    """A fresh ``storytrace serve`` (over the database ``db``, else SQLite files) while
    readers of ``mode`` read and the feed is polled: its figures."""
    feed = Feed(pages)
    # One loopback host serves every page: no per-host politeness pause in a bench.
    config = t / "bench.toml"
    web = {"read_processes": args.read_processes, "fetch_concurrency": args.fetch_concurrency}
    config.write_text(
        "[web]\nhost_interval_s = 0.0\n"
        + "".join(f"{k} = {v}\n" for k, v in web.items() if v is not None)
    )
    data = t / f"{kind}-{mode}-data"
    out: dict[str, Any] = {"mode": mode, "load_service": load()}
    proc = start_server(data, db, args.port, config, t / f"{kind}-{mode}-cache")
    try:
        try:
            m = measure_service(f"http://127.0.0.1:{args.port}", feed, args, mode, proc.pid)
        except Exception:
            log = (t / f"{data.name}-server.log").read_text(errors="replace")
            print(f"{kind}, {mode} readers: the round failed; the server's log ends:\n"
                  f"{log[-3000:]}")  # fmt: skip
            raise
        out["load_end"] = load()
    finally:
        stop_server(proc)
        feed.server.shutdown()
    poll, cpu, lat = m["poll"], m["cpu"], m["lat"]
    stored = int(poll["result"]["articles"])
    requests = sum(map(len, lat.values()))
    out.update(lat=lat, errors=m["errors"], revalidated=m["revalidated"], stored=stored)
    out["service"] = stored / (poll["updated"] - poll["created"])
    out["worker_cpu_ms"] = cpu["worker"] / max(stored, 1) * 1000
    out["page_readers_cpu_ms"] = cpu["page_readers"] / max(stored, 1) * 1000
    out["web_cpu_s"] = cpu["web"]
    out["web_cpu_ms_per_request"] = cpu["web_all"] / max(requests, 1) * 1000
    out["readers_cpu_s"] = cpu["readers"]
    out["window_s"] = m["window"]
    out["requests_per_s"] = requests / m["window"]
    out["poll_s"] = poll["updated"] - poll["created"]
    if m["cluster"] is not None:
        out["service_clustered"] = stored / (m["cluster"]["updated"] - poll["created"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="articles the feed delivers (5000)")
    ap.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both",
                    help="database of the store and the service (both: SQLite, then "
                    "PostgreSQL from Debian's package on a loopback port)")  # fmt: skip
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--cluster", action="store_true",
                    help="also time clustering (storytrace cluster --db vs the service's "
                    "cluster job, readers stopped); slow: embeds every article twice")  # fmt: skip
    ap.add_argument("--readers", default=",".join(MODES),
                    help="kinds of reader, each in a round of its own: closed (closed loop, "
                    "no think time, no cache), browser (ETag revalidation, think time); "
                    "default both")  # fmt: skip
    ap.add_argument("--read-processes", type=int, metavar="N",
                    help="the service's page reader processes ([web] read_processes; "
                    "default as configured, 0: pages read in the job worker itself)")  # fmt: skip
    ap.add_argument("--fetch-concurrency", type=int, metavar="N",
                    help="the service's fetches at once ([web] fetch_concurrency; default as "
                    "configured): on a loaded machine each loopback fetch waits for the "
                    "feed server to be scheduled, and this many in flight can cap the "
                    "ingest rate")  # fmt: skip
    ap.add_argument("--think", type=float, default=1.0,
                    help="browser readers: mean seconds between requests (1.0)")  # fmt: skip
    ap.add_argument("--json", metavar="FILE", help="write the figures as JSON here too")
    args = ap.parse_args(argv)
    args.readers = [m.strip() for m in args.readers.split(",") if m.strip()]
    if not args.readers or any(m not in MODES for m in args.readers):
        ap.error(f"--readers {','.join(args.readers)}: use {' or '.join(MODES)}, comma-separated")
    # A stopped bench (timeout, Ctrl-C) still stops its server, readers and PostgreSQL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t0 = time.perf_counter()
    print(f"storytrace service bench: {args.n:,} articles, db {args.db}, {os.cpu_count()} "
          f"CPUs, load average {load()} at the start"
          + ("" if args.read_processes is None else
             f", [web] read_processes = {args.read_processes}")
          + ("" if args.fetch_concurrency is None else
             f", [web] fetch_concurrency = {args.fetch_concurrency}"), flush=True)  # fmt: skip
    records = [rec for rec, _ in generate(args.n, seed=11)]
    pages = {f"/a/{r['id']}.html": page(r) for r in records}
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    results: list[dict[str, Any]] = []
    oks: list[bool] = []
    with tempfile.TemporaryDirectory(prefix="storytrace-bench-") as tmp:
        t = Path(tmp)
        (t / "pages").mkdir()
        for path, body in pages.items():
            (t / "pages" / Path(path).name).write_bytes(body)
        for kind in kinds:
            results.append(run_db(args, kind, pages, t))
            print(f"({kind} done after {time.perf_counter() - t0:,.0f} s)", flush=True)
            oks.append(report(args, results[-1]))
            sys.stdout.flush()
    ok = all(oks)
    took = time.perf_counter() - t0
    print(f"\nall targets: {verdict(ok)}; the run took {took:,.0f} s; load average at the end "
          f"{load()} on {os.cpu_count()} CPUs")  # fmt: skip
    print(
        "rerun (from the repository root, dev extras installed, Debian's postgresql for "
        f"--db postgresql): python bench/bench_service.py --n {args.n} --db {args.db} "
        f"--readers {','.join(args.readers)} --think {args.think:g}"
        + ("" if args.read_processes is None else f" --read-processes {args.read_processes}")
        + (
            ""
            if args.fetch_concurrency is None
            else f" --fetch-concurrency {args.fetch_concurrency}"
        )
    )
    figures = [summary(args, r) for r in results]
    print(json.dumps(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
