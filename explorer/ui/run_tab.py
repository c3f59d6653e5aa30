"""The Train / Stop / progress / results cycle the Training, RBM and DBN tabs share.

A tab reads its widgets into frozen configs; :class:`RunTab` does the rest with the server's
job service (:func:`explorer.ui.stores.job_service`):

- **Train** asks the service for one job per config (joining any other session's identical
  job, or finding it finished in the store). The session keeps only the tickets.
- While a job waits or runs, the page shows its queue position ("2 runs ahead of yours") or
  its progress, naming the runs that are actually running, and waits for the next change. A
  rerun, a tab switch or another widget interrupts the page's wait, never the job: coming
  back shows it again, further on.
- **Stop** withdraws this session's interest. A job nobody else wants is cancelled and keeps
  what it learned; one that others still want goes on for them, and this session shows what
  it had learned when Stop was pressed.
- Results come from the store: settings whose runs are all finished (by anyone) show at once,
  without Train.

The Training tab draws its own buttons (:meth:`RunTab.running` says whether Stop applies);
the RBM and DBN tabs, one run each, leave the whole cycle to :meth:`RunTab.one_run`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from explorer.data.datasets import DatasetUnavailable
from explorer.engine.checks import ConfigError
from explorer.services.jobs import JobState, JobView, Ticket
from explorer.services.training import ensure_data
from explorer.ui.i18n import err_text, t
from explorer.ui.stores import POLL_S, REDRAW_S, job_service, session_id

__all__ = ["Outcome", "RunTab"]

#: States of a job that went on (or finished) after this session stopped it.
_GOING_ON = (JobState.QUEUED, JobState.RUNNING, JobState.DONE)


@dataclass
class _State:
    """A session's last Train press: tickets and what it stopped (session state, small)."""

    tickets: tuple[Ticket, ...]
    configs: tuple
    #: job id -> store key of what it had learned when this session stopped it (None: nothing)
    stopped: dict[int, tuple | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What a tab shows for one config.

    Attributes
    ----------
    config : object
    result : object or None
        Finished, or what a stopped run had learned.
    state : JobState or None
        None when the result came from the store without a Train press.
    error : str or None
        Why the run failed, in the page's language.
    cached : bool
        The result was finished before this session asked (by anyone, earlier).
    """

    config: object
    result: object = None
    state: JobState | None = None
    error: str | None = None
    cached: bool = False


class RunTab:
    """One tab's runs (see the module).

    Parameters
    ----------
    name : str
        Short name, used for session-state keys (``_<name>_run``).
    kind : str
        The job kind (``train``, ``rbm``, ``dbn``).
    label : callable
        ``label(config) -> str``, a run's name in progress texts.
    fraction : callable
        ``fraction(progress) -> float`` in [0, 1].
    describe : callable
        ``describe(config, progress) -> str``: where a running run is ("epoch 3 of 20").
    """

    def __init__(
        self,
        name: str,
        kind: str,
        label: Callable[[object], str],
        fraction: Callable[[object], float],
        describe: Callable[[object, object], str],
    ):
        self.name = name
        self.key = f"_{name}_run"
        self.fallback_key = f"_{name}_fallback"
        self.kind = kind
        self.label = label
        self.fraction = fraction
        self.describe = describe

    # ------------------------------------------------------------------ state

    def _state(self) -> _State | None:
        return st.session_state.get(self.key)

    def running(self) -> bool:
        """Whether this session waits for a run it asked for (and has not stopped)."""
        state = self._state()
        if state is None:
            return False
        views = job_service().poll(state.tickets)
        return any(not v.ended and v.ticket.job not in state.stopped for v in views)

    def last_configs(self) -> tuple:
        """The configs of the last Train press (empty before one)."""
        state = self._state()
        return state.configs if state is not None else ()

    # ------------------------------------------------------------------ actions

    def train(self, configs: Sequence) -> str | None:
        """Ask for the runs; the error message when the service refuses them."""
        svc = job_service()
        try:
            tickets = svc.request(session_id(), self.kind, list(configs))
        except ConfigError as e:
            return err_text(e)
        st.session_state[self.key] = _State(tuple(tickets), tuple(configs))
        return None

    def stop(self) -> None:
        """Withdraw this session's interest; keep what each unfinished run had learned."""
        state = self._state()
        if state is None:
            return
        svc = job_service()
        for view in svc.poll(state.tickets):
            if view.ended or view.ticket.job in state.stopped:
                continue
            key = None
            partial = svc.partial(view)
            if partial is not None:
                key = ("partial", view.ticket.job)
                svc.store.put(key, partial)
            state.stopped[view.ticket.job] = key
        svc.stop(session_id(), state.tickets)

    # ------------------------------------------------------------------ showing

    def wait(self, slot) -> None:
        """Show the runs' queue places and progress in ``slot`` until all have ended."""
        state = self._state()
        if state is None:
            return
        svc = job_service()
        views = svc.poll(state.tickets)
        if all(self._done(v, state) for v in views):
            return
        shown = (self._fraction(views, state), self._text(views, state))
        bar = slot.progress(shown[0], text=shown[1])
        drawn = time.monotonic()
        while not all(self._done(v, state) for v in views):
            views = svc.wait(state.tickets, POLL_S)
            now = (self._fraction(views, state), self._text(views, state))
            # every job's report wakes every waiting page: redraw only what changed, and at
            # most every REDRAW_S, so 30 waiting students cost the server little
            if now != shown and time.monotonic() - drawn >= REDRAW_S:
                bar.progress(now[0], text=now[1])
                shown, drawn = now, time.monotonic()
        slot.empty()

    @staticmethod
    def _done(view: JobView, state: _State) -> bool:
        return view.ended or view.ticket.job in state.stopped

    def _fraction(self, views: list[JobView], state: _State) -> float:
        parts = [
            1.0
            if self._done(v, state)
            else (self.fraction(v.progress) if v.progress is not None else 0.0)
            for v in views
        ]
        return min(max(sum(parts) / max(len(parts), 1), 0.0), 1.0)

    def _text(self, views: list[JobView], state: _State) -> str:
        running = [
            t("run_running", label=self.label(c), where=self.describe(c, v.progress))
            if v.progress is not None
            else t("run_starting", label=self.label(c))
            for c, v in zip(state.configs, views)
            if v.state is JobState.RUNNING and not self._done(v, state)
        ]
        queued = [v for v in views if v.state is JobState.QUEUED]
        parts = list(running)
        if queued:
            ahead = min(v.ahead for v in queued)
            parts.append(
                t("run_queued_ahead", n=len(queued), ahead=ahead)
                if ahead
                else t("run_queued_next", n=len(queued))
            )
        done = sum(v.ended for v in views)
        return t("run_progress", done=done, total=len(views), parts=" · ".join(parts))

    def outcomes(self, configs: Sequence | None) -> tuple[tuple, list[Outcome]]:
        """The runs to show, and which configs they are.

        The last Train press's runs when they are the current ``configs``; else the current
        ``configs`` when all are finished in the store; else the last Train press's runs
        (finished, stopped, failed or still going); else nothing.
        """
        svc = job_service()
        state = self._state()
        current = tuple(configs) if configs else ()
        if current and (state is None or state.configs != current):
            stored = svc.finished(self.kind, current)
            if all(r is not None for r in stored):
                return current, [Outcome(c, r, cached=True) for c, r in zip(current, stored)]
        if state is None:
            return (), []
        out = []
        for c, v in zip(state.configs, svc.poll(state.tickets)):
            if v.ticket.job in state.stopped and v.state in _GOING_ON:  # others kept it going
                key = state.stopped[v.ticket.job]
                result = svc.store.get(key) if key is not None else None
                done = JobState.STOPPED if result is not None else JobState.CANCELLED
                out.append(Outcome(c, result, done))
                continue
            error = err_text(v.error) if v.state is JobState.FAILED else None
            out.append(Outcome(c, v.result, v.state, error, v.cached))
        return state.configs, out

    # ------------------------------------------------------------------ one run per tab

    def one_run(self, config):
        """The whole cycle of a tab with one run (RBM, DBN): Train and Stop buttons, the
        progress, and the result to show for ``config``.

        Texts and widget keys are the tab's: ``<name>_train``, ``<name>_stop``,
        ``<name>_stop_help``, ``<name>_stopped_early``, ``<name>_press_train`` and
        ``<name>_mnist_unavailable``.

        Parameters
        ----------
        config : frozen config or None
            The tab's settings; None when they are invalid (Train is disabled).

        Returns
        -------
        result or None
            What to show; None after saying why there is nothing (an error, a run stopped
            before it learned anything, or no run yet).
        """
        n = self.name
        if st.session_state.get(f"{n}_stop"):  # clicked: withdraw before the buttons are drawn
            self.stop()
        b1, b2, _ = st.columns([1, 1, 5])
        train = b1.button(
            t(f"{n}_train"), key=f"{n}_train", type="primary", disabled=config is None,
            width="stretch",
        )  # fmt: skip
        b2.button(
            t(f"{n}_stop"), key=f"{n}_stop", disabled=not (train or self.running()),
            width="stretch", help=t(f"{n}_stop_help"),
        )  # fmt: skip
        status = st.empty()
        if train and config is not None:
            error = self.train([self._trainable(config)])
            if error:
                st.error(error)
        self.wait(status)
        shown = config
        fallback = st.session_state.get(self.fallback_key)
        if fallback is not None and fallback[0] == config:
            st.warning(fallback[2])
            shown = fallback[1]
        _, outcomes = self.outcomes([shown] if shown is not None else None)
        if not outcomes or outcomes[0].result is None:
            if outcomes and outcomes[0].error:
                st.error(outcomes[0].error)
            elif outcomes and outcomes[0].state is JobState.STOPPED:
                st.info(t(f"{n}_stopped_early"))
            else:
                st.info(t(f"{n}_press_train"))
            return None
        cached_note(outcomes)
        return outcomes[0].result

    def render(self, controls: Callable[[], None], make_config: Callable[[], object], show) -> None:
        """A whole tab with one run (RBM, DBN): its intro, ``controls()``, the config, the
        cycle of :meth:`one_run`, and ``show(result)``.

        ``make_config()`` reads the widgets into a config; its :class:`ConfigError` is shown
        under ``<name>_error_title`` (Train is then disabled). Before ``show``, the tab says
        ``<name>_settings_changed`` when the result was trained with other settings than the
        widgets' (other than the digits trained for an MNIST that could not be loaded).
        Texts: ``<name>_intro`` and those of :meth:`one_run`.

        Parameters
        ----------
        controls : callable
            Draws the tab's widgets.
        make_config : callable
            ``make_config() -> config`` from the widgets' values.
        show : callable
            ``show(result)`` draws a result.
        """
        n = self.name
        st.markdown(t(f"{n}_intro"))
        controls()
        try:
            config = make_config()
        except ConfigError as e:
            st.error(f"**{t(f'{n}_error_title')}.** {err_text(e)}")
            config = None
        result = self.one_run(config)
        if result is None:
            return
        trained = result.config
        fallback = st.session_state.get(self.fallback_key)  # MNIST offline: digits were trained
        if (
            config is not None
            and trained != config
            and (fallback is None or fallback[1] != trained)
        ):
            st.info(t(f"{n}_settings_changed"))
        show(result)

    def _trainable(self, config):
        """The config to train: the digits when MNIST cannot be loaded, with a warning kept
        in the session (``fallback_key``: asked config, trained config, message)."""
        if getattr(config, "dataset", None) != "mnist":
            return config
        try:
            ensure_data("mnist")
        except DatasetUnavailable as e:
            digits = dataclasses.replace(config, dataset="digits")
            message = t(f"{self.name}_mnist_unavailable", message=str(e))
            st.session_state[self.fallback_key] = (config, digits, message)
            return digits
        return config


def cached_note(outcomes: Sequence[Outcome]) -> None:
    """Say so when every result shown was finished before this session asked."""
    shown = [o for o in outcomes if o.result is not None]
    if shown and all(o.cached for o in shown):
        st.caption(t("run_cached"))
