"""Fetching pages and feeds for the service, carefully.

Every request: http(s) only; the host's addresses must all be on the public internet
(loopback, private, link-local and reserved addresses are refused unless the operator
lists the host in ``[web] allow_hosts``), checked again on each redirect; a timeout; a size
cap read as a stream; a content-type check; the site's robots.txt obeyed (``robots.py``:
a disallowed page is refused with that reason); at most one request per host per
``host_interval_s``, or per the site's ``Crawl-delay`` when it asks for more (up to
``max_crawl_delay_s``).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from .problems import Problem
from .robots import MAX_ROBOTS_BYTES, Answer, RobotsCache
from .settings import ServeSettings

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
    "text/plain",
)
USER_AGENT = "storytrace/0.1 (+https://storytrace.invalid; feed reader)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    content_type: str
    body: bytes


class FetchError(Problem):
    """A URL that could not be fetched, and why (a 422 problem for the API)."""

    def __init__(self, url: str, why: str) -> None:
        super().__init__(422, "Cannot fetch URL", f"{url}: {why}", url=url)


class Fetcher:
    """Fetches under one service's limits; shared by uploads-by-URL and the feed poller."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._client: Any = None
        self.robots = RobotsCache(self._read_robots, settings.robots_ttl_s, settings.robots_retry_s)

    def client(self) -> Any:
        """One pooled client (keep-alive, one TLS context) for every fetch."""
        import httpx

        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    timeout=self.settings.fetch_timeout_s,
                    follow_redirects=False,
                    headers={"User-Agent": USER_AGENT},
                )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def check_url(self, url: str) -> str:
        """The URL's host when it may be fetched; else a :class:`FetchError`."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, "only http:// and https:// addresses can be fetched")
        host = parts.hostname
        if not host:
            raise FetchError(url, "the address has no host name")
        if host in self.settings.allow_hosts:
            return host
        try:
            infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(url, f"the host name does not resolve ({exc})") from exc
        for info in infos:
            ip = ipaddress.ip_address(str(info[4][0]))
            if not ip.is_global:
                if str(ip) in self.settings.allow_hosts:
                    continue
                raise FetchError(
                    url,
                    f"{host} is at {ip}, outside the public internet; an operator can allow "
                    "it with [web] allow_hosts",
                )
        return host

    def _wait_turn(self, host: str, asked_delay: float = 0.0) -> None:
        """Sleep until ``host`` may have its next request: ``host_interval_s`` after the
        last one, or the site's crawl delay (capped at ``max_crawl_delay_s``) if longer."""
        interval = max(
            self.settings.host_interval_s, min(asked_delay, self.settings.max_crawl_delay_s)
        )
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, 0.0) + interval
            self._last[host] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)

    def _read_robots(self, url: str) -> Answer:
        """GET a site's robots.txt under the same limits (redirects re-checked, at most
        500 KiB read); what the site answered, for :mod:`.robots` to interpret."""
        import httpx

        current = url
        for _ in range(self.settings.max_redirects + 1):
            try:
                host = self.check_url(current)
            except FetchError as exc:
                return Answer(0, why=exc.detail)
            self._wait_turn(host)
            try:
                with self.client().stream("GET", current) as resp:
                    if resp.is_redirect and "location" in resp.headers:
                        current = urljoin(current, resp.headers["location"])
                        continue
                    if resp.status_code != 200:
                        return Answer(resp.status_code)
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) >= MAX_ROBOTS_BYTES:
                            break
                    return Answer(200, bytes(body))
            except httpx.HTTPError as exc:
                return Answer(0, why=f"{type(exc).__name__}: {exc}")
        return Answer(0, why=f"more than {self.settings.max_redirects} redirects")

    def get(self, url: str, accept: tuple[str, ...] = PAGE_TYPES) -> Fetched:
        """GET ``url`` (following checked redirects) under the limits; the body as bytes."""
        import httpx

        cap = self.settings.max_fetch_bytes
        current = url
        for _ in range(self.settings.max_redirects + 1):
            host = self.check_url(current)
            rules = self.robots.rules(current)
            refusal = rules.refusal(current)
            if refusal:
                raise FetchError(url, refusal)
            self._wait_turn(host, rules.delay())
            try:
                with self.client().stream("GET", current) as resp:
                    if resp.is_redirect and "location" in resp.headers:
                        current = urljoin(current, resp.headers["location"])
                        continue
                    if resp.status_code != 200:
                        raise FetchError(url, f"the server answered HTTP {resp.status_code}")
                    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    if ctype not in accept:
                        raise FetchError(
                            url,
                            f"content type '{ctype or 'none'}' is not one of {', '.join(accept)}",
                        )
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > cap:
                        raise FetchError(
                            url, f"the page is over {cap:,} bytes ([web] max_fetch_bytes)"
                        )
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) > cap:
                            raise FetchError(
                                url, f"the page is over {cap:,} bytes ([web] max_fetch_bytes)"
                            )
                    return Fetched(current, ctype, bytes(body))
            except httpx.HTTPError as exc:
                raise FetchError(url, f"the request failed ({type(exc).__name__}: {exc})") from exc
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")
