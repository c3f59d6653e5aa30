"""The sidebar: widgets in, one validated :class:`SignalsConfig` out.

Widget keys are short because they become URL parameters. Nothing here computes anything:
values are parsed and validated by :mod:`explorer.services.signals`, and an invalid value is
reported next to its widget while the views keep showing the last valid configuration.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import ConfigError
from explorer.engine.initializers import INITIALIZERS
from explorer.services.presets import PRESETS, TRAIN_PRESETS
from explorer.services.signals import (
    BINS,
    DATA_CHOICES,
    INIT_SETTINGS,
    MAX_BATCH,
    MAX_HIDDEN_LAYERS,
    MAX_INPUT_DIM,
    MAX_WIDTH,
    InitSpec,
    SignalsConfig,
    check_signals,
    format_layers,
    parse_layers,
)
from explorer.services.urlstate import TABS, URL_KEYS, parse_query, to_query
from explorer.ui.i18n import LANGUAGES, TEXTS, err_text, t
from explorer.ui.widgets import lazy_expander

__all__ = [
    "COMPARE_CHOICES",
    "apply_preset",
    "apply_train_preset",
    "init_state",
    "share_link",
    "sidebar",
    "tab_label",
    "train_preset_buttons",
    "url_notices",
    "write_url",
]

DEFAULT = SignalsConfig()

#: Initializers offered in the compare view, as InitSpec keys: orthogonal also with
#: He's gain √2 for ReLU.
COMPARE_CHOICES = (*INIT_SETTINGS, "orthogonal:gain=1.41421")

_DEFAULTS = {
    "data": DEFAULT.data,
    "depth": len(DEFAULT.hidden),
    "width": DEFAULT.hidden[0],
    "layers": format_layers(DEFAULT.hidden),
    "act": DEFAULT.activation,
    "init": DEFAULT.init.name,
    "seed": DEFAULT.seed,
    "batch": DEFAULT.batch,
    "dim": DEFAULT.input_dim,
    "dtype": DEFAULT.dtype,
    "bins": DEFAULT.bins,
    "shared": DEFAULT.shared_range,
    "nozero": DEFAULT.drop_zeros,
    "mode": "single",
    "lang": "en",
    "present": False,
    "cmp": ["lecun_normal", "xavier_normal", "he_normal"],
}


for _init in INITIALIZERS.values():
    for _p in _init.params:
        _DEFAULTS[_p.name] = _p.default


def init_state() -> None:
    """Once per session, before any widget is drawn: defaults, then the link's values.

    Values from the URL that cannot be used are kept out and listed in
    ``st.session_state["_url_notices"]`` for :func:`url_notices` to show.
    """
    if "_url_loaded" in st.session_state:
        return
    st.session_state["_url_loaded"] = True
    values, notices = parse_query({k: st.query_params.get_all(k) for k in st.query_params})
    for k, v in _DEFAULTS.items():
        st.session_state.setdefault(k, values.get(k, v))
    if "tab" in values:
        st.session_state["_url_tab"] = values["tab"]
    if "step" in values:
        st.session_state["step"] = int(values["step"])
    if "lang" not in values:  # no language in the link: follow the browser's
        locale = getattr(st.context, "locale", None) or ""
        st.session_state["lang"] = "ko" if locale.lower().startswith("ko") else "en"
    st.session_state["_url_notices"] = notices
    _sync_sliders_from_text()


def url_notices() -> None:
    """Show which values of the link were ignored, until the user dismisses them."""
    notices = st.session_state.get("_url_notices")
    if not notices:
        return
    lines = "\n".join(f"- `{n.key}={n.value}`: {err_text(n.error)}" for n in notices)
    st.warning(t("url_ignored", lines=lines))
    if st.button(t("url_dismiss"), key="_dismiss_url"):
        st.session_state["_url_notices"] = []
        st.rerun()


def write_url(tab: str | None) -> None:
    """Put the current values in the browser's URL (only those that differ from default).

    Parameters
    ----------
    tab : str or None
        Key of the open tab (``signals``, ``training``, ...).
    """
    s = st.session_state
    values = {k: s.get(k) for k in URL_KEYS if k in s}
    values["tab"] = tab
    current = st.query_params.to_dict()
    query = to_query(values, {**_DEFAULTS, "tab": "signals"}, current)
    if query != current:
        st.query_params.from_dict(query)


def share_link() -> None:
    """A copyable link to the current view (the sidebar's "copy link")."""
    query = st.query_params.to_dict()
    base = (st.context.url or "").split("?")[0]
    link = base + ("?" + urlencode(query) if query else "")
    box = lazy_expander(st.sidebar, "sb_share")
    if box is not None:  # only built when opened: the code block is costly to paint
        with box:
            st.caption(t("sb_share_caption"))
            st.code(link or "?", language=None, wrap_lines=True)


def tab_key(label: str | None) -> str | None:
    """The key of a tab from its label in any language."""
    for texts in TEXTS.values():
        for key in TABS:
            if texts.get(f"tab_{key}") == label:
                return key
    return None


def tab_label(text_key: str) -> str:
    """A tab's label in the session's language, e.g. ``tab_label("tab_signals")``.

    For callbacks that open a tab (``st.session_state["tab"] = ...``): they run before the
    script run sets the page's language, so :func:`~explorer.ui.i18n.t` would not do.
    """
    lang = st.session_state.get("lang", "en")
    return TEXTS.get(lang, {}).get(text_key) or TEXTS["en"][text_key]


def _keep_tab_on_language_change() -> None:
    """Relabel the open tab in the new language, so switching language keeps the tab."""
    key = tab_key(st.session_state.get("tab"))
    if key is not None:
        st.session_state["tab"] = tab_label(f"tab_{key}")


def _sync_text_from_sliders() -> None:
    st.session_state.layers = format_layers((st.session_state.width,) * st.session_state.depth)


def _sync_sliders_from_text() -> None:
    try:
        widths = parse_layers(st.session_state.layers)
    except ConfigError:
        return
    if len(set(widths)) == 1:
        st.session_state.depth, st.session_state.width = len(widths), widths[0]


def apply_preset(key: str) -> None:
    """Load a preset into the widgets (an ``on_click`` callback) and open the compare view.

    Parameters
    ----------
    key : str
        Key of :data:`explorer.services.presets.PRESETS`.
    """
    p = PRESETS[key]
    c = p.config
    s = st.session_state
    s.data, s.act, s.init = c.data, c.activation, c.init.name
    for name, value in c.init.params:
        s[name] = value
    s.layers = format_layers(c.hidden)
    _sync_sliders_from_text()
    s.seed, s.batch, s.dim, s.dtype = c.seed, c.batch, c.input_dim, c.dtype
    s.cmp = [spec.key for spec in p.compare]
    s.mode = "compare"
    s.preset = key


def apply_train_preset(key: str) -> None:
    """Load a training preset (an ``on_click`` callback) and open the Training tab.

    The preset's initializers, data, optimizer, learning rate, batch size and epochs go into
    the Training tab's widgets and its activation into the sidebar; its hidden layers into
    the sidebar too (the tab then trains "the sidebar's network"), unless the preset uses
    the tab's own network. The seed stays the sidebar's.

    Parameters
    ----------
    key : str
        Key of :data:`explorer.services.presets.TRAIN_PRESETS`.
    """
    s = st.session_state
    p = TRAIN_PRESETS[key]
    c = p.config
    if p.network == "sidebar":
        s.layers = format_layers(c.hidden)
        _sync_sliders_from_text()
    s.tr_net = p.network
    s.act = c.activation
    s.tr_inits = list(p.compare)
    s.tr_data = c.data
    s.tr_opt = c.optimizer
    s.tr_lr = c.lr
    s.tr_bs = c.batch_size
    s.tr_epochs = c.epochs
    s.tr_preset = key  # the Training tab says so when its settings leave the preset's
    s.pop("preset", None)  # the Signals tab's preset notes are for its own presets
    s["tab"] = tab_label("tab_training")


#: The sidebar's groups each tab uses; the others are hidden on that tab (their values are
#: kept, and a link restores them all).
GROUPS: dict[str, tuple[str, ...]] = {
    "signals": ("data", "network", "init", "seed", "batch", "dtype", "display", "presets"),
    "training": ("network", "seed"),  # the tab has its own presets
    "rbm": ("seed",),
    "dbn": ("seed",),
    "lesson": (),
    "map": ("seed",),
}
#: Widgets stay in the session while their tab is closed.
_KEEP = "session"


def sidebar(tab: str = "signals") -> tuple[SignalsConfig | None, str | None]:
    """Draw the sidebar for the open tab and read it.

    Only the groups the open tab uses are drawn (:data:`GROUPS`), under a caption that says
    what they drive; every value is read, drawn or not.

    Parameters
    ----------
    tab : str
        Key of the open tab.

    Returns
    -------
    config : SignalsConfig or None
        The configuration, or ``None`` when a value is invalid.
    error : str or None
        The message for the invalid value, already shown in the sidebar.
    """
    init_state()
    groups = GROUPS.get(tab, GROUPS["signals"])
    _frame_controls()
    st.sidebar.caption(t(f"sb_for_{tab}"))
    if "data" in groups:
        _data_controls()
    error = _network_controls() if "network" in groups else None
    if "init" in groups:
        _init_controls()
    _run_controls(groups)
    if "display" in groups and (box := lazy_expander(st.sidebar, "sb_display")) is not None:
        with box:  # rarely changed: drawn only once opened (the values are kept either way)
            st.slider(t("sb_bins"), *BINS, key="bins", persist_state=_KEEP)
            st.toggle(t("sb_shared"), key="shared", persist_state=_KEEP)
            st.toggle(t("sb_nozero"), key="nozero", help=t("sb_nozero_help"), persist_state=_KEEP)
    if "presets" in groups:
        _preset_buttons()
    return _read_config(error)


def _frame_controls() -> None:
    """Language and presentation mode: one row each, so no label is cut."""
    sb = st.sidebar
    sb.segmented_control(
        "Language / 언어",
        list(LANGUAGES),
        key="lang",
        format_func=LANGUAGES.get,
        required=True,
        on_change=_keep_tab_on_language_change,
        width="stretch",
    )
    sb.toggle(t("sb_present"), key="present", help=t("sb_present_help"))


def _data_controls() -> None:
    sb = st.sidebar
    names = {k: t(f"data_{k}") for k in DATA_CHOICES}  # pure: the labels of this run
    sb.selectbox(
        t("sb_data"),
        DATA_CHOICES,
        key="data",
        format_func=names.get,
        help=t("sb_data_help"),
        persist_state=_KEEP,
    )
    if st.session_state.data == "gaussian":
        sb.number_input(t("sb_input_dim"), 1, MAX_INPUT_DIM, step=1, key="dim", persist_state=_KEEP)
        sb.caption(t("sb_gaussian_note"))


def _network_controls() -> str | None:
    """Hidden layers and activation; the layer text's error, if any."""
    sb = st.sidebar
    sb.subheader(t("sb_layers_header"))
    sb.slider(
        t("sb_depth"), 1, MAX_HIDDEN_LAYERS, key="depth", on_change=_sync_text_from_sliders,
        persist_state=_KEEP,
    )  # fmt: skip
    sb.slider(
        t("sb_width"), 1, MAX_WIDTH, key="width", on_change=_sync_text_from_sliders,
        persist_state=_KEEP,
    )  # fmt: skip
    sb.text_input(
        t("sb_layers_text"),
        key="layers",
        on_change=_sync_sliders_from_text,
        help=t("sb_layers_help"),
        persist_state=_KEEP,
    )
    error = None
    try:
        parse_layers(st.session_state.layers)
    except ConfigError as e:
        error = err_text(e)
        sb.error(error)
    names = {k: a.label for k, a in ACTIVATIONS.items()}
    sb.selectbox(
        t("sb_activation"), list(ACTIVATIONS), key="act", format_func=names.get,
        persist_state=_KEEP,
    )  # fmt: skip
    return error


def _init_controls() -> None:
    sb = st.sidebar
    names = {k: t(f"init_{k}") for k in INITIALIZERS}
    sb.selectbox(
        t("sb_init"), list(INITIALIZERS), key="init", format_func=names.get, persist_state=_KEEP
    )
    for p in INITIALIZERS[st.session_state.init].params:
        sb.number_input(
            p.label,
            min_value=p.minimum,
            max_value=p.maximum,
            key=p.name,
            format="%g",
            step=p.default,
            persist_state=_KEEP,
        )


def _run_controls(groups: tuple[str, ...]) -> None:
    sb = st.sidebar
    shown = [g for g in ("seed", "batch") if g in groups]
    cols = sb.columns(len(shown)) if shown else []
    for col, group in zip(cols, shown):
        if group == "seed":
            col.number_input(t("sb_seed"), 0, 2**32 - 1, step=1, key="seed", persist_state=_KEEP)
        else:
            col.number_input(t("sb_batch"), 1, MAX_BATCH, step=1, key="batch", persist_state=_KEEP)
    if "dtype" in groups:
        sb.segmented_control(
            t("sb_dtype"), ["float64", "float32"], key="dtype", required=True,
            persist_state=_KEEP,
        )  # fmt: skip


def _preset_buttons() -> None:
    box = lazy_expander(st.sidebar, "sb_presets")
    if box is None:  # only built when opened
        return
    with box:
        st.caption(t("sb_presets_caption"))
        for key in PRESETS:
            st.button(
                t(f"preset_{key}_title"), key=f"preset_{key}", on_click=apply_preset, args=(key,)
            )
        st.caption(t("sb_train_presets_caption"))
        train_preset_buttons("trp_")


def train_preset_buttons(prefix: str) -> None:
    """One button per training preset (:data:`explorer.services.presets.TRAIN_PRESETS`)
    that loads it and opens the Training tab (:func:`apply_train_preset`).

    Parameters
    ----------
    prefix : str
        Start of the buttons' widget keys (the sidebar's and the Training tab's differ).
    """
    for key in TRAIN_PRESETS:
        st.button(
            t(f"trp_{key}_title"),
            key=f"{prefix}{key}",
            on_click=apply_train_preset,
            args=(key,),
            help=t(f"trp_{key}_source"),
        )


def _read_config(error: str | None) -> tuple[SignalsConfig | None, str | None]:
    """The sidebar's values as one validated config (the memory cap included)."""
    s = st.session_state
    try:
        hidden = parse_layers(s.layers)
        init = INITIALIZERS[s.init]
        spec = InitSpec.make(init.name, {p.name: s[p.name] for p in init.params})
        cfg = SignalsConfig(
            data=s.data,
            hidden=hidden,
            activation=s.act,
            init=spec,
            seed=int(s.seed),
            batch=int(s.batch),
            input_dim=int(s.dim),
            dtype=s.dtype or DEFAULT.dtype,
            bins=int(s.bins),
            shared_range=bool(s.shared),
            drop_zeros=bool(s.nozero),
        )
        check_signals(cfg)
    except ConfigError as e:
        if error is None:
            error = err_text(e)
            st.sidebar.error(error)
        return None, error
    return cfg, None
