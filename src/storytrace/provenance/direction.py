"""Which article of a linked pair came first, from content (and dates where present).

Each clue gives a signed vote ``d(x -> y)``: positive says ``x`` is the source of ``y``.

- coverage asymmetry: a derivative is mostly covered by its source, while a source is
  only partly covered by a condensed derivative;
- residue: translation artefacts, re-publisher residue (ads, forum headers, repeated
  blocks) and generic filler commentary that matches nothing else in the story ("In
  conclusion, ...", "Only time will tell ...") appear in the derivative, not the source;
- convergence: the article the other articles of the story converge on is the source;
- dates: an earlier ``published`` day;
- reporting credit: a text that credits one article's outlet with the reporting ("told
  VOA", "contacted by the Observer", "Voice of America correspondent ...") points to that
  outlet's article as the origin;
- wire dateline: an article whose dateline credits a news agency ("WASHINGTON (AP) —",
  "(اے پی پی)") where the other's credits none is the agency's copy: a newspaper writing
  from wire copy puts its own credit (desk, reporter) there. No outlet or date needed.

The weights live in ``[relations]``; ``|d|`` below ``direction_margin`` is "uncertain".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..clean.metadata import is_agency
from ..text import iso_day
from ..types import Article
from .features import PairFeatures, artefacts, repost_residue


@dataclass(slots=True)
class ArticleClues:
    """Per-article evidence used by the direction votes."""

    artefacts: dict[int, dict[str, int]]  # sentence index -> artefact counts
    residue: int
    day: str | None
    outlet: str | None = None
    text: str = ""
    filler: int = 0
    convergence: dict[str, float] = field(default_factory=dict)  # other id -> wcov of it
    wire: str | None = None  # the news agency its dateline credits

    def artefact_kinds(self) -> str:
        totals: dict[str, int] = {}
        for hits in self.artefacts.values():
            for k, v in hits.items():
                totals[k] = totals.get(k, 0) + v
        return ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))


# Stock wrap-up and commentary phrases of content farms and machine rewrites (English).
_FILLER = re.compile(
    r"^(?:in conclusion|in summary|to sum up|all in all|ultimately|overall|as the world "
    r"watches|as the (?:global )?community)\b|only time will tell|remains to be seen|"
    r"(?:stark|sobering|powerful) reminder|serves as a reminder|it is (?:worth|important) "
    r"(?:noting|to note)|stay tuned|what do you think",
    re.IGNORECASE,
)


def article_clues(art: Article, matched: set[int] | None = None) -> ArticleClues:
    """Clues of one article; ``matched`` holds its sentences aligned anywhere in the story."""
    day = iso_day(art.published)
    text = " ".join(s.text for s in art.sentences)
    filler = sum(
        1
        for s in art.sentences
        if matched is not None and s.index not in matched and _FILLER.search(s.text)
    )
    return ArticleClues(
        artefacts(art), repost_residue(art), day, art.outlet, text, filler, wire=wire_agency(art)
    )


# A bracketed credit: "(AP)", "(اے پی پی)"; the dateline sits just before the first kept
# sentence (the cleaner cuts a Latin one as metadata) or opens it (Urdu).
_BRACKET = re.compile(r"\(([^()\n]{1,30})\)")
_DATELINE_REACH = 100


def wire_agency(art: Article) -> str | None:
    """The news agency the article's dateline credits, if any."""
    if not art.sentences:
        return None
    start = art.sentences[0].start
    window = art.raw[max(0, start - _DATELINE_REACH) : start + _DATELINE_REACH]
    for m in _BRACKET.finditer(window):
        if is_agency(m.group(1).strip()):
            return m.group(1).strip()
    return None


_CREDIT_BEFORE = (
    r"(?:told|telling|contacted by|speaking to|spoke to|said to|in an interview with|"
    r"interviewed by|according to|reported by|obtained by|seen by|reviewed by|"
    r"confirmed to|wrote to|wrote in)\s+(?:the\s+)?"
)
_CREDIT_AFTER = r"(?:'s?|’s?)?\s+(?:correspondent|reporter|journalist|reporting|report|reported)\b"


@lru_cache(maxsize=256)
def _credit_pattern(outlet: str) -> re.Pattern[str] | None:
    words = re.findall(r"[^\W_]+", outlet)
    if not words:
        return None
    names = {re.escape(" ".join(words))}
    if len(words) > 1:
        acronym = "".join(w[0] for w in words).upper()
        if len(acronym) >= 3:
            names.add(acronym)
        names.add(re.escape(words[-1]))  # "the Observer", "the Courier"
    alt = "|".join(sorted(names, key=len, reverse=True))
    return re.compile(rf"{_CREDIT_BEFORE}(?:{alt})\b|\b(?:{alt}){_CREDIT_AFTER}", re.IGNORECASE)


def credits(outlet: str | None, text: str) -> bool:
    """Whether ``text`` credits ``outlet`` with reporting (an interview, a correspondent)."""
    if not outlet:
        return False
    pattern = _credit_pattern(outlet)
    return bool(pattern and pattern.search(text))


# An outlet credited with reporting: "told the Observer", "contacted by the Herald",
# "told VOA" (a capitalised name after "the", or an acronym; people's names are neither).
_NAMED_CREDIT = re.compile(
    r"\b(?:told|telling|contacted by|speaking to|spoke to|said to|in an interview with|"
    r"interviewed by|reported by|obtained by|seen by|reviewed by|confirmed to)\s+"
    r"(?:the\s+([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3})|([A-Z]{2,6})\b)"
)


