"""The Training tab: train one architecture from several initializations and compare.

Widgets in, frozen :class:`~explorer.services.training.TrainConfig`s out (one per
initializer). *Train* asks the server's job service for one run per config
(:class:`explorer.ui.run_tab.RunTab`): the runs train side by side in its worker processes,
identical runs of other sessions are joined, the page shows each run's queue place or epoch,
Stop withdraws this session's interest and keeps what was learned, and a tab switch or a
rerun leaves the runs going. Finished runs are in the service's shared store, so any session
with the same settings sees them at once. Tidy frames come from
:mod:`explorer.analysis.frames`, charts from :mod:`explorer.analysis.charts`; nothing here
computes anything. What the results section draws of a set of runs is built once per
language and kept for every session (:func:`_results_view`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import streamlit as st

from explorer.analysis import charts, frames
from explorer.data.datasets import DatasetUnavailable
from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import ConfigError
from explorer.engine.optim import DEFAULT_LR, OPTIMIZERS
from explorer.services.jobs import JobState
from explorer.services.presets import TRAIN_PRESETS, TrainPreset
from explorer.services.signals import SignalsConfig, format_layers
from explorer.services.training import (
    DBN,
    MAX_DBN_EPOCHS,
    MAX_EPOCHS,
    MAX_TRAIN_BATCH,
    TAB_DEFAULT_HIDDEN,
    TAB_DEFAULT_INITS,
    TRAIN_DATA,
    TrainConfig,
    TrainRun,
    ensure_data,
    estimate_wall_seconds,
    validate_inits,
)
from explorer.ui.downloads import table_download
from explorer.ui.draw import PreparedChart, prepare_chart, show_chart
from explorer.ui.i18n import chart_notes, err_text, get_lang, init_text, labels, t
from explorer.ui.run_tab import RunTab, cached_note
from explorer.ui.sidebar import COMPARE_CHOICES, DEFAULT, train_preset_buttons
from explorer.ui.stores import job_service
from explorer.ui.widgets import number, select

__all__ = ["INIT_CHOICES", "RUNS", "render_training"]

#: Initializers offered: the compare view's, plus RBM pre-training.
INIT_CHOICES = (*COMPARE_CHOICES, DBN)
_ZEROS = "zeros"

_DEFAULTS = {
    "tr_inits": list(TAB_DEFAULT_INITS),
    "tr_data": "digits",
    "tr_epochs": 20,
    "tr_opt": "sgd",
    "tr_lr": DEFAULT_LR["sgd"],
    "tr_bs": 32,
    "tr_dbn_ep": 10,
}


def _label(key: str) -> str:
    """The label of an initializer key as the tab shows it (the i18n texts have DBN's)."""
    return t("tr_dbn_label") if key == DBN else init_text(key)


def _where(cfg: TrainConfig, p) -> str:
    """Where a running run is: its pre-training layer and epoch, or its epoch."""
    if p.phase == "pretrain":
        return t("tr_where_pre", layer=p.layer, layers=p.layers, epoch=p.epoch, epochs=p.epochs)
    return t("tr_where", epoch=p.epoch, epochs=p.epochs)


RUNS = RunTab(
    "tr", "train", label=lambda c: _label(c.init), fraction=lambda p: p.fraction, describe=_where
)


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


# --------------------------------------------------------------------------- controls


def _preset_buttons() -> None:
    """The lecture's and the papers' set-ups (:data:`explorer.services.presets.TRAIN_PRESETS`)."""
    with st.expander(t("tr_presets")):
        st.caption(t("tr_presets_caption"))
        train_preset_buttons("tr_trp_")


def _controls(cfg: SignalsConfig) -> tuple[list[TrainConfig] | None, str | None]:
    """Draw the tab's widgets; return the configs to train, or None and the error."""
    s = st.session_state
    _preset_buttons()
    options = list(INIT_CHOICES) + [k for k in s.tr_inits if k not in INIT_CHOICES]
    c1, c2 = st.columns([3, 1])
    c1.multiselect(
        t("tr_inits"),
        options,
        key="tr_inits",
        format_func=labels(options, text=_label),
        help=t("tr_inits_help"),
    )
    select(c2, "tr_data", TRAIN_DATA, "tr_data_", on_change=_on_data)
    nets = {
        "tab": t("tr_net_tab", layers=_layers_text(TAB_DEFAULT_HIDDEN)),
        "sidebar": t("tr_net_sidebar", layers=_layers_text(cfg.hidden)),
    }
    st.segmented_control(
        t("tr_net"),
        ["tab", "sidebar"],
        key="tr_net",
        format_func=nets.get,
        required=True,
        help=t("tr_net_help"),
    )
    why = st.empty()  # filled below, once the settings are read
    c = st.columns([2, 1.2, 1, 1, 1.6])
    c[0].slider(t("tr_epochs"), 1, MAX_EPOCHS, key="tr_epochs")
    opts = list(OPTIMIZERS)
    select(c[1], "tr_opt", opts, "tr_opt_", text="tr_optimizer", on_change=_on_optimizer)
    number(c[2], "tr_lr", DEFAULT_LR.get(s.tr_opt, 0.01), format="%g")
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
        _why_the_tab_network(why, cfg, keys, configs, data)
    return configs, None


def _why_the_tab_network(why, cfg: SignalsConfig, keys, configs, data: str) -> None:
    """Say in ``why`` why the tab trains its own network, not the sidebar's: how long each
    would take (or that the sidebar's is too big to train here)."""
    tab, side = _layers_text(TAB_DEFAULT_HIDDEN), _layers_text(cfg.hidden)
    try:
        secs = estimate_wall_seconds(_configs(cfg, keys, cfg.hidden, data), _slots())
        why.caption(
            t(
                "tr_net_why",
                tab=tab,
                side=side,
                secs_tab=estimate_wall_seconds(configs, _slots()),
                secs_side=secs,
            )
        )
    except ConfigError:
        why.caption(t("tr_net_why_big", tab=tab, side=side))


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


# --------------------------------------------------------------------------- paper presets


def _matching_preset(configs) -> TrainPreset | None:
    """The training preset with a claim whose runs are exactly ``configs`` (any seed)."""
    return next(
        (p for p in TRAIN_PRESETS.values() if p.has_claim and p.matches_configs(configs or [])),
        None,
    )


def _preset_panel(preset: TrainPreset, configs: list[TrainConfig], shown: dict) -> None:
    """The preset's source and expected result beside the live runs' verdict.

    ``shown``: config -> run, the runs on the page.
    """
    runs = {c.init: shown[c] for c in configs if c in shown}
    with st.container(border=True):
        st.markdown(f"##### {t('tr_pv_title', title=t(f'trp_{preset.key}_title'))}")
        left, right = st.columns(2, gap="large")
        with left:
            st.markdown(f"**{t('preset_source')}**: {t(f'trp_{preset.key}_source')}")
            st.markdown(f"**{t('preset_expected')}**: {t(f'trp_{preset.key}_expected')}")
        with right:
            st.markdown(f"**{t('tr_pv_live', seed=configs[0].seed)}**")
            if not runs:
                secs = estimate_wall_seconds(configs, _slots())
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
            frames.training_curves(runs), order, chance=1.0 / first.n_classes, notes=notes
        ),
        "grad": charts.layer_epoch_heatmap(
            frames.layer_epoch_grid(runs, "grad_norm"), order, notes=notes
        ),
        "distinct": charts.distinct_units_chart(
            frames.distinct_units_frame(runs), order, notes=notes
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
            panels[title] = frames.weights_frame(r.W1_final, r.input_index)
        figs["weights"] = charts.weights_heatmaps(panels, notes=notes)
    figs["table"] = frames.runs_summary(runs)
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


@st.cache_resource(max_entries=32, show_spinner=False)
def _results_view(key: str, lang: str, _runs: dict[str, TrainRun]) -> _ResultsView:
    """What the results section draws of ``_runs`` in ``lang``, built once for every session.

    ``key`` identifies the runs (the repr of each config, how far it got, and the language:
    one string, which Streamlit hashes faster than the nested dataclasses); ``_runs``
    (not hashed) are the runs themselves. Kept as the same object: a rerun places it.
    """
    return _build_view(_runs, lang)


def _results(runs: dict[str, TrainRun]) -> None:
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
    key = repr(
        (
            *(
                (label, r.config, r.epochs_run, r.stopped, r.pretrain_epochs_run)
                for label, r in runs.items()
            ),
            lang,
        )
    )
    view = _results_view(key, lang, runs)
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


def _slots() -> int:
    return job_service().slots


def render_training(cfg: SignalsConfig) -> None:
    """Draw the Training tab.

    Parameters
    ----------
    cfg : SignalsConfig
        The sidebar's configuration: its hidden layers (when picked), activation and seed.
    """
    _init_state(cfg)
    st.markdown(t("tr_intro"))
    configs, error = _controls(cfg)
    _save_state()
    if configs is not None and any(c.init == DBN for c in configs):
        st.caption(t("tr_dbn_note"))
    if st.session_state.get("tr_stop"):  # clicked: withdraw before the buttons are drawn
        RUNS.stop()
    b1, b2, _ = st.columns([1, 1, 6])
    clicked = b1.button(t("tr_train"), key="tr_train", type="primary", disabled=configs is None)
    b2.button(
        t("tr_stop"),
        key="tr_stop",
        disabled=not (clicked or RUNS.running()),
        help=t("tr_stop_help"),
    )
    bar_slot = st.empty()
    if clicked and configs is not None:
        refused = RUNS.train(configs)
        if refused:
            st.error(refused)
    RUNS.wait(bar_slot)
    if configs is None:
        st.error(f"**{t('tr_invalid')}.** {error}")
    shown, outcomes = RUNS.outcomes(configs)
    runs = _shown_runs(configs, shown, outcomes)
    if runs:
        cached_note(outcomes)
    preset = _matching_preset(configs)
    if preset is not None:
        _preset_panel(preset, configs, {o.config: o.result for o in outcomes if o.result})
    elif st.session_state.pop("tr_preset", None) in TRAIN_PRESETS:
        st.caption(t("tr_pv_changed", presets=t("tr_presets")))  # once, after the change
    _results(runs)


def _shown_runs(configs, shown: tuple, outcomes) -> dict[str, TrainRun]:
    """The runs on the page by label, with notes on what is missing and why."""
    if not outcomes:
        st.info(t("tr_click_train"))
    elif configs is not None and tuple(configs) != shown:
        st.info(t("tr_old_results"))
    halted = [o for o in outcomes if o.state in (JobState.STOPPED, JobState.CANCELLED)]
    if halted:
        st.warning(t("tr_stopped", runs=", ".join(_label(o.config.init) for o in halted)))
    runs = {}
    for o in outcomes:
        label = _label(o.config.init)
        if o.result is not None:
            runs[label] = o.result
        elif o.error:
            st.error(t("tr_run_failed", label=label, error=o.error))
        elif o.state is JobState.STOPPED:
            st.caption(t("tr_run_stopped_pre", label=label))
        elif o.state is JobState.CANCELLED:
            st.caption(t("tr_run_cancelled", label=label))
    if configs is not None and outcomes:
        missing = [c for c in configs if c not in {o.config for o in outcomes if o.result}]
        if missing and tuple(configs) == shown:
            st.info(t("tr_missing", runs=", ".join(_label(c.init) for c in missing)))
    if configs is not None and (not outcomes or tuple(configs) != shown):
        secs = estimate_wall_seconds(configs, _slots())
        st.caption(t("tr_estimate", n=len(configs), total=len(configs), seconds=max(secs, 1)))
    return runs
