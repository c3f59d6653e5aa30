"""Charts of the Signals tab: :func:`histogram_grid` (per-layer histograms) and
:func:`profile_chart` (activation std and gradient norm against layer).

Both are redrawn on every change of the sidebar, so they are written as plain Vega-Lite dicts
(:class:`~explorer.analysis.charts.base.VegaLiteSpec`, the same spec Altair would produce,
datasets named by the same content hash): Altair's ``to_dict`` validates and deep-copies every
part and took 50--170 ms per chart, the dicts take about a millisecond. A test validates them
against the Vega-Lite schema Altair ships.
"""

from __future__ import annotations

import json
import math
import textwrap

import pandas as pd

from explorer.analysis.charts.base import (
    _NUMBER_LABEL,
    _STROKE_LEGEND,
    OKABE_ITO,
    VegaLiteSpec,
    _as_spec,
    _dataset_name,
    _log_ticks,
    _records,
    _top_level,
    message_chart,
)

__all__ = [
    "PANEL_PX",
    "SOURCES",
    "histogram_grid",
    "profile_chart",
]

SOURCES = ("measured", "theory")
_SOURCE_COLORS = (OKABE_ITO[0], OKABE_ITO[3])
_SOURCE_DASH = ([1, 0], [6, 4])
_BAR_COLOR = OKABE_ITO[0]
#: Width of one histogram panel, in pixels: five fit a laptop's main area.
PANEL_PX = 145
#: The compare view's legends go under the panels: initializers' names are long, and beside
#: the panels they would widen the chart past a laptop's main area.
_RUN_LEGEND = {"direction": "vertical", "orient": "bottom"}
_PROFILE_Y_TITLES = {
    "activation std": "activation std (log scale)",
    "gradient norm": "gradient norm ||dz|| (log scale)",
}


def histogram_grid(
    df: pd.DataFrame,
    title: str,
    columns: int = 5,
    row: str | None = None,
    width: int = PANEL_PX,
    height: int = 110,
    x_title: str = "value",
    subtitle: str | None = None,
) -> VegaLiteSpec:
    """Small multiples of pre-binned histograms, one panel per layer.

    Parameters
    ----------
    df : DataFrame
        From :func:`explorer.analysis.stats.layer_histograms` (columns ``layer, lo, hi, count,
        frac``), plus the ``row`` column if given (:func:`explorer.analysis.stats.concat_runs` adds
        ``run``).
    title : str
        Chart title.
    columns : int
        Panels per row when ``row`` is None (the grid wraps).
    row : str or None
        A column to lay out as rows, e.g. ``"run"`` for a compare view (rows = runs in the
        order they first appear, columns = layers).
    width, height : int
        Size of one panel in pixels.
    x_title : str
        Title of the x axes, e.g. ``"activation a"``.
    subtitle : str or None

    Returns
    -------
    VegaLiteSpec
        A facet chart: bars from ``lo`` to ``hi`` (``bin="binned"``), height ``frac`` (y
        axis "fraction", shared by all panels), panel headers "layer k", tooltips ``lo, hi,
        count, frac``. The x scale is independent per panel when the layers' ranges
        differ. An empty frame gives a text chart saying so.
    """
    if df is None or df.empty:
        return _as_spec(message_chart("no finite values to show", title))
    keep = ["layer", "lo", "hi", "count", "frac"] + ([row] if row else [])
    rows = _records(df, keep)
    name = _dataset_name(rows)
    # one x range for every panel? (each panel's min lo and max hi all equal)
    lo: dict = {}
    hi: dict = {}
    for r in rows:
        k = (r["layer"], r[row]) if row else r["layer"]
        lo[k] = min(lo.get(k, r["lo"]), r["lo"])
        hi[k] = max(hi.get(k, r["hi"]), r["hi"])
    shared_x = len(set(lo.values())) == 1 and len(set(hi.values())) == 1

    tooltip = [
        {"field": "layer", "type": "ordinal"},
        {"field": "lo", "format": ".4~g", "type": "quantitative"},
        {"field": "hi", "format": ".4~g", "type": "quantitative"},
        {"field": "count", "format": ",", "type": "quantitative"},
        {"field": "frac", "format": ".3f", "type": "quantitative"},
    ] + ([{"field": row, "type": "nominal"}] if row else [])
    bars = {
        "encoding": {
            "tooltip": tooltip,
            "x": {
                # exact data range (no nice rounding), a few pixels off the axes so bars at
                # the edges (saturated sigmoid, relu zeros) are not hidden by them
                "axis": {
                    "labelExpr": _NUMBER_LABEL,
                    "labelFlush": True,
                    "labelOverlap": "greedy",
                    "labelSeparation": 6,
                    "tickCount": 3,
                },
                "bin": "binned",
                "field": "lo",
                "scale": {"nice": False, "padding": 5, "zero": False},
                "title": x_title,
                "type": "quantitative",
            },
            "x2": {"field": "hi"},
            "y": {
                "axis": {"format": "~g", "tickCount": 4},
                "field": "frac",
                "title": "fraction",
                "type": "quantitative",
            },
        },
        "height": height,
        "mark": {
            "binSpacing": 0,
            "color": _BAR_COLOR,
            "stroke": "white",
            "strokeWidth": 0.3,
            "type": "bar",
        },
        "width": width,
    }
    layer_header = {"labelExpr": "'layer ' + datum.value", "title": None}
    layer_facet = {"field": "layer", "header": layer_header, "title": None, "type": "ordinal"}
    if row is None:
        body = {"columns": max(int(columns), 1), "facet": layer_facet}
    else:
        order = df[row].unique().tolist()
        row_facet = {
            "field": row,
            "header": {**_ROW_HEADER, "labelExpr": _wrapped_labels(order)},
            "sort": order,
            "title": None,
            "type": "nominal",
        }
        body = {"facet": {"column": layer_facet, "row": row_facet}}
    body["data"] = {"name": name}
    body["spec"] = bars
    if not shared_x:
        body["resolve"] = {"scale": {"x": "independent"}}
    return _top_level(body, {name: rows}, title, subtitle)


