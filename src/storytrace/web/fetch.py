"""Fetching pages and feeds for the service, carefully.

Every request: http(s) only; the host's addresses must all be on the public internet
(loopback, private, link-local and reserved addresses are refused unless the operator
lists the host in ``[web] allow_hosts``), checked again on each redirect; a timeout; a size
cap read as a stream; a content-type check; the site's robots.txt obeyed (``robots.py``:
a disallowed page is refused with that reason); at most one request per host per
``host_interval_s``, or per the site's ``Crawl-delay`` when it asks for more (up to
``max_crawl_delay_s``).

The client is urllib3's connection pool (a dependency of trafilatura): a page fetched
over a kept-alive loopback connection cost 0.22 ms of CPU against httpx's 0.47 ms (1,000
bench pages, ``bench/bench_service.py``'s feed server, shared 2-core machine), and a feed
poll's worker is CPU-bound.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as TransportError

from .problems import Problem
from .robots import MAX_ROBOTS_BYTES, Answer, RobotsCache
from .settings import ServeSettings

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# The x- forms are common in the wild: Debian's /etc/mime.types maps .rss to
# application/x-rss+xml, so Python's http.server and servers set up from it send that;
# `storytrace ingest URL` reads such feeds, and the service must not refuse them.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/x-rss+xml",
    "application/x-atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
    "text/plain",
)
USER_AGENT = "storytrace/0.1 (+https://storytrace.invalid; feed reader)"
REDIRECTS = frozenset((301, 302, 303, 307, 308))
CHUNK = 64 << 10


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
        self._client: urllib3.PoolManager | None = None
        self.robots = RobotsCache(self._read_robots, settings.robots_ttl_s, settings.robots_retry_s)

    def client(self) -> urllib3.PoolManager:
        """One pooled client (keep-alive, one TLS context) for every fetch; a connection
        per fetch thread is kept open to each host."""
        with self._lock:
            if self._client is None:
                self._client = urllib3.PoolManager(
                    num_pools=64,
                    maxsize=max(1, self.settings.fetch_concurrency),
                    retries=False,
                    timeout=urllib3.Timeout(self.settings.fetch_timeout_s),
                    headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.clear()
                self._client = None

    def _open(self, url: str) -> urllib3.BaseHTTPResponse:
        """GET ``url`` without following redirects, the body left to be streamed."""
        return self.client().request("GET", url, preload_content=False, redirect=False)

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
        current = url
        for _ in range(self.settings.max_redirects + 1):
            try:
                host = self.check_url(current)
            except FetchError as exc:
                return Answer(0, why=exc.detail)
            self._wait_turn(host)
            try:
                resp = self._open(current)
            except (TransportError, OSError) as exc:
                return Answer(0, why=f"{type(exc).__name__}: {exc}")
            try:
                location = resp.headers.get("location")
                if resp.status in REDIRECTS and location:
                    current = urljoin(current, location)
                    continue
                if resp.status != 200:
                    return Answer(resp.status)
                body = bytearray()
                for chunk in resp.stream(CHUNK):
                    body += chunk
                    if len(body) >= MAX_ROBOTS_BYTES:
                        break
                return Answer(200, bytes(body))
            except (TransportError, OSError) as exc:
                return Answer(0, why=f"{type(exc).__name__}: {exc}")
            finally:
                _done(resp)
        return Answer(0, why=f"more than {self.settings.max_redirects} redirects")

    def get(self, url: str, accept: tuple[str, ...] = PAGE_TYPES) -> Fetched:
        """GET ``url`` (following checked redirects) under the limits; the body as bytes."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            host = self.check_url(current)
            rules = self.robots.rules(current)
            refusal = rules.refusal(current)
            if refusal:
                raise FetchError(url, refusal)
            self._wait_turn(host, rules.delay())
            try:
                resp = self._open(current)
            except (TransportError, OSError) as exc:
                raise FetchError(url, f"the request failed ({type(exc).__name__}: {exc})") from exc
            try:
                location = resp.headers.get("location")
                if resp.status in REDIRECTS and location:
                    current = urljoin(current, location)
                    continue
                return Fetched(current, *self._body(url, resp, accept))
            except (TransportError, OSError) as exc:
                raise FetchError(url, f"the request failed ({type(exc).__name__}: {exc})") from exc
            finally:
                _done(resp)
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def _body(
        self, url: str, resp: urllib3.BaseHTTPResponse, accept: tuple[str, ...]
    ) -> tuple[str, bytes]:
        """The content type and body of a 200 answer, read under the size cap."""
        cap = self.settings.max_fetch_bytes
        if resp.status != 200:
            raise FetchError(url, f"the server answered HTTP {resp.status}")
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in accept:
            raise FetchError(
                url, f"content type '{ctype or 'none'}' is not one of {', '.join(accept)}"
            )
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"the page is over {cap:,} bytes ([web] max_fetch_bytes)")
        body = bytearray()
        for chunk in resp.stream(CHUNK):
            body += chunk
            if len(body) > cap:
                raise FetchError(url, f"the page is over {cap:,} bytes ([web] max_fetch_bytes)")
        return ctype, bytes(body)


def _done(resp: urllib3.BaseHTTPResponse) -> None:
    """Give the connection back to the pool: kept alive when the body was read to its end,
    else closed (what is left unread would be taken for the next answer)."""
    if not resp.closed:
        resp.close()
    resp.release_conn()
