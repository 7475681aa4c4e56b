"""Old module paths of ``discourse`` 0.1, kept importable for one release with a warning.

Before the task subpackages, every module sat directly under ``discourse`` and the notebooks and
docs imported from them (``from discourse.lexicon import default_lexicon``). Those paths still
import, as the module's new home, and warn with the path to use instead. The names themselves
never moved: ``discourse.default_lexicon`` is the stable spelling.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Sequence

#: Old public module -> its new home. Packages that kept their name (``corpus``, ``text``,
#: ``framing``, ``stats``, ``stories``, ``reports``, ``tone``, ``cli``) re-export what they held.
MOVED: dict[str, str] = {
    "overview": "corpus.overview",
    "matching": "text.matching",
    "langdata": "text.langdata",
    "frequency": "terms.frequency",
    "keyness": "terms.keywords",
    "collocations": "terms.association",
    "kwic": "terms.concordance",
    "inference": "stats.inference",
    "lexicon": "framing.lexicon",
    "agency": "casualties",
    "sentiment": "tone.scoring",
    "diff": "stories.wording",
    "plots": "reports.plots",
}


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``discourse.<old>`` and loads it as the module at its new path."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        head, _, old = fullname.rpartition(".")
        if head != self.package or old not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        new = f"{self.package}.{MOVED[spec.name.rpartition('.')[2]]}"
        warnings.warn(
            f"{spec.name} moved to {new} and the old path goes in the next release; "
            f"import the names from {self.package} (for example `import discourse as dc`).",
            DeprecationWarning,
            stacklevel=2,
        )
        module = importlib.import_module(new)
        self.specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        # The module ran at its new path already; undo the import system's setting its
        # ``__spec__`` to the old path's.
        module.__spec__ = self.specs[module.__name__]


class _Package(types.ModuleType):
    """``discourse`` itself: importing an old module path must not rebind an exported function.

    The import system sets a loaded submodule as an attribute of its parent, so loading the old
    ``discourse.keyness`` module would replace the function ``discourse.keyness``.
    """

    #: Set by :func:`install` (a class attribute: the module's own names would shadow it).
    protected: frozenset[str] = frozenset()

    def __setattr__(self, name: str, value: object) -> None:
        if name in _Package.protected and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


def install(package: str, exported: frozenset[str]) -> None:
    """Make the old module paths of ``package`` importable, and keep its functions functions."""
    module = sys.modules[package]
    module.__class__ = _Package
    _Package.protected = exported
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.append(_Alias(package))
