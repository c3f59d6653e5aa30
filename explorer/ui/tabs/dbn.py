"""The DBN tab: greedy layer-wise pre-training, then fine-tuning against random starts.

The widgets are read into a frozen :class:`explorer.services.dbn.DBNConfig`; *Train* asks the
server's job service for the run (:class:`explorer.ui.run_tab.RunTab`: queue place, progress
by layer and epoch then by fine-tuned run, Stop, and the result from the shared store). The
UI does no math: the pictures and histories come from :mod:`explorer.services.dbn`, the
frames from :mod:`explorer.analysis.rbm_frames`, the charts from
:mod:`explorer.analysis.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from explorer.analysis import charts
from explorer.analysis.export import image_png
from explorer.analysis.rbm_frames import dbn_finetune_curves, dbn_pretrain_curves
from explorer.engine.optim import OPTIMIZERS
from explorer.services.dbn import (
    DBN_DATA,
    DBN_RUNS,
    DBNConfig,
    DBNResult,
    format_hidden,
    parse_hidden,
)
from explorer.ui.downloads import image_download, table_download
from explorer.ui.draw import PreparedChart, prepare_chart, show_chart
from explorer.ui.i18n import chart_notes, t
from explorer.ui.run_tab import RunTab
from explorer.ui.stores import session_view, st_png
from explorer.ui.widgets import number, select

__all__ = ["render_dbn"]

VIEW = "_dbn_view"  # (DBNResult, lang, _View): what is drawn of the shown result

#: Widget key -> the :class:`DBNConfig` field it sets (the hidden sizes are typed as text).
_WIDGETS = {
    "dbn_data": "dataset",
    "dbn_pre_epochs": "pre_epochs",
    "dbn_pre_lr": "pre_lr",
    "dbn_pre_batch": "pre_batch",
    "dbn_k": "k",
    "dbn_ft_epochs": "ft_epochs",
    "dbn_ft_lr": "ft_lr",
    "dbn_ft_batch": "ft_batch",
    "dbn_opt": "optimizer",
    "dbn_xavier": "xavier",
}
_D = DBNConfig()
_DEFAULTS = {
    **{key: getattr(_D, field) for key, field in _WIDGETS.items()},
    "dbn_layers": format_hidden(_D.hidden),
}


def _run_label(key: str) -> str:
    return t(f"dbn_run_{key}")


def _controls() -> None:
    for k, v in _DEFAULTS.items():
        st.session_state.setdefault(k, v)
    c1, c2, c3 = st.columns([2, 1.2, 1.2])
    with c1:
        select(st, "dbn_data", DBN_DATA, "dataset_")
        st.text_input(t("dbn_layers"), key="dbn_layers", help=t("dbn_layers_help"))
        st.checkbox(t("dbn_xavier"), key="dbn_xavier", help=t("dbn_xavier_help"))
    with c2:
        st.markdown(f"**{t('dbn_pre_header')}**")
        number(st, "dbn_pre_epochs", 1, helped=False)
        number(st, "dbn_pre_lr", 0.01, helped=False, format="%.4f")
        number(st, "dbn_pre_batch", 5, helped=False)
        number(st, "dbn_k", 1, helped=False)
    with c3:
        st.markdown(f"**{t('dbn_ft_header')}**")
        number(st, "dbn_ft_epochs", 1, helped=False)
        number(st, "dbn_ft_lr", 0.05, helped=False, format="%.4f")
        number(st, "dbn_ft_batch", 8, helped=False)
        select(st, "dbn_opt", list(OPTIMIZERS), "tr_opt_")


def _config(seed: int) -> DBNConfig:
    """The widgets' settings (:class:`ConfigError` when one is out of range)."""
    ss = st.session_state
    values = {field: ss[key] for key, field in _WIDGETS.items()}
    return DBNConfig(hidden=parse_hidden(ss["dbn_layers"]), seed=seed, **values)


def _progress_text(prog) -> str:
    if prog.phase == "pretrain":
        return t(
            "dbn_progress_pre",
            layer=prog.layer,
            layers=prog.n_layers,
            epoch=prog.epoch,
            epochs=prog.n_epochs,
        )
    return t("dbn_progress_ft", run=_run_label(prog.run), epoch=prog.epoch, epochs=prog.n_epochs)


RUNS = RunTab(
    "dbn",
    "dbn",
    label=lambda c: t("dbn_run_label", layers=len(c.hidden)),
    fraction=lambda p: p.step / p.total,
    describe=lambda c, p: _progress_text(p),
)