#: The header of :func:`histogram_grid`'s rows (runs): bold names, left-aligned, level.
_ROW_HEADER = {"labelAlign": "left", "labelAngle": 0, "labelFontWeight": "bold"}
#: Characters per line of a row label (an initializer's name) in :func:`histogram_grid`.
_ROW_LABEL_CHARS = 18


def _wrapped_labels(values, width: int = _ROW_LABEL_CHARS) -> str:
    """A header ``labelExpr`` that draws each of ``values`` on lines of at most ``width``
    characters (broken between words), so long names such as "LeCun normal (the lecture's
    'Xavier')" do not widen the chart; a value not listed is drawn as it is."""
    lines = {str(v): textwrap.wrap(str(v), width) or [str(v)] for v in values}
    return f"({json.dumps(lines, ensure_ascii=False)})[datum.value] || datum.value"


def _layer_ranges(layers) -> str:
    """``[1, 2, 3, 5, 7, 8]`` -> ``"1-3, 5, 7-8"`` (with en dashes)."""
    out, run = [], []
    for k in sorted({int(v) for v in layers}):
        if run and k == run[-1] + 1:
            run.append(k)
            continue
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}\u2013{run[-1]}")
        run = [k]
    if run:
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}\u2013{run[-1]}")
    return ", ".join(out)


def _dropped_note(df: pd.DataFrame, kept: pd.Series, by_run: bool) -> list[str]:
    """Lines naming the measured values left off the log scale, e.g. zero gradients."""
    gone = df[~kept & (df["source"] == "measured")]
    if gone.empty:
        return []
    keys = ["run", "quantity"] if by_run and "run" in gone.columns else ["quantity"]
    lines = []
    for key, g in gone.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        what = ", ".join(str(k) for k in key)
        word = "layer" if g["layer"].nunique() == 1 else "layers"
        lines.append(
            f"not shown (zero or not finite): {what} at {word} {_layer_ranges(g['layer'])}"
        )
    return lines


def _by_source(sources: list[str], values, legend: dict | None = None) -> dict:
    """An encoding of ``source`` (measured / theory), one of ``values`` per source (indexed
    like :data:`SOURCES`), with a line-style legend (``legend`` added to it)."""
    return {
        "field": "source",
        "legend": {**_STROKE_LEGEND, **(legend or {})},
        "scale": {
            "domain": list(sources),
            "range": [values[SOURCES.index(src)] for src in sources],
        },
        "title": None,
        "type": "nominal",
    }


def _profile_colour(color: str, sources: list[str], runs) -> dict:
    """The colour encoding of a profile panel: one colour per run (compare view) or per
    source (measured / theory)."""
    if color == "run":
        return {
            "field": "run",
            "legend": {**_RUN_LEGEND, "labelLimit": 320},
            "scale": {
                "domain": list(runs),
                "range": [OKABE_ITO[k % len(OKABE_ITO)] for k in range(len(runs))],
            },
            "sort": list(runs),
            "title": "initialization",
            "type": "nominal",
        }
    return _by_source(sources, _SOURCE_COLORS)


def _profile_encoding(rows: list[dict], quantity: str, color: str, sources, runs) -> dict:
    """The encoding of a profile panel's lines and points (a fresh copy per call, as Altair
    writes one per layer): layer on x, the value on a log y axis with whole-decade ends."""
    top = int(max(r["layer"] for r in rows))
    values = [r["value"] for r in rows]
    domain, ticks = _log_ticks(float(min(values)), float(max(values)))
    tooltip = [
        {"field": "layer", "type": "quantitative"},
        {"field": "quantity", "type": "nominal"},
        {"field": "source", "type": "nominal"},
        {"field": "value", "format": ".4~g", "type": "quantitative"},
    ] + ([{"field": "run", "type": "nominal"}] if color == "run" else [])
    return {
        "color": _profile_colour(color, sources, runs),
        "tooltip": tooltip,
        "x": {
            "axis": {"format": "d", "values": list(range(1, top + 1, math.ceil(top / 12)))},
            "field": "layer",
            "scale": {"domain": [1, max(top, 2)], "nice": False},
            "title": "layer",
            "type": "quantitative",
        },
        "y": {
            "axis": {"labelExpr": _NUMBER_LABEL, "values": list(ticks)},
            "field": "value",
            "scale": {"domain": list(domain), "nice": False, "type": "log"},
            "title": _PROFILE_Y_TITLES.get(quantity, f"{quantity} (log scale)"),
            "type": "quantitative",
        },
    }


