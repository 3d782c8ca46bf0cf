"""Attribution in German, French, Spanish, Italian and Portuguese: speech verbs and cue
words around a quote, and the noun phrase that names the speaker.

Where the speaker stands differs from English: German puts the finite verb second, so an
adverbial opening moves the subject behind the verb ("Am Mittwoch erklärte der Sprecher:
„…“"); the cue may follow the quote ("„…“, sagte Müller" / "», a déclaré X" / "», dijo X"),
be a preposition ("laut X", "so X", "selon X", "según X", "X zufolge"), or a colon after a
name ("Schäuble: „…“"). Returns the phrase as written; :mod:`.names` resolves it.
"""

from __future__ import annotations

import re

from .attribution import Attribution
from .cue_verbs import VERBS
from .cue_words import (
    ARTICLES,
    CAP,
    FUNCTION_CAPS,
    NULL_SUBJECT,
    POSTPOSITIONS,
    PREPOSITIONS,
    PRONOUNS,
)
from .holders import document_source, view_holder
from .nearby import (
    coordinated_subject,
    new_main_clause,
    next_sentence_speaker,
    previous_sentence_speaker,
    reported_speaker,
)
from .oblique import after_oblique
from .verb_second import (
    PROFILES,
    clause_speaker,
    leading_colon,
    no_subject,
    own_sentence_start,
    trailing_cue,
)


def _np(lang: str) -> str:
    arts = "|".join(re.escape(a) for a in ARTICLES[lang].split())
    pron = "|".join(PRONOUNS[lang].split())
    stop = "|".join(FUNCTION_CAPS[lang].split())
    art = rf"(?i:{arts})"
    adj = r"(?:[a-zà-ÿ][\w\-]*\s+){0,2}"
    link = r"(?:von|van|de|der|zu|vom|des|del|di|da|do|du|la|le|y|e|und)"
    cap = rf"(?!(?:{stop})\b){CAP}"
    head = rf"{cap}(?:\s+(?:{link}\s+)?{cap}){{0,5}}"
    gen = "des|der|eines|einer|du|de|del|della|do|da" if lang != "de" else "des|der|eines|einer"
    tail = rf"(?:,?\s+(?:{gen})\s+{adj}{head})?(?:\s*\([^()]{{1,20}}\))?"
    return rf"(?:(?:{art})\s+{adj}{head}{tail}|{head}{tail}|\b(?:{pron})\b)"


