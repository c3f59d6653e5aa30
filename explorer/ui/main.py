"""The app's frame: page config, sidebar, tabs."""

from __future__ import annotations

import functools

import streamlit as st
from threadpoolctl import threadpool_limits

from explorer.services.urlstate import TABS
from explorer.ui.i18n import set_lang, t
from explorer.ui.sidebar import (
    DEFAULT,
    init_state,
    share_link,
    sidebar,
    tab_key,
    url_notices,
    write_url,
)
from explorer.ui.tabs.dbn import render_dbn
from explorer.ui.tabs.lesson import render_lesson
from explorer.ui.tabs.map import render_map
from explorer.ui.tabs.rbm import render_rbm
from explorer.ui.tabs.signals import render_signals
from explorer.ui.tabs.training import render_training

__all__ = ["PRESENT_CSS", "TABS", "main"]


def _return_freed_memory_to_the_os() -> None:
    """Serve large arrays from mmap (freed at once) instead of glibc's heap arenas.

    A deep trace allocates hundreds of megabytes in ~1 MB blocks; from the heap, glibc keeps
    them after they are freed, and the next big config stacks on top (seen: 743 MB peaks).
    With a 128 kB mmap threshold the process returns to ~190 MB between runs.
    """
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


_return_freed_memory_to_the_os()

#: Presentation mode: text readable from the back of a room.
PRESENT_CSS = """
<style>
  .stApp [data-testid="stMarkdownContainer"] p,
  .stApp [data-testid="stMarkdownContainer"] li { font-size: 1.45rem; line-height: 1.5; }
  .stApp [data-testid="stCaptionContainer"] { font-size: 1.15rem; }
  .stApp h1 { font-size: 3.2rem; }
  .stApp h2, .stApp h3 { font-size: 2.1rem; }
  .stApp button[role="tab"] p { font-size: 1.4rem; }
  .stApp [data-testid="stMetricValue"] { font-size: 3rem; }
</style>
"""


@functools.cache
def _one_blas_thread() -> None:
    """Limit BLAS to one thread, once per process (the limit is process-wide; calling it on
    every rerun cost about 3 ms). The app's matrices are small to medium: on a shared 2-core
    host (and on Community Cloud) a second BLAS thread costs more in contention than it
    gains."""
    threadpool_limits(limits=1, user_api="blas")


def main() -> None:
    """Draw the whole app (one Streamlit script run)."""
    _one_blas_thread()
    init_state()  # defaults and the link's values, once per session
    set_lang(st.session_state.get("lang", "en"))
    present = bool(st.session_state.get("present"))
    st.set_page_config(
        page_title=t("page_title"),
        page_icon=":material/psychology:",  # an emoji would load Streamlit's emoji table (~0.1 s)
        layout="wide",
        initial_sidebar_state="collapsed" if present else "auto",
    )
    if present:
        st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    open_tab = tab_key(st.session_state.get("tab")) or st.session_state.get("_url_tab")
    cfg, _ = sidebar(open_tab if open_tab in TABS else "signals")
    if cfg is not None:
        st.session_state["_last_cfg"] = cfg
    else:  # the message is in the sidebar; the views keep the last valid configuration
        cfg = st.session_state.get("_last_cfg", DEFAULT)
        st.info(t("sb_invalid"))
    url_notices()
    st.title(t("app_title"))
    st.markdown(f"**{t('app_subtitle')}.** {t('app_caption')}")
    renders = (render_signals, render_training, render_rbm, render_dbn, render_lesson, render_map)
    views = dict(zip(TABS, renders))
    labels = [t(f"tab_{k}") for k in views]
    start = st.session_state.get("_url_tab")
    tabs = st.tabs(
        labels,
        key="tab",
        on_change="rerun",
        default=t(f"tab_{start}") if start in views else None,
    )
    write_url(tab_key(st.session_state.get("tab")) or "signals")
    share_link()
    for tab, render in zip(tabs, views.values()):
        if tab.open:  # only the open tab runs
            with tab:
                render(cfg)
