"""The analysis (polars) and the page (Vega-Lite, inlined) behind :func:`compare_page`."""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any

import polars as pl

from discourse import stats
from discourse.framing.labels import label_mentions
from discourse.framing.lexicon import Lexicon
from discourse.terms.concordance import kwic
from discourse.terms.frequency import group_sizes
from discourse.terms.keywords import keyness

_SIDE = "__side__"
_BATCH = 2_000
_POINT = [
    "kind",
    "term",
    "n_a",
    "n_b",
    "per_10k_a",
    "per_10k_b",
    "g2",
    "log_ratio",
    "x",
    "y",
]


def build_points(
    sides: pl.DataFrame,
    *,
    lexicon: Lexicon | None,
    max_terms: int,
    scale: str,
    kwic_lines: int,
    window_chars: int,
) -> tuple[pl.DataFrame, dict[str, dict[str, list[list[str]]]]]:
    """The points (terms then labels) and their KWIC lines keyed by ``kind:term``."""
    sizes = group_sizes(sides, by=_SIDE)
    tokens = dict(
        zip(sizes.get_column(_SIDE).to_list(), sizes.get_column("tokens").to_list(), strict=True)
    )
    if not tokens.get("a") or not tokens.get("b"):
        from discourse.errors import NotApplicableError

        raise NotApplicableError(
            "A comparison needs words in both groups, and one of them has no tokens; "
            "choose groups whose documents have text."
        )
    terms = (
        keyness(sides, by=_SIDE, target="a", reference="b", min_count=1)
        .with_columns(total=pl.col("n_target") + pl.col("n_reference"))
        .sort(["total", "term"], descending=[True, False])
        .head(max_terms)
        .select(
            kind=pl.lit("term"),
            term="term",
            n_a="n_target",
            n_b="n_reference",
            per_10k_a="per_10k_target",
            per_10k_b="per_10k_reference",
            g2="g2",
            log_ratio="log_ratio",
        )
    )
    mentions = label_mentions(sides.drop(_SIDE), lexicon=lexicon).join(
        sides.select("doc_id", _SIDE), on="doc_id"
    )
    mentions = mentions.with_columns(term=pl.col("label_set") + pl.lit(": ") + pl.col("label"))
    labels = _label_points(mentions, tokens["a"], tokens["b"], lexicon)
    points = pl.concat([terms, labels]).with_columns(
        pl.col("n_a", "n_b").cast(pl.Int64), pl.col("per_10k_a", "per_10k_b").cast(pl.Float64)
    )
    points = _positions(points, scale)
    lines = _term_kwic(sides, terms.get_column("term").to_list(), kwic_lines, window_chars)
    lines = pl.concat([lines, _label_kwic(sides, mentions, kwic_lines, window_chars)])
    return points.select(_POINT), _kwic_map(lines)


def _label_points(
    mentions: pl.DataFrame, tokens_a: int, tokens_b: int, lexicon: Lexicon | None
) -> pl.DataFrame:
    """One row per label of the lexicon: counts in each side, rates, signed G², Log Ratio."""
    if lexicon is None:
        from discourse.framing.lexicon import default_lexicon

        lexicon = default_lexicon()
    every = (
        lexicon.to_frame()
        .select(term=pl.col("label_set") + pl.lit(": ") + pl.col("label"))
        .unique()
    )
    counts = (
        mentions.group_by("term")
        .agg(
            n_a=(pl.col(_SIDE) == "a").sum().cast(pl.Int64),
            n_b=(pl.col(_SIDE) == "b").sum().cast(pl.Int64),
        )
        .join(every, on="term", how="right")
        .with_columns(pl.col("n_a", "n_b").fill_null(0))
    )
    a, b = pl.col("n_a"), pl.col("n_b")
    c, d = pl.lit(tokens_a, pl.Int64), pl.lit(tokens_b, pl.Int64)
    return counts.select(
        kind=pl.lit("label"),
        term="term",
        n_a="n_a",
        n_b="n_b",
        per_10k_a=a / c * 10_000,
        per_10k_b=b / d * 10_000,
        g2=stats.g2(a, b, c, d),
        log_ratio=stats.log_ratio(a, b, c, d),
    ).sort("term")


