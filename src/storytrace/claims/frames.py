"""Statement frames: who says what, so that two reports of one statement match though their
words and their sentence embeddings differ.

An original and an independent report of the same statement often word it so differently
that the unit embeddings sit among the topic's other sentences: "China defends its trade
with Russia, saying it is only engaged in normal economic exchanges" and an independent
"Beijing has accused the US of ... unreasonably criticizing the normal trade and economic
relations between Russia and China" are 0.80 apart, as close as unrelated sentences of the
story. What they share is a frame: the same speaker (China, Beijing folded onto it) says the
same predicate of the same object (normal, trade, economic; Russia).

A unit has a statement frame when it reports what someone says:

- a reporting participle unit (", saying it is only engaged in ..."): the speaker is the
  subject (first actor) of the unit before it in the same sentence, whose actors it shares;
- a quote inside the unit whose speaker ``story.quotes`` knows: the speaker says the quoted
  words;
- a unit whose own words carry a speech verb ("China insists its trade is normal"): the
  speaker is its subject.

Two units of different origins match by frame (:func:`frame_pairs`) when some frame of each
names the same speaker, the actors each frame names besides the speaker agree (one set
holds the other), their numbers and dates do not all differ, they share at least
``shared`` content stems of which at least one is rare in the story (a stem said in at
most ``rare_share`` of its sentences: "normal" is evidence, "sanctions" in a sanctions
story is not),
the shared stems are at least ``share`` of the smaller frame's stems, and the units'
cosine still reaches ``cosine`` (the same topic at least). Reporting verbs themselves are
no content. The thresholds are in ``[claims]`` of defaults.toml with how they were measured.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..quotes.attribution import SPEECH_VERBS
from ..types import Story
from .facts import Signature, actor_keys, signature, stem
from .units import PARTICIPLE, Unit

_SPEECH_WORDS = frozenset(v for vs in SPEECH_VERBS.values() for v in vs if v.isalpha()) | frozenset(
    PARTICIPLE.split("|")
)
_SPEECH_STEMS = frozenset(stem(w) for w in _SPEECH_WORDS)
_PARTICIPLE_START = re.compile(rf"^\W*(?:{PARTICIPLE})\b", re.I)
_SPEECH = re.compile(r"\b(?:" + "|".join(sorted(_SPEECH_WORDS, key=len, reverse=True)) + r")\b")

Node = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Frame:
    """One statement a unit reports: its speaker, the other actors and the content stems."""

    who: str  # actor key of the speaker
    actors: frozenset[str]  # the other actors the statement names
    stems: frozenset[str]  # content stems, reporting verbs left out
    numbers: frozenset[str]


@dataclass(frozen=True, slots=True)
class FrameRule:
    """Evidence a frame match needs (see ``[claims]`` frame_* in defaults.toml)."""

    cosine: float = 0.82
    shared: int = 2
    share: float = 0.35
    rare_share: float = 0.1
    quote_share: float = 0.5  # share of a unit a grouped quote fills to report it


def _frame(who: str, actors: frozenset[str], sig: Signature) -> Frame:
    return Frame(who, actors - {who}, sig.stems - _SPEECH_STEMS, sig.numbers)


def speaking_for(units: list[list[Unit]], sigs: list[list[Signature]]) -> list[list[Signature]]:
    """The signatures with the speaker of each statement unit as its subject: quoted words
    under their speaker, a reporting participle unit that names nobody under the subject
    (and with the actors) of the unit it hangs on: "saying it is only engaged in ..." says
    what China says of itself. A participle unit that names its own actors ("saying only
    that the United States has imposed sanctions") keeps them: they are its fact's."""
    out = []
    for us, ss in zip(units, sigs, strict=True):
        per_art = list(ss)
        for x, u in enumerate(us):
            sig = ss[x]
            if u.speaker:
                keys = actor_keys(u.speaker)[0]
                if keys:
                    who = keys[0][1]
                    per_art[x] = replace(sig, actors=sig.actors | {who}, lead=who, anaphoric=False)
                continue
            host = _host(us, x)
            if host is not None and ss[host].lead and not sig.actors and _speaks(u):
                hs = ss[host]  # a participle unit that names nobody: its speaker's own claim
                per_art[x] = replace(sig, actors=hs.actors, lead=hs.lead)
        out.append(per_art)
    return out


def unit_frames(
    story: Story, units: list[list[Unit]], sigs: list[list[Signature]]
) -> list[list[tuple[Frame, ...]]]:
    """Per article and unit, the statements the unit reports (often none); ``sigs`` as
    :func:`speaking_for` gives them."""
    speakers = _quote_speakers(story)
    out: list[list[tuple[Frame, ...]]] = []
    for art, us, ss in zip(story.articles, units, sigs, strict=True):
        per_art: list[tuple[Frame, ...]] = []
        for x, u in enumerate(us):
            sig = ss[x]
            frames: list[Frame] = []
            inner = [v for v in us if v.speaker and u.start <= v.start and v.end <= u.end]
            if inner and not u.speaker:  # the quoted words inside are their speaker's fact
                own = u.text
                for v in inner:
                    a, b = v.start - u.start, v.end - u.start
                    own = own[:a] + " " * (b - a) + own[b:]
                sig = replace(sig, stems=signature(own).stems)
            host = _host(us, x)
            if not u.speaker and host is not None and _speaks(u):
                who = ss[host].lead  # the speaker is the subject of the unit it hangs on
                if who:
                    frames.append(_frame(who, sig.actors | ss[host].actors, sig))
            elif sig.lead and not sig.anaphoric and (u.speaker or _SPEECH.search(u.text)):
                frames.append(_frame(sig.lead, sig.actors, sig))
            for s, e, text, who in speakers.get(art.id, ()):
                nested = any(v.speaker and s <= v.start < e for v in us)
                if not u.speaker and u.start <= s and e <= u.end and not nested:
                    qs = signature(text, sig.numbers)
                    frames.append(_frame(who, qs.actors | {who}, qs))
            per_art.append(tuple(f for f in frames if f.stems))
        out.append(per_art)
    return out


def _speaks(unit: Unit) -> bool:
    """A reporting participle unit (", saying ...")."""
    return bool(_PARTICIPLE_START.match(unit.text))


def _host(units: Sequence[Unit], x: int) -> int | None:
    """The unit a participle unit hangs on: the one before it in the same sentence."""
    u = units[x]
    for y in range(x - 1, -1, -1):
        if units[y].sentence != u.sentence:
            return None
        if units[y].end <= u.start and not units[y].speaker:
            return y
    return None


def _quote_speakers(story: Story) -> dict[str, list[tuple[int, int, str, str]]]:
    """Per article, its quoted words whose speaker names an actor: (start, end, text, key)."""
    out: dict[str, list[tuple[int, int, str, str]]] = {}
    for q in story.quotes:
        for v in q.variants:
            name = v.speaker_text or q.speaker
            keys = actor_keys(name)[0] if name else []
            if keys:
                out.setdefault(v.article, []).append((v.start, v.end, v.text, keys[0][1]))
    return out


def frame_pairs(
    frames: list[list[tuple[Frame, ...]]],
    sentence_of: list[list[int]],
    vecs: list[np.ndarray],
    origin_of: list[str],
    rule: FrameRule,
) -> dict[tuple[Node, Node], int]:
    """Unit pairs of different origins that report one statement, both orders, with the
    number of content stems their best frames share."""
    df: Counter[str] = Counter()  # in how many sentences a stem is said
    for i, per_art in enumerate(frames):
        said: dict[int, set[str]] = {}
        for x, fs in enumerate(per_art):
            said.setdefault(sentence_of[i][x], set()).update(s for f in fs for s in f.stems)
        for stems in said.values():
            df.update(stems)
    n_sentences = sum(len(set(s)) for s in sentence_of)
    limit = max(2.0, rule.rare_share * n_sentences)
    index: dict[str, list[tuple[Node, Frame]]] = {}
    for i, per_art in enumerate(frames):
        for x, fs in enumerate(per_art):
            for f in fs:
                index.setdefault(f.who, []).append(((i, x), f))
    out: dict[tuple[Node, Node], int] = {}
    for entries in index.values():
        for k, (a, fa) in enumerate(entries):
            for b, fb in entries[k + 1 :]:
                if a[0] == b[0] or origin_of[a[0]] == origin_of[b[0]]:
                    continue
                n = _frames_agree(fa, fb, df, limit, rule)
                if (
                    n > out.get((a, b), 0)
                    and float(vecs[a[0]][a[1]] @ vecs[b[0]][b[1]]) >= rule.cosine
                ):
                    out[(a, b)] = out[(b, a)] = n
    return out


def _frames_agree(a: Frame, b: Frame, df: Counter[str], limit: float, rule: FrameRule) -> int:
    """The number of content stems two frames of one speaker share when they state the same
    thing (0 when not)."""
    if a.actors and b.actors and not (a.actors <= b.actors or b.actors <= a.actors):
        return 0
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return 0
    shared = a.stems & b.stems
    if len(shared) < rule.shared or not any(df[s] <= limit for s in shared):
        return 0
    if len(shared) / min(len(a.stems), len(b.stems)) < rule.share:
        return 0
    return len(shared)


def quote_units(story: Story, units: list[list[Unit]], share: float) -> dict[str, list[Node]]:
    """Per quote of ``story.quotes`` that two or more origins report, with its speaker, the
    unit of each article that reports it: the unit of its quoted words (``Unit.speaker``),
    else the unit the quoted words fill at least ``share`` of (the quote sentence '"We are
    fully prepared to act," he said.'), never a longer sentence that only borrows a phrase
    of the quote (Blinken "said that Washington is 'fully prepared' to impose sanctions").
    The quotes stage has grouped these variants as one statement of one speaker: the
    units are mentions of one claim however far apart their embeddings sit."""
    pos = {a.id: i for i, a in enumerate(story.articles)}
    out: dict[str, list[Node]] = {}
    for q in story.quotes:
        if not q.speaker or len(q.origins) < 2:
            continue
        nodes: list[Node] = []
        for v in q.variants:
            i = pos.get(v.article)
            if i is None:
                continue
            parts = v.fragments or ((v.start, v.end),)
            best: tuple[float, int] | None = None
            for x, u in enumerate(units[i]):
                inside = sum(max(0, min(e, u.end) - max(s, u.start)) for s, e in parts)
                filled = inside / max(1, u.end - u.start)
                if inside and (u.speaker or filled >= share) and (best is None or filled > best[0]):
                    best = (filled, x)
            if best is not None and all(n[0] != i for n in nodes):
                nodes.append((i, best[1]))
        if len({n[0] for n in nodes}) >= 2:
            out[q.id] = nodes
    return out
