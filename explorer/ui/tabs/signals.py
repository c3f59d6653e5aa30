"""The Signals tab: per-layer activations and gradients at initialization, beside theory."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from explorer.analysis import charts
from explorer.analysis.charts.signals import PANEL_PX
from explorer.analysis.stats import concat_runs
from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import ConfigError
from explorer.engine.initializers import INITIALIZERS
from explorer.engine.theory import EXACT, LINEAR_APPROXIMATION, QUADRATURE
from explorer.services.presets import PRESETS, Preset, SignalsCheck
from explorer.services.signals import SignalsConfig, SignalsResult, check_signals, parse_init_spec
from explorer.ui.downloads import table_download
from explorer.ui.draw import PreparedChart, prepare_chart, show_chart
from explorer.ui.i18n import err_text, get_lang, init_text, labels, t
from explorer.ui.sidebar import COMPARE_CHOICES
from explorer.ui.stores import JobFailed, await_result
from explorer.ui.widgets import lazy_expander

__all__ = ["cached_signals", "compare_panel_width", "layer_table_markdown", "render_signals"]

#: Most layers drawn per row of the compare view's histogram grid.
COMPARE_MAX_LAYERS = 6
#: Pixels the compare grid's panels share, with the gaps between them, so that the whole
#: grid (with its row labels, y axis and axis labels) fits the 900-pixel main area of a
#: 1366-pixel window with the sidebar open (a browser test measures it).
COMPARE_PANELS_PX = 540
#: Vega-Lite's default gap between two facet panels, in pixels.
FACET_SPACING_PX = 20


def compare_panel_width(columns: int) -> int:
    """Width of one panel of the compare view's histogram grid, so that ``columns`` panels
    fit :data:`COMPARE_PANELS_PX` (at most the single view's
    :data:`~explorer.analysis.charts.signals.PANEL_PX`).

    Parameters
    ----------
    columns : int
        Panels per row (layers shown), at least 1.

    Returns
    -------
    int
        Pixels.
    """
    return min(PANEL_PX, (COMPARE_PANELS_PX - FACET_SPACING_PX * (columns - 1)) // columns)


#: The Signals tab's views: one initializer, or several side by side.
MODES = ("single", "compare")


def cached_signals(cfg: SignalsConfig) -> SignalsResult:
    """:func:`explorer.services.signals.compute_signals` through the server's job service:
    computed once per server (a trace runs in the service's pool, within its memory budget)
    and kept in its store.

    Raises
    ------
    ConfigError
        The configuration would pass the memory cap, or the computation failed.
    """
    check_signals(cfg)
    try:
        return await_result("signals", cfg, text=t("sig_computing"))
    except JobFailed as e:
        raise e.error from None


@dataclass(frozen=True)
class _SingleView:
    """Everything the single view draws for one config and language, cached as one.

    A rerun with an unchanged config then costs one cache lookup (hashing the config is
    most of a lookup) and no conversions: the charts are prepared
    (:func:`explorer.ui.draw.prepare_chart`: translated, data already in the Arrow form the
    browser gets), the histogram download table is joined, and the summary table is written
    as Markdown.
    """

    result: SignalsResult
    charts: dict[str, PreparedChart]
    hist_table: pd.DataFrame
    summary_md: str


@st.cache_data(max_entries=64, show_spinner=False)
def _single_view(cfg: SignalsConfig, lang: str) -> _SingleView:
    """The single view's charts and tables, built once per config and language."""
    res = cached_signals(cfg)
    built = {
        "profile": charts.profile_chart(res.profile, title=t("profile_title")),
        "hist_a": charts.histogram_grid(res.hist_a, t("hist_a_title"), x_title="a"),
        "hist_g": charts.histogram_grid(res.hist_g, t("hist_g_title"), x_title="∂L/∂z"),
    }
    return _SingleView(
        result=res,
        charts={k: prepare_chart(c, lang) for k, c in built.items()},
        hist_table=concat_runs({"activation": res.hist_a, "gradient": res.hist_g}),
        summary_md=layer_table_markdown(res.summary),
    )


_FRACTIONS = ("saturated_frac", "dead_frac", "grad_zero_frac")
_COUNTS = ("layer", "units", "n_nan", "n_inf")
#: Rows the per-layer table shows before it scrolls (in pixels: about 20 layers).
_TABLE_MAX_PX = 720


def _cell(col: str, value) -> str:
    """One cell of the per-layer table: fractions as percentages, counts as integers, other
    numbers to 3 significant digits (as the table's former ``st.dataframe`` formats did);
    a missing number (a fraction that does not apply) is a dash."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if col in _FRACTIONS:
        return f"{value:.2%}"
    if col in _COUNTS:
        return f"{int(value):d}"
    return f"{value:.3g}"


def _markdown_table(head, aligns, rows) -> str:
    """A Markdown table: header cells, alignment markers (``":---"`` or ``"---:"``) and rows
    of cell texts, a ``|`` inside a cell escaped."""
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(aligns) + "|"]
    for cells in rows:
        lines.append("| " + " | ".join(str(x).replace("|", "\\|") for x in cells) + " |")
    return "\n".join(lines)


def layer_table_markdown(df: pd.DataFrame) -> str:
    """The per-layer statistics as one Markdown table with the page's column names.

    Parameters
    ----------
    df : pandas.DataFrame
        The summary (:attr:`SignalsResult.summary`), or several runs' with a ``run`` column.

    Returns
    -------
    str
        A header row of the translated column names (``col_<column>``), numbers right
        aligned, one row per layer (and run).
    """
    if "run" in df.columns:
        df = df[["run", *(c for c in df.columns if c != "run")]]
    cols = list(df.columns)
    return _markdown_table(
        [t(f"col_{c}") for c in cols],
        [":---" if df[c].dtype.kind in "OSUT" or c == "run" else "---:" for c in cols],
        ([_cell(c, v) for c, v in zip(cols, row)] for row in df.itertuples(index=False)),
    )


#: The per-layer table scrolls sideways inside its box when it is wider than the main area
#: (14 columns, 15 in the compare view), instead of widening the whole page; the first
#: column (the layer, or the initializer in the compare view) stays on one line, where a
#: long name wrapped made every row five lines tall.
_TABLE_CSS = """<style>
.st-key-sig_layer_table { overflow-x: auto; }
.st-key-sig_layer_table td:first-child { white-space: nowrap; }
</style>"""


def _table(df: pd.DataFrame, markdown: str | None = None) -> None:
    """The per-layer statistics as a Markdown table: light to draw (a data grid is painted
    on a canvas, and costs the page's first paint more than its three charts), scrolling
    past about 20 layers. ``markdown``, optional, is the table already written."""
    height = 35 * (len(df) + 1) + 3
    st.html(_TABLE_CSS)
    box = st.container(
        height=_TABLE_MAX_PX if height > _TABLE_MAX_PX else "content",
        border=False,
        key="sig_layer_table",
    )
    box.markdown(markdown or layer_table_markdown(df))


def _zeros_hist_note(res: SignalsResult) -> None:
    if not res.config.drop_zeros:
        return

    def pct(h: pd.DataFrame) -> float:
        per_layer = h.groupby("layer").agg(z=("n_zero", "first"), n=("count", "sum"))
        total = per_layer["z"].sum() + per_layer["n"].sum()
        return float(per_layer["z"].sum() / total) if total else 0.0

    st.caption(t("hist_zeros_note", pct=pct(res.hist_a), pct_g=pct(res.hist_g)))


def _export_stem(cfg: SignalsConfig, init: str | None = None) -> str:
    """What a download shows, e.g. ``relu_he_normal_10x256`` (uniform widths) or
    ``relu_he_normal_256-128``."""
    h = cfg.hidden
    shape = f"{len(h)}x{h[0]}" if len(set(h)) == 1 else "-".join(map(str, h))
    return f"{cfg.activation}_{init or cfg.init.name}_{shape}"


def render_signals(cfg: SignalsConfig) -> None:
    """Draw the Signals tab for one configuration.

    Parameters
    ----------
    cfg : SignalsConfig
        The validated configuration from the sidebar.
    """
    st.segmented_control(
        t("mode"),
        MODES,
        key="mode",
        persist_state="session",  # keep it while another tab is open
        format_func=labels(MODES, "mode_"),
        required=True,
    )
    if st.session_state.get("mode") == "compare":
        _render_compare(cfg)
    else:
        _render_single(cfg)


def _compute(cfg: SignalsConfig) -> SignalsResult | None:
    try:
        return cached_signals(cfg)
    except ConfigError as e:
        st.error(f"**{t('error_title')}.** {err_text(e)}")
        return None


#: The theory's recursion (Glorot & Bengio 2010, He et al. 2015), forward and back.
_RECURSION = (
    r"\operatorname{Var}[z_l] = n_{l-1}\,\operatorname{Var}[W_l]\;\mathbb{E}[a_{l-1}^2],"
    r"\qquad \operatorname{Var}\Big[\tfrac{\partial L}{\partial z_{l-1}}\Big] = "
    r"n_l\,\operatorname{Var}[W_l]\;\mathbb{E}[f'(z_{l-1})^2]\;"
    r"\operatorname{Var}\Big[\tfrac{\partial L}{\partial z_l}\Big]"
)
#: How the expectations are computed, by the theory's method label.
_METHOD_KEYS = {EXACT: "exact", QUADRATURE: "quadrature", LINEAR_APPROXIMATION: "linear_approx"}


def _theory_note(res: SignalsResult) -> None:
    """What the dashed line is, and what it assumes, in words and as a formula."""
    method = _METHOD_KEYS.get(res.theory_method, "quadrature")
    act = res.config.activation
    st.caption(t("profile_caption", method=t(f"theory_method_{method.split('_')[0]}")))
    box = lazy_expander(st, "sig_theory")
    if box is None:  # only built when opened: its formula is costly to paint
        return
    with box:
        st.markdown(t("theory_assumes"))
        st.latex(_RECURSION)
        detail = f"theory_{act}" if method == "exact" else f"theory_{method}"
        st.markdown(t(detail, act=ACTIVATIONS[act].label))


def _caption(res: SignalsResult, init_label: str) -> None:
    c = res.config
    st.caption(
        t(
            "net_caption",
            sizes=" → ".join(map(str, res.sizes)),
            activation=ACTIVATIONS[c.activation].label,
            init=init_label,
            batch=res.rows,
            seed=c.seed,
        )
    )
    if res.rows < c.batch:
        st.caption(t("batch_capped", asked=c.batch, rows=res.rows, data=t(f"data_{c.data}")))


def _overflow(res: SignalsResult) -> None:
    o = res.overflow
    if o:
        st.warning(
            t(
                "overflow",
                phase=t(f"phase_{o['phase']}"),
                **{k: o[k] for k in ("layer", "n_nan", "n_inf")},
            )
        )


def _render_single(cfg: SignalsConfig) -> None:
    try:
        view = _single_view(cfg, get_lang())
    except ConfigError as e:
        st.error(f"**{t('error_title')}.** {err_text(e)}")
        return
    res = view.result
    _caption(res, init_text(cfg.init.key))
    _overflow(res)
    k = res.sizes[-1]
    init = INITIALIZERS[cfg.init.name]
    act = ACTIVATIONS[cfg.activation]
    c1, c2, c3 = st.columns([1, 2, 1.3])
    c1.metric(
        t("loss_metric"),
        f"{res.loss:.3f}" if math.isfinite(res.loss) else str(res.loss),
        help=t("loss_help", k=k, ref=math.log(k)),
    )
    with c2:
        st.markdown(f"**{t('formula_title')}: {t(f'init_{init.name}')}**")
        st.latex(init.formula)
        note, ref = t(f"init_note_{init.name}"), t(f"init_ref_{init.name}")
        st.caption(f"{note}  \n{t('reference')}: {ref}")
    with c3:
        st.markdown(f"**{t('activation_formula')}: {act.label}**")
        st.latex(act.formula)
    name = _export_stem(cfg)
    show_chart(view.charts["profile"], f"profile_{name}")
    _theory_note(res)
    show_chart(view.charts["hist_a"], f"activations_{name}")
    show_chart(view.charts["hist_g"], f"gradients_{name}")
    st.caption(t("hist_caption"))
    _zeros_hist_note(res)
    table_download(view.hist_table, f"histograms_{name}", label="csv_bins")
    st.subheader(t("table_title"))
    _table(res.summary, view.summary_md)
    table_download(res.summary, f"layer_stats_{name}")


def _pick_layers(n: int, most: int) -> list[int]:
    """At most ``most`` evenly spread 1-based layer numbers, first and last included."""
    if n <= most:
        return list(range(1, n + 1))
    step = (n - 1) / (most - 1)
    return sorted({1 + round(i * step) for i in range(most)})


def _render_compare(cfg: SignalsConfig) -> None:
    options = list(COMPARE_CHOICES)
    if cfg.init.key not in options:
        options.insert(0, cfg.init.key)
    for key in st.session_state.get("cmp", []):
        if key not in options:
            options.append(key)
    st.multiselect(
        t("compare_pick"),
        options,
        key="cmp",
        format_func=labels(options, text=init_text),
        max_selections=5,
        persist_state="session",  # keep it while another tab is open
    )
    keys = st.session_state.get("cmp", [])
    preset = PRESETS.get(st.session_state.get("preset", ""))
    if preset is not None and not preset.applies_to(cfg, keys):
        # the settings left the preset's: say so once, then forget the preset
        st.session_state.pop("preset", None)
        st.caption(t("sp_changed", presets=t("sb_presets")))
        preset = None
    if not 2 <= len(keys) <= 5:
        st.warning(t("compare_need_two"))
        return
    results, summaries = {}, {}
    for key in keys:  # compute each run (cached), reporting a config that can't be
        res = _compute(cfg.with_init(parse_init_spec(key)))
        if res is None:
            return
        results[init_text(key)] = res
        summaries[key] = res.summary
    if preset is not None:
        check = preset.check(summaries)
        _preset_panel(preset, check, seed=cfg.seed, n_hidden=len(cfg.hidden))
    first = next(iter(results.values()))
    _caption(first, " / ".join(results))
    for res in results.values():
        _overflow(res)
    specs, layers, table, table_md = _compare_specs(cfg, tuple(keys), get_lang())
    name = _export_stem(cfg, "_vs_".join(parse_init_spec(k).name for k in keys))
    show_chart(specs["profile"], f"profile_{name}")
    _theory_note(first)
    n_hidden = len(cfg.hidden)
    if len(layers) < n_hidden:
        st.caption(t("compare_layers_note", layers=", ".join(map(str, layers)), n=n_hidden))
    show_chart(specs["hist_a"], f"activations_{name}")
    show_chart(specs["hist_g"], f"gradients_{name}")
    _zeros_hist_note(first)
    st.subheader(t("table_title"))
    _table(table, table_md)
    table_download(table, f"layer_stats_{name}")


def _num(x: float) -> str:
    """A value for the claims table: 3 significant digits, powers of ten when tiny or huge."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.3g}"
    mantissa, exp = f"{x:.2e}".split("e")
    return f"{float(mantissa):.3g}e{int(exp)}"


#: Claims whose value is a fraction of units (shown as a percentage).
_PERCENT_MEASURES = ("saturated_min",)


def _accepted(low: float, high: float, fmt) -> str:
    """The accepted range of a claim in words: exactly, at least, at most, or between."""
    if low == high:
        return t("sp_acc_exactly", value=fmt(low))
    if high == math.inf or (fmt is _pct and high >= 1):
        return t("sp_acc_atleast", low=fmt(low))
    if low <= 0:
        return t("sp_acc_atmost", high=fmt(high))
    return t("sp_acc_between", low=fmt(low), high=fmt(high))


def _pct(x: float) -> str:
    return f"{x:.0%}" if math.isfinite(x) else f"{x:g}"


def _claims_table(check: SignalsCheck, n_hidden: int) -> str:
    """The claims as a Markdown table: the run (once per group of rows), what is measured,
    the source's value, the accepted range, the live value and the verdict."""
    head = ("run", "claim", "source", "accepted", "live", "verdict")
    rows, previous = [], None
    for c in check.claims:
        cl = c.claim
        fmt = _pct if cl.measure in _PERCENT_MEASURES else _num
        source = t(f"sp_src_{cl.measure}") if cl.source is None else fmt(cl.source)
        verdict = f":green[{t('sp_ok')}]" if c.ok else f":red[**{t('sp_bad')}**]"
        cells = (
            f"**{init_text(cl.run)}**" if cl.run != previous else "",
            t(f"sp_m_{cl.measure}", layer=cl.layer or n_hidden, last=n_hidden),
            source,
            _accepted(cl.low, cl.high, fmt),
            f"**{fmt(c.live)}**",
            verdict,
        )
        previous = cl.run
        rows.append(cells)
    aligns = [":---"] * 3 + ["---:"] * 2 + [":---"]
    return _markdown_table([t(f"sp_col_{h}") for h in head], aligns, rows)


#: The claims table's cells: Korean wraps between words, as English does (not between any
#: two syllables), and the source value, the live value and the verdict stay on one line
#: (an accepted range may wrap at its dash).
_PANEL_CSS = """<style>
.st-key-signals_preset_panel th, .st-key-signals_preset_panel td { word-break: keep-all; }
.st-key-signals_preset_panel td:nth-child(3), .st-key-signals_preset_panel td:nth-child(5),
.st-key-signals_preset_panel td:nth-child(6) { white-space: nowrap; }
</style>"""
#: In the presentation look (``present=1``) the table grows with the rest of the text.
_PANEL_PRESENT_CSS = """<style>
.st-key-signals_preset_panel th, .st-key-signals_preset_panel td { font-size: 1.15rem; }
</style>"""


def _preset_panel(preset: Preset, check: SignalsCheck, seed: int, n_hidden: int) -> None:
    """The preset's source and expected result beside the live runs, claim by claim, and
    the verdict."""
    key = preset.key
    present = bool(st.session_state.get("present"))
    st.html(_PANEL_CSS + (_PANEL_PRESENT_CSS if present else ""))
    with st.container(border=True, key="signals_preset_panel"):
        st.markdown(f"##### {t('sp_title', title=t(f'preset_{key}_title'))}")
        left, right = st.columns([1, 2.5 if present else 2], gap="large")
        with left:
            st.markdown(f"**{t('preset_source')}**: {t(f'preset_{key}_source')}")
            st.markdown(f"**{t('preset_expected')}**: {t(f'preset_{key}_expected')}")
        with right:
            st.markdown(f"**{t('sp_live', seed=seed)}**")
            st.markdown(_claims_table(check, n_hidden))
            st.caption(t(f"sp_rule_{key}"))
            if check.matches:
                st.success(t("sp_match"), icon=":material/check_circle:")
            else:
                st.warning(
                    t("sp_nomatch", n=check.failed, total=len(check.claims)),
                    icon=":material/cancel:",
                )


@st.cache_data(max_entries=32, show_spinner=False)
def _compare_specs(cfg: SignalsConfig, keys: tuple[str, ...], lang: str):
    """The compare view's charts, prepared for the page (:func:`~explorer.ui.draw.prepare_chart`),
    the layers its histograms show, and the per-layer table of every run (as a frame and as
    Markdown)."""
    results = {init_text(k): cached_signals(cfg.with_init(parse_init_spec(k))) for k in keys}
    profile = concat_runs({name: r.profile for name, r in results.items()})
    layers = _pick_layers(len(cfg.hidden), COMPARE_MAX_LAYERS)
    built = {"profile": charts.profile_chart(profile, title=t("profile_title"), color="run")}
    for attr, title, x_title in (
        ("hist_a", t("hist_a_title"), "a"),
        ("hist_g", t("hist_g_title"), "∂L/∂z"),
    ):
        df = concat_runs({name: getattr(r, attr) for name, r in results.items()})
        df = df[df["layer"].isin(layers)]
        built[attr] = charts.histogram_grid(
            df,
            title,
            columns=len(layers),
            row="run",
            x_title=x_title,
            width=compare_panel_width(len(layers)),
            height=90,
        )
    table = concat_runs({name: r.summary for name, r in results.items()})
    prepared = {k: prepare_chart(c, lang) for k, c in built.items()}
    return prepared, layers, table, layer_table_markdown(table)
