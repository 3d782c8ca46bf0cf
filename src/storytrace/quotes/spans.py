"""Find direct quotes in an article: the words between quotation marks, with their spans.

Handles curly double quotes, straight double quotes (paired in order within a paragraph),
guillemets (« » and » «), German „ “ and, where clearly a quote, single quotes ‘ ’ / ' '
and German ‚ ‘ (opening at a word start, closing not followed by a letter, at least three
words, so that apostrophes and possessives are never taken). Quotes inside another quote
are part of it. English double marks typed inconsistently in one paragraph (curly and
straight together, or a curly mark on the wrong side) pair by where each mark stands.
A paragraph that opens a quote and never closes it continues the quote into the next
paragraph when that one opens with a quote mark (the newspaper convention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ‹ › are the single guillemets French and Swiss writers put inside « » (and alone)
_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ("»", "«"), ("‹", "›"))
#: German's single pair ‚…‘ (low-9 comma mark, closed by ‘) goes first: its closer is the
#: English opener, which then never pairs because it follows a letter
_SINGLE = (("‚", "‘"), ("‘", "’"), ("'", "'"))
#: a German „ closed with an English mark („…” / „…"), a typing slip; taken only where no “
#: closes it before the next „ (German Wikinews train: 4 more quotes found, 1 more false)
_ALT_CLOSE = {"„": '”"'}
_STRIP = " \t\n\u00a0\u202f,;:"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """The inside of one pair of quotation marks: ``raw[start:end] == text``."""

    start: int
    end: int
    text: str
    open_at: int
    close_at: int

    @property
    def n_words(self) -> int:
        return len(re.findall(r"\w+(?:['’]\w+)?", self.text))


def _trim(raw: str, s: int, e: int) -> tuple[int, int]:
    while s < e and raw[s] in _STRIP:
        s += 1
    while e > s and raw[e - 1] in _STRIP:
        e -= 1
    return s, e


def _pairs_in(raw: str, ps: int, pe: int, opener: str, closer: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = ps
    while True:
        o = raw.find(opener, i, pe)
        if o < 0:
            return out
        c = raw.find(closer, o + 1, pe)
        nxt = raw.find(opener, o + 1, pe) if opener != closer else -1
        if (c < 0 or 0 <= nxt < c) and opener in _ALT_CLOSE:
            lim = nxt if nxt >= 0 else pe
            alts = [x for x in (raw.find(a, o + 1, lim) for a in _ALT_CLOSE[opener]) if x >= 0]
            c = min(alts) if alts else c
        if c < 0 or (0 <= nxt < c and opener != closer):
            i = o + 1
            if c < 0:
                out.append((o, -1))
                return out
            continue
        out.append((o, c))
        i = c + 1


def _straight_pairs(raw: str, ps: int, pe: int) -> list[tuple[int, int]]:
    marks = [m.start() for m in re.finditer('"', raw[ps:pe])]
    out = []
    for k in range(0, len(marks) - 1, 2):
        if raw[ps + marks[k] - 1 : ps + marks[k]] == "=":
            continue  # a markup attribute's value (<tweet author="...">), not a quote
        out.append((ps + marks[k], ps + marks[k + 1]))
    if len(marks) % 2 == 1 and marks[-1] + ps < pe - 1 and (marks[-1] == 0):
        out.append((ps + marks[-1], -1))
    return out


_OPEN_BEFORE = "([{—–-/"
_CLOSE_AFTER = ".,;:!?)]}—–-…"


def _mixed(raw: str, ps: int, pe: int) -> bool:
    """True for a paragraph whose English double marks are typed inconsistently: straight
    and curly ones together ('“It is," she said. "It was.”'), or a curly mark standing
    where the other one belongs ('“It is,“ she said'); not German or French marks."""
    para = raw[ps:pe]
    if any(m in para for m in "„«»"):
        return False
    curly = "“" in para or "”" in para
    if curly and '"' in para:
        return True
    return any(
        _side(raw, ps + m.start(), ps, pe) not in ("", _GLYPH[m.group()])
        for m in re.finditer("[“”]", para)
    )


_GLYPH = {"“": "open", "”": "close", '"': ""}


def _side(raw: str, i: int, ps: int, pe: int) -> str:
    """Which side of a quote a double mark stands on, read from its neighbours: "open"
    (after a space or a bracket, before a word), "close" (after a word, before a space or
    punctuation), or "" when they do not tell."""
    prev = raw[i - 1] if i > ps else " "
    nxt = raw[i + 1] if i + 1 < pe else " "
    opens = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER)
    if opens != closes:
        return "open" if opens else "close"
    return ""


def _mixed_pairs(raw: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """Double-mark pairs of a paragraph whose marks are typed inconsistently (:func:`_mixed`):
    each mark opens or closes by where it stands, else by its shape (a straight mark closes
    an open quote); outermost pairs only, an unclosed one as ``(open, -1)``."""
    out: list[tuple[int, int]] = []
    depth, start = 0, -1
    for m in re.finditer('[“”"]', raw[ps:pe]):
        i = ps + m.start()
        side = _side(raw, i, ps, pe) or _GLYPH[m.group()] or ("close" if depth else "open")
        if side == "open":
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((start, i))
    if depth:
        out.append((start, -1))
    return out


def _single_pairs(raw: str, ps: int, pe: int, opener: str, closer: str) -> list[tuple[int, int]]:
    out = []
    pat = re.compile(
        rf"(?:(?<=^)|(?<=[\s(\[“\"—–-])){re.escape(opener)}(?=\w)(.+?)(?<=[\w.!?,]){re.escape(closer)}(?!\w)",
        re.S,
    )
    for m in pat.finditer(raw, ps, pe):
        if len(m.group(1).split()) >= 3:
            out.append((m.start(), m.end() - 1))
    return out


#: the mark that closes a quote opened with each double mark
_CLOSER = {'"': '"', "“": "”", "«": "»", "„": "“", "»": "«"}


def _continued_close(raw: str, opener: str, qs: int, qe: int) -> int:
    """Where a quote continued into the paragraph ``raw[qs:qe]`` closes; -1 when that
    paragraph does not close it. A straight-quoted statement may quote someone in curly
    marks ('"… defended Trump’s “Look at …” line …"'): a curly pair inside it is passed
    over, and it closes at a straight mark or a curly closer with no opener of its own (a
    typing slip). Other quotes close at their own closer, else at the first mark."""
    if opener == '"':
        depth = 0
        for m in re.finditer('[“”"]', raw[qs + 1 : qe]):
            if m.group() == "“":
                depth += 1
            elif m.group() == "”" and depth:
                depth -= 1
            else:
                return qs + 1 + m.start()
        return -1
    own = raw.find(_CLOSER.get(opener, opener), qs + 1, qe)
    if own >= 0:
        return own
    return next((raw.find(x, qs + 1, qe) for x in '”»"“' if raw.find(x, qs + 1, qe) >= 0), -1)


#: languages whose writers set a speaker's words off with a dash at the start of the
#: paragraph, the narrator's cue between dashes ('—El puerto seguirá cerrado —dijo Tom
#: Berger—. Nadie saldrá.'): the Spanish and Portuguese raya
DASH_DIALOGUE = frozenset({"es", "pt"})
_DASHES = "—―"
#: the narrator breaking in: a space, a dash, a lower-case word (the speech verb)
_INTERRUPTION = re.compile(rf"\s[{_DASHES}](?=[^\W\d_A-ZÀ-ÖØ-Þ])")
#: the dash that closes the narrator's words and gives the speaker the floor again
_RESUMES = re.compile(rf"[{_DASHES}][.,;:]?\s+(?=\S)")


def _dash_pairs(raw: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """The spoken parts of a paragraph that opens with a dialogue dash and names its speaker
    in a narrator's cue between dashes: ``(opening dash, dash before the cue)``, and the
    words after the cue's closing dash up to the paragraph's end (or the next cue). A dash
    line with no narrator's cue is left alone: nothing says who speaks."""
    if raw[ps : ps + 1] not in _DASHES:
        return []
    out: list[tuple[int, int]] = []
    start = ps
    while start < pe:
        cut = _INTERRUPTION.search(raw, start + 1, pe)
        if cut is None:
            if out:  # the words after a cue go on to the paragraph's end
                out.append((start, pe))
            return out
        out.append((start, cut.start() + 1))
        back = _RESUMES.search(raw, cut.end(), pe)
        if back is None:
            return out
        start = back.end() - 1  # the space before the words: the quote opens after it
    return out


