"""Altair chart builders: tidy DataFrames from :mod:`explorer.stats` in, ``alt.Chart`` out.

Every builder is a pure function of its DataFrame (no Streamlit, no engine), so a chart is
tested through ``chart.to_dict()`` and rendered outside the app with ``vl-convert``. Every
builder returns a complete, configured top-level chart (:func:`configure`: fonts readable on a
projector, axis labels 12 px, titles 14 px and up), and never one that renders empty: when
there is nothing to draw it returns a short text chart saying so.

Colours are colour-blind safe (Okabe & Ito's palette); measured values are solid lines with
points, theory is dashed, so the two stay apart in grayscale too.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

__all__ = [
    "LABEL_FONT",
    "OKABE_ITO",
    "TITLE_FONT",
    "configure",
    "histogram_grid",
    "message_chart",
    "profile_chart",
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
):
    """Small multiples of pre-binned histograms, one panel per layer.

    Parameters
    ----------
    df : DataFrame
        From :func:`explorer.stats.layer_histograms` (columns ``layer, lo, hi, count, frac``),
        plus the ``row`` column if given (:func:`explorer.stats.concat_runs` adds ``run``).
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
    alt.FacetChart
        Bars from ``lo`` to ``hi`` (``bin="binned"``), height ``frac`` (y axis "fraction",
        shared by all panels), panel headers "layer k", tooltips ``lo, hi, count, frac``.
        The x scale is independent per panel when the layers' ranges differ. An empty frame
        gives a text chart saying so.
    """
    if df is None or df.empty:
        return message_chart("no finite values to show", title)
    keep = ["layer", "lo", "hi", "count", "frac"] + ([row] if row else [])
    data = df[keep]
    ranges = data.groupby(["layer"] + ([row] if row else []))[["lo", "hi"]].agg(
        {"lo": "min", "hi": "max"}
    )
    shared_x = ranges["lo"].nunique() == 1 and ranges["hi"].nunique() == 1

    bars = (
        alt.Chart()
        .mark_bar(color=_BAR_COLOR, binSpacing=0, stroke="white", strokeWidth=0.3)
        .encode(
            x=alt.X(
                "lo:Q",
                bin="binned",
                title=x_title,
                # exact data range (no nice rounding), a few pixels off the axes so bars at
                # the edges (saturated sigmoid, relu zeros) are not hidden by them
                scale=alt.Scale(zero=False, nice=False, padding=5),
                axis=alt.Axis(
                    labelExpr=_NUMBER_LABEL,
                    tickCount=3,
                    labelOverlap="greedy",
                    labelSeparation=6,
                    labelFlush=True,
                ),
            ),
            x2="hi:Q",
            y=alt.Y("frac:Q", title="fraction", axis=alt.Axis(format="~g", tickCount=4)),
            tooltip=[
                alt.Tooltip("layer:O"),
                alt.Tooltip("lo:Q", format=".4~g"),
                alt.Tooltip("hi:Q", format=".4~g"),
                alt.Tooltip("count:Q", format=","),
                alt.Tooltip("frac:Q", format=".3f"),
            ]
            + ([alt.Tooltip(f"{row}:N")] if row else []),
        )
        .properties(width=width, height=height)
    )
    layer_header = alt.Header(labelExpr="'layer ' + datum.value", title=None)
    if row is None:
        chart = bars.facet(
            facet=alt.Facet("layer:O", header=layer_header, title=None),
            columns=max(int(columns), 1),
            data=data,
        )
    else:
        order = list(pd.unique(data[row]))
        chart = bars.facet(
            row=alt.Row(
                f"{row}:N",
                sort=order,
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold"),
            ),
            column=alt.Column("layer:O", header=layer_header, title=None),
            data=data,
        )
    chart = _with_title(chart, title, subtitle)
    if not shared_x:
        chart = chart.resolve_scale(x="independent")
    return configure(chart)


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


def _profile_panel(d: pd.DataFrame, quantity: str, color: str, width: int, height: int, runs):
    sources = [src for src in SOURCES if src in set(d["source"])]
    dash_legend = alt.Legend(symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=400)
    if color == "run":
        colour = alt.Color(
            "run:N",
            sort=runs,
            title="initialization",
            scale=alt.Scale(
                domain=runs, range=[OKABE_ITO[k % len(OKABE_ITO)] for k in range(len(runs))]
            ),
        )
    else:
        colour = alt.Color(
            "source:N",
            title=None,
            legend=dash_legend,
            scale=alt.Scale(
                domain=sources, range=[_SOURCE_COLORS[SOURCES.index(src)] for src in sources]
            ),
        )
    dash = alt.StrokeDash(
        "source:N",
        title=None,
        legend=dash_legend,
        scale=alt.Scale(
            domain=sources, range=[list(_SOURCE_DASH[SOURCES.index(src)]) for src in sources]
        ),
    )
    top = int(d["layer"].max())
    x = alt.X(
        "layer:Q",
        title="layer",
        scale=alt.Scale(domain=[1, max(top, 2)], nice=False),
        axis=alt.Axis(values=list(range(1, top + 1, math.ceil(top / 12))), format="d"),
    )
    domain, ticks = _log_ticks(float(d["value"].min()), float(d["value"].max()))
    y = alt.Y(
        "value:Q",
        title=_PROFILE_Y_TITLES.get(quantity, f"{quantity} (log scale)"),
        scale=alt.Scale(type="log", domain=domain, nice=False),
        axis=alt.Axis(labelExpr=_NUMBER_LABEL, values=ticks),
    )
    tooltip = [
        alt.Tooltip("layer:Q"),
        alt.Tooltip("quantity:N"),
        alt.Tooltip("source:N"),
        alt.Tooltip("value:Q", format=".4~g"),
    ] + ([alt.Tooltip("run:N")] if color == "run" else [])
    base = alt.Chart(d).encode(x=x, y=y, color=colour, tooltip=tooltip)
    lines = base.mark_line(strokeWidth=2.5).encode(strokeDash=dash)
    points = base.transform_filter(alt.datum.source == "measured").mark_point(
        filled=True, size=45, opacity=1
    )
    return alt.layer(lines, points).properties(width=width, height=height, title=quantity)


def profile_chart(
    df: pd.DataFrame,
    title: str | None = None,
    color: str = "source",
    width: int = 320,
    height: int = 240,
    subtitle: str | None = None,
    note_dropped: bool = True,
):
    """Activation std and gradient norm against layer, on log scales, side by side.

    Parameters
    ----------
    df : DataFrame
        From :func:`explorer.stats.std_profile` (columns ``layer, quantity, source, value,
        run, plottable``), or several of them joined by :func:`explorer.stats.concat_runs`.
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
    alt.HConcatChart
        One panel per quantity that has plottable rows (y on a log scale with whole-decade
        ends); measured as solid lines with points, theory dashed (``strokeDash`` by
        ``source``). A text chart when nothing is plottable.

    Raises
    ------
    ValueError
        If ``color`` is not ``"source"`` or ``"run"``, or is ``"run"`` without a ``run``
        column.
    """
    if color not in ("source", "run"):
        raise ValueError(f"color must be one of ['source', 'run'], got {color!r}")
    if df is None or df.empty:
        return message_chart("nothing to plot", title)
    if color == "run" and "run" not in df.columns:
        raise ValueError("color='run' needs a 'run' column (see stats.concat_runs)")
    kept = df["value"].between(0, float("inf"), inclusive="neither")
    if "plottable" in df.columns:
        kept &= df["plottable"].astype(bool)
    keep = [c for c in ("layer", "quantity", "source", "value", "run") if c in df.columns]
    d = df.loc[kept, keep]
    if d.empty:
        return message_chart("nothing to plot: every value is zero or not finite", title)
    lines = [subtitle] if subtitle else []
    if note_dropped:
        lines += _dropped_note(df, kept, by_run=color == "run")
    runs = [str(r) for r in pd.unique(d["run"])] if color == "run" else []
    present = set(d["quantity"])
    order = [q for q in _PROFILE_Y_TITLES if q in present]
    order += [q for q in pd.unique(d["quantity"]) if q not in order]
    panels = [_profile_panel(d[d["quantity"] == q], q, color, width, height, runs) for q in order]
    chart = alt.hconcat(*panels, spacing=40)
    return configure(_with_title(chart, title, lines))


# --- training charts (explorer/ui/training.py) ---
# --- end training charts ---

# --- rbm and dbn charts (explorer/ui/rbm_view.py, dbn_view.py) ---
# --- end rbm and dbn charts ---
