"""discourse — measure how news outlets word the same events.

Polars frames in and out: read a corpus, then count terms, compare designations, measure tone,
and render shareable reports.
"""

from discourse.errors import CorpusError, DiscourseError, LexiconError

__all__ = ["CorpusError", "DiscourseError", "LexiconError"]
__version__ = "0.1.0"
