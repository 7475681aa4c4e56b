"""Shared fixtures: the real data folder read in place, a tiny hand-countable corpus, and the
session's Dask ``LocalCluster`` (``client``, for every test file that computes on a cluster)."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]


def real_data_dir() -> Path:
    """The real coverage folder: ``$DISCOURSE_REAL_DATA`` or ``../shared/corpora/real``."""
    return Path(os.environ.get("DISCOURSE_REAL_DATA", ROOT.parent / "shared" / "corpora" / "real"))


def benchmark_module(name: str) -> ModuleType:
    """A script of ``benchmarks/`` loaded as a module, for tests that reuse its generators."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def real_data() -> Path:
    path = real_data_dir()
    if not path.is_dir():
        pytest.skip(f"real data folder {path} is absent; set DISCOURSE_REAL_DATA to its location")
    return path


#: Each Dask worker's memory cap: test_cluster's memory test's corpus is three times larger.
MEMORY_LIMIT = 1024**3


def _warm() -> None:
    """Load what the tasks use once per worker, so that the first test does not pay for it."""
    import discourse.cluster._rows
    import discourse.cluster._terms  # noqa: F401
    from discourse.framing.lexicon import default_lexicon
    from discourse.tone.scoring import _score_chunk

    default_lexicon()
    _score_chunk(["A calm start."], ("vader", "textblob"))


@pytest.fixture(scope="session")
def client() -> Iterator[Any]:
    """One ``LocalCluster`` of two worker processes for the whole session, shared by the test
    files that compute on a cluster (``test_cluster.py``, ``test_cluster_possessives.py``)."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        memory_limit=MEMORY_LIMIT,
        dashboard_address=":0",
    )
    client = distributed.Client(cluster)
    client.run(_warm)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return ROOT / "corpora" / "demo"


@pytest.fixture
def tiny_corpus() -> pl.DataFrame:
    """Three short documents from two outlets, small enough to count by hand."""
    return pl.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1"],
            "outlet": ["Alpha", "Alpha", "Beta"],
            "published": [date(2023, 10, 7), date(2023, 10, 14), date(2023, 10, 8)],
            "title": ["One", "Two", "Three"],
            "url": [None, None, None],
            "text": [
                "Hamas militants attacked. Dr. Smith said 12 people were killed.",
                "The resistance movement said fighters died in the strikes.",
                "The terrorist organisation killed civilians, officials said.",
            ],
        },
        schema_overrides={"url": pl.String},
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (``executable_path``; Playwright never downloads a
    browser here). One per test module: the browser tests of reports, the comparison page and
    JupyterLab share it."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()
