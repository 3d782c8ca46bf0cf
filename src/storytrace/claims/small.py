"""Small stories: embed a fact unit's own words only when a cosine could decide something.

Outside a big story (:mod:`.big`) every unit gets a vector, and most cost nothing: a unit
that is a whole sentence has the sentence's words, which alignment embedded already (the
embedder keeps them). What the model still runs for are the units cut out of a sentence
(:mod:`.units`: the parts of a sentence stating several facts, a speaker's quoted words
inside it). Such a unit gets its own vector when a cosine can decide something for it:

- it states the same fact as a unit of another article at a perfect cosine (the most
  lenient reading of :func:`.facts.same_fact`, as :func:`.big._cosine_needed`), so the
  cosine is what remains to decide a match (pairs inside one origin included: their
  mutual matches join copies that no alignment paired);
- or it reports one statement with a unit of another origin by their frames
  (:func:`.frames.frame_pairs` at a perfect cosine);
- or it reports a quote grouped across origins (:func:`.frames.quote_units`): it joins
  that claim, checked against its other units by cosine;
- or its sentence is aligned with one of another article: the alignment pairs the units
  of the two sentences by cosine and joins them to claims whose other units they are
  checked against by cosine (complete linkage).

Any other cut-out unit gets a zero vector: its cosine to every unit is 0, so it matches
nothing by cosine, which the fact rule already said of it, and it never outranks another
unit as a best match (e5's cosines are all well above 0); with no edge it stays a claim of
its own, so complete linkage never checks it. What remains unproven is the rare unit whose
cosine alone (no shared content) would have outranked a real match as another unit's best.
Measured 2026-12-06, the claims, statuses and distortions are the same as with every unit
embedded on the seeds (3 of 62 cut-out units left out: nearly every seed sentence is
aligned) and on the 66 ECB+ stories of bench_claims.py, with and without quotes (390 of 558
cut-out units left out: independent reports, no alignments); tests/test_claims_small.py
checks the seeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import numpy as np

from ..align.embed import DIM
from ..text import sentences
from ..types import Story
from .facts import FactRule, Signature, same_fact
from .frames import Frame, FrameRule, frame_pairs
from .units import Unit


def small_story_vectors(
    story: Story,
    units: list[list[Unit]],
    sigs: list[list[Signature]],
    frames: list[list[tuple[Frame, ...]]],
    origin_of: Sequence[str],
    rule: FactRule,
    frame_rule: FrameRule,
    embed: Callable[[list[str]], np.ndarray],
    quoted: Iterable[tuple[int, int]] = (),
) -> tuple[list[np.ndarray], dict[str, int]]:
    """Per article, one row per unit (zeros for a cut-out unit no cosine decides for), and
    counts: units, cut-out units, cut-out units embedded. ``quoted``: units that report a
    grouped quote (frames.quote_units), embedded for the claim's complete linkage."""
    flat = [(i, x) for i, us in enumerate(units) for x in range(len(us))]
    whole = {s.text for art in story.articles for s in sentences(art)}
    cut = {n for n in flat if units[n[0]][n[1]].text not in whole}
    need = {n for n in flat if n not in cut} | _aligned(story, units, cut)
    need |= set(quoted) & cut
    need |= _decided_by_cosine(units, sigs, frames, origin_of, rule, frame_rule, cut - need)
    vecs = np.zeros((len(flat), DIM), np.float32)
    rows = [k for k, n in enumerate(flat) if n in need]
    if rows:
        vecs[rows] = embed([units[flat[k][0]][flat[k][1]].text for k in rows])
    out, k = [], 0
    for us in units:
        out.append(vecs[k : k + len(us)])
        k += len(us)
    stats = {"units": len(flat), "cut_out": len(cut), "cut_out_embedded": len(need & cut)}
    return out, stats


def _aligned(
    story: Story, units: list[list[Unit]], cut: set[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The cut-out units of aligned sentences: an alignment joins them to a claim whose
    other units they are checked against by cosine (complete linkage), and pairs the units
    of two aligned sentences by cosine."""
    pos = {a.id: i for i, a in enumerate(story.articles)}
    # a unit names its sentence by place in sentences(article), an alignment by index
    place = [{s.index: x for x, s in enumerate(sentences(a))} for a in story.articles]
    sents: dict[int, set[int]] = {}
    for al in story.alignments:
        for art, idx in ((al.a, al.a_sents), (al.b, al.b_sents)):
            if art in pos:
                i = pos[art]
                sents.setdefault(i, set()).update(place[i][s] for s in idx if s in place[i])
    return {(i, x) for i, x in cut if units[i][x].sentence in sents.get(i, ())}


def _decided_by_cosine(
    units: list[list[Unit]],
    sigs: list[list[Signature]],
    frames: list[list[tuple[Frame, ...]]],
    origin_of: Sequence[str],
    rule: FactRule,
    frame_rule: FrameRule,
    cut: set[tuple[int, int]],
) -> set[tuple[int, int]]:
    """The cut-out units whose cosine to some unit of another article can decide a match:
    the fact rule holds at a perfect cosine, or their frames report one statement."""
    loose = replace(rule, content_alone=min(rule.content, rule.content_alone))
    flat = [(i, x) for i, us in enumerate(units) for x in range(len(us))]
    out: set[tuple[int, int]] = set()
    for a in sorted(cut):
        ua, sa = units[a[0]][a[1]], sigs[a[0]][a[1]]
        for b in flat:
            if b[0] == a[0]:
                continue
            ub = units[b[0]][b[1]]
            same_lang = ua.language is None or ub.language is None or ua.language == ub.language
            if same_fact(sa, sigs[b[0]][b[1]], 1.0, 1.0, 0.0, same_lang, loose):
                out.update(n for n in (a, b) if n in cut)
    if any(fs for per_art in frames for fs in per_art):
        ones = [np.full((len(us), 1), 1.0, np.float32) for us in units]  # every cosine 1
        sentence_of = [[u.sentence for u in us] for us in units]
        for a, b in frame_pairs(frames, sentence_of, ones, list(origin_of), frame_rule):
            out.update(n for n in (a, b) if n in cut)
    return out
