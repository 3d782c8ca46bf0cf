"""Fit refinement's pair model (``src/storytrace/cluster/pair_model.json``) on train data.

Windows: the NeuS train split cut by story into folds of the dev split's size (as
``bench_stories.py`` does), and the ECB+ train split cut by topic into ``--ecb-folds``
groups (each topic's articles together: two similar events per topic). Each window's
candidate pairs and features come from the shipped code (``cluster.pairs``, settings of
``defaults.toml``); a pair is positive when both articles carry the same gold story.

Cross-validation, to choose the grouping threshold without the dev splits: each window is
scored by a model fitted on all the other windows, clustered as refinement does
(``refine.group`` at each grid threshold), and the mean ARI of the NeuS windows and of
the ECB+ windows printed; the threshold with the best mean of the two is the pick. The
ECB+ topics are dealt into groups ``--ecb-repeats`` times (other seeds) and every group of
every dealing held out in turn, so the ECB+ curve averages over 20 windows, not 5. The
model written is fitted on every window (the first dealing).

A second logistic regression is fitted on the same pairs over ``CROSS_FEATURES`` (names
and numbers alone, nothing of one language's words) and written beside the first: refinement
weighs a pair in two languages by the higher of the two probabilities. Neither train set
has such pairs, so the grouping threshold's CV is the first model's; the held-out pair AUC
of both models is printed.

Usage: ``python bench/fit_pair_model.py [--write [--out PATH]]`` (``--write`` replaces the
shipped model, or writes ``--out``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_stories as bs
from storytrace.cluster.evaluate import labels_of, score
from storytrace.cluster.pairs import CROSS_FEATURES, FEATURES, PairModel, pair_features
from storytrace.cluster.refine import (
    ClusterRefineSettings,
    features_of,
    group,
    probability_graph,
)

MODEL = Path(__file__).resolve().parents[1] / "src" / "storytrace" / "cluster" / "pair_model.json"
GRID = (0.15, 0.2, 0.225, 0.25, 0.275, 0.3, 0.325, 0.35, 0.375, 0.4, 0.45)
Window = dict[str, Any]


def window(name: str, arts: Sequence[bs.Article], gold: dict[str, str]) -> Window:
    s = ClusterRefineSettings.from_config()
    feats = features_of(bs.records(arts))
    pairs = pair_features(feats, s)
    ids = [a["id"] for a in arts]
    y = np.array([gold[ids[i]] == gold[ids[j]] for i, j in zip(pairs.r, pairs.c, strict=True)])
    return {"set": name, "ids": ids, "feats": feats, "pairs": pairs, "y": y}


def windows(data: Path, ecb_folds: int, seed: int = 7, neus: bool = True) -> list[Window]:
    """NeuS train folds (unless ``neus`` is off) and ECB+ train topic groups (``seed``
    shuffles the topics before they are dealt into ``ecb_folds`` groups)."""
    out = []
    arts, gold, split = bs.load("neus", data)
    dev_size = sum(1 for a in arts if split[a["id"]] == "dev")
    train = [a for a in arts if split[a["id"]] == "train"]
    for fold in bs.train_folds(train, gold, dev_size) if neus else []:
        out.append(window("neus", fold, gold))
    arts, gold, split = bs.load("ecbplus", data)
    topic = {}
    for line in (data / "ecbplus-dev" / "gold.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            topic[rec["id"]] = rec["topic"]
    train = [a for a in arts if split[a["id"]] == "train"]
    topics = sorted({topic[a["id"]] for a in train})
    random.Random(seed).shuffle(topics)
    for k in range(ecb_folds):
        part = set(topics[k::ecb_folds])
        out.append(window("ecbplus", [a for a in train if topic[a["id"]] in part], gold))
    return out


def dated(w: Window) -> np.ndarray:
    """Whether both articles of each pair have a date (fitted as a nuisance term)."""
    has = np.array([f.day is not None for f in w["feats"]])
    return (has[w["pairs"].r] & has[w["pairs"].c]).astype(np.float64)


def fit(train: Sequence[Window]) -> PairModel:
    """Logistic regression over FEATURES plus "both dated"; that last weight is dropped
    (ECB+ datelines mark one half of the corpus: a nuisance, not evidence)."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([np.column_stack([w["pairs"].x, dated(w)]) for w in train])
    y = np.concatenate([w["y"] for w in train])
    lr = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    xc = np.vstack([w["pairs"].xc for w in train])
    cross = LogisticRegression(C=1.0, max_iter=5000).fit(xc, y)
    return PairModel(
        tuple(float(c) for c in lr.coef_[0][:-1]),
        float(lr.intercept_[0]),
        tuple(float(c) for c in cross.coef_[0]),
        float(cross.intercept_[0]),
    )


def auc(w: Window, model: PairModel) -> tuple[float, float]:
    """Held-out ranking quality (ROC AUC) of the pair model and of the cross-language
    model (names and numbers alone) on ``w``'s candidate pairs."""
    from sklearn.metrics import roc_auc_score

    if w["y"].all() or not w["y"].any():
        return float("nan"), float("nan")
    main = roc_auc_score(w["y"], model.probability(w["pairs"].x))
    return float(main), float(roc_auc_score(w["y"], model.cross_probability(w["pairs"].xc)))


