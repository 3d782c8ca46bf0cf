"""Many writers, one store: two ``storytrace ingest`` processes and the service's feed
poller add overlapping articles to one store at the same moment, on SQLite and on
PostgreSQL, and the store ends with exactly the articles and near-duplicate links of one
sequential run.

The corpus is invented (words made of syllables): groups of an original, a light edit, a
syndicated copy with a credit line and, for some groups, a copy that only the feed brings
(a page of a local HTTP server on 127.0.0.1, listed a few items more at each poll). No
group has more than four members, so every article links to all of its earlier group
mates (``dedup_max_links`` is 5) whatever the order: the links between two articles are
the same pairs, with the same similarity and method, in any order of ingest.

The third writer is the service's own: :class:`~storytrace.web.poller.Poller` queues a
poll job whenever the feed is due, and a :class:`~storytrace.web.jobs.JobQueue` worker
runs it (``Work.poll``: fetch the feed and its new pages through the ``Fetcher``, ingest
them into the store). That worker runs poll jobs only; the clustering they queue is the
service's next step and not part of what this test compares.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import news_page
from httpsite import Answer, local_site
from storytrace.store import Store
from storytrace.types import Article

GROUPS = 40
SYLLABLES = [
    "ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "pe", "da",
    "gu", "fi", "ho", "ze", "ba", "ri", "mo", "nu", "le", "sa",
]  # fmt: skip

WRITER = """
import json, sys, time
from pathlib import Path
go, out, kind, source, db, config = sys.argv[1:7]
from storytrace.cli import main
if kind == "feed":  # the service's feed poller and a worker that runs its poll jobs
    from sqlalchemy import func, select
    from storytrace.settings import Settings
    from storytrace.web import db as web_db
    from storytrace.web.fetch import Fetcher
    from storytrace.web.jobs import JobQueue
    from storytrace.web.poller import Poller, add_feed
    from storytrace.web.service import Service
    from storytrace.web.settings import ServeSettings
    from storytrace.web.work import Work
while not Path(go).exists():
    time.sleep(0.005)
started = time.time()
polls = {}
if kind == "ingest":
    code = main(["--config", config, "ingest", source, "--db", db, "--no-progress"])
else:
    feed_url, want, data = source, int(sys.argv[7]), Path(sys.argv[8])
    settings = ServeSettings.from_settings(
        Settings.load(Path(config)), data=data, db_url=db, allow_hosts=("127.0.0.1",),
        host_interval_s=0.0,
    )
    service = Service(settings)
    fetcher = Fetcher(settings)
    work = Work(service, fetcher)
    queue = JobQueue(service.engine, {"poll": work.poll})
    work.queue = queue
    poller = Poller(service.engine, queue, tick_s=0.05)
    add_feed(service.engine, feed_url, interval_s=0.1)
    queue.start()
    poller.start()
    count = select(func.count()).select_from(web_db.feed_items)
    end = time.monotonic() + 240
    while time.monotonic() < end:
        with service.engine.connect() as conn:
            if conn.execute(count).scalar() >= want:
                break
        time.sleep(0.05)
    poller.stop()
    queue.stop(60)
    with service.engine.connect() as conn:
        polls = dict(conn.execute(
            select(web_db.jobs.c.status, func.count()).where(web_db.jobs.c.kind == "poll")
            .group_by(web_db.jobs.c.status)
        ).all())
        stored = conn.execute(count).scalar()
    fetcher.close()
    service.close()
    code = 0 if stored == want else 1
    print(json.dumps({"polls": polls, "stored": stored}), file=sys.stderr)
Path(out).write_text(
    json.dumps({"code": code, "start": started, "end": time.time(), "polls": polls})
)
"""


class Feed:
    """The feed writer's site: an RSS feed that lists three more items at each request,
    and the items' pages."""

    def __init__(self, records: list[dict[str, str]]) -> None:
        self.records = records
        self.listed = 0
        self.base = ""

    def restart(self) -> None:
        self.listed = 0

    def rss(self) -> bytes:
        self.listed = min(len(self.records), self.listed + 3)
        items = "".join(
            f"<item><title>{r['id']}</title><link>{self.base}/c/{r['id']}.html</link></item>"
            for r in self.records[: self.listed]
        )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<link>{self.base}/</link><description>t</description>{items}</channel></rss>"
        ).encode()

    def page(self, path: str) -> bytes | None:
        for r in self.records:
            if path == f"/c/{r['id']}.html":
                paragraphs = r["text"].split("\n\n")
                return news_page(paragraphs, title=r["id"], site=r["outlet"]).encode()
        return None


