"""``--engine ray`` against ``--engine local`` on one generated corpus, on a local Ray
cluster of 2 workers: the same store (articles, languages, near-duplicate links) and the
same stories, or stories at ARI >= 0.98 with each difference listed."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from benchload import bench_module
from storytrace.cli import main
from storytrace.store import Store
from storytrace.store import schema as t

ray = pytest.importorskip("ray", reason="the Ray engine needs: pip install 'storytrace[ray]'")
pa = pytest.importorskip("pyarrow", reason="Parquet input needs pyarrow (storytrace[ray])")

N_ARTICLES = 240


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A local Ray cluster with 2 worker CPUs, in its own temp dir; shut down after."""
    with tempfile.TemporaryDirectory(prefix="st-ray-") as tmp:
        ray.init(
            num_cpus=2,
            include_dashboard=False,
            log_to_driver=False,
            object_store_memory=256 << 20,
            _temp_dir=tmp,
        )
        try:
            yield ray
        finally:
            ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, str], Path]:
    """Five shards (three JSONL, one Parquet, one WARC) of generated articles, with the odd
    cases the engines must agree on: no outlet, a given language, an id repeated in another
    shard, a broken line, a page crawled from two sites and an image record. Returns the
    shard paths, gold stories and a config (hashed representation, refinement on)."""
    folder = tmp_path_factory.mktemp("ray")
    gold: dict[str, str] = {}
    records = []
    for i, (rec, g) in enumerate(bench_module("bench_corpus").generate(N_ARTICLES, seed=5)):
        gold[rec["id"]] = g["story"]
        if i % 3 == 0:
            rec.pop("outlet")
        if i % 7 == 0:
            rec["language"] = "en"
        records.append(rec)
    records[-1] = {**records[-1], "id": records[0]["id"]}  # the same id in two shards
    gold[records[0]["id"] + "#2"] = gold.pop(records[-1]["id"], gold[records[0]["id"]])
    paths = []
    for s in range(3):
        path = folder / f"part{s}.jsonl"
        lines = [json.dumps(r) for r in records[s::4]]
        if s == 1:
            lines.insert(3, '{"id": "broken", "text": ')
        path.write_text("\n".join(lines) + "\n")
        paths.append(str(path))
    table = pa.Table.from_pylist(records[3::4])
    import pyarrow.parquet as pq

    pq.write_table(table, folder / "part3.parquet")
    paths.append(str(folder / "part3.parquet"))
    # A crawl: the same page from two sites (an exact copy once extracted) and an image.
    from conftest import news_page
    from test_warc_feeds import warc_bytes

    pages = [
        (f"https://{site}.example/harbour", "text/html; charset=utf-8", news_page(site=site))
        for site in ("ledger", "courier")
    ]
    image = ("https://ledger.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    crawl = [(u, t, b.encode() if isinstance(b, str) else b) for u, t, b in [*pages, image]]
    (folder / "part4.warc.gz").write_bytes(warc_bytes(crawl, gz=True))
    paths.append(str(folder / "part4.warc.gz"))
    config = folder / "hashed.toml"
    config.write_text('[cluster]\nrepresentation = "hashed"\n')
    return paths, gold, config


def _store(db: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """What a store holds (SQLite or PostgreSQL), timestamps left out."""
    a, f, d = t.articles.c, t.fingerprints.c, t.duplicates.c
    cols = (a.seq, a.id, a.ident, a.hash, a.norm_hash, a.source, a.title, a.outlet,
            a.published, a.language, a.lead, a.meta)  # fmt: skip
    with Store(str(db), readonly=True) as store, store.read() as conn:
        return {
            "articles": [tuple(r) for r in conn.execute(sa.select(*cols).order_by(a.seq))],
            "fingerprints": [
                tuple(r) for r in conn.execute(sa.select(t.fingerprints).order_by(f.seq))
            ],
            "duplicates": [
                tuple(r)
                for r in conn.execute(sa.select(t.duplicates).order_by(d.article, d.duplicate_of))
            ],
        }


def _assignments(path: Path) -> dict[str, str]:
    return {r["id"]: r["story"] for r in map(json.loads, path.read_text().splitlines())}


@pytest.mark.parametrize("refined", [True, False], ids=["refined", "assignment-only"])
def test_cluster_ray_matches_local(
    cluster: Any, corpus: tuple[list[str], dict[str, str], Path], tmp_path: Path, refined: bool
) -> None:
    """With the shipped refinement pass (the Ray engine refines the stitched stories) and
    without it (partitions and stitching alone)."""
    from sklearn.metrics import adjusted_rand_score

    paths, gold, config = corpus
    if not refined:
        config = tmp_path / "no-refine.toml"
        config.write_text(corpus[2].read_text() + "[cluster.refine]\nenabled = false\n")
    runs = {}
    for engine in ("local", "ray"):
        out, db = tmp_path / f"{engine}.jsonl", tmp_path / f"{engine}.sqlite"
        argv = ["--config", str(config), "cluster", *paths, "-o", str(out), "--db", str(db)]
        assert main([*argv, "--engine", engine, "--no-progress"]) == 0
        runs[engine] = (_store(db), _assignments(out))
    (local_db, local), (ray_db, by_ray) = runs["local"], runs["ray"]
    assert local_db["articles"] == ray_db["articles"]
    assert local_db["fingerprints"] == ray_db["fingerprints"]
    assert local_db["duplicates"] == ray_db["duplicates"]
    assert len(local_db["duplicates"]) > 100
    assert list(local) == list(by_ray)  # every article, in read order, under the same id
    ids = list(local)
    ari = adjusted_rand_score([local[i] for i in ids], [by_ray[i] for i in ids])
    differences = [
        f"{i}: local {local[i]} (gold {gold.get(i)}), ray {by_ray[i]}"
        for i in ids
        if local[i] != by_ray[i]
    ]
    assert ari >= 0.98, f"ARI {ari:.3f} against local; differences:\n" + "\n".join(differences)
    # Story ids follow the first article, as in the local engine: an agreeing story keeps it.
    assert len(differences) <= 0.03 * len(ids), "\n".join(differences)


def test_cluster_ray_refines_and_logs_changes_as_local(
    cluster: Any,
    corpus: tuple[list[str], dict[str, str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With the shipped settings the Ray run refines its stories (no note that it does
    not), and the merges and splits it made are in the store's log."""
    from storytrace.app.corpus import CLUSTER_CHANGES_KEY

    paths, _, _ = corpus
    logs = {}
    for engine in ("local", "ray"):
        out, db = tmp_path / f"{engine}.jsonl", tmp_path / f"{engine}.sqlite"
        argv = ["cluster", *paths[:3], "-o", str(out), "--db", str(db), "--no-progress"]
        assert main([*argv, "--engine", engine]) == 0
        assert "refinement" not in capsys.readouterr().err
        with Store(str(db), readonly=True) as store:
            blob = store.get_state(CLUSTER_CHANGES_KEY)
        logs[engine] = sorted((c["kind"], c["articles"]) for c in json.loads(blob or b"[]"))
    assert logs["ray"] == logs["local"]


def test_ingest_ray_into_a_store_matches_local(
    cluster: Any,
    corpus: tuple[list[str], dict[str, str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two runs into one store: the second links against what the first stored; the
    command prints the same counts for both engines."""
    paths, _, _ = corpus
    stores, said = {}, {}
    for engine in ("local", "ray"):
        db = tmp_path / f"{engine}.sqlite"
        for part in (paths[:2], paths[2:]):
            argv = ["ingest", *part, "--db", str(db), "--no-progress", "--engine", engine]
            assert main(argv) == 0
        stores[engine] = _store(db)
        err = capsys.readouterr().err
        assert "skipped [malformed-record]" in err or "skipped [non-html-record]" in err
        said[engine] = [_counts(line) for line in err.splitlines() if "near-duplicate" in line]
    assert stores["local"] == stores["ray"]
    assert said["local"] == said["ray"] and len(said["ray"]) == 2


def _ids(jsonl: Path) -> set[str]:
    return {json.loads(line)["id"] for line in jsonl.read_text().splitlines() if line.strip()}


def _counts(summary: str) -> str:
    """A summary line without its timing (``... in 1.2s (300 articles/s)``)."""
    return summary.rsplit(" in ", 1)[0].split(": ", 2)[-1]


def test_ingest_ray_into_postgresql_matches_local(
    cluster: Any, corpus: tuple[list[str], dict[str, str], Path], pg_server: Any
) -> None:
    """The same store on PostgreSQL: the Ray engine writes through the store's own layer."""
    paths, _, _ = corpus
    stores = {}
    for engine in ("local", "ray"):
        db = pg_server.new_database()
        argv = ["ingest", *paths[:3], "--db", db, "--no-progress", "--engine", engine]
        assert main(argv) == 0
        stores[engine] = _store(db)
    assert stores["local"] == stores["ray"]
    assert len(stores["ray"]["duplicates"]) > 20


def test_a_writer_between_plan_and_write_is_caught_up(
    cluster: Any,
    corpus: tuple[list[str], dict[str, str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process stores shard B after the Ray engine planned shards A and B, before
    it writes: B is not stored twice (counted already present) and A's articles are linked
    to B's copies as a sequential run (B, then A) links them."""
    from storytrace import api
    from storytrace.distributed import ray_write
    from storytrace.store import IngestStats

    paths, _, _ = corpus
    a_part, b_part = paths[0], paths[2]
    reference = tmp_path / "sequential.sqlite"
    for part in (b_part, a_part):
        api.ingest([part], str(reference))
    db = tmp_path / "ray.sqlite"
    write_plan = ray_write.write_plan

    def other_writer_first(*args: Any, **kwargs: Any) -> None:
        api.ingest([b_part], str(db))  # its own Store: another writer
        write_plan(*args, **kwargs)

    monkeypatch.setattr(ray_write, "write_plan", other_writer_first)
    stats = IngestStats()
    api.ingest([a_part, b_part], str(db), stats=stats, engine="ray")
    want, got = _store(reference), _store(db)
    assert stats.already_present == len(want["articles"]) - stats.added
    assert sorted(r[1:3] for r in got["articles"]) == sorted(r[1:3] for r in want["articles"])
    links = {(r[0], r[1]) for r in got["duplicates"]}
    missing = {(r[0], r[1]) for r in want["duplicates"]} - links
    assert not missing, f"links of the sequential run not made: {sorted(missing)[:5]}"
    a_ids, b_ids = (_ids(Path(p)) for p in (a_part, b_part))
    across = [k for k in links if k[0] in a_ids and k[1] in b_ids]
    assert across, "no article of A was linked to a copy B's writer stored"


def test_address_without_engine_ray_says_what_to_add(
    corpus: tuple[list[str], dict[str, str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths, _, _ = corpus
    argv = ["ingest", paths[0], "--db", str(tmp_path / "s.sqlite"), "--address", "h:6379"]
    assert main(argv) == 1
    assert "add --engine ray" in capsys.readouterr().err


def test_missing_ray_names_the_extra(
    corpus: tuple[list[str], dict[str, str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths, _, _ = corpus
    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed: import fails
    argv = ["ingest", paths[0], "--db", str(tmp_path / "s.sqlite"), "--engine", "ray"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "pip install 'storytrace[ray]'" in err
    assert "Traceback" not in err


def test_an_address_nothing_listens_on_fails_fast(
    corpus: tuple[list[str], dict[str, str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import socket

    with socket.socket() as s:  # a free port, closed again: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    paths, _, _ = corpus
    argv = ["ingest", paths[0], "--db", str(tmp_path / "s.sqlite"), "--engine", "ray"]
    assert main([*argv, "--address", f"127.0.0.1:{port}"]) == 1
    err = capsys.readouterr().err
    assert "no Ray cluster answers there" in err and "ray start --head" in err


def test_what_the_ray_engine_cannot_do_is_refused_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Feed URLs, and clustering a store without inputs, are named before any Ray starts."""
    from storytrace import api
    from storytrace.errors import ConfigError, InputError

    db = str(tmp_path / "s.sqlite")
    with pytest.raises(InputError, match="ingest feed URLs with --engine local"):
        api.ingest(["https://news.example/feed.xml"], db, engine="ray")
    assert not Path(db).exists()
    with pytest.raises(ConfigError, match="engine must be 'local' or 'ray'"):
        api.ingest(["x.jsonl"], db, engine="spark")  # type: ignore[arg-type]
    argv = ["cluster", "--db", db, "-o", str(tmp_path / "o.jsonl"), "--engine", "ray"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "leave --engine out" in err and "Traceback" not in err
