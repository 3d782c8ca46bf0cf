"""Group the fact units of a story into claims without chaining.

Edges come from the sentence alignments inside one origin (derivative copies: trusted; the
units of two aligned sentences pair up by cosine), and from cross-article matching of the
unit embeddings: two units of different articles link, one partner each, best cosine first,
when their cosine is high (higher unless each is the other's best match in that article)
and they state the same fact (:func:`.facts.same_fact`: the same actors, most of each
one's content in the other).
An alignment across origins is a hint that lowers the cosine needed, never a link by
itself. Edges are merged strongest first, and two groups merge only when every pair across
them stays above a floor (complete linkage) and no article would contribute two unrelated
units, so A~B and B~C never pulls an unrelated C into A's claim. What each origin says in
the two groups (its root's units when the root is there) must also share some content with
what every other origin says (:func:`_facts_agree`): a cosine floor alone let a copy's
sentence of two facts carry another origin's unit of one into the claim of the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..text import sentences
from ..types import Story
from .facts import FactRule, Signature, content_share, same_fact, shares_fact
from .frames import Frame, FrameRule, frame_pairs
from .units import Unit
from .values import Value, same_number

Node = tuple[int, int]  # (article position, unit position)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cosine thresholds of unit matching (see ``[claims]`` in defaults.toml)."""

    alone: float = 0.93
    with_key: float = 0.90
    values: float = 0.88
    floor: float = 0.84
    duplicate: float = 0.95
    rule: FactRule = field(default_factory=FactRule)
    exact_below: int = 40
    neighbours: int = 32
    partners: int = 24
    frame: FrameRule = field(default_factory=FrameRule)


def key_content(values: Sequence[Value], rare: set[str]) -> set[str]:
    """The values that make two units about the same fact: numbers, dates, rare entities.
    A weekday is a date only when rare: a story of one event says "on Tuesday" in most of
    its sentences (the demo's storm-surge opening and a later "as the water drained on
    Wednesday ... surged on Tuesday" shared nothing else)."""
    out = set()
    for v in values:
        if (v.kind == "number" or (v.kind == "date" and not weekday(v))) or v.key in rare:
            out.add(f"{v.kind}:{v.key}")
    return out


def weekday(v: Value) -> bool:
    """A weekday date ("on Friday"), the key ``extract_values`` gives it."""
    return v.kind == "date" and v.key.startswith("wd:")


def _shares_key(a: set[str], b: set[str], va: Sequence[Value], vb: Sequence[Value]) -> bool:
    if a & b:
        return True
    na = [v for v in va if v.kind == "number"]
    nb = [v for v in vb if v.kind == "number"]
    return any(same_number(x, y) for x in na for y in nb)


@dataclass(slots=True)
class UnitTable:
    """Everything the matcher knows about each unit, per article."""

    units: list[list[Unit]]
    vecs: list[np.ndarray]
    keys: list[list[set[str]]]
    values: list[list[list[Value]]]
    sigs: list[list[Signature]]
    origin_of: list[str]
    frames: list[list[tuple[Frame, ...]]] = field(default_factory=list)
    #: per grouped quote, the unit of each article that reports it (frames.quote_units)
    quoted: dict[str, list[Node]] = field(default_factory=dict)


def _aligned_pairs(
    story: Story, t: UnitTable, th: Thresholds
) -> tuple[dict[tuple[Node, Node], float], set[tuple[Node, Node]]]:
    """Unit pairs of aligned sentences: trusted inside an origin, hints across origins."""
    pos = {a.id: k for k, a in enumerate(story.articles)}
    sent_index = [
        {s.index: x for x, s in enumerate(sentences(story.articles[k]))}
        for k in range(len(t.units))
    ]
    by_sent: list[dict[int, list[int]]] = []
    for k, units in enumerate(t.units):
        m: dict[int, list[int]] = {}
        for u, unit in enumerate(units):
            m.setdefault(unit.sentence, []).append(u)
        by_sent.append({idx: m.get(x, []) for idx, x in sent_index[k].items()})
    aligned: dict[tuple[Node, Node], float] = {}
    hinted: set[tuple[Node, Node]] = set()
    for al in story.alignments:
        if al.a not in pos or al.b not in pos:
            continue
        ia, ib = pos[al.a], pos[al.b]
        ua = [u for s in al.a_sents for u in by_sent[ia].get(s, [])]
        ub = [u for s in al.b_sents for u in by_sent[ib].get(s, [])]
        if not ua or not ub:
            continue
        same = t.origin_of[ia] == t.origin_of[ib]
        for x, y in _pair_units(t.vecs[ia], t.vecs[ib], ua, ub, same):
            na, nb = (ia, x), (ib, y)
            if same and al.kind == "rewritten" and not _rewrite_holds(t, na, nb, th):
                continue  # a loose rewrite alignment is a hint for sentences, not units
            if same:
                score = max(float(al.score), 0.0)
                aligned[(na, nb)] = aligned[(nb, na)] = max(score, aligned.get((na, nb), 0.0))
            else:
                hinted.add((na, nb))
                hinted.add((nb, na))
    return aligned, hinted