def ari(w: Window, model: PairModel, threshold: float, gold: dict[str, str]) -> float:
    s = ClusterRefineSettings.from_config()
    graph = probability_graph(w["feats"], w["pairs"], model.probability(w["pairs"].x), s)
    labels = group(graph, threshold, s.max_component)
    return score(labels_of(w["ids"], labels.tolist()), gold).ari


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=bs.SHARED)
    parser.add_argument("--ecb-folds", type=int, default=5)
    parser.add_argument("--ecb-repeats", type=int, default=4, help="dealings of ECB+ topics")
    parser.add_argument("--write", action="store_true", help="write the shipped model")
    parser.add_argument("--out", type=Path, default=MODEL, help="where --write writes")
    args = parser.parse_args(argv)
    gold = {**bs.load("neus", args.data)[1], **bs.load("ecbplus", args.data)[1]}
    wins = windows(args.data, args.ecb_folds)
    # More dealings of the ECB+ train topics into groups (other seeds): each group is held
    # out in turn with the NeuS folds and the other groups of its own dealing as training,
    # so every ECB+ train topic is scored ``--ecb-repeats`` times (5 windows of ~115
    # articles alone gave a jagged curve: 0.787 at 0.15, 0.752 at 0.275, 0.731 at 0.3).
    deals = [wins] + [
        [w for w in wins if w["set"] == "neus"]
        + windows(args.data, args.ecb_folds, seed=7 + k, neus=False)
        for k in range(1, args.ecb_repeats)
    ]
    cv: dict[str, dict[float, list[float]]] = {"neus": {}, "ecbplus": {}}
    aucs: dict[str, list[tuple[float, float]]] = {"neus": [], "ecbplus": []}
    for d, deal in enumerate(deals):
        for k, held in enumerate(deal):
            if d and held["set"] == "neus":
                continue  # the NeuS folds are held out once, in the first dealing
            model = fit([w for i, w in enumerate(deal) if i != k])
            aucs[held["set"]].append(auc(held, model))
            for t in GRID:
                cv[held["set"]].setdefault(t, []).append(ari(held, model, t, gold))
    print(f"{'threshold':>10}{'NeuS CV ARI':>13}{'ECB+ CV ARI':>13}{'mean':>8}")
    best = (-1.0, 0.0)
    for t in GRID:
        n, e = float(np.mean(cv["neus"][t])), float(np.mean(cv["ecbplus"][t]))
        print(f"{t:>10}{n:>13.4f}{e:>13.4f}{(n + e) / 2:>8.4f}")
        best = max(best, ((n + e) / 2, t))
    for name, got in aucs.items():
        main_auc, cross_auc = np.nanmean(np.array(got), axis=0)
        print(f"held-out pair AUC, {name}: model {main_auc:.4f}, names+numbers {cross_auc:.4f}")
    model = fit(wins)
    sizes = {s: sum(len(w["y"]) for w in wins if w["set"] == s) for s in cv}
    print(f"pick threshold {best[1]} (CV mean ARI {best[0]:.4f}); weights:")
    for name, c in zip(FEATURES, model.coef, strict=True):
        print(f"  {name:<12}{c:+.4f}")
    print(f"  {'intercept':<12}{model.intercept:+.4f}")
    print("cross-language model (pairs in two languages):")
    for name, c in zip(CROSS_FEATURES, model.cross_coef, strict=True):
        print(f"  {name:<24}{c:+.4f}")
    print(f"  {'intercept':<24}{model.cross_intercept:+.4f}")
    if args.write:
        payload = {
            "features": list(FEATURES),
            "coef": [round(c, 6) for c in model.coef],
            "intercept": round(model.intercept, 6),
            "cross": {
                "features": list(CROSS_FEATURES),
                "coef": [round(c, 6) for c in model.cross_coef],
                "intercept": round(model.cross_intercept, 6),
                "fitted": (
                    "the same pairs, names and numbers alone (no words of one language): "
                    "weighs pairs in two languages beside the model above (the higher wins)"
                ),
            },
            "fitted": (
                "bench/fit_pair_model.py: logistic regression (C=1) over the candidate pairs of "
                f"{sum(1 for w in wins if w['set'] == 'neus')} NeuS train folds "
                f"({sizes['neus']} pairs) and the ECB+ train split in "
                f"{args.ecb_folds} topic groups ({sizes['ecbplus']} pairs); positive = same "
                "gold story; a 'both dated' term fitted beside them and dropped (a corpus "
                "artefact: ECB+ datelines mark one half). Dev splits unused."
            ),
            "cross_validated": {
                "threshold": best[1],
                "ecb_dealings": args.ecb_repeats,
                "neus_train_ari": {
                    str(t): round(float(np.mean(v)), 4) for t, v in cv["neus"].items()
                },
                "ecbplus_train_ari": {
                    str(t): round(float(np.mean(v)), 4) for t, v in cv["ecbplus"].items()
                },
            },
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
