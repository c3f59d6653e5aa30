"""Charts of the RBM and DBN tabs: an RBM's per-epoch curves, the DBN's layer-by-layer
pre-training and its fine-tuning against small random and Xavier starts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

from explorer.analysis.charts.base import (
    _NUMBER_LABEL,
    OKABE_ITO,
    _log_y,
    _note,
    _stroke_legend,
    finish,
    message_chart,
    run_colors,
)

__all__ = [
    "DBN_RUN_ORDER",
    "RBM_SPLIT_COLORS",
    "dbn_finetune_chart",
    "dbn_pretrain_chart",
    "rbm_curves_chart",
]

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
    width: int = 195,  # three panels and their axes fit the 906-px main area of a 1366-px window
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
    legend = _stroke_legend(orient="top", labelLimit=300, symbolStrokeWidth=3)
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
    return finish(chart, title, subtitle)


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
    lo, hi = float(d["recon_error"].min()), float(d["recon_error"].max())
    base = alt.Chart(d).encode(
        x=_epoch_axis(int(d["epoch"].max()), 1),
        y=_log_y("recon_error", "reconstruction error (log scale)", lo, hi),
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
    return finish(alt.hconcat(panel), title)


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
        legend=_stroke_legend(orient="top", symbolStrokeColor="#444444"),
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
    return finish(chart, title, subtitle)
