"""Many writers, one store: two ``storytrace ingest`` processes and a feed-like writer add
overlapping articles to one store at the same moment, on SQLite and on PostgreSQL, and the
store ends with exactly the articles and near-duplicate links of one sequential run.

The corpus is invented (words made of syllables): groups of an original, a light edit, a
syndicated copy with a credit line and, for some groups, a second copy that only the feed
writer brings. No group has more than four members, so every article links to all of its
earlier group mates (``dedup_max_links`` is 5) whatever the order: the links between two
articles are the same pairs, with the same similarity and method, in any order of ingest.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from storytrace.store import Store
from storytrace.types import Article

GROUPS = 40
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "ta",
    "vi",
    "so",
    "pe",
    "da",
    "gu",
    "fi",
    "ho",
    "ze",
    "ba",
    "ri",
    "mo",
    "nu",
    "le",
    "sa",
]

WRITER = """
import json, sys, time
from pathlib import Path
go, out, kind, source, db, config = sys.argv[1:7]
from storytrace.cli import main
from storytrace.store import Store
from storytrace.types import Article
while not Path(go).exists():
    time.sleep(0.005)
started = time.time()
if kind == "ingest":
    code = main(["--config", config, "ingest", source, "--db", db, "--no-progress"])
else:  # a feed poller: a few new items at a time, each poll its own small ingest
    code = 0
    items = [json.loads(line) for line in Path(source).read_text().splitlines()]
    with Store(db) as store:
        for i in range(0, len(items), 3):
            store.add_articles(
                Article(id=r["id"], raw=r["text"], outlet=r["outlet"], language=r["language"])
                for r in items[i : i + 3]
            )
Path(out).write_text(json.dumps({"code": code, "start": started, "end": time.time()}))
"""


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(n)]


def corpus() -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """Inputs of writers A (groups 0-27), B (groups 14-39: 14-27 are the very same records
    as A's) and the feed writer C (edits of groups 20-39, again the same records, and a
    second copy of groups 0-9 that nobody else has)."""
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


def test_concurrent_writers_store_what_one_sequential_run_stores(
    store_url: str, tmp_path: Path
) -> None:
    inputs = {}
    for name, records in zip("abc", corpus(), strict=True):
        inputs[name] = tmp_path / f"{name}.jsonl"
        inputs[name].write_text("".join(json.dumps(r) + "\n" for r in records))
    config = tmp_path / "small-batches.toml"
    config.write_text("[store]\nbatch_size = 5\n")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    go = tmp_path / "go"
    procs = []
    for name, kind in (("a", "ingest"), ("b", "ingest"), ("c", "feed")):
        args = [str(go), str(tmp_path / f"{name}.out"), kind, str(inputs[name]), store_url]
        procs.append(
            subprocess.Popen(
                [sys.executable, str(script), *args, str(config)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        )
    time.sleep(0.5)
    Store(store_url).close()  # a fourth opener while they wait: migrations run once
    go.touch()
    results, errors = [], []
    for name, proc in zip("abc", procs, strict=True):
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"writer {name} failed:\n{err[-3000:]}"
        assert "Traceback" not in err, err
        results.append(json.loads((tmp_path / f"{name}.out").read_text()))
        errors.append(err[-2000:])
    assert all(r["code"] == 0 for r in results), errors
    # They really ran at the same time: every writer started before any had finished.
    assert max(r["start"] for r in results) < min(r["end"] for r in results)

    reference = str(tmp_path / "sequential.sqlite")
    from storytrace.cli import main

    for name in "ab":
        assert main(["--config", str(config), "ingest", str(inputs[name]), "--db", reference,
                     "--no-progress"]) == 0  # fmt: skip
    with Store(reference) as store:
        c_records = [json.loads(line) for line in inputs["c"].read_text().splitlines()]
        store.add_articles(
            Article(id=r["id"], raw=r["text"], outlet=r["outlet"], language=r["language"])
            for r in c_records
        )
    articles, links = snapshot(store_url)
    want_articles, want_links = snapshot(reference)
    assert len(want_articles) == GROUPS * 3 + 10
    assert articles == want_articles
    assert links == want_links
    # Each group is fully linked: 3 pairs in a group of three, 6 in a group of four.
    assert len(want_links) == (GROUPS - 10) * 3 + 10 * 6


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
