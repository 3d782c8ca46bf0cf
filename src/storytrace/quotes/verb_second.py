"""Attribution in verb-second languages (German): where the clause's subject stands.

German puts the finite verb second, so whatever opens the sentence moves the subject behind
the verb. Three consequences that need no list of speech verbs:

- a quote that opens its sentence is the sentence's first constituent, so the word after its
  comma is the finite verb and the next noun phrase the subject, whatever the verb
  ("„…“, strich Romney heraus", "„…“, ließ ein Sprecher verlauten", "„…“, wird X zitiert");
  "heißt es in X" names a document, "so X" is a cue of its own;
- a cue may close a sentence whose middle is quoted ("Der Iran müsse „…“ beenden, so Rice");
- a clause that introduces a quote with a colon, or the sentence before a quote standing on
  its own, names its speaker as the person in it that no preposition governs ("Den Unmut
  brachte die Sprecherin, Annette Widmann-Mauz, zum Ausdruck: „…“").

The rules that read the sentences around a quote (the one before, the one after, reported
speech) are in :mod:`.nearby`. The words each rule needs come from a per-language profile
(:mod:`.profiles`); a
language without one is left to :mod:`.cues`. Returns :class:`.attribution.Attribution`
with the phrase as written; :mod:`.names` resolves it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .attribution import Attribution
from .cue_verbs import VERBS
from .profiles import PROFILES, Profile

__all__ = [
    "PROFILES",
    "Profile",
    "clause_speaker",
    "is_body_like",
    "is_person_like",
    "leading_colon",
    "no_subject",
    "own_sentence_start",
    "trailing_cue",
]


_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[\w.\-]+")
# a period inside a name joins a lower-case part ("tagesschau.de", "Spiegel.de"); before a
# capital it is a sentence end that lost its space ("sagte Merkel.Als …")
_CAP = r"[A-ZÄÖÜÀ-ÖØ-Þ„»\"](?:[\w\-’'“«»/&]|\.(?=[^\W_A-ZÀ-ÖØ-Þ]))*"
_LOW = r"[a-zäöüß][\w\-]*"


@lru_cache(maxsize=8)
def _np(lang: str) -> re.Pattern[str]:
    """A noun phrase: article, up to three adjectives, a capitalised run (with von/van...),
    an optional party in brackets; or a pronoun."""
    p = PROFILES[lang]
    arts = "|".join(sorted(p.subject_articles | p.oblique_articles))
    prons = "|".join(sorted(p.pronouns))
    closed = "|".join(sorted(p.prepositions | p.conjunctions | p.between | p.cue_words))
    # 'den' only in a name ('van den Berg'): alone it opens an object ('zitiert X den Minister')
    link = r"(?:v[oa]n\s+den|von|van|de|der|zu|vom|del|di|da|du|la|le|al|bin)"
    # a capitalised preposition or conjunction opens a sentence; it heads no phrase
    head = rf"(?!(?i:{closed})\b){_CAP}(?:\s+(?:{link}\s+)?{_CAP}){{0,5}}"
    adj = rf"(?!(?:{closed}|{arts})\b){_LOW}"
    return re.compile(
        rf"(?P<np>(?<![\w-])(?:(?i:{arts})\s+)?(?:{adj}\s+){{0,3}}?{head}(?:\s*\([^()]{{1,20}}\))?"
        rf"|\b(?:{prons})\b)"
    )


def own_sentence_start(raw: str, sent_start: int, open_at: int) -> int:
    """Where the quote's own sentence starts: after the last full stop before its opening
    mark when the sentence splitter kept two sentences together ("… stilllegen. „…“")."""
    last = None
    for m in re.finditer(
        r"(?<![0-9A-ZÄÖÜ])[.!?][“\"«]?(?=\s+[„»\"A-ZÄÖÜ])", raw[sent_start:open_at]
    ):
        last = m
    return sent_start + last.end() if last is not None else sent_start


def quoted_object(raw: str, lang: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The person a verb of quoting in ``raw[lo:hi]`` names as its object: the phrase after
    the verb ("zitierte Papandreou mit den Worten", "zitiert dazu den Minister"), or the
    second of two phrases after it, the first being the medium that quotes ("zitiert die
    „Computerwoche“ Lynch", "zitiert Welt-Online den Minister"); the medium alone when no
    person follows ("zitiert CNN")."""
    p = PROFILES.get(lang)
    if p is None:
        return None
    verbs = "|".join(sorted(p.quoting))
    m = re.compile(rf"\b(?:{verbs})\b").search(raw, lo, hi)
    if m is None:
        return None
    np_ = _np(lang)
    pos = m.end()
    skip = p.between | {"es"}
    while True:
        w = re.compile(r"\s+(\w+)").match(raw, pos, hi)
        if w is None or w.group(1).lower() not in skip:
            break
        pos = w.end()
    at = re.compile(r"\s*").match(raw, pos, hi).end()  # type: ignore[union-attr]
    domain = re.compile(r"[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}\b").match(raw, at, hi)
    if domain is not None:  # 'zitiert ndr.de Polizeisprecher X': the site quotes
        after = re.compile(r"\s*").match(raw, domain.end(), hi)
        person = np_.match(raw, after.end(), hi) if after is not None else None
        return (person.start("np"), person.end("np")) if person else domain.span()
    first = np_.match(raw, at, hi)
    if first is None:
        return None
    span = (first.start("np"), first.end("np"))
    named = re.compile(r"[^“»]*[“»]\s+(?=\w)").match(raw, span[0], span[1])
    if named is not None:  # 'die „Computerwoche“ Lynch': the medium's name, then the person
        return named.end(), span[1]
    gap = re.compile(r"\s*").match(raw, span[1], hi)
    second = np_.match(raw, gap.end(), hi) if gap is not None else None
    if second is not None and raw[span[0] : span[1]].split()[0].lower() not in p.oblique_articles:
        return second.start("np"), second.end("np")
    return span


