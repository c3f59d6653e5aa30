"""What the server keeps for everyone, and what a session keeps of it.

- :func:`job_service`: the server's one job service (:mod:`explorer.services.jobs`), made
  once per process; its store of finished results is the app's one run store. A session
  keeps tickets and small view state only.
- :func:`await_result`: ask the service for one computation and wait for it (with a
  spinner, or a progress bar the view words), for the views that need a result before they
  can draw (Signals, Lesson, Map).
- :func:`session_view`, :func:`st_png`: what a tab draws from the result on screen, prepared
  once per result and language.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from explorer.services.jobs import JobService, JobView
from explorer.services.tasks import make_service
from explorer.services.warm import warm
from explorer.ui.i18n import get_lang

__all__ = [
    "POLL_S",
    "REDRAW_S",
    "JobFailed",
    "await_result",
    "job_service",
    "session_id",
    "session_view",
    "st_png",
]

V = TypeVar("V")
#: Seconds between two looks at a job the page waits for.
POLL_S = 0.25
#: Shortest time between two redraws of a waiting page's progress bar, in seconds.
REDRAW_S = 0.5


def _alive_sessions() -> set[str] | None:
    """The sessions connected to this server now (None outside a server, e.g. in AppTest)."""
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return None
        mgr = Runtime.instance()._session_mgr  # Streamlit 1.67: the sessions' manager
        return {info.session.id for info in mgr.list_active_sessions()}
    except (ImportError, AttributeError, RuntimeError):
        return None


@st.cache_resource(show_spinner=False, on_release=lambda service: service.close())
def job_service() -> JobService:
    """The server's job service: one per process, shared by every session.

    Its log (``explorer.jobs``: every job started and ended) follows Streamlit's
    ``logger.level`` option, e.g. ``streamlit run app.py --logger.level info``. The service
    warms itself (:func:`explorer.services.warm.warm`) unless ``EXPLORER_WARM=0``.
    """
    log = logging.getLogger("explorer.jobs")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(str(st.get_option("logger.level")).upper())
        log.propagate = False
    service = make_service(alive=_alive_sessions)
    if os.environ.get("EXPLORER_WARM", "1") != "0":  # the tests turn it off
        warm(service)  # what a class asks for first, computed at the lowest priority
    return service


def session_id() -> str:
    """This session's id (Streamlit's), under which it holds interest in jobs."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


class JobFailed(Exception):
    """A job a view waited for failed; ``error`` says why (a ConfigError with a key)."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def await_result(
    kind: str,
    config,
    priority: str = "interactive",
    text: str | None = None,
    progress: Callable[[JobView], tuple[float, str] | None] | None = None,
):
    """The result of one job, computed (or joined, or found in the store) by the service.

    Waits with a spinner when the result is not ready, or, given ``progress``, with a
    progress bar. A rerun of the page interrupts the wait, not the job.

    Parameters
    ----------
    kind : str
        The job's kind (:data:`explorer.services.tasks.KINDS`).
    config
        Its frozen configuration.
    priority : str
        The request's priority.
    text : str, optional
        The spinner's text, or the progress bar's until ``progress`` words it.
    progress : callable, optional
        ``progress(view) -> (fraction, text)`` or None (the bar stays as it is), called
        with the job's :class:`~explorer.services.jobs.JobView` at every look while it
        has not ended. The bar is redrawn only when that changed, and at most every
        :data:`REDRAW_S` (as the run tabs' bars: every job's report wakes every waiting page).

    Raises
    ------
    ConfigError
        The service refused the job (too big for the server's memory budget).
    JobFailed
        The job failed.
    """
    svc = job_service()
    done = svc.finished(kind, [config])[0]
    if done is not None:
        return done
    tickets = svc.request(session_id(), kind, [config], priority)
    view = svc.poll(tickets)[0]
    if not view.ended and progress is None:
        with st.spinner(text or "", show_time=True):
            view = _wait(svc, tickets, view)
    elif not view.ended:
        bar = st.progress(0.0, text=text)
        drawn: list = [None, -REDRAW_S]  # what the bar shows, and when it was drawn

        def show(v: JobView) -> None:
            now = progress(v)
            if now is not None and now != drawn[0] and time.monotonic() - drawn[1] >= REDRAW_S:
                bar.progress(now[0], text=now[1])
                drawn[:] = [now, time.monotonic()]

        view = _wait(svc, tickets, view, show)
        bar.empty()
    if view.error is not None:
        raise JobFailed(view.error)
    return view.result


def _wait(svc: JobService, tickets, view: JobView, show=None) -> JobView:
    """Look at the job every :data:`POLL_S` seconds until it has ended (``show`` each view
    before)."""
    while not view.ended:
        if show is not None:
            show(view)
        view = svc.wait(tickets, POLL_S)[0]
    return view


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
