"""Sentiment scores equal the libraries' own; caching and worker processes change nothing."""

from __future__ import annotations

import importlib
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from discourse import DiscourseError, sentiment
from discourse.tone.scoring import _score_texts

sentiment_module = importlib.import_module("discourse.tone.scoring")

# Our own sentences, written for these tests.
SENTENCES = [
    "The terrorist organisation attacked the town at dawn.",
    "The militant group attacked the town at dawn.",
    "The resistance movement attacked the town at dawn.",
    "Aid trucks finally reached the hospital, to great relief.",
    "Officials said 40 people were killed in the strike.",
    "It was a horrific, barbaric massacre!!!",
    "The talks were NOT going well, negotiators admitted.",
    "",
    "I love brocoli",
]


def _expected(texts: list[str]) -> pl.DataFrame:
    vader = SentimentIntensityAnalyzer()
    rows = []
    for text in texts:
        v = vader.polarity_scores(text)
        t = TextBlob(text).sentiment
        rows.append((text, v["compound"], v["pos"], v["neu"], v["neg"], t.polarity, t.subjectivity))
    return pl.DataFrame(
        rows,
        schema=[
            "text",
            "vader_compound",
            "vader_pos",
            "vader_neu",
            "vader_neg",
            "textblob_polarity",
            "textblob_subjectivity",
        ],
        orient="row",
    )


def test_scores_equal_the_libraries() -> None:
    frame = pl.DataFrame({"text": SENTENCES})
    assert_frame_equal(sentiment(frame), _expected(SENTENCES), check_dtypes=False)


def test_textblob_documented_example() -> None:
    row = _score_texts(["I love brocoli"], methods=["textblob"]).row(0, named=True)
    assert row["textblob_polarity"] == 0.5
    assert row["textblob_subjectivity"] == 0.6


def test_framing_nouns_textblob_neutral_vader_not() -> None:
    scores = _score_texts(SENTENCES[:3])
    assert scores.get_column("textblob_polarity").to_list() == [0.0, 0.0, 0.0]
    assert scores.get_column("vader_compound")[0] < scores.get_column("vader_compound")[1]


def test_repeated_texts_are_scored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = sentiment_module._score_chunk

    def counting(texts, methods):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return original(texts, methods)

    monkeypatch.setattr(sentiment_module, "_score_chunk", counting)
    texts = ["Same wire sentence."] * 50 + ["Another one."] * 30
    out = _score_texts(texts, workers=1)
    assert sum(calls) == 2
    assert out.height == 80
    assert out.get_column("text").to_list() == texts


def test_worker_processes_give_identical_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"{s} Variant {i}." for i in range(60) for s in SENTENCES[:4]]
    serial = _score_texts(texts, workers=1)
    monkeypatch.setattr(sentiment_module, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(sentiment_module, "_CHUNK", 50)
    parallel = _score_texts(texts, workers=2)
    assert_frame_equal(serial, parallel)


def test_null_text_gets_null_scores_and_input_columns_are_kept() -> None:
    frame = pl.DataFrame({"id": [1, 2], "text": ["Good.", None]})
    out = sentiment(frame, methods=["vader"])
    assert out.columns == ["id", "text", "vader_compound", "vader_pos", "vader_neu", "vader_neg"]
    assert out.row(1, named=True)["vader_compound"] is None
    assert math.isclose(out.row(0, named=True)["vader_compound"], 0.4404)


def test_unknown_method_is_a_clear_error() -> None:
    with pytest.raises(DiscourseError, match="unknown sentiment method"):
        _score_texts(["x"], methods=["afinn"])  # type: ignore[list-item]


def test_missing_text_column_is_a_clear_error() -> None:
    with pytest.raises(DiscourseError, match="needs column"):
        sentiment(pl.DataFrame({"body": ["x"]}))


def test_a_lazy_frame_scores_as_the_eager_one() -> None:
    frame = pl.DataFrame({"id": [1, 2], "text": ["A horrific attack.", "The talks went well."]})
    assert_frame_equal(
        sentiment(frame.lazy(), methods=["vader"]), sentiment(frame, methods=["vader"])
    )


def test_sentence_sample_without_by_draws_from_the_whole_corpus() -> None:
    from discourse import sentence_sentiment

    corpus = pl.DataFrame(
        {"doc_id": ["a1", "b1"], "outlet": ["A", "B"], "text": ["Good. Bad. Fine.", "Calm. Sad."]}
    )
    with pytest.warns(UserWarning, match=r"sampled 2 of 5 sentences \(at most 2 in all, seed 0\)"):
        assert sentence_sentiment(corpus.lazy(), methods=["vader"], sample=2).height == 2


def test_sentence_sample_per_outlet_is_seeded_and_says_so() -> None:
    from discourse import sentence_sentiment

    # Outlet A: 5 sentences in two documents, B: 2, C: 1.
    corpus = pl.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1", "c1"],
            "outlet": ["A", "A", "B", "C"],
            "text": ["Good. Bad. Fine.", "Nice. Sad.", "Happy. Grim.", "Calm."],
        }
    )
    full = sentence_sentiment(corpus, methods=["vader"])
    assert full.height == 8
    with pytest.warns(
        UserWarning, match=r"sampled 5 of 8 sentences \(at most 2 per outlet, seed 0\)"
    ):
        sampled = sentence_sentiment(corpus, methods=["vader"], sample=2, by="outlet")
    assert sampled.group_by("outlet").len().sort("outlet").rows() == [("A", 2), ("B", 2), ("C", 1)]
    # The sample's rows and scores are those of the full run, in corpus order.
    kept = full.join(sampled.select("doc_id", "sentence"), on=["doc_id", "sentence"], how="semi")
    assert_frame_equal(sampled, kept)
    with pytest.warns(UserWarning):
        again = sentence_sentiment(corpus, methods=["vader"], sample=2, by="outlet")
    assert_frame_equal(again, sampled)
    with pytest.warns(UserWarning, match=r"sampled 3 of 8 sentences \(at most 3 in all, seed 4\)"):
        assert sentence_sentiment(corpus, methods=["vader"], sample=3, by=None, seed=4).height == 3
    assert_frame_equal(sentence_sentiment(corpus, methods=["vader"], sample=5, by="outlet"), full)
    with pytest.raises(DiscourseError, match="positive number of sentences"):
        sentence_sentiment(corpus, methods=["vader"], sample=0, by="outlet")