@pytest.fixture
def feed_site() -> Iterator[Feed]:
    feed = Feed(corpus()[2])

    def route(path: str, base: str) -> Answer | None:
        if path == "/feed.xml":
            return 200, "application/rss+xml", feed.rss()
        page = feed.page(path)
        return None if page is None else (200, "text/html; charset=utf-8", page)

    with local_site(route) as base:
        feed.base = base
        yield feed


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(n)]


def corpus() -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """Inputs of writers A (groups 0-27), B (groups 14-39: 14-27 are the very same records
    as A's) and the feed writer C (pages of the edits of groups 20-39, the same text as
    A's and B's edits at another address, and a second copy of groups 0-9 that nobody else
    has)."""
    rng = random.Random(11)
    a: list[dict[str, str]] = []
    b: list[dict[str, str]] = []
    c: list[dict[str, str]] = []
    for g in range(GROUPS):
        paras = [_words(rng, 45) for _ in range(3)]
        edited = [list(p) for p in paras]
        for p in edited:
            for i in rng.sample(range(len(p)), 2):
                p[i] = _words(rng, 1)[0]
        text = "\n\n".join(" ".join(p) for p in paras)

        def rec(kind: str, outlet: str, body: str, g: int = g) -> dict[str, str]:
            return {"id": f"g{g}-{kind}", "outlet": outlet, "text": body, "language": "xx"}

        members = [
            rec("orig", f"Paper {g % 5}", text),
            rec("edit", f"Daily {g % 7}", "\n\n".join(" ".join(p) for p in edited)),
            rec("copy", "Wirelane", text + "\n\nDistributed by Wirelane under licence."),
        ]
        if g < 28:
            a += members
        if g >= 14:
            b += members
        if g >= 20:
            c.append(members[1])
        if g < 10:
            c.append(rec("copy2", "Harbour Echo", text + "\n\nCourtesy of the Harbour Echo."))
    return a, b, c


def snapshot(db: str) -> tuple[set[tuple[str, str]], dict[frozenset[str], tuple[float, str]]]:
    """The stored articles (id, content hash) and the links as unordered pairs; checks on
    the way that every link points from a later article to an earlier one."""
    with Store(db) as store:
        records = [r for batch in store.iter_records() for r in batch]
        seq = {r.id: r.seq for r in records}
        links: dict[frozenset[str], tuple[float, str]] = {}
        for k in store.duplicates():
            assert seq[k.article] > seq[k.duplicate_of], k
            pair = frozenset((k.article, k.duplicate_of))
            assert pair not in links, f"linked twice: {k}"
            links[pair] = (k.similarity, k.method)
    return {(r.id, r.hash) for r in records}, links


