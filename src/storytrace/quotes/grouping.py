"""Group the same statement across articles, comparing only candidate pairs.

A finding is compared with the groups that share a blocking key with it: its speaker, or a
content word of its text that few findings of the story use (a word in more than
``block_max_share`` of them, or in more than ``block_max_findings``, is no key). Each
finding thus meets a bounded number of groups, so grouping grows about linearly with the
number of articles instead of with its square. Translations share names, numbers and the
speaker, which is what lets them meet across languages. In a big story
(``lexical_first_articles`` articles on) the speaker alone makes no candidate within one
language: two quotes met only through it are not compared.

Texts are embedded only where a cosine can decide something (:class:`Vectors`): a pair
whose words already rule it out (:func:`_route`: same speaker sharing under
``shared_words`` of the words, different speakers under ``alone_shared_words``, in one
language) is not one statement at any cosine, so a quote that meets only such pairs is
never embedded. Findings are placed ``vector_block`` at a time: before a block is placed,
every pair it could meet (the groups' cores and the block's earlier findings sharing a
key) is checked on words, and the texts of the open pairs are embedded in one model call,
so the groups are those that embedding every text gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .fidelity import words_cover
from .speakers import QuoteFinding

DIM = 384


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """Thresholds of :func:`group_findings` (``[quotes]`` in defaults.toml)."""

    same_speaker_similarity: float
    alone_similarity: float
    fragment_cover: float
    shared_words: float
    block_max_findings: int
    block_max_share: float
    alone_shared_words: float = 0.4
    vector_block: int = 512
    #: from this many articles on (a big story), two quotes of one language that share no
    #: rare word are not compared: the speaker alone makes no candidate
    lexical_first_articles: int = 40


class Vectors:
    """The findings' vectors, embedded on demand (identical texts once); a finding not
    asked for keeps a zero row."""

    def __init__(self, texts: list[str], embed: Callable[[list[str]], np.ndarray]) -> None:
        self.texts = texts
        self.rows = np.zeros((len(texts), DIM), np.float32)
        self._have = [False] * len(texts)
        self._embed = embed
        self._asked: set[str] = set()

    @property
    def embedded(self) -> int:
        """Distinct texts asked of the embedder."""
        return len(self._asked)

    def ensure(self, idx: Iterable[int]) -> None:
        """Give every finding of ``idx`` its vector, the missing ones in one call."""
        todo = sorted({k for k in idx if not self._have[k]})
        if not todo:
            return
        uniq = list(dict.fromkeys(self.texts[k] for k in todo))
        got = np.asarray(self._embed(uniq), np.float32)
        pos = {t: i for i, t in enumerate(uniq)}
        for k in todo:
            self.rows[k] = got[pos[self.texts[k]]]
            self._have[k] = True
        self._asked.update(uniq)

    def sim(self, a: int, b: int) -> float:
        return float(self.rows[a] @ self.rows[b])


def _content(words: list[str]) -> set[str]:
    return {w for w in words if len(w) > 2}


def group_findings(
    findings: list[QuoteFinding],
    order: list[int],
    vecs: Vectors,
    norms: list[list[str]],
    cross: Callable[[str, str], bool],
    cfg: GroupSettings,
    n_articles: int = 0,
    crossing: bool = True,
) -> list[list[int]]:
    """Groups of finding indices (one statement each), placing findings in ``order``.

    ``cross(a, b)``: the two articles differ in language or one translates the other.
    ``n_articles``: the story's articles (``lexical_first_articles`` on, a pair met only
    through its speaker is compared only across a language or a translation).
    ``crossing``: some two articles of the story may cross (False: one language and no
    translation, so a big story needs no speaker key at all).
    """
    big = n_articles >= cfg.lexical_first_articles
    df: Counter[str] = Counter()
    for ws in norms:
        df.update(_content(ws))
    cap = max(2, min(cfg.block_max_findings, int(cfg.block_max_share * len(findings)) + 2))
    keys = [
        {f"w:{w}" for w in _content(norms[k]) if df[w] <= cap}
        | ({f"s:{findings[k].speaker}"} if findings[k].speaker and (crossing or not big) else set())
        for k in range(len(findings))
    ]
    pair = _Pairs(findings, norms, keys, cross, cfg, big)
    by_key: dict[str, list[int]] = {}
    groups: list[list[int]] = []
    step = max(1, cfg.vector_block)
    for start in range(0, len(order), step):
        block = order[start : start + step]
        _prefetch(block, keys, by_key, groups, vecs, pair)
        for k in block:
            cands = sorted({g for key in keys[k] for g in by_key.get(key, ())})
            best = _best_group(k, cands, groups, vecs, pair)
            if best >= 0:
                groups[best].append(k)
                continue
            groups.append([k])
            for key in keys[k]:  # a group is met through its core's keys
                by_key.setdefault(key, []).append(len(groups) - 1)
    return groups


def _prefetch(
    block: list[int],
    keys: list[set[str]],
    by_key: dict[str, list[int]],
    groups: list[list[int]],
    vecs: Vectors,
    pair: _Pairs,
) -> None:
    """Embed, in one call, both texts of every open pair the block's findings could meet:
    the cores of the groups sharing a key with them and the block's earlier findings
    sharing one (any of these may found a group before the finding is placed)."""
    want: set[int] = set()
    local: dict[str, list[int]] = {}
    for k in block:
        meets = {groups[g][0] for key in keys[k] for g in by_key.get(key, ())}
        meets.update(j for key in keys[k] for j in local.get(key, ()))
        for j in meets:
            if pair.route(k, j) is not None:
                want.update((k, j))
        for key in keys[k]:
            local.setdefault(key, []).append(k)
    vecs.ensure(want)


class _Pairs:
    """How two findings are compared."""

    def __init__(
        self,
        findings: list[QuoteFinding],
        norms: list[list[str]],
        keys: list[set[str]],
        cross: Callable[[str, str], bool],
        cfg: GroupSettings,
        big: bool,
    ) -> None:
        self.findings, self.norms, self.keys = findings, norms, keys
        self.cross, self.cfg, self.big = cross, cfg, big

    def route(self, k: int, core: int) -> tuple[str, float, bool] | None:
        """How finding ``k`` and a group's core are compared (``"article"``: one article,
        ``"same"``: the same or an unknown speaker, ``"other"``: two speakers), with the
        share of the shorter one's words in the longer and whether they cross a language;
        None when their words rule them out whatever the cosine."""
        f, c, norms, cfg = self.findings[k], self.findings[core], self.norms, self.cfg
        if c.article == f.article:
            return ("article", 1.0, False) if norms[k] == norms[core] else None
        x = self.cross(f.article, c.article)
        if self.big and not x and all(key[0] == "s" for key in self.keys[k] & self.keys[core]):
            return None  # a big story: met through the speaker alone, no rare word shared
        short, long = sorted((norms[k], norms[core]), key=len)
        tc = words_cover(short, long)
        if f.speaker is None or c.speaker is None or f.speaker == c.speaker:
            floor = min(cfg.shared_words, cfg.fragment_cover)
            return ("same", tc, x) if tc >= floor or x else None
        return ("other", tc, x) if tc >= cfg.alone_shared_words or x else None


def _best_group(
    k: int,
    cands: list[int],
    groups: list[list[int]],
    vecs: Vectors,
    pair: _Pairs,
) -> int:
    f, findings, norms, cfg = pair.findings[k], pair.findings, pair.norms, pair.cfg
    best, best_sim = -1, -1.0
    for g in cands:
        core = groups[g][0]
        route = pair.route(k, core)
        if route is None:
            continue
        kind, tc, x = route
        sim = vecs.sim(core, k)
        if kind == "article":
            ok = True
        elif kind == "same":
            ok = (sim >= cfg.same_speaker_similarity and (tc >= cfg.shared_words or x)) or (
                len([w for w in norms[k] if len(w) > 2]) >= 2
                and tc >= cfg.fragment_cover
                and (f.speaker is not None or findings[core].speaker is not None)
            )
        else:
            ok = sim >= cfg.alone_similarity
        if ok and sim > best_sim:
            best, best_sim = g, sim
    return best
