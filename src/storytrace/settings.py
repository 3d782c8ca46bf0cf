"""Typed settings: one frozen dataclass per table of ``defaults.toml``.

:meth:`Settings.load` reads the packaged ``defaults.toml``, overlays a user file (the
CLI's ``--config``), checks every key and type, and returns one frozen :class:`Settings`.
It is loaded once, by the caller (the CLI, the web app, a script), and passed down:
``api`` functions take ``settings=``, pipeline components take their own table
(``align_story(story, settings.align)``). Leaving it out means the packaged defaults
(:meth:`Settings.default`); nothing is read from the environment.

Adding a setting: put the key, its value and a comment saying how it was measured in
``defaults.toml``, then add a field of the same name and type to the table's class below
(no default value: the value lives in ``defaults.toml`` only). A new table needs a new
class and a field on :class:`Settings`; a nested table (``[cluster.refine]``) is a field of
its parent's class typed by its own class (``settings.cluster.refine``).
``tests/test_settings.py`` fails until both sides agree, so a key cannot be added to one
and forgotten in the other.

Table objects also answer ``table["key"]`` and ``table.get("key")`` so that stage code
written against the old dict tables keeps working; new code reads attributes.
"""

from __future__ import annotations

import tomllib
import typing
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .settings_base import Table, build, overlay, read_user_file
from .settings_base import table as _table


@_table("read")
class ReadSettings(Table):
    max_bytes: int
    max_control_share: float
    min_paragraph_chars: int


@_table("clean")
class CleanSettings(Table):
    date_window: int
    title_window: int
    title_max_words: int
    kicker_max_words: int
    subheading_max_words: int
    video_window: int
    related_max_lines: int
    forum_tail_max_lines: int
    byline_window: int
    outlet_min_mentions: int
    ad_max_words: int
    ad_max_overlap: float
    ad_max_overlap_strong: float
    repeat_min_paragraph_chars: int
    repeat_min_block_units: int
    wrap_max_width: int
    wrap_share: float
    wrap_open_share: float


@_table("segment")
class SegmentSettings(Table):
    max_quote_chars: int


@_table("language")
class LanguageSettings(Table):
    languages: tuple[str, ...]
    sample_chars: int
    min_sentence_chars: int
    paragraph_confidence: float
    sentence_margin: float
    script_share: float
    precise_below_chars: int
    prescreen_min_tokens: int
    prescreen_top_words: int
    prescreen_min_paragraph_words: int
    prescreen_share: float
    prescreen_checks: int
    spot_check_chars: int
    profile_min_hits: int
    profile_min_share: float
    profile_max_foreign: int
    profile_mixed_min_tokens: int


@_table("align")
class AlignSettings(Table):
    cache_dir: str
    embed_workers: int
    engine: str
    memory_vectors: int
    neighbours_per_article: int
    max_neighbours: int
    big_story_articles: int
    big_story_neighbours: int
    big_story_partners: int
    lexical_first_articles: int
    lexical_min_shared_words: int
    lexical_min_content: float
    lexical_translation_partners: int
    hnsw_above: int
    candidate_min_cos: float
    shingle_words: int
    shingle_max_postings: int
    background_min: float
    background_max: float
    lift_zero: float
    lift_full: float
    min_lift: float
    min_lift_translated: float
    min_cos_same_language: float
    min_content_dice: float
    lexical_accept: float
    lexical_cos_gate: float
    min_tokens: int
    merge_gain: float
    merge_min_content: float
    close_word_ratio: float