def _writer(script: Path, tmp: Path, name: str, source: str, db: str, *extra: str) -> Any:
    kind = "feed" if name.startswith("c") else "ingest"
    args = [str(tmp / "go"), str(tmp / f"{name}.out"), kind, source, db, str(tmp / "cfg.toml")]
    return subprocess.Popen(
        [sys.executable, str(script), *args, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _finish(proc: Any, tmp: Path, name: str) -> dict[str, Any]:
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, f"writer {name} failed:\n{err[-3000:]}"
    assert "Traceback" not in err, err
    result: dict[str, Any] = json.loads((tmp / f"{name}.out").read_text())
    assert result["code"] == 0, f"writer {name}: {err[-2000:]}"
    return result


def test_concurrent_writers_store_what_one_sequential_run_stores(
    store_url: str, tmp_path: Path, feed_site: Feed
) -> None:
    a, b, c = corpus()
    inputs = {}
    for name, records in (("a", a), ("b", b)):
        inputs[name] = tmp_path / f"{name}.jsonl"
        inputs[name].write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "cfg.toml").write_text("[store]\nbatch_size = 5\n")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    feed = [feed_site.base + "/feed.xml", str(len(c))]
    procs = {
        "a": _writer(script, tmp_path, "a", str(inputs["a"]), store_url),
        "b": _writer(script, tmp_path, "b", str(inputs["b"]), store_url),
        "c": _writer(script, tmp_path, "c", feed[0], store_url, feed[1], str(tmp_path / "c")),
    }
    time.sleep(0.5)
    Store(store_url).close()  # a fourth opener while they wait: migrations run once
    (tmp_path / "go").touch()
    results = [_finish(proc, tmp_path, name) for name, proc in procs.items()]
    # The feed came in many polls (three new items each), none failed.
    assert results[2]["polls"].get("done", 0) >= len(c) // 3, results[2]
    assert set(results[2]["polls"]) <= {"done", "queued"}, results[2]
    # They really ran at the same time: every writer started before any had finished.
    assert max(r["start"] for r in results) < min(r["end"] for r in results)

    # One sequential run into a new SQLite store: ingest A, ingest B, then the poller
    # reads the same feed from its start (the same page addresses, so the same ids).
    reference = str(tmp_path / "sequential.sqlite")
    from storytrace.cli import main

    for name in ("a", "b"):
        assert main(["--config", str(tmp_path / "cfg.toml"), "ingest", str(inputs[name]),
                     "--db", reference, "--no-progress"]) == 0  # fmt: skip
    feed_site.restart()
    ref = _writer(script, tmp_path, "c-ref", feed[0], reference, feed[1], str(tmp_path / "r"))
    _finish(ref, tmp_path, "c-ref")

    articles, links = snapshot(store_url)
    want_articles, want_links = snapshot(reference)
    # Every group's article from the feed is a page of its own (its address differs).
    assert len(want_articles) == GROUPS * 3 + len(c)
    assert sum(1 for i, _ in want_articles if "_c_g" in i) == len(c)
    assert articles == want_articles
    assert links == want_links
    # Each group is fully linked: 3 pairs in a group of three, 6 in a group of four.
    fours = len({r["id"].split("-")[0] for r in c})
    assert len(want_links) == (GROUPS - fours) * 3 + fours * 6


def test_second_writer_skips_what_the_first_stored_meanwhile(store_url: str) -> None:
    """The race behind the old UNIQUE(ident) traceback, made deterministic: writer 2 read
    the store before writer 1 committed the same article."""
    from storytrace.cluster.dedup import DedupParams
    from storytrace.store.ingest import (
        IngestSettings,
        IngestStats,
        _add_batch,
        _Clock,
        _unseen,
        fingerprints,
    )
    from storytrace.store.light import Languages

    body = "Invented words of a notice about a bridge that will close for repairs. " * 6
    first = Article(id="n1", raw=body, outlet="Town Crier")
    with Store(store_url) as one, Store(store_url) as two:
        stats2 = IngestStats()
        fresh = _unseen(two, [first], stats2)  # not stored yet
        assert [a.id for a, _ in fresh] == ["n1"]
        assert one.add_articles([first]).added == 1
        prints = fingerprints([a.raw for a, _ in fresh], DedupParams())
        _add_batch(two, fresh, prints, stats2, _Clock({}), IngestSettings(), DedupParams(),
                   Languages())  # fmt: skip
        assert (stats2.added, stats2.already_present) == (0, 1)
        assert two.count() == 1


def test_writers_see_each_others_articles_between_batches(store_url: str) -> None:
    """A store object that ingested before another writer added a copy links its next
    article to that copy too (its index catches up under the lock)."""
    body = "Harbour pilots in an invented town agreed a new roster for the winter. " * 6
    with Store(store_url) as one, Store(store_url) as two:
        one.add_articles([Article(id="x1", raw=body, outlet="North")])
        two.add_articles([Article(id="x2", raw=body, outlet="South")])
        one.add_articles([Article(id="x3", raw=body, outlet="East")])
        linked = {k.duplicate_of for k in one.duplicates_of("x3") if k.article == "x3"}
    assert linked == {"x1", "x2"}
