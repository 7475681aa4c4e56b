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


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(_split(r) for r in data["project"]["dependencies"])


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
