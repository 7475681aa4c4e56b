"""The token definition shared by every counting function, so that all of them agree.

A token is a run of word characters, which may contain internal hyphens or apostrophes
("Hamas-run", "Israel's", "don't"), or a number with internal separators ("1,400", "3.5").
The pattern is written for polars' Rust regex engine; :func:`discourse.text._fold.token_re` is the
same pattern for Python's ``re``, with Rust's word characters.
"""

from __future__ import annotations

#: Regex for one token in polars (Rust ``regex``); see :func:`discourse.text._fold.token_re`.
TOKEN_PATTERN: str = r"\d+(?:[.,]\d+)+|\w+(?:['’‐‑\-]\w+)*"

#: Characters folded for matching: curly quotes and apostrophes to straight ones, Unicode
#: hyphens to "-".
FOLD_TABLE: dict[int, str] = {
    ord("’"): "'",
    ord("‘"): "'",
    ord("ʼ"): "'",
    ord("“"): '"',
    ord("”"): '"',
    ord("„"): '"',
    ord("‐"): "-",
    ord("‑"): "-",
}


def normalise_token(token: str) -> str:
    """The normalised form of a token: lower case, straight apostrophes, ASCII hyphens.

    Examples
    --------
    >>> normalise_token("Israel’s")
    "israel's"
    >>> normalise_token("Hamas‐Run")
    'hamas-run'
    """
    return token.translate(FOLD_TABLE).lower()
