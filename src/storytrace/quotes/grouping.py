"""Group the same statement across articles, comparing only candidate pairs.

A finding is compared with the groups that share a blocking key with it: its speaker, or a
content word of its text that few findings of the story use (a word in more than
``block_max_share`` of them, or in more than ``block_max_findings``, is no key). Each
finding thus meets a bounded number of groups, so grouping grows about linearly with the
number of articles instead of with its square. Translations share names, numbers and the
speaker, which is what lets them meet across languages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .fidelity import words_cover
from .speakers import QuoteFinding


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """Thresholds of :func:`group_findings` (``[quotes]`` in defaults.toml)."""

    same_speaker_similarity: float
    alone_similarity: float
    fragment_cover: float
    shared_words: float
    block_max_findings: int
    block_max_share: float


def _content(words: list[str]) -> set[str]:
    return {w for w in words if len(w) > 2}


def group_findings(
    findings: list[QuoteFinding],
    order: list[int],
    vecs: np.ndarray,
    norms: list[list[str]],
    cross: Callable[[str, str], bool],
    cfg: GroupSettings,
) -> list[list[int]]:
    """Groups of finding indices (one statement each), placing findings in ``order``.

    ``cross(a, b)``: the two articles differ in language or one translates the other.
    """
    df: Counter[str] = Counter()
    for ws in norms:
        df.update(_content(ws))
    cap = max(2, min(cfg.block_max_findings, int(cfg.block_max_share * len(findings)) + 2))
    keys = [
        {f"w:{w}" for w in _content(norms[k]) if df[w] <= cap}
        | ({f"s:{findings[k].speaker}"} if findings[k].speaker else set())
        for k in range(len(findings))
    ]
    by_key: dict[str, list[int]] = {}
    groups: list[list[int]] = []
    for k in order:
        cands = sorted({g for key in keys[k] for g in by_key.get(key, ())})
        best = _best_group(k, cands, groups, findings, vecs, norms, cross, cfg)
        if best >= 0:
            groups[best].append(k)
            continue
        groups.append([k])
        for key in keys[k]:  # a group is met through its core's keys
            by_key.setdefault(key, []).append(len(groups) - 1)
    return groups


def _best_group(
    k: int,
    cands: list[int],
    groups: list[list[int]],
    findings: list[QuoteFinding],
    vecs: np.ndarray,
    norms: list[list[str]],
    cross: Callable[[str, str], bool],
    cfg: GroupSettings,
) -> int:
    if not cands:
        return -1
    f = findings[k]
    cores = [groups[g][0] for g in cands]
    sims = vecs[cores] @ vecs[k]
    best, best_sim = -1, -1.0
    for g, core, sim in zip(cands, cores, sims.tolist(), strict=True):
        c = findings[core]
        if c.article == f.article:
            ok = norms[k] == norms[core]
        elif f.speaker is None or c.speaker is None or f.speaker == c.speaker:
            short, long = sorted((norms[k], norms[core]), key=len)
            tc = words_cover(short, long)
            ok = (
                sim >= cfg.same_speaker_similarity
                and (tc >= cfg.shared_words or cross(f.article, c.article))
            ) or (
                len([w for w in norms[k] if len(w) > 2]) >= 2
                and tc >= cfg.fragment_cover
                and (f.speaker is not None or c.speaker is not None)
            )
        else:
            ok = sim >= cfg.alone_similarity
        if ok and sim > best_sim:
            best, best_sim = g, sim
    return best
