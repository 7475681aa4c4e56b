"""The index build of :func:`discourse.index_corpus`, batch by batch, tokenising once (issue 17).

The documents are taken in batches of at most ``_BATCH_DOCS`` documents and ``_BATCH_BYTES``
bytes of text (a larger document is a batch of its own). Each batch is tokenised by one regex
pass over its texts as :func:`~discourse.terms._ngrams.token_lists` reads them (lower case,
curly quotes and Unicode hyphens folded: one character for one, so offsets into it are offsets
into the text): every match is a token or a sentence break with the gap before it, so that the
running sum of the matches' lengths is each item's end offset, and the item is the match less
its gap. From that one table come the normalised tokens (the ids, as ``token_lists`` gives
them) and the words' offsets (as :func:`~discourse.text._tokens.token_table` gives them).
Documents holding "ʼ", "Σ" or "İ", whose tokens normalised one by one can differ from the
tokens of the lower-cased text, are tokenised twice instead, by those two functions, as the
build did before; their ``exact`` flags are computed as it did.

The flags of the token table: ``exact``, the offsets' tokens, normalised, are the document's
words in the ids (so by construction in one pass; checked for the two-pass documents, whose
``starts``/``ends`` are null where not). ``plain``: ``exact``, and the whole words of the
folded text (what the matching syntax finds) are the runs of word characters inside the
normalised tokens, at the same offsets (no character of ``_FOLD_ODD``, and no number token
ending right where a word starts, "3.5x").

Each batch numbers its tokens in its own sorted vocabulary and counts its unigrams and bigrams
on those numbers; then the batch vocabularies are merged into the sorted global one and each
batch's numbers remapped with ``search_sorted`` (a sorted batch vocabulary maps into the global
one in increasing order, so every sort done in a batch still holds), and its pairs numbered by
their place among every distinct pair. Between these passes the batches wait in memory or, for
a saved index, on disk, and the tables are handed on batch by batch: the build then holds one
batch, the vocabulary and the distinct pairs. The tables are identical, row for row, to those
of the frozen build (``_indexing_reference``; ``tests/test_index_build_fast.py``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

from discourse._typing import Frame, Possessives
from discourse.terms._ngrams import _BREAK, SAFE_FOLDS, is_dropped, token_lists
from discourse.text._fold import token_expr
from discourse.text._patterns import TOKEN_PATTERN
from discourse.text._tokens import is_possessive, token_table

#: Most documents and bytes of text tokenised at once: memory follows a batch, not the corpus.
#: (On 10 MB of generated articles, batches of 2 MB peaked 200 MB lower than one of 10 MB and
#: ran faster; 0.5 MB was slower again.)
_BATCH_DOCS = 20_000
_BATCH_BYTES = 2_000_000
_ITEM = f"{TOKEN_PATTERN}|{_BREAK}"
#: One token or break and the gap before it: consecutive matches tile the text.
_GAP_ITEM = f"(?s).*?(?:{_ITEM})"
#: Characters common in the gap before an item. A gap holds no word character and no ".", "!"
#: or "?" (each would be or start an item); a piece stripped of these is its item when it starts
#: with one of those, else ``_LAST_ITEM`` cuts it (a line break, other characters).
_GAP_CHARS = " \t\r\f\v,;:\"'()[]{}<>/\\|*&%$#@~`^+=-\xa0\u2026" + "".join(
    map(chr, [*range(0x2010, 0x2016), *range(0x2018, 0x2020)])
)
#: What an item starts with: a piece stripped of ``_GAP_CHARS`` starting so is its item.
_ITEM_START = r"^[\w.!?]"
#: The item at the end of such a match (the gap holds no place where an item could start).
_LAST_ITEM = f"(?s)^.*?({_ITEM})$"
#: Documents tokenised in two passes, as the frozen build does: "ʼ" (a letter that folds to an
#: apostrophe), "Σ" (lower-cased by context), "İ" (whose lower case is two characters) and the
#: two capitals that polars' regex does not count as word characters though their lower case
#: is one (U+A7D2, U+A7D4: found by comparing every code point with its lower case).
_TWO_PASS = "[\u02bc\u03a3\u0130\ua7d2\ua7d4]"
#: Characters that make whole-word matching on the folded text differ from matching the
#: tokens' normalised forms: the soft hyphen (folding removes it, joining words), "İ" (its
#: lower case is two characters), the Kelvin sign, and "Σ"/"ς" (folded by context).
_FOLD_ODD = "[\u00ad\u0130\u212a\u03a3\u03c2]"
_SHIFT = np.uint64(32)
#: Bits of one packed (document, first, second) pair key; wider batches sort three arrays.
_PACK_BITS = 64
_SAFE_FROM, _SAFE_TO = list(SAFE_FOLDS), list(SAFE_FOLDS.values())
#: The batches' distinct pairs are merged into those merged so far once at least this many
#: wait, and as many as those: memory holds about twice the distinct pairs, and the merges
#: cost a few sorts of them in all.
_MERGE_AT = 1 << 20


@dataclass
class _Part:
    """One batch, numbered in its own vocabulary."""

    vocab: pl.Series
    rows: np.ndarray  # the documents with a text (global row numbers), in order
    lengths: np.ndarray  # ids per document
    ids: np.ndarray  # local ids, document after document
    spans: np.ndarray  # words with offsets per document (0 where not exact)
    starts: np.ndarray
    ends: np.ndarray
    exact: np.ndarray
    plain: np.ndarray
    uni_keys: np.ndarray  # row << 32 | local id, sorted
    uni_counts: np.ndarray
    bi_rows: np.ndarray
    bi_first: np.ndarray
    bi_second: np.ndarray
    bi_counts: np.ndarray


def _bounds(sizes: np.ndarray, max_docs: int, max_bytes: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each batch: at least one document, at most ``max_docs`` and (unless
    one document is larger) ``max_bytes``."""
    total = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
    start, n = 0, sizes.size
    while start < n:
        end = int(np.searchsorted(total, total[start] + max_bytes, side="right")) - 1
        end = min(max(end, start + 1), start + max_docs, n)
        yield start, end
        start = end


