"""Charts of the Training tab (and the lesson's training steps): loss and accuracy curves,
the layer × epoch heatmap, distinct units per layer and the weight heatmaps.

Frames in from :mod:`explorer.analysis.frames`; every run keeps its colour
(:func:`~explorer.analysis.charts.base.run_colors`) in every chart.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

from explorer.analysis.charts.base import (
    OKABE_ITO,
    TITLE_FONT,
    _log_ticks,
    _log_y,
    _note,
    _stroke_legend,
    finish,
    message_chart,
    run_colors,
)

__all__ = [
    "TRAIN_SPLITS",
    "distinct_units_chart",
    "layer_epoch_heatmap",
    "training_curves_chart",
    "weights_heatmaps",
]

#: Dash of the training curves (validation is solid).
TRAIN_SPLITS = ("train", "validation")
_TR_SPLIT_DASH = ([6, 4], [1, 0])
_TR_ZERO_COLOR = "#c8c8c8"  # exactly-zero cells of a log-scale heatmap
_TR_NONFINITE_COLOR = OKABE_ITO[3]  # vermillion: NaN / inf, apart from viridis


def _quoted(notes: Mapping[str, str] | None, key: str) -> str:
    """A note as a string literal of a Vega expression."""
    return json.dumps(_note(notes, key), ensure_ascii=False)


def _tr_run_color(runs, legend: bool = True) -> alt.Color:
    return alt.Color(
        "run:N",
        sort=list(runs),
        title="initialization",
        scale=run_colors(runs),
        # above the panels, two entries a row: long labels (Korean ones are wider, and larger
        # in present mode) never push it past the panels, nor off a 1280-px projector
        legend=alt.Legend(labelLimit=360, orient="top", direction="horizontal", columns=2)
        if legend
        else None,
    )


def _tr_epoch_axis(max_epoch: int) -> alt.Axis:
    step = max(1, math.ceil(max(max_epoch, 1) / 10))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if s >= step)
    return alt.Axis(values=list(range(0, max_epoch + 1, step)), format="d")


def _tr_epoch_x(top: int, title: str) -> alt.X:
    """Epochs 0 .. ``top`` on a quantitative x axis (at least 0 .. 1)."""
    return alt.X(
        "epoch:Q",
        title=title,
        scale=alt.Scale(domain=[0, max(top, 1)], nice=False),
        axis=_tr_epoch_axis(top),
    )


def _run_order(df: pd.DataFrame, runs) -> list[str]:
    """``runs`` as strings, or the runs of ``df`` in order of first appearance."""
    return [str(r) for r in (runs if runs is not None else pd.unique(df["run"]))]


def _subtitle_lines(subtitle: str | list[str] | None) -> list[str]:
    """A subtitle as a list of lines, for the builders to add lines to."""
    return [subtitle] if isinstance(subtitle, str) else list(subtitle or [])


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
    runs = _run_order(df, runs)
    d = df.loc[df["finite"], ["run", "epoch", "metric", "split", "value"]]
    lines = _subtitle_lines(subtitle)
    gone = df.loc[~df["finite"]]
    if not gone.empty:
        for run, g in gone.groupby("run", sort=False):
            lines.append(_note(notes, "not_finite", run=run, epoch=int(g["epoch"].min())))
    enc = _curve_encoding(runs, int(d["epoch"].max()))
    # one dataset for both panels (each filters its rows): fewer conversions when drawn
    loss_panel = _loss_panel(d, enc).properties(width=width, height=height, title="loss")
    acc_panel = _accuracy_panel(enc, chance, width, notes)
    acc_panel = acc_panel.properties(width=width, height=height, title="accuracy")
    chart = alt.hconcat(loss_panel, acc_panel, spacing=40, data=d)
    return finish(chart, title, lines or None)


def _curve_encoding(runs: list[str], top: int) -> dict:
    """The channels both panels of :func:`training_curves_chart` share, all but y: epoch on
    x, the run as colour, the split as dash (training dashed), tooltips."""
    return dict(
        x=_tr_epoch_x(top, "epoch (0 = initialization)"),
        color=_tr_run_color(runs),
        strokeDash=alt.StrokeDash(
            "split:N",
            title="data",
            scale=alt.Scale(domain=list(TRAIN_SPLITS), range=[list(s) for s in _TR_SPLIT_DASH]),
            legend=_stroke_legend(orient="top", direction="horizontal"),
        ),
        detail="split:N",
        tooltip=[
            alt.Tooltip("run:N", title="initialization"),
            alt.Tooltip("split:N", title="data"),
            alt.Tooltip("epoch:Q"),
            alt.Tooltip("value:Q", format=".4~g"),
        ],
    )


def _loss_panel(d: pd.DataFrame, enc: dict):
    """The loss panel of :func:`training_curves_chart`: positive losses on a log scale, or a
    line of text when there are none."""
    loss = d[(d["metric"] == "loss") & (d["value"] > 0)]
    if loss.empty:
        panel = alt.Chart(alt.Data(values=[{"m": "no positive loss"}])).mark_text()
        return panel.encode(text="m:N")
    lo, hi = float(loss["value"].min()), float(loss["value"].max())
    return (
        alt.Chart()
        .transform_filter((alt.datum.metric == "loss") & (alt.datum.value > 0))
        .mark_line(strokeWidth=2.2)
        .encode(y=_log_y("value", "cross-entropy loss (log scale)", lo, hi), **enc)
    )


def _accuracy_panel(enc: dict, chance: float | None, width: int, notes):
    """The accuracy panel of :func:`training_curves_chart` (0–100 %), with a labelled rule at
    ``chance`` when it is given."""
    acc_lines = (
        alt.Chart()
        .transform_filter(alt.datum.metric == "accuracy")
        .mark_line(strokeWidth=2.2)
        .encode(
            y=alt.Y(
                "value:Q",
                title="accuracy",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=5),
            ),
            **enc,
        )
    )
    if chance is None or not math.isfinite(chance):
        return alt.layer(acc_lines)
    ref = alt.Data(values=[{"y": float(chance), "label": _note(notes, "chance", p=chance)}])
    rule = alt.Chart(ref).mark_rule(color="#777777", strokeDash=[2, 2]).encode(y="y:Q")
    text = (
        alt.Chart(ref)
        .mark_text(align="right", baseline="bottom", dx=-2, dy=-2, color="#555555")
        .encode(y="y:Q", x=alt.value(width), text="label:N")
    )
    return alt.layer(rule, text, acc_lines)


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
    runs = _run_order(df, runs)
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
    lines = _subtitle_lines(subtitle)
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
    return finish(chart, title, lines or None)


def distinct_units_chart(
    df: pd.DataFrame,
    runs=None,
    title: str | None = None,
    subtitle: str | list[str] | None = None,
    columns: int = 4,
    width: int = 180,  # four panels and their axis fit the main area of a 1366-px window
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
    runs = _run_order(df, runs)
    d = df[["run", "epoch", "layer", "n_distinct", "units"]]
    layers = sorted(pd.unique(d["layer"]))
    lines = _subtitle_lines(subtitle)
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
            x=_tr_epoch_x(top, "epoch"),
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
    return finish(chart, title, lines or None)


def weights_heatmaps(
    panels,
    title: str | None = None,
    subtitle: str | list[str] | None = None,
    width: int = 280,  # two panels with their axes and legends fit a 1366-px window
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
    return finish(chart, title, subtitle)
