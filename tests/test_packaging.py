"""environment.yml (for conda users) must list exactly the runtime dependencies of pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT

_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _split(requirement: str) -> tuple[str, str]:
    match = _REQ.match(requirement)
    assert match, requirement
    name, spec = match.groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def _pyproject(*, extras: tuple[str, ...] = ("lab", "cluster")) -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    extra = [r for name in extras for r in project["optional-dependencies"][name]]
    return dict(_split(r.replace("[dataframe]", "")) for r in [*project["dependencies"], *extra])


def _environment() -> tuple[dict[str, str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda: list[str] = []
    pip: list[str] = []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            pip.extend(item["pip"])
        else:
            conda.append(item)
    requirements = [r for r in conda if not r.startswith(("python", "pip"))] + [
        r for r in pip if not r.startswith("-e")
    ]
    return dict(_split(r) for r in requirements), pip


def test_environment_lists_the_same_dependencies_as_pyproject() -> None:
    env, _ = _environment()
    assert env == _pyproject()


def test_environment_installs_the_project_last_in_editable_mode() -> None:
    _, pip = _environment()
    assert pip[-1] == "-e ."


def test_environment_python_matches_requires_python() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python == "python" + data["project"]["requires-python"]


def test_functions_named_like_their_modules_stay_functions() -> None:
    import importlib

    import discourse

    for name in ("agency", "collocations", "keyness", "kwic", "sentiment"):
        importlib.import_module(f"discourse.{name}")
        importlib.import_module("discourse.tone.targets")
        assert callable(getattr(discourse, name)), name


#: Runtime dependencies the package uses without importing them by name, and why.
USED_WITHOUT_IMPORT = {
    "pandas": "seaborn draws from pandas frames (plots convert with to_pandas)",
    "ipykernel": "the kernel that executes the report notebooks",
    "textblob-aptagger": "its tagger pickle is read as package data by text.langdata",
}


def _imported_top_modules(*, cluster: bool = False) -> set[str]:
    """Top-level modules imported by the package (by ``discourse/cluster/`` when ``cluster``)."""
    import ast

    names: set[str] = set()
    for path in (ROOT / "discourse").rglob("*.py"):
        if ("cluster" in path.relative_to(ROOT / "discourse").parts) != cluster:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_runtime_dependencies_are_what_the_package_imports() -> None:
    import importlib.metadata
    import sys

    distributions = importlib.metadata.packages_distributions()
    imported = _imported_top_modules() - set(sys.stdlib_module_names) - {"discourse"}
    used = {_split(dist)[0] for module in imported for dist in distributions.get(module, [module])}
    declared = set(_pyproject(extras=()))
    assert used - declared == set(), "imported but not declared"
    assert declared - used == {_split(d)[0] for d in USED_WITHOUT_IMPORT}, "declared, never used"


def test_the_cluster_extra_is_what_discourse_cluster_imports() -> None:
    """Dask is optional: only ``discourse/cluster/`` imports it, from the ``cluster`` extra."""
    import importlib.metadata
    import sys

    distributions = importlib.metadata.packages_distributions()
    imported = _imported_top_modules(cluster=True) - set(sys.stdlib_module_names) - {"discourse"}
    used = {_split(dist)[0] for module in imported for dist in distributions.get(module, [module])}
    runtime = set(_pyproject(extras=()))
    cluster = set(_pyproject(extras=("cluster",))) - runtime
    assert used - runtime == cluster