def _one_pass(
    texts: pl.DataFrame, possessives: Possessives
) -> tuple[np.ndarray, pl.Series, np.ndarray, np.ndarray, np.ndarray]:
    """Every token and break of ``texts`` (``[_row, text]``, no null text), in text order: its
    document, its normalised form (less the clitic where it is a possessive to split), whether
    it is one, and its character offsets (the clitic's included)."""
    # The text as token_lists reads it: lower case, with the folds that move no token boundary
    # (one character for one, so offsets into it are offsets into the text).
    text = pl.col("text").str.to_lowercase().str.replace_many(_SAFE_FROM, _SAFE_TO)
    pieces = (
        texts.lazy()
        .select("_row", p=text.str.extract_all(_GAP_ITEM))
        .explode("p")
        .drop_nulls("p")
        .select(
            "_row",
            "p",
            item=pl.col("p").str.strip_chars_start(_GAP_CHARS),
            n=pl.col("p").str.len_chars(),
        )
        .with_columns(ok=pl.col("item").str.contains(_ITEM_START))
        .collect()
    )
    # A gap with other characters (or a line break that starts no item): the slower regex.
    item = pieces["item"]
    cut = np.flatnonzero(~pieces["ok"].to_numpy())
    if cut.size:
        item = item.scatter(cut, pieces["p"].gather(cut).str.extract(_LAST_ITEM, 1))
    poss = np.zeros(item.len(), dtype=bool)
    if possessives == "split":
        # Every possessive of the folded text ends in "'s": the others are no candidates.
        maybe = np.flatnonzero(item.str.ends_with("'s").to_numpy())
        poss[maybe] = (
            item.gather(maybe).to_frame("t").select(is_possessive(pl.col("t"))).to_series()
        )
    found = pl.DataFrame(
        {"_row": pieces["_row"], "n": pieces["n"], "norm": item, "poss": poss}
    ).with_columns(k=pl.col("norm").str.len_chars())
    del pieces, item
    rows = found["_row"].to_numpy()
    n = found["n"].to_numpy().astype(np.int64)
    total = np.cumsum(n)
    new = np.concatenate([[True], rows[1:] != rows[:-1]]) if rows.size else np.zeros(0, bool)
    # The end of each item in its document: the running length, less that before its document.
    doc = np.cumsum(new) - 1
    end = total - (total - n)[new][doc]
    start = end - found["k"].to_numpy()
    poss = found["poss"].to_numpy()
    norm = found["norm"]
    if poss.any():
        at = np.flatnonzero(poss)
        norm = norm.scatter(at, norm.gather(at).str.head(-2))
    return rows, norm, poss, start, end


