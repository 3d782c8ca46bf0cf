"""Text helpers shared by the stage families, below all of them.

Quotes, claims, framing, alignment and provenance read words, names and sentences the same
way through this package; it imports no stage (``spans.sentences`` borrows the cleaner's
sentence splitter, lazily, only for articles that were never prepared).

- :mod:`.words`: ``fold``, ``words``, ``normal_words`` and the one table of ``HONORIFICS``;
- :mod:`.gazetteer`: countries, nationality words, capitals, organisation words;
- :mod:`.spans`: ``paragraphs``, ``sentences``, ``quoted_ranges``, ``article_language``,
  ``origin_map``;
- :mod:`.settings`: typed reads of 0-1 and word-list settings;
- :mod:`.dates`: ``iso_day``, the day of a ``published`` value; ``US_ZONE`` and
  ``month_first_iso`` for numeric dates that US pages write month first.
"""

from __future__ import annotations

from .dates import iso_day
from .settings import share_setting, word_list_setting
from .spans import article_language, origin_map, paragraphs, quoted_ranges, sentences
from .words import HONORIFICS, fold, normal_words, words

__all__ = [
    "HONORIFICS",
    "article_language",
    "fold",
    "iso_day",
    "normal_words",
    "origin_map",
    "paragraphs",
    "quoted_ranges",
    "sentences",
    "share_setting",
    "word_list_setting",
    "words",
]
