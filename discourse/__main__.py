"""``python -m discourse``: the ``discourse`` command (see :mod:`discourse.cli`)."""

from discourse.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
