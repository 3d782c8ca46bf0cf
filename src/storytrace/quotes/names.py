"""People named in a story: who they are, their titles, and one canonical name each.

A ``PersonIndex`` collects every capitalised name run of every article with the title words
and nationality written before it ("US Secretary of State Antony Blinken" -> name "Antony
Blinken", titles {secretary, state}, nationality United States) and the apposition after it
("Ian Chong, an international relations expert at ..." -> titles {expert, ...}). It resolves
a name as written ("Mr. Blinken", "Blinken", "Xi") to the longest full name of the story that
contains its words, a role description ("the Chinese leader") to the last person named with a
matching title and nationality, and a pronoun to the last compatible person named before it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..text import HONORIFICS, fold
from ..text.gazetteer import NATIONALITY, ORG_WORDS, country, is_place
from .name_runs import _strip_possessive, name_runs
from .people import (
    COUNTRY_LANGUAGE,
    GIVEN_GENDER,
    ROLE_NOUNS,
    TITLES,
)

_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*|[a-zà-ÿ][\w'’.\-]*|[^\w\s]")


@dataclass(slots=True)
class PersonMention:
    """One place a person is named: the name as written, stripped of titles."""

    article: str
    start: int
    end: int
    name: str
    titles: set[str] = field(default_factory=set)
    nationality: str | None = None
    gender: str | None = None


def _apposition(text: str) -> set[str]:
    m = re.match(r"\s*,\s*(?:an?|the|who is an?|who specializes in)\s+([^,.;:]{0,80})", text)
    if not m:
        return set()
    return {fold(w) for w in m.group(1).split() if fold(w) in TITLES}


#: words after a company's name that leave it the same company ("Microsoft Corp")
_COMPANY_SUFFIXES = frozenset(
    "corp corporation inc ltd co company group plc llc ag sa gmbh".split()  # noqa: SIM905
)


#: names of bodies beside ORG_WORDS (not there: that changes which runs are names)
_BODY_NAMES = frozenset(
    "alliance coalition federation league program programme project initiative".split()  # noqa: SIM905
)


def _may_stand_for(key: list[str], full: str) -> bool:
    """Whether the words ``key`` may stand for the longer name ``full``: a surname for a
    full name ("Budd": "Christopher Budd"), a surname-first name ("Xi": "Xi Jinping"), a
    company for the same company; not an organisation for another named after it
    ("Microsoft" was "Microsoft Security Response Alliance", its own speaker elsewhere)."""
    words = [fold(w) for w in full.split()]
    if words[-len(key) :] == key:
        return True
    extra = [w for w in words if w not in key]
    return not any(
        (w in ORG_WORDS or w in _BODY_NAMES) and w not in _COMPANY_SUFFIXES for w in extra
    )


class PersonIndex:
    """Every person named in a story, and name/role/pronoun resolution.

    Lookups are indexed (full names by folded word) and memoised per mention, so resolving
    every pronoun of a 100-article story stays in the milliseconds.
    """

    def __init__(self, lower_vocab: set[str] | None = None) -> None:
        self.mentions: dict[str, list[PersonMention]] = {}
        self.full_names: Counter[str] = Counter()
        #: words seen in lower case: a capitalised sentence start made of one is no name
        self.lower_vocab: set[str] = lower_vocab if lower_vocab is not None else set()
        #: canonical name -> "m"/"f", learned from honorifics and resolved pronouns
        self.genders: dict[str, str] = {}
        self._by_word: dict[str, set[str]] = {}
        self._memo: dict[tuple[str, str | None, int | None], str] = {}
        self._facts: tuple[dict[str, str], set[str]] | None = None
        self._nationality: dict[str, str] | None = None

    @staticmethod
    def vocabulary(texts: list[str]) -> set[str]:
        """Lower-case words of ``texts`` (to tell sentence-initial words from names)."""
        return {w for t in texts for w in re.findall(r"\b[a-zà-ÿ][a-zà-ÿ'’\-]+\b", t)}

    def add_article(self, article_id: str, raw: str, spans: list[tuple[int, int]]) -> None:
        """Index the names of one article (``spans``: its kept paragraphs)."""
        found = self.mentions.setdefault(article_id, [])
        for ps, pe in spans:
            for s, e, name, titles in name_runs(raw[ps:pe], ps, self.lower_vocab):
                words = name.split()
                gender = None
                nat = None
                roles: set[str] = set()
                for t in titles:
                    if t in HONORIFICS:
                        gender = HONORIFICS[t] or gender
                    if t in NATIONALITY:
                        nat = NATIONALITY[t]
                    if t in TITLES:
                        roles.add(TITLES[t])
                roles |= {TITLES[t] for t in _apposition(raw[e:pe])}
                found.append(PersonMention(article_id, s, e, name, roles, nat, gender))
                if len(words) >= 2:
                    if name not in self.full_names:
                        for tok in _tokens(name):
                            self._by_word.setdefault(tok, set()).add(name)
                    self.full_names[name] += 1
        found.sort(key=lambda m: m.start)
        self._memo.clear()
        self._facts = None
        self._nationality = None

    def canonical(self, name: str, article_id: str | None = None, pos: int | None = None) -> str:
        """The longest full name of the story containing the words of ``name``."""
        memo_key = (name, article_id, pos)
        if memo_key in self._memo:
            return self._memo[memo_key]
        out = self._canonical(name, article_id, pos)
        self._memo[memo_key] = out
        return out

    def _canonical(self, name: str, article_id: str | None, pos: int | None) -> str:
        words = [w for w in name.split() if fold(w) not in HONORIFICS and fold(w) not in TITLES]
        words = [
            w if re.fullmatch(r"(?:[A-Z]\.){1,3}", w) else _strip_possessive(w).strip(".,")
            for w in words
        ]
        words = [w for w in words if w]
        if not words:
            # a surname that is also a title ("King" for Billy King): it stands for the
            # story's one full name that ends with it, else for itself
            word = _strip_possessive(name.strip()).strip(".,")
            if " " in word or not word[:1].isupper():
                return name
            fulls = {c for c in self._by_word.get(fold(word), set()) if len(c.split()) > 1}
            ends = [c for c in fulls if fold(c.split()[-1]) == fold(word)]
            return ends[0] if len(ends) == 1 else name
        key = [fold(w) for w in words]
        pools = [self._by_word.get(k, set()) for k in key]
        common = set.intersection(*pools) if pools else set()
        candidates = {c for c in common if len(c.split()) > len(key) and _may_stand_for(key, c)}
        if not candidates:
            return " ".join(words)
        if article_id is not None:
            local = [
                m.name
                for m in self.mentions.get(article_id, [])
                if m.name in candidates and (pos is None or m.start <= pos)
            ]
            if local:
                return local[-1]
        return max(candidates, key=lambda c: (self.full_names[c], len(c), c))

    def _mention_facts(self) -> tuple[dict[str, str], set[str]]:
        """Genders known from honorifics, and the canonical names that are persons."""
        if self._facts is None:
            genders: dict[str, str] = {}
            persons: set[str] = set()
            for ms in self.mentions.values():
                for m in ms:
                    canon = self.canonical(m.name, m.article, m.start)
                    if m.gender:
                        genders.setdefault(canon, m.gender)
                    if self.is_person(m):
                        persons.add(canon)
                        persons.add(m.name)
            self._facts = (genders, persons)
        return self._facts

    def person_before(
        self, article_id: str, pos: int, gender: str | None = None, window: int = 600
    ) -> PersonMention | None:
        """The last person named in the window before ``pos`` (of a compatible gender)."""
        cands = [
            m
            for m in self.mentions.get(article_id, [])
            if m.end <= pos
            and pos - m.end <= window
            and (gender is None or self.gender(m.name, article_id) in (None, gender))
            and self.is_person(m)
        ]
        return cands[-1] if cands else None

    def is_person_name(self, canon: str) -> bool:
        """True when ``canon`` names a person rather than a place or an institution."""
        if canon in self.genders or canon in self.full_names:
            return not is_place(canon)
        return canon in self._mention_facts()[1]

    def gender(self, name: str, article_id: str) -> str | None:
        """ "m", "f" or None (unknown): learned, from an honorific, or from the given name."""
        canon = self.canonical(name, article_id)
        if canon in self.genders:
            return self.genders[canon]
        first = fold(canon.split()[0]) if canon.split() else ""
        if len(canon.split()) >= 2 and first in GIVEN_GENDER:
            return GIVEN_GENDER[first]
        return self._mention_facts()[0].get(canon)

    def is_person(self, m: PersonMention) -> bool:
        if any(re.fullmatch(r"[A-Z]{2,6}", w) for w in m.name.split()):
            return False  # "NYPD", "WCCO TV": an acronym makes it an organisation
        return (
            len(m.name.split()) >= 2
            or bool(m.titles)
            or bool(m.gender)
            or bool(self._by_word.get(fold(_strip_possessive(m.name))))
        )

    def by_role(
        self, article_id: str, pos: int, role: str, nationality: str | None
    ) -> PersonMention | None:
        """The last person before ``pos`` whose titles fit ``role`` (and ``nationality``)."""
        families = ROLE_NOUNS.get(role, frozenset())
        roles, nats = self._article_roles(article_id)
        best = None
        for m in self.mentions.get(article_id, []):
            if m.start >= pos:
                break
            canon = self.canonical(m.name, article_id, m.start)
            if not roles.get(canon, set()) & families:
                continue
            if nationality and nats.get(canon) not in (nationality, None):
                continue
            best = m
        return best

    def _article_roles(self, article_id: str) -> tuple[dict[str, set[str]], dict[str, str]]:
        roles: dict[str, set[str]] = {}
        nats: dict[str, str] = {}
        for x in self.mentions.get(article_id, []):
            canon = self.canonical(x.name, article_id, x.start)
            roles.setdefault(canon, set()).update(x.titles)
            if x.nationality:
                nats.setdefault(canon, x.nationality)
        return roles, nats

    def roles_of(self, m: PersonMention, article_id: str) -> set[str]:
        """Every title family given to the person of ``m`` in the article."""
        return self._article_roles(article_id)[0].get(
            self.canonical(m.name, article_id, m.start), set()
        )

    def nationality_of(self, m: PersonMention, article_id: str) -> str | None:
        """The nationality written before the person of ``m`` in the article, if any."""
        return self._article_roles(article_id)[1].get(self.canonical(m.name, article_id, m.start))

    def speaker_language(self, canon: str | None) -> str | None:
        """The language a speaker speaks, from the nationality written before their name
        ("Chinese President Xi Jinping") or, for a country or capital speaking as its
        government ("Beijing said"), the country's; None when the story does not say."""
        if not canon:
            return None
        if self._nationality is None:
            nats: dict[str, str] = {}
            for ms in self.mentions.values():
                for m in ms:
                    if m.nationality:
                        nats.setdefault(self.canonical(m.name, m.article, m.start), m.nationality)
            self._nationality = nats
        nat = self._nationality.get(canon) or country(canon)
        return COUNTRY_LANGUAGE.get(nat) if nat else None


def _tokens(full: str) -> list[str]:
    return [fold(_strip_possessive(w)) for w in full.split()]


def _contains(full: str, key: list[str]) -> bool:
    toks = _tokens(full)
    return all(k in toks for k in key)
