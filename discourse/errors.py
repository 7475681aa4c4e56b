"""The one exception family raised by :mod:`discourse`.

Every message names the file, the line or row when there is one, and what to do about it.
"""

from __future__ import annotations

__all__ = ["CorpusError", "DiscourseError", "LexiconError", "NotApplicableError"]


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


class NotApplicableError(DiscourseError):
    """An analysis cannot be done on this corpus, and the message says why in one plain sentence.

    Raised, for example, by keyness on a corpus with one outlet, by a time series on undated
    documents, or by a pairwise comparison that finds no pairs. The message names what the
    corpus lacks and what the user could add (another outlet, a ``published`` column, ...).

    IPython shows only the message (no traceback). :func:`discourse.reports.render_reports`
    shows it in place of the section's results and carries on at the next section heading.
    """

    def _render_traceback_(self) -> list[str]:
        return [str(self)]
