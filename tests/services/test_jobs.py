"""The job service: identical work done once, fair queueing, interest and Stop, sessions that
leave, a store bounded in MB, failures contained. No timings: every wait is on a state."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import jobs_tasks
import numpy as np
import pytest

from explorer.engine.checks import ConfigError
from explorer.services.jobs import JobService, JobState, Kind, QueueFull, Store, size_mb
from explorer.services.workers import ProcessExecutor, ThreadExecutor, memory_limit_mb

HERE = Path(__file__).resolve().parents[1]  # tests/, where jobs_tasks.py is


class GatedExecutor:
    """Runs a job only when the test opens its gate: the order of starts is observable."""

    def __init__(self):
        self.started: list = []
        self.gates: dict = {}
        self.lock = threading.Lock()

    def submit(self, job, kind, config, report, done):
        gate = threading.Event()
        with self.lock:
            self.started.append(config)
            self.gates[config] = gate

        def run():
            step = 0
            while not gate.wait(0.01):
                pass
            step += 1
            if report(step) is False:
                done(("stopped", config, step), None)
                return
            done(("done", config), None)

        threading.Thread(target=run, daemon=True).start()

    def open(self, config):
        wait_for(lambda: config in self.gates)
        self.gates[config].set()

    def cancel(self, job):
        pass

    def close(self):
        for g in self.gates.values():
            g.set()


def wait_for(cond, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.005)


def kind(name="k", where="thread", target="jobs_tasks:count", mb=1.0, partial=None):
    return Kind(name, target, lambda c: mb, partial=partial, where=where)


@pytest.fixture
def gated():
    ex = GatedExecutor()
    svc = JobService([kind()], {"thread": ex}, slots=1, budget_mb=100, store_mb=10)
    yield svc, ex
    svc.close()


def views_of(svc, tickets):
    return svc.poll(tickets)


def test_identical_requests_share_one_computation():
    jobs_tasks.CALLS.clear()
    svc = JobService([kind()], {"thread": ThreadExecutor()}, slots=2)
    try:
        tickets = [svc.request(f"s{i}", "k", [("a", 0.02)])[0] for i in range(10)]
        assert len({t.job for t in tickets}) == 1
        wait_for(lambda: svc.poll(tickets[:1])[0].ended)
        again = svc.request("late", "k", [("a", 0.02)])  # finished: served from the store
        views = svc.poll(tickets + again)
        assert {v.state for v in views} == {JobState.DONE}
        assert {v.result for v in views} == {("done", ("a", 0.02), 3)}
        assert jobs_tasks.CALLS[("a", 0.02)] == 1
        assert svc.stats()["computed"] == {"k": 1}
    finally:
        svc.close()


def test_queue_is_first_come_first_served_and_fair_across_sessions(gated):
    svc, ex = gated
    svc.request("A", "k", ["a1", "a2"])  # one request of two runs
    svc.request("B", "k", ["b1"])
    svc.request("A", "k", ["a3"])  # A's second request
    svc.request("C", "k", ["c1"])  # C's first request goes ahead of A's second
    for name in ["a1", "a2", "b1", "c1", "a3"]:
        ex.open(name)
    wait_for(lambda: len(ex.started) == 5)
    assert ex.started == ["a1", "a2", "b1", "c1", "a3"]


def test_waiting_position_counts_the_jobs_ahead(gated):
    svc, ex = gated
    t1 = svc.request("A", "k", ["x"])
    t2 = svc.request("B", "k", ["y", "z"])
    wait_for(lambda: ex.started == ["x"])
    v = svc.poll(t1 + t2)
    assert [x.state for x in v] == [JobState.RUNNING, JobState.QUEUED, JobState.QUEUED]
    assert [x.ahead for x in v] == [0, 0, 1]
    ex.open("x")
    ex.open("y")
    ex.open("z")


def test_a_session_may_have_only_a_few_jobs_waiting(gated):
    svc, ex = gated
    svc.request("A", "k", ["r0"])  # starts at once
    wait_for(lambda: ex.started == ["r0"])
    svc.request("A", "k", [f"r{i}" for i in range(1, 6)])  # five waiting: allowed
    with pytest.raises(QueueFull) as e:
        svc.request("A", "k", ["r6"])
    assert e.value.key == "jobs_queue_full" and e.value.params["most"] == 5
    svc.request("A", "k", ["r1"])  # asking again for a waiting job adds nothing: allowed
    svc.request("B", "k", ["r6"])  # another session is not limited by A's queue
    order = ["r0", "r6", "r1", "r2", "r3", "r4", "r5"]  # B's first request before A's second
    for name in order:
        ex.open(name)
    assert ex.started == order


def test_stop_from_one_of_two_sessions_keeps_the_job_and_from_the_last_cancels_it(gated):
    svc, ex = gated
    ta = svc.request("A", "k", ["job"])
    tb = svc.request("B", "k", ["job"])
    wait_for(lambda: ex.started == ["job"])
    svc.stop("A", ta)
    assert svc.poll(tb)[0].state is JobState.RUNNING and svc.poll(tb)[0].sessions == 1
    svc.stop("B", tb)
    ex.open("job")
    wait_for(lambda: svc.poll(tb)[0].ended)
    view = svc.poll(tb)[0]
    assert view.state is JobState.STOPPED and view.result == ("stopped", "job", 1)
    assert "job" not in [k[1] for k in list(svc.store._items)]  # a stopped run is not cached


def test_a_queued_job_nobody_wants_is_cancelled_before_it_starts(gated):
    svc, ex = gated
    svc.request("A", "k", ["first"])
    t = svc.request("B", "k", ["second"])
    svc.stop("B", t)
    assert svc.poll(t)[0].state is JobState.CANCELLED
    ex.open("first")
    wait_for(lambda: svc.stats()["running"] == 0)
    assert ex.started == ["first"]


def test_a_closed_session_is_released_after_the_grace_period():
    ex = GatedExecutor()
    alive = {"A", "B"}
    now = [0.0]
    svc = JobService(
        [kind()],
        {"thread": ex},
        slots=1,
        alive=lambda: set(alive),
        grace_s=30,
        clock=lambda: now[0],
    )
    try:
        svc.request("A", "k", ["a"])
        tb = svc.request("B", "k", ["b"])
        wait_for(lambda: ex.started == ["a"])
        alive.discard("B")  # B closes its browser tab
        now[0] = 10.0
        svc.request("A", "k", ["a"])  # any request looks at who is still there
        assert svc.poll(tb)[0].state is JobState.QUEUED  # within the grace period
        now[0] = 45.0
        svc.request("A", "k", ["a"])
        assert svc.poll(tb)[0].state is JobState.CANCELLED
        assert svc.stats()["sessions"] == 1
    finally:
        ex.open("a")
        svc.close()


def test_the_store_evicts_the_least_recently_used_by_size():
    store = Store(budget_mb=3.0)
    mb = np.zeros(2**20 // 8)  # 1 MB
    store.put("a", mb)
    store.put("b", mb.copy())
    store.put("c", mb.copy())
    assert store.get("a") is not None  # "a" is now the most recently used
    store.put("d", mb.copy())
    assert "b" not in store and {"a", "c", "d"} <= set(store._items)
    assert store.mb == pytest.approx(3.0)
    store.put("big", np.zeros(4 * 2**20 // 8))  # larger than the whole budget: not kept
    assert "big" not in store and len(store) == 3


def test_size_counts_arrays_inside_results():
    from dataclasses import dataclass

    @dataclass
    class R:
        a: np.ndarray
        rest: tuple

    r = R(np.zeros(2**17), (np.zeros(2**17), {"x": b"\0" * 2**20}))
    assert size_mb(r) == pytest.approx(3.0, abs=1e-3)


def test_a_failing_job_gives_every_waiting_session_its_message_and_the_service_goes_on():
    svc = JobService(
        [kind("bad", target="jobs_tasks:fail"), kind()], {"thread": ThreadExecutor()}, slots=1
    )
    try:
        ta = svc.request("A", "bad", ["x"])
        tb = svc.request("B", "bad", ["x"])
        wait_for(lambda: svc.poll(ta)[0].ended)
        for v in svc.poll(ta + tb):
            assert v.state is JobState.FAILED
            assert v.error.key == "jobs_failed" and "no good: x" in str(v.error)
        ok = svc.request("A", "k", [("next", 0.0)])
        wait_for(lambda: svc.poll(ok)[0].ended)
        assert svc.poll(ok)[0].state is JobState.DONE
    finally:
        svc.close()


def test_a_job_too_big_for_the_budget_is_refused_with_a_message():
    svc = JobService([kind(mb=500)], {"thread": ThreadExecutor()}, budget_mb=300)
    try:
        with pytest.raises(ConfigError) as e:
            svc.request("A", "k", ["huge"])
        assert e.value.key == "jobs_too_big" and "500 MB" in str(e.value)
    finally:
        svc.close()


def test_jobs_wait_for_memory_in_order(gated):
    svc, ex = gated
    svc.slots = 2
    svc.kinds["k"] = kind(mb=60)  # two of them do not fit 100 MB together
    svc.request("A", "k", ["m1"])
    svc.request("B", "k", ["m2"])
    wait_for(lambda: ex.started == ["m1"])
    time.sleep(0.05)
    assert ex.started == ["m1"]  # m2 waits for memory, not for a slot
    ex.open("m1")
    wait_for(lambda: ex.started == ["m1", "m2"])
    ex.open("m2")


@pytest.fixture
def workers_path(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(HERE))


def test_process_jobs_run_in_workers_and_a_dead_worker_fails_only_its_job(workers_path):
    ex = ProcessExecutor(size=1)
    svc = JobService(
        [kind("pid", "process", "jobs_tasks:pid"), kind("die", "process", "jobs_tasks:die")],
        {"process": ex},
        slots=1,
    )
    try:
        t1 = svc.request("A", "pid", ["first"])
        wait_for(lambda: svc.poll(t1)[0].ended, timeout=60)
        first = svc.poll(t1)[0]
        assert first.state is JobState.DONE and first.result != os.getpid()
        assert first.progress == 1
        t2 = svc.request("A", "die", ["boom"])
        t3 = svc.request("B", "pid", ["after"])
        wait_for(lambda: svc.poll(t3)[0].ended, timeout=60)
        dead, after = svc.poll(t2 + t3)
        assert dead.state is JobState.FAILED and "worker process stopped" in str(dead.error)
        assert after.state is JobState.DONE and after.result not in (first.result, os.getpid())
    finally:
        svc.close()


def test_stop_reaches_a_job_in_a_worker_process(workers_path):
    svc = JobService(
        [kind("c", "process", "jobs_tasks:count")], {"process": ProcessExecutor(1)}, slots=1
    )
    try:
        t = svc.request("A", "c", [("slow", 0.5)])
        wait_for(lambda: svc.poll(t)[0].progress == 1, timeout=60)
        svc.stop("A", t)
        wait_for(lambda: svc.poll(t)[0].ended, timeout=60)
        v = svc.poll(t)[0]
        assert v.state is JobState.STOPPED and v.result[0] == "stopped" and v.result[2] < 3
    finally:
        svc.close()


def test_memory_limit_reads_the_cgroup(tmp_path):
    (tmp_path / "memory.max").write_text(str(512 * 2**20))
    assert memory_limit_mb(tmp_path) in (512.0, memory_limit_mb())
    assert memory_limit_mb(tmp_path / "none", default=690.0) == memory_limit_mb(
        tmp_path / "none", default=690.0
    )


def test_background_requests_are_not_capped_and_wait_behind_sessions(gated):
    svc, ex = gated
    svc.request("A", "k", ["a0"])  # runs
    wait_for(lambda: ex.started == ["a0"])
    svc.request("warm", "k", [f"w{i}" for i in range(8)], priority="background")  # no cap
    svc.request("B", "k", ["b1"])
    svc.request("C", "k", ["w5"])  # a session joins a background job: it moves up
    order = ["a0", "b1", "w5", "w0", "w1", "w2", "w3", "w4", "w6", "w7"]
    for name in order:
        ex.open(name)
    assert ex.started == order


class StartedExecutor(GatedExecutor):
    """A gated executor with workers to start: counts the service's ``start()`` calls."""

    def __init__(self):
        super().__init__()
        self.starts = 0

    def start(self):
        self.starts += 1


