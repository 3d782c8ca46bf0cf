"""Settings of ``storytrace serve``: the loaded :class:`~storytrace.settings.Settings`
(its ``[web]`` table gives the limits) plus what the command line says."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..settings import Settings, WebSettings


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """Where the service keeps its data and the limits it runs under.

    ``data`` holds the article store (``storytrace.sqlite``), the service's own tables
    (``web.sqlite``) and staged uploads. With ``db_url`` a ``postgresql://`` URL (``--db``)
    the article store and the service's tables both live in that database instead; with a
    file path, the article store is that SQLite file.
    ``settings`` is the whole loaded configuration (read once, from ``--config``), passed
    to every analysis, ingest and clustering the service runs.
    """

    data: Path = Path("storytrace-data")
    db_url: str | None = None
    public: bool = False
    settings: Settings = field(default_factory=Settings.default)
    max_upload_bytes: int = 64 << 20
    max_fetch_bytes: int = 5 << 20
    max_articles_per_request: int = 1000
    fetch_timeout_s: float = 10.0
    max_redirects: int = 5
    host_interval_s: float = 1.0
    fetch_concurrency: int = 4
    read_processes: int = 2
    read_nice: int = 5
    max_crawl_delay_s: float = 30.0
    robots_ttl_s: float = 3600.0
    robots_retry_s: float = 60.0
    poll_interval_s: float = 300.0
    feed_full_text_min_chars: int = 800
    feed_full_text_ratio: float = 2.0
    allow_hosts: tuple[str, ...] = ()
    session_ttl_s: int = 43200
    page_size: int = 25
    run_worker: bool = True
    # Jobs in a child process of their own (``storytrace serve``): analyses and ingest do
    # not take the interpreter lock from the requests. Tests run them in a thread.
    worker_process: bool = False

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> ServeSettings:
        """The ``[web]`` table of ``settings`` (the packaged defaults when omitted), then
        ``overrides`` (command-line values; None means not given)."""
        settings = settings if settings is not None else Settings.default()
        web: WebSettings = settings.web
        values: dict[str, Any] = {**web.as_dict(), "settings": settings}
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "data" in values:
            values["data"] = Path(values["data"])
        return cls(**values)

    def with_(self, **changes: Any) -> ServeSettings:
        return replace(self, **changes)

    @property
    def store_target(self) -> str:
        """The article store: the ``--db`` database, else ``DATA/storytrace.sqlite``."""
        return self.db_url or str(self.data / "storytrace.sqlite")

    @property
    def uploads(self) -> Path:
        return self.data / "uploads"

    @property
    def web_db_url(self) -> str:
        if self.db_url and "://" in self.db_url:
            return self.db_url
        return f"sqlite:///{(self.data / 'web.sqlite').resolve()}"
