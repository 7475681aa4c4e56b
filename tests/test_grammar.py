"""The API grammar, checked on every export so that it cannot drift.

STYLE.md and the README state the grammar: the frame (or the one input) first and positional,
every other option keyword-only; grouping is always ``by: str | Sequence[str] | None`` with
``None`` as its default; no option that sorts is called ``by``; context windows name their unit;
docstrings say what comes back and show it. One export list (``discourse._EXPORTS``) feeds the
package, its subpackages and ``__all__``; this file checks that they agree.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import types
import typing
import warnings
from pathlib import Path
from typing import Literal

import polars as pl
import pytest

import discourse as dc
from discourse._typing import By

FUNCTIONS = sorted(name for name in dc._EXPORTS if inspect.isfunction(getattr(dc, name)))
CLASSES = sorted(name for name in dc._EXPORTS if inspect.isclass(getattr(dc, name)))

#: Window options must say their unit in their name.
WINDOW_NAMES = {"window_chars", "window_tokens", "window_sentences"}


def _modules() -> list[types.ModuleType]:
    found = []
    for info in pkgutil.walk_packages(dc.__path__, "discourse."):
        if info.name.startswith("discourse._moved"):
            continue
        found.append(importlib.import_module(info.name))
    return found


def test_the_export_list_is_the_package_all() -> None:
    errors = sorted(name for name in dir(dc.errors) if name.endswith("Error"))
    assert sorted(dc.__all__) == sorted([*dc._EXPORTS, *errors, "stats"])


@pytest.mark.parametrize("name", sorted(dc._EXPORTS))
def test_each_export_is_defined_where_the_list_says(name: str) -> None:
    obj = getattr(dc, name)
    assert obj.__module__ == f"discourse.{dc._EXPORTS[name]}"
    package = dc._EXPORTS[name].split(".")[0]
    sub = importlib.import_module(f"discourse.{package}")
    assert name in sub.__all__
    assert getattr(sub, name) is obj


def test_subpackages_export_exactly_their_part_of_the_list() -> None:
    for package in dc.SUBPACKAGES:
        if package in {"stats", "cli"}:
            continue
        sub = importlib.import_module(f"discourse.{package}")
        mine = sorted(n for n, m in dc._EXPORTS.items() if m.split(".")[0] == package)
        assert sorted(sub.__all__) == mine, package


def test_every_public_function_of_a_public_module_is_exported() -> None:
    """A public module's public functions are in the export list, or the name is private."""
    exported = {(dc._EXPORTS[n], n) for n in dc._EXPORTS}
    missing = []
    for module in _modules():
        short = module.__name__.removeprefix("discourse.")
        if any(part.startswith("_") for part in short.split(".")):
            continue
        if short.split(".")[0] in {"stats", "cli", "errors"}:
            continue
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if obj.__module__ != module.__name__:
                continue
            if (short, name) not in exported:
                missing.append(f"{module.__name__}.{name}")
    assert missing == []


def test_each_public_module_all_lists_its_exports() -> None:
    """A public module's ``__all__`` names exactly the functions and classes exported from it."""
    wrong = {}
    for module in _modules():
        short = module.__name__.removeprefix("discourse.")
        if any(p.startswith("_") for p in short.split(".")) or not hasattr(module, "__all__"):
            continue
        if module.__name__.count(".") < 2 or short.split(".")[0] in {"stats", "cli", "errors"}:
            continue
        listed = sorted(n for n in module.__all__ if callable(getattr(module, n)))
        mine = sorted(n for n, m in dc._EXPORTS.items() if m == short)
        if listed != mine:
            wrong[short] = (listed, mine)
    assert wrong == {}


def test_no_module_is_named_like_an_export() -> None:
    """A submodule named like a function would replace it on its package when imported."""
    clashes = [m.__name__ for m in _modules() if m.__name__.rsplit(".", 1)[-1] in dc._EXPORTS]
    assert clashes == []