def _positions(points: pl.DataFrame, scale: str) -> pl.DataFrame:
    """x (group b) and y (group a) for each point, within its kind."""
    if scale == "rank":
        # scattertext's rank scale: dense rank of the frequency, scaled to 0..1 within a kind.
        def rank(col: str) -> pl.Expr:
            r = pl.col(col).rank("dense").over("kind").cast(pl.Float64) - 1
            top = r.max().over("kind")
            return pl.when(top > 0).then(r / top).otherwise(0.0)

        return points.with_columns(x=rank("n_b"), y=rank("n_a"))
    # log axes: a zero rate sits at half the smallest non-zero rate of the page.
    rates = pl.concat_list("per_10k_a", "per_10k_b").explode()
    floor = points.select(rates.filter(rates > 0).min()).item()
    floor = (floor or 1.0) / 2
    return points.with_columns(
        x=pl.max_horizontal("per_10k_b", pl.lit(floor)),
        y=pl.max_horizontal("per_10k_a", pl.lit(floor)),
    )


def _term_kwic(
    sides: pl.DataFrame, terms: list[str], lines: int, window_chars: int
) -> pl.DataFrame:
    """Up to ``lines`` KWIC lines per term and side, first in corpus order, batch by batch."""
    empty = pl.DataFrame(
        schema={
            "key": pl.String,
            "side": pl.String,
            "left": pl.String,
            "match": pl.String,
            "right": pl.String,
        }
    )
    if lines == 0 or not terms:
        return empty
    found: list[pl.DataFrame] = []
    need = {(t, s) for t in terms for s in ("a", "b")}
    for side in ("a", "b"):
        docs = sides.filter(pl.col(_SIDE) == side).select("doc_id", "text")
        have: dict[str, int] = {}
        for start in range(0, docs.height, _BATCH):
            query = sorted(t for t in terms if (t, side) in need)
            if not query:
                break
            hits = kwic(docs.slice(start, _BATCH), query=query, window_chars=window_chars)
            if hits.is_empty():
                continue
            hits = (
                hits.with_columns(
                    key=pl.lit("term:")
                    + pl.col("match").str.to_lowercase().str.replace_all("\u2019", "'"),
                    side=pl.lit(side),
                )
                .with_row_index("_order")
                .filter(pl.col("_order").rank("ordinal").over("key") <= lines)
                .select("key", "side", "left", "match", "right")
            )
            kept = []
            for key, group in hits.group_by("key", maintain_order=True):
                k = str(key[0])
                room = lines - have.get(k, 0)
                if room > 0:
                    kept.append(group.head(room))
                    have[k] = have.get(k, 0) + min(room, group.height)
                    if have[k] >= lines:
                        need.discard((k[len("term:") :], side))
            found.extend(kept)
    return pl.concat([empty, *found]) if found else empty


def _label_kwic(
    sides: pl.DataFrame, mentions: pl.DataFrame, lines: int, window_chars: int
) -> pl.DataFrame:
    """Up to ``lines`` mentions per label and side, with context cut from the text."""
    order = sides.select("doc_id").with_row_index("_doc")
    picked = (
        mentions.join(order, on="doc_id")
        .sort("_doc", "start")
        .filter(pl.int_range(pl.len()).over("term", _SIDE) < lines)
        .join(sides.select("doc_id", "text"), on="doc_id")
    )
    left_start = pl.max_horizontal(pl.col("start") - window_chars, pl.lit(0))
    return picked.select(
        key=pl.lit("label:") + pl.col("term"),
        side=pl.col(_SIDE),
        left=pl.col("text").str.slice(left_start, pl.col("start") - left_start),
        match=pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start")),
        right=pl.col("text").str.slice(pl.col("end"), window_chars),
    )


