"""The README's tour runs as written, from the project root."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from conftest import ROOT


def test_readme_python_blocks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks, "the README has no runnable example"
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), namespace)
    assert out.getvalue().count("shape:") >= 5
    assert namespace["corpus"].height == 41  # type: ignore[attr-defined]
    assert namespace["shares"].height > 0  # type: ignore[attr-defined]
