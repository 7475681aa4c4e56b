"""One outlet under several names ("The Guardian (London)", "Guardian.com"): ``outlet_map=``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import polars as pl
import yaml

from discourse.errors import DiscourseError


def _name_key(name: str) -> str:
    return " ".join(name.split()).lower()


def _add(mapping: dict[str, str], raw: str, outlet: str, where: str) -> None:
    if mapping.setdefault(raw, outlet) != outlet:
        raise DiscourseError(
            f"{where}: {raw!r} is mapped to both {mapping[raw]!r} and {outlet!r}; keep one"
        )


def _map_from_yaml(path: Path) -> dict[str, str]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DiscourseError(f"{path}: not a readable YAML outlet map ({exc})") from None
    if not isinstance(loaded, dict):
        raise DiscourseError(f"{path}: an outlet map holds 'raw name: outlet' lines")
    mapping: dict[str, str] = {}
    for key, value in loaded.items():
        # Either "raw: outlet" or "outlet: [raw, raw, ...]".
        if isinstance(value, list):
            for raw in value:
                _add(mapping, str(raw), str(key), str(path))
        elif isinstance(value, str | int | float):
            _add(mapping, str(key), str(value), str(path))
        else:
            raise DiscourseError(f"{path}: the entry for {key!r} must be a name or a list")
    return mapping


def _map_from_csv(path: Path) -> dict[str, str]:
    try:
        table = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DiscourseError(f"{path}: not a readable CSV outlet map ({exc})") from None
    if not {"raw", "outlet"} <= set(table.columns):
        raise DiscourseError(
            f"{path}: an outlet map CSV needs the columns 'raw' and 'outlet'; "
            f"it has {table.columns}"
        )
    mapping: dict[str, str] = {}
    for row, (raw, outlet) in enumerate(table.select("raw", "outlet").iter_rows(), start=2):
        if not raw or not outlet:
            raise DiscourseError(f"{path}, line {row}: both 'raw' and 'outlet' must be filled")
        _add(mapping, raw, outlet, f"{path}, line {row}")
    return mapping


def read_outlet_map(outlet_map: Mapping[str, str] | str | os.PathLike[str]) -> dict[str, str]:
    """``{raw name: outlet}`` from a dict, a YAML file or a CSV file (columns ``raw, outlet``).

    A YAML file holds ``raw name: outlet`` lines or ``outlet: [raw name, ...]`` lists.

    Examples
    --------
    >>> read_outlet_map({"Guardian.com": "The Guardian"})
    {'Guardian.com': 'The Guardian'}
    """
    if isinstance(outlet_map, Mapping):
        bad = [k for k, v in outlet_map.items() if not isinstance(k, str) or not isinstance(v, str)]
        if bad:
            raise DiscourseError(f"outlet_map must map names to names; check {bad[:3]}")
        return dict(outlet_map)
    path = Path(outlet_map)
    if not path.is_file():
        raise DiscourseError(f"{path}: no such outlet map file (a .yaml, .yml or .csv file)")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _map_from_yaml(path)
    if path.suffix.lower() == ".csv":
        return _map_from_csv(path)
    raise DiscourseError(f"{path}: an outlet map is a .yaml, .yml or .csv file")


def apply_outlet_map(corpus: pl.DataFrame, mapping: Mapping[str, str]) -> pl.DataFrame:
    """Merge outlet names: ``outlet`` becomes the mapped name, ``outlet_raw`` keeps the original.

    Names match whatever their case and spacing; a name the map does not list stays as it is.

    Returns
    -------
    polars.DataFrame
        The corpus with ``outlet`` replaced and ``outlet_raw`` (String, the name as read)
        added at the end.

    Examples
    --------
    >>> df = pl.DataFrame({"outlet": ["Guardian.com", "The Times"]})
    >>> apply_outlet_map(df, {"guardian.COM": "The Guardian"}).rows()
    [('The Guardian', 'Guardian.com'), ('The Times', 'The Times')]
    """
    keys: dict[str, str] = {}
    for name, outlet in mapping.items():
        earlier = keys.setdefault(_name_key(name), outlet)
        if earlier != outlet:
            raise DiscourseError(
                f"outlet_map sends {name!r} to {outlet!r}, but a name that differs from it only "
                f"in case or spacing to {earlier!r}; keep one of the two entries"
            )
    raw = pl.col("outlet")
    key = raw.str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()
    mapped = key.replace_strict(keys, default=raw, return_dtype=pl.String)
    return corpus.with_columns(outlet=mapped, outlet_raw=raw)