def _verbs(lang: str) -> str:
    vs = sorted({v.strip() for v in VERBS[lang] if v.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in vs) + r")\b"


_CACHE: dict[str, tuple[re.Pattern[str], ...]] = {}


def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    if lang not in _CACHE:
        np_, verb = _np(lang), _verbs(lang)
        prep = PREPOSITIONS[lang]
        post = POSTPOSITIONS.get(lang)
        _CACHE[lang] = (
            # after the quote: ', sagte der Sprecher' / ', so X' / ', a déclaré X'
            re.compile(
                rf"[\s,;:.!?\-–—»“”\"]*(?:{verb}|(?:{prep})\b)\s+(?:(?:sich|es|auch|dazu|"
                rf"am\s+\w+|gestern|heute|weiter)\s+)*(?P<subj>{np_})"
            ),
            # after the quote, subject first: ', wie X sagte' / ', X zufolge'
            re.compile(
                rf"[\s,;:.!?\-–—»“”\"]*(?:wie|comme|como|come)?\s*(?P<subj>{np_})\s+"
                rf"(?:{verb}|{post or 'zufolge'}\b)"
            ),
            # before the quote: 'laut X' / 'selon X' / 'X zufolge'
            re.compile(rf"\b(?:{prep})\s+(?:sich\s+)?(?P<subj>{np_})"),
            re.compile(rf"(?P<subj>{np_})\s+{post}\b") if post else re.compile(r"(?!x)x"),
            # before: '<subject> ... <verb>' and '<verb> <subject>' (German verb-second)
            re.compile(
                rf"(?P<subj>{np_})\s+(?:(?:hat|hatte|habe|ha|a|había)\s+)?(?:[\w,]+\s+){{0,4}}?{verb}"
            ),
            re.compile(
                rf"{verb}\s+(?:(?:sich|auch|dazu|am\s+\w+|gestern|heute)\s+)*(?P<subj>{np_})"
            ),
            # 'Name: „...“'
            re.compile(rf"(?P<subj>{np_})\s*:\s*$"),
        )
    return _CACHE[lang]


def attribute_other(
    raw: str, lang: str, sent_start: int, sent_end: int, open_at: int, close_at: int
) -> Attribution | None:
    """The attribution of a quote in a language other than English, if written."""
    if lang not in VERBS:
        return None
    if lang in PROFILES:  # verb-second rules first (:mod:`.verb_second`)
        sent_start = own_sentence_start(raw, sent_start, open_at)
        found = trailing_cue(raw, lang, sent_start, open_at, close_at, close_at + 250)
        found = found or view_holder(raw, lang, sent_start, open_at, close_at, close_at + 250)
        found = found or document_source(raw, lang, sent_start, open_at)
        found = found or leading_colon(raw, lang, sent_start, open_at)
        if found is not None:
            return found
    after_v, after_s, prep, post, _lead, _inverted, colon = _patterns(lang)
    end = min(sent_end, close_at + 200)
    nxt = re.search(r"[„“«»\"]", raw[close_at + 1 : end])
    stop = close_at + 1 + nxt.start() if nxt else end
    for pat, how in ((after_v, "trailing"), (after_s, "trailing")):
        m = pat.match(raw, close_at + 1, stop)
        if m and not (
            pat is after_s and new_main_clause(raw, lang, close_at, m.start("subj"), m.end("subj"))
        ):
            return _att(m, how)
    if lang in NULL_SUBJECT:  # '«…», dijo.': the person spoken of before said it
        bare = re.compile(rf"[\s,;:\-–—»“”\"]*{_verbs(lang)}\s*(?=[.;]|$)").match(
            raw, close_at + 1, stop
        )
        if bare is not None:
            return Attribution(
                "", bare.end(), bare.end(), "trailing", bare.group().strip(' ,—–-»”"')
            )
    start = max(sent_start, open_at - 300)
    before = raw[start:open_at]
    m = colon.match(raw, start + len(before) - len(before.lstrip()), open_at)
    if m:
        return _att(m, "colon")
    inverted = _verb_subject_colon(raw, lang, start, open_at)
    if inverted is not None:
        return inverted
    cands = [
        (m.start("subj"), m, "according")
        for pat in (prep, post)
        for m in pat.finditer(raw, start, open_at)
    ]
    if cands:
        return _att(max(cands, key=lambda t: t[0])[1], "according")
    who = _subject_of_verb(raw, lang, start, open_at)
    if who is not None:
        return who
    who = _verb_final_subject(raw, lang, start, open_at, close_at, end)
    if who is not None:
        return who
    if lang in PROFILES:
        found = _verb_second_nearby(raw, lang, sent_start, sent_end, start, open_at, close_at)
        if found is not None:
            return found
    # no cue: the sentence's subject, the first phrase not governed by a preposition
    for m in _np_re(lang).finditer(raw, start, open_at):
        if (
            not after_oblique(raw, start, m, lang)
            and not _non_subject(m.group("subj"), lang)
            and m.group("subj").lower() not in PRONOUNS[lang].split()
            and not no_subject(raw, m.start("subj"), m.group("subj"), lang)
        ):
            return _att(m, "subject")
    # the quote opens the sentence and the cue follows a comma in a later clause
    m = after_v.match(raw, close_at + 1, min(sent_end, close_at + 200))
    return _att(m, "trailing") if m else None


def _verb_second_nearby(
    raw: str, lang: str, sent_start: int, sent_end: int, start: int, open_at: int, close_at: int
) -> Attribution | None:
    """With no cue in the quote's clause: a clause ending in a colon (the person in it no
    preposition governs), the sentence after or before, reported speech going on with the
    person named before it, or the person the clause names."""
    found = leading_colon(raw, lang, sent_start, open_at)
    found = found or next_sentence_speaker(
        raw, lang, sent_start, open_at, close_at, min(len(raw), close_at + 300)
    )
    found = found or previous_sentence_speaker(raw, lang, sent_start, sent_end, open_at, close_at)
    found = found or reported_speaker(raw, lang, sent_start, open_at, close_at, sent_end)
    if found is not None:
        return found
    # no cue: a person the clause names outranks its first noun phrase ("Trotz des Regens
    # hielt Hafenmeister Jonas Pflug die Mauer für „…“"); German Wikinews train: speaker
    # 319/405 -> 321/405 right
    person = clause_speaker(raw, lang, start, open_at)
    if person is None:
        return None
    s, e = person
    lead = re.match(r"(?:[a-zäöüß][\w\-]*\s+)+", raw[s:e])  # 'hielt', a verb
    if lead and lead.group().split()[0] not in PROFILES[lang].subject_articles:
        s += lead.end()
    return Attribution(raw[s:e], s, e, "subject")


_COLON_END = re.compile(r"(?:,[^:„“«»\"]{0,80})?\s*:\s*$")


def _verb_subject_colon(raw: str, lang: str, start: int, open_at: int) -> Attribution | None:
    """'So sagte Olli Rehn, EU-Kommissar: „…“': the speech verb, its subject after it (verb
    second) and a colon right before the quote."""
    inverted = _patterns(lang)[5]
    last = None
    for m in inverted.finditer(raw, max(start, open_at - 160), open_at):
        last = m
    if last is None or not _COLON_END.match(raw[last.end() : open_at]):
        return None
    if _non_subject(last.group("subj"), lang):
        return None
    return _att(last, "leading")


def _subject_of_verb(
    raw: str, lang: str, start: int, end: int, aux: bool = True
) -> Attribution | None:
    """The subject of the last speech verb in ``raw[start:end]``: the noun phrase right before
    it, else the one opening the sentence, else (verb-second inversion) the one after it."""
    verb = _verb_re(lang)
    hits = list(verb.finditer(raw, start, end))
    by_aux = not hits and aux
    if by_aux:
        hits = list(_aux_re(lang).finditer(raw, start, end))
    # a verb closing a relative or subordinate clause (', in dem es nur 26 Fouls gab,') is
    # not the one that governs the quote
    hits = [h for h in hits if not _closes_subclause(raw, start, h, lang)] or hits
    if not hits:
        return None
    v = hits[-1]
    decided, perfect = (False, None) if by_aux else _perfect_subject(raw, lang, start, v)
    if decided:
        return perfect
    np_ = _np_re(lang)
    adjacent = [
        m
        for m in np_.finditer(raw, start, v.start())
        if not raw[m.end() : v.start()].strip(" ,") and not after_oblique(raw, start, m, lang)
    ]
    # a pronoun before an auxiliary is the subject of reported content ('X warf Obama vor,
    # er habe „…“'), not a speaker named by a cue
    if (
        adjacent
        and not _non_subject(adjacent[-1].group("subj"), lang)
        and not (by_aux and adjacent[-1].group("subj").lower() in PRONOUNS[lang].split())
    ):
        return _att(adjacent[-1], "leading")
    sub = _subordinate_subject(raw, start, v, lang)
    if sub is not None:
        return sub
    opening = np_.match(raw, start, v.start())
    if (
        opening
        and not _starts_with_adverbial(raw[start:end], lang)
        and not _non_subject(opening.group("subj"), lang)
    ):
        return _att(opening, "leading")
    shared = coordinated_subject(raw, lang, start, v.start())
    if shared is not None:
        return shared
    after = _after_verb_re(lang).match(raw, v.end(), end)
    if after and not _non_subject(after.group("subj"), lang):
        return _att(after, "leading")
    return None


def _perfect_subject(
    raw: str, lang: str, start: int, v: re.Match[str]
) -> tuple[bool, Attribution | None]:
    """German perfect and pluperfect ('Stoiber hatte die Rolle der Vorsitzenden betont: „…“'):
    with a finite auxiliary before the speech verb in the same clause, the phrase right
    before the participle is its object; the subject opens the clause ('Stoiber hatte'), or,
    when an adverbial does ('Zuvor hatte der Minister betont'), follows the auxiliary.
    Returns whether the rule decided, and the subject (None for a pronoun opening the
    clause, 'Er hatte …': the caller's pronoun rules resolve it, as they do 'Er sagte')."""
    if lang != "de":
        return False, None
    aux = None
    for m in _aux_re(lang).finditer(raw, start, v.start()):
        aux = m
    if aux is None or "," in raw[aux.end() : v.start()]:
        return False, None
    clause = raw[start : aux.start()]
    if clause.strip().lower() in PRONOUNS[lang].split():
        return True, None
    opening = _np_re(lang).match(raw, start, aux.start())
    if (
        opening is not None
        and not raw[opening.end() : aux.start()].strip()
        and not _starts_with_adverbial(clause, lang)
        and not _non_subject(opening.group("subj"), lang)
    ):
        return True, _att(opening, "leading")
    after = _after_verb_re(lang).match(raw, aux.end(), v.start())
    if after is None or _non_subject(after.group("subj"), lang):
        return False, None
    return True, _att(after, "leading")


_OBLIQUE = {"de": "den dem einen einem des", "fr": "", "es": "", "it": "", "pt": ""}


def _non_subject(phrase: str, lang: str) -> bool:
    first = phrase.split(" ", 1)[0]
    return first in _OBLIQUE.get(lang, "").split() or (
        len(phrase.split()) == 1 and first.lower() in _OPENERS.get(lang, "").split()
    )


_RE: dict[tuple[str, str], re.Pattern[str]] = {}


def _verb_re(lang: str) -> re.Pattern[str]:
    if ("v", lang) not in _RE:
        _RE[("v", lang)] = re.compile(rf"\b{_verbs(lang)}")
    return _RE[("v", lang)]


_AUX = {
    "de": "hat hatte haben hatten habe wird wurde werden",
    "fr": "a avait",
    "es": "ha había",
    "it": "ha aveva",
    "pt": "tem tinha",
}


def _aux_re(lang: str) -> re.Pattern[str]:
    if ("aux", lang) not in _RE:
        _RE[("aux", lang)] = re.compile(rf"\b(?:{'|'.join(_AUX[lang].split())})\b")
    return _RE[("aux", lang)]


def _np_re(lang: str) -> re.Pattern[str]:
    if ("np", lang) not in _RE:
        _RE[("np", lang)] = re.compile(rf"\s*(?<![\w\-])(?P<subj>{_np(lang)})")
    return _RE[("np", lang)]


def _after_verb_re(lang: str) -> re.Pattern[str]:
    if ("after", lang) not in _RE:
        _RE[("after", lang)] = re.compile(
            rf"\s+(?:(?:sich|auch|dazu|dabei|darauf|gestern|heute|am\s+\w+|an\s+\w+|"
            rf"im\s+\w+|in\s+einer?\s+\w+|bei\s+\w+|gegenüber\s+\w+(?:\s+\w+)?)\s+)*"
            rf"(?P<subj>{_np(lang)})"
        )
    return _RE[("after", lang)]


_OPENERS = {
    "de": "am im in auf bei nach vor seit zu zum zur mit für über auch dazu dabei darauf "
    "deshalb daher passend danach zuvor gestern heute so doch aber und später",
}


#: words that open a verb-final clause after a comma (a relative pronoun, a conjunction)
_SUBCLAUSE = {
    "de": frozenset(
        re.findall(
            r"\w+",
            "der die das dem den denen deren dessen welche welcher welches welchem welchen "
            "dass weil ob wenn als wie da nachdem obwohl wo was wobei womit wodurch",
        )
    ),
}


#: conjunctions that open a verb-final clause whose subject comes right after them ('Wie
#: der Minister am Dienstag erklärte, …', 'zumal X immer wieder betont hatte, …')
_SUBORDINATORS = {
    "de": frozenset(
        re.findall(
            r"\w+",
            "wie dass weil ob wenn als da nachdem obwohl zumal sofern falls während bevor "
            "indem seit seitdem",
        )
    ),
}


def _subordinate_subject(
    raw: str, start: int, verb: re.Match[str], lang: str
) -> Attribution | None:
    """The subject of a speech verb that closes a clause opened by a conjunction: the
    phrase right after the conjunction ('Wie der Minister am Dienstag erklärte, …')."""
    subs = _SUBORDINATORS.get(lang)
    if subs is None:
        return None
    lo = max(start, raw.rfind(",", start, verb.start()) + 1)
    first = re.compile(r"\s*(?P<word>\w+)\s+").match(raw, lo, verb.start())
    if first is None or first.group("word").lower() not in subs:
        return None
    m = _np_re(lang).match(raw, first.end(), verb.start())
    if m is None or _non_subject(m.group("subj"), lang):
        return None
    if m.group("subj").lower() in PRONOUNS.get(lang, "").split():
        return None  # a pronoun is resolved by the caller's own rules
    return _att(m, "leading")


def _verb_final_subject(
    raw: str, lang: str, start: int, open_at: int, close_at: int, end: int
) -> Attribution | None:
    """The subject of a clause a conjunction opens whose speech verb follows the quote
    (verb last: '…, weil die Regierung das Land als „…“ bezeichnet hat'): the phrase right
    after the conjunction."""
    if lang not in _SUBORDINATORS:
        return None
    verb = re.compile(rf"[“”»«\"]?\s*(?:[a-zäöüß]+\s+)?\b{_verbs(lang)}").match(
        raw, close_at + 1, end
    )
    if verb is None:
        return None
    lo = max(start, raw.rfind(",", start, open_at) + 1)
    first = re.compile(r"\s*(?P<word>\w+)\s+").match(raw, lo, open_at)
    if first is None or first.group("word").lower() not in _SUBORDINATORS[lang]:
        return None
    m = _np_re(lang).match(raw, first.end(), open_at)
    if m is None or _non_subject(m.group("subj"), lang):
        return None
    if m.group("subj").lower() in PRONOUNS.get(lang, "").split():
        return None
    return _att(m, "leading")


def _closes_subclause(raw: str, start: int, verb: re.Match[str], lang: str) -> bool:
    """True when ``verb`` ends a clause opened after a comma by a relative pronoun or a
    conjunction (verb last: '…, in dem es nur 26 Fouls gab, als „…“')."""
    openers = _SUBCLAUSE.get(lang)
    if openers is None or not re.match(r"\s*,", raw[verb.end() : verb.end() + 3]):
        return False
    comma = raw.rfind(",", start, verb.start())
    if comma < 0:
        return False
    words = raw[comma + 1 : verb.start()].lower().split()[:2]
    profile = PROFILES.get(lang)
    if words and profile is not None and words[0] in profile.prepositions:
        words = words[1:]
    return bool(words) and words[0] in openers


def _starts_with_adverbial(text: str, lang: str) -> bool:
    first = text.strip().split(" ", 1)[0].lower() if text.strip() else ""
    profile = PROFILES.get(lang)
    if profile is not None and first in profile.prepositions:
        return True  # 'Angesichts solcher Alternativen nannte X': a preposition opens
    return first in _OPENERS.get(lang, "").split()


def _att(m: re.Match[str], how: str) -> Attribution:
    subj = m.group("subj").strip(" ,;:")
    subj = re.sub(r"(?<=[a-zà-ÿ]{3})\.$", "", subj)  # the sentence's full stop ('Marlow.')
    s = m.start("subj")
    return Attribution(subj, s, s + len(subj), how)


def sentence_cue(raw: str, lang: str, start: int, end: int) -> Attribution | None:
    """The subject of a speech verb in the sentence ``raw[start:end]`` (no quote in it needed):
    German reports a statement's later sentences in the subjunctive with no cue of their own
    ("Müller erklärte, … Damit seien „…“"), so the cue of the sentence before names them."""
    if lang not in VERBS:
        return None
    return _subject_of_verb(raw, lang, start, end, aux=False)
