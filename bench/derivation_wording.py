"""Do Urdu spelling normalisation, word order or sentence-level wording help the derivation
model?

On the COUNTER dev pairs (../shared/data/counter-dev, 200 hand-labelled Urdu agency /
newspaper pairs; never copied into the repo; this script prints counts and scores, never
text), two parts:

1. Normalisation gaps: the newspaper's distinct words (as ``reuse.article_grams`` reads
   them) not found in the agency copy, by label, and how many more a further Urdu
   normalisation would match: a compound written as one word on one side and as two on
   the other ("ہو گا" / "ہوگا"), a spelling fold (yeh with hamza as yeh: "لئے" / "لیے";
   hamza above dropped, so "ئے" typed as yeh + hamza reads "یے"; "ذ" / "ز"), a light
   stem (the inflectional endings "ے ی ا ہ ں وں یں" off words of 4+ letters). What
   ``storytrace.text`` already does: digits of any script in ASCII, numbers glued to a
   word apart, Arabic yeh / alef maksura / kaf as Urdu's, tatweel, zero-width joiner and
   soft hyphen dropped, vowel marks dropped after NFKC (so alef + combining madda, which
   the newspapers type 172 times, reads as "آ"). The texts have no zero-width
   (non-)joiner, no Arabic heh and no Arabic-keyboard yeh or kaf.
2. Feature sets, each with its reason written down before it was scored, all on the same
   folds beside W (the shipped ``fit_derivation.FEATURES``) and the baseline:

   - "seg": W's n-gram features (c1, c2, c3, c5, tiled2) over tokens where two adjacent
     words are joined when either article writes them as one word. Why: Urdu spacing
     inside compounds and verb phrases is free, so a copy can differ from its source by
     a space only.
   - "stem": the same over folded, lightly stemmed tokens. Why: a rewrite changes a
     verb's or noun's inflection ("ہونے" / "ہوئے") and spelling while keeping its words.
   - "+m2m3": stemmed 2- and 3-gram containment beside W's.
   - "+lcs": longest common subsequence of the two word sequences over the target's
     length. Why: a derivation follows its source's order even when reworded; two
     reports of one event share words in their own orders.
   - "+order": the same over words of 4+ letters (content words; Urdu function words are
     short), over the target's count of them + 1.
   - "+sent": each target sentence's best word-2-gram containment in one source
     sentence, weighted by its length (a graded ``sentences``). Why: rewritten copy keeps
     sentence-by-sentence correspondence, at any strength, not only past 30%.
   - "+top": the best target sentence's share of 4+-letter words found in one source
     sentence. Why: a partial derivation has at least one sentence built from one
     source sentence.
   - "+skel": containment of the target's function-word skeleton 6-grams (words of 4+
     letters as one placeholder). Why: a rewrite that swaps content words keeps the
     sentence's syntax; an independent report has its own.

   Nested CV (inner 2 x 5-fold, derived F1 + macro-F1) chooses among all the sets.
   Also printed, as a model form: a binary logistic regression deciding derived-vs-not
   (the multinomial model grading wholly / partially), on W.

Measured (2026-12-07, 10 x 5-fold CV, same folds; W 0.918 (sd 0.007) / 0.797 (sd 0.010);
baseline 0.887 / 0.739, same run): every set is within the repeat noise of W or below it:
seg 0.917 / 0.798 (-0.001 / +0.001, 5 and 5 of 10 repeats up), stem 0.919 / 0.798
(+0.001 / +0.001, 3 and 4 up), +m2m3 0.920 / 0.798 (+0.001 / +0.001, 4 and 4 up), +lcs
0.919 / 0.801 (+0.001 / +0.004, 5 and 7 up), +order 0.916 / 0.794, +sent 0.918 / 0.797,
+top 0.917 / 0.793, +skel 0.917 / 0.798; binary head 0.919 / 0.796 (+0.000 / -0.001);
choosing among the sets by nested CV 0.918 / 0.800 (seg chosen in 19 of 50 outer folds,
+lcs 10, stem 9: no set stands out). The gaps are few, in every class (4-7%): of the
newspaper's distinct words not in the agency copy, a join of two words the copy writes
apart matches 22 of 905 (WD), 60 of 6790 (PD), 39 of 7932 (ND), and the fold + stem 42,
299 and 269. The shipped model is unchanged.

Cost: ~7 CPU-minutes (8.5 min wall on 2 busy cores), most of it the nested CV.

Usage: ``python bench/derivation_wording.py [--data DIR] [--no-nested]``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_derivation
import counter_pairs
import derivation_tiling as tiling_bench
import fit_derivation as fit
from storytrace.align.text import words
from storytrace.provenance import reuse
from storytrace.types import Article

W = list(fit.FEATURES)
GRAMS = ("c1", "c2", "c3", "c5", "tiled2")
REST = [f for f in W if f not in GRAMS]
# Letters one Urdu word is spelled with either way: yeh with hamza (and its hamza-above
# compositions) as the plain letters, thal as zain ("گذشتہ" / "گزشتہ").
_FOLD = str.maketrans({"ئ": "ی", "ۓ": "ے", "ۂ": "ہ", "ذ": "ز"})
_ENDING = re.compile("(?:وں|یں|ے|ی|ا|ہ|ں)$")
_LONG = 4  # Urdu function words have 1-3 letters


def stem(word: str) -> str:
    """A word folded and, from 4 letters, without its inflectional ending."""
    word = word.translate(_FOLD)
    return _ENDING.sub("", word) if len(word) >= _LONG else word


def joined(tokens: Sequence[str], vocab: set[str]) -> list[str]:
    """``tokens`` with two adjacent words joined where ``vocab`` has them as one word."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i] + tokens[i + 1] in vocab:
            out.append(tokens[i] + tokens[i + 1])
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def _grams(tokens: Sequence[str], n: int) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _contained(target: Sequence[str], source: Sequence[str], n: int) -> float:
    mine = _grams(target, n)
    return len(mine & _grams(source, n)) / len(mine) if mine else 0.0


