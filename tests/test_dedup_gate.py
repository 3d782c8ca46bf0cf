"""Quality gate: near-duplicate detection with the *shipped* ``[store]`` dedup settings.

Real ECB+ articles (read from ../shared at run time, never copied) are each given a
lightly edited copy (an invented header and footer, one word in 25 replaced, the last
line dropped); the copies must link to their originals, and real articles link to each
other only where they are reprints of one wire story. The parameters come from ``defaults.toml`` (through
``DedupParams.from_settings``), so a wrong shipped threshold fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytrace.cluster.dedup import Candidates, DedupParams, fingerprint, link_batch

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus-dev"

# Measured 2026-12-06 with the shipped settings (threshold 0.5): 200 of 200 copies linked
# to their original; 9 links between originals, all reprints (estimated Jaccard 0.54-0.95).
# Threshold 0.99 links no copy; 0.3 links 12 originals (down to Jaccard 0.31), 0.1 links 25.
FLOOR_RECALL = 0.97
MAX_ORIGINAL_LINKS = 10

pytestmark = pytest.mark.skipif(
    not (DATA / "articles.jsonl").exists(), reason=f"ECB+ data not found at {DATA}"
)


def _edit(text: str, n: int) -> str:
    """A light edit: one word in 25 replaced, the last line dropped, header and footer."""
    lines = text.splitlines()
    body = "\n".join(lines[:-1] if len(lines) > 3 else lines)
    words = body.split(" ")
    for i in range(n % 25, len(words), 25):
        words[i] = "zorbled"
    return f"Evening Lantern wire {n}\n" + " ".join(words) + "\nShare this with a friend."


def test_shipped_dedup_settings_link_edited_copies_of_real_articles() -> None:
    params = DedupParams.from_settings()
    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines if line.strip()]
    originals = [a for a in articles if len(a["text"].split()) >= 150][:200]
    assert len(originals) == 200
    batch = [(a["id"], fingerprint(a["text"], params)) for a in originals]
    batch += [
        (f"copy-{a['id']}", fingerprint(_edit(a["text"], n), params))
        for n, a in enumerate(originals)
    ]
    links = link_batch(batch, Candidates(), params)
    pairs = {(k.article, k.duplicate_of) for k in links}
    found = sum((f"copy-{a['id']}", a["id"]) in pairs for a in originals)
    between = [p for p in pairs if not p[0].startswith("copy-") and not p[1].startswith("copy-")]
    assert found / len(originals) >= FLOOR_RECALL, (found, params)
    assert len(between) <= MAX_ORIGINAL_LINKS, (between, params)
