"""An indexed corpus: tokenise once, then count many times.

:func:`index_corpus` tokenises a corpus once and keeps what the counters need: the documents
table (every column of the corpus, its text and group columns included, plus each document's
token count) and each document's normalised tokens with the sentence-break markers the n-grams
stop at (the very token lists :func:`~discourse.term_counts` builds, so counts are identical),
as integer ids into a sorted vocabulary table; each word's character offsets into the text (so
that KWIC and collocations run on ids and positions); and each document's unigram and bigram
counts.
It lives in memory, or as Parquet files under ``path`` in the layout of
:func:`discourse.write_parquet` (``docs/part-00000.parquet``, ... of ``rows_per_file``
documents each, and ``tokens/part-00000.parquet`` ... for the same documents), which
:func:`open_index` scans lazily.

An index records a hash of its documents' ``doc_id`` and ``text`` and the token options it was
built with: :meth:`CorpusIndex.check` refuses a different corpus, the counters refuse a different
``possessives=``, and :func:`index_corpus` refuses to overwrite a saved index of another corpus.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from discourse._typing import Frame, Possessives
from discourse.corpus._frame import require_columns
from discourse.corpus._index_build import build, empty_tokens
from discourse.errors import DiscourseError
from discourse.text._tokens import check_possessives

__all__ = ["CorpusIndex", "index_corpus", "open_index"]

#: 2: the token table also holds each word's character offsets and the flags ``exact`` and
#: ``plain``, and ``vocab/bigrams.parquet`` each document's bigram counts (format 1 held the
#: ids and unigram counts alone).
_FORMAT = 2
_ROWS_PER_FILE = 100_000
_META = "index.json"


def _fingerprint(docs: pl.LazyFrame) -> str:
    """A SHA-256 of every document's ``doc_id`` and ``text``, in corpus order."""
    digest = hashlib.sha256()
    frame = docs.select(
        pl.col("doc_id").cast(pl.String).fill_null("\x00null"),
        pl.col("text").fill_null("\x00null"),
    )
    for batch in frame.collect_batches(chunk_size=20_000):
        ids, texts = batch["doc_id"].to_list(), batch["text"].to_list()
        digest.update(
            "".join(f"{len(d)}:{d}{len(t)}:{t}" for d, t in zip(ids, texts, strict=True)).encode(
                "utf-8"
            )
        )
    return digest.hexdigest()


class CorpusIndex:
    """A tokenised corpus that every counter accepts in place of the corpus itself.

    Build one with :func:`index_corpus` (or reopen one with :func:`open_index`); pass it where
    :func:`~discourse.term_counts`, :func:`~discourse.term_frequency`,
    :func:`~discourse.group_sizes`, :func:`~discourse.dispersion`, :func:`~discourse.keyness`,
    :func:`~discourse.collocations`, :func:`~discourse.kwic`, :func:`~discourse.label_mentions`,
    :func:`~discourse.label_shares`, :func:`~discourse.label_independence`,
    :func:`~discourse.label_pairwise`, :func:`~discourse.label_shares_over_time`,
    :func:`~discourse.anchored_ngrams` or :func:`~discourse.plot_dispersion` take a corpus.
    The results are identical to those on the corpus.

    Attributes
    ----------
    fingerprint
        SHA-256 of the documents' ``doc_id`` and ``text``.
    possessives
        The token option the index was built with (``"keep"`` or ``"split"``).
    path
        The folder it is saved in, or ``None`` in memory.

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                        "text": ["Militants killed. Killed again", "killed"]})
    >>> index = index_corpus(corpus)
    >>> index.height
    2
    >>> import discourse as dc
    >>> dc.term_counts(index, ngram=2).rows()
    [('killed again', 1, 1), ('militants killed', 1, 1)]
    >>> index.check(corpus)
    """

    def __init__(
        self,
        docs: pl.LazyFrame,
        tokens: pl.LazyFrame,
        vocab: pl.LazyFrame,
        unigrams: pl.LazyFrame,
        bigrams: pl.LazyFrame,
        pairs: pl.LazyFrame,
        *,
        fingerprint: str,
        possessives: Possessives,
        height: int,
        path: Path | None = None,
    ) -> None:
        self._docs = docs
        self._tokens = tokens
        self._vocab = vocab
        self._unigrams = unigrams
        self._bigrams = bigrams
        self._pairs = pairs
        self.fingerprint = fingerprint
        self.possessives: Possessives = possessives
        self.height = height
        self.path = path

    def __repr__(self) -> str:
        where = f"saved in {self.path}" if self.path else "in memory"
        return (
            f"CorpusIndex({self.height} documents, possessives={self.possessives!r}, {where}, "
            f"fingerprint {self.fingerprint[:12]})"
        )

    @property
    def docs(self) -> pl.LazyFrame:
        """The documents table: every corpus column, then ``_tokens`` (tokens per document)."""
        return self._docs

    @property
    def tokens(self) -> pl.LazyFrame:
        """``[_row, ids, starts, ends, exact, plain]``: each document's token ids (its
        normalised tokens and the sentence-break markers), positions in :attr:`vocab`; the
        character offsets of its words (the ids less the breaks, one to one), null unless
        ``exact``; and whether its whole words can be matched on the ids (``plain``; see
        :mod:`discourse.corpus._index_build`)."""
        return self._tokens

    @property
    def vocab(self) -> pl.LazyFrame:
        """``[term]``: every normalised token and break marker, sorted; row ``i`` is id ``i``."""
        return self._vocab

    @property
    def unigrams(self) -> pl.LazyFrame:
        """``[_row, id, count]``: each document's distinct token ids and how often each occurs."""
        return self._unigrams

    @property
    def bigrams(self) -> pl.LazyFrame:
        """``[_row, id, count]``: each document's distinct pairs of adjacent words (no sentence
        break between them) as positions in :attr:`pairs`, and how often each occurs; bigram
        tables (with or without stopwords) filter and sum these."""
        return self._bigrams

    @property
    def pairs(self) -> pl.LazyFrame:
        """``[g]``: every pair of adjacent words, ``g = first id * len(vocab) + second id``,
        sorted; row ``i`` is pair id ``i``."""
        return self._pairs

    def corpus(self) -> pl.LazyFrame:
        """The corpus the index was built from (lazily read when saved), as a LazyFrame."""
        return self._docs.drop("_row", "_tokens")

    def check(self, corpus: Frame) -> None:
        """Raise :class:`~discourse.DiscourseError` unless ``corpus`` is the one indexed."""
        require_columns(corpus, ["doc_id", "text"], what="CorpusIndex.check")
        if _fingerprint(corpus.lazy()) != self.fingerprint:
            raise DiscourseError(
                "This index was built from a different corpus (its doc_id or text differ): "
                "build a new one with dc.index_corpus(corpus), or pass the corpus itself."
            )

    def require(self, possessives: Possessives, *, what: str) -> None:
        """Raise unless the index was built with ``possessives``."""
        check_possessives(possessives)
        if possessives != self.possessives:
            raise DiscourseError(
                f"{what} was asked for possessives={possessives!r}, but this index was built "
                f"with possessives={self.possessives!r}: build one with "
                f'dc.index_corpus(corpus, possessives="{possessives}"), or pass the corpus.'
            )


