"""Same-story pairs on a Dask DataFrame: not yet distributed, and saying so.

Exact pairs need MinHash bands bucketed across partitions (a shuffle by band), the corpus-wide
document frequency of shingles (``same_story`` drops the most common ones) and both shingle
sets of every candidate pair: three exchanges between workers that are not written yet.
"""

from __future__ import annotations

from typing import Any

from discourse.errors import DiscourseError


def same_story(corpus: Any, **options: Any) -> Any:
    """Raise :class:`DiscourseError`: pairs across partitions are not found on a cluster yet."""
    raise DiscourseError(
        "same_story does not run on a Dask DataFrame yet: pairs whose documents lie in "
        "different partitions would be missed. Run it in memory on the documents that can pair "
        "(pairs are at most within_days apart): e.g. corpus.loc[...] for one period, then "
        "discourse.same_story(polars.from_pandas(part.compute())), period by period with an "
        "overlap of within_days."
    )
