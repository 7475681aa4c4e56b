"""Target sentiment, bootstrap intervals and the agreement of the two lexicons."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.tone import (
    bootstrap_interval,
    sentiment_agreement,
    sentiment_disagreements,
)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=60),
    st.integers(0, 2**31),
)
def test_bootstrap_is_reproducible_and_brackets_the_mean(values: list[float], seed: int) -> None:
    first = bootstrap_interval(values, seed=seed, n_resamples=500)
    second = bootstrap_interval(values, seed=seed, n_resamples=500)
    assert first == second
    mean = float(np.mean(values))
    assert first[0] <= mean + 1e-12
    assert first[1] >= mean - 1e-12


def test_bootstrap_interval_narrows_with_more_data() -> None:
    rng = np.random.default_rng(3)
    small = rng.normal(0, 1, 20)
    large = rng.normal(0, 1, 2000)
    low_s, high_s = bootstrap_interval(small)
    low_l, high_l = bootstrap_interval(large)
    assert high_l - low_l < (high_s - low_s) / 5


def test_bootstrap_of_nothing_is_nan() -> None:
    low, high = bootstrap_interval([])
    assert np.isnan(low) and np.isnan(high)


def test_agreement_counts_categories_by_hand() -> None:
    scored = pl.DataFrame(
        {
            "outlet": ["A", "A", "A", "B", "B"],
            "vader_compound": [-0.5, 0.3, 0.01, -0.2, 0.6],
            "textblob_polarity": [-0.1, 0.0, 0.0, -0.3, 0.5],
        }
    )
    out = sentiment_agreement(scored, by="outlet")
    a = out.filter(pl.col("outlet") == "A").row(0, named=True)
    b = out.filter(pl.col("outlet") == "B").row(0, named=True)
    # A: (neg,neg) agree, (pos,neu) differ, (neu,neu) agree.
    assert a["n"] == 3
    assert a["same_category"] == pytest.approx(2 / 3)
    assert a["vader_only_negative"] == 0.0
    assert b["same_category"] == 1.0
    assert b["pearson"] == pytest.approx(1.0)


def test_disagreements_rank_by_gap_within_groups() -> None:
    scored = pl.DataFrame(
        {
            "outlet": ["A", "A", "B"],
            "text": ["x", "y", "z"],
            "vader_compound": [-0.9, 0.1, 0.5],
            "textblob_polarity": [0.0, 0.0, 0.5],
        }
    )
    out = sentiment_disagreements(scored, n=1, by="outlet")
    assert sorted(out.get_column("text").to_list()) == ["x", "z"]
    assert out.filter(pl.col("text") == "x").get_column("gap").item() == pytest.approx(0.9)
