"""discourse — measure how news outlets word the same events.

Polars frames in and out: read a corpus, then count terms, compare designations, measure tone,
and render shareable reports. Every public function is available here; modules load on first
use, so ``import discourse`` stays fast and plotting or report libraries load only when needed.

Examples
--------
>>> import discourse as dc
>>> corpus = dc.read_corpus("corpora/demo")
>>> sorted(corpus["outlet"].unique())[:2]
['Coastal Tribune', 'Crescent Daily']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Functions named like their modules are imported now, so that the name means the function even
# after another module has imported the submodule (which would rebind it to the module).
from discourse.agency import agency
from discourse.collocations import collocations
from discourse.errors import CorpusError, DiscourseError, LexiconError, NotApplicableError
from discourse.keyness import keyness
from discourse.kwic import kwic
from discourse.sentiment import sentiment

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    # corpus reading
    "read_corpus": "corpus",
    "load_corpus": "corpus",
    "LoadedCorpus": "corpus",
    "flag_duplicates": "corpus",
    "corpus_overview": "overview",
    "documents_over_time": "overview",
    # language data, sentences and tokens
    "ensure_nltk_data": "langdata",
    "sentences": "text",
    "tokens": "text",
    # term statistics
    "PhraseMatcher": "matching",
    "phrase_matches": "matching",
    "term_frequency": "frequency",
    "term_counts": "frequency",
    "group_sizes": "frequency",
    "with_period": "frequency",
    "dispersion": "frequency",
    "keyness": "keyness",
    "collocations": "collocations",
    "kwic": "kwic",
    "kwic_html": "kwic",
    # framing and agency
    "Lexicon": "lexicon",
    "LabelSet": "lexicon",
    "Label": "lexicon",
    "default_lexicon": "lexicon",
    "read_lexicon": "lexicon",
    "expand_phrases": "lexicon",
    "label_mentions": "framing",
    "label_shares": "framing",
    "label_shares_over_time": "framing",
    "label_independence": "framing",
    "label_pairwise": "framing",
    "agency": "agency",
    "casualty_sentences": "agency",
    "mentions_per_death": "agency",
    "voice_shares": "agency",
    # sentiment
    "sentiment": "sentiment",
    "sentence_sentiment": "sentiment",
    "document_sentiment": "sentiment",
    "target_contexts": "tone",
    "target_sentiment": "tone",
    "sentiment_agreement": "tone",
    "sentiment_disagreements": "tone",
    "bootstrap_interval": "tone",
    # same story
    "same_story": "stories",
    "story_clusters": "stories",
    "event_pairs": "stories",
    "closest_pair": "stories",
    "deduplicate": "stories",
    "wording_diff": "diff",
    "wording_diffs": "diff",
    "label_swaps": "diff",
    "side_by_side": "diff",
    # plots and reports
    "plot_label_shares": "plots",
    "plot_label_heatmap": "plots",
    "plot_keyness": "plots",
    "plot_label_shares_over_time": "plots",
    "plot_sentiment": "plots",
    "plot_documents_over_time": "plots",
    "render_reports": "reports",
    "interactive_tables": "reports",
    "require_data": "reports",
    "MissingDataError": "reports",
    "escape_html": "reports",
}

#: Modules reachable as attributes (``discourse.stats.g2``).
_MODULES = frozenset({"stats", "plots", "reports", "matching", "lexicon", "framing"})

__all__ = [
    "CorpusError",
    "DiscourseError",
    "Label",
    "LabelSet",
    "Lexicon",
    "LexiconError",
    "LoadedCorpus",
    "MissingDataError",
    "NotApplicableError",
    "PhraseMatcher",
    "agency",
    "bootstrap_interval",
    "casualty_sentences",
    "closest_pair",
    "collocations",
    "corpus_overview",
    "deduplicate",
    "default_lexicon",
    "dispersion",
    "document_sentiment",
    "documents_over_time",
    "ensure_nltk_data",
    "escape_html",
    "event_pairs",
    "expand_phrases",
    "flag_duplicates",
    "group_sizes",
    "interactive_tables",
    "keyness",
    "kwic",
    "kwic_html",
    "label_independence",
    "label_mentions",
    "label_pairwise",
    "label_shares",
    "label_shares_over_time",
    "label_swaps",
    "load_corpus",
    "mentions_per_death",
    "phrase_matches",
    "plot_documents_over_time",
    "plot_keyness",
    "plot_label_heatmap",
    "plot_label_shares",
    "plot_label_shares_over_time",
    "plot_sentiment",
    "read_corpus",
    "read_lexicon",
    "render_reports",
    "require_data",
    "same_story",
    "sentence_sentiment",
    "sentences",
    "sentiment",
    "sentiment_agreement",
    "sentiment_disagreements",
    "side_by_side",
    "stats",
    "story_clusters",
    "target_contexts",
    "target_sentiment",
    "term_counts",
    "term_frequency",
    "tokens",
    "voice_shares",
    "with_period",
    "wording_diff",
    "wording_diffs",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(f"discourse.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    if name in _MODULES:
        return import_module(f"discourse.{name}")
    raise AttributeError(f"module 'discourse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_MODULES})


if TYPE_CHECKING:
    from discourse import stats
    from discourse.agency import casualty_sentences, mentions_per_death, voice_shares
    from discourse.corpus import LoadedCorpus, flag_duplicates, load_corpus, read_corpus
    from discourse.diff import label_swaps, side_by_side, wording_diff, wording_diffs
    from discourse.framing import (
        label_independence,
        label_mentions,
        label_pairwise,
        label_shares,
        label_shares_over_time,
    )
    from discourse.frequency import (
        dispersion,
        group_sizes,
        term_counts,
        term_frequency,
        with_period,
    )
    from discourse.kwic import kwic_html
    from discourse.langdata import ensure_nltk_data
    from discourse.lexicon import (
        Label,
        LabelSet,
        Lexicon,
        default_lexicon,
        expand_phrases,
        read_lexicon,
    )
    from discourse.matching import PhraseMatcher, phrase_matches
    from discourse.overview import corpus_overview, documents_over_time
    from discourse.plots import (
        plot_documents_over_time,
        plot_keyness,
        plot_label_heatmap,
        plot_label_shares,
        plot_label_shares_over_time,
        plot_sentiment,
    )
    from discourse.reports import (
        MissingDataError,
        escape_html,
        interactive_tables,
        render_reports,
        require_data,
    )
    from discourse.sentiment import document_sentiment, sentence_sentiment
    from discourse.stories import (
        closest_pair,
        deduplicate,
        event_pairs,
        same_story,
        story_clusters,
    )
    from discourse.text import sentences, tokens
    from discourse.tone import (
        bootstrap_interval,
        sentiment_agreement,
        sentiment_disagreements,
        target_contexts,
        target_sentiment,
    )
