"""Sentence alignment across the articles of a story.

For every pair of articles, sentences (or runs of two consecutive sentences) that say the
same thing are matched one-to-one. Pairs are reported with ``a`` the article whose id sorts
first (id order, not story order), so the result does not depend on input order.

Steps: embed every sentence once -> candidate pairs (embedding neighbours + verbatim
shingles, see :mod:`.candidates`) -> score each candidate (:mod:`.score`) -> per article
pair, greedy one-to-one by score -> try 1-2 and 2-1 merges around each match -> name kinds.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter, defaultdict
from typing import Any

import numpy as np

from ..settings import AlignSettings, Settings
from ..types import Alignment, Article, Story
from .candidates import Unit, candidate_pairs, lexical_candidates, translation_partners
from .embed import DIM
from .score import (
    PairScore,
    background,
    guess_language,
    match_kind,
    score_lexical,
    score_pair,
)
from .text import content_words, script


@dataclasses.dataclass(frozen=True, slots=True)
class _Match:
    a_sents: tuple[int, ...]
    b_sents: tuple[int, ...]
    score: PairScore


def _languages(art: Article) -> list[str]:
    """Each sentence's language and script: its own language, the article's, or a guess."""
    guess = art.language or guess_language([s.text for s in art.sentences])
    out = []
    for s in art.sentences:
        writing = script(s.text)
        out.append(f"{s.language or guess or writing}:{writing}")
    return out


class _PairAligner:
    """Aligns one article pair from its scored candidates. With ``lexical`` (a big story's
    lexical path) pairs of one language are scored on their words alone
    (:func:`.score.score_lexical`) and only the rows of ``embedded`` sentences hold vectors."""

    def __init__(
        self,
        a: Article,
        b: Article,
        a_vecs: np.ndarray,
        b_vecs: np.ndarray,
        a_langs: list[str],
        b_langs: list[str],
        settings: dict[str, Any],
        lexical: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self.a, self.b = a, b
        self.av, self.bv = a_vecs, b_vecs
        self.al, self.bl = a_langs, b_langs
        self.settings = settings
        self.lexical = lexical is not None
        if lexical is None:
            self.bg = background(a_vecs, b_vecs, settings)
        elif lexical[0].any() and lexical[1].any():
            self.bg = background(a_vecs[lexical[0]], b_vecs[lexical[1]], settings)
        else:
            self.bg = float(settings["background_min"])

    def _text(self, art: Article, sents: tuple[int, ...]) -> str:
        return " ".join(art.sentences[i].text for i in sents)

    def _same(self, a_sents: tuple[int, ...], b_sents: tuple[int, ...]) -> bool:
        return self.al[a_sents[0]] == self.bl[b_sents[0]]

    def score(self, a_sents: tuple[int, ...], b_sents: tuple[int, ...]) -> PairScore:
        """Score two runs; a run's vector is the normalised sum of its sentence vectors
        (the model mean-pools tokens, so this approximates embedding the joined text)."""
        va = self.av[list(a_sents)].sum(axis=0)
        vb = self.bv[list(b_sents)].sum(axis=0)
        cos = float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb) + 1e-9))
        ta, tb = self._text(self.a, a_sents), self._text(self.b, b_sents)
        same = self._same(a_sents, b_sents)
        if same and self.lexical:
            return score_lexical(ta, tb, self.settings)
        return score_pair(ta, tb, cos, self.bg, same, self.settings)

    def align(self, candidates: list[tuple[int, int]]) -> list[Alignment]:
        scored = []
        ia = np.fromiter((i for i, _ in candidates), dtype=np.int64, count=len(candidates))
        jb = np.fromiter((j for _, j in candidates), dtype=np.int64, count=len(candidates))
        # Sentence vectors are unit length: one row-wise dot product gives every cosine.
        cosines = np.einsum("ij,ij->i", self.av[ia], self.bv[jb]).tolist()
        sa, sb = self.a.sentences, self.b.sentences
        for (i, j), cos in zip(candidates, cosines, strict=True):
            same = self.al[i] == self.bl[j]
            if same and self.lexical:
                s = score_lexical(sa[i].text, sb[j].text, self.settings)
            else:
                s = score_pair(sa[i].text, sb[j].text, cos, self.bg, same, self.settings)
            if s.accepted:
                scored.append((s, i, j))
        scored.sort(key=lambda t: (-t[0].score, t[1], t[2]))
        used_a: set[int] = set()
        used_b: set[int] = set()
        matches: list[_Match] = []
        for s, i, j in scored:
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            matches.append(_Match((i,), (j,), s))
        merged = [self._merge(m, used_a, used_b) for m in matches]
        return [self._alignment(m) for m in merged]

    def _merge(self, m: _Match, used_a: set[int], used_b: set[int]) -> _Match:
        """Extend a 1-1 match to 1-2 or 2-1 when the run of two matches clearly better."""
        gain = float(self.settings["merge_gain"])
        share = float(self.settings["merge_min_content"])
        (i,), (j,) = m.a_sents, m.b_sents
        options: list[tuple[tuple[int, ...], tuple[int, ...], int, bool]] = []
        for k in (j - 1, j + 1):
            if 0 <= k < len(self.b.sentences) and k not in used_b:
                options.append(((i,), tuple(sorted((j, k))), k, False))
        for k in (i - 1, i + 1):
            if 0 <= k < len(self.a.sentences) and k not in used_a:
                options.append((tuple(sorted((i, k))), (j,), k, True))
        best = m
        for a_sents, b_sents, added, on_a in options:
            s = self.score(a_sents, b_sents)
            if not s.accepted or s.score < best.score.score + gain:
                continue
            # The added sentence must carry content of the other side, not just ride along
            # (checked on shared words within one language; across languages the score
            # gain alone decides).
            extra = (self.a if on_a else self.b).sentences[added].text
            other = self._text(self.b, b_sents) if on_a else self._text(self.a, a_sents)
            words_extra = content_words(extra)
            shared = len(words_extra & content_words(other))
            if self._same(a_sents, b_sents) and words_extra and shared < share * len(words_extra):
                continue
            best = _Match(a_sents, b_sents, s)
        if best is not m:
            used_a |= set(best.a_sents)
            used_b |= set(best.b_sents)
        return best

    def _alignment(self, m: _Match) -> Alignment:
        sa = [self.a.sentences[i] for i in m.a_sents]
        sb = [self.b.sentences[j] for j in m.b_sents]
        ta, tb = self._text(self.a, m.a_sents), self._text(self.b, m.b_sents)
        kind = match_kind(ta, tb, self._same(m.a_sents, m.b_sents), self.settings)
        return Alignment(
            a=self.a.id,
            b=self.b.id,
            a_sents=m.a_sents,
            b_sents=m.b_sents,
            a_span=(sa[0].start, sa[-1].end),
            b_span=(sb[0].start, sb[-1].end),
            score=m.score.score,
            kind=kind,
        )


def align_story(story: Story, settings: AlignSettings | None = None) -> Story:
    """Fill ``story.alignments`` with matched sentences for every pair of articles.

    From ``[align] lexical_first_articles`` articles on (a big story) sentence pairs of one
    language are found and scored on their words alone, and only the sentences that may
    match across languages are embedded (see :func:`_to_embed`): the model is most of a big
    story's time, and a same-language match shares content words anyway.

    Args:
        story: a story whose articles went through :func:`storytrace.clean.prepare`.
        settings: the ``[align]`` table; the packaged defaults when omitted.

    Returns:
        A copy with ``alignments`` (``a`` sorts before ``b`` by id) and ``stats["align"]``.
    """
    from .embed import embed, get_embedder

    # A plain dict: scoring reads settings per candidate pair (the table's checked lookup
    # was a tenth of align's CPU on a 200-article story).
    cfg: dict[str, Any] = dict(settings if settings is not None else Settings.default().align)
    t0 = time.perf_counter()
    stats = dict(story.stats)
    warnings: list[str] = []
    arts = sorted(story.articles, key=lambda a: a.id)
    usable = [a for a in arts if any(s.text.strip() for s in a.sentences)]
    for art in arts:
        if art not in usable:
            warnings.append(f"{art.id}: no sentences left after cleaning; not aligned")
    units = [
        Unit(ai, s.index, s.text)
        for ai, art in enumerate(usable)
        for s in art.sentences
        if s.text.strip()
    ]
    langs = [_languages(a) for a in usable]
    groups = [langs[u.article][u.sentence] for u in units]
    lexical = len(usable) >= int(cfg["lexical_first_articles"])
    todo = _to_embed(usable, units, groups, cfg) if lexical else list(range(len(units)))
    t_embed = time.perf_counter()
    computed_before = get_embedder().computed
    sub = [units[i] for i in todo]
    vecs = embed([u.text for u in sub]) if sub else np.zeros((0, DIM), np.float32)
    embed_s = time.perf_counter() - t_embed
    computed = get_embedder().computed - computed_before
    n_sub = len({u.article for u in sub})
    across = [groups[i] for i in todo] if lexical else None
    pairs = {(todo[i], todo[j]) for i, j in candidate_pairs(sub, vecs, n_sub, cfg, across)}
    if lexical:
        pairs |= lexical_candidates(units, groups, len(usable), cfg)
    art_vecs, has_vec = _article_vectors(usable, sub, vecs)
    alignments = _align_pairs(
        usable, units, pairs, art_vecs, has_vec if lexical else None, langs, cfg
    )
    stats["align"] = {
        "sentences": len(units),
        "embedded": computed,
        "embed_s": round(embed_s, 4),
        "lexical_path": lexical,
        "vectors": len(sub),
        "candidates": len(pairs),
        "alignments": len(alignments),
        "seconds": round(time.perf_counter() - t0, 4),
    }
    return dataclasses.replace(
        story, alignments=tuple(alignments), stats=stats, warnings=story.warned(*warnings)
    )


def _to_embed(
    usable: list[Article], units: list[Unit], groups: list[str], cfg: dict[str, Any]
) -> list[int]:
    """The units a big story embeds: every sentence of an article written in another
    language than the story's main one (most sentences' language), and of the
    ``lexical_translation_partners`` articles sharing most names and numbers with it (what
    survives a translation), so that translations are found by their vectors as in a small
    story."""
    main = Counter(groups).most_common(1)[0][0] if groups else ""
    per_art: dict[int, Counter[str]] = defaultdict(Counter)
    for u, g in zip(units, groups, strict=True):
        per_art[u.article][g] += 1
    foreign = {a for a, c in per_art.items() if c.most_common(1)[0][0] != main}
    if not foreign:
        return []
    texts = [" ".join(s.text for s in art.sentences) for art in usable]
    chosen = set(foreign) | translation_partners(texts, foreign, cfg)
    return [i for i, u in enumerate(units) if u.article in chosen]


def _article_vectors(
    usable: list[Article], sub: list[Unit], vecs: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per article, a dense array of vectors indexed by sentence index, and which rows hold
    one (all of them outside a big story's lexical path)."""
    dim = vecs.shape[1] if len(vecs) else DIM
    art_vecs = [np.zeros((len(art.sentences), dim), np.float32) for art in usable]
    has_vec = [np.zeros(len(art.sentences), bool) for art in usable]
    for u, v in zip(sub, vecs, strict=True):
        art_vecs[u.article][u.sentence] = v
        has_vec[u.article][u.sentence] = True
    return art_vecs, has_vec


def _align_pairs(
    usable: list[Article],
    units: list[Unit],
    pairs: set[tuple[int, int]],
    art_vecs: list[np.ndarray],
    has_vec: list[np.ndarray] | None,
    langs: list[list[str]],
    cfg: dict[str, Any],
) -> list[Alignment]:
    """Align every article pair that holds candidates (``has_vec``: the lexical path)."""
    by_pair: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for i, j in pairs:
        ui, uj = units[i], units[j]
        if ui.article > uj.article:
            ui, uj = uj, ui
        by_pair[(ui.article, uj.article)].append((ui.sentence, uj.sentence))
    alignments: list[Alignment] = []
    for (x, y), cands in sorted(by_pair.items()):
        mask = None if has_vec is None else (has_vec[x], has_vec[y])
        aligner = _PairAligner(
            usable[x], usable[y], art_vecs[x], art_vecs[y], langs[x], langs[y], cfg, mask
        )
        alignments.extend(aligner.align(sorted(cands)))
    alignments.sort(key=lambda al: (al.a, al.b, al.a_sents, al.b_sents))
    return alignments