def quiet_service(now):
    threads, workers = GatedExecutor(), StartedExecutor()
    svc = JobService(
        [kind("t"), kind("p", where="process")],
        {"thread": threads, "process": workers},
        slots=2,
        budget_mb=100,
        store_mb=10,
        clock=lambda: now[0],
        workers_after_s=8.0,
    )
    return svc, threads, workers


def test_the_quiet_start_holds_warming_and_workers_until_its_delay():
    now = [0.0]
    svc, threads, workers = quiet_service(now)
    try:
        svc.request("warm-up", "t", ["warm"], priority="background")
        (page,) = svc.request("s1", "t", ["page"])  # a page's trace, in a thread: at once
        threads.open("page")
        wait_for(lambda: views_of(svc, [page])[0].state is JobState.DONE)
        assert svc.quiet() and threads.started == ["page"] and workers.starts == 0
        now[0] = 8.0  # the delay has passed: workers start, then the warming runs
        wait_for(lambda: "warm" in threads.started)
        assert workers.starts == 1 and not svc.quiet()
    finally:
        svc.close()


def test_a_session_that_needs_a_worker_ends_the_quiet_start_at_once():
    now = [0.0]
    svc, threads, workers = quiet_service(now)
    try:
        svc.request("warm-up", "t", ["warm"], priority="background")
        svc.request("s1", "p", ["train"])  # a Train press: its worker is needed now
        wait_for(lambda: workers.started == ["train"] and "warm" in threads.started)
        assert workers.starts == 1 and not svc.quiet() and now[0] == 0.0
    finally:
        svc.close()


def test_warming_never_takes_every_slot():
    ex = GatedExecutor()
    svc = JobService([kind()], {"thread": ex}, slots=2, budget_mb=100, store_mb=10)
    try:
        svc.request("warm-up", "k", ["w1", "w2"], priority="background")
        wait_for(lambda: ex.started == ["w1"])
        svc.request("s1", "k", ["page"])  # a session gets the slot kept free
        wait_for(lambda: ex.started == ["w1", "page"])
        assert svc.stats()["running"] == 2 and svc.stats()["queued"] == 1
        ex.open("w1")
        wait_for(lambda: ex.started == ["w1", "page", "w2"])
    finally:
        svc.close()
