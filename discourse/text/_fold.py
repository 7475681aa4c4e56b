"""The normalised view used for matching: :func:`fold_text` with offsets, its polars twins, and
the word characters that polars' regex engine uses."""

from __future__ import annotations

import functools
import re

import numpy as np
import polars as pl

from discourse.text._patterns import FOLD_TABLE, TOKEN_PATTERN

#: Unicode White_Space, exactly the set that Rust's (and so polars') ``\s`` matches.
WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SOFT_HYPHEN = "\xad"
# Lower-casing "Σ" depends on its position in Python and in Rust; one sigma makes folding local.
_FOLD_AFTER_LOWER = {**FOLD_TABLE, ord("ς"): "σ"}
# Tokens fold before lower-casing, as normalise_token does.
_TOKEN_FOLD_FROM = [chr(code) for code in FOLD_TABLE]
_TOKEN_FOLD_TO = list(FOLD_TABLE.values())
# A run of whitespace/soft hyphens that changes length, a lone non-space one, or the one character
# whose lower case is longer than itself (U+0130, "İ" -> "i̇").
_SPECIAL = re.compile(
    f"[{WHITESPACE}{SOFT_HYPHEN}]{{2,}}|[{WHITESPACE.replace(' ', '')}{SOFT_HYPHEN}]|\u0130"
)


def fold_text(text: str) -> tuple[str, np.ndarray]:
    """The normalised view of ``text`` used for matching, and the map back to the original.

    Returns
    -------
    folded, offsets
        ``offsets[i]`` is the index in ``text`` of the character that produced ``folded[i]``;
        ``offsets[len(folded)] == len(text)``, so a folded span ``[s, e)`` is
        ``text[offsets[s]:offsets[e]]``.

    Examples
    --------
    >>> folded, offsets = fold_text("The  Resistance\\nMovement’s")
    >>> folded
    "the resistance movement's"
    >>> s = folded.index("resistance movement")
    >>> "The  Resistance\\nMovement’s"[offsets[s]:offsets[s + 19]]
    'Resistance\\nMovement'
    """
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        start, end = m.span()
        parts.append(text[pos:start])
        offsets.extend(range(pos, start))
        run = m.group()
        if run == "\u0130":
            parts.append(run.lower())
            offsets.extend([start, start])
        elif run.strip(SOFT_HYPHEN):
            parts.append(" ")
            offsets.append(start + len(run) - len(run.lstrip(SOFT_HYPHEN)))
        pos = end
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text) + 1))
    folded = "".join(parts).lower().translate(_FOLD_AFTER_LOWER)
    return folded, np.asarray(offsets, dtype=np.int64)


def fold_expr(expr: pl.Expr | str) -> pl.Expr:
    """The polars expression equal to :func:`fold_text`'s folded string, for a whole column.

    Examples
    --------
    >>> pl.select(fold_expr(pl.lit("Hamas‐Run \\u00a0 ‘Militants’"))).item()
    "hamas-run 'militants'"
    """
    col = pl.col(expr) if isinstance(expr, str) else expr
    mapping = {chr(k): v for k, v in _FOLD_AFTER_LOWER.items()} | {SOFT_HYPHEN: ""}
    folded = col.str.to_lowercase().str.replace_many(list(mapping), list(mapping.values()))
    # Runs of two or more, or one that is not a space: one space (rewriting every lone space,
    # as ``[...]+`` would, makes this step several times slower).
    return folded.str.replace_all(f"[{WHITESPACE}]{{2,}}|[{WHITESPACE.replace(' ', '')}]", " ")


def token_expr(expr: pl.Expr | str) -> pl.Expr:
    """The normalised form of each token in a column, as
    :func:`~discourse.text._patterns.normalise_token` gives it: curly quotes and apostrophes
    straightened, Unicode hyphens folded, then lower case. Every counter (term counts, n-grams,
    collocations, ``tokens``'s ``norm``) normalises its tokens with this one expression.

    Examples
    --------
    >>> pl.select(token_expr(pl.lit("Israel’s"))).item()
    "israel's"
    >>> pl.select(pl.lit(["Hamas‐Run"]).list.eval(token_expr(pl.element()))).item().to_list()
    ['hamas-run']
    """
    col = pl.col(expr) if isinstance(expr, str) else expr
    return col.str.replace_many(_TOKEN_FOLD_FROM, _TOKEN_FOLD_TO).str.to_lowercase()


def scan_expr(expr: pl.Expr | str) -> pl.Expr:
    """The lighter fold that :attr:`PhraseMatcher.scan_regex` expects: lower case, soft hyphens
    removed and "ʼ" (a letter) made an apostrophe. Whitespace, quotes, hyphens and "ς" are left to
    the regex, which accepts every form that :func:`fold_text` would fold.
    """
    col = pl.col(expr) if isinstance(expr, str) else expr
    lowered = col.str.to_lowercase().str.replace_all(SOFT_HYPHEN, "", literal=True)
    return lowered.str.replace_all("ʼ", "'", literal=True)


@functools.cache
def _word_class() -> str:
    """A ``re`` character class equal to Rust's Unicode ``\\w``, read from polars so both agree."""
    codes = np.r_[0:0xD800, 0xE000:0x110000].astype(np.uint32)
    chars = codes.tobytes().decode("utf-32-le")
    is_word = pl.Series(list(chars)).str.contains(r"^\w$").to_numpy()
    edges = np.flatnonzero(np.diff(np.r_[0, is_word.astype(np.int8), 0]))
    ranges = (
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
        for a, b in zip(codes[edges[0::2]], codes[edges[1::2] - 1], strict=True)
    )
    return "[" + "".join(ranges) + "]"


@functools.cache
def token_re() -> re.Pattern[str]:
    """:data:`~discourse.text._patterns.TOKEN_PATTERN`, for Python's ``re`` with Rust's
    ``\\w``, so that
    windows cut in Python (kwic, tone, collocation nodes) hold the tokens polars counts: Python's
    ``\\w`` leaves out combining marks and joiners ("nai\\u0308ve" would be two tokens) and takes
    in numerals such as "²" and "½", which Rust's does not."""
    return re.compile(TOKEN_PATTERN.replace(r"\w", _word_class()))


@functools.cache
def word_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cls = _word_class()
    return re.compile(cls), re.compile(cls + "*")


# What each folded character stands for in text that :func:`scan_expr` has not folded.
_UNFOLDED = {
    folded: "[" + re.escape(folded) + "".join(re.escape(k) for k, v in pairs) + "]"
    for folded in {v for v in _FOLD_AFTER_LOWER.values()}
    for pairs in [
        [(chr(k), v) for k, v in _FOLD_AFTER_LOWER.items() if v == folded and chr(k) != "ʼ"]
    ]
}


def escape_unfolded(literal: str) -> str:
    return "".join(_UNFOLDED.get(c, re.escape(c)) for c in literal)
