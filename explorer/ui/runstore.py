"""Finished runs kept per session, keyed by their frozen config (shared by the RBM and DBN tabs)."""

from __future__ import annotations

import streamlit as st

__all__ = ["remember"]


def remember(store_key: str, result, limit: int) -> None:
    """Keep ``result`` under its config in ``st.session_state[store_key]``, newest last.

    Parameters
    ----------
    store_key : str
        Session-state key of the tab's store (a dict config -> result).
    result : object
        A finished run with a hashable ``config`` attribute.
    limit : int
        Most runs kept; the oldest go first.
    """
    store = st.session_state.setdefault(store_key, {})
    store.pop(result.config, None)
    store[result.config] = result
    while len(store) > limit:
        store.pop(next(iter(store)))
