"""Score story assignments (or articles, clustered first) against gold labels."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..progress import ProgressFn
from ..settings import Settings
from ..types import ReadReport


@dataclass(frozen=True, slots=True)
class ClusteringScore:
    """Scores of the ids both sides share; the ids only one side has, sorted."""

    scores: Any  # storytrace.cluster.evaluate.Scores
    only_input: tuple[str, ...]
    only_gold: tuple[str, ...]
    read: ReadReport = field(default_factory=ReadReport)


def input_kind(path: Path) -> str:
    """``assignments`` when the first record has ``id`` + ``story``, else ``articles``."""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError:
                        return "articles"  # the reader reports the bad line
                    if isinstance(rec, dict) and "story" in rec and "text" not in rec:
                        return "assignments"
                    return "articles"
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such input file; check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the input ({exc})") from exc
    raise InputError(str(path), "the input file is empty")


def evaluate_clustering(
    input_path: str,
    gold_path: str,
    label: str = "event",
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> ClusteringScore:
    """ARI, AMI and B-cubed of ``input_path`` (assignments JSONL, or articles that are
    clustered first in a temporary store) against the ``label`` field of ``gold_path``."""
    from ..cluster.evaluate import read_labels, score
    from .corpus import cluster_articles, corpus_articles

    gold = read_labels(Path(gold_path), label, "gold")
    path = Path(input_path)
    report = ReadReport()
    if input_kind(path) == "assignments":
        pred = read_labels(path, "story", "assignments")
    else:
        articles = list(corpus_articles([input_path], report, settings))
        if not articles:
            raise InputError(input_path, "no article could be read to cluster")
        pred = dict(cluster_articles(articles, None, settings, progress))
    only_input = tuple(sorted(set(pred) - set(gold)))
    only_gold = tuple(sorted(set(gold) - set(pred)))
    if len(only_input) == len(pred):
        raise InputError(
            input_path, f"no article id in common with {gold_path}; are these the same articles?"
        )
    return ClusteringScore(score(pred, gold), only_input, only_gold, report)