@_table("relations")
class RelationsSettings(Table):
    link_min_alignments: int
    link_min_weighted_coverage: float
    short_link_sentences: int
    short_link_min_verbatim_share: float
    short_link_min_wording: float
    strong_score: float
    link_min_strong: int
    parallel_link_coverage: float
    parallel_link_order: float
    translation_link_coverage: float
    translation_link_order: float
    parent_tie: float
    equivalent_coverage: float
    group_min_alignments: int
    group_min_coverage: float
    meaningful_score: float
    translation_min_share: float
    roundtrip_min_artefacts: int
    roundtrip_min_one_to_one: float
    roundtrip_min_order: float
    roundtrip_min_coverage: float
    excerpt_max_source_coverage: float
    excerpt_max_length_ratio: float
    copy_min_verbatim_share: float
    coverage_asymmetry_min: float
    w_coverage: float
    w_artefacts: float
    w_residue: float
    w_filler: float
    w_date: float
    w_credit: float
    convergence_min: float
    w_convergence: float
    direction_margin: float
    reuse_link_probability: float
    reuse_min_wording: float
    reuse_conflict_probability: float
    reuse_min_5gram_containment: float
    reuse_min_shared_3grams: int
    reuse_gram_max_articles: int
    reuse_max_partners: int
    wholly_min_coverage: float


@_table("claims")
class ClaimsSettings(Table):
    match_alone: float
    match_with_key: float
    match_values: float
    cluster_floor: float
    repeat_similarity: float
    rare_share: float
    actor_share: float
    content_share: float
    content_share_alone: float
    rewrite_content_share: float
    linkage_content_share: float
    unit_min_words: int
    exact_below_articles: int
    match_neighbours: int
    match_partners: int
    frame_cosine: float
    frame_shared_stems: int
    frame_share: float
    quote_unit_share: float
    lexical_first_articles: int
    lexical_shingle_words: int
    lexical_max_postings: int
    lexical_min_shared_words: int
    lexical_partners: int
    lexical_translation_partners: int


@_table("quotes")
class QuotesSettings(Table):
    same_speaker_similarity: float
    shared_words: float
    alone_similarity: float
    fragment_cover: float
    block_max_findings: int
    block_max_share: float
    parse_speakers: bool
    alone_shared_words: float
    vector_block: int
    lexical_first_articles: int


@_table("framing")
class FramingSettings(Table):
    extra_hedges: tuple[str, ...]
    extra_attribution: tuple[str, ...]
    extra_loaded: tuple[str, ...]


@_table("brief")
class BriefSettings(Table):
    max_sentences: int
    max_single_source: int
    max_disputed: int


@_table("cluster.refine")
class ClusterRefineSettings(Table):
    """``[cluster.refine]``: regrouping of each batch after incremental assignment
    (``storytrace.cluster.refine``; see ``defaults.toml`` for how each was measured)."""

    enabled: bool
    threshold: float
    w_words: float
    w_entities: float
    candidate_floor: float
    neighbours: int
    max_component: int
    window: int
    quiet_days: float
    cross_min_entities: float
    cross_min_names: float
    cross_name_keys: bool
    name_key_consonants: int
    embed_low: float
    embed_high: float
    embed_settled: bool
    pair_model: str
    edge_floor: float
    common_terms: int
    common_share: float
    common_min_df: int
    min_window: int
    rival_split: bool
    rival_share: float
    rival_other_share: float
    rival_min_articles: int

    @classmethod
    def from_config(
        cls, settings: Settings | None = None, **overrides: Any
    ) -> ClusterRefineSettings:
        """``[cluster.refine]`` of ``settings`` (the packaged defaults when omitted), then
        ``overrides``, each checked like a settings file entry."""
        return (settings or Settings.default()).cluster.refine.with_values(**overrides)


@_table("cluster")
class ClusterSettings(Table):
    """The ``[cluster]`` settings (see ``defaults.toml`` for how each was measured)."""

    representation: str
    threshold: float
    threshold_hashed: float
    w_embed: float
    w_lexical: float
    w_entity: float
    w_nearest: float
    w_time: float
    time_scale_days: float
    date_chars: int
    quiet_days: float
    candidates: int
    hnsw_above: int
    hash_dim: int
    lead_chars: int
    lexical_chars: int
    max_terms: int
    story_terms: int
    language_min_docs: int
    refine: ClusterRefineSettings  # the nested table [cluster.refine]

    @classmethod
    def from_config(cls, settings: Settings | None = None, **overrides: Any) -> ClusterSettings:
        """``[cluster]`` of ``settings`` (the packaged defaults when omitted), then
        ``overrides``, each checked like a settings file entry."""
        return (settings or Settings.default()).cluster.with_values(**overrides)


