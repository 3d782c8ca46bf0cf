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

from ..align.embed import DIM
from .fidelity import words_cover
from .speakers import QuoteFinding

#: how two findings are compared, the share of the shorter's words in the longer, and
#: whether the pair crosses a language (read only where the verdict needs it)
Route = tuple[str, float, bool]


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
    may_cross: Callable[[str], bool] | None = None,
) -> list[list[int]]:
    """Groups of finding indices (one statement each), placing findings in ``order``.

    ``cross(a, b)``: the two articles differ in language or one translates the other.
    ``n_articles``: the story's articles (``lexical_first_articles`` on, a pair met only
    through its speaker is compared only where it crosses). ``may_cross(a)``: article
    ``a`` may cross another (another language than the story's, or a translation on its
    way to its root); two articles that may not never cross. None: any may.
    """
    big = n_articles >= cfg.lexical_first_articles
    df: Counter[str] = Counter()
    for ws in norms:
        df.update(_content(ws))
    cap = max(2, min(cfg.block_max_findings, int(cfg.block_max_share * len(findings)) + 2))
    words = [{f"w:{w}" for w in _content(norms[k]) if df[w] <= cap} for k in range(len(norms))]
    index, look = _speaker_keys(findings, words, big, may_cross)
    pair = _Pairs(findings, norms, cross, cfg, big)
    by_key: dict[str, list[int]] = {}  # key -> the cores indexed under it
    core_of: dict[int, int] = {}  # a group's first finding -> the group
    groups: list[list[int]] = []
    step = max(1, cfg.vector_block)
    for start in range(0, len(order), step):
        block = order[start : start + step]
        open_pairs = _prefetch(block, words, look, index, by_key, vecs, pair)
        for k in block:
            cands = sorted(core_of[j] for j in open_pairs[k] if j in core_of)
            best = _best_group(k, cands, groups, vecs, pair, open_pairs[k])
            if best >= 0:
                groups[best].append(k)
                continue
            core_of[k] = len(groups)
            groups.append([k])
            for key in index[k]:  # a group is met through its core's keys
                by_key.setdefault(key, []).append(k)
    return groups


def _speaker_keys(
    findings: list[QuoteFinding],
    words: list[set[str]],
    big: bool,
    may_cross: Callable[[str], bool] | None,
) -> tuple[list[set[str]], list[set[str]]]:
    """The keys each finding is met through (as a group's core) and those it looks up:
    its rare words, and its speaker. In a big story the speaker meets only pairs that may
    cross: a finding whose article may cross looks up every core of its speaker (``s:``),
    any other only the cores whose article may cross (``x:``)."""
    index, look = [], []
    for k, f in enumerate(findings):
        if not f.speaker:
            index.append(words[k])
            look.append(words[k])
        elif not big:
            both = words[k] | {f"s:{f.speaker}"}
            index.append(both)
            look.append(both)
        else:
            may = may_cross is None or may_cross(f.article)
            index.append(words[k] | {f"s:{f.speaker}"} | ({f"x:{f.speaker}"} if may else set()))
            look.append(words[k] | {f"s:{f.speaker}" if may else f"x:{f.speaker}"})
    return index, look


def _prefetch(
    block: list[int],
    words: list[set[str]],
    look: list[set[str]],
    index: list[set[str]],
    by_key: dict[str, list[int]],
    vecs: Vectors,
    pair: _Pairs,
) -> dict[int, dict[int, Route]]:
    """Embed, in one call, both texts of every open pair the block's findings could meet:
    the group cores sharing a key with them and the block's earlier findings sharing one
    (any of these may found a group before the finding is placed). Returns each finding's
    open pairs (the other finding and how they are compared)."""
    want: set[int] = set()
    out: dict[int, dict[int, Route]] = {}
    local: dict[str, list[int]] = {}
    for k in block:
        met_words = {j for key in words[k] for src in (by_key, local) for j in src.get(key, ())}
        meets = met_words | {
            j for key in look[k] - words[k] for src in (by_key, local) for j in src.get(key, ())
        }
        out[k] = {}
        for j in meets:
            route = pair.route(k, j, j not in met_words)
            if route is not None:
                out[k][j] = route
                want.update((k, j))
        for key in index[k]:
            local.setdefault(key, []).append(k)
    vecs.ensure(want)
    return out


class _Pairs:
    """How two findings are compared."""

    def __init__(
        self,
        findings: list[QuoteFinding],
        norms: list[list[str]],
        cross: Callable[[str, str], bool],
        cfg: GroupSettings,
        big: bool,
    ) -> None:
        self.findings, self.norms, self.cross, self.cfg, self.big = findings, norms, cross, cfg, big

    def route(self, k: int, core: int, speaker_only: bool = False) -> Route | None:
        """How finding ``k`` and a group's core are compared (``"article"``: one article,
        ``"same"``: the same or an unknown speaker, ``"other"``: two speakers), with the
        share of the shorter one's words in the longer and whether they cross a language
        (read only where it matters); None when their words rule them out whatever the
        cosine."""
        f, c, norms, cfg = self.findings[k], self.findings[core], self.norms, self.cfg
        if c.article == f.article:
            return ("article", 1.0, False) if norms[k] == norms[core] else None
        if self.big and speaker_only and not self.cross(f.article, c.article):
            return None  # a big story: met through the speaker alone, in one language
        short, long = sorted((norms[k], norms[core]), key=len)
        tc = words_cover(short, long)
        if f.speaker is None or c.speaker is None or f.speaker == c.speaker:
            if tc >= cfg.shared_words:
                return ("same", tc, False)  # crossing or not: the verdict is the same
            x = self.cross(f.article, c.article)
            return ("same", tc, x) if tc >= cfg.fragment_cover or x else None
        if tc >= cfg.alone_shared_words or self.cross(f.article, c.article):
            return ("other", tc, False)  # two speakers: the cosine alone decides
        return None


def _best_group(
    k: int,
    cands: list[int],
    groups: list[list[int]],
    vecs: Vectors,
    pair: _Pairs,
    open_pairs: dict[int, Route],
) -> int:
    """The group ``k`` joins (the highest cosine among those it may join), or -1;
    ``open_pairs``: the cores ``k`` could be one statement with, and how they compare."""
    f, findings, norms, cfg = pair.findings[k], pair.findings, pair.norms, pair.cfg
    best, best_sim = -1, -1.0
    for g in cands:
        core = groups[g][0]
        route = open_pairs.get(core)
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
