"""robots.txt for the service's fetcher: read once per site, kept for a while, obeyed.

Rules follow RFC 9309 (the Robots Exclusion Protocol): a site's ``/robots.txt`` (at most
500 KiB read) applies to its scheme, host and port. An answer of 2xx is parsed; any 4xx
means the site has no rules (everything may be fetched); a 5xx answer or a failed request
means the site is unreachable, and nothing on it is fetched until its robots.txt can be
read. A ``Crawl-delay`` (or ``Request-rate``) for ``storytrace`` or ``*`` slows the
per-host rate down to it, up to ``[web] max_crawl_delay_s``.

Parsed rules are kept for ``[web] robots_ttl_s``; an unreachable site's for
``[web] robots_retry_s`` only, so a passing outage does not stop its feed for long.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

AGENT = "storytrace"  # the product token robots.txt groups are matched against
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 2.5: parse at least the first 500 KiB


@dataclass(frozen=True, slots=True)
class Answer:
    """What a site answered for its robots.txt: an HTTP status (0: no answer) and body."""

    status: int
    body: bytes = b""
    why: str = ""


@dataclass(frozen=True, slots=True)
class Rules:
    """One site's rules as read at ``read_at`` (monotonic seconds)."""

    site: str
    parser: RobotFileParser | None  # None: the site was unreachable
    read_at: float
    unreachable: str = ""

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None when it may."""
        if self.parser is None:
            return (
                f"{self.site}/robots.txt could not be read ({self.unreachable}); as RFC 9309 "
                "asks, nothing on the site is fetched until it can be (retried later)"
            )
        if not self.parser.can_fetch(AGENT, url):
            path = urlsplit(url).path or "/"
            return f"{self.site}/robots.txt disallows {path} for crawlers; not fetched"
        return None

    def delay(self) -> float:
        """Seconds between two requests the site asks of us (0 when it asks nothing)."""
        if self.parser is None:
            return 0.0
        delay = float(self.parser.crawl_delay(AGENT) or 0)
        rate = self.parser.request_rate(AGENT)
        if rate is not None and rate.requests > 0:
            delay = max(delay, rate.seconds / rate.requests)
        return delay


def parse(site: str, answer: Answer, now: float) -> Rules:
    """The rules an answer gives (see the module's docstring for each status)."""
    parser = RobotFileParser(site + "/robots.txt")
    if 200 <= answer.status < 300:
        text = answer.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
    elif 400 <= answer.status < 500:
        parser.parse([])  # no rules: every path may be fetched
    else:
        why = f"HTTP {answer.status}" if answer.status else answer.why or "no answer"
        return Rules(site, None, now, unreachable=why)
    return Rules(site, parser, now)


def site_of(url: str) -> str:
    """The scheme, host and port a robots.txt applies to (``http://host:8080``)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


class RobotsCache:
    """Each site's rules, read through ``read`` (a GET of a robots.txt URL) when missing or
    older than their time to live. Thread-safe; a site is read by one thread at a time."""

    def __init__(self, read: Callable[[str], Answer], ttl_s: float, retry_s: float) -> None:
        self.read = read
        self.ttl_s = ttl_s
        self.retry_s = retry_s
        self._rules: dict[str, Rules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def rules(self, url: str) -> Rules:
        site = site_of(url)
        with self._lock:
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:
            now = time.monotonic()
            known = self._rules.get(site)
            if known is None or now - known.read_at >= self._ttl(known):
                known = parse(site, self.read(site + "/robots.txt"), time.monotonic())
                self._rules[site] = known
            return known

    def _ttl(self, rules: Rules) -> float:
        return self.retry_s if rules.parser is None else self.ttl_s