def _kwic_map(lines: pl.DataFrame) -> dict[str, dict[str, list[list[str]]]]:
    out: dict[str, dict[str, list[list[str]]]] = {}
    for key, side, left, match, right in lines.iter_rows():
        entry = out.setdefault(key, {"a": [], "b": []})
        entry[side].append([_oneline(left), match, _oneline(right)])
    return out


def _oneline(text: str | None) -> str:
    """Whitespace runs (newlines included) as one space; a space next to the match is kept."""
    return re.sub(r"\s+", " ", text) if text else ""


@functools.lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (from ``vl-convert-python``, no network)."""
    import vl_convert

    # The stub marks snippet required; without it the bundle sets window.vegaEmbed, vega, vegaLite.
    return str(vl_convert.javascript_bundle())  # type: ignore[call-arg]


def _json_for_script(value: Any) -> str:
    """JSON safe inside a <script> element: no ``<``, ``>`` or ``&`` can close or open a tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _spec(
    points: pl.DataFrame, *, name_a: str, name_b: str, scale: str, color: str
) -> dict[str, Any]:
    rows = points.with_columns(
        pl.col("per_10k_a", "per_10k_b", "g2", "log_ratio", "x", "y").round(6)
    ).to_dicts()
    for i, row in enumerate(rows):
        row["id"] = f"{row['kind']}:{row['term']}"
        row["i"] = i
    log = scale == "rate"
    axis_a = f"{name_a}: " + ("per 10k tokens" if log else "frequency rank")
    axis_b = f"{name_b}: " + ("per 10k tokens" if log else "frequency rank")
    stat = "signed G²" if color == "g2" else "Log Ratio"
    hit = "q != '' && indexof(lower(datum.term), lower(q)) >= 0"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 640,
        "height": 640,
        "params": [{"name": "q", "value": ""}, {"name": "kind", "value": "term"}],
        "data": {"values": rows},
        "transform": [{"filter": "datum.kind == kind"}],
        "layer": [
            {
                "mark": {"type": "circle", "cursor": "pointer"},
                "encoding": {
                    "x": {
                        "field": "x",
                        "type": "quantitative",
                        "title": axis_b,
                        "scale": {"type": "log"} if log else {"domain": [0, 1]},
                    },
                    "y": {
                        "field": "y",
                        "type": "quantitative",
                        "title": axis_a,
                        "scale": {"type": "log"} if log else {"domain": [0, 1]},
                    },
                    "color": {
                        "field": color,
                        "type": "quantitative",
                        "title": f"{stat} (+ {name_a})",
                        "scale": {
                            "type": "symlog",
                            "scheme": "redblue",
                            "domainMid": 0,
                            "reverse": True,
                        },
                    },
                    "size": {"condition": {"test": hit, "value": 260}, "value": 30},
                    "opacity": {
                        "condition": {"test": f"q == '' || ({hit})", "value": 0.85},
                        "value": 0.12,
                    },
                    "stroke": {"condition": {"test": hit, "value": "black"}, "value": None},
                    "tooltip": [
                        {"field": "term", "title": "term"},
                        {"field": "n_a", "title": f"n in {name_a}"},
                        {"field": "n_b", "title": f"n in {name_b}"},
                        {"field": "per_10k_a", "title": f"per 10k in {name_a}", "format": ".2f"},
                        {"field": "per_10k_b", "title": f"per 10k in {name_b}", "format": ".2f"},
                        {"field": "g2", "title": "signed G²", "format": ".2f"},
                        {"field": "log_ratio", "title": "Log Ratio", "format": ".2f"},
                    ],
                },
            },
            {
                "transform": [{"filter": hit}],
                "mark": {"type": "text", "align": "left", "dx": 8, "fontWeight": "bold"},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "text": {"field": "term"},
                },
            },
        ],
    }


