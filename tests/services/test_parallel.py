"""explorer.services.parallel: runs in worker processes equal runs in this process, bit for bit;
progress, stop and failure paths."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.services import parallel
from explorer.services.parallel import RunProgress, available_workers, train_many
from explorer.services.training import TrainConfig, run_training

CONFIGS = [
    TrainConfig(init="zeros", hidden=(16, 16), epochs=3),
    TrainConfig(init="he_normal", hidden=(16, 16), epochs=3),
    TrainConfig(init="dbn", hidden=(16, 16), epochs=2, dbn_epochs=2),
]
FIELDS = ("loss", "accuracy", "val_loss", "val_accuracy", "grad_norm", "act_std", "dW_norm")


def assert_same_run(a, b):
    assert a.config == b.config
    assert (a.epochs_run, a.stopped, a.pretrain_epochs_run) == (
        b.epochs_run,
        b.stopped,
        b.pretrain_epochs_run,
    )
    for f in FIELDS:
        np.testing.assert_array_equal(getattr(a.history, f), getattr(b.history, f))
    np.testing.assert_array_equal(a.W1_init, b.W1_init)
    np.testing.assert_array_equal(a.W1_final, b.W1_final)


@pytest.fixture(scope="module")
def in_process():
    return [run_training(c) for c in CONFIGS]


def test_workers_give_bit_identical_runs_and_report_every_epoch(in_process):
    seen: list[RunProgress] = []
    runs = train_many(CONFIGS, seen.append, workers=2)
    assert len(runs) == len(CONFIGS)
    for a, b in zip(runs, in_process):
        assert_same_run(a, b)
        assert not a.history.loss.flags.writeable  # read-only, as in this process
    for i, c in enumerate(CONFIGS):
        mine = [rp.progress for rp in seen if rp.index == i]
        train_epochs = [p.epoch for p in mine if p.phase == "train"]
        assert train_epochs == list(range(1, c.epochs + 1))
        pre = [p for p in mine if p.phase == "pretrain"]
        assert len(pre) == (c.dbn_epochs * len(c.hidden) if c.init == "dbn" else 0)
        fractions = [p.fraction for p in mine]
        assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
        assert all(p.run is None for p in mine)  # partial runs stay in the worker


def test_one_worker_trains_in_this_thread_with_the_same_results(in_process, monkeypatch):
    monkeypatch.setattr(parallel, "_Worker", None)  # any use of a worker would fail
    seen = []
    runs = train_many(CONFIGS, seen.append, workers=1)
    for a, b in zip(runs, in_process):
        assert_same_run(a, b)
    assert {rp.index for rp in seen} == {0, 1, 2}


@pytest.mark.parametrize("workers", [1, 2])
def test_returning_false_stops_every_run_and_keeps_what_was_learned(workers):
    calls = []

    def on_progress(rp):
        calls.append(rp)
        return False

    cfgs = [TrainConfig(init="he_normal", hidden=(16,), epochs=50, seed=s) for s in range(2)]
    runs = train_many(cfgs, on_progress, workers=workers)
    started = [r for r in runs if r is not None]
    assert started, "the first run to report is kept"
    for r in started:
        assert r.stopped and 1 <= r.epochs_run < 50
        assert len(r.history.loss) == r.epochs_run
    assert len(calls) == 1  # nothing is passed on after the stop request


@pytest.mark.parametrize("workers", [1, 2])
def test_an_exception_in_the_callback_stops_the_runs_and_is_raised_with_them(workers):
    class Interrupt(Exception):
        pass

    def on_progress(rp):
        if rp.progress.epoch >= 2:
            raise Interrupt

    cfgs = [TrainConfig(init="lecun_normal", hidden=(16,), epochs=50, seed=s) for s in range(2)]
    with pytest.raises(Interrupt) as info:
        train_many(cfgs, on_progress, workers=workers)
    partial = info.value.partial_runs
    assert len(partial) == 2 and any(r is not None for r in partial)
    for r in partial:
        if r is not None:
            assert r.stopped and r.epochs_run < 50


@pytest.mark.parametrize("executable", ["/bin/false", "/nonexistent/python"])
def test_workers_that_die_or_cannot_start_leave_their_runs_to_this_thread(
    monkeypatch, executable, in_process
):
    monkeypatch.setattr(parallel.sys, "executable", executable)
    runs = train_many(CONFIGS, workers=2)
    for a, b in zip(runs, in_process):
        assert_same_run(a, b)


def test_an_error_in_a_worker_is_raised_here(monkeypatch):
    cfgs = [TrainConfig(init="he_normal", hidden=(8,), epochs=1, seed=s) for s in range(2)]
    with pytest.raises(TypeError, match="TrainConfig"):
        train_many([*cfgs, "not a config"])
    # an exception inside run_training in a worker travels back as itself
    code = (
        "import explorer.services.parallel as p\n"
        "def boom(*args, **kwargs):\n"
        "    raise RuntimeError('worker failure requested')\n"
        "p.run_training = boom\n"
        "p._worker_main()\n"
    )
    monkeypatch.setattr(parallel, "_WORKER_CODE", code)
    with pytest.raises(RuntimeError, match="worker failure requested"):
        train_many(cfgs, workers=2)


def test_longest_runs_are_spread_over_the_workers_first():
    cfgs = [
        TrainConfig(init="he_normal", epochs=1),
        TrainConfig(init="dbn", epochs=20),
        TrainConfig(init="he_normal", epochs=20),
        TrainConfig(init="zeros", epochs=20),
    ]
    plan = parallel._assign(cfgs, 2)
    assert sorted(i for p in plan for i in p) == [0, 1, 2, 3]
    assert plan[0][0] == 1  # the DBN run, the longest, starts first
    assert parallel._assign(cfgs[:1], 2) == [[0]]


def test_available_workers_is_between_one_and_the_cap():
    assert 1 <= available_workers() <= parallel.MAX_WORKERS


def test_runs_too_big_for_the_memory_budget_train_one_at_a_time_here(monkeypatch):
    big = TrainConfig(init="he_normal", hidden=(16,), epochs=1)
    monkeypatch.setattr(parallel, "_Worker", None)  # any use of a worker would fail
    monkeypatch.setattr(parallel, "PARALLEL_BUDGET_MB", parallel.WORKER_BASE_MB + 1)
    runs = train_many([big, TrainConfig(init="zeros", hidden=(16,), epochs=1)], workers=2)
    assert [r.epochs_run for r in runs] == [1, 1]


@pytest.mark.parametrize(
    "files, cores",
    [
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu.max": "150000 100000\n"}, 1.5),
        ({"cpu.max": "50000 100000\n"}, 0.5),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "200000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 2.0),
        ({}, None),
        ({"cpu.max": "garbage"}, None),
    ],
)
def test_the_container_cpu_quota_is_read_from_cgroup_v1_or_v2(tmp_path, files, cores):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert parallel._cgroup_cpu_quota(tmp_path) == cores


def test_a_quota_below_two_cores_means_one_worker(monkeypatch):
    monkeypatch.setattr(parallel, "_cgroup_cpu_quota", lambda: 1.5)
    assert available_workers() == 1
    monkeypatch.setattr(parallel, "_cgroup_cpu_quota", lambda: None)
    assert available_workers() == min(parallel.MAX_WORKERS, len(parallel.os.sched_getaffinity(0)))