def _att(raw: str, s: int, e: int, how: str, verb: str = "") -> Attribution | None:
    text = raw[s:e].rstrip(" ,;:.")
    if not text.strip():
        return None
    return Attribution(text, s, s + len(text), how, verb)


def _clause_end(raw: str, start: int, limit: int) -> int:
    """Where the sentence that goes on at ``start`` ends: a full stop, a line break or the
    next opening quotation mark."""
    m = re.compile(r"[.!?](?=\s|$)|\n|[„»]").search(raw, start, limit)
    return m.start() if m else limit


def _after_verb(raw: str, p: Profile, lang: str, pos: int, end: int) -> tuple[int, int] | None:
    """The subject after a finite verb that ends at ``pos``: skips adverbs, ``es``/``man``
    and up to three other lower-case words; stops at a preposition."""
    words = 0
    np_ = _np(lang)
    while pos < end:
        m = _SPACE.match(raw, pos)
        pos = m.end() if m else pos
        n = np_.match(raw, pos, end)
        w = _WORD.match(raw, pos, end)
        if w is None:
            return None
        word = w.group().lower()
        if word in p.prepositions or word in p.conjunctions - p.subject_articles:
            return None
        if n is not None and word not in p.between and word not in p.oblique_articles:
            return n.start("np"), n.end("np")
        if word in p.oblique_articles:
            return None
        words += 1
        if words > 3:
            return None
        pos = w.end()
    return None


