"""In a notebook kernel, an analysis the corpus cannot support says so and Run All goes on.

:func:`discourse.render_reports` turns a :class:`~discourse.errors.NotApplicableError` into a
sentence on the page (``discourse/reports/_notebook_run.py``). In JupyterLab the same error would
be an error output, and "Run All Cells" stops there: Lab asks the kernel to abort the cells
queued after a cell whose reply has the status ``"error"``. :func:`not_applicable_notes` makes
the kernel behave as the report does.
"""

from __future__ import annotations

import re
from typing import Any

from discourse.errors import NotApplicableError

__all__ = ["not_applicable_notes"]

#: An IPython NameError message names the missing variable this way.
_NAME_ERROR = re.compile(r"name '([^']+)' is not defined")


class _Notes:
    """The kernel side of :func:`not_applicable_notes`, registered with one IPython shell."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        #: The source of the cell being run.
        self.cell = ""
        #: The sentence shown for the cell being run, if it could not be done.
        self.reason: str | None = None
        #: Names a cell that could not be done would have made, and the sentence why.
        self.unavailable: dict[str, str] = {}

    def pre_run_cell(self, info: Any) -> None:
        self.cell = getattr(info, "raw_cell", None) or ""
        self.reason = None

    def handle(
        self, shell: Any, etype: Any, value: BaseException, tb: Any, tb_offset: Any = None
    ) -> None:
        """IPython's custom exception handler: a note for the two cases, a traceback otherwise."""
        reason = None
        if isinstance(value, NotApplicableError):
            reason = str(value)
        elif isinstance(value, NameError):
            name = getattr(value, "name", None)
            if name is None and (found := _NAME_ERROR.search(str(value))):
                name = found[1]
            reason = self.unavailable.get(name) if name else None
        if reason is None:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
            return None
        from IPython.display import display

        from discourse.reports._notebook_run import NOTE_KEY, note_markup

        self.reason = reason
        display(
            {"text/html": note_markup(reason, kind="not-applicable"), "text/plain": reason},
            raw=True,
            metadata={NOTE_KEY: reason},
        )
        return None

    def post_run_cell(self, result: Any) -> None:
        from discourse.reports._notebook_run import _assigned

        try:
            names = _assigned(self.shell.transform_cell(self.cell))
        except Exception:  # a cell IPython cannot transform binds nothing we can name
            names = set()
        if self.reason is not None:
            self.unavailable.update(dict.fromkeys(names, self.reason))
            # The sentence is the cell's result: the reply's status is "ok", so a queued Run All
            # goes on (IPython has already stopped the rest of this cell's statements).
            result.error_in_exec = None
        elif result.success:
            for name in names:
                self.unavailable.pop(name, None)


_active: _Notes | None = None


def not_applicable_notes() -> None:
    """In a notebook, show an analysis the corpus cannot support as a sentence, and go on.

    A cell that raises :class:`~discourse.NotApplicableError` (keyness on one outlet, a time
    series without dates, ...) shows the error's sentence, styled as in a rendered report, in
    place of an error, and its execution counts as done: JupyterLab's "Run All Cells" goes on
    to the next cell instead of stopping. A later cell that fails only because it needs a name
    such a cell would have made shows the same sentence. Any other error is shown and stops
    Run All as usual. :func:`discourse.render_reports` reads the sentences as before, so a
    page looks the same whether or not its notebook calls this.

    Call it once, in a notebook's first cells; calling it again changes nothing.

    Returns
    -------
    None
        It registers an IPython exception handler and two cell events for the rest of the
        session; outside IPython it does nothing.

    Examples
    --------
    Outside IPython (here, a doctest) there is no kernel to set up:

    >>> not_applicable_notes() is None
    True
    """
    global _active
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipykernel brings IPython
        return
    shell = get_ipython()
    if shell is None or (_active is not None and _active.shell is shell):
        return
    notes = _Notes(shell)
    shell.set_custom_exc((NotApplicableError, NameError), notes.handle)
    shell.events.register("pre_run_cell", notes.pre_run_cell)
    shell.events.register("post_run_cell", notes.post_run_cell)
    _active = notes
