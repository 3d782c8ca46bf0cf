"""The light normalisation ingest uses instead of the full ``clean.prepare``.

Per article: the title and date from the first lines when the input gave none, a lead,
and a language: the input's, else that of the article it repeats, else one lingua guess on
the lead. A few tens of microseconds per article, plus the lingua guess for originals.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..cluster.dedup import Link
from ..errors import ConfigError, DependencyError
from ..types import Article

if TYPE_CHECKING:
    from .ingest import IngestSettings


@dataclass(frozen=True, slots=True)
class Row:
    """One article as ingest stores it: identity, title, lead, language and date."""

    article: Article
    ident: str
    title: str | None
    lead: str
    language: str | None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class LightMeta:
    """What the first lines say when the input's metadata did not."""

    title: str | None
    published: str | None
    author: str | None
    outlet: str | None
    # Where the body starts in ``raw``: after the leading lines that are page chrome, a
    # date stamp, a label, the title or a whole-line byline (0 when none is).
    body_start: int = 0


def light_metadata(article: Article, max_words: int, kicker_words: int = 3) -> LightMeta:
    """Title, date, author and outlet from the first lines, when the input gave none.

    Reads at most eight non-empty lines: navigation and page chrome are passed over, a line
    that is only a date stamp gives the date, a site name or section label above the
    headline is passed over, and the first line that reads as a headline (followed by more
    text, no sentence ending) is the title. A byline among those lines ("By Jane Doe,
    Harbourline Post", "By Harbourline Post Desk") gives the author and outlet.
    """
    from ..clean.boilerplate import navigation_reason
    from ..clean.dates import dateline
    from ..clean.metadata import byline, desk_outlet, is_label, looks_like_title

    title, published = article.title, article.published
    author, outlet = article.author, article.outlet
    lines = [line.strip() for line in article.raw[:4000].splitlines() if line.strip()][:9]
    header = 0  # leading lines read as metadata or chrome
    if not (title and published):
        for i, line in enumerate(lines[:8]):
            if navigation_reason(line):
                header = i + 1
                continue
            stamp = dateline(line)
            if stamp is not None:
                published = published or stamp or None
                header = i + 1
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            after = lines[i + 2] if i + 2 < len(lines) else None
            # A site name or section label above the headline ("TrendWire Daily", "World
            # News"): the same rule as the full cleaning's kickers (``kicker_max_words``).
            label = nxt is not None and is_label(line, kicker_words)
            if label and looks_like_title(nxt or "", after, max_words):
                header = i + 1
                continue
            if not title and looks_like_title(line, nxt, max_words):
                title = line
            break
    if title and header < len(lines) and lines[header] == title:
        header += 1
    if not (author and outlet):
        offsets = list(range(len(lines[:8])))  # a Found's start is its line's index
        found = byline(lines[:8], offsets, 8)
        fields = {f.field: f.value for f in found}
        author = author or fields.get("author")
        outlet = outlet or fields.get("outlet") or (desk_outlet(author) if author else None)
        # A byline that is a whole line right below the head is metadata too.
        if any(f.remove and f.start == header for f in found):
            header += 1
    return LightMeta(title, published, author, outlet, _line_end(article.raw, lines, header))


def _line_end(raw: str, lines: Sequence[str], count: int) -> int:
    """The offset in ``raw`` just after its first ``count`` non-empty (stripped) lines."""
    pos = 0
    for line in lines[:count]:
        at = raw.find(line, pos)
        if at < 0:
            return 0
        pos = at + len(line)
    return pos


class Languages:
    """One lingua guess per article lead, loaded on first use (low-accuracy mode).

    ``codes`` limits the candidate languages (ISO 639-1); empty means all that lingua
    knows, about four times slower (see ``[store] languages``).
    """

    def __init__(self, codes: Sequence[str] = ()) -> None:
        self.codes = tuple(codes)
        self._detector: Any = None

    def _build(self) -> Any:
        try:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise DependencyError("lingua-language-detector") from exc
        if not self.codes:
            builder = LanguageDetectorBuilder.from_all_languages()
        else:
            langs = []
            for code in self.codes:
                iso = getattr(IsoCode639_1, code.upper(), None)
                if iso is None:
                    raise ConfigError(f"[store] languages: unknown ISO 639-1 code '{code}'")
                langs.append(Language.from_iso_code_639_1(iso))
            if len(langs) < 2:
                raise ConfigError("[store] languages: give at least two codes, or [] for all")
            builder = LanguageDetectorBuilder.from_languages(*langs)
        return builder.with_low_accuracy_mode().build()

    def guess(self, texts: Sequence[str]) -> list[str | None]:
        if not texts:
            return []
        if self._detector is None:
            self._detector = self._build()
        found = self._detector.detect_languages_in_parallel_of(list(texts))
        return [lang.iso_code_639_1.name.lower() if lang else None for lang in found]


def prepare_rows(
    batch: Sequence[tuple[Article, str]],
    settings: IngestSettings,
    languages: Languages,
    links: Sequence[Link] = (),
    known: Mapping[str, str | None] | None = None,
) -> list[Row]:
    """The light normalisation of one batch (title, lead, language).

    An article the input gave no language for inherits the language of the most similar
    article it repeats (``links``: stored ones' languages in ``known``, or one earlier in
    the batch): a copy at Jaccard 0.5 over word shingles is in the same language. Only the
    others cost a lingua guess.
    """
    metas = [
        light_metadata(a, settings.title_max_words, settings.kicker_max_words) for a, _ in batch
    ]
    # The lead is the body's start: the title goes beside it (cluster.features.lead_text),
    # and a date stamp or byline is not what the story is about.
    leads = [
        " ".join(a.raw[m.body_start : m.body_start + settings.lead_chars * 2].split())
        for (a, _), m in zip(batch, metas, strict=True)
    ]
    langs: list[str | None] = [a.language for a, _ in batch]
    position = {a.id: i for i, (a, _) in enumerate(batch)}
    known = known or {}
    source: dict[int, int | str] = {}  # batch index -> earlier batch index or stored id
    for link in links:  # most similar first per article
        i = position[link.article]
        if i in source or langs[i]:
            continue
        j = position.get(link.duplicate_of)
        if j is not None:
            source[i] = j
        elif known.get(link.duplicate_of):
            source[i] = link.duplicate_of
    need = [
        i
        for i in range(len(batch))
        if not langs[i] and i not in source and settings.detect_language
    ]
    guessed = languages.guess([leads[i][: settings.language_chars] for i in need])
    for i, lang in zip(need, guessed, strict=True):
        langs[i] = lang
    for i in sorted(source):  # links point to earlier articles: their language is settled
        src = source[i]
        langs[i] = langs[src] if isinstance(src, int) else known.get(src)
    rows = []
    for (a, ident), lead, lang, meta in zip(batch, leads, langs, metas, strict=True):
        rows.append(
            Row(
                a, ident, meta.title, lead[: settings.lead_chars], lang, meta.published,
                meta.author, meta.outlet,
            )
        )  # fmt: skip
    return rows


def meta_json(row: Row) -> str:
    """The article's meta, noting a language that ingest guessed (not given by the input)."""
    meta = row.article.meta
    if row.language and not row.article.language:
        meta = {**meta, "language_guess": row.language}
    return json.dumps(meta, ensure_ascii=False, default=str)