def _profile_panel(rows: list[dict], quantity: str, color: str, width: int, height: int, runs):
    """One panel of :func:`profile_chart` (the records of one quantity) as a dict, and the
    name of its dataset."""
    present = {r["source"] for r in rows}
    sources = [src for src in SOURCES if src in present]
    lines = {
        "encoding": {
            **_profile_encoding(rows, quantity, color, sources, runs),
            # measured solid, theory dashed
            "strokeDash": _by_source(
                sources,
                [list(dash) for dash in _SOURCE_DASH],
                _RUN_LEGEND if color == "run" else None,
            ),
        },
        "mark": {"strokeWidth": 2.5, "type": "line"},
    }
    points = {
        "encoding": _profile_encoding(rows, quantity, color, sources, runs),
        "mark": {"filled": True, "opacity": 1, "size": 45, "type": "point"},
        "transform": [{"filter": "(datum.source === 'measured')"}],
    }
    name = _dataset_name(rows)
    panel = {
        "data": {"name": name},
        "height": height,
        "layer": [lines, points],
        "title": quantity,
        "width": width,
    }
    return panel, name


def profile_chart(
    df: pd.DataFrame,
    title: str | None = None,
    color: str = "source",
    width: int = 300,
    height: int = 240,
    subtitle: str | None = None,
    note_dropped: bool = True,
) -> VegaLiteSpec:
    """Activation std and gradient norm against layer, on log scales, side by side.

    Parameters
    ----------
    df : DataFrame
        From :func:`explorer.analysis.stats.std_profile` (columns ``layer, quantity, source, value,
        run, plottable``), or several of them joined by :func:`explorer.analysis.stats.concat_runs`.
        Rows that are not ``plottable`` (zero or not finite: no place on a log scale) are
        dropped here.
    title : str or None
    color : {"source", "run"}
        ``"source"``: one run, measured and theory in two colours. ``"run"``: compare view,
        one Okabe-Ito colour per run (in order of first appearance).
    width, height : int
        Size of each panel in pixels.
    subtitle : str or None
    note_dropped : bool
        Add a subtitle line naming the layers whose measured value was dropped, e.g.
        "not shown (zero or not finite): gradient norm at layer 1\u201310".

    Returns
    -------
    VegaLiteSpec
        A horizontal concat, one panel per quantity that has plottable rows (y on a log
        scale with whole-decade ends); measured as solid lines with points, theory dashed
        (``strokeDash`` by ``source``). A text chart when nothing is plottable.

    Raises
    ------
    ValueError
        If ``color`` is not ``"source"`` or ``"run"``, or is ``"run"`` without a ``run``
        column.
    """
    if color not in ("source", "run"):
        raise ValueError(f"color must be one of ['source', 'run'], got {color!r}")
    if df is None or df.empty:
        return _as_spec(message_chart("nothing to plot", title))
    if color == "run" and "run" not in df.columns:
        raise ValueError("color='run' needs a 'run' column (see stats.concat_runs)")
    keep = [c for c in ("layer", "quantity", "source", "value", "run") if c in df.columns]
    # plain records from here on: a few dozen rows, where pandas' per-call overhead dominates
    records = _records(df, keep)
    flags = df["plottable"].astype(bool).tolist() if "plottable" in df.columns else None
    kept = [
        r["value"] is not None and 0 < r["value"] < math.inf and (flags is None or bool(f))
        for r, f in zip(records, flags or records)
    ]
    d = [r for r, k in zip(records, kept) if k]
    if not d:
        return _as_spec(message_chart("nothing to plot: every value is zero or not finite", title))
    lines = [subtitle] if subtitle else []
    if note_dropped and not all(kept):
        lines += _dropped_note(df, pd.Series(kept, index=df.index), by_run=color == "run")
    runs = list(dict.fromkeys(str(r["run"]) for r in d)) if color == "run" else []
    quantities = list(dict.fromkeys(r["quantity"] for r in d))
    order = [q for q in _PROFILE_Y_TITLES if q in quantities]
    order += [q for q in quantities if q not in order]
    panels, datasets = [], {}
    for q in order:
        rows = [r for r in d if r["quantity"] == q]
        panel, name = _profile_panel(rows, q, color, width, height, runs)
        panels.append(panel)
        datasets[name] = rows
    body = {"hconcat": panels, "spacing": 40}
    if len(datasets) == 1:  # one dataset for every panel: at the top, as Altair puts it
        body["data"] = panels[0]["data"]
        for panel in panels:
            del panel["data"]
    return _top_level(body, datasets, title, lines)
