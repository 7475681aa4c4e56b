"""Build step: the wheel carries ``notebooks/*.ipynb`` as ``discourse/_notebooks/``.

The notebooks stay in one place in the repository, ``notebooks/`` (where JupyterLab opens them);
this copies them into the package at build time, so an installed ``discourse`` renders its
reports outside a checkout (``discourse.reports._notebooks`` finds either). Everything else
about the build is declared in ``pyproject.toml``.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


class BuildWithNotebooks(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            # An editable install reads notebooks/ in the checkout.
            return
        found = sorted(NOTEBOOKS.glob("*.ipynb"))
        if not found:
            raise SystemExit(f"no notebooks in {NOTEBOOKS}: the package would ship without them")
        target = Path(self.build_lib) / "discourse" / "_notebooks"
        self.mkpath(str(target))
        for notebook in found:
            self.copy_file(str(notebook), str(target / notebook.name))


setup(cmdclass={"build_py": BuildWithNotebooks})