def trailing_cue(
    raw: str, lang: str, sent_start: int, open_at: int, close_at: int, limit: int
) -> Attribution | None:
    """The cue after a quote's closing mark, up to the end of its sentence: the finite verb
    and its subject after a quote that opens the sentence ("„…“, sagte X" with any verb),
    "so X", "heißt es in X"; a cue that closes the sentence later ("…“ beenden, so X")."""
    p = PROFILES.get(lang)
    if p is None:
        return None
    end = _clause_end(raw, close_at + 1, min(limit, close_at + 250))
    opens = not raw[sent_start:open_at].strip(" \n\t–—-(")
    m = re.compile(r"[\s.!?…]*(?P<comma>,)?\s*(?P<verb>[\w]+)\b").match(raw, close_at + 1, end)
    if m is not None and m.group("comma") is None and m.group("verb").lower() not in p.impersonal:
        m = None  # with no comma only '„…“ heißt es in X' goes on the quote's sentence
    if m is not None:
        verb = m.group("verb")
        low = verb.lower()
        if low in p.cue_words:
            span = _after_verb(raw, p, lang, m.end("verb"), end)
            if span:
                return _att(raw, *span, "trailing", verb)
        elif low in p.quoting:
            # the medium may be a quoted name ('zitiert die „Computerwoche“ Lynch')
            stop = re.compile(r"[.!?](?=\s|$)|\n").search(raw, m.end(), min(limit, close_at + 250))
            span = quoted_object(raw, lang, m.start("verb"), stop.start() if stop else end)
            if span:
                return _att(raw, *span, "trailing", verb)
        elif low in p.impersonal:
            # '„…“, heißt es in der Erklärung', also after a quote in mid-sentence
            src = re.compile(rf"\s+es\s+(?:\w+\s+){{0,2}}?(?:{_SOURCE_PREPS})\s+").match(
                raw, m.end("verb"), end
            )
            if src is not None:
                n = _np(lang).match(raw, src.end(), end)
                if n is not None:
                    return _att(raw, n.start("np"), n.end("np"), "trailing", verb)
        elif (
            opens
            and verb[:1].islower()
            and low not in p.conjunctions
            and low not in p.prepositions
            and low not in p.between
        ):
            span = _after_verb(raw, p, lang, m.end("verb"), end)
            if span:
                return _att(raw, *span, "trailing", verb)
    # a cue closing a sentence whose middle is quoted: '…“ beenden, so Rice.', '…“ über
    # das Geschehen, sagte die Königin.', '…“ sei, hatte Koch-Mehrin damals gesagt'
    imp = re.compile(rf"\s+(?P<verb>{'|'.join(sorted(p.impersonal))})\b")
    for late in _late_cue(lang).finditer(raw, close_at + 1, end):
        word, at = late.group("verb"), late.end("verb")
        so = imp.match(raw, at, end) if word.lower() in p.cue_words else None
        if so is not None:  # '…“ erreicht werden, so heißt es in einer Erklärung'
            word, at = so.group("verb"), so.end("verb")
        if word.lower() in p.impersonal:
            src = re.compile(rf"\s+es\s+(?:\w+\s+){{0,2}}?(?:{_SOURCE_PREPS})\s+").match(
                raw, at, end
            )
            n = _np(lang).match(raw, src.end(), end) if src is not None else None
            if n is not None:
                return _att(raw, n.start("np"), n.end("np"), "according", word)
            continue
        span = _after_verb(raw, p, lang, late.end("verb"), end)
        if span is None:
            continue
        rest = raw[span[1] : _clause_end(raw, span[1], end)]
        # a cue word names the source as "so X" always did; a speech verb after a quote in
        # mid-sentence counts as "according": a single quoted noun stays a term
        right_after = not raw[close_at + 1 : late.start()].strip(" .!?…")
        how = "trailing" if word.lower() in p.cue_words or right_after else "according"
        if word.lower() in _AUXILIARIES:
            said = _speech_verb(lang).search(rest)  # 'hatte X damals gesagt'
            if said is not None and said.start() <= 40:
                return _att(raw, *span, how, word)
        elif len(rest) <= 40:
            return _att(raw, *span, how, word)
    return None


#: prepositions that name a document or a place a statement came from ("heißt es in X",
#: "aus X hieß es")
_SOURCE_PREPS = "in|im|auf|bei|beim|aus|von|vom"
#: auxiliaries of a perfect tense: "hatte X gesagt" names X when a speech verb follows
_AUXILIARIES = frozenset(("hat", "hatte", "habe", "hätte", "haben", "hatten"))


@lru_cache(maxsize=8)
def _speech_verb(lang: str) -> re.Pattern[str]:
    words = sorted({v for v in VERBS.get(lang, ()) if v.strip()}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b")


@lru_cache(maxsize=8)
def _late_cue(lang: str) -> re.Pattern[str]:
    """A comma, then a cue word, a speech verb, an impersonal verb or an auxiliary: the
    cue that closes a sentence whose middle is quoted."""
    p = PROFILES[lang]
    words = set(p.cue_words) | set(p.impersonal) | set(_AUXILIARIES)
    words |= {v for v in VERBS.get(lang, ()) if v.strip() and " " not in v}
    alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf",\s+(?P<verb>{alt})\b")


