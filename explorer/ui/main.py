"""The app's frame: page config, sidebar, tabs."""

from __future__ import annotations

import streamlit as st
from threadpoolctl import threadpool_limits

from .controls import DEFAULT, share_link, sidebar, url_notices, write_url
from .dbn_view import render_dbn
from .lesson import render_lesson
from .rbm_view import render_rbm
from .signals import render_signals
from .texts import t
from .training import render_training

__all__ = ["main"]


def main() -> None:
    """Draw the whole app (one Streamlit script run)."""
    # The app's matrices are small to medium: on a shared 2-core host (and on Community
    # Cloud) a second BLAS thread costs more in contention than it gains.
    threadpool_limits(limits=1, user_api="blas")
    st.set_page_config(page_title=t("page_title"), page_icon="🧠", layout="wide")
    cfg, error = sidebar()
    if cfg is not None:
        st.session_state["_last_cfg"] = cfg
    else:
        cfg = st.session_state.get("_last_cfg", DEFAULT)
        st.error(error)
        st.info(t("sb_invalid"))
    url_notices()
    st.title(t("app_title"))
    st.markdown(f"**{t('app_subtitle')}.** {t('app_caption')}")
    views = {
        "tab_signals": render_signals,
        "tab_training": render_training,
        "tab_rbm": render_rbm,
        "tab_dbn": render_dbn,
        "tab_lesson": render_lesson,
    }
    labels = [t(k) for k in views]
    start = st.session_state.get("_url_tab")
    tabs = st.tabs(
        labels,
        key="tab",
        on_change="rerun",
        default=start if start in labels else None,
    )
    write_url(st.session_state.get("tab") or labels[0])
    share_link()
    for tab, render in zip(tabs, views.values()):
        if tab.open:  # only the open tab runs
            with tab:
                render(cfg)