def gram_features(target: Sequence[str], source: Sequence[str], tag: str) -> dict[str, float]:
    """W's n-gram features over another token view, named ``tag`` + the W name."""
    out = {f"{tag}c{n}": _contained(target, source, n) for n in (1, 2, 3, 5)}
    out[f"{tag}tiled2"] = reuse._tiled(target, _grams(source, 2), 2)
    return out


def lcs(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two word sequences."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, z in enumerate(b):
            cur.append(prev[j] + 1 if x == z else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def sentence_features(tgt: Article, src: Article) -> dict[str, float]:
    """Graded sentence-to-sentence evidence: "sent" and "top" (module docstring)."""
    tsent = [list(words(s.text)) for s in tgt.sentences]
    ssent = [list(words(s.text)) for s in src.sentences]
    s2 = [_grams(s, 2) for s in ssent]
    s1 = [frozenset(w for w in s if len(w) >= _LONG) for s in ssent]
    best, sizes, top = [], [], 0.0
    for sent in tsent:
        mine = _grams(sent, 2)
        if mine:
            best.append(max((len(mine & o) / len(mine) for o in s2), default=0.0))
            sizes.append(len(sent))
        long = frozenset(w for w in sent if len(w) >= _LONG)
        if long:
            top = max(top, max((len(long & o) / len(long) for o in s1), default=0.0))
    sent = float(np.dot(best, sizes) / sum(sizes)) if sizes else 0.0
    return {"sent": sent, "top": top}


def candidate_evidence(tgt: Article, src: Article) -> dict[str, float]:
    """Every candidate feature of one pair (see the module docstring for why each)."""
    t = list(reuse.article_grams(tgt).tokens)
    s = list(reuse.article_grams(src).tokens)
    vocab = set(t) | set(s)
    tl = [w for w in t if len(w) >= _LONG and not w.isdigit()]
    sl = [w for w in s if len(w) >= _LONG and not w.isdigit()]
    skeleton_t = [w if len(w) < _LONG else "*" for w in t]
    skeleton_s = [w if len(w) < _LONG else "*" for w in s]
    return {
        **gram_features(joined(t, vocab), joined(s, vocab), "seg_"),
        **gram_features([stem(w) for w in t], [stem(w) for w in s], "stem_"),
        "lcs": lcs(t, s) / (len(t) + 1),
        "order": lcs(tl, sl) / (len(tl) + 1),
        **sentence_features(tgt, src),
        "skel": _contained(skeleton_t, skeleton_s, 6),
    }


def gaps(arts: Sequence[tuple[Article, Article]], labels: Sequence[str]) -> None:
    """Distinct newspaper words not in the agency copy, by label, and how many each
    normalisation would match."""
    count: dict[str, Counter[str]] = {lab: Counter() for lab in counter_pairs.LABELS}
    for (src, tgt), lab in zip(arts, labels, strict=True):
        t = set(reuse.article_grams(tgt).tokens)
        seq = reuse.article_grams(src).tokens
        s = set(seq)
        s_pairs = {a + b for a, b in pairwise(seq)}
        stems = {stem(w) for w in s}
        count[lab]["words"] += len(t)
        for w in t - s:
            count[lab]["unmatched"] += 1
            count[lab]["joined apart in copy"] += w in s_pairs
            count[lab]["folded or stemmed"] += stem(w) in stems
    print("newspaper distinct words not in the agency copy, and how many a normalisation matches")
    for lab, c in count.items():
        print(f"  {lab}: " + ", ".join(f"{k} {v}" for k, v in c.items()))


def binary_head(x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    """Out-of-fold probabilities where a binary LR decides derived-vs-not and the
    multinomial LR splits its P(derived) between wholly and partially."""
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=10, random_state=fit.SEED)
    out = [np.zeros((len(y), len(fit.CLASSES))) for _ in range(10)]
    for k, (train, test) in enumerate(folds.split(x, y)):
        scaler, model = fit.fit(x[train], y[train], fit.C)
        xt, xs = scaler.transform(x[train]), scaler.transform(x[test])
        probs = model.predict_proba(xs)
        derived = LogisticRegression(C=fit.C, max_iter=2000).fit(xt, y[train] > 0)
        p = derived.predict_proba(xs)[:, 1]
        split = probs[:, 1:] / probs[:, 1:].sum(axis=1, keepdims=True)
        out[k // 5][test] = np.column_stack([1 - p, p * split[:, 0], p * split[:, 1]])
    return out


def compare(ev: list[dict[str, float]], y: np.ndarray, nested: bool) -> None:
    """Each candidate set beside W on the shared folds; nested CV over the choice."""
    sets = {
        "W": W,
        "seg": [f"seg_{f}" for f in GRAMS] + REST,
        "stem": [f"stem_{f}" for f in GRAMS] + REST,
        "W+m2m3": [*W, "stem_c2", "stem_c3"],
        "W+lcs": [*W, "lcs"],
        "W+order": [*W, "order"],
        "W+sent": [*W, "sent"],
        "W+top": [*W, "top"],
        "W+skel": [*W, "skel"],
    }
    mats = {name: fit.matrix(ev, feats) for name, feats in sets.items()}
    print(f"{'set':<14}{'der. F1':>15}{'macro-F1':>15}   vs W per repeat: dF1, dmacro")
    table = fit.Table(14)
    rows = [(name, fit.cv_probabilities(x, y, fit.C)) for name, x in mats.items()]
    rows.append(("W binary head", binary_head(mats["W"], y)))
    for name, runs in rows:
        print(table.row(name, *tiling_bench.per_repeat(y, runs)), flush=True)
    if nested:
        print(table.nested("nested (sets)", *tiling_bench.nested(mats, y)))


def main(argv: Sequence[str] | None = None) -> int:
    study = counter_pairs.study_args("derivation_wording", __doc__.split("\n")[0], argv)
    if study is None:
        return 1
    args, pairs = study
    y = fit.targets(pairs)
    arts = [
        (counter_pairs.article(p["source"], "src"), counter_pairs.article(p["derived"], "tgt"))
        for p in pairs
    ]
    ev: list[dict[str, Any]] = [
        {**w, **candidate_evidence(tgt, src)}
        for w, (src, tgt) in zip(counter_pairs.word_evidence(pairs), arts, strict=True)
    ]
    print(f"COUNTER dev, {len(pairs)} pairs; 10 x 5-fold CV, same folds; mean (sd over repeats)")
    gaps(arts, [p["label"] for p in pairs])
    base = bench_derivation.baseline_scores(pairs, y)
    print(f"baseline 1..5-gram containment LR: {base['derived_f1']:.3f} / {base['macro_f1']:.3f}")
    compare(ev, y, not args.no_nested)
    return 0


if __name__ == "__main__":
    sys.exit(main())