def _name_like(word: str, raw: str, p: Profile) -> bool:
    """A capitalised word that is no common noun: German capitalises every noun, but writes
    a name without an article before it ("die Hacker" is a noun, "Merkel" a name)."""
    if not word[:1].isupper() or word.lower() in _closed(p):
        return False
    if len(word) > 6 and word.lower().endswith(p.noun_endings):
        return False  # 'Mitverantwortung': an abstract noun, whatever the article
    arts = "|".join(sorted(p.subject_articles | p.oblique_articles))
    # after a comma the article is a relative pronoun: '…, die Gerhard Schröder … erklärt hatte'
    pat = rf"(?<![,;]\s)(?i:\b(?:{arts})\s+){re.escape(word)}\b"
    return re.search(pat, raw) is None


@lru_cache(maxsize=8)
def _closed_words(p: Profile) -> frozenset[str]:
    return (
        p.prepositions
        | p.conjunctions
        | p.between
        | p.cue_words
        | p.subject_articles
        | p.oblique_articles
        | p.possessives
    )


def _closed(p: Profile) -> frozenset[str]:
    return _closed_words(p)


def no_subject(raw: str, start: int, phrase: str, lang: str) -> bool:
    """True for a phrase that cannot be a clause's subject however it is capitalised: a date
    ("am 27. Juni": a number before it), a quotation ("„Ich"), an adverb opening the
    sentence ("Besonders", "Erstmals": one lower-case word the text also writes)."""
    if lang not in PROFILES:
        return False
    if phrase[:1] in '„»"':
        return True
    if re.search(r"\d\.?\s*$", raw[max(0, start - 8) : start]):
        return True
    words = phrase.split()
    return len(words) == 1 and re.search(rf"\b{re.escape(words[0].lower())}\b", raw) is not None


def is_person_like(raw: str, s: int, e: int, lang: str) -> bool:
    """True for a phrase that names a person by role ("Sprecherin", "Bundesminister"), or
    by two name words ("Angela Merkel": capitalised words the article never writes after an
    article), or by a surname the article writes elsewhere after a first name."""
    p = PROFILES[lang]
    words = re.findall(r"[\w\-]+", raw[s:e])
    caps = [w for w in words if w[:1].isupper() and w.lower() not in _closed(p)]
    if any(w.lower().endswith(p.role_endings) for w in caps):
        return True
    if any(w.lower() in p.pronouns for w in words):
        return True
    names = [w for w in caps if _name_like(w, raw, p)]
    if len(names) >= 2:
        return True
    if len(names) == 1:
        for m in re.finditer(rf"\b([A-ZÄÖÜ][\w\-]+)\s+{re.escape(names[0])}\b", raw):
            if _name_like(m.group(1), raw, p):
                return True
    return False


def is_body_like(raw: str, s: int, e: int, lang: str) -> bool:
    """True for a phrase that names a body speaking as one by its head, the last capitalised
    word: an acronym ("Der BGH", "die SPD") or a noun with a body's ending ("das
    Bundesgericht", "die Nachrichtenagentur", "die SPD-Landtagsfraktion")."""
    p = PROFILES[lang]
    words = re.findall(r"[\w\-]+", raw[s:e].split("(")[0])
    if not words or (words[0].islower() and words[0] not in p.subject_articles):
        return False  # 'meiner Partei': a possessive or another determiner, no subject
    caps: list[str] = []
    for w in words[1:] if words[0].lower() in p.subject_articles else words:
        if w.lower() in _closed(p):
            break  # a possessor after it ('die Pflichten der Union'): not the head
        if w[:1].isupper():
            caps.append(w)
    if not caps:
        return False
    head = caps[-1]
    tail = head.rsplit("-", 1)[-1]
    # 'Der BGH' opening a sentence is its subject; 'der NATO' inside one is mostly hers
    ambiguous = words[0] == p.ambiguous_article
    if len(tail) >= 2 and tail.isupper() and tail.isalpha() and not _ROMAN.fullmatch(tail):
        return not ambiguous  # 'die SPD' speaks; 'der SPD' is hers
    if ambiguous and not head.lower().endswith(p.body_masculine):
        return False
    return head.lower().endswith(p.body_endings)