@dataclass(frozen=True)
class _View:
    """The DBN tab's charts, pictures and metrics of one result in one language, made once
    (:func:`explorer.ui.stores.session_view`) so that a rerun only places them.

    Attributes
    ----------
    pre_table, ft_table : DataFrame
        The pre-training and fine-tuning curves (:mod:`explorer.analysis.rbm_frames`), for
        the CSV downloads.
    pre, ft : PreparedChart
        Their charts (translated, data already as Arrow); ``ft`` is None when no fine-tuning
        run has an epoch yet.
    layers_png : list of bytes
        The layer reconstructions as the PNGs ``st.image`` would make of them.
    metrics : list of dict
        Keyword arguments of ``st.metric`` for each fine-tuning run, in order.
    """

    pre_table: pd.DataFrame
    ft_table: pd.DataFrame
    pre: PreparedChart
    ft: PreparedChart | None
    layers_png: list[bytes]
    metrics: list[dict]


def _metrics(result: DBNResult) -> list[dict]:
    """Each fine-tuning run's validation accuracy, and its gain over the random start."""
    out = []
    acc = result.final_val_accuracy()
    for run, h in result.histories:
        delta, colour, arrow = None, "normal", "auto"
        if run != "normal" and "normal" in acc:
            points = 100 * (acc[run] - acc["normal"])
            delta = t("dbn_delta", points=points)
            if abs(points) < 0.05:  # no arrow for "no difference"
                colour, arrow = "off", "off"
        out.append(
            dict(
                label=_run_label(run),
                value=f"{100 * acc[run]:.1f} %",
                delta=delta,
                delta_color=colour,
                delta_arrow=arrow,
                help=t("dbn_metric_help", epochs=len(h)),
                border=True,
            )
        )
    return out


def _build_view(result: DBNResult, lang: str) -> _View:
    pre_table = dbn_pretrain_curves(result)
    ft_table = dbn_finetune_curves(result)
    pre = charts.dbn_pretrain_chart(pre_table, title=t("dbn_pre_chart"), notes=chart_notes())
    ft = None
    if result.histories:
        labels = {k: _run_label(k) for k in DBN_RUNS}
        ft = prepare_chart(
            charts.dbn_finetune_chart(ft_table, labels=labels, title=t("dbn_ft_chart")), lang
        )
    return _View(
        pre_table=pre_table,
        ft_table=ft_table,
        pre=prepare_chart(pre, lang),
        ft=ft,
        layers_png=[st_png(im) for im in result.layer_images],
        metrics=_metrics(result),
    )


def render_dbn(cfg) -> None:
    """Draw the DBN tab.

    Parameters
    ----------
    cfg : SignalsConfig
        The sidebar's configuration: its ``seed`` (the split, pre-training and every
        fine-tuned start) is the only setting the DBN takes from it.
    """
    RUNS.render(_controls, lambda: _config(int(cfg.seed)), _show)


def _show(result: DBNResult) -> None:
    c = result.config
    st.caption(
        t(
            "dbn_run_caption",
            data=t(f"dataset_{c.dataset}"),
            n_train=result.n_train,
            n_val=result.n_val,
            sizes=" → ".join(map(str, c.sizes)),
            pre_epochs=c.pre_epochs,
            ft_epochs=c.ft_epochs,
            optimizer=t(f"tr_opt_{c.optimizer}"),
            lr=c.ft_lr,
            seconds=result.seconds,
            seed=c.seed,
        )
    )
    if result.stopped:
        if not result.pretrained:
            st.warning(t("dbn_stopped_pre", layers=result.layers_done, total=len(c.hidden)))
        else:
            st.warning(t("dbn_stopped_ft"))
    st.subheader(t("dbn_layers_title"))
    captions = [t("dbn_input")] + [
        t("dbn_through_1") if k == 1 else t("dbn_through", k=k)
        for k in range(1, len(result.layer_images))
    ]
    images = list(result.layer_images)
    view = session_view(VIEW, result, _build_view)
    st.image(view.layers_png, caption=captions, width=int(images[0].shape[1]), output_format="PNG")
    image_download(lambda: image_png(np.hstack(images)), "dbn_layer_reconstructions")
    st.caption(t("dbn_layers_caption"))
    show_chart(view.pre, "dbn_pretraining_reconstruction_error")
    table_download(view.pre_table, "dbn_pretraining_curves")
    st.caption(t("dbn_pre_caption"))
    st.subheader(t("dbn_ft_title"))
    if view.ft is None:
        st.info(t("dbn_no_finetune"))
        return
    for col, metric in zip(st.columns(len(view.metrics)), view.metrics):
        col.metric(**metric)
    show_chart(view.ft, "dbn_finetuning_vs_random_start")
    table_download(view.ft_table, "dbn_finetuning_curves")
    gain = result.accuracy_gain()
    if gain is not None:
        st.markdown(t("dbn_claim", points=100 * gain, layers=len(c.hidden)))
    st.caption(t("dbn_ft_caption"))
