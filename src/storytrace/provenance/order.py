"""A source-first order of the articles that agrees with the strongest direction votes.

Summing votes per article favours articles with few links (a derivative linked only to one
sibling outranks a sibling that is derived from three texts). Instead the pairwise votes
are taken strongest first, each kept unless it contradicts those already kept (greedy
feedback-arc removal), and the articles are laid out in a topological order of the kept
votes. Ties go to the higher mean vote, then the earlier date, the longer text, the id.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def source_order(
    ids: Iterable[str],
    votes: dict[tuple[str, str], float],
    tiebreak: Callable[[str], tuple[object, ...]],
) -> list[str]:
    """Order ``ids`` so that sources come before what derives from them.

    Args:
        ids: the articles.
        votes: ``(x, y) -> d``; ``d > 0`` says ``x`` is the source of ``y``.
        tiebreak: sort key among articles no kept vote orders.
    """
    nodes = sorted(ids)
    graph: dict[str, set[str]] = defaultdict(set)
    mean: dict[str, list[float]] = defaultdict(list)
    for (x, y), d in votes.items():
        mean[x].append(d)
        mean[y].append(-d)
    for (x, y), d in sorted(votes.items(), key=lambda kv: (-abs(kv[1]), kv[0])):
        if d == 0:
            continue
        src, tgt = (x, y) if d > 0 else (y, x)
        if not _reaches(graph, tgt, src):
            graph[src].add(tgt)
    indegree = dict.fromkeys(nodes, 0)
    for src in list(graph):
        for tgt in graph[src]:
            indegree[tgt] += 1

    def key(i: str) -> tuple[object, ...]:
        m = sum(mean[i]) / len(mean[i]) if mean[i] else 0.0
        return (-round(m, 6), *tiebreak(i))

    heap = [(key(i), i) for i in nodes if indegree[i] == 0]
    heapq.heapify(heap)
    out: list[str] = []
    while heap:
        _, node = heapq.heappop(heap)
        out.append(node)
        for nxt in sorted(graph[node]):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(heap, (key(nxt), nxt))
    return out
