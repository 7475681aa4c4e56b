"""The ``discourse`` command: ``discourse report``, ``info``, ``terms``, ``keyness``, ``kwic`` ...

The entry point is :func:`main` (``discourse = "discourse.cli:main"`` in ``pyproject.toml``).
"""

from discourse.cli.commands import main

__all__ = ["main"]
