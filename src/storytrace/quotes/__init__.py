"""Direct quotes: found in each article, attributed to a speaker, grouped across articles.

``extract_quotes(story)`` finds the words between quotation marks in every article
(:mod:`.spans`), reads the attribution around them (:mod:`.attribution`), resolves it to one
canonical person per story (:mod:`.names`), groups the same statement across outlets and
languages (embedding similarity of the quote text, same speaker) and rates each variant
against the group's reference wording (:mod:`.fidelity`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..claims.gazetteer import NATIONALITY
from ..claims.text import fold, origin_map, paragraphs, sentences
from ..config import section
from ..types import Article, Quote, QuoteVariant, Story
from .attribution import (
    _ACCORDING,
    _LEAD_SUBJ_VERB,
    Attribution,
    attribute,
    is_role,
    pronoun_gender,
)
from .fidelity import fidelity, normal_words, token_cover
from .names import PersonIndex, name_runs
from .people import ROLE_NOUNS
from .spans import QuoteSpan, find_quotes

__all__ = ["QuoteFinding", "extract_quotes", "find_article_quotes", "origin_map"]


@dataclass(frozen=True, slots=True)
class QuoteFinding:
    """One quote in one article, before grouping."""

    article: str
    span: QuoteSpan
    speaker_text: str | None
    speaker: str | None
    how: str  # trailing | leading | according | colon | continued | none
    order: int


def _resolve(
    att: Attribution,
    art: Article,
    index: PersonIndex,
    timeline: list[tuple[int, str]],
    quotes: list[QuoteSpan],
    sent_starts: list[int],
) -> str | None:
    """The canonical person an attribution phrase refers to, if the text makes it clear."""
    g = pronoun_gender(att.text)
    if g is not False:
        if att.text.lower() in {"they", "it"}:
            return None
        gender = g if isinstance(g, str) else None
        found = _referent_before(art, att.start, gender, index, timeline, quotes, sent_starts)
        if found and gender:
            index.genders.setdefault(found, gender)
        return found
    runs = [
        r
        for r in name_runs(att.text, att.start, index.lower_vocab)
        if not re.search(r"['’]s?$", att.text[r[0] - att.start : r[1] - att.start])
    ]  # "Reunion Pictures' Matt O'Connor": a possessor is not the speaker
    if is_role(att.text) and not (runs and att.text.rstrip(" .,").endswith(runs[-1][2])):
        ws = [fold(w) for w in att.text.split()[1:]]
        role = next((w for w in reversed(ws) if w in ROLE_NOUNS), None)
        if role is None:
            return None
        nat = next((NATIONALITY[w] for w in ws if w in NATIONALITY), None)
        m = index.by_role(art.id, att.start, role, nat)
        return index.canonical(m.name, art.id, m.start) if m else None
    if runs:
        # "a sum Delacourt described": the name right before the verb, else the first one
        pick = runs[-1] if is_role(att.text) else runs[0]
        return index.canonical(pick[2], art.id, att.start)
    words = [w for w in att.text.split() if w[:1].isupper()]
    return " ".join(words).strip(".,") or None


def _referent_before(
    art: Article,
    pos: int,
    gender: str | None,
    index: PersonIndex,
    timeline: list[tuple[int, str]],
    quotes: list[QuoteSpan],
    sent_starts: list[int],
) -> str | None:
    """What a pronoun at ``pos`` refers to: the first person mentioned (by name, or as an
    already resolved speaker) in the nearest sentence before it that mentions one."""
    refs: list[tuple[int, str]] = [
        (m.start, index.canonical(m.name, art.id, m.start))
        for m in index.mentions.get(art.id, [])
        if m.end <= pos
        and pos - m.end <= 1200
        and not any(q.open_at <= m.start <= q.close_at for q in quotes)
        and index.is_person(m)
    ]
    refs += [(at, who) for at, who in timeline if at < pos and pos - at <= 1200]
    refs = [
        (at, who)
        for at, who in refs
        if index.is_person_name(who)
        and (gender is None or index.genders.get(who, index.gender(who, art.id)) in (None, gender))
    ]
    if not refs:
        return None
    refs.sort()
    last = bisect.bisect_right(sent_starts, refs[-1][0])
    return next(who for at, who in refs if bisect.bisect_right(sent_starts, at) == last)


def _speech_events(art: Article, quotes: list[QuoteSpan]) -> list[tuple[int, str, int]]:
    """``(position, subject phrase, start)`` of each "<subject> <speech verb>" outside quotes."""
    out = []
    for ps, pe in paragraphs(art):
        for m in _LEAD_SUBJ_VERB.finditer(art.raw, ps, pe):
            s = m.start("subj")
            if any(q.open_at <= s <= q.close_at for q in quotes):
                continue
            out.append((m.start("verb"), m.group("subj"), s))
        for m in _ACCORDING.finditer(art.raw, ps, pe):
            s = m.start("subj")
            if not any(q.open_at <= s <= q.close_at for q in quotes):
                out.append((s, m.group("subj"), s))
    out.sort()
    return out


def find_article_quotes(
    art: Article, index: PersonIndex
) -> tuple[list[QuoteFinding], Counter[str]]:
    """Quotes of one article with their speakers; also counts what was dropped and why."""
    sents = sentences(art)
    starts = [s.start for s in sents]
    paras = paragraphs(art)
    spans = find_quotes(art.raw, paras)
    dropped: Counter[str] = Counter()
    out: list[QuoteFinding] = []
    prev: QuoteFinding | None = None
    timeline: list[tuple[int, str]] = []
    events = _speech_events(art, spans)
    ev = 0

    def advance(upto: int) -> None:
        nonlocal ev
        while ev < len(events) and events[ev][0] < upto:
            _pos, text, s = events[ev]
            ev += 1
            who = _resolve(
                Attribution(text.strip(" ,"), s, s + len(text), "event"),
                art,
                index,
                timeline,
                spans,
                starts,
            )
            if who:
                timeline.append((s, who))

    for q in spans:
        advance(q.open_at)
        i = max(0, bisect.bisect_right(starts, q.open_at + 1) - 1)
        j = max(0, bisect.bisect_right(starts, q.close_at) - 1)
        s_start = min(sents[i].start if sents else 0, q.open_at)
        s_end = max(sents[j].end if sents else len(art.raw), q.close_at + 1)
        p_end = next((pe for ps, pe in paras if ps <= q.close_at < pe), s_end)
        prev_sent = (sents[i - 1].start, sents[i - 1].end) if sents and i > 0 else None
        att = attribute(art.raw, s_start, s_end, q.open_at, q.close_at, prev_sent, p_end)
        speaker: str | None = None
        how = "none"
        between = art.raw[prev.span.close_at + 1 : q.open_at] if prev is not None else ""
        if att is not None:
            speaker = _resolve(att, art, index, timeline, spans, starts)
            how = att.how
        elif (
            prev is not None
            and prev.speaker
            and q.n_words >= 3
            and (
                ("\n" not in between.strip(" ") and len(between) < 300)
                # the next paragraph (or line) goes on right after '"...," X said.'
                or (
                    prev.how == "trailing"
                    and len(between.strip()) < 120
                    and between.count("\n") <= 2
                    and re.search(r"[.!?]\s*$", between)
                )
            )
        ):
            speaker, how = prev.speaker, "continued"
        if how == "none" or (speaker is None and q.n_words <= 2):
            if q.n_words <= 2:
                dropped["scare-quote"] += 1
                continue
            if q.n_words <= 5 and all(w[:1].isupper() for w in q.text.split() if w[:1].isalpha()):
                dropped["title"] += 1
                continue
        if speaker:
            timeline.append((att.start if att is not None else q.open_at, speaker))
        finding = QuoteFinding(art.id, q, att.text if att else None, speaker, how, len(out))
        out.append(finding)
        prev = finding
    return out, dropped


def _translation_pairs(story: Story) -> set[frozenset[str]]:
    """Article pairs whose derivation path (through the relation tree) has a translation."""
    parent: dict[str, tuple[str, bool]] = {}
    for r in story.relations:
        if r.kind != "independent" and r.target not in parent:
            parent[r.target] = (r.source, r.kind == "translation")

    def chain(a: str) -> list[tuple[str, bool]]:
        out, seen = [(a, False)], {a}
        while a in parent and parent[a][0] not in seen:
            a, tr = parent[a]
            seen.add(a)
            out.append((a, tr))
        return out

    ids = [art.id for art in story.articles]
    chains = {a: chain(a) for a in ids}
    out: set[frozenset[str]] = set()
    for i, a in enumerate(ids):
        up_a = {node: k for k, (node, _) in enumerate(chains[a])}
        for b in ids[i + 1 :]:
            for kb, (node, _) in enumerate(chains[b]):
                if node in up_a:
                    ka = up_a[node]
                    edges = [t for _, t in chains[a][1 : ka + 1]] + [
                        t for _, t in chains[b][1 : kb + 1]
                    ]
                    if any(edges):
                        out.add(frozenset((a, b)))
                    break
    return out


def extract_quotes(story: Story) -> Story:
    """Find, attribute and group the direct quotes of every article of ``story``."""
    cfg = section("quotes")
    same_speaker_sim = float(cfg.get("same_speaker_similarity", 0.88))
    alone_sim = float(cfg.get("alone_similarity", 0.95))
    cover = float(cfg.get("fragment_cover", 0.75))
    min_cover = float(cfg.get("shared_words", 0.25))
    tpairs = _translation_pairs(story)
    index = PersonIndex(PersonIndex.vocabulary([a.raw for a in story.articles]))
    for art in story.articles:
        index.add_article(art.id, art.raw, paragraphs(art))
    findings: list[QuoteFinding] = []
    dropped: Counter[str] = Counter()
    for art in story.articles:
        found, d = find_article_quotes(art, index)
        findings.extend(found)
        dropped.update(d)
    order = {a.id: k for k, a in enumerate(story.articles)}
    vecs = (
        np.asarray(
            __import__("storytrace.align.embed", fromlist=["embed"]).embed(
                [f.span.text for f in findings]
            ),
            dtype=np.float32,
        )
        if findings
        else np.zeros((0, 384))
    )
    norms = [normal_words(f.span.text) for f in findings]
    idx = sorted(
        range(len(findings)),
        key=lambda k: (-len(norms[k]), order[findings[k].article], findings[k].span.start),
    )
    groups: list[list[int]] = []
    for k in idx:
        f = findings[k]
        best, best_sim = -1, -1.0
        for g, members in enumerate(groups):
            core = members[0]
            c = findings[core]
            sim = float(vecs[k] @ vecs[core])
            cross = _languages_differ(story, f.article, c.article) or (
                frozenset((f.article, c.article)) in tpairs
            )
            tc = token_cover(f.span.text, c.span.text)
            if c.article == f.article:
                ok = norms[k] == norms[core]
            elif f.speaker is None or c.speaker is None or f.speaker == c.speaker:
                ok = (sim >= same_speaker_sim and (cross or tc >= min_cover)) or (
                    len([w for w in norms[k] if len(w) > 2]) >= 2
                    and tc >= cover
                    and (f.speaker is not None or c.speaker is not None)
                )
            else:
                ok = sim >= alone_sim
            if ok and sim > best_sim:
                best, best_sim = g, sim
        if best >= 0:
            groups[best].append(k)
        else:
            groups.append([k])
    omap = origin_map(story)
    roots = {o.root for o in story.origins}
    built: list[tuple[tuple[int, int], Quote, QuoteFinding]] = []
    for members in groups:
        members.sort(key=lambda k: (order[findings[k].article], findings[k].span.start))
        ref = _reference(members, findings, norms, roots, story)
        rf = findings[ref]
        ref_lang = story.article(rf.article).language
        variants = []
        for k in members:
            f = findings[k]
            lang = story.article(f.article).language
            translated = (lang is not None and ref_lang is not None and lang != ref_lang) or (
                frozenset((f.article, rf.article)) in tpairs
            )
            fid = "verbatim" if k == ref else fidelity(f.span.text, rf.span.text, translated)
            variants.append(
                QuoteVariant(
                    f.article,
                    f.span.text,
                    f.span.start,
                    f.span.end,
                    fid,
                    f.speaker_text,
                    round(float(vecs[k] @ vecs[ref]), 4),
                )
            )
        speakers = Counter(findings[k].speaker for k in members if findings[k].speaker)
        speaker = speakers.most_common(1)[0][0] if speakers else None
        origins = tuple(sorted({omap[findings[k].article] for k in members}))
        first = findings[members[0]]
        built.append(
            (
                (order[first.article], first.span.start),
                Quote("", speaker, tuple(variants), origins, len(origins) == 1),
                rf,
            )
        )
    built.sort(key=lambda t: t[0])
    quotes = tuple(
        Quote(f"q{n}", q.speaker, q.variants, q.origins, q.single_origin)
        for n, (_, q, _ref) in enumerate(built, 1)
    )
    reference = {
        f"q{n}": {"article": r.article, "start": r.span.start, "end": r.span.end}
        for n, (_, _q, r) in enumerate(built, 1)
    }
    stats = {
        "found": len(findings),
        "attributed": sum(f.speaker is not None for f in findings),
        "groups": len(quotes),
        "multi_origin": sum(not q.single_origin for q in quotes),
        "dropped": dict(sorted(dropped.items())),
        "origins_known": bool(story.origins),
        # the variant each quote's fidelities are measured against
        "reference": reference,
        "speakers": dict(Counter(q.speaker for q in quotes if q.speaker).most_common()),
    }
    out = _replace(story, quotes)
    out.stats["quotes"] = stats
    return out


def _languages_differ(story: Story, a: str, b: str) -> bool:
    la, lb = story.article(a).language, story.article(b).language
    return la is not None and lb is not None and la != lb


def _reference(
    members: list[int],
    findings: list[QuoteFinding],
    norms: list[list[str]],
    roots: set[str],
    story: Story,
) -> int:
    in_root = [k for k in members if findings[k].article in roots]
    if in_root:
        omap = origin_map(story)
        per_origin = Counter(omap[findings[k].article] for k in members)
        order = {a.id: n for n, a in enumerate(story.articles)}
        return min(
            in_root,
            key=lambda k: (
                -per_origin[omap[findings[k].article]],
                str(story.article(findings[k].article).published or "9999"),
                order[findings[k].article],
                -len(norms[k]),
                findings[k].span.start,
            ),
        )
    counts = Counter(" ".join(norms[k]) for k in members)
    common, n = counts.most_common(1)[0]
    if n >= 2:
        return next(k for k in members if " ".join(norms[k]) == common)
    dated = [k for k in members if story.article(findings[k].article).published]
    if dated:
        return min(dated, key=lambda k: (str(story.article(findings[k].article).published), k))
    return members[0]


def _replace(story: Story, quotes: tuple[Quote, ...]) -> Story:
    from dataclasses import replace

    return replace(story, quotes=quotes, stats=dict(story.stats))
