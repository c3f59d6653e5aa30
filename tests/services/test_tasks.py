"""The server's job service computes exactly what a direct call computes: the same numbers,
bit for bit, whether a job ran in a thread or in a worker process."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from explorer.services import dbn, maps, rbm, signals, training
from explorer.services.jobs import JobState
from explorer.services.tasks import KINDS, make_service

CASES = {
    "signals": (signals.SignalsConfig(hidden=(32, 32), batch=64), signals.compute_signals),
    "train": (training.TrainConfig(hidden=(16, 16), epochs=2), training.run_training),
    "rbm": (rbm.RBMConfig(n_hidden=16, epochs=2), rbm.train_rbm),
    "dbn": (dbn.DBNConfig(hidden=(16, 16), pre_epochs=1, ft_epochs=1), dbn.run_dbn),
    "map": (maps.MapConfig(width=32, depth=8, batch=16), maps.compute_map),
}


def same(a, b, path="result") -> list[str]:
    """Where two results differ (timings excepted): arrays and frames bit for bit."""
    if isinstance(a, np.ndarray):
        ok = a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
        return [] if ok else [path]
    if isinstance(a, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        except AssertionError:
            return [path]
        return []
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        out = []
        for f in dataclasses.fields(a):
            if "seconds" not in f.name:
                out += same(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
        return out
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return [path]
        return [d for k in a for d in same(a[k], b[k], f"{path}[{k!r}]")]
    if isinstance(a, list | tuple):
        if len(a) != len(b):
            return [path]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in same(x, y, f"{path}[{i}]")]
    if isinstance(a, float) and math.isnan(a):
        return [] if isinstance(b, float) and math.isnan(b) else [path]
    return [] if a == b else [path]


@pytest.fixture(scope="module")
def service():
    svc = make_service()
    yield svc
    svc.close()


def test_every_kind_is_tested():
    assert {k.name for k in KINDS} == set(CASES)


@pytest.mark.parametrize("kind", list(CASES))
def test_a_job_gives_what_a_direct_call_gives(service, kind):
    cfg, direct = CASES[kind]
    (ticket,) = service.request("test", kind, [cfg])
    (view,) = service.poll([ticket])
    while not view.ended:
        (view,) = service.wait([ticket], 1.0)
    assert view.state is JobState.DONE, view.error
    where = next(k.where for k in KINDS if k.name == kind)
    assert where in ("thread", "process")
    differences = same(view.result, direct(cfg))
    assert not differences, differences


def test_the_comparison_sees_one_changed_seed():
    cfg, direct = CASES["train"]
    assert same(direct(cfg), direct(dataclasses.replace(cfg, seed=1)))
