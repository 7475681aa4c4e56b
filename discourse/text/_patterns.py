"""The token definition shared by every counting function, so that all of them agree.

A token is a run of word characters, which may contain internal hyphens or apostrophes
("Hamas-run", "Israel's", "don't"), or a number with internal separators ("1,400", "3.5").

Possessives (``possessives=`` on every counter, ``tokens`` and ``kwic``): with ``"split"``, a token
ending in the clitic "'s" or "’s" ("Israel's", "Hamas’s", "UN's") is two tokens, the word and the
clitic, as the Penn Treebank, Sketch Engine and AntConc's default token definition count them; with
``"keep"`` it stays one token, as in quanteda. A hyphenated compound ("Hamas-run") is one token
either way. Contractions are not possessives and are never split: "don't", "we're", "they'll" have
no "'s", and the "'s" of a pronoun or adverb ("it's", "he's", "that's", "there's", "let's":
:data:`CONTRACTED`) is "is", "has" or "us", never a possessive, so those stay whole too. (The
Treebank also splits contractions, "do" + "n't"; that would change the counts of function words
without making any possessive visible, so this package does not.) A trailing apostrophe
("Palestinians'") is never a token in either mode: it cannot be told from a closing quote, so a
plural possessive counts as its noun.
The pattern is written for polars' Rust regex engine; :func:`discourse.text._fold.token_re` is the
same pattern for Python's ``re``, with Rust's word characters.
"""

from __future__ import annotations

#: Regex for one token in polars (Rust ``regex``); see :func:`discourse.text._fold.token_re`.
TOKEN_PATTERN: str = r"\d+(?:[.,]\d+)+|\w+(?:['’‐‑\-]\w+)*"

#: Words whose "'s" is a contraction ("it's" = "it is"), never a possessive: kept whole when
#: possessives are split. Pronouns have their own possessive forms ("its", "his"); the rest are
#: adverbs, "let" ("let's" = "let us") and wh-words ("who's" against "whose"). Nouns keep
#: the split: "Israel's" is a possessive far more often than "Israel is" in news text, and only a
#: tagger could tell the two apart (the Treebank tokenises both as "'s" too).
CONTRACTED: frozenset[str] = frozenset(
    {
        "it", "he", "she", "that", "this", "there", "here", "what", "who", "where", "when", "how",
        "why", "let",
    }
)  # fmt: skip

#: A token that ends in the possessive clitic: the word, then the clitic (straight or curly).
POSSESSIVE_PATTERN: str = r"^(.+?)(['’ʼ][sS])$"

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
