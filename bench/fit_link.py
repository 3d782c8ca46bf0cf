"""Fit the link model shipped in ``storytrace/provenance/link_model.json``.

The link model says whether one article of a pair was made from the other; relate() links
a same-language pair the alignment rules leave apart when its P(derived) clears
``[relations] reuse_link_probability``. It must hold in more than one language: fitted on
Urdu alone (the reuse model, ``bench/fit_derivation.py``), a model reads English reports in
their own words as derived.

What is fitted on what: a binary logistic regression (scikit-learn, L2 with C = 1 fixed,
standardised features) over word-level reuse evidence (``LINK_FEATURES``) of

- all 200 COUNTER dev pairs (../shared/data/counter-dev, Urdu): WD and PD = derived, ND not;
- the ECB+ TRAIN topics (../shared/data/ecbplus-dev, ``split`` = train, English): every pair
  of articles of one event read the way relate() reads an undirected pair (the shorter
  article as target); pairs sharing < 5% of their word 5-grams (reports in their own
  words) = not derived, >= 50% (reprints) = derived, the pairs between left out (no label).
  Their total weight is ``ECB_WEIGHT`` x COUNTER's (the trade-off of
  bench/derivation_tradeoff.py: 4 x kept the most COUNTER recall per own-words pair linked;
  5 x since numbers are read in any digit script and apart from the Urdu words they are
  glued to, see ``ECB_WEIGHT``).

The ECB+ dev topics and the held-out COUNTER pairs are never read here. The figures written
with the model: COUNTER derived-vs-not F1 and recall at the shipped threshold, by 4 x
repeated stratified 5-fold CV over the COUNTER pairs (ECB+ train in every fold's fit), and
the ECB+ train own-words pairs and reprints it links.

Usage: ``python bench/fit_link.py [--counter DIR] [--ecbplus DIR] [--check]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
import counter_pairs
import eval_provenance_ecbplus as ecb
import fit_derivation as fd
from storytrace.settings import Settings

MODEL = fd.MODEL.with_name("link_model.json")
# Evidence that reads alike in Urdu and English: containment of word 2-, 3- and 5-grams,
# words inside shared 2-grams, sentences taken from one source sentence. Left out: c1 and
# the length ratio (COUNTER's independent stories are longer than the agency copy, an
# undirected ECB+ pair is read shorter-first: both would learn the data sets, not reuse),
# and the names-in-order anchors (Urdu has no capitals: the model learned "names found,
# so English, so independent", coefficient -1.2). Tried and not kept (4 x 5-fold CV,
# COUNTER F1 at the threshold linking no ECB+ train own-words pair): character 8-gram
# containment, order-keeping sentence matches, many-to-one sentence matches (each lower).
LINK_FEATURES = ("c2", "c3", "c5", "tiled2", "sentences")
# Measured when numbers glued to Urdu words came apart (storytrace.text.numbers; the COUNTER
# word n-grams changed): ECB+ weight 4 / 4.5 / 5 / 6 x gives COUNTER CV F1 0.567 / 0.562 /
# 0.556 / 0.553 (recall 0.404 / 0.399 / 0.394 / 0.390) and links 11 / 9 / 8 / 8 ECB+ train
# own-words pairs (ECB+ dev, never fitted on: 7 / 5 / 5 / 4 of 871; all 25 reprints each).
# 5 x is the lightest weight linking no more train own-words pairs than the model before
# (weight 4 on the old tokens: 8; ECB+ dev 6; COUNTER F1 0.551, recall 0.388).
ECB_WEIGHT = 5.0
REPEATS = 4


def ecb_evidence(
    data: Path = ecb.DATA, split: str | None = "train"
) -> tuple[list[dict[str, float]], np.ndarray, list[str]]:
    """Evidence, labels (0 own words, 1 reprint) and split of the labelled ECB+ pairs."""
    evidence: list[dict[str, float]] = []
    labels: list[int] = []
    where: list[str] = []
    for part, share, ev in ecb.labelled_reuse_pairs(data, split):
        evidence.append(ev)
        labels.append(int(share >= 0.5))
        where.append(part)
    return evidence, np.array(labels), where


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=fd.C, max_iter=3000).fit(scaler.transform(x), y, sample_weight=w)
    return scaler, model


def weights(n_counter: int, n_ecb: int) -> np.ndarray:
    return np.concatenate([np.ones(n_counter), np.full(n_ecb, ECB_WEIGHT * n_counter / n_ecb)])


def cv_p_derived(xc: np.ndarray, yc: np.ndarray, xe: np.ndarray, ye: np.ndarray) -> np.ndarray:
    """Out-of-fold P(derived) of the COUNTER pairs (ECB+ train in every fit), per repeat."""
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=REPEATS, random_state=fd.SEED)
    out = np.zeros((REPEATS, len(yc)))
    for k, (train, test) in enumerate(folds.split(xc, yc)):
        scaler, model = fit(
            np.vstack([xc[train], xe]),
            np.concatenate([yc[train], ye]),
            weights(len(train), len(ye)),
        )
        out[k // 5][test] = model.predict_proba(scaler.transform(xc[test]))[:, 1]
    return out


def as_dict(scaler: StandardScaler, model: LogisticRegression) -> dict[str, Any]:
    """The fitted regression in ``DerivationModel``'s form (two classes, ``none`` at 0)."""
    return {
        "features": list(LINK_FEATURES),
        "classes": ["none", "derived"],
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [[0.0] * len(LINK_FEATURES), [round(float(v), 6) for v in model.coef_[0]]],
        "intercept": [0.0, round(float(model.intercept_[0]), 6)],
    }


