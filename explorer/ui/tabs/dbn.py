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
from explorer.engine.checks import ConfigError
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
from explorer.ui.i18n import chart_notes, err_text, labels, t
from explorer.ui.run_tab import RunTab
from explorer.ui.stores import session_view, st_png

__all__ = ["render_dbn"]

VIEW = "_dbn_view"  # (DBNResult, lang, _View): what is drawn of the shown result

_D = DBNConfig()
_DEFAULTS = {
    "dbn_data": _D.dataset,
    "dbn_layers": format_hidden(_D.hidden),
    "dbn_pre_epochs": _D.pre_epochs,
    "dbn_pre_lr": _D.pre_lr,
    "dbn_pre_batch": _D.pre_batch,
    "dbn_k": _D.k,
    "dbn_ft_epochs": _D.ft_epochs,
    "dbn_ft_lr": _D.ft_lr,
    "dbn_ft_batch": _D.ft_batch,
    "dbn_opt": _D.optimizer,
    "dbn_xavier": _D.xavier,
}


def _run_label(key: str) -> str:
    return t(f"dbn_run_{key}")


def _controls() -> None:
    for k, v in _DEFAULTS.items():
        st.session_state.setdefault(k, v)
    c1, c2, c3 = st.columns([2, 1.2, 1.2])
    with c1:
        st.selectbox(
            t("dbn_data"), DBN_DATA, key="dbn_data", format_func=labels(DBN_DATA, "dataset_")
        )
        st.text_input(t("dbn_layers"), key="dbn_layers", help=t("dbn_layers_help"))
        st.checkbox(t("dbn_xavier"), key="dbn_xavier", help=t("dbn_xavier_help"))
    with c2:
        st.markdown(f"**{t('dbn_pre_header')}**")
        st.number_input(t("dbn_pre_epochs"), key="dbn_pre_epochs", step=1)
        st.number_input(t("dbn_pre_lr"), key="dbn_pre_lr", step=0.01, format="%.4f")
        st.number_input(t("dbn_pre_batch"), key="dbn_pre_batch", step=5)
        st.number_input(t("dbn_k"), key="dbn_k", step=1)
    with c3:
        st.markdown(f"**{t('dbn_ft_header')}**")
        st.number_input(t("dbn_ft_epochs"), key="dbn_ft_epochs", step=1)
        st.number_input(t("dbn_ft_lr"), key="dbn_ft_lr", step=0.05, format="%.4f")
        st.number_input(t("dbn_ft_batch"), key="dbn_ft_batch", step=8)
        st.selectbox(
            t("dbn_opt"), list(OPTIMIZERS), key="dbn_opt", format_func=labels(OPTIMIZERS, "tr_opt_")
        )


def _read_config(seed: int) -> DBNConfig | None:
    ss = st.session_state
    try:
        return DBNConfig(
            dataset=ss["dbn_data"],
            hidden=parse_hidden(ss["dbn_layers"]),
            pre_epochs=ss["dbn_pre_epochs"],
            pre_lr=ss["dbn_pre_lr"],
            pre_batch=ss["dbn_pre_batch"],
            k=ss["dbn_k"],
            ft_epochs=ss["dbn_ft_epochs"],
            ft_lr=ss["dbn_ft_lr"],
            ft_batch=ss["dbn_ft_batch"],
            optimizer=ss["dbn_opt"],
            xavier=ss["dbn_xavier"],
            seed=seed,
        )
    except ConfigError as e:
        st.error(f"**{t('dbn_error_title')}.** {err_text(e)}")
        return None


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
    """What the tab draws of one result in one language, prepared once
    (:func:`explorer.ui.stores.session_view`): a rerun only places it.

    Attributes
    ----------
    pre, ft : PreparedChart
        The pre-training and fine-tuning charts (translated, data already as Arrow);
        ``ft`` is None when no fine-tuning run has an epoch yet.
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
        The sidebar's configuration; only ``cfg.seed`` is used.
    """
    st.markdown(t("dbn_intro"))
    _controls()
    config = _read_config(int(cfg.seed))
    result = RUNS.one_run(config)
    if result is not None:
        _show(result, config)


def _show(result: DBNResult, config: DBNConfig | None) -> None:
    c = result.config
    fallback = st.session_state.get(RUNS.fallback_key)  # MNIST was offline: the digits were trained
    if config is not None and c != config and (fallback is None or fallback[1] != c):
        st.info(t("dbn_settings_changed"))
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