def render_page(
    points: pl.DataFrame,
    kwic_map: dict[str, dict[str, list[list[str]]]],
    *,
    name_a: str,
    name_b: str,
    title: str,
    scale: str,
    color: str,
    docs: tuple[int, int],
) -> str:
    spec = _spec(points, name_a=name_a, name_b=name_b, scale=scale, color=color)
    payload = {"spec": spec, "kwic": kwic_map, "a": name_a, "b": name_b}
    n_terms = points.filter(pl.col("kind") == "term").height
    n_labels = points.height - n_terms
    replacements = {
        "{{TITLE}}": html.escape(title),
        "{{NAME_A}}": html.escape(name_a),
        "{{NAME_B}}": html.escape(name_b),
        "{{SUMMARY}}": html.escape(
            f"{docs[0]:,} documents in {name_a}, {docs[1]:,} in {name_b}; "
            f"{n_terms:,} terms (the most frequent), {n_labels:,} designation labels. "
            f"Colour: {'signed G²' if color == 'g2' else 'Log Ratio'}, "
            f"positive where {name_a} uses the word more."
        ),
        "{{BUNDLE}}": vega_bundle().replace("</script", "<\\/script"),
        "{{DATA}}": _json_for_script(payload),
    }
    return re.sub(r"\{\{[A-Z_]+\}\}", lambda m: replacements[m.group(0)], _TEMPLATE)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
#controls { margin: .5em 0 1em; display: flex; gap: 1.5em; align-items: center; flex-wrap: wrap; }
#layout { display: flex; gap: 1.5em; align-items: flex-start; flex-wrap: wrap; }
#kwic { flex: 1; min-width: 320px; max-width: 640px; font-size: 14px; }
#kwic h3 { margin: .2em 0; }
#kwic h4 { margin: .8em 0 .2em; }
.line { font-family: ui-monospace, monospace; font-size: 12.5px; margin: .2em 0; }
.line mark { background: #ffe066; font-weight: bold; }
.note { color: #666; }
</style>
</head>
<body>
<h1>{{TITLE}}</h1>
<p class="note">{{SUMMARY}}</p>
<div id="controls">
<label>Search: <input id="search" type="search" placeholder="a term" autocomplete="off"></label>
<span>Show:
<label><input type="radio" name="kind" value="term" checked> terms</label>
<label><input type="radio" name="kind" value="label"> designation labels</label>
</span>
</div>
<div id="layout">
<div id="plot"></div>
<div id="kwic"><p class="note">Click a point to see its lines in context from both groups.</p></div>
</div>
<script type="application/json" id="compare-data">{{DATA}}</script>
<script>{{BUNDLE}}</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("compare-data").textContent);
  var panel = document.getElementById("kwic");
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function show(datum) {
    var lines = data.kwic[datum.id] || {a: [], b: []};
    panel.replaceChildren();
    panel.appendChild(el("h3", datum.term));
    panel.dataset.term = datum.term;
    [["a", data.a, datum.n_a], ["b", data.b, datum.n_b]].forEach(function (side) {
      panel.appendChild(el("h4", side[1] + " (" + side[2] + " in all)"));
      var rows = lines[side[0]] || [];
      if (!rows.length) { panel.appendChild(el("p", "No lines.", "note")); }
      rows.forEach(function (row) {
        var p = el("p", undefined, "line");
        p.dataset.side = side[0];
        p.appendChild(document.createTextNode(row[0]));
        p.appendChild(el("mark", row[1]));
        p.appendChild(document.createTextNode(row[2]));
        panel.appendChild(p);
      });
    });
  }
  window.vegaEmbed("#plot", data.spec, {actions: false, renderer: "svg"}).then(function (result) {
    var view = result.view;
    window.compareView = view;
    document.getElementById("search").addEventListener("input", function (event) {
      view.signal("q", event.target.value).runAsync();
    });
    document.querySelectorAll("input[name=kind]").forEach(function (radio) {
      radio.addEventListener("change", function (event) {
        view.signal("kind", event.target.value).runAsync();
        panel.replaceChildren(el("p", "Click a point to see its lines in context.", "note"));
      });
    });
    view.addEventListener("click", function (event, item) {
      if (item && item.datum && item.datum.id !== undefined) { show(item.datum); }
    });
    document.body.dataset.ready = "1";
  });
})();
</script>
</body>
</html>
"""
