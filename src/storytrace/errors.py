"""The exception tree. Every message names the input and says what to do.

StorytraceError
├── InputError                 an input could not be read as an article
│   ├── EmptyInputError        nothing left to read (empty file, empty after cleaning)
│   ├── BinaryInputError       bytes that are not text
│   ├── DecodeError            text in an encoding we could not work out
│   ├── NoArticleBodyError     a web page with no main text
│   ├── TooLargeError          over the configured size limit
│   ├── UnsupportedFormatError a document format that is not an article (PDF, CSV, Word ...)
│   └── RecordError            one malformed record of a JSONL / WARC / feed file
├── ConfigError                a bad settings file or value
├── DependencyError            an optional dependency is missing (names the pip install)
└── StoreError                 the article store is missing, locked or of another version
"""

from __future__ import annotations


class StorytraceError(Exception):
    """Base of every error storytrace raises on purpose."""


class InputError(StorytraceError):
    """An input could not be read as an article.

    ``reason`` is the short key that read reports count skips by.
    """

    reason = "unreadable"

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.detail = message


class EmptyInputError(InputError):
    reason = "empty"


class BinaryInputError(InputError):
    reason = "binary"


class DecodeError(InputError):
    reason = "undecodable"


class NoArticleBodyError(InputError):
    reason = "no-article-body"


class TooLargeError(InputError):
    reason = "too-large"


class UnsupportedFormatError(InputError):
    reason = "unsupported-format"


class RecordError(InputError):
    reason = "malformed-record"


class ConfigError(StorytraceError):
    """A settings file or value is wrong."""


class DependencyError(StorytraceError):
    """An optional dependency is missing."""

    def __init__(self, package: str, extra: str | None = None) -> None:
        fix = f"pip install 'storytrace[{extra}]'" if extra else f"pip install {package}"
        super().__init__(f"this needs the package '{package}': run {fix}")
        self.package = package


class StoreError(StorytraceError):
    """The article store is missing, locked, or written by another schema version."""