def _rewrite_holds(t: UnitTable, a: Node, b: Node, th: Thresholds) -> bool:
    """A rewritten pair inside an origin states one fact: close, and sharing content or a
    number or date ("built in the 1920s" / "which dates from the 1920s")."""
    cos = float(t.vecs[a[0]][a[1]] @ t.vecs[b[0]][b[1]])
    ua, ub = t.units[a[0]][a[1]], t.units[b[0]][b[1]]
    if ua.language and ub.language and ua.language != ub.language:
        return cos >= th.floor
    sa, sb = t.sigs[a[0]][a[1]], t.sigs[b[0]][b[1]]
    return cos >= th.floor and (
        content_share(sa, sb) >= th.rule.rewrite or bool(sa.numbers & sb.numbers)
    )


def _pair_units(
    va: np.ndarray, vb: np.ndarray, ua: list[int], ub: list[int], same: bool
) -> list[tuple[int, int]]:
    """The unit pairs of two aligned sentence runs: one to one when both are one unit, else
    each unit of the shorter run with its closest unit of the other (never a weak pair)."""
    if len(ua) == 1 and len(ub) == 1:
        return [(ua[0], ub[0])]
    sims = va[ua] @ vb[ub].T
    out = []
    if len(ua) <= len(ub):
        for r, x in enumerate(ua):
            c = int(sims[r].argmax())
            if sims[r, c] >= 0.85 or (same and sims[r, c] >= 0.8):
                out.append((x, ub[c]))
    else:
        for c, y in enumerate(ub):
            r = int(sims[:, c].argmax())
            if sims[r, c] >= 0.85 or (same and sims[r, c] >= 0.8):
                out.append((ua[r], y))
    return out


def cluster_units(story: Story, t: UnitTable, th: Thresholds) -> list[list[Node]]:
    """Claims as lists of unit nodes, each unit in exactly one."""
    aligned, hinted = _aligned_pairs(story, t, th)
    attested = _attested(story, t, aligned)
    edges: list[tuple[float, Node, Node]] = [
        (1.0 + s, a, b) for (a, b), s in aligned.items() if a < b
    ]
    sims: dict[tuple[int, int], np.ndarray] = {}
    for i, j in _article_pairs(t, th):
        s = t.vecs[i] @ t.vecs[j].T
        sims[(i, j)] = s
        edges.extend(
            e
            for e in _fact_edges(t, i, j, s, aligned, hinted, th)
            if t.origin_of[i] == t.origin_of[j] or (e[1] in attested and e[2] in attested)
        )
    framed: dict[tuple[Node, Node], int] = {}
    if t.frames:
        sentence_of = [[u.sentence for u in us] for us in t.units]
        framed = frame_pairs(t.frames, sentence_of, t.vecs, t.origin_of, th.frame)
    edges.extend(_frame_edges(t, framed, attested))
    said = _quote_pairs(t, attested)
    edges.extend((float(t.vecs[a[0]][a[1]] @ t.vecs[b[0]][b[1]]) - 1.0, a, b) for a, b in said)
    partners: dict[Node, set[Node]] = {}
    for x, y in aligned:
        partners.setdefault(x, set()).add(y)

    def affinity(a: Node, b: Node) -> float:
        if (a, b) in aligned:
            return 1.0
        if (a, b) in framed or (a, b) in said or (b, a) in said:
            return max(th.floor, float(t.vecs[a[0]][a[1]] @ t.vecs[b[0]][b[1]]))
        if a[0] == b[0]:
            if a[1] != b[1] and partners.get(a, set()) & partners.get(b, set()):
                return 1.0  # a merged run of one alignment
            return float(t.vecs[a[0]][a[1]] @ t.vecs[b[0]][b[1]])
        i, j = (a, b) if a[0] < b[0] else (b, a)
        pair = sims.get((i[0], j[0]))
        if pair is None:  # big stories: an article pair no neighbour search proposed
            return float(t.vecs[i[0]][i[1]] @ t.vecs[j[0]][j[1]])
        return float(pair[i[1], j[1]])

    roots = {o.root for o in story.origins}
    voiced = [a.id in roots or a.id == t.origin_of[k] for k, a in enumerate(story.articles)]
    return _merge(t, edges, affinity, th, voiced)


