"""The Training tab: train one architecture from several initializations and compare.

Widgets in, frozen :class:`~explorer.services.training.TrainConfig`s out (one per initializer),
runs from :func:`~explorer.services.parallel.train_many` (which calls
:func:`~explorer.services.training.run_training` in worker processes, side by side), tidy frames
from :mod:`explorer.analysis.stats`, charts from :mod:`explorer.analysis.charts`. Nothing here
computes anything.

Runs start only on the **Train** button. Finished runs are kept in a process-wide store keyed
by their frozen config, so any rerun with unchanged settings (and any other session asking
for the same runs) is served without training. While runs train, a progress bar moves after
every epoch and a **Stop** button is shown. A click on Stop (or on any other widget) stops
the running script: its next Streamlit call, the progress update after an epoch, raises.
``train_many`` catches that, tells the workers to stop, keeps the partial runs and lets the
exception go on; the rerun, which Streamlit starts at once (fast reruns), waits for the
workers' epochs to end and draws what was learned so far (see :func:`_train`).

Charts go through :func:`explorer.ui.draw.show_chart` like every tab's (Korean words,
presentation scale, SVG/PNG downloads). What the results section draws of a set of runs is
built once per language and kept beside the runs in the store (:class:`_ResultsView`: charts
prepared with :func:`explorer.ui.draw.prepare_chart`, the table already as Arrow), so a rerun
of a finished training only places it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import streamlit as st

from explorer.analysis import charts, stats
from explorer.data.datasets import DatasetUnavailable
from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import ConfigError
from explorer.engine.optim import DEFAULT_LR, OPTIMIZERS
from explorer.services.config import SignalsConfig, format_layers
from explorer.services.parallel import RunProgress, estimate_wall_seconds, train_many
from explorer.services.presets import TRAIN_PRESETS, TrainPreset
from explorer.services.training import (
    DBN,
    MAX_DBN_EPOCHS,
    MAX_EPOCHS,
    MAX_TRAIN_BATCH,
    TAB_DEFAULT_HIDDEN,
    TRAIN_DATA,
    TrainConfig,
    TrainRun,
    ensure_data,
    validate_inits,
)
from explorer.ui.downloads import table_download
from explorer.ui.draw import PreparedChart, prepare_chart, show_chart
from explorer.ui.i18n import chart_notes, err_text, get_lang, init_text, t
from explorer.ui.sidebar import COMPARE_CHOICES, DEFAULT, apply_train_preset

__all__ = ["INIT_CHOICES", "RunStore", "render_training", "run_store"]

#: Initializers offered: the compare view's, plus RBM pre-training.
INIT_CHOICES = (*COMPARE_CHOICES, DBN)
_DEFAULT_INITS = ["zeros", "lecun_normal", "he_normal", DBN]
_ZEROS = "zeros"
#: Longest wait of a rerun for an interrupted training to finish its epoch.
STOP_WAIT_S = 15.0

_DEFAULTS = {
    "tr_inits": _DEFAULT_INITS,
    "tr_data": "digits",
    "tr_epochs": 20,
    "tr_opt": "sgd",
    "tr_lr": DEFAULT_LR["sgd"],
    "tr_bs": 32,
    "tr_dbn_ep": 10,
}


class RunStore:
    """Finished runs by config, least recently used dropped first; thread-safe.

    Beside the runs it keeps what the tab draws of them (:meth:`view`), so that every
    session showing the same runs in the same language shares one prepared page.

    Parameters
    ----------
    maxsize : int
        Runs kept (a run is tens of kilobytes).
    max_views : int
        Views kept (a view of the four default runs holds about half a megabyte).
    """

    def __init__(self, maxsize: int = 128, max_views: int = 32):
        self.maxsize = maxsize
        self.max_views = max_views
        self._runs: OrderedDict[TrainConfig, TrainRun] = OrderedDict()
        self._views: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, cfg: TrainConfig) -> TrainRun | None:
        with self._lock:
            run = self._runs.get(cfg)
            if run is not None:
                self._runs.move_to_end(cfg)
            return run

    def put(self, cfg: TrainConfig, run: TrainRun) -> None:
        with self._lock:
            self._runs[cfg] = run
            self._runs.move_to_end(cfg)
            while len(self._runs) > self.maxsize:
                self._runs.popitem(last=False)

    def view(self, key: tuple, build: Callable[[], object]):
        """The view kept under ``key``, built by ``build()`` (outside the lock) if missing.

        ``key`` must identify everything the view shows (here: each run's config and how
        far it got, and the language): it is compared with ``==``, hashed by Python.
        """
        with self._lock:
            view = self._views.get(key)
            if view is not None:
                self._views.move_to_end(key)
                return view
        view = build()
        with self._lock:
            self._views[key] = view
            while len(self._views) > self.max_views:
                self._views.popitem(last=False)
        return view

    def __len__(self) -> int:
        return len(self._runs)


@st.cache_resource(show_spinner=False)
def run_store() -> RunStore:
    """The process-wide store of finished runs (shared by sessions, like ``st.cache_data``)."""
    return RunStore()


class _Live:
    """What a session's training leaves behind, in ``st.session_state.tr_live``.

    A plain object, written through a reference the training run took at its start: once
    Streamlit has asked that run to stop, every ``st.session_state`` access in it raises,
    but it can still record its partial run here, and the rerun reads it.

    Attributes
    ----------
    running : object or None
        A token while a training is going (cleared when it ends, however it ends).
    partial : dict of TrainConfig to TrainRun
        Stopped runs, and the running run as of its last epoch.
    stopped : str or None
        Label of the run that was stopped, until the next Train.
    current : str or None
        Label of the run being trained.
    shown : list of TrainConfig or None
        The configs whose results were drawn last.
    """

    def __init__(self):
        self.running = None
        self.partial: dict[TrainConfig, TrainRun] = {}
        self.stopped: str | None = None
        self.current: str | None = None
        self.shown: list[TrainConfig] | None = None


def _live() -> _Live:
    s = st.session_state
    if not isinstance(s.get("tr_live"), _Live):
        s.tr_live = _Live()
    return s.tr_live


def _label(key: str) -> str:
    """The label of an initializer key as the tab shows it (texts.py has DBN's)."""
    return t("tr_dbn_label") if key == DBN else init_text(key)


# --------------------------------------------------------------------------- state


#: Widget keys of this tab. Streamlit forgets a widget's value when a run does not draw it
#: (another tab is open), so they are copied to ``tr_saved`` after every run of the tab.
_WIDGET_KEYS = (*_DEFAULTS, "tr_net")


def _init_state(cfg: SignalsConfig) -> None:
    s = st.session_state
    saved = s.get("tr_saved", {})
    for k, v in _DEFAULTS.items():
        if k not in s:
            v = saved.get(k, v)
            s[k] = list(v) if isinstance(v, list) else v
    if "tr_net" not in s:
        # This tab's own small network, unless the sidebar was already changed from its default.
        s.tr_net = saved.get("tr_net", "tab" if cfg.hidden == DEFAULT.hidden else "sidebar")


def _save_state() -> None:
    s = st.session_state
    s.tr_saved = {k: s[k] for k in _WIDGET_KEYS if k in s}


def _on_optimizer() -> None:
    st.session_state.tr_lr = DEFAULT_LR[st.session_state.tr_opt]


def _on_data() -> None:
    st.session_state.pop("tr_data_error", None)


def _preset(name: str) -> None:
    """Lecture set-ups (``on_click``): initializers, network and the sidebar's activation."""
    s = st.session_state
    s.pop("tr_preset", None)
    if name == "relu":
        s.tr_inits = list(_DEFAULT_INITS)
        s.act = "relu"
    else:
        s.tr_inits = ["zeros", "normal:std=0.01", "lecun_normal", DBN]
        s.act = "sigmoid"
    s.tr_net = "tab"
    s.tr_opt = "sgd"
    s.tr_lr = DEFAULT_LR["sgd"]
    s.tr_epochs = 20


# --------------------------------------------------------------------------- controls


def _controls(cfg: SignalsConfig) -> tuple[list[TrainConfig] | None, str | None]:
    """Draw the tab's widgets; return the configs to train, or None and the error."""
    s = st.session_state
    with st.expander(t("tr_presets")):
        st.caption(t("tr_presets_caption"))
        c1, c2 = st.columns(2)
        c1.button(
            t("tr_preset_relu"),
            key="tr_preset_relu",
            on_click=_preset,
            args=("relu",),
            help=t("tr_preset_relu_help"),
        )
        c2.button(
            t("tr_preset_sigmoid"),
            key="tr_preset_sigmoid",
            on_click=_preset,
            args=("sigmoid",),
            help=t("tr_preset_sigmoid_help"),
        )
        st.markdown(f"**{t('tr_paper_presets')}**")
        for key in TRAIN_PRESETS:
            st.button(
                t(f"trp_{key}_title"),
                key=f"tr_trp_{key}",
                on_click=apply_train_preset,
                args=(key,),
                help=t("tr_preset_train_help"),
            )
    options = list(INIT_CHOICES) + [k for k in s.tr_inits if k not in INIT_CHOICES]
    c1, c2 = st.columns([3, 1])
    c1.multiselect(
        t("tr_inits"), options, key="tr_inits", format_func=_label, help=t("tr_inits_help")
    )
    c2.selectbox(
        t("tr_data"),
        TRAIN_DATA,
        key="tr_data",
        format_func=lambda k: t(f"tr_data_{k}"),
        on_change=_on_data,
    )
    labels = {
        "tab": t("tr_net_tab", layers=_layers_text(TAB_DEFAULT_HIDDEN)),
        "sidebar": t("tr_net_sidebar", layers=_layers_text(cfg.hidden)),
    }
    st.segmented_control(
        t("tr_net"),
        ["tab", "sidebar"],
        key="tr_net",
        format_func=labels.get,
        required=True,
        help=t("tr_net_help"),
    )
    why = st.empty()  # filled below, once the settings are read
    c = st.columns([2, 1.2, 1, 1, 1.6])
    c[0].slider(t("tr_epochs"), 1, MAX_EPOCHS, key="tr_epochs")
    c[1].selectbox(
        t("tr_optimizer"),
        list(OPTIMIZERS),
        key="tr_opt",
        format_func=lambda k: t(f"tr_opt_{k}"),
        on_change=_on_optimizer,
    )
    c[2].number_input(
        t("tr_lr"),
        key="tr_lr",
        format="%g",
        step=DEFAULT_LR.get(s.tr_opt, 0.01),
        help=t("tr_lr_help"),
    )
    c[3].number_input(t("tr_batch"), 1, MAX_TRAIN_BATCH, step=1, key="tr_bs")
    c[4].slider(
        t("tr_dbn_epochs"),
        1,
        MAX_DBN_EPOCHS,
        key="tr_dbn_ep",
        disabled=DBN not in s.tr_inits,
        help=t("tr_dbn_epochs_help"),
    )

    data = s.tr_data
    if data != "digits":
        data = _check_data(data)
    try:
        keys = validate_inits(s.tr_inits)
        hidden = TAB_DEFAULT_HIDDEN if s.tr_net == "tab" else cfg.hidden
        configs = _configs(cfg, keys, hidden, data)
    except ConfigError as e:
        return None, err_text(e)
    if s.tr_net == "tab" and cfg.hidden != TAB_DEFAULT_HIDDEN:
        tab, side = _layers_text(TAB_DEFAULT_HIDDEN), _layers_text(cfg.hidden)
        try:
            secs = estimate_wall_seconds(_configs(cfg, keys, cfg.hidden, data))
            why.caption(
                t(
                    "tr_net_why",
                    tab=tab,
                    side=side,
                    secs_tab=estimate_wall_seconds(configs),
                    secs_side=secs,
                )
            )
        except ConfigError:
            why.caption(t("tr_net_why_big", tab=tab, side=side))
    return configs, None


def _configs(cfg: SignalsConfig, keys, hidden, data: str) -> list[TrainConfig]:
    """One frozen config per initializer key, from the tab's widgets and the sidebar."""
    s = st.session_state
    return [
        TrainConfig(
            init=k,
            data=data,
            hidden=hidden,
            activation=cfg.activation,
            seed=cfg.seed,
            epochs=int(s.tr_epochs),
            optimizer=s.tr_opt,
            lr=s.tr_lr,
            batch_size=int(s.tr_bs),
            dbn_epochs=int(s.tr_dbn_ep),
        )
        for k in keys
    ]


def _layers_text(hidden: tuple[int, ...]) -> str:
    if len(set(hidden)) == 1 and len(hidden) > 1:
        return f"{len(hidden)} × {hidden[0]}"
    return format_layers(hidden)


def _check_data(name: str) -> str:
    """The data set to train on: ``name`` if it can be loaded, else digits with a warning."""
    s = st.session_state
    if "tr_data_error" not in s:
        try:
            with st.spinner(t("tr_mnist_loading")):
                ensure_data(name)
            s.tr_data_error = None
        except DatasetUnavailable as e:
            s.tr_data_error = str(e)
    if s.tr_data_error:
        st.warning(t("tr_mnist_failed", error=s.tr_data_error))
        return "digits"
    return name


# --------------------------------------------------------------------------- training


def _available(c: TrainConfig, store: RunStore | None = None) -> TrainRun | None:
    return (store or run_store()).get(c) or _live().partial.get(c)


def _train(configs: list[TrainConfig], stop_slot, bar_slot) -> None:
    """Train the configs the store lacks, with a progress bar and a Stop button.

    The runs train side by side in worker processes (:func:`explorer.services.parallel.train_many`,
    one per core, at most two), each reporting every epoch; the bar shows the mean of their
    progress and the text the latest epoch.

    A click on Stop (or on any other widget) makes Streamlit stop this script run: from
    then on every Streamlit call in it raises, starting with the next progress update, and
    so does every ``st.session_state`` access. With fast reruns (the default) the rerun the
    click asks for starts at once, while this run stops its workers (each ends its current
    epoch). So this run keeps its state in a :class:`_Live` object it holds a reference to:
    when the progress update raises, ``train_many`` stops the runs and hands back what each
    learned; the finished runs go to the store, the stopped ones to ``live.partial``,
    ``running`` is cleared and the exception goes on. The rerun waits for that
    (:func:`_wait_for_stop`) and draws what was learned.
    """
    live = _live()
    store = run_store()
    token = object()
    live.partial = {}
    live.shown = list(configs)
    live.stopped = None
    todo = [c for c in configs if store.get(c) is None]
    if not todo:
        return
    stop_slot.button(t("tr_stop"), key="tr_stop", help=t("tr_stop_help"))
    n = len(configs)
    first = todo[0]
    live.current = _label(first.init)
    bar = bar_slot.progress(
        0.0, text=t("tr_progress_start", i=configs.index(first) + 1, n=n, label=live.current)
    )
    fractions = [0.0] * len(todo)

    def on_progress(rp: RunProgress) -> None:
        c, p = todo[rp.index], rp.progress
        fractions[rp.index] = p.fraction
        i, label = configs.index(c) + 1, _label(c.init)
        live.current = label
        if p.phase == "pretrain":
            text = t(
                "tr_progress_pre",
                i=i,
                n=n,
                label=label,
                layer=p.layer,
                layers=p.layers,
                epoch=p.epoch,
                epochs=p.epochs,
            )
        else:
            text = t("tr_progress", i=i, n=n, label=label, epoch=p.epoch, epochs=p.epochs)
        # raises on Streamlit's rerun/stop request: train_many then stops the runs
        bar.progress(min(sum(fractions) / len(todo), 1.0), text=text)

    live.running = token
    try:
        try:
            runs = train_many(todo, on_progress)
        except BaseException as e:
            kept = getattr(e, "partial_runs", None) or [None] * len(todo)
            for c, r in zip(todo, kept):
                if r is not None and not r.stopped:
                    store.put(c, r)
            live.partial = {c: r for c, r in zip(todo, kept) if r is not None and r.stopped}
            # the runs that were training when the stop came (two at once in parallel)
            live.stopped = ", ".join(_label(c.init) for c in live.partial) or live.current
            raise
        for c, r in zip(todo, runs):
            store.put(c, r)
    finally:
        if live.running is token:
            live.running = None
    bar_slot.empty()
    stop_slot.empty()


def _wait_for_stop(seconds: float = STOP_WAIT_S) -> None:
    """Wait (with a spinner) for an interrupted training to keep its partial run.

    A rerun caused by a click during training starts while the interrupted run finishes its
    epoch (see :func:`_train`); its result is worth a short wait.
    """
    live = _live()
    running = live.running
    if running is None:
        return
    with st.spinner(t("tr_stopping")):
        deadline = time.monotonic() + seconds
        while live.running is running and time.monotonic() < deadline:
            time.sleep(0.05)
    if live.running is running:  # still going: show its last epoch as stopped
        live.stopped = live.current


# --------------------------------------------------------------------------- paper presets


def _matching_preset(configs) -> TrainPreset | None:
    """The training preset whose runs are exactly ``configs`` (any seed), if any."""
    return next((p for p in TRAIN_PRESETS.values() if p.matches_configs(configs or [])), None)


def _preset_panel(preset: TrainPreset, configs: list[TrainConfig]) -> None:
    """The preset's source and expected result beside the live runs' verdict."""
    store = run_store()
    runs = {c.init: r for c in configs if (r := _available(c, store)) is not None}
    with st.container(border=True):
        st.markdown(f"##### {t('tr_pv_title', title=t(f'trp_{preset.key}_title'))}")
        left, right = st.columns(2, gap="large")
        with left:
            st.markdown(f"**{t('preset_source')}**: {t(f'trp_{preset.key}_source')}")
            st.markdown(f"**{t('preset_expected')}**: {t(f'trp_{preset.key}_expected')}")
        with right:
            st.markdown(f"**{t('tr_pv_live', seed=configs[0].seed)}**")
            if not runs:
                secs = estimate_wall_seconds(configs)
                st.caption(t("tr_pv_pending", seconds=max(secs, 1)))
                return
            check = preset.check(runs)
            lines = [
                "- "
                + t(
                    "tr_pv_run",
                    label=_label(r.init),
                    acc=r.val_accuracy,
                    epochs=r.epochs_run,
                    loss=r.val_loss,
                    observed=t(f"tr_pv_{r.observed}"),
                    expected=t(f"tr_pv_{r.expected}"),
                )
                for r in check.runs
            ]
            st.markdown("\n".join(lines))
            if check.grad_ratio is not None:
                st.markdown(
                    t(
                        "tr_pv_grad",
                        stall=_label(preset.stalls[0]),
                        learn=_label(preset.learns[0]),
                        ratio=check.grad_ratio,
                    )
                )
            st.caption(
                t(
                    "tr_pv_rule",
                    learns=check.learns_at,
                    stalls=check.stalls_below,
                    chance=check.chance,
                )
            )
            if not check.complete:
                st.info(t("tr_pv_incomplete"))
            elif check.matches:
                st.success(t("tr_pv_match"), icon=":material/check_circle:")
            else:
                st.warning(t("tr_pv_nomatch"), icon=":material/cancel:")


# --------------------------------------------------------------------------- results


def _percent(label: str):
    return st.column_config.NumberColumn(label, format="percent")


def _table_args(df: pd.DataFrame) -> dict:
    """``st.dataframe``'s arguments for the results table: readable headers and formats."""
    config = {}
    for col in df.columns:
        label = t(f"tr_col_{col}")
        if col.endswith("accuracy"):
            config[col] = _percent(label)
        elif col.endswith("loss"):
            config[col] = st.column_config.NumberColumn(label, format="%.3f")
        elif col == "seconds":
            config[col] = st.column_config.NumberColumn(label, format="%.1f")
        elif df[col].dtype == bool:
            config[col] = st.column_config.CheckboxColumn(label)
        elif df[col].dtype.kind == "i":
            config[col] = st.column_config.NumberColumn(label, format="%d")
        else:
            config[col] = st.column_config.TextColumn(label)
    order = [c for c in df.columns if c != "diverged_epoch"]  # the notes above say when
    return {"hide_index": True, "column_config": config, "column_order": order}


def _status_notes(runs: dict[str, TrainRun]) -> None:
    for label, r in runs.items():
        if r.diverged:
            st.warning(
                t(
                    "tr_run_diverged",
                    label=label,
                    epoch=r.diverged_epoch,
                    reason=t(f"tr_reason_{r.diverged_reason}"),
                )
            )
        elif r.stopped and r.epochs_run == 0 and r.config.init == DBN:
            st.caption(t("tr_run_stopped_pre", label=label))
        elif r.stopped:
            st.caption(t("tr_run_stopped", label=label, epochs=r.epochs_run, total=r.config.epochs))


def _figure_specs(runs: dict[str, TrainRun]) -> dict:
    """Every chart of the results (Altair charts or Vega-Lite dicts), and the results table."""
    order = list(runs)
    first = next(iter(runs.values()))
    notes = chart_notes()
    figs = {
        "curves": charts.training_curves_chart(
            stats.training_curves(runs), order, chance=1.0 / first.n_classes, notes=notes
        ),
        "grad": charts.layer_epoch_heatmap(
            stats.layer_epoch_grid(runs, "grad_norm"), order, notes=notes
        ),
        "distinct": charts.distinct_units_chart(
            stats.distinct_units_frame(runs), order, notes=notes
        ),
    }
    zeros = [label for label, r in runs.items() if r.config.init == _ZEROS]
    if zeros:
        others = [label for label, r in runs.items() if r.config.init != _ZEROS]
        others.sort(key=lambda label: runs[label].config.init == DBN)  # a random start first
        panels = {}
        for label in zeros[:1] + others[:1]:
            r = runs[label]
            title = t("tr_sym_panel", label=label, epochs=r.epochs_run)
            panels[title] = stats.weights_frame(r.W1_final, r.input_index)
        figs["weights"] = charts.weights_heatmaps(panels, notes=notes)
    figs["table"] = stats.runs_summary(runs)
    return figs


def _arrow_table(df: pd.DataFrame) -> pa.Table | None:
    """``df`` as the Arrow table ``st.dataframe`` would make of it (None: let it convert)."""
    try:
        from streamlit.dataframe_util import convert_pandas_df_to_arrow_table
    except ImportError:  # another Streamlit
        return None
    return convert_pandas_df_to_arrow_table(df)


@dataclass(frozen=True)
class _ResultsView:
    """What the results section draws of a set of runs in one language, built once.

    Kept in the run store (:meth:`RunStore.view`) under the runs' identity, so a rerun with
    unchanged settings places it without converting anything: the charts are prepared
    (:func:`explorer.ui.draw.prepare_chart`: translated, data already in the Arrow form the
    browser gets; the downloads render their ``spec``) and the table is also kept as the
    Arrow table ``st.dataframe`` sends, with its column settings.
    """

    charts: dict[str, PreparedChart]
    table: pd.DataFrame
    table_arrow: pa.Table | None
    table_args: dict


def _build_view(runs: dict[str, TrainRun], lang: str) -> _ResultsView:
    figs = _figure_specs(runs)
    table = figs.pop("table")
    return _ResultsView(
        charts={k: prepare_chart(v, lang) for k, v in figs.items()},
        table=table,
        table_arrow=_arrow_table(table),
        table_args=_table_args(table),
    )


def _results(shown: list[TrainConfig]) -> None:
    store = run_store()
    runs = {_label(c.init): r for c in shown if (r := _available(c, store)) is not None}
    if not runs:
        return
    first = next(iter(runs.values()))
    c0 = first.config
    acts = {r.activation for r in runs.values()}
    act = " / ".join(ACTIVATIONS[a].label for a in sorted(acts))
    st.caption(
        t(
            "tr_arch",
            sizes=" → ".join(map(str, first.sizes)),
            activation=act,
            optimizer=t(f"tr_opt_{c0.optimizer}"),
            lr=c0.lr,
            batch=c0.batch_size,
            epochs=c0.epochs,
            data=t(f"tr_data_{c0.data}"),
            n_train=first.n_train,
            n_val=first.n_val,
            seed=c0.seed,
        )
    )
    _status_notes(runs)
    lang = get_lang()
    key = (
        *(
            (label, r.config, r.epochs_run, r.stopped, r.pretrain_epochs_run)
            for label, r in runs.items()
        ),
        lang,
    )
    view = store.view(key, lambda: _build_view(runs, lang))
    figs = view.charts
    name = _export_stem(runs)

    st.subheader(t("tr_curves_title"))
    show_chart(figs["curves"], f"training_curves_{name}")
    st.caption(t("tr_curves_caption"))
    st.subheader(t("tr_table_title"))
    table = view.table if view.table_arrow is None else view.table_arrow
    st.dataframe(table, **view.table_args)  # Streamlit copies the column config it is given
    table_download(view.table, f"training_results_{name}")

    st.subheader(t("tr_grad_title"))
    show_chart(figs["grad"], f"training_gradients_{name}")
    st.caption(t("tr_grad_caption"))

    st.subheader(t("tr_sym_title"))
    if "weights" in figs:
        show_chart(figs["weights"], f"training_first_layer_weights_{name}")
        st.caption(t("tr_sym_caption", units=first.W1_final.shape[0]))
    else:
        st.info(t("tr_sym_hint", label=_label(_ZEROS)))
    st.markdown(f"**{t('tr_distinct_title')}**")
    show_chart(figs["distinct"], f"training_distinct_units_{name}")
    st.caption(t("tr_distinct_caption"))


def _export_stem(runs: dict[str, TrainRun]) -> str:
    """What the runs have in common and what differs, for file names."""
    c = next(iter(runs.values())).config
    inits = "_vs_".join(r.config.init for r in runs.values())
    acts = "_".join(sorted({r.activation for r in runs.values()}))
    h = c.hidden
    layers = f"{len(h)}x{h[0]}" if len(set(h)) == 1 else "-".join(map(str, h))
    return f"{inits}_{acts}_{layers}_{c.data}_{c.epochs}ep"


# --------------------------------------------------------------------------- the tab


def render_training(cfg: SignalsConfig) -> None:
    """Draw the Training tab.

    Parameters
    ----------
    cfg : SignalsConfig
        The sidebar's configuration: its hidden layers (when picked), activation and seed.
    """
    _init_state(cfg)
    live = _live()
    st.markdown(t("tr_intro"))
    configs, error = _controls(cfg)
    _save_state()
    if configs is not None and any(c.init == DBN for c in configs):
        st.caption(t("tr_dbn_note"))

    b1, b2, _ = st.columns([1, 1, 6])
    clicked = b1.button(t("tr_train"), key="tr_train", type="primary", disabled=configs is None)
    stop_slot = b2.empty()
    bar_slot = st.empty()
    if not clicked:
        _wait_for_stop()

    if configs is None:
        st.error(f"**{t('tr_invalid')}.** {error}")
        if live.shown:
            st.info(t("tr_invalid_keep"))
        shown = live.shown
    else:
        store = run_store()
        missing = [c for c in configs if store.get(c) is None]
        if clicked:
            _train(configs, stop_slot, bar_slot)
            shown = configs
        else:
            if live.stopped and missing and live.shown == configs:
                st.warning(t("tr_stopped", label=live.stopped))
            if not missing:
                shown = live.shown = configs
            elif any(_available(c, store) for c in configs):
                shown = configs
                absent = [_label(c.init) for c in missing if _available(c, store) is None]
                if absent:
                    st.info(t("tr_missing", runs=", ".join(absent)))
            else:
                shown = live.shown
                st.info(t("tr_old_results") if shown else t("tr_click_train"))
            if missing:
                secs = estimate_wall_seconds(missing)
                st.caption(
                    t("tr_estimate", n=len(missing), total=len(configs), seconds=max(secs, 1))
                )
    preset = _matching_preset(configs)
    if preset is not None:
        _preset_panel(preset, configs)
    elif st.session_state.pop("tr_preset", None) in TRAIN_PRESETS:
        st.caption(t("tr_pv_changed", presets=t("tr_presets")))  # once, after the change
    if shown:
        _results(list(shown))
