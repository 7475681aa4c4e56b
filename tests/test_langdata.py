"""Tests for discourse.text.langdata: NLTK's data built from pinned packages, never downloaded."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import stat
import subprocess
import sys
import threading
from pathlib import Path

import nltk
import pytest

from discourse import (
    DiscourseError,
    ensure_nltk_data,
)
from discourse.text import langdata
from discourse.text.langdata import _nltk_data_dir, _read_tagger_pickle

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter with no NLTK data anywhere: any download attempt raises, and the
# results come back as JSON for the assertions below.
FRESH_SCRIPT = r"""
import json, sys
import nltk, nltk.downloader, textblob.download_corpora

def refuse(*args, **kwargs):
    raise AssertionError(f"a download was attempted: {args!r}")

nltk.download = nltk.downloader.download = refuse
nltk.downloader.Downloader.download = refuse
textblob.download_corpora.download_all = textblob.download_corpora.download_lite = refuse

from discourse.text.langdata import ensure_nltk_data
path = ensure_nltk_data()
again = ensure_nltk_data()

from nltk.corpus import stopwords
from nltk.sentiment import SentimentIntensityAnalyzer
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Reference

text = "Dr. Cohen said the U.S. envoy arrived. Civilians were killed by the strike."
blob = TextBlob(text)
sentences_for_vader = ["Civilians were killed.", "The ceasefire is a great relief!", "It was not good."]
json.dump({
    "path": str(path),
    "again": str(again),
    "data_path_head": nltk.data.path[0],
    "sent_tokenize": nltk.sent_tokenize(text),
    "word_tokenize": nltk.word_tokenize("Israel's army didn't comment."),
    "pos_tag": nltk.pos_tag(nltk.word_tokenize("Civilians were killed by the strike.")),
    "stopwords": stopwords.words("english"),
    "vader": [SentimentIntensityAnalyzer().polarity_scores(s)["compound"] for s in sentences_for_vader],
    "vader_reference": [Reference().polarity_scores(s)["compound"] for s in sentences_for_vader],
    "same_lexicon": SentimentIntensityAnalyzer().lexicon == Reference().lexicon,
    "blob_sentences": [str(s) for s in blob.sentences],
    "blob_words": list(blob.words),
    "blob_tags": [list(t) for t in blob.tags],
}, sys.stdout)
"""


@pytest.fixture(scope="module")
def fresh_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    home = tmp_path_factory.mktemp("home")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NLTK_DATA", "XDG_CACHE_HOME", "DISCOURSE_DATA_DIR"}
    }
    env["HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", FRESH_SCRIPT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    result["home"] = home
    return result


def test_fresh_home_builds_into_the_user_cache(fresh_run: dict) -> None:
    expected = (
        fresh_run["home"] / ".cache" / "discourse" / f"nltk_data-{langdata._content_version()}"
    )
    assert fresh_run["path"] == fresh_run["again"] == fresh_run["data_path_head"] == str(expected)


def test_fresh_home_nltk_functions_work(fresh_run: dict) -> None:
    assert fresh_run["sent_tokenize"] == [
        "Dr. Cohen said the U.S. envoy arrived.",
        "Civilians were killed by the strike.",
    ]
    assert fresh_run["word_tokenize"] == ["Israel", "'s", "army", "did", "n't", "comment", "."]
    assert fresh_run["pos_tag"] == [
        ["Civilians", "NNS"],
        ["were", "VBD"],
        ["killed", "VBN"],
        ["by", "IN"],
        ["the", "DT"],
        ["strike", "NN"],
        [".", "."],
    ]
    words = fresh_run["stopwords"]
    assert len(words) == len(set(words)) == 174
    assert {"the", "were", "by", "not"} <= set(words)


def test_fresh_home_vader_matches_the_reference_package(fresh_run: dict) -> None:
    # Same lexicon, same compound score on plain sentences. The neg/neu/pos shares are NOT
    # the same: the two implementations count punctuation tokens differently.
    assert fresh_run["same_lexicon"] is True
    assert fresh_run["vader"] == fresh_run["vader_reference"]
    assert fresh_run["vader"][0] < 0 < fresh_run["vader"][1]


def test_fresh_home_textblob_works(fresh_run: dict) -> None:
    assert fresh_run["blob_sentences"] == fresh_run["sent_tokenize"]
    assert fresh_run["blob_words"][:4] == ["Dr", "Cohen", "said", "the"]
    assert ["killed", "VBN"] in fresh_run["blob_tags"]


def test_fresh_home_folder_is_private(fresh_run: dict) -> None:
    root = Path(fresh_run["path"])
    entries = [root, *root.rglob("*")]
    assert len(entries) > 10
    for entry in entries:
        mode = stat.S_IMODE(entry.stat().st_mode)
        assert not mode & (stat.S_IWGRP | stat.S_IWOTH), f"{entry} is {mode:o}"
        if entry.is_dir():
            assert mode == 0o700, f"{entry} is {mode:o}"


# --- in-process: location, idempotence, concurrency, refusals ---------------------------------


@pytest.fixture
def private_nltk_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep roots registered by a test out of the rest of the session."""
    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))


