"""The Map tab: the edge-of-chaos map, with every initializer placed on it (beyond the lecture).

The tab's own controls are read into a frozen :class:`explorer.services.maps.MapConfig` (the
seed is the sidebar's); the map is one job of the server's job service (kind ``map``,
:func:`explorer.services.maps.compute_map`), computed once per server and shown with a
progress bar while it runs (:func:`explorer.ui.stores.await_result`); the chart
(:func:`explorer.analysis.charts.edge_map_chart`) is built once per map, colour and language
(``st.cache_data``), so a rerun only places it. Choosing an initializer and pressing *Open in
Signals* loads its setting into the sidebar and opens the Signals tab, as the lesson's *Try
it* does. Nothing here computes anything.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from explorer.analysis.charts import MAP_WORDS, edge_map_chart
from explorer.analysis.map_frames import map_frames
from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import ConfigError
from explorer.engine.meanfield import layers_per_decade
from explorer.services.errors import FIELDS
from explorer.services.jobs import JobState, JobView
from explorer.services.maps import (
    MAP_INITS,
    QUANTITIES,
    MapConfig,
    MapResult,
    init_sigma_w,
    signals_state,
)
from explorer.services.signals import parse_init_spec
from explorer.ui.downloads import table_download
from explorer.ui.draw import PreparedChart, prepare_chart, show_chart
from explorer.ui.i18n import err_text, get_lang, init_text, labels, t
from explorer.ui.sidebar import tab_label
from explorer.ui.stores import JobFailed, await_result

__all__ = ["map_chart", "render_map"]

#: Widget key -> MapConfig field: the tab's controls (the lesson's "try it" sets them too).
WIDGETS = {
    "map_act": "activation",
    "map_width": "width",
    "map_depth": "depth",
    "map_lo": "sigma_lo",
    "map_hi": "sigma_hi",
    "map_sb": "sigma_b",
    "map_q": "quantity",
    "map_n": "n_sigma",
    "map_batch": "batch",
    "map_dtype": "dtype",
}
#: The chart's size in the tab: with its legend it fits the main area of a 1400-pixel-wide
#: window with the sidebar open (the lesson draws a lower one).
WIDTH, HEIGHT = 600, 400
#: Font scale of the presentation look (explorer.analysis.charts.presentation_spec).
PRESENT_SCALE = 1.5


def _init_state() -> None:
    default = MapConfig()
    for key, field in WIDGETS.items():
        st.session_state.setdefault(key, getattr(default, field))


def _read_config(seed: int) -> MapConfig:
    """The widgets as one validated config; raises ConfigError."""
    s = st.session_state
    return MapConfig(**{field: s[key] for key, field in WIDGETS.items()}, seed=int(seed))


# --------------------------------------------------------------------------- the computation


def _progress(view: JobView) -> tuple[float, str] | None:
    """The progress bar while the map is queued or computed (None: as it is)."""
    if view.state is JobState.QUEUED:
        return 0.0, t("map_queued", ahead=view.ahead)
    p = view.progress
    if p is None:
        return None
    return p.done / p.total, t("map_progress", done=p.done, total=p.total)


def _await(job: MapConfig, bar: bool = True) -> MapResult | None:
    """The map from the server's job service: with a progress bar while it computes, or
    (``bar=False``, the lesson's maps and a map dropped from the store before its chart)
    a spinner.

    Raises
    ------
    ConfigError
        The service refused the job, or it failed (the message says why).
    """
    try:
        if bar:
            return await_result("map", job, text=t("map_starting"), progress=_progress)
        return await_result("map", job, text=t("ls_computing"))
    except JobFailed as e:
        raise e.error from None


def short_name(key: str) -> str:
    """An initializer's short name on the map (``He``, ``N(0, 0.01²)``, ...)."""
    spec = parse_init_spec(key)
    if spec.name == "normal":
        std = dict(spec.params)["std"]
        return f"N(0, {std:g}²)" if std != 1 else "N(0, 1)"
    if spec.name == "uniform":
        return f"U(±{dict(spec.params)['limit']:g})"
    return t(f"map_init_{spec.name}")


@st.cache_data(max_entries=32, show_spinner=False)
def map_chart(
    job: MapConfig,
    quantity: str,
    lang: str,
    present: bool = False,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> PreparedChart:
    """The map's chart in ``lang``, prepared for the page (built once, shared by sessions).

    Parameters
    ----------
    job : MapConfig
        The computation (:attr:`MapConfig.job_config`).
    quantity : str
        What the colour shows.
    lang : str
        The page's language (the cache key; the texts come from the run's language).
    present : bool
        The presentation look is on: the initializers' labels are spaced for its larger font.
    width, height : int
        The heatmap's size in pixels.
    """
    res = _await(job, bar=False)
    words = {k: t(f"mapc_{k}") for k in MAP_WORDS}
    labels = {k: short_name(k) for k in MAP_INITS}
    scale = PRESENT_SCALE if present else 1.0
    frames = map_frames(res, quantity, labels, words, width, font_scale=scale)
    title = t(
        f"map_chart_title_{quantity}",
        act=ACTIVATIONS[job.activation].label,
        depth=job.depth,
        width=job.width,
    )
    subtitle = t("map_chart_subtitle", batch=job.batch, dtype=job.dtype, sb=job.sigma_b)
    chart = edge_map_chart(frames, words, title, subtitle, width=width, height=height)
    return prepare_chart(chart, lang)


def chart_name(cfg: MapConfig) -> str:
    """The downloads' base name, e.g. ``edge_of_chaos_tanh_256x50_gradient``."""
    return f"edge_of_chaos_{cfg.activation}_{cfg.width}x{cfg.depth}_{cfg.quantity}"


# --------------------------------------------------------------------------- the view


def _help(key: str, setting: str) -> str:
    """A widget's help, naming its setting's range from the app's one table of limits."""
    lo, hi = FIELDS[f"map_{setting}"].bounds
    return t(key, lo=lo, hi=hi)


def _controls() -> None:
    names = {k: a.label for k, a in ACTIVATIONS.items()}
    c1, c2, c3, c4 = st.columns([1.2, 1, 1, 1.6])
    c1.selectbox(
        t("map_act"), FIELDS["map_activation"].choices, key="map_act", format_func=names.get
    )
    c2.number_input(t("map_width"), key="map_width", step=32, help=_help("map_width_help", "width"))
    c3.number_input(t("map_depth"), key="map_depth", step=5, help=_help("map_depth_help", "depth"))
    c4.segmented_control(
        t("map_q"),
        list(QUANTITIES),
        key="map_q",
        format_func=labels(QUANTITIES, "map_q_"),
        required=True,
    )
    c1, c2, c3, c4 = st.columns([1.2, 1, 1, 1.6])
    range_help = _help("map_range_help", "sigma_lo")
    c1.number_input(t("map_lo"), key="map_lo", step=0.125, format="%g", help=range_help)
    c2.number_input(t("map_hi"), key="map_hi", step=1.0, format="%g", help=range_help)
    c3.number_input(
        t("map_sb"), key="map_sb", step=0.05, format="%g", help=_help("map_sb_help", "sigma_b")
    )
    with c4.expander(t("map_more")):
        st.number_input(t("map_n"), key="map_n", step=10, help=_help("map_n_help", "n_sigma"))
        st.number_input(t("map_batch"), key="map_batch", step=8)
        st.segmented_control(
            t("map_dtype"),
            FIELDS["map_dtype"].choices,
            key="map_dtype",
            required=True,
            help=t("map_dtype_help"),
        )


def _fmt_sigma(x: float) -> str:
    return f"{x:.3g}" if math.isfinite(x) else t("map_m_none")


def _metrics(cfg: MapConfig, res: MapResult) -> None:
    chi = dict(zip(res.inits, res.init_chi1))
    a, b, c, d = st.columns(4)
    a.metric(t("map_m_theory"), _fmt_sigma(res.theory.sigma_crit), help=t("map_m_theory_help"))
    b.metric(
        t("map_m_measured"), _fmt_sigma(res.sigma_crit_measured), help=t("map_m_measured_help")
    )
    c.metric(t("map_m_he"), f"{chi['he_normal']:.3g}", help=t("map_m_chi_help"))
    d.metric(t("map_m_lecun"), f"{chi['lecun_normal']:.3g}", help=t("map_m_chi_help"))
    crit = res.theory.sigma_crit
    act = ACTIVATIONS[cfg.activation].label
    if not math.isfinite(crit):
        st.info(t("map_edge_none", act=act, sb=cfg.sigma_b))
    elif not cfg.sigma_lo <= crit <= cfg.sigma_hi:
        st.info(
            t(
                "map_edge_outside",
                act=act,
                sb=cfg.sigma_b,
                crit=crit,
                lo=cfg.sigma_lo,
                hi=cfg.sigma_hi,
            )
        )


def _phase(chi: float) -> str:
    if chi == 0.0:
        return t("map_phase_dead")
    if abs(math.log(chi)) < 0.01:
        return t("map_phase_edge")
    return t("map_phase_ordered") if chi < 1 else t("map_phase_chaotic")


def _table(cfg: MapConfig, res: MapResult) -> None:
    st.subheader(t("map_table_title", width=cfg.width))
    rows = []
    for key, sigma, chi in zip(res.inits, res.init_sigma, res.init_chi1):
        decade = float(layers_per_decade(chi))
        rows.append(
            {
                "init": init_text(key),
                "sigma": float(sigma),
                "chi": float(chi),
                "phase": _phase(float(chi)),
                "layers": f"{decade:.3g}" if math.isfinite(decade) else "∞",
            }
        )
    table = pd.DataFrame(rows)
    st.dataframe(
        table,
        hide_index=True,
        height=35 * (len(table) + 1) + 3,  # every initializer visible
        column_config={
            "init": st.column_config.TextColumn(t("map_col_init")),
            "sigma": st.column_config.NumberColumn(t("map_col_sigma"), format="%.3g"),
            "chi": st.column_config.NumberColumn(t("map_col_chi"), format="%.3g"),
            "phase": st.column_config.TextColumn(t("map_col_phase")),
            "layers": st.column_config.TextColumn(t("map_col_layers")),
        },
    )
    st.caption(t("map_table_caption"))
    table_download(table, f"initializers_on_the_map_{cfg.activation}_width{cfg.width}")


def _open_signals(cfg: MapConfig) -> None:
    """Load the chosen initializer's setting into the sidebar and open Signals (on_click)."""
    s = st.session_state
    for key, value in signals_state(cfg, s["map_try"]).items():
        s[key] = value
    s.pop("preset", None)  # the compare view's preset notes are for other settings
    s["tab"] = tab_label("tab_signals")


def _try_option(key: str, width: int) -> str:
    """An initializer as the *Open in Signals* choice names it: its name and σ_w."""
    return t("map_try_option", name=init_text(key), sigma=f"{init_sigma_w(key, width):.3g}")


def _try_it(cfg: MapConfig) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('map_try_title')}**")
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        st.session_state.setdefault("map_try", "he_normal")
        left.selectbox(
            t("map_try_pick"),
            list(MAP_INITS),
            key="map_try",
            format_func=labels(MAP_INITS, text=lambda k: _try_option(k, cfg.width)),
        )
        right.button(
            t("map_try_button"),
            key="map_open",
            on_click=_open_signals,
            args=(cfg,),
            icon=":material/open_in_new:",
            help=t("map_try_help"),
            type="primary",
        )


#: The theory drawn on the map, as LaTeX (math only: the words are in the captions).
FORMULAS = (
    r"q^{l} = \sigma_w^2\, \mathbb{E}_{z\sim\mathcal{N}(0,1)}\!\left[\phi\!\left("
    r"\sqrt{q^{l-1}}\,z\right)^2\right] + \sigma_b^2,\qquad q^{*} = \lim_{l\to\infty} q^{l}",
    r"\chi_1 = \sigma_w^2\, \mathbb{E}_{z}\!\left[\phi'\!\left(\sqrt{q^{*}}\,z\right)^2"
    r"\right]",
    r"\mathbb{E}\,\big\|\partial L/\partial z_{l}\big\|^2 \approx \chi_1^{\,L+1-l}\;"
    r"\mathbb{E}\,\big\|\partial L/\partial z_{\mathrm{out}}\big\|^2",
    r"\xi_\nabla = -\frac{1}{\ln \chi_1},\qquad \Delta l_{10\times} = 2\ln 10\,"
    r"|\xi_\nabla|",
)


def _theory() -> None:
    st.subheader(t("map_theory_title"))
    st.markdown(t("map_assumptions"))
    left, right = st.columns(2)
    for col, formulas in ((left, FORMULAS[:2]), (right, FORMULAS[2:])):
        with col:
            for formula in formulas:
                st.latex(formula)
    st.caption(t("map_theory_caption"))
    st.markdown(t("map_refs"))


def render_map(cfg) -> None:
    """Draw the Map tab.

    Parameters
    ----------
    cfg : SignalsConfig
        The sidebar's configuration: the map uses its seed only.
    """
    _init_state()
    st.markdown(t("map_intro"))
    _controls()
    try:
        mcfg = _read_config(cfg.seed)
    except ConfigError as e:
        st.error(f"**{t('map_error_title')}.** {err_text(e)}")
        return
    job = mcfg.job_config
    try:
        res = _await(job)
    except ConfigError as e:
        st.error(f"**{t('map_error_title')}.** {err_text(e)}")
        return
    if res is None:
        st.warning(t("map_stopped"))
        return
    _metrics(mcfg, res)
    present = bool(st.session_state.get("present"))
    show_chart(map_chart(job, mcfg.quantity, get_lang(), present), chart_name(mcfg))
    st.caption(t(f"map_caption_{mcfg.quantity}"))
    _try_it(mcfg)
    _table(mcfg, res)
    _theory()