@_table("store")
class StoreSettings(Table):
    batch_size: int
    lead_chars: int
    title_max_words: int
    kicker_max_words: int
    detect_language: bool
    language_chars: int
    languages: tuple[str, ...]
    max_bucket: int
    dedup_threshold: float
    dedup_shingle: int
    dedup_num_perm: int
    dedup_bands: int
    dedup_containment: float
    dedup_min_paragraph_chars: int
    dedup_max_links: int
    dedup_seed: int


@_table("distributed")
class DistributedSettings(Table):
    """``--engine ray``: story partitions, stitching and a local cluster's object store."""

    window_days: int
    story_entities: int
    min_shared: int
    majority: float
    object_store_mb: int


@_table("web")
class WebSettings(Table):
    """Limits of ``storytrace serve`` (``storytrace.web``)."""

    max_upload_bytes: int
    max_fetch_bytes: int
    max_articles_per_request: int
    fetch_timeout_s: float
    max_redirects: int
    host_interval_s: float
    fetch_concurrency: int
    read_processes: int
    read_nice: int
    max_crawl_delay_s: float
    robots_ttl_s: float
    robots_retry_s: float
    poll_interval_s: float
    feed_full_text_min_chars: int
    feed_full_text_ratio: float
    allow_hosts: tuple[str, ...]
    session_ttl_s: int
    page_size: int


@dataclass(frozen=True, slots=True)
class Settings:
    """Every table of ``defaults.toml``, typed. Build with :meth:`load` or :meth:`default`."""

    read: ReadSettings
    clean: CleanSettings
    segment: SegmentSettings
    language: LanguageSettings
    align: AlignSettings
    relations: RelationsSettings
    claims: ClaimsSettings
    quotes: QuotesSettings
    framing: FramingSettings
    brief: BriefSettings
    cluster: ClusterSettings
    store: StoreSettings
    distributed: DistributedSettings
    web: WebSettings
    source: str = "defaults.toml"

    @classmethod
    def load(cls, user_file: str | Path | None = None) -> Settings:
        """The packaged defaults overlaid with ``user_file``; :class:`ConfigError` names the
        file, table and key of anything unknown or of the wrong type. A user file is read
        on every call (a service can reload it); the defaults are read once."""
        return _load(str(user_file)) if user_file else _defaults()

    @classmethod
    def default(cls) -> Settings:
        """The packaged defaults (cached)."""
        return _defaults()

    def table(self, name: str) -> Table:
        """One table by its name in ``defaults.toml``."""
        if name not in _TABLES:
            raise KeyError(f"no settings table [{name}]")
        value: Table = getattr(self, name)
        return value


def _tables() -> dict[str, type[Table]]:
    hints = typing.get_type_hints(Settings)
    return {f.name: hints[f.name] for f in fields(Settings) if f.name != "source"}


_TABLES: dict[str, type[Table]] = {}


def defaults_text() -> str:
    return resources.files("storytrace").joinpath("defaults.toml").read_text("utf-8")


@lru_cache(maxsize=1)
def _defaults() -> Settings:
    return _load(None)


def _load(path: str | None) -> Settings:
    data = tomllib.loads(defaults_text())
    where = "storytrace/defaults.toml"
    if path:
        where = str(Path(path))
        data = overlay(data, read_user_file(Path(path)), where)
    if not _TABLES:
        _TABLES.update(_tables())
    missing = sorted(set(_TABLES) - set(data))
    if missing:
        raise ConfigError(f"storytrace/defaults.toml: table(s) {', '.join(missing)} missing")
    tables = {name: build(cls, data[name], f"{where} [{name}]") for name, cls in _TABLES.items()}
    return Settings(**tables, source=where)
