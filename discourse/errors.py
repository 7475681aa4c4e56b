"""The one exception family raised by :mod:`discourse`.

Every message names the file, the line or row when there is one, and what to do about it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "CorpusError",
    "DiscourseError",
    "LexiconError",
    "MissingDataError",
    "NotApplicableError",
    "ReportError",
]


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

    IPython shows only the message (no traceback). :func:`discourse.render_reports`
    shows it in place of the section's results and carries on at the next section heading.
    """

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


class ReportError(DiscourseError):
    """At least one report page failed; every page and ``index.html`` were still written.

    Attributes
    ----------
    results
        The frame :func:`render_reports` would have returned (one row per notebook).
    failures
        One dict per failed page: ``notebook``, ``cell`` (the 1-based code-cell number),
        ``source`` (that cell's code), ``ename`` and ``evalue`` (the error's type and message).
    """

    def __init__(self, results: pl.DataFrame, failures: list[dict[str, Any]]) -> None:
        self.results = results
        self.failures = failures
        named = "; ".join(
            f"{f['notebook']}.ipynb failed at code cell {f['cell']}: {f['ename']}: {f['evalue']}"
            for f in failures
        )
        super().__init__(
            f"{named}. The other pages and index.html were written; open the notebook in "
            "JupyterLab with the same corpus to see the cell in full."
        )


class MissingDataError(DiscourseError):
    """Data a notebook needs is absent; the notebook stops with this message and nothing else.

    IPython shows only the message (no traceback), and :func:`render_reports` renders the
    notebook up to that point instead of failing.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"Stopped: {self}"]
