"""One formula, four kinds of input: Python numbers, numpy arrays, ``pl.Series`` and ``pl.Expr``.

A formula is written once against a small numpy backend (``log``, ``log2``, ``sqrt``, ``abs``,
``where``, ``undefined``). :func:`vectorised` runs it directly on numbers and arrays, and on
Series, expressions and column names through an elementwise ``map_batches`` over the same formula,
so every kind of input gets bit-identical numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import polars as pl

#: What the statistics accept and return: the output has the kind of the inputs.
Number = TypeVar("Number", float, np.ndarray, pl.Series, pl.Expr)


class Numpy:
    """Elementwise primitives for Python numbers and numpy arrays."""

    log = staticmethod(np.log)
    log2 = staticmethod(np.log2)
    sqrt = staticmethod(np.sqrt)
    abs = staticmethod(np.abs)
    undefined = np.nan

    @staticmethod
    def where(cond: Any, yes: Any, no: Any) -> Any:
        return np.where(cond, yes, no)


def to_expr(x: Any) -> pl.Expr:
    """A Float64 expression for a column name, an expression, a Series or a number."""
    if isinstance(x, pl.Expr):
        expr = x
    elif isinstance(x, str):
        expr = pl.col(x)
    else:
        expr = pl.lit(x)
    # Float from the start: products such as a·d·N overflow Int64 on real corpus sizes.
    return expr.cast(pl.Float64)


def is_polars(args: tuple[Any, ...]) -> bool:
    """Whether any argument asks for the polars path."""
    return any(isinstance(x, pl.Expr | pl.Series | str) for x in args)


def finish(expr: pl.Expr, name: str, args: tuple[Any, ...]) -> Any:
    """Name the result, turn NaN into null, and evaluate it if no argument was an expression."""
    expr = expr.fill_nan(None).alias(name)
    if any(isinstance(x, pl.Expr | str) for x in args):
        return expr
    return pl.select(expr).to_series()


def _evaluate(
    formula: Callable[..., Any], arrays: list[np.ndarray], options: dict[str, Any]
) -> Any:
    with np.errstate(all="ignore"):
        return formula(Numpy, *arrays, **options)


def vectorised(name: str, formula: Callable[..., Any], *args: Any, **options: Any) -> Any:
    """Evaluate ``formula(Numpy, *args, **options)`` and return the kind of the arguments.

    Polars inputs are evaluated batch-wise through the same numpy formula (one pass, no repeated
    sub-expressions), elementwise, so the result also works inside ``over`` and ``group_by``.
    Polars results are named ``name``; undefined values are null there and NaN in numpy.
    """
    if is_polars(args):
        fields = pl.struct(*(to_expr(x).alias(f"x{i}") for i, x in enumerate(args)))

        def batch(s: pl.Series) -> pl.Series:
            columns = [s.struct.field(f"x{i}").to_numpy() for i in range(len(args))]
            return pl.Series(np.broadcast_to(_evaluate(formula, columns, options), len(s)))

        expr = fields.map_batches(batch, return_dtype=pl.Float64, is_elementwise=True)
        return finish(expr, name, args)
    return unwrap(_evaluate(formula, [np.asarray(x, dtype=np.float64) for x in args], options))


def unwrap(out: Any) -> Any:
    """A Python float for a 0-d result, otherwise a float64 array."""
    return float(out) if np.ndim(out) == 0 else np.asarray(out, dtype=np.float64)
