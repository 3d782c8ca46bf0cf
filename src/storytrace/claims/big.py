"""Big stories: embed only the fact units a cosine could decide something for.

Outside a big story every unit is embedded and matched by its vector (:mod:`.cluster`).
From ``[claims] lexical_first_articles`` articles on (as ``[align]``'s lexical path) the
model is most of a big story's time, yet a unit of the story's main language can only
state the same fact as another of that language when the two share content words
(:func:`.facts.same_fact` needs ``content_share`` of each one's content stems). So the
candidates of a unit are found without vectors, as align finds a big story's sentence
pairs (:func:`..align.candidates.lexical_candidates`: a shared run of words or at least
``lexical_min_shared_words`` content words that few units use, each article keeping its
``lexical_partners`` strongest partners), and only these units are embedded:

- both units of a candidate pair of two origins that passes the fact rule at a perfect
  cosine (the cosine is what remains to decide), and their rivals: the other units of the
  partner's article that the unit shares words with (a match must be mutually best);
- every unit of an article written in another language than the story's main one, and of
  the ``lexical_translation_partners`` articles sharing most names and numbers with it
  (a translation shares no words: its vectors find it, as in a small story).

Pairs inside one origin are left to its alignments (copies pair up sentence by sentence);
a unit left out that is aligned with a unit inside its origin borrows that unit's vector,
so a copy in a claim stands for its origin's sentence when the claim is checked against
other origins. Units with the same words (case and punctuation aside) share one vector.
Any other unit gets a zero vector: its cosine to every unit is 0, so it matches nothing by
cosine.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..align.candidates import Unit as AlignUnit
from ..align.candidates import lexical_candidates, translation_partners
from ..align.embed import DIM
from ..align.text import norm_key
from ..text import origin_map
from ..types import Story
from .facts import FactRule, Signature, same_fact
from .units import Unit


def is_big(story: Story, cfg: Any) -> bool:
    """Whether the story takes the lexical path (``[claims] lexical_first_articles``)."""
    return len(story.articles) >= int(cfg.get("lexical_first_articles", 40))


def big_story_vectors(
    story: Story,
    units: list[list[Unit]],
    sigs: list[list[Signature]],
    cfg: Any,
    rule: FactRule,
    embed: Callable[[list[str]], np.ndarray],
) -> tuple[list[np.ndarray], dict[str, int]]:
    """Per article, one row per unit (zeros for a unit left out), and counts: units,
    candidate pairs, pairs decided without vectors, units of other languages, texts
    embedded."""
    n_articles = len(story.articles)
    flat = [(i, x) for i, us in enumerate(units) for x in range(len(us))]
    if not flat:
        return [np.zeros((0, DIM), np.float32) for _ in units], {"units": 0, "embedded": 0}
    arts = story.articles
    lang = [units[i][x].language or arts[i].language or "" for i, x in flat]
    lex = [AlignUnit(i, k, units[i][x].text) for k, (i, x) in enumerate(flat)]
    settings = {
        "shingle_words": int(cfg.get("lexical_shingle_words", 4)),
        "shingle_max_postings": int(cfg.get("lexical_max_postings", 50)),
        "lexical_min_shared_words": int(cfg.get("lexical_min_shared_words", 1)),
        "big_story_partners": int(cfg.get("lexical_partners", 24)),
        "lexical_translation_partners": int(cfg.get("lexical_translation_partners", 3)),
    }
    pairs = lexical_candidates(lex, lang, n_articles, settings)
    origin_of = origin_map(story)
    origin = [origin_of[a.id] for a in arts]
    need, decided, same_origin = _cosine_needed(
        lex, pairs, [sigs[i][x] for i, x in flat], origin, rule
    )
    foreign_units = _foreign(story, lex, lang, settings)
    need |= foreign_units
    vecs = np.zeros((len(flat), DIM), np.float32)
    order = sorted(need)
    keys = [norm_key(lex[k].text) for k in order]
    first: dict[str, int] = {}
    texts: list[str] = []
    for key, k in zip(keys, order, strict=True):
        if key not in first:
            first[key] = len(texts)
            texts.append(lex[k].text)
    if texts:
        got = embed(texts)
        vecs[order] = got[[first[key] for key in keys]]
    borrowed = _borrow(story, units, flat, vecs, need, origin)
    stats = {
        "units": len(flat),
        "candidate_pairs": len(pairs),
        "decided_without_vectors": decided,
        "same_origin_pairs": same_origin,
        "other_language_units": len(foreign_units),
        "embedded": len(texts),
        "borrowed": borrowed,
    }
    out, k = [], 0
    for us in units:
        out.append(vecs[k : k + len(us)])
        k += len(us)
    return out, stats


def _cosine_needed(
    lex: Sequence[AlignUnit],
    pairs: set[tuple[int, int]],
    sigs: list[Signature],
    origin: list[str],
    rule: FactRule,
) -> tuple[set[int], int, int]:
    """The units whose cosines decide a match: both units of a candidate pair of two origins
    that passes the fact rule at a perfect cosine, and their rivals (a match must be
    mutually best in the two articles: the other units of b's article that a shares words
    with are ranked against it). Pairs of one origin are its alignments' business (copies
    pair up sentence by sentence). Also the number of pairs the rule decides without a
    cosine and of pairs inside one origin."""
    # the most lenient reading of the rule: what a perfect cosine would let through
    loose = replace(rule, content_alone=min(rule.content, rule.content_alone))
    rivals: dict[tuple[int, int], list[int]] = defaultdict(list)  # (unit, article) -> units
    for a, b in pairs:
        rivals[(a, lex[b].article)].append(b)
        rivals[(b, lex[a].article)].append(a)
    need: set[int] = set()
    decided = same = 0
    for a, b in pairs:
        if origin[lex[a].article] == origin[lex[b].article]:
            same += 1
        elif same_fact(sigs[a], sigs[b], 1.0, 1.0, 0.0, True, loose):
            need.update(rivals[(a, lex[b].article)])
            need.update(rivals[(b, lex[a].article)])
        else:
            decided += 1
    return need, decided, same


def _borrow(
    story: Story,
    units: list[list[Unit]],
    flat: list[tuple[int, int]],
    vecs: np.ndarray,
    have: set[int],
    origin: list[str],
) -> int:
    """Give a unit left without a vector the vector of a unit it is aligned with inside its
    origin (a copied sentence: its one unit, or its units in order when both copies are cut
    alike), following chains of copies, so that
    a copy in a claim stands for its origin's sentence when the claim is checked against
    other origins (complete linkage). Returns how many units borrowed one."""
    pos = {a.id: i for i, a in enumerate(story.articles)}
    row = {node: k for k, node in enumerate(flat)}
    rows: list[dict[int, list[int]]] = []  # per article: sentence -> its units' rows
    shape: dict[int, tuple[bool, bool]] = {}  # row -> (opens its sentence, closes it)
    for i, us in enumerate(units):
        per: dict[int, list[int]] = defaultdict(list)
        for x, u in enumerate(us):
            per[u.sentence].append(x)
        for xs in per.values():
            first, last = min(us[x].start for x in xs), max(us[x].end for x in xs)
            for x in xs:
                shape[row[(i, x)]] = (us[x].start == first, us[x].end == last)
        rows.append({sent: [row[(i, x)] for x in xs] for sent, xs in per.items()})
    links: dict[int, list[int]] = defaultdict(list)
    for al in story.alignments:
        ia, ib = pos.get(al.a), pos.get(al.b)
        if ia is None or ib is None or origin[ia] != origin[ib]:
            continue
        if len(al.a_sents) == 1 and len(al.b_sents) == 1:
            ka, kb = rows[ia].get(al.a_sents[0], []), rows[ib].get(al.b_sents[0], [])
            # a copied sentence cut alike (the sentence and its aside in both): the units
            # pair in order
            if ka and len(ka) == len(kb) and [shape[r] for r in ka] == [shape[r] for r in kb]:
                for ra, rb in zip(ka, kb, strict=True):
                    links[ra].append(rb)
                    links[rb].append(ra)
    done = set(have)
    queue = deque(sorted(have))
    borrowed = 0
    while queue:
        k = queue.popleft()
        for j in links.get(k, ()):
            if j not in done:
                done.add(j)
                vecs[j] = vecs[k]
                borrowed += 1
                queue.append(j)
    return borrowed


def _foreign(
    story: Story, lex: Sequence[AlignUnit], lang: list[str], settings: dict[str, Any]
) -> set[int]:
    """Every unit of an article of another language than the story's main one, and of its
    translation partners (:func:`..align.candidates.translation_partners`)."""
    main = Counter(lang).most_common(1)[0][0]
    per_art: dict[int, Counter[str]] = defaultdict(Counter)
    for u, g in zip(lex, lang, strict=True):
        per_art[u.article][g] += 1
    foreign = {a for a, c in per_art.items() if c.most_common(1)[0][0] != main}
    if not foreign:
        return set()
    texts = [" ".join(s.text for s in art.sentences) for art in story.articles]
    chosen = foreign | translation_partners(texts, foreign, settings)
    return {k for k, u in enumerate(lex) if u.article in chosen}