def test_workers_that_fail_leave_the_rest_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from joblib.externals.loky.process_executor import TerminatedWorkerError

    texts = [f"{s} Variant {i}." for i in range(30) for s in SENTENCES[:4]]
    serial = _score_texts(texts, workers=1)
    returned: list[int] = []

    def dying(chunks, methods, workers):  # type: ignore[no-untyped-def]
        # The first chunk comes back, then a worker is killed (as by the OOM killer).
        returned.append(len(chunks[0]))
        yield sentiment_module._score_chunk(chunks[0], methods)
        raise TerminatedWorkerError("A worker process was terminated (SIGKILL).")

    monkeypatch.setattr(sentiment_module, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(sentiment_module, "_CHUNK", 50)
    monkeypatch.setattr(sentiment_module, "_in_workers", dying)
    assert_frame_equal(_score_texts(texts, workers=2), serial)
    assert returned == [50]

    def no_processes(chunks, methods, workers):  # type: ignore[no-untyped-def]
        raise OSError(38, "Function not implemented")  # no sem_open in some sandboxes
        yield

    monkeypatch.setattr(sentiment_module, "_in_workers", no_processes)
    assert_frame_equal(_score_texts(texts, workers=2), serial)


# Large enough for worker processes (at least PARALLEL_THRESHOLD distinct texts).
MANY = [
    f"Report {i}: {s}"
    for i in range(-(-sentiment_module.PARALLEL_THRESHOLD // 7))
    for s in SENTENCES[:7]
]

# No `if __name__ == "__main__":` guard, as a user would write it.
SCRIPT = textwrap.dedent(
    """
    import multiprocessing, sys
    import polars as pl
    from discourse.tone.scoring import sentiment

    scored = sentiment(pl.read_parquet(sys.argv[1]), workers=2)
    scored.write_parquet(sys.argv[2])
    print(len(multiprocessing.active_children()))
    """
)


@pytest.fixture(scope="module")
def many_in_process() -> pl.DataFrame:
    return sentiment(pl.DataFrame({"text": MANY}), workers=1)


def _run(args: list[str], *, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], input=stdin, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("how", ["-c", "stdin", "file"])
def test_scripts_use_workers_without_a_main_guard_and_print_nothing(
    how: str, tmp_path: Path, many_in_process: pl.DataFrame
) -> None:
    """python -c, python - < script and python script.py: worker scores, nothing on stderr."""
    assert len(set(MANY)) >= sentiment_module.PARALLEL_THRESHOLD
    source, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pl.DataFrame({"text": MANY}).write_parquet(source)
    files = [str(source), str(out)]
    if how == "-c":
        done = _run(["-c", SCRIPT, *files])
    elif how == "stdin":
        done = _run(["-", *files], stdin=SCRIPT)
    else:
        script = tmp_path / "score.py"
        script.write_text(SCRIPT)
        done = _run([str(script), *files])
    assert done.stderr == ""
    assert done.returncode == 0
    assert done.stdout == "2\n"  # the two worker processes did the scoring
    assert_frame_equal(pl.read_parquet(out), many_in_process)


def test_command_line_uses_workers_and_prints_nothing_else(tmp_path: Path) -> None:
    docs = [" ".join(MANY[i : i + 10]) for i in range(0, len(MANY), 10)]
    corpus = pl.DataFrame(
        {
            "outlet": ["A", "B"] * (len(docs) // 2) + ["A"] * (len(docs) % 2),
            "published": ["2023-10-07"] * len(docs),
            "text": docs,
        }
    )
    corpus.write_csv(tmp_path / "corpus.csv")
    out = tmp_path / "sentences.parquet"
    console = Path(sys.executable).with_name("discourse")
    args = ["sentiment", "--corpus", str(tmp_path / "corpus.csv"), "--level", "sentence"]
    done = subprocess.run(
        [str(console), *args, "--output", str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    scored = pl.read_parquet(out)
    assert scored.get_column("text").n_unique() >= sentiment_module.PARALLEL_THRESHOLD
    in_process = _score_texts(scored.get_column("text"), workers=1)
    assert_frame_equal(scored.select(in_process.columns), in_process)


def test_a_daemonic_process_scores_in_itself(tmp_path: Path, many_in_process: pl.DataFrame) -> None:
    """A multiprocessing.Pool worker may not start processes: scored there, without a warning."""
    source, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pl.DataFrame({"text": MANY}).write_parquet(source)
    script = textwrap.dedent(
        """
        import multiprocessing, sys

        def score(source, out):
            import polars as pl
            from discourse.tone.scoring import sentiment

            assert multiprocessing.current_process().daemon
            sentiment(pl.read_parquet(source), workers=2).write_parquet(out)
            return len(multiprocessing.active_children())

        if __name__ == "__main__":
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                print(pool.apply(score, sys.argv[1:]))
        """
    )
    (tmp_path / "pool.py").write_text(script)
    done = _run([str(tmp_path / "pool.py"), str(source), str(out)])
    assert done.stderr == ""
    assert done.stdout == "0\n"
    assert_frame_equal(pl.read_parquet(out), many_in_process)