def credited_names(text: str) -> set[str]:
    """Outlet-like names ``text`` credits with reporting."""
    return {(m.group(1) or m.group(2)).strip() for m in _NAMED_CREDIT.finditer(text)}


def _dropped_credit(p: ArticleClues, q: ArticleClues) -> str | None:
    """A reporting credit of ``p`` (outlet unknown) that ``q`` (outlet known) lacks and that
    does not name ``q``'s outlet: ``p`` is that outlet's own text, or closer to it, and a
    copy drops such self-references far more often than it adds a third outlet's."""
    if p.outlet or not q.outlet:
        return None
    for name in sorted(credited_names(p.text)):
        if (
            name not in q.text
            and not credits(q.outlet, f"told the {name}")
            and name.lower() not in q.outlet.lower()
        ):
            return name
    return None


def _clip(x: float, lim: float) -> float:
    return max(-lim, min(lim, x))


def direction_vote(
    x: str,
    y: str,
    f: PairFeatures,
    clues: dict[str, ArticleClues],
    linked_count: int,
    cfg: dict[str, Any],
) -> tuple[float, list[str]]:
    """Signed vote that ``x`` is the source of ``y``, with the reasons behind it."""
    reasons: list[str] = []
    cx, cy = clues[x], clues[y]
    d = 0.0
    asym = f.cov(y) - f.cov(x)
    if abs(asym) >= float(cfg["coverage_asymmetry_min"]):
        d += float(cfg["w_coverage"]) * asym
        src, tgt = (x, y) if asym > 0 else (y, x)
        reasons.append(
            f"points to {src} as the source: {tgt} is {f.cov(tgt):.0%} covered by {src}, "
            f"{src} only {f.cov(src):.0%} by {tgt}"
        )
    art_x, art_y = f.artefact_score(x), f.artefact_score(y)
    if art_x != art_y:
        d += float(cfg["w_artefacts"]) * _clip(art_y - art_x, 3)
        who, other = (y, x) if art_y > art_x else (x, y)
        kinds = clues[who].artefact_kinds() or "place calques"
        reasons.append(
            f"points to {other} as the source: {who} carries translation artefacts ({kinds})"
        )
    if cx.residue != cy.residue:
        d += float(cfg["w_residue"]) * _clip(cy.residue - cx.residue, 2)
        who, other = (y, x) if cy.residue > cx.residue else (x, y)
        reasons.append(
            f"points to {other} as the source: {who} had re-publisher residue removed "
            "(ads, forum header or repeated text)"
        )
    if cx.filler != cy.filler:
        d += float(cfg["w_filler"]) * _clip(cy.filler - cx.filler, 2)
        who, other = (y, x) if cy.filler > cx.filler else (x, y)
        reasons.append(
            f"points to {other} as the source: {who} adds generic commentary that matches "
            "nothing else in the story"
        )
    if cx.day and cy.day and cx.day != cy.day:
        d += float(cfg["w_date"]) * (1 if cx.day < cy.day else -1)
        first = x if cx.day < cy.day else y
        reasons.append(f"points to {first} as the source: published first ({min(cx.day, cy.day)})")
    credit, why = _credit_votes(x, y, cx, cy)
    d += float(cfg["w_credit"]) * credit
    reasons += why
    if linked_count > 2:
        conv_x = sum(v for k, v in cx.convergence.items() if k != y)
        conv_y = sum(v for k, v in cy.convergence.items() if k != x)
        delta = (conv_x - conv_y) / (linked_count - 2)
        if abs(delta) >= float(cfg["convergence_min"]):
            d += float(cfg["w_convergence"]) * delta
            hub = x if delta > 0 else y
            reasons.append(f"points to {hub} as the source: the other articles converge on it")
    return d, reasons


def _credit_votes(x: str, y: str, cx: ArticleClues, cy: ArticleClues) -> tuple[int, list[str]]:
    """The credit clues' votes that ``x`` is the source of ``y`` (each one ``w_credit``):
    an outlet credited with the reporting, an agency's dateline, a dropped credit."""
    n = 0
    reasons: list[str] = []
    if cx.outlet and cy.outlet and cx.outlet != cy.outlet:
        # Only between two known, different outlets: an article of unknown outlet may be
        # the credited outlet's own.
        cred_x = credits(cx.outlet, cx.text) or credits(cx.outlet, cy.text)
        cred_y = credits(cy.outlet, cy.text) or credits(cy.outlet, cx.text)
        if cred_x != cred_y:
            n += 1 if cred_x else -1
            src, name = (x, cx.outlet) if cred_x else (y, cy.outlet)
            reasons.append(
                f"points to {src} as the source: the text credits {name} with the reporting"
            )
    if bool(cx.wire) != bool(cy.wire):
        n += 1 if cx.wire else -1
        src, tgt = (x, y) if cx.wire else (y, x)
        reasons.append(
            f"points to {src} as the source: its dateline credits the news agency "
            f"{cx.wire or cy.wire}, {tgt}'s none (a newspaper credits its own desk)"
        )
    for p_id, q_id, p, q in ((x, y, cx, cy), (y, x, cy, cx)):
        dropped = _dropped_credit(p, q)
        if dropped:
            n += 1 if p_id == x else -1
            reasons.append(
                f"points to {p_id} as the source: it credits {dropped} with reporting that "
                f"{q_id} ({q.outlet}) leaves out"
            )
    return n, reasons