def build(
    counter: Path = counter_pairs.DATA, ecbplus: Path = ecb.DATA, log: Any = print
) -> dict[str, Any]:
    """The link model file's content, with its figures at the configured threshold."""
    pairs = counter_pairs.load(counter)
    log(f"measuring {len(pairs)} COUNTER pairs and the ECB+ train topics (word level)")
    xc = fd.matrix(counter_pairs.word_evidence(pairs), LINK_FEATURES)
    yc = (fd.targets(pairs) > 0).astype(int)
    ev, ye, _ = ecb_evidence(ecbplus, "train")
    xe = fd.matrix(ev, LINK_FEATURES)
    threshold = Settings.default().relations.reuse_link_probability
    runs = cv_p_derived(xc, yc, xe, ye) >= threshold
    scaler, model = fit(np.vstack([xc, xe]), np.concatenate([yc, ye]), weights(len(yc), len(ye)))
    linked = model.predict_proba(scaler.transform(xe))[:, 1] >= threshold
    return {
        **as_dict(scaler, model),
        "meta": {
            "fitted_on": f"all {len(pairs)} COUNTER dev pairs (derived: WD+PD) and "
            f"{len(ye)} ECB+ train-topic pairs ({int((ye == 0).sum())} in their own words, "
            f"{int(ye.sum())} reprints), ECB+ weighted {ECB_WEIGHT} x COUNTER in total",
            "method": "binary logistic regression (scikit-learn), standardised features, "
            f"L2 with C={fd.C} (fixed)",
            "threshold": threshold,
            "cv": f"{REPEATS} x repeated stratified 5-fold CV over the COUNTER pairs "
            "(ECB+ train in every fold), mean, at the threshold",
            "cv_scores": {
                "derived_f1": round(float(np.mean([f1_score(yc, r) for r in runs])), 4),
                "derived_recall": round(float(runs[:, yc == 1].mean()), 4),
            },
            "ecbplus_train_linked": {
                "own_words": int(linked[ye == 0].sum()),
                "reprints": int(linked[ye == 1].sum()),
            },
            "fit_script": "bench/fit_link.py",
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counter", type=Path, default=counter_pairs.DATA)
    parser.add_argument("--ecbplus", type=Path, default=ecb.DATA)
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args(argv)
    for path, name in ((args.counter, "pairs.jsonl"), (args.ecbplus, "gold.jsonl")):
        if not (path / name).exists():
            print(f"fit_link: {path}: no {name}; pass its folder", file=sys.stderr)
            return 1
    content = build(args.counter, args.ecbplus, log=lambda m: print(m, file=sys.stderr))
    text = json.dumps(content, indent=1, ensure_ascii=False) + "\n"
    if args.check:
        same = MODEL.exists() and MODEL.read_text(encoding="utf-8") == text
        print("shipped link model matches the fit" if same else "shipped link model differs")
        return 0 if same else 1
    MODEL.write_text(text, encoding="utf-8")
    print(
        f"wrote {MODEL}: {content['meta']['cv_scores']} {content['meta']['ecbplus_train_linked']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
