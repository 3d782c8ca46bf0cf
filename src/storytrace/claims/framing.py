"""Framing: hedges, attribution verbs and loaded terms per article, compared across origins.

``find_framing(story)`` finds every lexicon term (:mod:`.lexicon`) in every sentence and says
whose statement it qualifies (``FramingCue.target``): for an attribution verb, its subject
("Blinken claimed" -> "Antony Blinken"); for a hedge, the speaker the sentence reports when it
reports one ("over its alleged transfer ..., Blinken said" -> "Antony Blinken"), otherwise the
noun phrase it qualifies ("alleged transfer"); for a loaded term, the speaker of the quote it
sits in, otherwise the noun phrase. ``story.stats["framing"]`` holds, per article and per
origin, counts by kind of the cues in the outlet's own voice (a word inside a quotation of
three or more words is the speaker's, whether or not the quotes stage attributed it:
``quoted`` counts those), every term found (``terms``, quoted ones included) and the outlet's
own (``outlet_terms``), which terms one origin alone uses in its own voice, and whom each
origin distances itself from (``distanced``: hedges and evaluative verbs per target).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from ..quotes.attribution import _LEAD_SUBJ_VERB, is_role, pronoun_gender
from ..quotes.name_runs import name_runs
from ..quotes.names import PersonIndex
from ..quotes.people import NOT_NAME, ROLE_NOUNS
from ..settings import FramingSettings, Settings
from ..text import fold, origin_map, paragraphs, quoted_ranges, sentences, word_list_setting
from ..text.gazetteer import NATIONALITY
from ..types import Article, FramingCue, Story
from .lexicon import Entry, with_extras

__all__ = ["find_framing"]

# An attribution word after a determiner or a verb's -ing form is a noun, no verb of the
# outlet's: "rejecting claims that residents were warned", "its warning system".
_NOUN_AFTER = re.compile(
    r"\b(?:the|a|an|its|his|her|their|our|these|those|such|any|no|[a-z]+ing)\s+$", re.I
)
_STOP_NP = re.compile(
    r"[,.;:!?\"“”«»()]|\b(?:of|by|to|in|on|at|for|from|with|that|which|and|or|is|are|was|were|has|have|had|can|could|will|would)\b"
)


def _patterns(lex: dict[str, tuple[Entry, ...]]) -> list[tuple[re.Pattern[str], str, Entry]]:
    out = []
    for kind, entries in lex.items():
        for e in entries:
            forms = "|".join(re.escape(f) for f in sorted(e.forms, key=len, reverse=True))
            out.append((re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])", re.I), kind, e))
    return out


def _may_match(entry: Entry, low: str | None) -> bool:
    """False when no form of ``entry`` is in ``low``, the lower-cased sentence when it is
    ASCII (None otherwise: case-insensitive matching pairs some ASCII letters with other
    characters, "ſ" with "s"), so its pattern cannot match: the 63 patterns were run over
    every sentence."""
    if low is None:
        return True
    return any(f.lower() in low for f in entry.forms)


_FUNCTION_WORDS = {
    "the",
    "a",
    "an",
    "but",
    "and",
    "in",
    "on",
    "at",
    "as",
    "if",
    "it",
    "this",
    "that",
    "there",
    "he",
    "she",
    "they",
    "we",
    "i",
    "for",
    "after",
    "while",
}
# verbs that may come before their subject ("said Blinken", "added the minister")
_INVERTING = {
    "said",
    "says",
    "added",
    "adds",
    "noted",
    "stated",
    "claimed",
    "insisted",
    "asserted",
    "stressed",
    "warned",
    "told",
    "recalled",
    "admitted",
    "suggested",
}


def _owner(text: str, m: re.Match[str]) -> str:
    """The person of "Ian Chong of the National University ... told": the name before "of"."""
    subj = m.group("subj")
    before = re.search(
        r"([A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)+)\s+(?:of|at|from)\s+$", text[: m.start("subj")]
    )
    if before and is_role(subj):
        return before.group(1)
    return subj


def _noun_phrase(text: str, start: int) -> str | None:
    rest = text[start:]
    m = _STOP_NP.search(rest)
    phrase = rest[: m.start()] if m else rest
    words = phrase.split()[:4]
    return " ".join(words) or None


def _resolve(phrase: str, art: Article, pos: int, index: PersonIndex) -> str | None:
    phrase = phrase.strip(" ,")
    g = pronoun_gender(phrase)
    if g is not False:
        if not isinstance(g, str):
            return None
        m = index.person_before(art.id, pos, g, window=800)
        return index.canonical(m.name, art.id, m.start) if m else None
    if is_role(phrase):
        ws = [fold(w) for w in phrase.split()[1:]]
        role = next((w for w in reversed(ws) if w in ROLE_NOUNS), None)
        nat = next((NATIONALITY[w] for w in ws if w in NATIONALITY), None)
        m = index.by_role(art.id, pos, role, nat) if role else None
        return index.canonical(m.name, art.id, m.start) if m else phrase
    runs = name_runs(phrase, 0, index.lower_vocab)
    if runs:
        return index.canonical(runs[0][2], art.id, pos)
    return phrase


def find_framing(story: Story, settings: FramingSettings | None = None) -> Story:
    """Find the framing cues of every article and compare them across origins."""
    table = settings if settings is not None else Settings.default().framing
    cfg: Any = {k: list(v) for k, v in table.as_dict().items()}
    lex = with_extras(
        {
            "hedge": word_list_setting("framing", cfg, "extra_hedges"),
            "attribution": word_list_setting("framing", cfg, "extra_attribution"),
            "loaded": word_list_setting("framing", cfg, "extra_loaded"),
        }
    )
    pats = _patterns(lex)
    index = PersonIndex(PersonIndex.vocabulary([a.raw for a in story.articles]))
    for art in story.articles:
        index.add_article(art.id, art.raw, paragraphs(art))
    quoted: dict[str, list[tuple[int, int, str | None]]] = {}
    for q in story.quotes:
        for v in q.variants:
            quoted.setdefault(v.article, []).append((v.start, v.end, q.speaker))
    cues: list[FramingCue] = []
    voice: dict[tuple[str, int], str] = {}
    for art in story.articles:
        for sent in sentences(art):
            spans = [
                (s, e, who)
                for s, e, who in quoted.get(art.id, [])
                if s < sent.end and sent.start < e
            ]
            # quotations the quotes stage did not attribute are still the speaker's words
            # (a scare-quoted term of one or two words stays the outlet's)
            spans += [
                (sent.start + s, sent.start + e, None)
                for s, e in quoted_ranges(sent.text)
                if len(sent.text[s:e].split()) >= 3
                and not any(qs <= sent.start + s < qe for qs, qe, _ in spans)
            ]
            speakers = [
                (m.start("verb") + sent.start, _owner(sent.text, m), m.start("subj") + sent.start)
                for m in _LEAD_SUBJ_VERB.finditer(sent.text)
                if not any(s <= m.start("subj") + sent.start < e for s, e, _ in spans)
            ]
            low = sent.text.lower() if sent.text.isascii() else None
            for pat, kind, entry in pats:
                if not _may_match(entry, low):
                    continue
                for m in pat.finditer(sent.text):
                    if m.group()[:1].isupper() and sent.text[: m.start()].strip(" “\"«'‘"):
                        continue  # "States" in "United States" is no verb
                    if kind == "attribution" and _NOUN_AFTER.search(sent.text[: m.start()]):
                        continue  # "rejecting claims", "its warning system": a noun
                    s, e = sent.start + m.start(), sent.start + m.end()
                    inside = next((who for qs, qe, who in spans if qs <= s < qe), "")
                    if kind == "attribution" and inside != "":
                        continue  # a verb inside a quote is the speaker's, not an attribution
                    target = _target(kind, entry, sent.text, m, s, art, index, speakers, inside)
                    cues.append(
                        FramingCue(art.id, s, e, art.raw[s:e], kind, target, inside != "")  # type: ignore[arg-type]
                    )
                    voice[(art.id, s)] = "quoted" if inside != "" else "outlet"
    cues.sort(key=lambda c: ([a.id for a in story.articles].index(c.article), c.start))
    out = replace(story, framing=tuple(cues), stats=dict(story.stats))
    out.stats["framing"] = framing_stats(out, cues, voice, lex)
    return out


def _target(
    kind: str,
    entry: Entry,
    text: str,
    m: re.Match[str],
    s: int,
    art: Article,
    index: PersonIndex,
    speakers: list[tuple[int, str, int]],
    inside: str | None,
) -> str | None:
    if kind == "attribution":
        for verb_at, subj, subj_at in speakers:
            if verb_at == s:
                return _resolve(subj, art, subj_at, index)
        after = re.match(r"\s+((?:[A-Z][\w'’.\-]*\s?){1,4})", text[m.end() :])
        if after and m.group().lower() in _INVERTING:  # "said Blinken"
            who = _resolve(after.group(1), art, s, index)
            return who if who and fold(who) not in NATIONALITY else None
        # no subject of its own ("..., warning that", "said X but asserted that"): the
        # statement is the sentence's last named speaker's, else its first named person's
        earlier = [(v, subj, at) for v, subj, at in speakers if v < s]
        for _v, subj, at in reversed(earlier):
            who = _resolve(subj, art, at, index)
            if who and who[:1].isupper():
                return who
        sent_start = s - m.start()
        first = next(
            (
                p
                for p in index.mentions.get(art.id, [])
                if sent_start <= p.start < s and index.is_person(p)
            ),
            None,
        )
        if first:
            return index.canonical(first.name, art.id, first.start)
        # "China defends its trade ..., saying": the capitalised subject opening the sentence
        opener = re.match(r"([A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*)*)\s+[a-z]", text)
        first_word = fold(opener.group(1).split()[0]) if opener else ""
        if (
            opener
            and first_word not in _FUNCTION_WORDS
            and first_word not in NOT_NAME
            and first_word not in index.lower_vocab
        ):
            return opener.group(1)
        return None
    if inside != "":
        return inside  # the speaker's own word inside a quote (None when unattributed)
    if kind == "hedge":
        named = [(abs(v - s), subj, at) for v, subj, at in speakers]
        for _, subj, at in sorted(named):
            who = _resolve(subj, art, at, index)
            if who and who[:1].isupper():
                return who
    if entry.adjective or kind == "loaded":
        return _noun_phrase(text, m.end())
    before = re.search(r"((?:[A-Z][\w'’.\-]*\s){1,4})$", text[: m.start()])
    return before.group(1).strip() if before else None  # "X allegedly ..." -> X


def framing_stats(
    story: Story,
    cues: list[FramingCue],
    voice: dict[tuple[str, int], str],
    lex: dict[str, tuple[Entry, ...]],
) -> dict[str, Any]:
    """Counts by kind per article and per origin; terms one origin alone uses in its own voice.

    ``distanced`` counts, per speaker or actor, the hedges and evaluative attribution verbs
    ("claimed", "insisted") the outlet itself applies to them (quotes excluded).
    """
    lemma_of = {f.lower(): e.lemma for entries in lex.values() for e in entries for f in e.forms}
    neutral = {e.lemma for e in lex["attribution"] if e.neutral}
    omap = origin_map(story)

    def empty() -> dict[str, Any]:
        return {
            "hedge": 0,
            "attribution": 0,
            "loaded": 0,
            "evaluative_attribution": 0,
            "outlet_voice": 0,
            "quoted": 0,
            "terms": Counter(),
            "outlet_terms": Counter(),
            "distanced": Counter(),
        }

    per_article = {a.id: empty() for a in story.articles}
    per_origin: dict[str, dict[str, Any]] = {}
    for a in story.articles:
        per_origin.setdefault(omap[a.id], empty())
    for c in cues:
        lemma = lemma_of.get(c.term.lower(), c.term.lower())
        for bucket in (per_article[c.article], per_origin[omap[c.article]]):
            bucket["terms"][f"{c.kind}:{lemma}"] += 1
            if voice.get((c.article, c.start)) != "outlet":
                bucket["quoted"] += 1  # the speaker's word, not the outlet's framing
                continue
            bucket[c.kind] += 1
            if c.kind == "attribution" and lemma not in neutral:
                bucket["evaluative_attribution"] += 1
            bucket["outlet_voice"] += 1
            bucket["outlet_terms"][f"{c.kind}:{lemma}"] += 1
            # whom the outlet itself distances from: hedges and evaluative verbs
            distancing = c.kind == "hedge" or (c.kind == "attribution" and lemma not in neutral)
            if distancing and c.target and c.target[:1].isupper():
                bucket["distanced"][c.target] += 1
    only: dict[str, list[str]] = {}
    for oid, bucket in per_origin.items():
        # the outlets' own wording: a term inside a quote is the speaker's, not the outlet's
        others = set()
        for other, ob in per_origin.items():
            if other != oid:
                others |= set(ob["outlet_terms"])
        only[oid] = sorted(
            t
            for t in bucket["outlet_terms"]
            if t not in others and t.split(":", 1)[1] not in neutral
        )
    for bucket in [*per_article.values(), *per_origin.values()]:
        bucket["terms"] = dict(sorted(bucket["terms"].items()))
        bucket["outlet_terms"] = dict(sorted(bucket["outlet_terms"].items()))
        bucket["distanced"] = dict(bucket["distanced"].most_common())
    return {"articles": per_article, "origins": per_origin, "only_in_origin": only}
