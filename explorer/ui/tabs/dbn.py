"""The DBN tab: greedy layer-wise RBM pre-training, then fine-tuning against random starts.

The widgets are read into a frozen :class:`explorer.services.rbm_runs.DBNConfig`; *Train* runs
:func:`explorer.services.rbm_runs.run_dbn` with a progress bar (layer i/L, epoch e/E, then each
fine-tuning run). Finished runs are kept in a per-session store keyed by the config. As in
the RBM tab, every step's snapshot is written into ``st.session_state`` before the progress
bar moves, so *Stop* (which interrupts the script at the bar's next update) keeps what was
learned so far. The UI does no math: everything shown comes from :mod:`explorer.services.rbm_runs`
and :mod:`explorer.analysis.charts`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import streamlit as st

from explorer.analysis import charts
from explorer.analysis.export import image_png
from explorer.data.datasets import DatasetUnavailable
from explorer.engine.checks import ConfigError
from explorer.engine.optim import OPTIMIZERS
from explorer.services import rbm_runs
from explorer.services.rbm_runs import DBN_DATA, DBNConfig, DBNResult, format_hidden, parse_hidden
from explorer.ui.downloads import image_download, table_download
from explorer.ui.draw import PreparedChart, prepare_chart, show_chart
from explorer.ui.i18n import chart_notes, err_text, t
from explorer.ui.stores import remember, session_view, st_png

__all__ = ["render_dbn"]

STORE = "_dbn_store"  # {DBNConfig: DBNResult}
SHOWN = "_dbn_shown"
LIVE = "_dbn_live"  # {"cfg", "split", "progress"} while a run is going
NOTE = "_dbn_note"  # [(st function name, message)] about the result on screen
FALLBACK = "_dbn_fallback"  # {requested DBNConfig: the digits config trained instead}
VIEW = "_dbn_view"  # (DBNResult, lang, _View): what is drawn of the shown result
MAX_STORED = 6

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
            t("dbn_data"), DBN_DATA, key="dbn_data", format_func=lambda k: t(f"dataset_{k}")
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
            t("dbn_opt"), list(OPTIMIZERS), key="dbn_opt", format_func=lambda k: t(f"tr_opt_{k}")
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


def _recover_interrupted() -> None:
    live = st.session_state.pop(LIVE, None)
    if live is None:
        return
    prog = live["progress"]
    if prog is None:
        st.session_state[NOTE] = [("info", t("dbn_stopped_early"))]
        return
    finished = prog.step >= prog.total
    result = rbm_runs.dbn_result(
        live["cfg"], prog.state, stopped=not finished, seconds=prog.seconds, split=live["split"]
    )
    if finished:
        remember(STORE, result, MAX_STORED)
    st.session_state[SHOWN] = result
    st.session_state.pop(NOTE, None)


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


def _show_stored(config) -> bool:
    """Show this session's finished run of ``config``, if there is one."""
    stored = st.session_state.get(STORE, {}).get(config)
    if stored is None:
        return False
    st.session_state[SHOWN] = stored
    st.session_state.setdefault(NOTE, []).append(("caption", t("dbn_cached")))
    return True


def _train(config: DBNConfig, status) -> None:
    ss = st.session_state
    ss.pop(NOTE, None)
    if _show_stored(config):  # before touching the data: a stored run costs a dict lookup
        return
    try:
        split = rbm_runs.load_split(config.dataset, config.seed)
    except DatasetUnavailable as e:
        ss[NOTE] = [("warning", t("dbn_mnist_unavailable", message=str(e)))]
        requested, config = config, dataclasses.replace(config, dataset="digits")
        ss.setdefault(FALLBACK, {})[requested] = config
        if _show_stored(config):
            return
        split = rbm_runs.load_split(config.dataset, config.seed)
    live = {"cfg": config, "split": split, "progress": None}
    ss[LIVE] = live
    bar = status.progress(0.0, text=t("dbn_progress_start"))

    def on_step(prog) -> None:
        live["progress"] = prog  # plain dict: no Streamlit call, cannot be interrupted
        bar.progress(prog.step / prog.total, text=_progress_text(prog))

    result = rbm_runs.run_dbn(config, on_step=on_step, split=split)
    ss.pop(LIVE, None)
    remember(STORE, result, MAX_STORED)
    ss[SHOWN] = result
    status.empty()


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

    pre: PreparedChart
    ft: PreparedChart | None
    layers_png: list[bytes]
    metrics: list[dict]


def _metrics(result: DBNResult) -> list[dict]:
    """Each fine-tuning run's validation accuracy, and its gain over the random start."""
    out = []
    s = result.summary.set_index("run")
    for run, row in s.iterrows():
        delta, colour, arrow = None, "normal", "auto"
        if run != "normal" and "normal" in s.index:
            points = 100 * (row["val_accuracy"] - s.loc["normal", "val_accuracy"])
            delta = t("dbn_delta", points=points)
            if abs(points) < 0.05:  # no arrow for "no difference"
                colour, arrow = "off", "off"
        out.append(
            dict(
                label=_run_label(run),
                value=f"{100 * row['val_accuracy']:.1f} %",
                delta=delta,
                delta_color=colour,
                delta_arrow=arrow,
                help=t("dbn_metric_help", epochs=int(row["epochs"])),
                border=True,
            )
        )
    return out


def _build_view(result: DBNResult, lang: str) -> _View:
    pre = charts.dbn_pretrain_chart(
        result.pretrain_curves, title=t("dbn_pre_chart"), notes=chart_notes()
    )
    ft = None
    if not result.summary.empty:
        labels = {k: _run_label(k) for k in rbm_runs.DBN_RUNS}
        ft = prepare_chart(
            charts.dbn_finetune_chart(
                result.finetune_curves, labels=labels, title=t("dbn_ft_chart")
            ),
            lang,
        )
    return _View(
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
    b1, b2, _ = st.columns([1, 1, 5])
    train = b1.button(
        t("dbn_train"), key="dbn_train", type="primary", disabled=config is None, width="stretch"
    )
    b2.button(
        t("dbn_stop"), key="dbn_stop", disabled=not train, width="stretch", help=t("dbn_stop_help")
    )
    status = st.empty()
    _recover_interrupted()
    if train and config is not None:
        _train(config, status)
    result: DBNResult | None = st.session_state.get(SHOWN)
    notes = st.session_state.get(NOTE) or []
    for kind, message in notes:
        getattr(st, kind)(message)
    if result is None:
        if not notes:
            st.info(t("dbn_press_train"))
        return
    _show(result, config)


def _show(result: DBNResult, config: DBNConfig | None) -> None:
    c = result.config
    trained_instead = st.session_state.get(FALLBACK, {}).get(config)  # MNIST was offline
    if config is not None and c not in (config, trained_instead):
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
    table_download(result.pretrain_curves, "dbn_pretraining_curves")
    st.caption(t("dbn_pre_caption"))
    st.subheader(t("dbn_ft_title"))
    if view.ft is None:
        st.info(t("dbn_no_finetune"))
        return
    for col, metric in zip(st.columns(len(view.metrics)), view.metrics):
        col.metric(**metric)
    show_chart(view.ft, "dbn_finetuning_vs_random_start")
    table_download(result.finetune_curves, "dbn_finetuning_curves")
    gain = result.accuracy_gain()
    if gain is not None:
        st.markdown(t("dbn_claim", points=100 * gain, layers=len(c.hidden)))
    st.caption(t("dbn_ft_caption"))
