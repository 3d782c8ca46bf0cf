"""Text helpers shared by the stage families, below all of them.

Quotes, claims, framing, alignment and provenance read words, names and sentences the same
way through this package; it imports no stage (``spans.sentences`` borrows the cleaner's
sentence splitter, lazily, only for articles that were never prepared).

- :mod:`.words`: ``fold``, ``words``, ``normal_words``, ``plural`` ("1 sentence", "2
  sentences") and the one table of ``HONORIFICS``;
- :mod:`.numbers`: ``ascii_digits`` (digits of any script in ASCII), ``split_glued`` and
  ``number_text`` (a number glued to a word of a caseless script apart from it),
  ``number_runs`` (numbers as written, glued or apart): the word tokenizers, the claims'
  number reader and the reuse evidence read numbers through it;
- :mod:`.chars`: character classes by Unicode category (caseless letters, combining marks);
- :mod:`.names`: ``latin_fold`` (Cyrillic and Greek to Latin, diacritics off) and
  ``name_key``, one key for a name however another language inflects or transliterates it
  (story clustering compares a pair in two languages by these);
- :mod:`.gazetteer`: countries, nationality words, capitals, organisation words;
- :mod:`.spans`: ``paragraphs``, ``sentences``, ``quoted_ranges``, ``article_language``,
  ``origin_map``;
- :mod:`.settings`: typed reads of 0-1 and word-list settings;
- :mod:`.dates`: ``iso_day``, the day of a ``published`` value; ``US_ZONE`` and
  ``month_first_iso`` for numeric dates that US pages write month first; ``WEEKDAY_FORMS``,
  weekday names in five languages (claims compare them, story clustering leaves them out).
"""

from __future__ import annotations

from .dates import iso_day
from .numbers import NumberRun, ascii_digits, number_runs, number_text, split_glued
from .settings import share_setting, word_list_setting
from .spans import article_language, origin_map, paragraphs, quoted_ranges, sentences
from .words import HONORIFICS, fold, normal_words, plural, words

__all__ = [
    "HONORIFICS",
    "NumberRun",
    "article_language",
    "ascii_digits",
    "fold",
    "iso_day",
    "normal_words",
    "number_runs",
    "number_text",
    "origin_map",
    "paragraphs",
    "plural",
    "quoted_ranges",
    "sentences",
    "share_setting",
    "split_glued",
    "word_list_setting",
    "words",
]