def _frame_edges(
    t: UnitTable, framed: dict[tuple[Node, Node], int], attested: set[Node]
) -> list[tuple[float, Node, Node]]:
    """Edges of statement frames (:mod:`.frames`): per article pair, each unit with the unit
    of the other whose frame shares most (then the higher cosine), kept when that choice is
    mutual and both units are their origin's report. They rank below every cosine edge."""
    best: dict[tuple[Node, int], tuple[int, float, Node]] = {}
    for (a, b), n in framed.items():
        if a in attested and b in attested:
            cand = (n, float(t.vecs[a[0]][a[1]] @ t.vecs[b[0]][b[1]]), b)
            if cand > best.get((a, b[0]), (0, 0.0, b)):
                best[(a, b[0])] = cand
    out = []
    for (a, _j), (_n, cos, b) in best.items():
        back = best.get((b, a[0]))
        if a < b and back is not None and back[2] == a:
            out.append((cos - 1.0, a, b))
    return out


def _quote_pairs(t: UnitTable, attested: set[Node]) -> set[tuple[Node, Node]]:
    """Pairs of units of two origins that report one grouped quote (``t.quoted``), both
    their origin's report; as frame edges they rank below every cosine edge."""
    out = set()
    for nodes in t.quoted.values():
        for k, a in enumerate(nodes):
            for b in nodes[k + 1 :]:
                if t.origin_of[a[0]] != t.origin_of[b[0]] and a in attested and b in attested:
                    out.add((a, b) if a < b else (b, a))
    return out