_ROMAN = re.compile(r"[IVXLC]+")


def clause_speaker(
    raw: str, lang: str, start: int, end: int, skip: tuple[tuple[int, int], ...] = ()
) -> tuple[int, int] | None:
    """The first person-like noun phrase of ``raw[start:end]`` that no preposition or
    oblique article governs and that is no possessor ("Stoibers Äußerungen"); phrases
    inside ``skip`` (quotes) are passed over."""
    p = PROFILES.get(lang)
    if p is None:
        return None
    for m in _np(lang).finditer(raw, start, end):
        s, e = m.start("np"), m.end("np")
        if any(a <= s < b for a, b in skip):
            continue
        first = raw[s:e].split(None, 1)[0].lower()
        before = raw[max(start, s - 30) : s].split()
        prev = before[-1].lower().strip(",") if before else ""
        if first in p.oblique_articles or prev in p.prepositions or prev in p.oblique_articles:
            continue
        if first in p.pronouns:
            continue  # a pronoun is resolved by the caller's own rules
        if raw[e - 1 : e] == "s" and re.match(r"\s+[A-ZÄÖÜ]", raw[e : e + 3]):
            continue  # a possessor: 'Stoibers Äußerungen'
        if is_person_like(raw, s, e, lang) or is_body_like(raw, s, e, lang):
            # an apposition names the role's holder: 'die Sprecherin der Initiative, Marta
            # Wendel, …'
            app = re.compile(rf",\s+({_CAP}(?:\s+{_CAP}){{1,3}})(?=\s*[,(])").match(raw, e, end)
            if app is not None and is_person_like(raw, app.start(1), app.end(1), lang):
                return s, app.end(1)
            # a verb before the phrase is no part of it: 'musste Minister X'
            lead = re.match(r"(?:[a-zäöüß][\w\-]*\s+)+", raw[s:e])
            if lead and lead.group().split()[0] not in p.subject_articles | p.oblique_articles:
                s += lead.end()
            return s, e
    return None


def _governed(raw: str, start: int, s: int, p: Profile) -> bool:
    """True when a preposition or an oblique article stands right before position ``s``."""
    before = raw[max(start, s - 30) : s].split()
    prev = before[-1].lower().strip(",") if before else ""
    return prev in p.prepositions or prev in p.oblique_articles


def leading_colon(
    raw: str, lang: str, sent_start: int, open_at: int, skip: tuple[tuple[int, int], ...] = ()
) -> Attribution | None:
    """The speaker of a clause that introduces the quote with a colon ("Den Unmut brachte
    die Sprecherin, Annette Widmann-Mauz, zum Ausdruck: „…“")."""
    if lang not in PROFILES:
        return None
    before = raw[sent_start:open_at].rstrip()
    if not before.endswith(":"):
        return None
    colon = sent_start + len(before) - 1
    quoted = quoted_object(raw, lang, sent_start, colon)
    if quoted is not None:  # 'Der Sender zitierte Y mit den Worten:': Y speaks
        return _att(raw, *quoted, "leading", ":")
    # the phrase right before the colon or before its verb ('…, die Sprecherin Sandra Boser
    # erklärte:', '… und Ministerpräsident Jens Holm:') outranks the clause's first person
    last = None
    for n in _np(lang).finditer(raw, sent_start, colon):
        last = n
    if last is not None and not any(a <= last.start("np") < b for a, b in skip):
        gap = raw[last.end("np") : colon].replace(",", " ").split()
        p = PROFILES[lang]
        if (
            (not gap or (len(gap) == 1 and gap[0].islower() and gap[0] not in _closed(p)))
            and is_person_like(raw, last.start("np"), last.end("np"), lang)
            and not _governed(raw, sent_start, last.start("np"), p)
        ):
            return _att(raw, last.start("np"), last.end("np"), "leading", ":")
    span = clause_speaker(raw, lang, sent_start, colon, skip)
    if span is None:
        return None
    return _att(raw, *span, "leading", ":")
