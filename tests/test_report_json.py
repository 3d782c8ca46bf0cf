"""The JSON report contract, schema storytrace.report/1."""

from __future__ import annotations

import json
from pathlib import Path

from storytrace.report import write_reports
from storytrace.report.brief import make_brief
from storytrace.report.json_report import SCHEMA, dumps, to_dict
from test_report_data import build_story

TOP = [
    "schema",
    "articles",
    "relations",
    "origins",
    "independent_sources",
    "claims",
    "quotes",
    "conflicts",
    "brief",
    "stats",
]


def _report() -> dict:  # type: ignore[type-arg]
    return to_dict(make_brief(build_story()))


def test_json_has_every_required_field_with_its_type() -> None:
    rep = _report()
    assert [k for k in rep if k in TOP] == TOP
    assert rep["schema"] == SCHEMA == "storytrace.report/1"
    for a in rep["articles"]:
        for key in ("id", "title", "outlet", "published", "language"):
            assert key in a
        assert isinstance(a["id"], str)
        for r in a["removed"]:
            assert set(r) >= {"text", "reason", "start", "end"}
    for r in rep["relations"]:
        assert r["kind"] in {"copy", "rewrite", "translation", "excerpt", "independent"}
        assert 0 <= r["confidence"] <= 1 and 0 <= r["coverage"] <= 1
        assert isinstance(r["evidence"], list) and isinstance(r["direction_certain"], bool)
        for ev in r["evidence"]:
            assert set(ev) >= {"source_span", "target_span", "source_text", "target_text", "score"}
    for o in rep["origins"]:
        assert isinstance(o["articles"], list) and o["root"] in o["articles"]
    assert rep["independent_sources"] == len(rep["origins"]) == 2
    for c in rep["claims"]:
        assert c["status"] in {"corroborated", "single-source", "disputed"}
        assert set(c) >= {"id", "text", "articles", "origins", "mentions"}
    for q in rep["quotes"]:
        for v in q["variants"]:
            assert v["fidelity"] in {"verbatim", "close", "altered", "translated"}
    for c in rep["conflicts"]:
        assert c["kind"] in {"number", "date", "name", "place"}
        assert all(set(v) >= {"article", "value"} for v in c["values"])
    for b in rep["brief"]:
        assert set(b) >= {"text", "articles", "claims"}
    assert isinstance(rep["stats"], dict)


def test_json_offsets_round_trip_to_the_exact_text() -> None:
    story = make_brief(build_story())
    rep = to_dict(story)
    raw = {a.id: a.raw for a in story.articles}
    checked = 0
    for a in rep["articles"]:
        for r in a["removed"]:
            assert raw[a["id"]][r["start"] : r["end"]] == r["text"]
            checked += 1
    for c in rep["claims"]:
        for m in c["mentions"]:
            assert raw[m["article"]][m["start"] : m["end"]] == m["text"]
            checked += 1
    for q in rep["quotes"]:
        for v in q["variants"]:
            assert raw[v["article"]][v["start"] : v["end"]] == v["text"]
            checked += 1
    for r in rep["relations"]:
        for ev in r["evidence"]:
            s, t = ev["source_span"], ev["target_span"]
            assert raw[r["source"]][s[0] : s[1]] == ev["source_text"]
            assert raw[r["target"]][t[0] : t[1]] == ev["target_text"]
            checked += 1
    assert checked > 10


def test_json_brief_leaves_disputed_claims_to_their_own_list() -> None:
    rep = _report()
    assert all(b["status"] != "disputed" for b in rep["brief"])
    (disputed,) = rep["brief_disputed"]
    assert disputed["claims"] == ["C2"]
    assert {v["value"] for v in disputed["values"]} == {"42 million euros", "45 million euros"}


def test_json_is_deterministic_and_valid(tmp_path: Path) -> None:
    first, second = dumps(make_brief(build_story())), dumps(make_brief(build_story()))
    assert first == second
    (path,) = write_reports(make_brief(build_story()), json_path=tmp_path / "r.json")
    loaded = json.loads(path.read_text("utf-8"))
    assert loaded["schema"] == SCHEMA
    assert loaded["stats"]["warnings"] == ["invented warning for the tests"]


def test_json_non_finite_and_odd_stats_become_plain_json() -> None:
    story = build_story()
    story.stats["odd"] = {"s": {3, 1}, "t": (1, 2), "nan": float("nan"), 5: object}
    text = dumps(story)
    rep = json.loads(text)
    assert rep["stats"]["odd"]["s"] == [1, 3]
    assert rep["stats"]["odd"]["nan"] == 0.0
    assert rep["stats"]["odd"]["5"].startswith("<class")
