"""Load the English parser in a process of its own while a cold analysis embeds its sentences.

Reading quote speakers from a dependency parse (:mod:`.parsed`) loads spaCy, about 1.3 CPU-s
for the import and the model, nearly all of it Python holding the GIL. A cold analysis first
spends seconds in the embedding model, whose two worker threads fill both cores and need
the GIL for each of their many numpy calls. Loaded in a thread beside them (sessions 9-11),
the load slowed the embedding far beyond its share of the CPU: on the seeds the first
embedding took 4.25 s beside a loading thread, 3.5 s beside a loading process and 2.9 s
alone (one run each, 2-core AMD EPYC; the model's own load 0.91 s beside the thread, 0.28 s
beside the process). So :func:`start` starts ``python -m storytrace.quotes.parse_server``
when the analysis will parse (``[quotes] parse_speakers``, spaCy installed, an English
article with a quotation mark) and will embed (a sentence among the first few has no cached
vector); :func:`ask` sends it the sentences to parse, and this process never loads spaCy.

A warm analysis, whose vectors are cached, starts nothing: its parses are usually cached
too, so spaCy never loads at all, and those that are not are parsed here. The process stays
for later analyses (a service analyses story after story) and ends with this one (its stdin
closes); one that died or cannot start leaves the parsing to this process, with the same
results.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from ..types import Story

__all__ = ["ask", "running", "start", "stop"]

#: sentences checked for cached vectors: one without a vector means the embedding model runs
_PROBE = 32
_QUOTE_MARKS = frozenset('"“”„«»')

#: seconds to wait for one reply, the parser's load included (~2 s on 2 busy cores), before
#: the process counts as hung: it is killed and this process parses
_REPLY_TIMEOUT_S = 120.0

_lock = threading.Lock()
_child: subprocess.Popen[str] | None = None
_owner = 0  # the pid that started the child (a forked process does not share its pipes)


def _will_parse(story: Story, parse: bool) -> bool:
    from . import parsed

    if not parse or not parsed.parser_available():
        return False
    loaded = getattr(parsed._nlp, "cache_info", None)
    if loaded is not None and loaded().currsize:
        return False  # loaded in this process by an earlier analysis
    return any(
        (a.language or "").startswith("en") and any(c in _QUOTE_MARKS for c in a.raw)
        for a in story.articles
    )


def _will_embed(story: Story) -> bool:
    from ..align.embed import get_embedder

    probe = [s.text for a in story.articles for s in a.sentences[:_PROBE] if s.text.strip()]
    return bool(probe) and get_embedder().uncached(probe[:_PROBE]) > 0


def running() -> bool:
    """True when this process has a live parser process."""
    return _child is not None and _owner == os.getpid() and _child.poll() is None


def _spawn() -> subprocess.Popen[str]:
    """The parser's process, importing this very package (its folder first on the path)."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"  # the parse is small: no thread pool beside the embedding's workers
    return subprocess.Popen(
        [sys.executable, "-m", "storytrace.quotes.parse_server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        env=env,
    )


def start(story: Story, settings: Any = None) -> bool:
    """Start the parser's process when ``story``'s analysis will both parse and embed; True
    when one started."""
    global _child, _owner
    from ..settings import Settings

    cfg: Any = settings if settings is not None else Settings.default().quotes
    if not _will_parse(story, bool(cfg.get("parse_speakers", True))) or not _will_embed(story):
        return False
    with _lock:
        if running():
            return False
        if _child is not None:  # one that died, or a forked parent's: its pipes closed here
            _close(_child, wait=0)
        try:
            if not sys.executable:
                raise OSError("no Python executable to start the parser with")
            _child, _owner = _spawn(), os.getpid()
        except OSError:
            _child = None  # no process to start: parsed here, as a warm analysis is
            return False
    return True


def ask(kind: str, sentence: str, args: tuple[int, ...]) -> list[Any] | None:
    """The parser process's reply (``["ok", value]``, ``["unloadable", why]`` or
    ``["error", why]``), or None when there is no process to ask."""
    global _child
    with _lock:
        if not running():
            return None
        assert _child is not None and _child.stdin is not None and _child.stdout is not None
        try:
            _child.stdin.write(json.dumps([kind, sentence, list(args)]) + "\n")
            _child.stdin.flush()
            if not select.select([_child.stdout], [], [], _REPLY_TIMEOUT_S)[0]:
                raise TimeoutError(f"no reply from the parser in {_REPLY_TIMEOUT_S:.0f} s")
            line = _child.stdout.readline()
            reply: list[Any] = json.loads(line)
        except (OSError, ValueError):  # died or hung (an empty line is no JSON): parse here
            child, _child = _child, None
            _close(child, wait=0)
            return None
    return reply


def _close(child: subprocess.Popen[str], wait: float) -> None:
    """Close ``child``'s pipes and let it end (killed when it has not within ``wait`` s)."""
    for pipe in (child.stdin, child.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):  # a pipe whose reader is gone: closed anyway
                pipe.close()
    try:
        child.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def stop() -> None:
    """Let the parser's process go: it ends when its stdin closes, or is killed after half a
    second (one still loading spaCy, which no parse needed, would hold the exit up to its
    load's end; it keeps nothing that could be lost)."""
    global _child
    if not _lock.acquire(timeout=1.0):
        # a parse in flight in another thread (a service stopping mid-analysis): end the
        # process; the thread reading its reply then meets the end of its output and
        # parses itself, closing the pipes
        if _child is not None and _owner == os.getpid():
            with contextlib.suppress(OSError):
                _child.kill()
        return
    try:
        child, _child = _child, None
    finally:
        _lock.release()
    if child is not None and _owner == os.getpid():
        _close(child, wait=0.5)


atexit.register(stop)