class _PartWriter:
    """Writes the tables handed to it, in order, as row groups of ``part-00000.parquet``, ...
    of ``rows_per_file`` rows each (one file, ``name``, when ``rows_per_file`` is ``None``),
    as ``write_parquet`` slices one table, holding none of them; one empty file when there
    are no rows."""

    def __init__(
        self, folder: Path, rows_per_file: int | None, empty: pl.DataFrame, name: str = ""
    ) -> None:
        self.folder, self.rows_per_file, self.empty, self.name = folder, rows_per_file, empty, name
        self.writer: pq.ParquetWriter | None = None
        self.rows = 0  # in the open file
        self.written = 0  # files closed

    def _path(self) -> Path:
        return self.folder / (self.name or f"part-{self.written:05d}.parquet")

    def __call__(self, table: pl.DataFrame) -> None:
        while table.height:
            room = table.height if self.rows_per_file is None else self.rows_per_file - self.rows
            piece, table = table.slice(0, room), table.slice(room)
            found = piece.to_arrow()
            if self.writer is None:
                self.writer = pq.ParquetWriter(self._path(), found.schema, compression="zstd")
                self.rows = 0
            self.writer.write_table(found)
            self.rows += piece.height
            if self.rows == self.rows_per_file:
                self.close()

    def close(self) -> None:
        """Close the open file; write the empty one if nothing was written."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.written += 1
        elif self.written == 0:
            self.empty.write_parquet(self._path())
            self.written = 1


def index_corpus(
    corpus: Frame,
    *,
    path: str | Path | None = None,
    possessives: Possessives = "split",
    rows_per_file: int = _ROWS_PER_FILE,
) -> CorpusIndex:
    """Tokenise a corpus once, for the counters to query many times.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame) with ``doc_id`` and ``text``.
    path
        A folder to save the index in (created if absent), read back by :func:`open_index`;
        ``None`` keeps it in memory. A folder already holding an index of this corpus with
        these options is reopened; one of another corpus or options raises. A saved build
        holds one batch of documents in memory at a time (the others wait in
        ``<path>/.build``, removed when it ends): use it for corpora that an in-memory index
        would not fit beside.
    possessives
        The token option every count on the index uses (see :func:`~discourse.term_counts`).
    rows_per_file
        Documents per Parquet file, as in :func:`discourse.write_parquet`.

    Returns
    -------
    CorpusIndex
        In memory, or reading the Parquet files lazily when ``path`` is given.

    Examples
    --------
    >>> corpus = pl.DataFrame({"doc_id": ["a"], "text": ["Israel’s army and Israel"]})
    >>> import discourse as dc
    >>> dc.term_counts(index_corpus(corpus, possessives="split"), possessives="split").rows()
    [('israel', 2, 1), ("'s", 1, 1), ('and', 1, 1), ('army', 1, 1)]
    """
    check_possessives(possessives)
    require_columns(corpus, ["doc_id", "text"], what="index_corpus")
    if isinstance(rows_per_file, bool) or not isinstance(rows_per_file, int) or rows_per_file < 1:
        raise DiscourseError(
            f"rows_per_file must be a whole number, 1 or more; not {rows_per_file!r}."
        )
    fingerprint = _fingerprint(corpus.lazy())
    if path is not None and (Path(path) / _META).exists():
        found = open_index(path)
        if found.fingerprint == fingerprint and found.possessives == possessives:
            return found
        raise DiscourseError(
            f"{path} holds an index of another corpus or with other options "
            f"(possessives={found.possessives!r}); save this one elsewhere, or delete that "
            "folder first."
        )
    if path is None:
        docs, tokens, vocab, unigrams, bigrams, pairs = build(corpus, possessives)
        return CorpusIndex(
            docs.lazy(),
            tokens.lazy(),
            vocab.lazy(),
            unigrams.lazy(),
            bigrams.lazy(),
            pairs.lazy(),
            fingerprint=fingerprint,
            possessives=possessives,
            height=docs.height,
        )
    root = Path(path)
    for part in ("docs", "tokens"):
        if (root / part).exists() and any((root / part).glob("part-*.parquet")):
            raise DiscourseError(
                f"{root / part} already holds Parquet files but no {_META}; "
                "save the index to an empty folder, or delete them first."
            )
    counted = {"_row": pl.UInt32, "id": pl.UInt32, "count": pl.Int64}
    writers = {
        "tokens": _PartWriter(root / "tokens", rows_per_file, empty_tokens()),
        "unigrams": _PartWriter(
            root / "vocab", None, pl.DataFrame(schema=counted), "unigrams.parquet"
        ),
        "bigrams": _PartWriter(
            root / "vocab", None, pl.DataFrame(schema=counted), "bigrams.parquet"
        ),
    }
    spill = root / ".build"
    try:
        for part in ("tokens", "vocab"):
            (root / part).mkdir(parents=True, exist_ok=True)
        shutil.rmtree(spill, ignore_errors=True)
        spill.mkdir()
        # The tables are written batch by batch as the build makes them; the batches wait in
        # .build between its passes (memory follows one batch, not the corpus).
        docs, _, vocab, _, _, pairs = build(
            corpus, possessives, add=lambda name, table: writers[name](table), spill=spill
        )
        for writer in writers.values():
            writer.close()
        vocab.write_parquet(root / "vocab" / "part-00000.parquet")
        pairs.write_parquet(root / "vocab" / "pairs.parquet")
        (root / "docs").mkdir(parents=True, exist_ok=True)
        for i, start in enumerate(range(0, max(docs.height, 1), rows_per_file)):
            docs.slice(start, rows_per_file).write_parquet(root / "docs" / f"part-{i:05d}.parquet")
        meta = {
            "format": _FORMAT,
            "fingerprint": fingerprint,
            "possessives": possessives,
            "documents": docs.height,
            "polars": pl.__version__,
        }
        (root / _META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    except BaseException:
        for writer in writers.values():
            if writer.writer is not None:
                writer.writer.close()
        for part in ("docs", "tokens", "vocab"):
            shutil.rmtree(root / part, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return open_index(root)


def open_index(path: str | Path) -> CorpusIndex:
    """Reopen an index saved by :func:`index_corpus`, reading nothing but its description.

    Parameters
    ----------
    path
        The folder given to ``index_corpus(..., path=...)``.

    Returns
    -------
    CorpusIndex
        Whose tables are ``pl.scan_parquet`` scans: memory stays flat until a count runs.

    Examples
    --------
    >>> import tempfile
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "text": ["war and peace", "war"]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = index_corpus(corpus, path=folder)
    ...     import discourse as dc
    ...     dc.term_counts(open_index(folder)).rows()
    [('war', 2, 2), ('and', 1, 1), ('peace', 1, 1)]
    """
    root = Path(path)
    meta_file = root / _META
    if not meta_file.exists():
        raise DiscourseError(
            f"{root} holds no saved index ({_META} is missing): build one with "
            "dc.index_corpus(corpus, path=...)."
        )
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    if meta.get("format") != _FORMAT:
        raise DiscourseError(
            f"{root} holds an index in format {meta.get('format')!r}, written by another "
            f"version of discourse; this one reads format {_FORMAT}. Rebuild it: delete the "
            "folder (or pick another) and call dc.index_corpus(corpus, path=...) again."
        )
    return CorpusIndex(
        pl.scan_parquet(root / "docs" / "part-*.parquet"),
        pl.scan_parquet(root / "tokens" / "part-*.parquet"),
        pl.scan_parquet(root / "vocab" / "part-*.parquet"),
        pl.scan_parquet(root / "vocab" / "unigrams.parquet"),
        pl.scan_parquet(root / "vocab" / "bigrams.parquet"),
        pl.scan_parquet(root / "vocab" / "pairs.parquet"),
        fingerprint=str(meta["fingerprint"]),
        possessives=meta["possessives"],
        height=int(meta["documents"]),
        path=root,
    )
