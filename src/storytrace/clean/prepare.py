"""The per-article cleaning stage: raw text -> metadata, kept paragraphs, removed spans,
sentences and languages.

Works on lines ("units": each non-blank line, stripped). Every unit ends up either kept
(part of a paragraph) or removed with a reason; metadata glued to the first sentence (a date
prefix, a forum header) is cut off as its own removed span. Invariant (checked in tests):
kept paragraphs and removed spans never overlap, and together they cover every
non-whitespace character of ``raw``. Whitespace between spans (line breaks, indentation,
the space between a cut-off header and the sentence) is not accounted for.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import time
from dataclasses import dataclass
from typing import Any

from ..progress import report
from ..settings import Settings
from ..types import Article, Removed, Sentence
from . import boilerplate as bp
from . import language as lang
from . import metadata as md
from .dates import dateline
from .repeats import find_repeats
from .segment import segment_paragraphs
from .text import normalize, words

REASONS: dict[str, str] = {
    "metadata": "a date line or prefix, a wire dateline (metadata, not reporting)",
    "forum-header": "a forum post header ('Quote from NAME on DATE')",
    "title": "the headline line (moved to Article.title)",
    "byline": "a byline or staff credit line (moved to Article.author/outlet)",
    "navigation": "site navigation: menus, skip links, breadcrumbs, section labels",
    "page-residue": "page chrome: ad markers, cookie/copyright notices, related links",
    "share": "share buttons and social links",
    "video-player": "a video player: WATCH line, its title, controls, time codes",
    "photo-caption": "a photo caption printed twice, or one with a photo credit",
    "advertisement": "a promotion with a call to action, off the article's topic",
    "forum-residue": "trailing forum controls and attachment lists",
    "repeated-block": "a later copy of a run of paragraphs",
    "repeated-paragraph": "a later copy of one paragraph",
}
# A line's text from its first to its last non-space character: line breaks (\n \r
# U+2028 U+2029) are spaces, so a match never crosses one; blank lines never match.
_LINE_CORE = re.compile(r"\S(?:[^\n\r\u2028\u2029]*\S)?")
_SENTENCE_END = frozenset('.!?"”’»)。！？؟۔।:')
_RELATED_HEAD = re.compile(
    r"^(?:related(?: \w+)?|read more|see also|also read|recommended(?: for you)?|"
    r"more from .{1,40}|you may also like|more on this story|more stories)\s*:?$",
    re.IGNORECASE,
)


def _line_spans(raw: str) -> list[list[int]]:
    """[start, end] of each non-blank line, leading and trailing whitespace left out."""
    return [list(m.span()) for m in _LINE_CORE.finditer(raw)]


class _Work:
    """The mutable state of one cleaning pass: units, their fate, metadata found."""

    def __init__(self, article: Article, cfg: dict[str, Any]) -> None:
        self.raw = article.raw
        self.cfg = cfg
        self.units = _line_spans(article.raw)
        # Each unit's text, sliced once (the rules read every unit many times).
        self.texts = [article.raw[s:e] for s, e in self.units]
        self.reason: dict[int, str] = {}
        self.removed: list[Removed] = []
        self.fields: dict[str, str] = {}
        self.evidence: dict[str, str] = {}
        self.wrap_width = 0
        self.credit: str | None = None

    def text(self, i: int) -> str:
        return self.texts[i]

    def kept(self) -> list[int]:
        return [i for i in range(len(self.units)) if i not in self.reason]

    def drop(self, i: int, reason: str) -> None:
        self.reason.setdefault(i, reason)

    def cut_prefix(self, i: int, stop: int, reason: str) -> None:
        """Remove ``raw[unit start:stop]`` as its own span; the rest of the unit stays."""
        s, e = self.units[i]
        if stop >= e:
            self.drop(i, reason)
            return
        cut = self.raw[s:stop].rstrip()
        self.removed.append(Removed(s, s + len(cut), reason, cut))
        rest = self.raw[stop:e]
        self.units[i][0] = stop + len(rest) - len(rest.lstrip())
        self.texts[i] = self.raw[self.units[i][0] : e]

    def found(self, name: str, value: str, how: str) -> None:
        if name not in self.fields and value:
            self.fields[name] = value
            self.evidence[name] = how


#: a line that says it is a time stamp ("Published:", "First Posted", "Last updated")
_STAMP_LABEL = re.compile(
    r"\s*(?:first\s+|last\s+|originally\s+)?(?:published|posted|updated)\b", re.I
)


def _metadata_prefixes(w: _Work) -> None:
    """Date lines/prefixes and forum headers at the start of units."""
    started = False
    for i in range(min(len(w.units), int(w.cfg["date_window"]))):
        s, e = w.units[i]
        text = w.texts[i]
        if i and bp.is_sentence_like(text) and len(words(text)) > 12:
            started = True  # the body (or a standfirst) has started: dates are reporting,
        if started and not _STAMP_LABEL.match(text):  # but a labelled stamp line is not
            continue  # ('PUBLISHED: WEDNESDAY, MARCH 13, 2013, 12:38 AM' under 2 subheads)
        stamp = dateline(text)
        if stamp is not None:
            w.found("published", stamp, "date line")
            w.drop(i, "metadata")
            continue
        found = md.date_prefix(w.raw, s, e)
        if found:
            w.found("published", found.value, "date line")
            w.cut_prefix(i, found.end, "metadata")
    # The dateline opens the first paragraph of prose, which may come after menus, a
    # headline and a byline: look at the first two units that read as prose.
    prose = [
        k
        for k in range(min(len(w.units), int(w.cfg["date_window"]) + 4))
        if k not in w.reason
        and bp.is_sentence_like(w.text(k))
        and len(words(w.text(k))) > 8
        and not bp.is_credit_line(w.text(k))
    ]
    for i in prose[:2]:
        s, e = w.units[i]
        wire = md.agency_dateline(w.raw, s, e)
        if wire and md.is_agency(wire.value):
            # A wire copy: the agency is the outlet, and its dateline is metadata.
            w.found("outlet", wire.value, "agency dateline")
            w.cut_prefix(i, wire.end, "metadata")
            break
        if wire:
            # "(Marrowick Courier) —" credits whoever reported it: the page itself, or the
            # source a copy took it from. It stays in the text (it is evidence of copying)
            # and names the outlet only when the page says nothing better.
            w.credit = wire.value
            break
    for i in range(len(w.units)):
        if i in w.reason:
            continue
        s, e = w.units[i]
        header = md.forum_header(w.raw, s, e)
        if header:
            author, date = header
            w.found("author", author.value, "forum header")
            w.found("published", date.value, "forum header")
            w.cut_prefix(i, author.end, "forum-header")


def _boilerplate(w: _Work) -> None:
    cfg = w.cfg
    n = len(w.units)
    texts = w.texts
    for i in range(n):
        if i in w.reason:
            continue
        for j in bp.video_block(texts, i, int(cfg["video_window"])):
            # Share/embed controls inside the player keep their own reason.
            inner = bp.navigation_reason(texts[j]) if j != i else None
            w.drop(j, inner if inner == "share" else "video-player")
        reason = bp.navigation_reason(texts[i])
        if reason:
            w.drop(i, reason)
            if reason == "page-residue" and _RELATED_HEAD.match(normalize(texts[i])):
                for j in range(i + 1, min(n, i + 1 + int(cfg["related_max_lines"]))):
                    if bp.is_sentence_like(texts[j]) or not bp.is_title_like(
                        texts[j], int(cfg["title_max_words"])
                    ):
                        break
                    w.drop(j, "page-residue")
    # Photo captions: a descriptive line printed twice in a row (alt text + caption).
    kept = w.kept()
    for a, b in itertools.pairwise(kept):
        if normalize(texts[a]) == normalize(texts[b]) and bp.is_caption(texts[a]):
            w.drop(a, "photo-caption")
            w.drop(b, "photo-caption")
    for i in w.kept():
        if bp.is_credit_line(texts[i]) or bp.is_labelled_caption(texts[i]):
            w.drop(i, "photo-caption")
        elif bp.is_staff_credit(texts[i]):
            author = md.credit_author(texts[i])
            if author:
                w.found("author", author, "credit line")
            w.drop(i, "byline")
    kept = w.kept()
    for k in bp.forum_tail([texts[i] for i in kept], int(cfg["forum_tail_max_lines"])):
        w.drop(kept[k], "forum-residue")


def _title(w: _Work) -> None:
    """The headline: the first title-like line before the body starts.

    A first line of one to three words followed by another title-like line is a section
    label or kicker ("World", "Breaking News"): it goes as navigation, and the next line is
    the headline.
    """
    kept = w.kept()
    window = kept[: int(w.cfg["title_window"])]
    max_words = int(w.cfg["title_max_words"])
    kickers: list[int] = []
    for pos, i in enumerate(window):
        text = w.text(i)
        nxt = w.text(kept[pos + 1]) if pos + 1 < len(kept) else None
        if bp.is_sentence_like(text) and not _asks_or_exclaims(text, nxt, max_words):
            return
        # Section labels are short and every word is capitalised ("Asia Pacific", "WORLD").
        label = md.is_label(" ".join(words(text)), int(w.cfg["kicker_max_words"]))
        if pos == len(kickers) and label and nxt is not None and bp.is_title_like(nxt, max_words):
            kickers.append(i)  # site name, section label: a run of them above the headline
            continue
        wrapped_line = w.wrap_width and len(text) >= w.wrap_width * 0.6
        if not wrapped_line and md.looks_like_title(text, nxt, max_words):
            for k in kickers:
                w.drop(k, "navigation")
            w.found("title", " ".join(text.split()), "title line")
            w.drop(i, "title")
            # A repeat of the title further down (a video or share box title) is residue.
            for j in kept[pos + 1 :]:
                if normalize(w.text(j)) == normalize(text):
                    w.drop(j, "page-residue")
        return


def _asks_or_exclaims(text: str, nxt: str | None, max_words: int) -> bool:
    """A headline may end in '?' or '!' ("A sanctuary for dissent in Greece?", "Critical IE
    patch now available: go get it!"): a line of up to ``max_words`` words so ending, not a
    quotation, with running prose after it. All 7 first lines so ending among the 772 ECB+
    dev texts are headlines, none was read as one."""
    s = text.strip()
    return (
        s[-1:] in "?!"
        and s[:1] not in "\"“«„'‘"
        and len(words(s)) <= max_words
        and nxt is not None
        and bp.is_sentence_like(nxt)
    )


def _advertisements(w: _Work) -> None:
    kept = w.kept()
    texts = [w.text(i) for i in kept]
    for k in bp.find_advertisements(texts, list(range(len(kept))), w.cfg):
        w.drop(kept[k], "advertisement")


def _byline_and_outlet(w: _Work) -> None:
    kept = w.kept()
    texts = [w.text(i) for i in kept]
    offsets = [w.units[i][0] for i in kept]
    for f in md.byline(texts, offsets, int(w.cfg["byline_window"])):
        w.found(f.field, f.value, "byline")
        if f.remove:
            unit = kept[offsets.index(f.start)]
            w.drop(unit, "byline")
    outlet = w.fields.get("outlet")
    if outlet:
        short = md.acronym(outlet)
        if len(short) >= 2 and any(re.search(rf"\b{short}\b", t) for t in texts):
            w.evidence["outlet_alias"] = short
    else:
        owner = next(
            filter(None, (md.copyright_owner(w.text(i)) for i in range(len(w.units)))), None
        )
        named = md.self_named_outlet(texts, int(w.cfg["outlet_min_mentions"]))
        desk = md.desk_outlet(w.fields.get("author", ""))
        if owner:
            w.found("outlet", owner, "copyright line")
        elif w.credit:
            w.found("outlet", w.credit, "dateline credit")
        elif desk:
            # after the dateline credit: a content farm's "By Ferret Staff" names a
            # fragment of its own name, the credit the report's source
            w.found("outlet", desk, "desk byline")
        elif named:
            w.found("outlet", named, "self-naming (weak)")
    if w.credit:
        w.evidence["dateline_credit"] = w.credit


def _hard_wrapped(lines: list[str], cfg: dict[str, Any]) -> int:
    """The wrap width when the text is hard-wrapped, else 0.

    Wrapped e-mail/newswire text breaks lines inside paragraphs: its lines have similar,
    bounded lengths and most of them stop mid-sentence (one-sentence-per-line text, which
    must not be joined, ends nearly every line with a sentence end).
    """
    lengths = [len(t) for t in lines]
    long_enough = [n for n in lengths if n >= 20]
    if len(long_enough) < 4 or max(lengths) > int(cfg["wrap_max_width"]):
        return 0
    width = sorted(long_enough)[int(len(long_enough) * 0.9) - 1]
    near = sum(1 for n in long_enough if n >= width * 0.75)
    open_ended = sum(1 for t in lines if t.rstrip()[-1:] not in _SENTENCE_END)
    if near / len(long_enough) < float(cfg["wrap_share"]):
        return 0
    return width if open_ended / len(lines) >= float(cfg["wrap_open_share"]) else 0


def _paragraphs(w: _Work) -> list[tuple[int, int]]:
    """Kept units as paragraphs; the lines of one hard-wrapped paragraph are joined."""
    kept = w.kept()
    width = _hard_wrapped([w.text(i) for i in kept], w.cfg)
    out: list[list[int]] = []
    prev: int | None = None
    for i in kept:
        s, e = w.units[i]
        gap = w.raw[out[-1][1] : s] if out else ""
        # Join only across one line break with nothing removed in between.
        if out and prev == i - 1 and gap.count("\n") == 1 and not gap.strip():
            last_line = w.text(prev)
            if width:
                # A full previous line means the break is a wrap, not a paragraph end.
                joined = len(last_line) >= width * 0.6
            else:
                end = last_line[-1:]  # a unit is one stripped line: no "\n" at its end
                open_end = bool(end) and (end in ",;_" or end.isalnum())  # [\w,;]$, no scan
                joined = open_end and w.raw[s].islower()
            if joined:
                out[-1][1] = e
                prev = i
                continue
        out.append([s, e])
        prev = i
    return [(s, e) for s, e in out]


def prepare(article: Article, settings: Settings | None = None) -> Article:
    """Clean, segment and detect the language of one article.

    Args:
        article: an article as the readers produce it (``raw`` filled).
        settings: its ``clean``, ``segment`` and ``language`` tables are used (the
            packaged defaults when omitted).

    Returns:
        A copy with metadata filled where it was None, ``removed`` spans with reasons,
        kept ``paragraphs``, ``sentences`` with languages, and ``meta["clean"]``
        (removed counts by reason, metadata evidence, subheadings, timings).
    """
    t0 = time.perf_counter()
    settings = settings if settings is not None else Settings.default()
    # a long text takes seconds a step (4 MB: 23 s cleaning, 3 s sentences, 5 s languages)
    report("cleaning", 0, 3, "steps", article.id)
    cleaned = _clean(article, settings.clean)
    t_clean = time.perf_counter()

    report("cleaning", 1, 3, "steps", f"{article.id}: sentences")
    raw = article.raw
    spans = segment_paragraphs(raw, cleaned.paragraphs, settings.segment.max_quote_chars)
    t_segment = time.perf_counter()
    report("cleaning", 2, 3, "steps", f"{article.id}: languages")

    lcfg = lang.settings(settings.language)
    para_texts = [raw[s:e] for s, e in cleaned.paragraphs]
    language, langs, calls = lang.article_languages(
        para_texts, [(raw[s:e], p) for s, e, p in spans], article.language, lcfg
    )
    sentences = tuple(Sentence(i, s, e, raw[s:e], p, langs[i]) for i, (s, e, p) in enumerate(spans))
    t_lang = time.perf_counter()
    report("cleaning", 3, 3, "steps", article.id)

    timings = {
        "clean": round(t_clean - t0, 5),
        "segment": round(t_segment - t_clean, 5),
        "language": round(t_lang - t_segment, 5),
    }
    meta = dict(article.meta)
    meta["clean"] = _clean_meta(cleaned, len(sentences), calls, timings)
    subheadings = _subheadings(para_texts, int(settings.clean["subheading_max_words"]))
    if subheadings:
        meta["subheadings"] = subheadings
    if not cleaned.paragraphs:
        # Not an error: the caller decides (a batch counts it); the reasons say why.
        meta["clean"]["empty_after_cleaning"] = True
    fields = cleaned.fields
    updates: dict[str, Any] = {k: v for k, v in fields.items() if getattr(article, k) is None}
    return dataclasses.replace(
        article,
        **updates,
        language=language,
        removed=cleaned.removed,
        paragraphs=tuple(cleaned.paragraphs),
        sentences=sentences,
        meta=meta,
    )


@dataclass(frozen=True, slots=True)
class _Cleaned:
    """What the cleaning rules decided for one article, before segmenting."""

    removed: tuple[Removed, ...]  # by start offset
    paragraphs: list[tuple[int, int]]  # kept paragraphs' spans of raw
    fields: dict[str, str]  # metadata found in the text
    evidence: dict[str, str]  # how each was found


def _clean(article: Article, cfg: Any) -> _Cleaned:
    """The cleaning rules in order: metadata, boilerplate, byline, title, ads, repeats."""
    w = _Work(article, cfg)
    _metadata_prefixes(w)
    _boilerplate(w)
    _byline_and_outlet(w)
    w.wrap_width = _hard_wrapped([w.text(i) for i in w.kept()], cfg)
    _title(w)
    _advertisements(w)
    kept = w.kept()
    repeats = find_repeats(
        [w.text(i) for i in kept],
        int(cfg["repeat_min_paragraph_chars"]),
        int(cfg["repeat_min_block_units"]),
    )
    for k, reason in repeats.items():
        w.drop(kept[k], reason)
    for i, reason in w.reason.items():
        assert reason in REASONS, reason
        s, e = w.units[i]
        w.removed.append(Removed(s, e, reason, w.raw[s:e]))
    removed = tuple(sorted(w.removed, key=lambda r: r.start))
    return _Cleaned(removed, _paragraphs(w), w.fields, w.evidence)


def _subheadings(para_texts: list[str], max_words: int) -> list[int]:
    """Paragraphs, neither first nor last, that read as a title rather than a sentence."""
    return [
        p
        for p, text in enumerate(para_texts)
        if 0 < p < len(para_texts) - 1
        and bp.is_title_like(text, max_words)
        and len(words(text)) >= 1
        and not bp.is_sentence_like(text)
    ]


def _clean_meta(
    cleaned: _Cleaned, sentences: int, calls: dict[str, int], timings: dict[str, float]
) -> dict[str, Any]:
    """``meta["clean"]``: removed counts by reason, kept sizes, evidence, calls, timings."""
    counts: dict[str, int] = {}
    for r in cleaned.removed:
        counts[r.reason] = counts.get(r.reason, 0) + 1
    return {
        "removed": dict(sorted(counts.items())),
        "removed_chars": sum(r.end - r.start for r in cleaned.removed),
        "kept_chars": sum(e - s for s, e in cleaned.paragraphs),
        "paragraphs": len(cleaned.paragraphs),
        "sentences": sentences,
        "metadata_from": dict(cleaned.evidence),
        "language_calls": calls,
        "timings_s": timings,
    }
