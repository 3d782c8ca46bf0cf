"""Claims on real news: how often a claim links articles of two DIFFERENT events.

Reads ../shared/data/ecbplus-dev/ (never copied into the repo). Each ECB+ topic holds two
similar but distinct real events (two earthquakes, two rehab check-ins). Per topic, the
first ``--per-event`` articles (by id) of each event form one story in which every article
is its own origin; ``extract_claims`` groups their facts. Two articles are linked when a
claim holds a mention of each, i.e. one corroborates the other on some fact:

- same-event links are what corroboration is for (the same event told twice);
- cross-event links are false corroborations (a fact of one event "confirmed" by a report
  of a different event on the same topic): their rate should be near zero.

Printed per split (train topics, dev topics): linked article pairs of the same event and of
different events, each as a share of all such pairs, and the precision of links
(same / all linked). Beside storytrace, in the same run and on the same vectors, a plain
embedding baseline: two articles are linked when two of their sentences are each other's
nearest neighbour at a cosine >= ``match_alone`` (the old matcher's first rule).

    python bench/bench_claims.py [--per-event 3] [--quotes] [--big] [--set content_share=0.3 ...]

``--quotes`` finds quotes and their speakers first, as ``analyze`` does (quoted words with
a speaker are fact units and statement frames of their own); ``--set frame_cosine=1``
turns statement frames off; ``--big`` adds a row for the big-story path
(:mod:`storytrace.claims.big`: units paired without vectors, only those a cosine decides
embedded) forced on every story, in the same run.

Measured 2026-12-06 on a shared 2-core machine (train / dev topics): cross-event pairs
linked 4.0% / 6.9%, same-event 34% / 40%; the embedding baseline in the same run 4.4% /
9.7% and 45% / 42%; the claims code before fact matching (git a11ba7c, run back to back on
the same vectors) 20.4% / 20.8% and 81% / 65%.

Statement frames (claims/frames.py), measured 2026-12-06 on the shared 2-core machine, the
code before them (git 9dad5d2) run on the same cached vectors: same-event pairs linked
51 -> 52 of 150 on train and 19 -> 20 of 48 on dev, cross-event pairs unchanged (9 of 225
train, 5 of 72 dev), with and without ``--quotes``.

The big-story path forced on every story (``--big``, measured 2026-12-06 on the shared
2-core machine, same run and vectors as the exact path; claims/big.py): 2,074 of 2,994
units embedded; same-event pairs linked 51/150 train, 20/48 dev (exact 52, 20);
cross-event 9/225, 5/72 (as exact).

Fact matching, measured 2026-12-06 on the shared 2-core machine, main (git 1f43b88) run on
the same cached vectors: no dateline, spelled number or common weekday as evidence, and the
same actors with no shared content no longer one fact: train same-event 53 -> 57 of 150;
match_values 0.88 (the same numbers and dates): 59; a participle of result cut (", killing
..."): 60; cross-event 9/225 throughout. Dev unchanged at each step (20/48, 5/72, 80.0%);
--quotes the same (grouped quotes as claims change nothing on ECB+).

Complete linkage on content (``linkage_content_share``, claims/cluster.py), measured
2026-12-07 on the shared 2-core machine, main (git b9453c4) run on the same cached vectors:
train same-event 60 -> 58 of 150, cross-event 9 -> 7 of 225, precision 87.0% -> 89.2%; dev
unchanged (20/48, 5/72, 80.0%). Swept on train: 0.01 (any shared stem) as main; 0.2 57/150,
5/225 (but the demo and the seeds lose three corroborated facts each); 0.3 49/150, 3/225.
With --quotes the same; the big-story path (--big) train 58 -> 56 of 150, 9 -> 7 of 225
(86.6% -> 88.9%), dev unchanged.

``--neus N`` counts corroborated claims on the first N stories (by number) of each NeuS
split (../shared/data/neus-traindev/: one story told by a left, a centre and a right
outlet in their own words, each article its own origin): the recall of one fact told by
independent outlets. Session 9 (claims/facts.py: title-case headlines name only the
story's names; a country or a "D.C.-based" place modifying a name; outlets that pick
different subjects for one fact), measured 2026-12-07 on the shared 2-core machine, main
(git 1606a51) run back to back on the same cached vectors: NeuS 150 stories corroborated
claims train 108 -> 142, dev 74 -> 107 (new ones hand-read: nearly all the same fact; a
few a reaction to the fact, "X slams Y after Y's decision"); ECB+ train same-event 62 ->
64 of 150, cross-event 7 -> 7 of 225 (89.9% -> 90.1%); dev 22 -> 23 of 48, 5 -> 5 of 72
(81.5% -> 82.1%); --big train 60 -> 62, 7 -> 7; dev 22 -> 23, 5 -> 5.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus-dev"
NEUS = DATA.parent / "neus-traindev"


def _stories(per_event: int) -> list[tuple[str, str, list[Any], dict[str, str]]]:
    """(split, topic, prepared articles, id -> event) per topic."""

    gold = {}
    for line in (DATA / "gold.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[g["id"]] = g
    chosen: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for aid in sorted(gold):
        g = gold[aid]
        if len(chosen[g["topic"]][g["event"]]) < per_event:
            chosen[g["topic"]][g["event"]].append(aid)
    keep = {a for events in chosen.values() for ids in events.values() for a in ids}
    arts = {a.id: a for a in _load_subset(DATA / "articles.jsonl", keep)}
    out = []
    for topic, events in sorted(chosen.items(), key=lambda kv: int(kv[0])):
        if len(events) < 2:
            continue
        ids = [a for evs in events.values() for a in evs if a in arts]
        split = gold[ids[0]]["split"]
        out.append((split, topic, [arts[a] for a in ids], {a: gold[a]["event"] for a in ids}))
    return out


def _storytrace_links(
    articles: list[Any], settings: Any = None, quotes: bool = False
) -> set[tuple[str, str]]:
    from storytrace.claims import extract_claims
    from storytrace.types import Story

    story = Story(articles=tuple(articles))
    if quotes:  # as analyze runs them: quoted words with their speakers before claims
        from storytrace.quotes import extract_quotes

        story = extract_quotes(story)
    story = extract_claims(story, settings)
    links = set()
    for c in story.claims:
        for a, b in combinations(sorted(set(c.articles)), 2):
            links.add((a, b))
    return links


def _baseline_links(articles: list[Any], alone: float) -> set[tuple[str, str]]:
    from storytrace.align.embed import embed
    from storytrace.text import sentences

    vecs = []
    for a in articles:
        texts = [s.text for s in sentences(a)]
        vecs.append(embed(texts) if texts else None)
    links = set()
    for i, j in combinations(range(len(articles)), 2):
        if vecs[i] is None or vecs[j] is None:
            continue
        s = vecs[i] @ vecs[j].T
        bj, bi = s.argmax(axis=1), s.argmax(axis=0)
        if any(bi[y] == x and s[x, y] >= alone for x, y in enumerate(bj)):
            links.add(tuple(sorted((articles[i].id, articles[j].id))))  # type: ignore[arg-type]
    return links


def _score(rows: list[tuple[set[tuple[str, str]], dict[str, str]]]) -> dict[str, float]:
    same = cross = linked_same = linked_cross = 0
    for links, event in rows:
        for a, b in combinations(sorted(event), 2):
            if event[a] == event[b]:
                same += 1
                linked_same += (a, b) in links
            else:
                cross += 1
                linked_cross += (a, b) in links
    linked = linked_same + linked_cross
    return {
        "same_pairs": same,
        "cross_pairs": cross,
        "same_linked": linked_same,
        "cross_linked": linked_cross,
        "same_rate": linked_same / max(same, 1),
        "false_rate": linked_cross / max(cross, 1),
        "precision": linked_same / max(linked, 1),
    }


def _neus_stories(per_split: int) -> dict[str, list[list[Any]]]:
    """The first ``per_split`` NeuS stories of each split (by story number), articles by id."""

    gold = [json.loads(x) for x in (NEUS / "gold.jsonl").read_text("utf-8").splitlines() if x]
    story_of = {g["id"]: (g["split"], g["story"]) for g in gold}
    chosen: dict[str, set[str]] = {}
    for split in ("train", "dev"):
        names = sorted({s for sp, s in story_of.values() if sp == split}, key=_story_number)
        chosen[split] = set(names[:per_split])
    keep = {a for a, (sp, s) in story_of.items() if s in chosen[sp]}
    arts = _load_subset(NEUS / "articles.jsonl", keep)
    grouped: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for a in sorted(arts, key=lambda a: a.id):
        grouped[story_of[a.id]].append(a)
    out: dict[str, list[list[Any]]] = {"train": [], "dev": []}
    for (split, _name), group in sorted(grouped.items(), key=lambda kv: _story_number(kv[0][1])):
        if len(group) >= 2:
            out[split].append(group)
    return out


def _story_number(name: str) -> int:
    return int(name.rsplit("-", 1)[1])


def _neus(per_split: int, settings: Any) -> None:
    """Corroborated claims on NeuS stories (each article its own origin): one fact told by
    outlets of the left, the centre and the right in their own words."""
    from storytrace.claims import extract_claims
    from storytrace.types import Story

    t0 = time.perf_counter()
    for split, stories in _neus_stories(per_split).items():
        claims = corroborated = disputed = stories_with = 0
        for arts in stories:
            status = [
                c.status for c in extract_claims(Story(articles=tuple(arts)), settings).claims
            ]
            claims += len(status)
            corroborated += status.count("corroborated")
            disputed += status.count("disputed")
            stories_with += any(s != "single-source" for s in status)
        print(
            f"NeuS {split:5} {len(stories)} stories: {corroborated} claims corroborated, "
            f"{disputed} disputed, of {claims}; {stories_with} stories with one or more"
        )
    print(f"NeuS time {time.perf_counter() - t0:.1f} s")


def _claims_settings(pairs: list[str]) -> Any:
    """The shipped ``[claims]`` table with ``key=value`` overrides (TOML values)."""
    import tomllib

    from storytrace.settings import Settings

    values = tomllib.loads("".join(f"{p.split('=', 1)[0]} = {p.split('=', 1)[1]}\n" for p in pairs))
    return Settings.default().claims.with_values(**values)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-event", type=int, default=3)
    ap.add_argument("--set", action="append", default=[], help="[claims] key=value override")
    ap.add_argument(
        "--quotes", action="store_true", help="find quotes and speakers first, as analyze does"
    )
    ap.add_argument(
        "--big",
        action="store_true",
        help="also run the big-story path (claims/big.py) forced on every story, same run",
    )
    ap.add_argument(
        "--neus",
        type=int,
        default=0,
        metavar="N",
        help="also count corroborated claims on the first N NeuS stories of each split",
    )
    args = ap.parse_args(argv)
    if args.neus and (NEUS / "articles.jsonl").exists():
        _neus(args.neus, _claims_settings(args.set))
    elif args.neus:
        print(f"NeuS data not found at {NEUS}: skipped", file=sys.stderr)
    if not (DATA / "articles.jsonl").exists():
        print(f"ECB+ data not found at {DATA}: nothing to measure", file=sys.stderr)
        return 1
    settings = _claims_settings(args.set)
    alone = settings.match_alone
    t0 = time.perf_counter()
    stories = _stories(args.per_event)
    t_load = time.perf_counter() - t0
    per: dict[str, dict[str, list[tuple[set[tuple[str, str]], dict[str, str]]]]] = {
        "storytrace": defaultdict(list),
        "embedding-baseline": defaultdict(list),
    }
    times = {"storytrace": 0.0, "embedding-baseline": 0.0}
    big = settings.with_values(lexical_first_articles=1) if args.big else None
    if big is not None:
        per["storytrace-big"] = defaultdict(list)
        times["storytrace-big"] = 0.0
    for split, _topic, arts, event in stories:
        t = time.perf_counter()
        base = _baseline_links(arts, alone)
        times["embedding-baseline"] += time.perf_counter() - t
        t = time.perf_counter()
        ours = _storytrace_links(arts, settings, args.quotes)
        times["storytrace"] += time.perf_counter() - t
        found = [("storytrace", ours), ("embedding-baseline", base)]
        if big is not None:
            t = time.perf_counter()
            found.append(("storytrace-big", _storytrace_links(arts, big, args.quotes)))
            times["storytrace-big"] += time.perf_counter() - t
        for name, links in found:
            per[name][split].append((links, event))
            per[name]["all"].append((links, event))
    print(
        f"ECB+ claims: {len(stories)} topics, {args.per_event} articles per event, "
        f"each article its own origin (load+prepare {t_load:.1f} s; shared 2-core machine)"
    )
    if args.set:
        print("overrides:", ", ".join(args.set))
    if args.quotes:
        print("quotes and their speakers found first (extract_quotes), as analyze does")
    print(
        f"{'method':20} {'split':6} {'same-event linked':>20} {'cross-event linked':>20} precision"
    )
    for name in per:
        for split in ("train", "dev", "all"):
            s = _score(per[name][split])
            print(
                f"{name:20} {split:6} "
                f"{s['same_linked']:>5}/{s['same_pairs']:<5} {s['same_rate']:>6.1%}   "
                f"{s['cross_linked']:>5}/{s['cross_pairs']:<5} {s['false_rate']:>6.1%}   "
                f"{s['precision']:>8.1%}"
            )
    print(
        f"time: storytrace claims {times['storytrace']:.1f} s, "
        f"baseline {times['embedding-baseline']:.1f} s (vectors shared through the cache)"
        + (f", big-story path {times['storytrace-big']:.1f} s" if big is not None else "")
    )
    return 0


def _load_subset(articles: Path, keep: set[str]) -> list[Any]:
    """The articles of a JSONL file whose id is in ``keep``, read as storytrace reads them."""
    import storytrace

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "subset.jsonl"
        lines = [
            line
            for line in articles.read_text("utf-8").splitlines()
            if line.strip() and json.loads(line)["id"] in keep
        ]
        path.write_text("\n".join(lines) + "\n", "utf-8")
        return list(storytrace.load_articles([str(path)]))


if __name__ == "__main__":
    raise SystemExit(main())
