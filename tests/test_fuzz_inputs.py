"""Hostile inputs of every kind, random and mutated: no traceback, and every input is either
read or counted with a reason (seeded, so a failure replays; bounded to a few seconds)."""

from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

import pytest

from storytrace import api
from storytrace.cli import main
from storytrace.types import ReadReport

PARA = "The harbour of Keswy reopened on Monday after a storm closed it for nine days. "


def html_page(n: int = 3) -> bytes:
    body = "".join(f"<p>{PARA * 2}</p>" for _ in range(n))
    return f"<html><head><title>Harbour</title></head><body><article>{body}</article></body></html>".encode()


def jsonl_lines(n: int = 3) -> bytes:
    return b"".join(
        json.dumps({"id": f"r{i}", "title": "Harbour", "text": PARA * 3}).encode() + b"\n"
        for i in range(n)
    )


def warc(uri: str | None = "https://example.org/a") -> bytes:
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html_page()
    head = [b"WARC/1.0", b"WARC-Type: response", b"WARC-Record-ID: <urn:uuid:1>"]
    if uri:
        head.append(b"WARC-Target-URI: " + uri.encode())
    head += [b"Content-Type: application/http", b"Content-Length: %d" % len(body)]
    return b"\r\n".join(head) + b"\r\n\r\n" + body + b"\r\n\r\n"


def rss() -> bytes:
    item = f"<item><title>Harbour</title><link>https://example.org/a</link><description>{PARA * 3}</description></item>"
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{item * 2}</channel></rss>'.encode()


def atom() -> bytes:
    entry = f"<entry><title>Harbour</title><id>urn:a</id><content>{PARA * 3}</content></entry>"
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{entry}</feed>'.encode()


SEEDS: dict[str, bytes] = {
    ".txt": (PARA * 4).encode(),
    ".html": html_page(),
    ".jsonl": jsonl_lines(),
    ".jsonl.gz": gzip.compress(jsonl_lines()),
    ".warc": warc() + warc(None) + warc(),
    ".warc.gz": gzip.compress(warc()),
    ".rss": rss(),
    ".atom": atom(),
}


def mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(5)
    if kind == 0:  # random bytes
        return rng.randbytes(rng.randrange(1, 3000))
    if kind == 1:  # flipped bytes
        out = bytearray(data)
        for _ in range(rng.randrange(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == 2:  # truncated
        return data[: rng.randrange(len(data))]
    if kind == 3:  # a slice inserted or duplicated elsewhere
        a, b = sorted(rng.randrange(len(data)) for _ in range(2))
        at = rng.randrange(len(data))
        return data[:at] + data[a:b] + data[at:]
    return data  # unchanged: must still be read


def hostile(tmp: Path) -> list[Path]:
    """Fixed hostile files beside the random ones."""
    files = {
        "deep.html": b"<html><body>" + b"<div>" * 50_000 + PARA.encode() * 3 + b"</body></html>",
        "bomb.jsonl.gz": gzip.compress(b"0" * 30_000_000),
        "broken.jsonl": b'{"id": 1, "text": "ok text here"}\n{"id": \n[1, 2]\n{"text": 5}\n',
        "broken.rss": rss()[: len(rss()) // 2],
        "nul.txt": b"\x00" * 100,
        "empty.warc": b"",
        "uri-less.warc": warc(None),
    }
    out = []
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out.append(tmp / name)
    return out


def fuzz_files(tmp: Path, seed: int, per_kind: int = 6) -> list[Path]:
    rng = random.Random(seed)
    paths = hostile(tmp)
    for suffix, data in SEEDS.items():
        raw = gzip.decompress(data) if suffix.endswith(".gz") else data
        for i in range(per_kind):
            mutated = mutate(raw, rng)
            if suffix.endswith(".gz"):
                buf = io.BytesIO()
                with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as fh:
                    fh.write(mutated)
                mutated = buf.getvalue()
                if rng.random() < 0.3:  # a damaged gzip stream too
                    mutated = mutated[: max(1, len(mutated) - rng.randrange(1, 20))]
            path = tmp / f"fuzz{i}{suffix}"
            path.write_bytes(mutated)
            paths.append(path)
    return paths


@pytest.mark.parametrize("seed", [1, 2])
def test_every_hostile_input_is_read_or_counted(tmp_path: Path, seed: int) -> None:
    paths = fuzz_files(tmp_path, seed)
    report = ReadReport()
    articles = list(api.read_articles([str(p) for p in paths], report, policy="skip"))
    accounted = {a.source.split("@")[0].split("#")[0] for a in articles}
    for skip in report.skipped:
        assert skip.reason and skip.message, skip
        accounted.add(skip.source)
    for p in paths:
        name = str(p)
        assert any(
            s == name or s.startswith((name + ":", name + "@", name + "#")) for s in accounted
        ), name
    assert report.articles == len(articles)
    assert any(a.source.startswith(str(tmp_path / "uri-less.warc")) for a in articles) is False


def test_inspect_and_ingest_survive_the_hostile_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in fuzz_files(tmp_path, seed=3, per_kind=3)]
    code = main(["inspect", "--json", *paths])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    assert json.loads(out)  # the good records still came through
    assert "without WARC-Target-URI" in err
    db = tmp_path / "f.sqlite"
    code = main(["ingest", *paths, "--db", str(db), "--no-progress"])
    _, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err and "skipped" in err
