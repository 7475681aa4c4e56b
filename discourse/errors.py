"""The one exception family raised by :mod:`discourse`.

Every message names the file, the line or row when there is one, and what to do about it.
"""

from __future__ import annotations

__all__ = ["CorpusError", "DiscourseError", "LexiconError"]


class DiscourseError(Exception):
    """Base class for every error raised by :mod:`discourse` on bad input or misuse."""


class CorpusError(DiscourseError):
    """A corpus source could not be read: a file, line or row is malformed.

    Attributes
    ----------
    source
        The file (or other source) that failed, as a string, or ``None``.
    line
        The 1-based line or row number that failed, or ``None`` when the whole source failed.
    reason
        A short description of what is wrong and what to do.
    """

    def __init__(self, reason: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = source or "<input>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {reason}")


class LexiconError(DiscourseError):
    """A lexicon file is malformed; the message names the file, the line and the problem."""

    def __init__(self, reason: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = source or "<lexicon>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {reason}")
