"""discourse — measure how news outlets word the same events.

Polars frames in and out: read a corpus, then count terms, compare designations, measure tone,
and render shareable reports. Every public function is available here and from its task
subpackage (``discourse.terms.keyness`` is ``discourse.keyness``). Subpackages and their modules
load on first use, so ``import discourse`` stays fast and plotting, statistics or report
libraries load only when needed.

Examples
--------
>>> import discourse as dc
>>> corpus = dc.read_corpus("corpora/demo")
>>> sorted(corpus["outlet"].unique())[:2]
['Coastal Tribune', 'Crescent Daily']
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from discourse import _moved
from discourse.errors import (
    CorpusError as CorpusError,
)
from discourse.errors import (
    DiscourseError as DiscourseError,
)
from discourse.errors import (
    LexiconError as LexiconError,
)
from discourse.errors import (
    MissingDataError as MissingDataError,
)
from discourse.errors import (
    NotApplicableError as NotApplicableError,
)
from discourse.errors import (
    ReportError as ReportError,
)

#: The one export list: every public name, and the module under ``discourse`` that defines it.
#: A subpackage exports the names whose module lies inside it; ``tests/test_grammar.py`` checks
#: that each name is defined where it says, and that no public function is left out.
_EXPORTS: dict[str, str] = {
    # corpus: reading, overview
    "read_corpus": "corpus.reading",
    "load_corpus": "corpus.reading",
    "LoadedCorpus": "corpus.reading",
    "flag_duplicates": "corpus.reading",
    "fetch_articles": "corpus.fetching",
    "corpus_overview": "corpus.overview",
    "documents_over_time": "corpus.overview",
    "index_corpus": "corpus.indexing",
    "open_index": "corpus.indexing",
    "CorpusIndex": "corpus.indexing",
    # text: language data, sentences, tokens, phrase matching
    "ensure_nltk_data": "text.langdata",
    "sentences": "text.segments",
    "tokens": "text.segments",
    "PhraseMatcher": "text.matching",
    "phrase_matches": "text.matching",
    # terms: frequency, keyness, collocations, keyword in context
    "term_frequency": "terms.frequency",
    "term_counts": "terms.frequency",
    "group_sizes": "terms.frequency",
    "with_period": "terms.frequency",
    "dispersion": "terms.frequency",
    "keyness": "terms.keywords",
    "collocations": "terms.association",
    "kwic": "terms.concordance",
    "kwic_html": "terms.concordance",
    "anchored_ngrams": "terms.anchors",
    "top_terms": "terms.ranking",
    # framing: lexicons, label mentions and shares
    "Lexicon": "framing.lexicon",
    "LabelSet": "framing.lexicon",
    "Label": "framing.lexicon",
    "default_lexicon": "framing.lexicon",
    "read_lexicon": "framing.lexicon",
    "expand_phrases": "framing.phrases",
    "label_mentions": "framing.labels",
    "label_shares": "framing.labels",
    "label_shares_over_time": "framing.labels",
    "label_independence": "framing.labels",
    "label_pairwise": "framing.labels",
    # casualties: who died, who acted, in what voice
    "agency": "casualties.tagging",
    "casualty_sentences": "casualties.tagging",
    "casualty_tolls": "casualties.measures",
    "mentions_per_death": "casualties.measures",
    "voice_shares": "casualties.measures",
    # tone: sentiment and target sentiment
    "sentiment": "tone.scoring",
    "sentence_sentiment": "tone.scoring",
    "document_sentiment": "tone.scoring",
    "target_contexts": "tone.targets",
    "target_sentiment": "tone.targets",
    "sentiment_agreement": "tone.targets",
    "sentiment_disagreements": "tone.targets",
    "bootstrap_interval": "stats.bootstrap",
    # stories: same story, wording differences
    "same_story": "stories.pairs",
    "story_clusters": "stories.pairs",
    "event_pairs": "stories.events",
    "closest_pair": "stories.events",
    "deduplicate": "stories.pairs",
    "wording_diff": "stories.wording",
    "wording_diffs": "stories.wording",
    "label_swaps": "stories.wording",
    "side_by_side": "stories.wording",
    # reports: figures, rendering, notebook helpers
    "plot_label_shares": "reports.plots",
    "plot_label_heatmap": "reports.plots",
    "plot_keyness": "reports.scores",
    "plot_label_shares_over_time": "reports.timelines",
    "plot_sentiment": "reports.scores",
    "plot_documents_over_time": "reports.timelines",
    "plot_dispersion": "reports.barcodes",
    "render_reports": "reports.rendering",
    "interactive_tables": "reports.rendering",
    "not_applicable_notes": "reports.kernel",
    "require_data": "reports.rendering",
    "escape_html": "reports.rendering",
    "compare_page": "reports.comparison",
    # cluster: the same analyses on a Dask cluster
    "to_dask": "cluster.frames",
    "write_parquet": "cluster.frames",
    "read_dask": "cluster.sources",
}

#: The task subpackages, reachable as attributes (``discourse.stats.g2``).
SUBPACKAGES: tuple[str, ...] = (
    "corpus",
    "text",
    "terms",
    "stats",
    "framing",
    "casualties",
    "tone",
    "stories",
    "reports",
    "cluster",
    "cli",
)

_ERRORS = (
    "CorpusError",
    "DiscourseError",
    "LexiconError",
    "MissingDataError",
    "NotApplicableError",
    "ReportError",
)

__all__ = sorted([*_EXPORTS, *_ERRORS, "stats"])


def exported(package: str) -> list[str]:
    """The public names a subpackage (``"discourse.terms"``) exports, from the one export list."""
    prefix = package.removeprefix("discourse.") + "."
    return sorted(name for name, module in _EXPORTS.items() if module.startswith(prefix))


def load(package: str, name: str) -> Any:
    """Import the module defining ``name`` (exported from ``package``) and return the object."""
    module = _EXPORTS.get(name)
    if module is None or not f"discourse.{module}".startswith(package + "."):
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    return getattr(import_module(f"discourse.{module}"), name)


def _version() -> str:
    """The installed distribution's version; from ``pyproject.toml`` in a checkout not installed.

    ``pyproject.toml`` is the one place the version is written: installing records it in the
    package metadata, read here (on first use of ``__version__``: ``importlib.metadata`` takes
    longer to import than ``discourse`` itself).
    """
    from importlib import metadata

    try:
        return metadata.version("discourse")
    except metadata.PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        if pyproject.is_file():
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
            if project.get("name") == "discourse" and "version" in project:
                return str(project["version"])
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = globals()[name] = _version()
        return value
    if name in _EXPORTS:
        value = load(__name__, name)
        globals()[name] = value
        return value
    if name in SUBPACKAGES:
        return import_module(f"discourse.{name}")
    raise AttributeError(f"module 'discourse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *SUBPACKAGES, "__version__"})


_moved.install(__name__, frozenset(_EXPORTS))
