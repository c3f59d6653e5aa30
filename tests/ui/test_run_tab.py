"""The progress of a waiting page: redrawn when it changed, and not more often than
REDRAW_S, however many reports the jobs send."""

from __future__ import annotations

import itertools

from explorer.services.jobs import JobState, JobView, Ticket
from explorer.ui import run_tab
from explorer.ui.run_tab import REDRAW_S, RunTab


class FakeService:
    """One job that reports ``n`` times (a new epoch each time), then finishes."""

    def __init__(self, n: int):
        self.ticket = Ticket(("train", 0), 1)
        self.steps = iter(range(1, n + 1))

    def poll(self, tickets):
        return [JobView(self.ticket, JobState.RUNNING, progress=0)]

    def wait(self, tickets, timeout):
        step = next(self.steps, None)
        if step is None:
            return [JobView(self.ticket, JobState.DONE, result="done")]
        return [JobView(self.ticket, JobState.RUNNING, progress=step)]


class Bar:
    def __init__(self, drawn: list):
        self.drawn = drawn

    def progress(self, fraction, text=None):
        self.drawn.append((fraction, text))


class Slot:
    def __init__(self):
        self.drawn: list = []

    def progress(self, fraction, text=None):
        self.drawn.append((fraction, text))
        return Bar(self.drawn)

    def empty(self):
        self.drawn.append("emptied")


def test_a_flood_of_reports_redraws_at_most_every_redraw_s(monkeypatch):
    n, tick = 400, 0.01  # 400 reports, one every 10 ms of the page's clock: 4 s
    service = FakeService(n)
    clock = itertools.count()
    monkeypatch.setattr(run_tab, "job_service", lambda: service)
    monkeypatch.setattr(run_tab.time, "monotonic", lambda: next(clock) * tick)
    monkeypatch.setattr(run_tab.st, "session_state", {})
    tab = RunTab(
        "t",
        "train",
        label=lambda c: "run",
        fraction=lambda p: p / n,
        describe=lambda c, p: f"epoch {p}",
    )
    run_tab.st.session_state[tab.key] = run_tab._State((service.ticket,), ("cfg",))
    slot = Slot()
    tab.wait(slot)
    bars = [d for d in slot.drawn if d != "emptied"]
    assert slot.drawn[-1] == "emptied"
    seconds = n * tick * 2  # two clock reads per report
    assert 2 <= len(bars) <= seconds / REDRAW_S + 2, len(bars)
    assert len(set(bars)) == len(bars), "only changes are drawn"
