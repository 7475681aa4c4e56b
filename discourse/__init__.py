"""discourse — measure how news outlets word the same events.

Polars frames in and out: read a corpus, then count terms, compare designations, measure tone,
and render shareable reports.
"""

from discourse.corpus import LoadedCorpus, flag_duplicates, load_corpus, read_corpus
from discourse.errors import CorpusError, DiscourseError, LexiconError
from discourse.langdata import ensure_nltk_data
from discourse.sentiment import document_sentiment, sentence_sentiment, sentiment
from discourse.text import sentences, tokens
from discourse.tone import (
    bootstrap_interval,
    sentiment_agreement,
    sentiment_disagreements,
    target_contexts,
    target_sentiment,
)

__all__ = [
    "CorpusError",
    "DiscourseError",
    "LexiconError",
    "LoadedCorpus",
    "bootstrap_interval",
    "document_sentiment",
    "ensure_nltk_data",
    "flag_duplicates",
    "load_corpus",
    "read_corpus",
    "sentence_sentiment",
    "sentences",
    "sentiment",
    "sentiment_agreement",
    "sentiment_disagreements",
    "target_contexts",
    "target_sentiment",
    "tokens",
]
__version__ = "0.1.0"