def test_the_package_folders_read_like_the_feature_list() -> None:
    root = Path(dc.__file__).parent
    folders = sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert folders == sorted(dc.SUBPACKAGES)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_only_the_first_parameter_is_positional(name: str) -> None:
    params = list(inspect.signature(getattr(dc, name)).parameters.values())
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert len(positional) <= 1, positional
    assert all(p.kind != p.VAR_POSITIONAL for p in params)
    if positional:
        assert params[0].name == positional[0]


def _hints(name: str) -> dict[str, object]:
    return typing.get_type_hints(getattr(dc, name))


def _frame_first(name: str) -> bool:
    params = list(inspect.signature(getattr(dc, name)).parameters)
    if not params:
        return False
    hint = _hints(name).get(params[0])
    return pl.DataFrame in typing.get_args(hint) or hint is pl.DataFrame


@pytest.mark.parametrize("name", FUNCTIONS)
def test_a_frame_argument_may_be_lazy(name: str) -> None:
    if not _frame_first(name):
        pytest.skip("takes no frame")
    first = next(iter(inspect.signature(getattr(dc, name)).parameters))
    assert pl.LazyFrame in typing.get_args(_hints(name)[first])


@pytest.mark.parametrize("name", FUNCTIONS)
def test_by_has_one_type_and_one_default(name: str) -> None:
    params = inspect.signature(getattr(dc, name)).parameters
    if "by" not in params:
        pytest.skip("no grouping")
    assert params["by"].kind == inspect.Parameter.KEYWORD_ONLY
    assert params["by"].default is None
    assert _hints(name)["by"] == By


@pytest.mark.parametrize("name", FUNCTIONS)
def test_windows_name_their_unit(name: str) -> None:
    params = inspect.signature(getattr(dc, name)).parameters
    assert "window" not in params
    assert "sort" not in params or "by" not in params or params["sort"].name == "sort"


@pytest.mark.parametrize("name", FUNCTIONS + CLASSES)
def test_docstrings_say_what_comes_back_and_show_it(name: str) -> None:
    doc = inspect.getdoc(getattr(dc, name)) or ""
    assert "Examples\n--------" in doc
    if name in FUNCTIONS:
        assert "Returns\n-------" in doc


def test_lexicon_is_always_keyword_only() -> None:
    for name in FUNCTIONS:
        params = inspect.signature(getattr(dc, name)).parameters
        if "lexicon" in params:
            assert params["lexicon"].kind == inspect.Parameter.KEYWORD_ONLY, name


#: Plain ``str`` options with a string default: they name a column of the input frame ...
COLUMN_OPTIONS = frozenset(
    {
        "text",
        "date",
        "on",
        "term",
        "label",
        "value",
        "share",
        "lower",
        "upper",
        "period",
        "measure",
        "column",
        "panel",
        "weight",
    }
)
#: ... or take free text.
FREE_TEXT_OPTIONS = frozenset({"encoding", "user_agent"})


def test_fixed_choices_are_literal_aliases() -> None:
    """A string option is a column name, free text, or a fixed choice typed ``Literal``."""
    plain = []
    for name in FUNCTIONS:
        hints = _hints(name)
        for param in inspect.signature(getattr(dc, name)).parameters.values():
            if (
                not isinstance(param.default, str)
                or typing.get_origin(hints[param.name]) is Literal
            ):
                continue
            if param.name not in COLUMN_OPTIONS | FREE_TEXT_OPTIONS:
                plain.append(f"{name}({param.name}={param.default!r})")
    assert plain == []


def test_import_discourse_loads_no_heavy_library() -> None:
    code = (
        "import sys, discourse; heavy = ['polars', 'scipy', 'nltk', 'textblob', 'matplotlib', "
        "'seaborn', 'datasketch', 'nbformat', 'pandas', 'numpy']; "
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_old_module_paths_still_import_with_a_warning() -> None:
    from discourse import _moved

    for old, new in _moved.MOVED.items():
        sys.modules.pop(f"discourse.{old}", None)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module = importlib.import_module(f"discourse.{old}")
        assert module is importlib.import_module(f"discourse.{new}")
        assert any(issubclass(w.category, DeprecationWarning) for w in caught), old
    for name in dc._EXPORTS:
        assert not isinstance(getattr(dc, name), types.ModuleType), name
