"""The ``storytrace`` command line. Thin: parse arguments, call :mod:`storytrace.api`.

User errors end in one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from . import __version__
from .errors import StorytraceError

INPUTS_HELP = (
    "text (.txt, .md), web pages (.html), JSONL/JSON records (.jsonl, .jsonl.gz, .json), "
    "WARC archives (.warc, .warc.gz), RSS/Atom feeds (.rss, .atom, .xml), folders, "
    "glob patterns, or - for stdin"
)


CONFIG_HELP = "TOML file overriding storytrace/defaults.toml (before or after the command)"


def _add_inputs(p: argparse.ArgumentParser, required: bool = True, extra: str = "") -> None:
    p.add_argument(
        "inputs", nargs="+" if required else "*", metavar="INPUT", help=INPUTS_HELP + extra
    )


def _add_engine(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="local (default) or ray: run on a Ray cluster (pip install 'storytrace[ray]')",
    )
    p.add_argument(
        "--address", metavar="HOST:PORT", help="with --engine ray: the cluster (default: local)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storytrace",
        description="Where does a news story really come from?",
        epilog="INPUT kinds: " + INPUTS_HELP,
    )
    parser.add_argument("--version", action="version", version=f"storytrace {__version__}")
    parser.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_article_commands(sub)
    _add_corpus_commands(sub)

    from .web.commands import add_parsers as add_web_parsers

    add_web_parsers(sub)

    p = sub.add_parser("eval", help="measure quality against gold labels")
    esub = p.add_subparsers(dest="what", metavar="WHAT")
    esub.required = True
    e = esub.add_parser("clustering", help="ARI, AMI, B-cubed of story assignments")
    e.add_argument("--input", required=True, help="assignments JSONL, or articles to cluster")
    e.add_argument("--gold", required=True, help="gold JSONL with id and a label field")
    e.add_argument("--label", default="event", help="gold field to compare with (event)")
    e.add_argument("--json", action="store_true", help="print the scores as JSON on stdout")
    e.set_defaults(func="storytrace.commands.corpus:cmd_eval_clustering")
    _leaves_take_config(parser)
    return parser


def _add_article_commands(sub: Any) -> None:
    """``inspect``, ``clean`` and ``analyze``: the articles of one story."""
    p = sub.add_parser("inspect", help="show metadata, language, sentences and removed junk")
    _add_inputs(p)
    p.add_argument("--json", action="store_true", help="print a JSON list on stdout")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func="storytrace.commands.articles:cmd_inspect")

    p = sub.add_parser("clean", help="print the clean main text of articles")
    _add_inputs(p)
    p.add_argument("--out", metavar="DIR", help="write one .txt per article into DIR")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func="storytrace.commands.articles:cmd_clean")

    p = sub.add_parser("analyze", help="analyze the articles of one story")
    _add_inputs(p, required=False)
    p.add_argument("--json", metavar="FILE", help="write the JSON report here (- for stdout)")
    p.add_argument("--md", metavar="FILE", help="write the Markdown report here (- for stdout)")
    p.add_argument("--html", metavar="FILE", help="write the HTML report here (- for stdout)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--out", metavar="DIR", help="write report.json, report.md, report.html here")
    p.add_argument("--db", metavar="PATH", help="read the story from this store")
    p.add_argument("--story", metavar="ID", help="with --db: the story to analyze")
    p.set_defaults(func="storytrace.commands.analyze:cmd_analyze")


def _add_corpus_commands(sub: Any) -> None:
    """``ingest``, ``cluster`` and ``stories``: a store of many stories."""
    p = sub.add_parser("ingest", help="add articles to a store, linking near-duplicates")
    _add_inputs(p, extra="; feed URLs (http, https) too")
    p.add_argument(
        "--db",
        metavar="DB",
        help="store: a SQLite file (default ./storytrace.sqlite) or a postgresql:// URL",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_engine(p)
    p.set_defaults(func="storytrace.commands.corpus:cmd_ingest")

    p = sub.add_parser("cluster", help="group articles into stories; one line per article")
    _add_inputs(p, required=False, extra="; none with --db: the store's articles")
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="assignments JSONL (one line per article); optional with --db, which keeps them",
    )
    p.add_argument(
        "--db",
        metavar="PATH",
        help="store to use; with no INPUT: $STORYTRACE_DB or ./storytrace.sqlite, as ingest "
        "uses; with INPUTs: a temporary store unless given",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_engine(p)
    p.set_defaults(func="storytrace.commands.corpus:cmd_cluster")

    p = sub.add_parser("stories", help="list the stories of a store")
    p.add_argument(
        "--db",
        metavar="DB",
        help="store: a SQLite file (default ./storytrace.sqlite) or a postgresql:// URL",
    )
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help="only the N largest stories (default: all; the count of the rest is printed)",
    )
    p.set_defaults(func="storytrace.commands.corpus:cmd_stories")


def _leaves_take_config(parser: argparse.ArgumentParser) -> None:
    """Let every command take ``--config`` after its name too (``storytrace analyze x
    --config my.toml`` was refused as an unrecognized argument), and remember its parser so
    a wrong flag is answered with that command's usage, not the top-level one."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    _leaves_take_config(sub)
                    continue
                # SUPPRESS: when absent here, the value given before the command stays.
                sub.add_argument(
                    "--config", metavar="FILE", default=argparse.SUPPRESS, help=CONFIG_HELP
                )
                sub.set_defaults(command_parser=sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        parser.print_help(sys.stderr)
        return 2
    args, extra = parser.parse_known_args(argv)
    if extra:
        getattr(args, "command_parser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    module_name, func_name = args.func.split(":")
    import importlib

    try:
        from .settings import Settings

        # Loaded once here and passed on: commands hand it to the api, the api to stages.
        args.settings = Settings.load(args.config)
        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(args))
    except StorytraceError as exc:
        print(f"storytrace: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("storytrace: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