def _article_pairs(t: UnitTable, th: Thresholds) -> list[tuple[int, int]]:
    """The article pairs whose units are matched: every pair in a story of fewer than
    ``th.exact_below`` articles; above, only pairs where some unit has a unit of the other
    among its ``th.neighbours`` nearest (faiss HNSW) at a cosine a match could need, and
    of those each article's ``th.partners`` strongest, so the work grows with the units,
    not with the square of the articles."""
    n = len(t.units)
    live = [i for i in range(n) if len(t.vecs[i])]
    if n < th.exact_below:
        return [(i, j) for x, i in enumerate(live) for j in live[x + 1 :]]
    import faiss

    owner = np.concatenate([np.full(len(t.vecs[i]), i) for i in live])
    vecs = np.ascontiguousarray(np.concatenate([t.vecs[i] for i in live]), dtype=np.float32)
    k = min(len(vecs), th.neighbours + 1)
    index = faiss.IndexHNSWFlat(vecs.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efSearch = max(64, 2 * k)
    index.add(vecs)
    sims, ids = index.search(vecs, k)
    least = th.with_key - 0.01  # no match below with_key (facts.same_fact); HNSW's float noise
    strength: dict[tuple[int, int], float] = {}
    owners = owner.tolist()
    below = (sims < least).tolist()
    for row, (srow, irow, low) in enumerate(zip(sims.tolist(), ids.tolist(), below, strict=True)):
        a = owners[row]
        for sim, col, under in zip(srow, irow, low, strict=True):
            if col < 0 or under:
                continue
            b = owners[col]
            if a != b:
                pair = (a, b) if a < b else (b, a)
                strength[pair] = strength.get(pair, 0.0) + sim
    return _strongest_partners(strength, th.partners)


def _strongest_partners(strength: dict[tuple[int, int], float], keep: int) -> list[tuple[int, int]]:
    """The article pairs among the ``keep`` strongest partners of either article: units
    meet units of ever more articles as a story grows (the same template sentence in
    hundreds of reports), and each pair costs a matrix of its units' cosines."""
    ranked: dict[int, list[tuple[float, int]]] = {}
    for (a, b), w in strength.items():
        ranked.setdefault(a, []).append((-w, b))
        ranked.setdefault(b, []).append((-w, a))
    kept: set[tuple[int, int]] = set()
    for a, options in ranked.items():
        options.sort()
        kept.update((a, b) if a < b else (b, a) for _, b in options[:keep])
    return sorted(kept)


def _attested(story: Story, t: UnitTable, aligned: dict[tuple[Node, Node], float]) -> set[Node]:
    """Units their origin vouches for: every unit of an origin's root, and the units of a
    derived article that align with another article of its origin. A derivative's own
    additions (an AI rewrite's closing paragraphs) are its own words, not its origin's
    report, so they never corroborate another origin."""
    roots = {o.root for o in story.origins}
    out: set[Node] = {a for a, _ in aligned}
    for i, art in enumerate(story.articles):
        if not roots or art.id in roots or art.id == t.origin_of[i]:
            out.update((i, x) for x in range(len(t.units[i])))
    return out


def _fact_edges(
    t: UnitTable,
    i: int,
    j: int,
    s: np.ndarray,
    aligned: dict[tuple[Node, Node], float],
    hinted: set[tuple[Node, Node]],
    th: Thresholds,
) -> list[tuple[float, Node, Node]]:
    """Unit pairs of articles ``i`` and ``j`` that state one fact, one partner per unit:
    pairs taken best cosine first where both units are still free and ``same_fact`` holds.
    A pair of mutual nearest neighbours needs the usual cosine; any other needs the cosine
    that decides alone (``match_alone``): a headline's best match in another report is often
    that report's headline, in other words, and the lead sentence that states the same fact
    was never compared (NeuS, 150 stories a split: corroborated claims train 143 -> 145, dev
    109 -> 112, each new one read and right; ECB+ claims bench unchanged, 65/150 and 7/225
    on train; with the usual cosine for every pair 153 / 130 but 9/225 cross-event pairs)."""
    out: list[tuple[float, Node, Node]] = []
    valued = _same_values(t, i, j)
    best_j = s.argmax(axis=1)
    best_i = s.argmax(axis=0)
    xs, ys = np.nonzero(s >= min(th.alone, th.with_key, th.values))
    used_x: set[int] = set()
    used_y: set[int] = set()
    for k in np.argsort(-s[xs, ys], kind="stable"):
        x, y = int(xs[k]), int(ys[k])
        if x in used_x or y in used_y:
            continue
        if ((i, x), (j, y)) in aligned:
            used_x.add(x)
            used_y.add(y)
            continue
        c = float(s[x, y])
        keyed = ((i, x), (j, y)) in hinted or _shares_key(
            t.keys[i][x], t.keys[j][y], t.values[i][x], t.values[j][y]
        )
        alone = th.alone if not keyed else th.with_key
        least = th.values if valued[x, y] else th.with_key
        if int(best_j[x]) != y or int(best_i[y]) != x:
            alone = least = max(alone, th.alone)
        ua, ub = t.units[i][x], t.units[j][y]
        same_lang = ua.language is None or ub.language is None or ua.language == ub.language
        if same_fact(t.sigs[i][x], t.sigs[j][y], c, alone, least, same_lang, th.rule):
            used_x.add(x)
            used_y.add(y)
            out.append((c, (i, x), (j, y)))
    return out


def _same_values(t: UnitTable, i: int, j: int) -> np.ndarray:
    """1.0 where units of articles ``i`` and ``j`` state the same numbers and dates (one or
    more; weekdays aside, as ``key_content``), else 0.0."""
    out = np.zeros((len(t.units[i]), len(t.units[j])), np.float32)
    stating: dict[frozenset[str], list[int]] = {}
    for y, b in enumerate(_stated(t, j)):
        if b:
            stating.setdefault(b, []).append(y)
    for x, a in enumerate(_stated(t, i)):
        if a in stating:
            out[x, stating[a]] = 1.0
    return out


def _stated(t: UnitTable, i: int) -> list[frozenset[str]]:
    return [frozenset(k for k in sig.numbers if not k.startswith("wd:")) for sig in t.sigs[i]]


def _merge(
    t: UnitTable,
    edges: list[tuple[float, Node, Node]],
    affinity: Callable[[Node, Node], float],
    th: Thresholds,
    voiced: list[bool],
) -> list[list[Node]]:
    cluster_of: dict[Node, int] = {}
    members: dict[int, list[Node]] = {}
    first = np.cumsum([0] + [len(v) for v in t.vecs])
    dim = next((v.shape[1] for v in t.vecs if len(v)), 1)
    flat = np.concatenate([v.reshape(-1, dim) for v in t.vecs]) if t.vecs else np.zeros((0, 1))
    for i, units in enumerate(t.units):
        for x in range(len(units)):
            cid = len(members)
            cluster_of[(i, x)] = cid
            members[cid] = [(i, x)]
    # Complete linkage: two groups that failed stay failed once either grows.
    failed: dict[int, set[int]] = {}
    for _score, a, b in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb or cb in failed.get(ca, ()):
            continue
        ma, mb = members[ca], members[cb]
        cos = None
        if len(ma) * len(mb) > 64:  # big groups (many copies): one matrix product
            rows_a = first[[i for i, _ in ma]] + [x for _, x in ma]
            rows_b = first[[i for i, _ in mb]] + [x for _, x in mb]
            cos = flat[rows_a] @ flat[rows_b].T
        if not _compatible(ma, mb, affinity, th, cos) or not _facts_agree(
            t, ma, mb, th.rule, voiced
        ):
            failed.setdefault(ca, set()).add(cb)
            failed.setdefault(cb, set()).add(ca)
            continue
        keep, drop = (ca, cb) if len(ma) >= len(mb) else (cb, ca)
        for z in failed.pop(drop, set()):
            failed[z].discard(drop)
            failed[z].add(keep)
            failed.setdefault(keep, set()).add(z)
        for node in members[drop]:
            cluster_of[node] = keep
        members[keep].extend(members.pop(drop))
    return [sorted(m) for m in members.values()]


def _facts_agree(
    t: UnitTable, ma: list[Node], mb: list[Node], rule: FactRule, voiced: list[bool]
) -> bool:
    """Complete linkage on content: what each origin says in the two groups shares some
    content with what every other origin says (:func:`.facts.shares_fact`). An origin
    says what its root's units say when the root is in the group (``voiced``), else
    what each of its units says: a derived article that merged two of its root's facts
    into one sentence ("Norland is ready to impose tariffs over Ostmark's grain
    exports", where its root says the two things apart) joins its root's claim of one fact
    by alignment, and must not carry another origin's unit of the other fact (the tariffs)
    into it (the seeds' derived radio script did so). Units of
    other languages (no words to compare) and copies with one signature are checked once."""
    sa = _voices(t, ma, voiced)
    sb = _voices(t, mb, voiced)
    return all(
        shares_fact(x, y, rule)
        for (ox, lx, x) in sa
        for (oy, ly, y) in sb
        if ox != oy and (lx is None or ly is None or lx == ly)
    )


def _voices(
    t: UnitTable, group: list[Node], voiced: list[bool]
) -> set[tuple[str, str | None, Signature]]:
    """(origin, language, signature) of what each origin of ``group`` says in it."""
    rooted = {t.origin_of[i] for i, _ in group if voiced[i]}
    return {
        (t.origin_of[i], t.units[i][x].language, t.sigs[i][x])
        for i, x in group
        if voiced[i] or t.origin_of[i] not in rooted
    }


def _compatible(
    ma: list[Node],
    mb: list[Node],
    affinity: Callable[[Node, Node], float],
    th: Thresholds,
    cos: np.ndarray | None = None,
) -> bool:
    """Complete linkage: every cross pair above the floor; one unit per article unless the
    two are a merged run of one alignment or a repeated block.

    ``cos``, when given, holds every cross pair's cosine: pairs of two articles clearly
    above the floor pass without a look (big claims of many copies are checked in one
    product); the others, and pairs inside one article, are decided by ``affinity``
    (alignments count 1.0)."""
    pairs: Iterable[tuple[Node, Node]] = ((x, y) for y in mb for x in ma)
    if cos is not None:
        same = np.equal.outer([i for i, _ in ma], [i for i, _ in mb])
        check = same | (cos < th.floor + 1e-4)
        pairs = ((ma[int(c)], mb[int(r)]) for r, c in zip(*np.nonzero(check.T), strict=True))
    for x, y in pairs:
        score = affinity(x, y)
        if x[0] == y[0]:
            if score < 1.0 and score < th.duplicate:
                return False
        elif score < th.floor:
            return False
    return True
