"""Chart builders: tidy DataFrames from :mod:`explorer.analysis.stats` in, Vega-Lite out.

Every builder is a pure function of its DataFrame (no Streamlit, no engine), so a chart is
tested through ``chart.to_dict()`` and rendered outside the app with ``vl-convert``. Every
builder returns a complete, configured top-level chart (:func:`configure`: fonts readable on a
projector, axis labels 12 px, titles 14 px and up), and never one that renders empty: when
there is nothing to draw it returns a short text chart saying so.

Most builders return Altair charts. The Signals tab's two charts, :func:`profile_chart` and
:func:`histogram_grid`, are redrawn on every change of the sidebar, so they are written as
plain Vega-Lite dicts (:class:`VegaLiteSpec`, the same spec Altair would produce, datasets
named by the same content hash): Altair's ``to_dict`` validates and deep-copies every part
and took 50--170 ms per chart, the dicts take about a millisecond. A test validates them
against the Vega-Lite schema Altair ships.

Colours are colour-blind safe (Okabe & Ito's palette); measured values are solid lines with
points, theory is dashed, so the two stay apart in grayscale too.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

__all__ = [
    "LABEL_FONT",
    "OKABE_ITO",
    "TITLE_FONT",
    "VegaLiteSpec",
    "configure",
    "histogram_grid",
    "message_chart",
    "profile_chart",
    "validate_spec",
]

#: Okabe & Ito (2008) colour-blind-safe palette, yellow last (weak on white).
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
LABEL_FONT = 12
TITLE_FONT = 14
_CHART_TITLE_FONT = 16
_HEADER_FONT = 13

SOURCES = ("measured", "theory")
_SOURCE_COLORS = (OKABE_ITO[0], OKABE_ITO[3])
_SOURCE_DASH = ([1, 0], [6, 4])
_BAR_COLOR = OKABE_ITO[0]

# Axis labels: plain numbers between 0.001 and 10000, compact exponents ("2e-7") outside.
_NUMBER_LABEL = (
    "datum.value == 0 || (abs(datum.value) >= 0.001 && abs(datum.value) < 10000)"
    " ? format(datum.value, '~g') : replace(format(datum.value, '.1~e'), 'e+', 'e')"
)

_PROFILE_Y_TITLES = {
    "activation std": "activation std (log scale)",
    "gradient norm": "gradient norm ||dz|| (log scale)",
}


def configure(chart):
    """Apply the projector-readable fonts to a top-level chart.

    Parameters
    ----------
    chart : alt.Chart, alt.FacetChart, alt.HConcatChart, ...
        A complete chart; after this it can no longer be layered or concatenated.

    Returns
    -------
    The same kind of chart, with axis labels 12 px, axis / legend / header titles 14 px,
    panel headers 13 px and the chart title 16 px.
    """
    # One Config set in place: each ``configure_*`` call would deep-copy the whole chart.
    chart.config = alt.Config(
        axis=alt.AxisConfig(
            labelFontSize=LABEL_FONT, titleFontSize=TITLE_FONT, titleFontWeight="normal"
        ),
        header=alt.HeaderConfig(labelFontSize=_HEADER_FONT, titleFontSize=TITLE_FONT),
        legend=alt.LegendConfig(labelFontSize=LABEL_FONT, titleFontSize=TITLE_FONT),
        title=alt.TitleConfig(
            fontSize=_CHART_TITLE_FONT, anchor="start", subtitleFontSize=LABEL_FONT
        ),
        view=alt.ViewConfig(strokeWidth=0.5),
    )
    return chart


def _config() -> dict:
    """The ``config`` of a chart through :func:`configure`, as Altair writes it (with its
    default continuous view size), for the specs written as dicts."""
    return {
        "axis": {
            "labelFontSize": LABEL_FONT,
            "titleFontSize": TITLE_FONT,
            "titleFontWeight": "normal",
        },
        "header": {"labelFontSize": _HEADER_FONT, "titleFontSize": TITLE_FONT},
        "legend": {"labelFontSize": LABEL_FONT, "titleFontSize": TITLE_FONT},
        "title": {"anchor": "start", "fontSize": _CHART_TITLE_FONT, "subtitleFontSize": LABEL_FONT},
        "view": {"continuousHeight": 300, "continuousWidth": 300, "strokeWidth": 0.5},
    }


class VegaLiteSpec(dict):
    """A finished top-level Vega-Lite spec: a plain ``dict`` that also answers like a chart.

    The app draws it as it is (``st.vega_lite_chart`` takes a dict); ``to_dict`` and
    ``to_json`` let tests and callers treat it like the Altair charts the other builders
    return.
    """

    def to_dict(self, validate: bool = True) -> dict:
        """A deep copy as a plain dict, validated against the Vega-Lite schema by default.

        Parameters
        ----------
        validate : bool
            Check the spec against the schema Altair ships (as ``alt.Chart.to_dict`` does);
            raises ``jsonschema.ValidationError`` when it does not conform.

        Returns
        -------
        dict
        """
        out = json.loads(json.dumps(self))
        if validate:
            validate_spec(out)
        return out

    def to_json(self, validate: bool = True, indent: int | str | None = 2, **kwargs) -> str:
        """The spec as JSON text (keys sorted, like Altair's ``to_json``).

        Parameters
        ----------
        validate : bool
            See :meth:`to_dict`.
        indent : int, str or None
        **kwargs
            Passed to :func:`json.dumps`.

        Returns
        -------
        str
        """
        kwargs.setdefault("sort_keys", True)
        return json.dumps(self.to_dict(validate=validate), indent=indent, **kwargs)


def validate_spec(spec: dict) -> None:
    """Check a Vega-Lite dict against the schema of the installed Altair.

    Parameters
    ----------
    spec : dict

    Raises
    ------
    jsonschema.ValidationError
        When the spec does not conform.
    """
    from altair.utils.schemapi import validate_jsonschema

    schema = alt.vegalite.load_schema()  # the schema of alt.SCHEMA_URL
    validate_jsonschema(spec, schema, rootschema=schema)


def _records(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    """A frame's rows as Vega-Lite records, as Altair writes them: plain Python ints, floats
    and strings, non-finite floats and missing values as ``None``."""
    cols = []
    for c in columns:
        s = df[c]
        values = s.tolist()
        if s.dtype.kind == "f":
            if not ((s - s) == 0).all():  # x - x is 0 exactly when x is finite
                values = [v if math.isfinite(v) else None for v in values]
        elif s.dtype.kind not in "iub" and s.hasnans:
            values = [None if pd.isna(v) else v for v in values]
        cols.append(values)
    return [dict(zip(columns, r)) for r in zip(*cols)]


def _dataset_name(rows: list[dict]) -> str:
    """The name Altair gives a dataset: ``data-`` and the first 32 hex digits of the SHA-256
    of the records' sorted JSON."""
    text = json.dumps(rows, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def _title(title: str | None, subtitle: str | list[str] | None = None) -> dict | None:
    """The ``title`` of :func:`_with_title` as a dict (``None``: no title)."""
    if not title and not subtitle:
        return None
    if subtitle:
        return {"text": title or "", "subtitle": subtitle}
    return {"text": title}


def _top_level(body: dict, datasets: dict, title=None, subtitle=None) -> VegaLiteSpec:
    """A configured top-level spec from a view ``body`` and its named datasets."""
    spec = {"$schema": alt.SCHEMA_URL, "config": _config(), **body}
    head = _title(title, subtitle)
    if head is not None:
        spec["title"] = head
    spec["datasets"] = datasets
    return VegaLiteSpec(spec)


def _as_spec(chart) -> VegaLiteSpec:
    """An Altair chart (e.g. :func:`message_chart`) as a :class:`VegaLiteSpec`."""
    return VegaLiteSpec(chart.to_dict(validate=False))


_FONT_KEYS = {
    "axis": ("labelFontSize", "titleFontSize"),
    "header": ("labelFontSize", "titleFontSize"),
    "legend": ("labelFontSize", "titleFontSize"),
    "title": ("fontSize", "subtitleFontSize"),
    "text": ("fontSize",),
}


def presentation_spec(spec: dict, factor: float = 1.5) -> dict:
    """A copy of a Vega-Lite spec made readable from the back of a room.

    Parameters
    ----------
    spec : dict
        A complete spec (``chart.to_dict()``), with the fonts :func:`configure` set.
    factor : float
        Font sizes are multiplied by it; lines get thicker and points larger.

    Returns
    -------
    dict
        The spec with a scaled ``config``; data and encodings are untouched.
    """
    out = dict(spec)
    config = {k: dict(v) if isinstance(v, dict) else v for k, v in spec.get("config", {}).items()}
    for key, fonts in _FONT_KEYS.items():
        part = config.setdefault(key, {})
        for f in fonts:
            part[f] = round(part.get(f, LABEL_FONT) * factor, 1)
    config["line"] = {**config.get("line", {}), "strokeWidth": 4}
    config["point"] = {**config.get("point", {}), "size": 90}
    out["config"] = config
    return out


#: Keys whose string values are names, not words: never translated.
_NAME_KEYS = frozenset({"field", "type", "$schema", "name", "as", "groupby", "format", "bin"})


def translate_spec(spec: dict, words: Mapping[str, str]) -> dict:
    """A copy of a Vega-Lite spec with its words in another language.

    Every string value equal to a key of ``words`` is replaced, wherever it sits — titles,
    legend and scale domains, data values — so data, scales and legends stay consistent;
    quoted words inside expressions (``datum.source == 'measured'``, header
    ``labelExpr``) are replaced the same way. Names (``field``, ``type``, dataset names,
    column keys) are left alone.

    Parameters
    ----------
    spec : dict
        A complete spec (``chart.to_dict()``).
    words : mapping of str to str
        English word or phrase -> translation. Longer phrases win over shorter ones inside
        expressions.

    Returns
    -------
    dict
    """
    if not words:
        return spec
    quoted = sorted(words, key=len, reverse=True)

    def expr(s: str) -> str:
        for w in quoted:
            for q in ("'", '"'):
                s = s.replace(f"{q}{w}{q}", f"{q}{words[w]}{q}").replace(
                    f"{q}{w} {q}", f"{q}{words[w]} {q}"
                )
        return s

    def walk(v, key=None):
        if isinstance(v, dict):
            return {k: (x if k in _NAME_KEYS else walk(x, k)) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, key) for x in v]
        if isinstance(v, str):
            if v in words:
                return words[v]
            if key in ("labelExpr", "filter", "expr", "test", "calculate"):
                return expr(v)
        return v

    return walk(spec)


def _with_title(chart, title: str | None, subtitle: str | list[str] | None = None):
    """``chart`` with a title (and subtitle lines) when there is one."""
    if not title and not subtitle:
        return chart
    if subtitle:
        return chart.properties(title=alt.TitleParams(title or "", subtitle=subtitle))
    return chart.properties(title=alt.TitleParams(title))


def message_chart(message: str, title: str | None = None, width: int = 400) -> alt.Chart:
    """A chart holding one line of text, for when there is nothing to draw.

    Parameters
    ----------
    message : str
    title : str or None
    width : int

    Returns
    -------
    alt.Chart
    """
    chart = (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(fontSize=TITLE_FONT, align="left", baseline="middle", x=5, color="#444444")
        .encode(text="message:N")
        .properties(width=width, height=40)
    )
    return configure(_with_title(chart, title))


def histogram_grid(
    df: pd.DataFrame,
    title: str,
    columns: int = 5,
    row: str | None = None,
    width: int = 150,
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
            "header": {"labelAlign": "left", "labelAngle": 0, "labelFontWeight": "bold"},
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


def _log_ticks(lo: float, hi: float, max_ticks: int = 8) -> tuple[list[float], list[float]]:
    """Domain and tick values of a log axis covering positive ``lo .. hi``.

    Whole decades at the ends; ticks at 1, 2, 5 x 10^k over up to two decades, else at powers
    of ten, every ``step``-th decade so there are at most ``max_ticks`` (a profile of an
    exploding net spans hundreds of decades).
    """
    lo_e = max(math.floor(math.log10(lo)), -307)
    hi_e = min(max(math.ceil(math.log10(hi)), lo_e + 1), 308)
    lo_e = min(lo_e, hi_e - 1)
    span = hi_e - lo_e
    if span <= 2:
        ticks = [m * 10.0**e for e in range(lo_e, hi_e) for m in (1, 2, 5)] + [10.0**hi_e]
    else:
        step = math.ceil(span / (max_ticks - 1))
        hi_e = min(lo_e + step * math.ceil(span / step), 308)
        ticks = [10.0**e for e in range(lo_e, hi_e + 1, step)]
    # beyond 1e-307 .. 1e308 the domain ends at the data itself
    return [min(10.0**lo_e, lo), max(10.0**hi_e, hi)], ticks


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


def _profile_panel(rows: list[dict], quantity: str, color: str, width: int, height: int, runs):
    """One panel of :func:`profile_chart` (the records of one quantity) as a dict, and the
    name of its dataset."""
    present = {r["source"] for r in rows}
    sources = [src for src in SOURCES if src in present]

    def dash_legend() -> dict:
        return {"symbolSize": 400, "symbolStrokeWidth": 2.5, "symbolType": "stroke"}

    def colour() -> dict:
        if color == "run":
            return {
                "field": "run",
                "legend": {"labelLimit": 320},
                "scale": {
                    "domain": list(runs),
                    "range": [OKABE_ITO[k % len(OKABE_ITO)] for k in range(len(runs))],
                },
                "sort": list(runs),
                "title": "initialization",
                "type": "nominal",
            }
        return {
            "field": "source",
            "legend": dash_legend(),
            "scale": {
                "domain": list(sources),
                "range": [_SOURCE_COLORS[SOURCES.index(src)] for src in sources],
            },
            "title": None,
            "type": "nominal",
        }

    dash = {
        "field": "source",
        "legend": dash_legend(),
        "scale": {
            "domain": list(sources),
            "range": [list(_SOURCE_DASH[SOURCES.index(src)]) for src in sources],
        },
        "title": None,
        "type": "nominal",
    }
    top = int(max(r["layer"] for r in rows))
    values = [r["value"] for r in rows]
    domain, ticks = _log_ticks(float(min(values)), float(max(values)))

    def encoding() -> dict:  # a fresh copy per layer, as Altair writes it
        tooltip = [
            {"field": "layer", "type": "quantitative"},
            {"field": "quantity", "type": "nominal"},
            {"field": "source", "type": "nominal"},
            {"field": "value", "format": ".4~g", "type": "quantitative"},
        ] + ([{"field": "run", "type": "nominal"}] if color == "run" else [])
        return {
            "color": colour(),
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

    lines = {
        "encoding": {**encoding(), "strokeDash": dash},
        "mark": {"strokeWidth": 2.5, "type": "line"},
    }
    points = {
        "encoding": encoding(),
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
    width: int = 320,
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


# --- training charts (explorer/ui/training.py) ---
#: Dash of the training curves (validation is solid).
TRAIN_SPLITS = ("train", "validation")
_TR_SPLIT_DASH = ([6, 4], [1, 0])
_TR_ZERO_COLOR = "#c8c8c8"  # exactly-zero cells of a log-scale heatmap
_TR_NONFINITE_COLOR = OKABE_ITO[3]  # vermillion: NaN / inf, apart from viridis
#: Okabe-Ito in the order that keeps the first few colours furthest apart for colour-blind
#: viewers (blue, orange, bluish green, reddish purple, then vermillion, sky blue, black):
#: orange and vermillion, and blue and sky blue, only meet from the fifth run on.
DISTINCT_COLORS = tuple(OKABE_ITO[k] for k in (0, 1, 2, 4, 3, 5, 6))
#: English templates of the words these builders compose from values. A chart in another
#: language passes its own templates as ``notes`` (same keys and fields; the app's are the
#: ``chart_<key>`` texts of explorer/ui/texts.py), so no word stays English.
NOTES = {
    "chance": "chance ({p:.0%})",
    "not_finite": "not shown (not finite): {run} from epoch {epoch}",
    "below": "values below {lo:.0e} are drawn in the darkest colour",
    "output": "out",
    "some_layers": "hidden layers {layers} of {n}",
    "all_zero": "{name} — every weight is exactly 0",
    "layer": "layer {k}",
}


def _note(notes: Mapping[str, str] | None, key: str, **fmt) -> str:
    """``NOTES[key]`` (or the caller's template for ``key``) formatted with ``fmt``."""
    return ((notes or {}).get(key) or NOTES[key]).format(**fmt)


def _quoted(notes: Mapping[str, str] | None, key: str) -> str:
    """A note as a string literal of a Vega expression."""
    return json.dumps(_note(notes, key), ensure_ascii=False)


def _tr_title(chart, title: str | None, subtitle):
    """:func:`_with_title`, with a blank title line when there is only a subtitle (Vega
    draws no subtitle under an empty title)."""
    if subtitle and not title:
        title = " "
    return _with_title(chart, title, subtitle)


def run_colors(runs) -> alt.Scale:
    """One colour per run, in the given order (the same scale in every chart).

    The colours are :data:`DISTINCT_COLORS` (Okabe-Ito, colour-blind safe), in that order.

    Parameters
    ----------
    runs : sequence of str
        Run labels in display order.

    Returns
    -------
    alt.Scale
    """
    runs = [str(r) for r in runs]
    n = len(DISTINCT_COLORS)
    return alt.Scale(domain=runs, range=[DISTINCT_COLORS[k % n] for k in range(len(runs))])


def _tr_run_color(runs, legend: bool = True) -> alt.Color:
    return alt.Color(
        "run:N",
        sort=list(runs),
        title="initialization",
        scale=run_colors(runs),
        # above the panels: long labels (Korean ones are wider) never push it off the page
        legend=alt.Legend(labelLimit=360, orient="top", direction="horizontal") if legend else None,
    )


def _tr_epoch_axis(max_epoch: int) -> alt.Axis:
    step = max(1, math.ceil(max(max_epoch, 1) / 10))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if s >= step)
    return alt.Axis(values=list(range(0, max_epoch + 1, step)), format="d")


def training_curves_chart(
    df: pd.DataFrame,
    runs=None,
    chance: float | None = None,
    title: str | None = None,
    subtitle: str | list[str] | None = None,
    width: int = 340,
    height: int = 250,
    notes: Mapping[str, str] | None = None,
):
    """Loss and accuracy against epoch, every run in its colour, training dashed.

    Parameters
    ----------
    df : DataFrame
        From :func:`explorer.analysis.frames.training_curves` (``run, epoch, metric, split, value,
        finite``). Non-finite values (a diverged run) are left out and named in a subtitle.
    runs : sequence of str, optional
        Colour order (default: order of first appearance).
    chance : float, optional
        Accuracy of guessing (``1 / n_classes``), drawn as a grey rule labelled "chance".
    title, subtitle : str, optional
    width, height : int
        Size of each of the two panels.
    notes : mapping of str to str, optional
        Templates for the composed words (:data:`NOTES` keys ``chance``, ``not_finite``).

    Returns
    -------
    alt.HConcatChart
        Left: loss (log scale); right: accuracy (0–100 %). x is the epoch from 0 (the
        initialization). A text chart when nothing is finite.
    """
    if df is None or df.empty or not df["finite"].any():
        return message_chart("nothing to plot: no finite loss or accuracy", title)
    runs = [str(r) for r in (runs if runs is not None else pd.unique(df["run"]))]
    d = df.loc[df["finite"], ["run", "epoch", "metric", "split", "value"]]
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    gone = df.loc[~df["finite"]]
    if not gone.empty:
        for run, g in gone.groupby("run", sort=False):
            lines.append(_note(notes, "not_finite", run=run, epoch=int(g["epoch"].min())))
    top = int(d["epoch"].max())
    x = alt.X(
        "epoch:Q",
        title="epoch (0 = initialization)",
        scale=alt.Scale(domain=[0, max(top, 1)], nice=False),
        axis=_tr_epoch_axis(top),
    )
    dash = alt.StrokeDash(
        "split:N",
        title="data",
        scale=alt.Scale(domain=list(TRAIN_SPLITS), range=[list(s) for s in _TR_SPLIT_DASH]),
        legend=alt.Legend(
            symbolType="stroke",
            symbolStrokeWidth=2.5,
            symbolSize=400,
            orient="top",
            direction="horizontal",
        ),
    )
    tooltip = [
        alt.Tooltip("run:N", title="initialization"),
        alt.Tooltip("split:N", title="data"),
        alt.Tooltip("epoch:Q"),
        alt.Tooltip("value:Q", format=".4~g"),
    ]
    color = _tr_run_color(runs)

    # one dataset for both panels (each filters its rows): fewer conversions when drawn
    loss = d[(d["metric"] == "loss") & (d["value"] > 0)]
    if loss.empty:
        loss_panel = alt.Chart(alt.Data(values=[{"m": "no positive loss"}])).mark_text()
        loss_panel = loss_panel.encode(text="m:N")
    else:
        domain, ticks = _log_ticks(float(loss["value"].min()), float(loss["value"].max()))
        loss_panel = (
            alt.Chart()
            .transform_filter((alt.datum.metric == "loss") & (alt.datum.value > 0))
            .mark_line(strokeWidth=2.2)
            .encode(
                x=x,
                y=alt.Y(
                    "value:Q",
                    title="cross-entropy loss (log scale)",
                    scale=alt.Scale(type="log", domain=domain, nice=False),
                    axis=alt.Axis(labelExpr=_NUMBER_LABEL, values=ticks),
                ),
                color=color,
                strokeDash=dash,
                detail="split:N",
                tooltip=tooltip,
            )
        )
    loss_panel = loss_panel.properties(width=width, height=height, title="loss")

    acc_lines = (
        alt.Chart()
        .transform_filter(alt.datum.metric == "accuracy")
        .mark_line(strokeWidth=2.2)
        .encode(
            x=x,
            y=alt.Y(
                "value:Q",
                title="accuracy",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=5),
            ),
            color=color,
            strokeDash=dash,
            detail="split:N",
            tooltip=tooltip,
        )
    )
    layers = [acc_lines]
    if chance is not None and math.isfinite(chance):
        ref = alt.Data(values=[{"y": float(chance), "label": _note(notes, "chance", p=chance)}])
        rule = alt.Chart(ref).mark_rule(color="#777777", strokeDash=[2, 2]).encode(y="y:Q")
        text = (
            alt.Chart(ref)
            .mark_text(align="right", baseline="bottom", dx=-2, dy=-2, color="#555555")
            .encode(y="y:Q", x=alt.value(width), text="label:N")
        )
        layers = [rule, text, acc_lines]
    acc_panel = alt.layer(*layers).properties(width=width, height=height, title="accuracy")
    chart = alt.hconcat(loss_panel, acc_panel, spacing=40, data=d)
    return configure(_tr_title(chart, title, lines or None))


def layer_epoch_heatmap(
    df: pd.DataFrame,
    runs=None,
    title: str | None = None,
    value_title: str = "‖∂L/∂z‖",
    subtitle: str | list[str] | None = None,
    columns: int = 2,
    width: int = 330,
    cell_height: int = 22,
    max_decades: int = 6,
    notes: Mapping[str, str] | None = None,
):
    """A per-layer statistic by layer (rows) × epoch (columns), one panel per run.

    Parameters
    ----------
    df : DataFrame
        From :func:`explorer.analysis.frames.layer_epoch_grid` (``run, epoch, layer, value, kind``).
    runs : sequence of str, optional
        Panel order (default: order of first appearance).
    title, subtitle : str, optional
    value_title : str
        Legend title of the colour scale.
    columns : int
        Panels per row.
    width : int
        Width of a panel in pixels.
    cell_height : int
        Height of one layer's row in pixels.
    max_decades : int
        Most decades the colour scale spans, down from the largest value; smaller values
        get the darkest colour (a subtitle says so; tooltips keep the exact value).
    notes : mapping of str to str, optional
        Templates for the composed words (:data:`NOTES` keys ``below``, ``output``).

    Returns
    -------
    alt.FacetChart
        Positive values on a shared log colour scale (viridis, colour-blind safe); cells
        that are exactly 0 in light grey and non-finite cells in vermillion, with their own
        legend, so a layer no gradient reaches is visibly "zero", not missing. The output
        layer is the top row. A text chart for an empty frame.
    """
    if df is None or df.empty:
        return message_chart("nothing to plot", title)
    runs = [str(r) for r in (runs if runs is not None else pd.unique(df["run"]))]
    d = df[["run", "epoch", "layer", "value", "kind"]].copy()
    d["special"] = d["kind"].map({"zero": "exactly 0", "nonfinite": "not finite"})
    pos = d.loc[d["kind"] == "positive", "value"]
    n_layers = int(d["layer"].max())
    top = int(d["epoch"].max())
    x = alt.X(
        "epoch:O",
        title="epoch (0 = initialization)",
        axis=alt.Axis(values=_tr_epoch_axis(top).values, labelAngle=0),
    )
    y = alt.Y(
        "layer:O",
        title="layer",
        sort="descending",
        axis=alt.Axis(
            labelExpr=f"datum.value == {n_layers} ? {_quoted(notes, 'output')} : datum.value"
        ),
    )
    tooltip = [
        alt.Tooltip("run:N", title="initialization"),
        alt.Tooltip("layer:O"),
        alt.Tooltip("epoch:O"),
        alt.Tooltip("value:Q", format=".3~e", title=value_title),
    ]
    base = alt.Chart().encode(x=x, y=y, tooltip=tooltip)
    parts = []
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    if not pos.empty:
        lo, hi = float(pos.min()), float(pos.max())
        if hi <= lo:
            lo, hi = lo / 10, hi * 10
        if lo < hi / 10**max_decades:
            # a vanishing gradient (1e-19) would squeeze every other run into one colour
            lo = hi / 10**max_decades
            lines.append(_note(notes, "below", lo=lo))
        parts.append(
            base.transform_filter(alt.datum.kind == "positive")
            .mark_rect()
            .encode(
                color=alt.Color(
                    "value:Q",
                    title=f"{value_title} (log)",
                    scale=alt.Scale(type="log", scheme="viridis", domain=[lo, hi], clamp=True),
                    legend=alt.Legend(format=".0e", gradientLength=160),
                )
            )
        )
    special = [s for s in ("exactly 0", "not finite") if s in set(d["special"].dropna())]
    if special:
        parts.append(
            base.transform_filter(alt.datum.kind != "positive")
            .mark_rect()
            .encode(
                # fill, not color: a second legend, shared by all panels like the first
                fill=alt.Fill(
                    "special:N",
                    title=None,
                    scale=alt.Scale(
                        domain=["exactly 0", "not finite"],
                        range=[_TR_ZERO_COLOR, _TR_NONFINITE_COLOR],
                    ),
                )
            )
        )
    cell_height = max(6, min(int(cell_height), 480 // n_layers))  # deep nets stay on screen
    layered = alt.layer(*parts).properties(width=width, height=cell_height * n_layers)
    chart = layered.facet(
        facet=alt.Facet(
            "run:N",
            sort=runs,
            title=None,
            header=alt.Header(labelFontWeight="bold", labelAnchor="start", labelLimit=400),
        ),
        columns=max(int(columns), 1),
        data=d,
    )
    return configure(_tr_title(chart, title, lines or None))


def distinct_units_chart(
    df: pd.DataFrame,
    runs=None,
    title: str | None = None,
    subtitle: str | list[str] | None = None,
    columns: int = 4,
    width: int = 200,
    height: int = 170,
    max_panels: int = 8,
    notes: Mapping[str, str] | None = None,
):
    """Distinct hidden units per layer against epoch, one panel per hidden layer.

    Parameters
    ----------
    df : DataFrame
        From :func:`explorer.analysis.frames.distinct_units_frame` (``run, epoch, layer, n_distinct,
        units``).
    runs : sequence of str, optional
        Colour order (the same as the training curves').
    title, subtitle : str, optional
    columns : int
        Panels per row.
    width, height : int
        Size of a panel.
    max_panels : int
        Most layers drawn: a deeper net shows evenly spaced layers, first and last
        included, and a subtitle says which.
    notes : mapping of str to str, optional
        Templates for the composed words (:data:`NOTES` key ``some_layers``).

    Returns
    -------
    alt.FacetChart
        y on a log scale from 1 to the widest layer, so "1 unit" (zero initialization:
        every unit a copy of one) sits on the floor and "all distinct" on the ceiling.
    """
    if df is None or df.empty:
        return message_chart("nothing to plot", title)
    runs = [str(r) for r in (runs if runs is not None else pd.unique(df["run"]))]
    d = df[["run", "epoch", "layer", "n_distinct", "units"]]
    layers = sorted(pd.unique(d["layer"]))
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    if len(layers) > max_panels > 1:
        step = (len(layers) - 1) / (max_panels - 1)
        keep = sorted({layers[round(i * step)] for i in range(max_panels)})
        d = d[d["layer"].isin(keep)]
        lines.append(_note(notes, "some_layers", layers=", ".join(map(str, keep)), n=len(layers)))
    top = int(d["epoch"].max())
    widest = max(int(d["units"].max()), 2)
    _, ticks = _log_ticks(1.0, float(widest))
    ticks = [v for v in ticks if v <= widest] + ([widest] if widest not in ticks else [])
    panel = (
        alt.Chart()
        .mark_line(strokeWidth=2.2, point=alt.OverlayMarkDef(size=18, filled=True))
        .encode(
            x=alt.X(
                "epoch:Q",
                title="epoch",
                scale=alt.Scale(domain=[0, max(top, 1)], nice=False),
                axis=_tr_epoch_axis(top),
            ),
            y=alt.Y(
                "n_distinct:Q",
                title="distinct units (log scale)",
                scale=alt.Scale(type="log", domain=[1, widest], nice=False),
                axis=alt.Axis(values=ticks, format="d"),
            ),
            color=_tr_run_color(runs),
            tooltip=[
                alt.Tooltip("run:N", title="initialization"),
                alt.Tooltip("layer:O"),
                alt.Tooltip("epoch:Q"),
                alt.Tooltip("n_distinct:Q", title="distinct units"),
                alt.Tooltip("units:Q", title="of units"),
            ],
        )
        .properties(width=width, height=height)
    )
    chart = panel.facet(
        facet=alt.Facet(
            "layer:O", title=None, header=alt.Header(labelExpr="'hidden layer ' + datum.value")
        ),
        columns=max(int(columns), 1),
        data=d,
    )
    return configure(_tr_title(chart, title, lines or None))


def weights_heatmaps(
    panels,
    title: str | None = None,
    subtitle: str | list[str] | None = None,
    width: int = 380,
    cell_height: int = 8,
    notes: Mapping[str, str] | None = None,
):
    """Weight matrices side by side as heatmaps (rows = units, columns = inputs).

    Parameters
    ----------
    panels : mapping of str to DataFrame
        Panel title -> frame from :func:`explorer.analysis.frames.weights_frame`
        (``unit, input, value``).
    title, subtitle : str, optional
    width : int
        Width of a panel in pixels.
    cell_height : int
        Height of one unit's row.
    notes : mapping of str to str, optional
        Templates for the composed words (:data:`NOTES` key ``all_zero``).

    Returns
    -------
    alt.HConcatChart
        Each panel on its own diverging colour scale (blue–orange, symmetric about 0, so
        white is 0): rows that are copies of each other show as identical stripes. A panel
        whose weights are all 0 says so in its title.
    """
    charts, frames = [], []
    for k, (name, df) in enumerate(panels.items()):
        if df is None or df.empty:
            continue
        frames.append(df[["unit", "input", "value"]].assign(panel=k))
        m = float(df["value"].abs().max())
        name = str(name)
        if m == 0.0:
            name = _note(notes, "all_zero", name=name)
        m = m if m > 0 else 1.0
        n_units = int(df["unit"].max())
        inputs = sorted(pd.unique(df["input"]))
        step = max(1, math.ceil(len(inputs) / 16))
        chart = (
            alt.Chart()
            .transform_filter(alt.FieldEqualPredicate(field="panel", equal=k))
            .mark_rect()
            .encode(
                x=alt.X(
                    "input:O",
                    title="input (pixel)",
                    axis=alt.Axis(values=[int(v) for v in inputs[::step]], labelAngle=0),
                ),
                y=alt.Y("unit:O", title="hidden unit", axis=alt.Axis(labelOverlap="greedy")),
                color=alt.Color(
                    "value:Q",
                    title="weight",
                    scale=alt.Scale(scheme="blueorange", domain=[-m, m], domainMid=0),
                    legend=alt.Legend(format=".2~g", gradientLength=140),
                ),
                tooltip=[
                    alt.Tooltip("unit:O", title="unit"),
                    alt.Tooltip("input:O", title="input"),
                    alt.Tooltip("value:Q", format=".4~g", title="weight"),
                ],
            )
            .properties(
                width=width,
                height=cell_height * n_units,
                title=alt.TitleParams(name, fontSize=TITLE_FONT, limit=width + 60),
            )
        )
        charts.append(chart)
    if not charts:
        return message_chart("no weights to show", title)
    data = pd.concat(frames, ignore_index=True)  # one dataset, each panel filters its rows
    chart = alt.hconcat(*charts, spacing=30, data=data).resolve_scale(color="independent")
    return configure(_tr_title(chart, title, subtitle))


# --- end training charts ---

# --- rbm and dbn charts (explorer/ui/rbm_view.py, dbn_view.py) ---
#: Point shapes of the DBN layers, so layers stay apart without colour.
_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
#: Fixed colours of the RBM curves' splits, so train / held-out read the same in every panel.
RBM_SPLIT_COLORS = {
    "train": OKABE_ITO[0],
    "held-out": OKABE_ITO[1],
    "held-out − train": OKABE_ITO[3],
}
#: Held-out curves are dashed, so they stay visible where they lie on the training curves.
_RBM_SPLIT_DASH = {"train": [1, 0], "held-out": [6, 3], "held-out − train": [1, 0]}
#: Order of the DBN runs (colours follow it): pre-trained, small random, Xavier.
DBN_RUN_ORDER = ("dbn", "normal", "xavier")
_DBN_SPLIT_DASH = {"validation": [1, 0], "train": [5, 3]}


def _epoch_axis(top: int, start: int) -> alt.X:
    step = max(1, math.ceil((top - start + 1) / 12))
    return alt.X(
        "epoch:Q",
        title="epoch",
        scale=alt.Scale(domain=[start, max(top, start + 1)], nice=False),
        axis=alt.Axis(values=list(range(start, top + 1, step)), format="d"),
    )


def rbm_curves_chart(
    df: pd.DataFrame,
    title: str | None = None,
    width: int = 215,  # three panels and their axes fit a 900-px column
    height: int = 200,
    subtitle: str | None = None,
):
    """An RBM's per-epoch curves, one panel per quantity, train vs held-out.

    Parameters
    ----------
    df : DataFrame
        :attr:`explorer.services.rbm_runs.RBMResult.curves`: columns ``epoch, quantity, split,
        value``. Non-finite values are dropped.
    title, subtitle : str or None
    width, height : int
        Size of each panel in pixels.

    Returns
    -------
    alt.HConcatChart
        Panels in order of first appearance ("reconstruction error", "free energy",
        "free-energy gap"), lines with points coloured by ``split`` (held-out dashed; one
        shared legend), a dashed zero rule in a panel whose values change sign. A text chart
        when there is nothing finite to draw.
    """
    if df is None or df.empty:
        return message_chart("no epochs to show yet", title)
    d = df[["epoch", "quantity", "split", "value"]]
    d = d[d["value"].map(math.isfinite)]
    if d.empty:
        return message_chart("no finite values to show", title)
    splits = [s for s in pd.unique(d["split"])]
    palette = [RBM_SPLIT_COLORS.get(s, OKABE_ITO[(4 + i) % 8]) for i, s in enumerate(splits)]
    legend = alt.Legend(
        orient="top", labelLimit=300, symbolType="stroke", symbolStrokeWidth=3, symbolSize=400
    )
    colour = alt.Color(
        "split:N", title=None, scale=alt.Scale(domain=splits, range=palette), legend=legend
    )
    dash = alt.StrokeDash(
        "split:N",
        title=None,
        scale=alt.Scale(domain=splits, range=[_RBM_SPLIT_DASH.get(s, [1, 0]) for s in splits]),
        legend=legend,
    )
    top = int(d["epoch"].max())
    panels = []
    for quantity in pd.unique(d["quantity"]):
        q = d[d["quantity"] == quantity]
        base = alt.Chart(q).encode(
            x=_epoch_axis(top, 1),
            y=alt.Y(
                "value:Q",
                title=str(quantity),
                scale=alt.Scale(zero=False),
                axis=alt.Axis(labelExpr=_NUMBER_LABEL, tickCount=5),
            ),
            color=colour,
            tooltip=[
                alt.Tooltip("epoch:Q"),
                alt.Tooltip("split:N"),
                alt.Tooltip("value:Q", format=".4~g"),
            ],
        )
        layers = [
            base.mark_line(strokeWidth=2.5).encode(strokeDash=dash),
            base.mark_point(filled=True, size=30),
        ]
        if q["value"].min() < 0 < q["value"].max():
            rule = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(
                strokeDash=[4, 4], color="#888888"
            )
            layers.append(rule.encode(y="zero:Q"))
        panels.append(
            alt.layer(*layers).properties(width=width, height=height, title=str(quantity))
        )
    chart = alt.hconcat(*panels, spacing=30)
    return configure(_with_title(chart, title, subtitle))


def dbn_pretrain_chart(
    df: pd.DataFrame,
    title: str | None = None,
    width: int = 420,
    height: int = 220,
    notes: Mapping[str, str] | None = None,
):
    """Each pre-trained layer's reconstruction error per epoch, on a log scale.

    Parameters
    ----------
    df : DataFrame
        :attr:`explorer.services.rbm_runs.DBNResult.pretrain_curves`: columns ``layer, epoch,
        recon_error``.
    title : str or None
    width, height : int
    notes : mapping of str to str, optional
        Templates for the composed words (:data:`NOTES` key ``layer``: the legend entries).

    Returns
    -------
    alt.HConcatChart
        One panel: one line per layer (legend "layer k"), each layer in its own colour
        (:data:`DISTINCT_COLORS`) and point shape, y on a log scale. A text chart when there
        is nothing positive and finite to draw.
    """
    if df is None or df.empty:
        return message_chart("no layer pre-trained yet", title)
    d = df[["layer", "epoch", "recon_error"]]
    d = d[d["recon_error"].map(lambda v: math.isfinite(v) and v > 0)]
    if d.empty:
        return message_chart("no finite reconstruction errors to show", title)
    d = d.assign(label=[_note(notes, "layer", k=int(k)) for k in d["layer"]])
    names = list(pd.unique(d["label"]))
    domain, ticks = _log_ticks(float(d["recon_error"].min()), float(d["recon_error"].max()))
    base = alt.Chart(d).encode(
        x=_epoch_axis(int(d["epoch"].max()), 1),
        y=alt.Y(
            "recon_error:Q",
            title="reconstruction error (log scale)",
            scale=alt.Scale(type="log", domain=domain, nice=False),
            axis=alt.Axis(labelExpr=_NUMBER_LABEL, values=ticks),
        ),
        color=alt.Color(
            "label:N",
            title=None,
            sort=names,
            scale=run_colors(names),
            legend=alt.Legend(orient="right", symbolStrokeWidth=3, symbolSize=120),
        ),
        tooltip=[
            alt.Tooltip("label:N", title="layer"),
            alt.Tooltip("epoch:Q"),
            alt.Tooltip("recon_error:Q", format=".4~g", title="reconstruction error"),
        ],
    )
    shape = alt.Shape(  # a second cue besides colour: one point shape per layer
        "label:N",
        title=None,
        sort=names,
        scale=alt.Scale(domain=names, range=[_SHAPES[i % len(_SHAPES)] for i in range(len(names))]),
    )
    points = base.mark_point(filled=True, size=45, opacity=1).encode(shape=shape)
    panel = alt.layer(base.mark_line(strokeWidth=2.5), points).properties(
        width=width, height=height
    )
    # a one-panel concat: Streamlit keeps its size and title (a single view is fitted into
    # the container, which flattens it and drops the title)
    return configure(_with_title(alt.hconcat(panel), title))


def dbn_finetune_chart(
    df: pd.DataFrame,
    labels: dict[str, str] | None = None,
    title: str | None = None,
    width: int = 340,
    height: int = 240,
    subtitle: str | None = None,
):
    """Fine-tuning accuracy and loss per epoch of each start, validation solid, train dashed.

    Parameters
    ----------
    df : DataFrame
        :attr:`explorer.services.rbm_runs.DBNResult.finetune_curves`: columns ``run, epoch, metric,
        split, value``; ``epoch`` 0 is the start.
    labels : dict or None
        Run key -> legend label (e.g. ``{"dbn": "RBM pre-training (DBN)"}``); keys not in it
        are shown as they are.
    title, subtitle : str or None
    width, height : int
        Size of each panel.

    Returns
    -------
    alt.HConcatChart
        An "accuracy" panel (y from 0 to 1) and a "loss" panel; colour and point shape by
        run (DBN blue, N(0, 0.01²) orange, Xavier green), stroke dash by split. A text chart
        when empty.
    """
    if df is None or df.empty:
        return message_chart("no fine-tuning epochs yet", title)
    labels = labels or {}
    d = df[["run", "epoch", "metric", "split", "value"]]
    d = d[d["value"].map(math.isfinite)]
    if d.empty:
        return message_chart("no finite values to show", title)
    keys = [k for k in DBN_RUN_ORDER if k in set(d["run"])]
    keys += [k for k in pd.unique(d["run"]) if k not in keys]
    names = [labels.get(k, k) for k in keys]
    d = d.assign(run=d["run"].map(lambda k: labels.get(k, k)))
    splits = [s for s in ("validation", "train") if s in set(d["split"])]
    colour = alt.Color(
        "run:N",
        title=None,
        sort=names,
        scale=alt.Scale(domain=names, range=[OKABE_ITO[i % 7] for i in range(len(names))]),
        legend=alt.Legend(orient="top", labelLimit=320, symbolStrokeWidth=3),
    )
    dash = alt.StrokeDash(
        "split:N",
        title=None,
        sort=splits,
        scale=alt.Scale(domain=splits, range=[_DBN_SPLIT_DASH[s] for s in splits]),
        legend=alt.Legend(
            orient="top",
            symbolType="stroke",
            symbolStrokeColor="#444444",
            symbolStrokeWidth=2.5,
            symbolSize=400,
        ),
    )
    # runs that end up on the same curve (two starts both stuck at chance) stay visible:
    # earlier runs are drawn wider underneath, and each run has its own point shape
    widths = alt.StrokeWidth(
        "run:N",
        sort=names,
        scale=alt.Scale(domain=names, range=[2.5, 5.0, 2.0, 2.0][: len(names)] or [2.5]),
        legend=None,
    )
    shapes = alt.Shape(
        "run:N",
        sort=names,
        scale=alt.Scale(domain=names, range=["circle", "square", "triangle-up", "diamond"]),
        title=None,
    )
    top = int(d["epoch"].max())
    panels = []
    for metric, y_title, scale in (
        ("accuracy", "accuracy", alt.Scale(domain=[0, 1])),
        ("loss", "cross-entropy loss", alt.Scale(zero=True)),
    ):
        m = d[d["metric"] == metric]
        if m.empty:
            continue
        base = alt.Chart(m).encode(
            x=_epoch_axis(top, 0),
            y=alt.Y("value:Q", title=y_title, scale=scale, axis=alt.Axis(format="~g")),
            color=colour,
            tooltip=[
                alt.Tooltip("run:N"),
                alt.Tooltip("split:N"),
                alt.Tooltip("epoch:Q"),
                alt.Tooltip("value:Q", format=".3f", title=metric),
            ],
        )
        points = (
            base.transform_filter(alt.datum.split == "validation")
            .mark_point(filled=True, size=40)
            .encode(shape=shapes)
        )
        panels.append(
            alt.layer(
                base.mark_line().encode(strokeWidth=widths, strokeDash=dash), points
            ).properties(width=width, height=height, title=metric)
        )
    chart = alt.hconcat(*panels, spacing=40)
    return configure(_with_title(chart, title, subtitle))


# --- end rbm and dbn charts ---
