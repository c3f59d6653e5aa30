"""The Lesson tab: the lecture's argument in eight steps (and one beyond it), each live.

The steps, their configurations and their "try it" targets are data
(:data:`explorer.services.lesson.STEPS`); this view draws one step at a time: a step indicator with
Back / Next and a jump control, the narration (``ls_<id>_*`` texts), the step's charts and
pictures (each with its download buttons), and a "try it" button that loads the step's
settings into the sidebar (and the target tab's own controls) and opens that tab.

The step is ``st.session_state["step"]`` (an int, 1-based) and the ``step`` URL parameter:
read from the link once per session (an unusable value gives step 1 and a notice), changed
only in widget callbacks, so the frame's ``write_url`` (which runs before this view) always
writes the current step. Every computation is cached on its frozen configuration, and
every chart spec on its configurations and the language. Nothing here computes anything.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.analysis import charts, frames, stats
from explorer.analysis.export import image_png
from explorer.analysis.rbm_frames import dbn_finetune_curves, rbm_curves
from explorer.engine.initializers import INITIALIZERS
from explorer.services.dbn import DBNConfig, DBNResult
from explorer.services.lesson import (
    N_STEPS,
    STEPS,
    Step,
    WeightsConfig,
    parse_step,
    run_facts,
    step_at,
    weight_spread,
)
from explorer.services.rbm import RBMConfig, RBMResult, rbm_defaults
from explorer.services.signals import SignalsConfig
from explorer.services.training import TrainConfig, TrainRun
from explorer.ui.downloads import image_download, table_download
from explorer.ui.draw import as_spec, show_chart
from explorer.ui.i18n import chart_notes, get_lang, init_text, labels, t
from explorer.ui.sidebar import tab_label
from explorer.ui.stores import await_result
from explorer.ui.tabs.map import chart_name, map_chart
from explorer.ui.tabs.signals import cached_signals

__all__ = ["STEP_KEY", "render_lesson"]

#: Session-state key of the current step (int, 1-based); also the URL parameter.
STEP_KEY = "step"
_JUMP = "ls_jump"
_BAD = "_ls_bad_step"


# --------------------------------------------------------------------------- computations


def _train(cfg: TrainConfig) -> TrainRun:
    return await_result("train", cfg, text=t("ls_computing"))


def _rbm(cfg: RBMConfig) -> RBMResult:
    return await_result("rbm", cfg, text=t("ls_computing"))


def _dbn(cfg: DBNConfig) -> DBNResult:
    return await_result("dbn", cfg, text=t("ls_computing"))


@st.cache_data(max_entries=8, show_spinner=False)
def _weights(cfg: WeightsConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    return weight_spread(cfg)


def _runs(configs: tuple[TrainConfig, ...]) -> dict[str, TrainRun]:
    return {init_text(c.init): _train(c) for c in configs}


# --------------------------------------------------------------------------- chart specs


@st.cache_data(max_entries=32, show_spinner=False)
def _profile_spec(configs: tuple[SignalsConfig, ...], title: str, theory: bool, lang: str):
    """Profiles of the configurations in one chart (one colour per initializer)."""
    df = stats.concat_runs({init_text(c.init.key): cached_signals(c).profile for c in configs})
    if not theory:
        df = df[df["source"] == "measured"]
    return as_spec(charts.profile_chart(df, title=t(title), color="run", width=300, height=230))


@st.cache_data(max_entries=16, show_spinner=False)
def _training_specs(configs: tuple[TrainConfig, ...], grads: bool, lang: str) -> dict[str, dict]:
    """The training curves and, if ``grads``, the per-layer gradient heatmap."""
    runs = _runs(configs)
    labels = list(runs)
    n_classes = next(iter(runs.values())).n_classes
    specs = {
        "curves": as_spec(
            charts.training_curves_chart(
                frames.training_curves(runs),
                runs=labels,
                chance=1.0 / n_classes,
                notes=chart_notes(),
                title=t("ls_curves_chart", epochs=configs[0].epochs),
                width=300,
                height=220,
            )
        )
    }
    if grads:
        specs["grads"] = as_spec(
            charts.layer_epoch_heatmap(
                frames.layer_epoch_grid(runs, "grad_norm"),
                runs=labels,
                title=t("ls_zeros_grads"),
                notes=chart_notes(),
                columns=len(labels),
                width=300,
            )
        )
    return specs


@st.cache_data(max_entries=8, show_spinner=False)
def _rbm_spec(cfg: RBMConfig, lang: str) -> dict:
    curves = rbm_curves(_rbm(cfg))
    curves = curves[curves["quantity"] == "reconstruction error"]
    return as_spec(charts.rbm_curves_chart(curves, title=t("ls_rbm_chart"), width=360))


@st.cache_data(max_entries=4, show_spinner=False)
def _dbn_spec(cfg: DBNConfig, lang: str) -> dict:
    labels = {"dbn": t("ls_dbn_run_dbn"), "normal": t("ls_dbn_run_normal")}
    chart = charts.dbn_finetune_chart(
        dbn_finetune_curves(_dbn(cfg)),
        labels=labels,
        title=t("ls_dbn_chart"),
        width=300,
        height=220,
    )
    return as_spec(chart)


@st.cache_data(max_entries=8, show_spinner=False)
def _weights_spec(cfg: WeightsConfig, lang: str) -> dict:
    hist, _ = _weights(cfg)
    names = {INITIALIZERS[k].label: t(f"init_{k}") for k in cfg.inits}
    chart = charts.histogram_grid(
        hist.assign(run=hist["run"].map(lambda r: names.get(r, r))),
        t("ls_xavier_chart", fan_in=cfg.fan_in, fan_out=cfg.fan_out),
        row="run",
        width=520,
        height=70,
        x_title="w",
    )
    return as_spec(chart)


# --------------------------------------------------------------------------- navigation


def _current_step() -> int:
    """The step: the session's, or the link's the first time (an unusable one gives 1)."""
    s = st.session_state
    n = parse_step(s.get(STEP_KEY))
    if n is None:
        # a link's step= was read into the session by controls.init_state, and an unusable
        # one is reported there with the link's other values
        raw = [s[STEP_KEY]] if STEP_KEY in s else []
        n = parse_step(raw)
        if raw and n is None:
            s[_BAD] = str(raw[-1])[:20]
    s[STEP_KEY] = n or 1
    return s[STEP_KEY]


def _go(number: int) -> None:
    st.session_state[STEP_KEY] = min(max(int(number), 1), N_STEPS)


def _on_jump() -> None:
    value = st.session_state.get(_JUMP)
    if value is not None:
        _go(value)


def _try_it(number: int, also: bool = False) -> None:
    """Load step ``number``'s settings into the widgets and open its tab (``on_click``);
    with ``also``, those of its second target (a paper's training run)."""
    step = step_at(number)
    target = step.also if also else step.try_it
    s = st.session_state
    for key, value in target.state().items():
        s[key] = value
    s.pop("preset", None)  # the compare view would show a preset's notes for these settings
    s["tab"] = tab_label(target.tab)


def _short(number: int) -> str:
    return t(f"ls_{STEPS[number - 1].id}_short")


def _nav(n: int, where: str) -> None:
    back, middle, nxt = st.columns([1.3, 4, 1.3], vertical_alignment="center")
    back.button(
        t("ls_back", title=_short(n - 1)) if n > 1 else t("ls_back_none"),
        key=f"ls_back{where}",
        on_click=_go,
        args=(n - 1,),
        disabled=n <= 1,
        width="stretch",
    )
    nxt.button(
        t("ls_next", title=_short(n + 1)) if n < N_STEPS else t("ls_next_none"),
        key=f"ls_next{where}",
        on_click=_go,
        args=(n + 1,),
        disabled=n >= N_STEPS,
        type="primary",
        width="stretch",
    )
    if where == "top":
        middle.progress(n / N_STEPS, text=t("ls_step_of", n=n, total=N_STEPS))


def _header(n: int) -> None:
    st.session_state[_JUMP] = n  # before the widget: it shows the current step
    st.segmented_control(
        t("ls_jump"),
        list(range(1, N_STEPS + 1)),
        key=_JUMP,
        format_func=labels(range(1, N_STEPS + 1), text=lambda i: f"{i} · {_short(i)}"),
        on_change=_on_jump,
        required=True,
        width="stretch",
    )
    _nav(n, "top")


def _try_button(n: int, step: Step) -> None:
    tab = tab_label(step.try_it.tab)
    with st.container(border=True):
        st.button(
            t("ls_try", tab=tab),
            key="ls_try",
            on_click=_try_it,
            args=(n,),
            icon=":material/open_in_new:",
            help=t("ls_try_help", tab=tab),
        )
        d = rbm_defaults("digits")  # what the RBM tab trains unless changed there
        st.caption(
            t(f"ls_try_{step.try_it.tab.removeprefix('tab_')}", hidden=d.n_hidden, epochs=d.epochs)
        )
        if step.also is not None:
            preset = dict(step.also.widgets).get("tr_preset")
            tab = tab_label(step.also.tab)
            st.button(
                t("ls_try_preset", title=t(f"trp_{preset}_title")),
                key="ls_try_also",
                on_click=_try_it,
                args=(n, True),
                icon=":material/model_training:",
                help=t("ls_try_help", tab=tab),
            )
            st.caption(t("ls_try_preset_caption", tab=tab))


# --------------------------------------------------------------------------- the steps


def _net_name(configs: tuple[SignalsConfig, ...]) -> str:
    c = configs[0]
    keys = "_vs_".join(cfg.init.key for cfg in configs)
    return f"{c.activation}_{keys}_{len(c.hidden)}x{c.hidden[0]}"


def _profile_step(n: int, step: Step, title: str = "", theory: bool = False) -> None:
    spec = _profile_spec(step.signals, title or f"ls_{step.id}_chart", theory, get_lang())
    show_chart(spec, f"lesson{n}_profile_{_net_name(step.signals)}")
    st.caption(t("ls_profile_caption") + (" " + t("ls_theory_caption") if theory else ""))


def _run_name(configs: tuple[TrainConfig, ...]) -> str:
    c = configs[0]
    hidden = "x".join(map(str, c.hidden))
    return f"{c.activation}_{hidden}_{c.epochs}epochs"


def _zeros(n: int, step: Step) -> None:
    runs = _runs(step.runs)
    epochs = step.runs[0].epochs
    for col, (label, run) in zip(st.columns(len(runs), border=True), runs.items(), strict=True):
        f = run_facts(run)
        with col:
            st.markdown(f"**{label}**")
            a, b, c = st.columns(3)
            grad = t("ls_exact_zero") if f.grad_hidden_start == 0 else f"{f.grad_hidden_start:.2g}"
            a.metric(t("ls_m_grad"), grad, help=t("ls_m_grad_help"))
            b.metric(
                t("ls_m_distinct"),
                t("ls_of", n=f.distinct_units, total=f.width),
                help=t("ls_m_distinct_help"),
            )
            c.metric(t("ls_m_acc"), f"{f.val_accuracy:.0%}", help=t("ls_m_acc_help", epochs=epochs))
    specs = _training_specs(step.runs, True, get_lang())
    name = _run_name(step.runs)
    show_chart(specs["curves"], f"lesson{n}_training_zeros_vs_he_{name}")
    show_chart(specs["grads"], f"lesson{n}_gradients_zeros_vs_he_{name}")
    st.caption(t("ls_zeros_caption"))


def _picture(array, caption: str, name: str) -> None:
    # at its own size: the grid is already upscaled pixel by pixel; the browser would blur it
    st.image(array, caption=caption, width=int(array.shape[1]), output_format="PNG")
    image_download(lambda: image_png(array), name)


def _rbm_step(n: int, step: Step) -> None:
    results = [_rbm(c) for c in step.rbms]
    cols = st.columns([1, 1, 1, 0.5])
    with cols[0]:
        _picture(results[0].originals, t("ls_rbm_originals"), f"lesson{n}_digits_held_out")
    for col, cfg, res in zip(cols[1:], step.rbms, results, strict=False):
        key = "ls_rbm_after_1" if cfg.epochs == 1 else "ls_rbm_after"
        with col:
            _picture(
                res.reconstructions,
                t(key, epochs=cfg.epochs),
                f"lesson{n}_rbm_reconstructions_{cfg.n_hidden}hidden_{cfg.epochs}epochs",
            )
    st.caption(t("ls_rbm_caption", hidden=step.rbms[-1].n_hidden))
    last = step.rbms[-1]
    show_chart(
        _rbm_spec(last, get_lang()), f"lesson{n}_rbm_reconstruction_error_{last.epochs}epochs"
    )


def _dbn_step(n: int, step: Step) -> None:
    cfg = step.dbn
    res = _dbn(cfg)
    hidden = "x".join(map(str, cfg.hidden))
    summary = res.final_val_accuracy()
    cols = st.columns(4)
    cols[0].metric(t("ls_dbn_m_dbn"), f"{summary['dbn']:.0%}")
    cols[1].metric(t("ls_dbn_m_normal"), f"{summary['normal']:.0%}")
    show_chart(_dbn_spec(cfg, get_lang()), f"lesson{n}_dbn_finetuning_sigmoid_{hidden}")
    st.markdown(f"**{t('ls_dbn_layers')}**")
    pics = st.columns(len(res.layer_images) + 1)
    for k, (col, img) in enumerate(zip(pics, res.layer_images, strict=False)):
        caption = t("ls_dbn_input") if k == 0 else t("ls_dbn_up", k=k)
        with col:
            _picture(img, caption, f"lesson{n}_dbn_up{k}_and_back_{hidden}")
    st.caption(t("ls_dbn_caption"))


def _latex_grid(keys: tuple[str, ...]) -> None:
    cols = st.columns(2)
    for i, key in enumerate(keys):
        init = INITIALIZERS[key]
        with cols[i % 2].container(border=True):
            st.markdown(f"**{t(f'init_{key}')}**")
            st.latex(init.formula)


def _xavier(n: int, step: Step) -> None:
    w = step.weights
    _latex_grid(tuple(k for k in w.inits))
    st.caption(t("ls_xavier_formulas"))
    show_chart(
        _weights_spec(w, get_lang()),
        f"lesson{n}_weights_{'_vs_'.join(w.inits)}_{w.fan_in}x{w.fan_out}",
    )
    _, table = _weights(w)
    table = table.assign(run=[t(f"init_{k}") for k in table["key"]]).drop(columns="key")
    shown = table.assign(limit=table["limit"].map(lambda v: "—" if pd.isna(v) else f"{v:.4f}"))
    _table(shown, run=None, std="%.4f", sample_std="%.4f", limit=None)
    table_download(table, f"lesson{n}_weight_spread_{w.fan_in}x{w.fan_out}")
    _profile_step(n, step, title="ls_xavier_chart_profile")


def _table(table: pd.DataFrame, **columns: str | None) -> None:
    """Show ``table`` without its index, each column headed by its text ``ls_col_<column>``.

    Parameters
    ----------
    table : DataFrame
    **columns : str or None
        Column name -> number format (``"percent"``, ``"%.4f"``, …), or ``None`` for text.
    """
    config = {
        col: st.column_config.TextColumn(t(f"ls_col_{col}"))
        if fmt is None
        else st.column_config.NumberColumn(t(f"ls_col_{col}"), format=fmt)
        for col, fmt in columns.items()
    }
    st.dataframe(table, hide_index=True, column_config=config)


def _he(n: int, step: Step) -> None:
    st.latex(
        r"\operatorname{Var}[y_l] = \tfrac{1}{2}\, n_l\, \operatorname{Var}[w_l]\,"
        r"\operatorname{Var}[y_{l-1}]"
    )
    a, b = st.columns(2)
    with a.container(border=True):
        st.markdown(f"**{t('init_xavier_normal')}**")
        st.latex(
            r"n_l \operatorname{Var}[w_l] = 1 \;\Rightarrow\; "
            r"\operatorname{Var}[y_{30}] \approx 2^{-29}\operatorname{Var}[y_1]"
        )
    with b.container(border=True):
        st.markdown(f"**{t('init_he_normal')}**")
        st.latex(INITIALIZERS["he_normal"].formula)
    _profile_step(n, step, theory=True)


def _compare(n: int, step: Step) -> None:
    runs = _runs(step.runs)
    specs = _training_specs(step.runs, False, get_lang())
    name = _run_name(step.runs)
    show_chart(specs["curves"], f"lesson{n}_training_{len(runs)}_initializers_{name}")
    cols = ["run", "val_accuracy", "best_val_accuracy", "distinct_units_1"]
    table = frames.runs_summary(runs)[cols]
    _table(
        table, run=None, val_accuracy="percent", best_val_accuracy="percent", distinct_units_1="%d"
    )
    table_download(table, f"lesson{n}_results_{name}")


def _map_step(n: int, step: Step) -> None:
    for cfg in step.maps:
        show_chart(
            map_chart(
                cfg.job_config,
                cfg.quantity,
                get_lang(),
                bool(st.session_state.get("present")),
                width=600,
                height=250,
            ),
            f"lesson{n}_{chart_name(cfg)}",
        )
    st.caption(t("ls_map_caption"))


_RENDER = {
    "sigmoid": _profile_step,
    "relu": _profile_step,
    "zeros": _zeros,
    "rbm": _rbm_step,
    "dbn": _dbn_step,
    "xavier": _xavier,
    "he": _he,
    "compare": _compare,
    "map": _map_step,
}


def render_lesson(cfg) -> None:
    """Draw the Lesson tab at the current step.

    Parameters
    ----------
    cfg : SignalsConfig
        The sidebar's configuration; the lesson's steps use their own (see
        :data:`explorer.services.lesson.STEPS`) and leave the sidebar alone until "try it".
    """
    n = _current_step()
    if st.query_params.get(STEP_KEY) != str(n):
        st.query_params[STEP_KEY] = str(n)
    bad = st.session_state.pop(_BAD, None)
    if bad is not None:
        st.warning(t("ls_bad_step", value=bad, total=N_STEPS))
    step = step_at(n)
    st.caption(t("ls_intro"))
    _header(n)
    if step.beyond:
        st.badge(t("ls_beyond"), icon=":material/explore:", color="violet")
    st.subheader(f"{n}. {t(f'ls_{step.id}_title')}")
    st.markdown(t(f"ls_{step.id}_body"))
    with st.spinner(t("ls_computing")):
        _RENDER[step.id](n, step)
    _try_button(n, step)
    _nav(n, "bottom")