def find_quotes(
    raw: str, paragraphs: list[tuple[int, int]], language: str | None = None
) -> list[QuoteSpan]:
    """Every direct quote in the kept paragraphs of ``raw``, in text order; ``language``:
    dialogue dashes are quotes in the languages of ``DASH_DIALOGUE``."""
    found: list[tuple[int, int]] = []
    for p, (ps, pe) in enumerate(paragraphs):
        if language in DASH_DIALOGUE:
            found.extend(_dash_pairs(raw, ps, pe))
        pairs: list[tuple[int, int]] = []
        mixed = _mixed(raw, ps, pe)
        if mixed:
            pairs.extend(_mixed_pairs(raw, ps, pe))
        for opener, closer in _PAIRS:
            if mixed and opener == "“":
                continue
            if (
                opener == "»"
                and "«" in raw[ps:pe]
                and raw.find("«", ps, pe) < raw.find("»", ps, pe)
            ):
                continue  # French order already handled by the « » pair
            pairs.extend(_pairs_in(raw, ps, pe, opener, closer))
        if not mixed:
            pairs.extend(_straight_pairs(raw, ps, pe))
        for o, c in pairs:
            if c >= 0:
                found.append((o, c))
                continue
            # unclosed: continue into following paragraphs that open with a quote mark
            if raw[ps:o].strip():
                continue
            end = pe
            for qs, qe in paragraphs[p + 1 :]:
                if raw[qs : qs + 1] not in '“«"„':
                    break
                close = _continued_close(raw, raw[o], qs, qe)
                if close >= 0:
                    end = close
                    break
                end = qe
            else:
                continue
            if end != pe:
                found.append((o, end))
        covered = [(o, c) for o, c in found if ps <= o < pe]
        for opener, closer in _SINGLE:
            for o, c in _single_pairs(raw, ps, pe, opener, closer):
                if not any(a < o < b for a, b in covered):
                    found.append((o, c))
    found.sort()
    out: list[QuoteSpan] = []
    last_close = -1
    for o, c in found:
        if o < last_close:
            continue  # nested inside the previous quote
        s, e = _trim(raw, o + 1, c)
        if e <= s:
            continue
        out.append(QuoteSpan(s, e, raw[s:e], o, c))
        last_close = c
    return out
