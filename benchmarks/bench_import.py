"""How long ``import discourse`` takes, against what the old eager package loaded.

Run: ``python benchmarks/bench_import.py [--runs 15]``.

Each measurement is a fresh interpreter (``python -X importtime``), so nothing is cached in
``sys.modules``; the figure is the cumulative import time of the top module, the median of the runs.
Compared side by side:

- ``import discourse``: the package as shipped, which loads its subpackages on first use;
- ``import polars``: the floor any frame-returning call pays once;
- every module of the package imported (the eager package before the subpackages imported about
  this much, since its ``__init__`` pulled in agency, keyness, stories and their libraries).
"""

from __future__ import annotations

import argparse
import pkgutil
import statistics
import subprocess
import sys

import discourse

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(discourse.__path__, "discourse.")
    if not info.name.startswith("discourse._moved")
)


def import_seconds(code: str, top: str) -> float:
    """Cumulative import time of module ``top`` when ``code`` runs in a fresh interpreter."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    total = 0
    for line in run.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == top:
            total = max(total, int(parts[1]))
    return total / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    cases = {
        "import discourse": ("import discourse", "discourse"),
        "import polars": ("import polars", "polars"),
        "every discourse module": (
            "import importlib, discourse\n"
            + "".join(f"importlib.import_module({m!r})\n" for m in MODULES),
            "",
        ),
    }
    times: dict[str, float] = {}
    for name, (code, top) in cases.items():
        if top:
            samples = [import_seconds(code, top) for _ in range(runs)]
        else:
            samples = [_wall(code) for _ in range(runs)]
        times[name] = statistics.median(samples)
    base = times["import discourse"]
    print(f"{'case':<24}{'median s':>10}{'x import discourse':>20}")
    for name, seconds in times.items():
        print(f"{name:<24}{seconds:>10.4f}{seconds / base:>20.1f}")


def _wall(code: str) -> float:
    """Seconds to run ``code`` in a fresh interpreter, minus an empty interpreter's start-up."""
    timer = "import time; _t = time.perf_counter()\n{}\nprint(time.perf_counter() - _t)"
    run = subprocess.run(
        [sys.executable, "-c", timer.format(code)], capture_output=True, text=True, check=True
    )
    return float(run.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