def _two_pass(
    texts: pl.DataFrame, possessives: Possessives
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The frozen build's two passes for ``texts`` (``[_row, text]``, no null text): ``[_row,
    norm]`` (the ids' terms, from ``token_lists``), ``[_row, norm, start, end]`` (the words of
    ``token_table``, for the documents where they are the ids' words) and ``[_row, exact]``."""
    tok = (
        token_lists(texts.lazy().rename({"_row": "_g"}), ["_g"], possessives)
        .select(pl.col("_g").alias("_row"), "tok")
        .collect()
        .sort("_row")
    )
    spans = (
        token_table(texts.lazy(), ["_row"], possessives=possessives)
        .select("_row", norm=token_expr("token"), start="start", end="end")
        .collect()
    )
    elem = pl.element()
    words = tok.select("_row", w=pl.col("tok").list.eval(elem.filter(~is_dropped(elem, set()))))
    found = spans.group_by("_row", maintain_order=True).agg(n="norm")
    flags = words.join(found, on="_row", how="left", maintain_order="left").select(
        "_row",
        exact=pl.when(pl.col("n").is_null())
        .then(pl.col("w").list.len() == 0)
        .otherwise((pl.col("w") == pl.col("n")).fill_null(False)),
    )
    exact = flags.filter("exact")["_row"].implode()
    ids = tok.select("_row", norm="tok").explode("norm").drop_nulls("norm")
    return ids, spans.filter(pl.col("_row").is_in(exact)), flags


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array and how often each occurs (``uint32``: counts
    within one document)."""
    if values.size == 0:
        return values, np.zeros(0, dtype=np.uint32)
    starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
    return values[starts], np.diff(np.append(starts, values.size)).astype(np.uint32)


def _sort(values: np.ndarray) -> np.ndarray:
    """``values`` (unsigned integers) sorted, on polars' threads."""
    return pl.Series(values).sort().to_numpy()


def _batch(texts: pl.DataFrame, possessives: Possessives) -> tuple[_Part, np.ndarray]:
    """One batch (``[_row, text]``) numbered in its own vocabulary, and its documents' word
    counts (``_tokens``, for the documents with a text)."""
    present = texts.filter(pl.col("text").is_not_null()) if texts["text"].has_nulls() else texts
    rows = present["_row"].to_numpy()
    two = present["text"].str.contains(_TWO_PASS)
    # Each batch row's place among the documents with a text.
    base = int(rows[0]) if rows.size else 0
    place = np.zeros(int(rows[-1]) - base + 1 if rows.size else 0, dtype=np.int64)
    place[rows - base] = np.arange(rows.size)
    fast = present.filter(~two) if two.any() else present
    item_rows, norm, poss, start, end = _one_pass(fast, possessives)
    terms = [norm, pl.Series(["'s"])] if poss.any() else [norm]
    exact = np.ones(rows.size, dtype=bool)
    if two.any():
        ids2, spans2, flags2 = _two_pass(present.filter(two), possessives)
        terms.append(ids2["norm"])
        exact[np.searchsorted(rows, flags2["_row"].to_numpy())] = flags2["exact"].to_numpy()
    vocab = pl.concat(terms).unique().sort()
    kind = pl.Enum(vocab)
    local = norm.cast(kind).to_physical().cast(pl.UInt32).to_numpy()
    if poss.any():
        # A possessive is two items, the word and then the clitic, at the end of the word.
        take = np.repeat(np.arange(local.size), 1 + poss)
        clitic = np.zeros(take.size, dtype=bool)
        clitic[(np.cumsum(1 + poss) - 1)[poss]] = True
        word = poss[take] & ~clitic
        local, item_rows, end, start = local[take], item_rows[take], end[take], start[take]
        local[clitic] = vocab.search_sorted("'s")
        start = np.where(clitic, end - 2, start)
        end = np.where(word, end - 2, end)
    is_break = vocab.to_frame("t").select(is_dropped(pl.col("t"), set()))["t"].to_numpy()
    brk = is_break[local]
    s_rows, starts, ends, s_ids = item_rows[~brk], start[~brk], end[~brk], local[~brk]
    if two.any():
        # The documents of the two passes, put back in their places (a stable sort on rows).
        rows2 = ids2["_row"].to_numpy()
        item_rows = np.concatenate([item_rows, rows2])
        order = np.argsort(item_rows, kind="stable")
        item_rows = item_rows[order]
        local = np.concatenate([local, ids2["norm"].cast(kind).to_physical().cast(pl.UInt32)])
        local = local[order]
        brk = is_break[local]
        s_rows = np.concatenate([s_rows, spans2["_row"].to_numpy()])
        order = np.argsort(s_rows, kind="stable")
        s_rows = s_rows[order]
        starts = np.concatenate([starts, spans2["start"].to_numpy()])[order]
        ends = np.concatenate([ends, spans2["end"].to_numpy()])[order]
        s_ids = np.concatenate(
            [s_ids, spans2["norm"].cast(kind).to_physical().cast(pl.UInt32).to_numpy()]
        )[order]
    pos = place[item_rows - base]
    lengths = np.bincount(pos, minlength=rows.size)
    counts = np.bincount(pos[~brk], minlength=rows.size).astype(np.int64)
    uni_keys, uni_counts = _runs(_sort((item_rows.astype(np.uint64) << _SHIFT) | local))
    # Adjacent words of one document, no break between them, ordered by (row, first, second).
    keep = (item_rows[1:] == item_rows[:-1]) & ~brk[:-1] & ~brk[1:]
    b_pos, first, second = pos[:-1][keep], local[:-1][keep], local[1:][keep]
    vb = max(vocab.len() - 1, 1).bit_length()
    if max(rows.size - 1, 1).bit_length() + 2 * vb <= _PACK_BITS:
        # One number per pair (document, first, second), sorted and counted as the unigrams.
        wide, low = np.uint64(vb), np.uint64((1 << vb) - 1)
        packed = (b_pos.astype(np.uint64) << np.uint64(2 * vb)) | (first.astype(np.uint64) << wide)
        keys, bi_counts = _runs(_sort(packed | second))
        b_pos = (keys >> np.uint64(2 * vb)).astype(np.int64)
        first, second = ((keys >> wide) & low).astype(np.uint32), (keys & low).astype(np.uint32)
    else:  # a batch of very many documents or terms
        order = np.lexsort((second, first, b_pos))
        b_pos, first, second = b_pos[order], first[order], second[order]
        change = (b_pos[1:] != b_pos[:-1]) | (first[1:] != first[:-1]) | (second[1:] != second[:-1])
        at = np.flatnonzero(np.concatenate([[True], change])) if b_pos.size else b_pos
        bi_counts = np.diff(np.append(at, b_pos.size)).astype(np.uint32)
        b_pos, first, second = b_pos[at], first[at], second[at]
    b_rows = rows[b_pos]
    # Whether a word's number or word characters run on into the next word's.
    touch = np.flatnonzero((s_rows[1:] == s_rows[:-1]) & (starts[1:] == ends[:-1])) + 1
    edge = np.zeros(rows.size, dtype=bool)
    if touch.size:
        glued = pl.DataFrame(
            {"a": vocab.gather(s_ids[touch - 1]), "b": vocab.gather(s_ids[touch])}
        ).select(pl.col("b").str.contains(r"^\w") & pl.col("a").str.contains(r"\w$"))
        edge[np.searchsorted(rows, s_rows[touch[glued.to_series().to_numpy()]])] = True
    odd = present["text"].str.contains(_FOLD_ODD).to_numpy()
    part = _Part(
        vocab=vocab,
        rows=rows,
        lengths=lengths,
        ids=local,
        spans=np.bincount(place[s_rows - base], minlength=rows.size),
        starts=starts.astype(np.uint32),
        ends=ends.astype(np.uint32),
        exact=exact,
        plain=exact & ~edge & ~odd,
        uni_keys=uni_keys,
        uni_counts=uni_counts,
        bi_rows=b_rows,
        bi_first=first,
        bi_second=second,
        bi_counts=bi_counts,
    )
    return part, counts


def _lists(values: np.ndarray, lengths: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    """A list column of ``values`` cut into runs of ``lengths``, null where ``null``."""
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    # Arrays handed over by polars: pyarrow's own constructors would import pandas (a second).
    mask = None if null is None else pl.Series(null).to_arrow()
    arrays = pl.Series(offsets).to_arrow(), pl.Series(values).to_arrow()
    out = pl.from_arrow(pa.ListArray.from_arrays(*arrays, mask=mask))
    assert isinstance(out, pl.Series)
    return out


class _Waiting:
    """The batches between the passes of the build: in memory, or (with a ``folder``) as
    ``.npy`` files, one folder a batch, so that memory follows one batch, not the corpus."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.held: dict[str, dict[str, np.ndarray]] = {}

    def put(self, key: str, arrays: dict[str, np.ndarray]) -> None:
        if self.folder is None:
            self.held[key] = arrays
            return
        (self.folder / key).mkdir()
        for name, values in arrays.items():
            np.save(self.folder / key / f"{name}.npy", values, allow_pickle=False)

    def take(self, key: str) -> dict[str, np.ndarray]:
        if self.folder is None:
            return self.held.pop(key)
        found = {p.stem: np.load(p, allow_pickle=False) for p in (self.folder / key).iterdir()}
        shutil.rmtree(self.folder / key)
        return found


def _merged(values: list[np.ndarray]) -> np.ndarray:
    """The distinct values of several arrays, sorted."""
    found = _sort(np.concatenate(values)) if values else np.zeros(0, dtype=np.uint64)
    return found[np.concatenate([[True], found[1:] != found[:-1]])] if found.size else found


def build(
    corpus: Frame,
    possessives: Possessives,
    *,
    add: Callable[[str, pl.DataFrame], None] | None = None,
    spill: Path | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The six tables of an index of ``corpus``: ``(docs, tokens, vocab, unigrams, bigrams,
    pairs)``, identical to those of the frozen build.

    With ``add``, the ``tokens``, ``unigrams`` and ``bigrams`` tables are handed to it instead,
    batch by batch and in order, as ``add(name, table)`` (those returned are then empty); with
    ``spill`` (an empty folder), the batches wait there between the passes instead of in
    memory. Together they keep the build's memory to one batch and the vocabulary and pair
    tables, whatever the corpus's size.

    Three passes: the batches are tokenised and numbered each in its own vocabulary; then, the
    vocabularies merged, each batch is renumbered in the global one (its token and unigram
    tables handed on, its pairs turned into ``g`` and their distinct values merged); then each
    batch's pairs are numbered by their place among all the distinct ``g``.
    """
    frame = corpus.lazy().with_row_index("_row").collect()
    sizes = frame["text"].str.len_bytes().fill_null(0).to_numpy()
    waiting = _Waiting(spill)
    vocabs: list[pl.Series] = []
    counts = np.zeros(frame.height, dtype=np.int64)
    names = [f.name for f in fields(_Part) if f.name != "vocab"]
    for i, (a, b) in enumerate(_bounds(sizes, _BATCH_DOCS, _BATCH_BYTES)):
        part, found = _batch(frame.slice(a, b - a).select("_row", "text"), possessives)
        counts[part.rows] = found
        vocabs.append(part.vocab)
        waiting.put(f"part-{i}", {name: getattr(part, name) for name in names})
        del part, found
    docs = frame.with_columns(
        _tokens=pl.when(pl.col("text").is_not_null()).then(pl.Series(counts)).cast(pl.Int64)
    )
    del frame
    vocab = (pl.concat(vocabs).unique().sort() if vocabs else pl.Series([], dtype=pl.String)).alias(
        "term"
    )
    size = np.uint64(max(vocab.len(), 1))
    counted = {"_row": pl.UInt32, "id": pl.UInt32, "count": pl.Int64}
    kept: dict[str, list[pl.DataFrame]] = {"tokens": [], "unigrams": [], "bigrams": []}
    hand = add if add is not None else (lambda name, table: kept[name].append(table))
    # The distinct g of the batches seen, merged whenever those waiting outgrow them.
    distinct, pending = np.zeros(0, dtype=np.uint64), []
    for i, local in enumerate(vocabs):
        p = waiting.take(f"part-{i}")
        remap = vocab.search_sorted(local).to_numpy().astype(np.uint32)
        exact = p["exact"]
        table = pl.DataFrame(
            {
                "_row": pl.Series(p["rows"], dtype=pl.UInt32),
                "ids": _lists(remap[p["ids"]], p["lengths"]),
                "starts": _lists(p["starts"], p["spans"], ~exact),
                "ends": _lists(p["ends"], p["spans"], ~exact),
                "exact": exact,
                "plain": p["plain"],
            }
        )
        hand("tokens", table)
        keys = p["uni_keys"]
        unigrams = {"_row": keys >> _SHIFT, "count": p["uni_counts"].astype(np.int64)}
        unigrams["id"] = remap[(keys & np.uint64(0xFFFFFFFF)).astype(np.int64)]
        hand("unigrams", pl.DataFrame(unigrams, schema=counted))
        g = remap[p["bi_first"]].astype(np.uint64) * size + remap[p["bi_second"]]
        # Sorted, for their distinct values here and for fast binary searches in the last pass.
        order = pl.Series(g).arg_sort().to_numpy()
        g = g[order]
        pending.append(g[np.concatenate([[True], g[1:] != g[:-1]])] if g.size else g)
        sorted_pairs = {"g": g, "order": order, "rows": p["bi_rows"], "counts": p["bi_counts"]}
        waiting.put(f"pairs-{i}", sorted_pairs)
        if sum(d.size for d in pending) >= max(distinct.size, _MERGE_AT):
            distinct, pending = _merged([distinct, *pending]), []
        del p, table, unigrams, keys, g, order, sorted_pairs
    pairs = _merged([distinct, *pending])
    del distinct, pending
    # Pair ids: each g's place among the distinct g's, sorted.
    for i in range(len(vocabs)):
        p = waiting.take(f"pairs-{i}")
        # One binary search per distinct g of the batch (sorted: each starts where the last ended).
        g = p["g"]
        new = np.concatenate([[True], g[1:] != g[:-1]]) if g.size else np.zeros(0, dtype=bool)
        ids = np.empty(g.size, dtype=np.uint32)
        ids[p["order"]] = np.searchsorted(pairs, g[new])[np.cumsum(new) - 1]
        bigrams = {"_row": p["rows"], "id": ids, "count": p["counts"].astype(np.int64)}
        hand("bigrams", pl.DataFrame(bigrams, schema=counted))
        del p, g, new, ids, bigrams
    tokens, uni, bi = kept["tokens"], kept["unigrams"], kept["bigrams"]
    return (
        docs,
        pl.concat(tokens) if tokens else empty_tokens(),
        vocab.to_frame(),
        pl.concat(uni) if uni else pl.DataFrame(schema=counted),
        pl.concat(bi) if bi else pl.DataFrame(schema=counted),
        pl.DataFrame({"g": pairs}, schema={"g": pl.UInt64}),
    )


def empty_tokens() -> pl.DataFrame:
    """A token table of no document."""
    u32 = pl.List(pl.UInt32)
    return pl.DataFrame(
        schema={
            "_row": pl.UInt32,
            "ids": u32,
            "starts": u32,
            "ends": u32,
            "exact": pl.Boolean,
            "plain": pl.Boolean,
        }
    )
