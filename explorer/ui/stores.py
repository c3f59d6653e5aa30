"""Finished runs kept per session, keyed by their frozen config (shared by the RBM and DBN
tabs), and what a tab draws from the run on screen, prepared once.

A rerun of a tab whose run has finished redraws the same page. What Streamlit would
otherwise redo on every rerun (charts' data to Arrow, pictures to PNG) is done once per
shown result and language and kept beside it (:func:`session_view`), with pictures encoded
exactly as ``st.image`` encodes them (:func:`st_png`), so the page gets the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
import streamlit as st

from explorer.ui.i18n import get_lang

__all__ = ["remember", "session_view", "st_png"]

V = TypeVar("V")


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


def session_view(view_key: str, result, build: Callable[[object, str], V]) -> V:
    """What a tab draws from ``result`` in the page's language, built once and kept.

    The view is kept in ``st.session_state[view_key]`` beside the result it was built from
    and rebuilt when another result is shown (compared by identity: a tab's results are
    immutable and stay the same objects while shown) or the language changes. A rerun
    then costs an identity check, no hashing and no copying.

    Parameters
    ----------
    view_key : str
        Session-state key to keep the view under.
    result : object
        The result on screen.
    build : callable
        ``build(result, lang) -> view``; must not keep Streamlit elements (the view outlives
        the script run).

    Returns
    -------
    The view.
    """
    lang = get_lang()
    kept = st.session_state.get(view_key)
    if kept is not None and kept[0] is result and kept[1] == lang:
        return kept[2]
    view = build(result, lang)
    st.session_state[view_key] = (result, lang, view)
    return view


def st_png(picture: np.ndarray) -> bytes | np.ndarray:
    """A picture as the PNG bytes ``st.image(picture, output_format="PNG")`` would send.

    Streamlit encodes a NumPy picture on every call; these bytes, passed to ``st.image``
    instead, are sent as they are (same size, same format), so the browser gets the same
    file under the same URL, without the encoding. Falls back to the array itself when
    Streamlit's encoder is not where Streamlit 1.67 has it.

    Parameters
    ----------
    picture : ndarray of uint8
        Shape ``(h, w)`` or ``(h, w, 3|4)``.

    Returns
    -------
    bytes or ndarray
    """
    try:
        from streamlit.elements.lib.image_utils import (
            _clip_image,
            _np_array_to_bytes,
            _verify_np_shape,
        )
    except ImportError:  # another Streamlit: let st.image encode it
        return picture
    return _np_array_to_bytes(_clip_image(_verify_np_shape(picture), clamp=False), "PNG")
