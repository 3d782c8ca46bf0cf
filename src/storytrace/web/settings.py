"""Typed settings of ``storytrace serve``: the ``[web]`` table plus the command line."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..config import section
from ..errors import ConfigError


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Where the service keeps its data and the limits it runs under.

    ``data`` holds the article store (``storytrace.sqlite``), the service's own tables
    (``web.sqlite`` unless ``db_url`` names another database) and staged uploads.
    """

    data: Path = Path("storytrace-data")
    db_url: str | None = None
    public: bool = False
    max_upload_bytes: int = 64 << 20
    max_fetch_bytes: int = 5 << 20
    max_articles_per_request: int = 1000
    fetch_timeout_s: float = 10.0
    max_redirects: int = 5
    host_interval_s: float = 1.0
    poll_interval_s: float = 300.0
    allow_hosts: tuple[str, ...] = ()
    session_ttl_s: int = 43200
    page_size: int = 25
    run_worker: bool = True
    # Jobs in a child process of their own (``storytrace serve``): analyses and ingest do
    # not take the interpreter lock from the requests. Tests run them in a thread.
    worker_process: bool = False

    @classmethod
    def from_config(cls, **overrides: Any) -> WebSettings:
        """The ``[web]`` table of the settings, then ``overrides`` (command-line values)."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in section("web").items():
            if key not in known:
                raise ConfigError(f"[web]: unknown setting '{key}'")
            values[key] = tuple(value) if key == "allow_hosts" else value
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "data" in values:
            values["data"] = Path(values["data"])
        return cls(**values)

    def with_(self, **changes: Any) -> WebSettings:
        return replace(self, **changes)

    @property
    def store_path(self) -> Path:
        return self.data / "storytrace.sqlite"

    @property
    def uploads(self) -> Path:
        return self.data / "uploads"

    @property
    def web_db_url(self) -> str:
        return self.db_url or f"sqlite:///{(self.data / 'web.sqlite').resolve()}"