@pytest.fixture(scope="module")
def built(fresh_run: dict) -> Path:
    """The folder the fresh interpreter built (reused: a build takes seconds)."""
    return Path(fresh_run["path"])


def digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_folder_location_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    name = f"nltk_data-{langdata._content_version()}"
    monkeypatch.setenv("DISCOURSE_DATA_DIR", str(tmp_path / "d"))
    assert _nltk_data_dir() == tmp_path / "d" / name
    monkeypatch.delenv("DISCOURSE_DATA_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert _nltk_data_dir() == tmp_path / "x" / "discourse" / name
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    assert _nltk_data_dir() == tmp_path / "h" / ".cache" / "discourse" / name


def test_second_call_is_a_no_op(
    built: Path, monkeypatch: pytest.MonkeyPatch, private_nltk_path: None
) -> None:
    before = digest(built)
    monkeypatch.setattr(langdata, "_build", lambda out: pytest.fail("rebuilt an existing folder"))
    assert ensure_nltk_data(root=built) == built
    assert ensure_nltk_data(root=built) == built
    assert nltk.data.path.count(str(built)) == 1
    assert digest(built) == before


def test_concurrent_builds_agree_and_are_reproducible(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_nltk_path: None
) -> None:
    # Both threads finish building before either renames, forcing the lost race.
    both_built = threading.Barrier(2, timeout=120)
    real_build = langdata._build

    def build_then_wait(out: Path) -> None:
        real_build(out)
        both_built.wait()

    monkeypatch.setattr(langdata, "_build", build_then_wait)
    root = tmp_path / "shared"
    results: list[Path | BaseException] = []

    def run() -> None:
        try:
            results.append(ensure_nltk_data(root=root))
        except BaseException as exc:
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [root, root]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared"]  # no staging folder left
    assert digest(root) == digest(built)  # byte-identical from build to build


def test_group_writable_folder_is_refused(built: Path, private_nltk_path: None) -> None:
    built.chmod(0o770)
    try:
        with pytest.raises(DiscourseError, match="chmod go-w"):
            ensure_nltk_data(root=built)
    finally:
        built.chmod(0o700)


def test_foreign_folder_is_not_overwritten(tmp_path: Path, private_nltk_path: None) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    (root / "notes.txt").write_text("keep me")
    with pytest.raises(DiscourseError, match="not a discourse NLTK data folder"):
        ensure_nltk_data(root=root)
    assert (root / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


class _RunsShell:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_unpickler_refuses_code_execution(tmp_path: Path, protocol: int) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps(({}, {}, _RunsShell(marker)), protocol=protocol)
    with pytest.raises(DiscourseError, match=r"refusing to unpickle (posix|os|nt)\.system"):
        _read_tagger_pickle(io.BytesIO(payload))
    assert not marker.exists()


@pytest.mark.parametrize(
    "value",
    [
        ({}, {}, frozenset()),  # a global other than set
        ({"f": {"NN": 1}}, {}, set()),  # an int weight
        ({}, {"the": 1}, set()),  # a non-string tag
        [{}, {}, set()],  # not a tuple
    ],
)
def test_unpickler_refuses_unexpected_shapes(value: object) -> None:
    with pytest.raises(DiscourseError):
        _read_tagger_pickle(io.BytesIO(pickle.dumps(value, protocol=2)))


def test_damaged_pickle_is_reported() -> None:
    payload = pickle.dumps(({"f": {"NN": 1.0}}, {}, set()), protocol=2)
    with pytest.raises(DiscourseError, match="damaged"):
        _read_tagger_pickle(io.BytesIO(payload[: len(payload) // 2]))


def test_tagger_json_holds_the_shipped_model(built: Path) -> None:
    tagger = built / "taggers" / "averaged_perceptron_tagger_eng"
    classes = json.loads((tagger / "averaged_perceptron_tagger_eng.classes.json").read_text())
    tagdict = json.loads((tagger / "averaged_perceptron_tagger_eng.tagdict.json").read_text())
    assert {"NN", "VBN", "DT", "IN"} <= set(classes) and len(classes) == 45
    assert tagdict["the"] == "DT"
