"""Tests of explorer.analysis.frames on hand-made runs: columns, dtypes and values of the
training frames, with and without runs. (The frames of real runs are tested with the runs, in
tests/services/test_training.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from explorer.analysis import frames
from explorer.engine.train import History

STR = pd.Series(["x"], dtype="str").dtype


@dataclass
class FakeHistory:
    """The fields of a History the frames read, with History's own ``curve``."""

    loss: np.ndarray
    accuracy: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    initial_loss: float
    initial_accuracy: float
    initial_val_loss: float
    initial_val_accuracy: float
    grad_norm: np.ndarray
    n_distinct_units: np.ndarray

    METRICS = History.METRICS
    curve = History.curve


def fake_run(epochs=2, sizes=(6, 4, 3, 2), grad=None, val_accuracy=None, **kw):
    L = len(sizes) - 1
    e = np.arange(1, epochs + 1, dtype=np.float64)
    h = FakeHistory(
        loss=1.0 / (e + 1),
        accuracy=e / (epochs + 1),
        val_loss=1.5 / (e + 1),
        val_accuracy=e / (epochs + 2) if val_accuracy is None else val_accuracy,
        initial_loss=2.0,
        initial_accuracy=0.1,
        initial_val_loss=2.5,
        initial_val_accuracy=0.05,
        grad_norm=np.ones((epochs + 1, L)) if grad is None else grad,
        n_distinct_units=np.tile(np.asarray(sizes[1:L], dtype=np.int64), (epochs + 1, 1)),
    )
    run = dict(
        history=h,
        sizes=sizes,
        activation="tanh",
        epochs_run=epochs,
        stopped=False,
        diverged=False,
        diverged_epoch=None,
        train_seconds=0.5,
    )
    return SimpleNamespace(**{**run, **kw})


def check_frame(df: pd.DataFrame, columns: tuple, dtypes: dict):
    assert tuple(dtypes) == columns
    assert tuple(df.columns) == columns
    assert isinstance(df.index, pd.RangeIndex)
    got = {c: df[c].dtype for c in df.columns}
    want = {c: STR if dt == "str" else np.dtype(dt) for c, dt in dtypes.items()}
    assert got == want


CURVE_DTYPES = dict(
    run="str", epoch="int64", metric="str", split="str", value="float64", finite="bool"
)
GRID_DTYPES = dict(run="str", epoch="int64", layer="int64", value="float64", kind="str")
DISTINCT_DTYPES = dict(run="str", epoch="int64", layer="int64", n_distinct="int64", units="int64")
SUMMARY_DTYPES = dict(
    run="str",
    activation="str",
    epochs_run="int64",
    train_accuracy="float64",
    val_accuracy="float64",
    best_val_accuracy="float64",
    train_loss="float64",
    val_loss="float64",
    distinct_units_1="int64",
    stopped="bool",
    diverged="bool",
    diverged_epoch="int64",
    seconds="float64",
)


@pytest.mark.parametrize("n_runs", [0, 1, 2])
def test_frames_have_their_columns_and_dtypes(n_runs):
    runs = {f"r{k}": fake_run(epochs=k + 1) for k in range(n_runs)}
    check_frame(frames.training_curves(runs), frames.CURVE_COLUMNS, CURVE_DTYPES)
    check_frame(frames.layer_epoch_grid(runs), frames.GRID_COLUMNS, GRID_DTYPES)
    check_frame(frames.distinct_units_frame(runs), frames.DISTINCT_COLUMNS, DISTINCT_DTYPES)
    check_frame(frames.runs_summary(runs), frames.RUNS_SUMMARY_COLUMNS, SUMMARY_DTYPES)
    assert len(frames.training_curves(runs)) == sum(4 * (k + 2) for k in range(n_runs))
    assert len(frames.runs_summary(runs)) == n_runs


def test_training_curves_keep_nonfinite_values_and_flag_them():
    run = fake_run(epochs=3)
    run.history.loss[1:] = [np.inf, np.nan]
    df = frames.training_curves({"a": run})
    loss = df[(df["metric"] == "loss") & (df["split"] == "train")]
    assert loss["epoch"].tolist() == [0, 1, 2, 3]
    np.testing.assert_array_equal(loss["value"], [2.0, 0.5, np.inf, np.nan])
    assert loss["finite"].tolist() == [True, True, False, False]
    assert df[["metric", "split"]].drop_duplicates().values.tolist() == [
        ["loss", "train"],
        ["loss", "validation"],
        ["accuracy", "train"],
        ["accuracy", "validation"],
    ]


def test_layer_epoch_grid_kinds_and_order():
    grad = np.array([[0.0, 1.0, np.nan], [2.0, -1.0, np.inf]])
    df = frames.layer_epoch_grid({"a": fake_run(epochs=1, grad=grad), "b": fake_run(epochs=0)})
    a = df[df["run"] == "a"]
    assert a["epoch"].tolist() == [0, 0, 0, 1, 1, 1]
    assert a["layer"].tolist() == [1, 2, 3, 1, 2, 3]
    assert a["kind"].tolist() == ["zero", "positive", "nonfinite", "positive"] + ["nonfinite"] * 2
    assert df["run"].tolist() == ["a"] * 6 + ["b"] * 3
    with pytest.raises(ValueError, match="per-layer"):
        frames.layer_epoch_grid({"a": fake_run()}, "initial_loss")


def test_distinct_units_frame_widths():
    df = frames.distinct_units_frame({"a": fake_run(epochs=1, sizes=(6, 4, 3, 2))})
    assert df["layer"].tolist() == [1, 2, 1, 2]
    assert df["units"].tolist() == [4, 3, 4, 3]
    assert df["n_distinct"].tolist() == [4, 3, 4, 3]


def test_weights_frame_drops_nonfinite_weights():
    W = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, np.inf]])
    df = frames.weights_frame(W)
    assert tuple(df.columns) == frames.WEIGHTS_COLUMNS
    assert df.values.tolist() == [[1, 0, 1.0], [1, 2, 3.0], [2, 0, 4.0], [2, 1, 5.0]]
    assert isinstance(df.index, pd.RangeIndex)
    df = frames.weights_frame(W, input_index=[10, 20, 30])
    assert df["input"].tolist() == [10, 30, 10, 20]
    with pytest.raises(ValueError, match="3 entries"):
        frames.weights_frame(W, input_index=[1, 2])


def test_runs_summary_of_a_run_without_epochs():
    nan = np.full(0, np.nan)
    run = fake_run(epochs=0, val_accuracy=nan, diverged=True, diverged_epoch=0)
    (row,) = frames.runs_summary({"a": run}).to_dict("records")
    assert row["train_accuracy"] == 0.1 and row["val_accuracy"] == 0.05
    assert row["train_loss"] == 2.0 and row["val_loss"] == 2.5
    assert row["best_val_accuracy"] == 0.05  # the initialization is the best so far
    assert row["diverged"] and row["diverged_epoch"] == 0 and row["seconds"] == 0.5
    run = fake_run(epochs=2, val_accuracy=np.array([np.nan, np.nan]))
    run.history.initial_val_accuracy = np.nan
    assert np.isnan(frames.runs_summary({"a": run})["best_val_accuracy"].iloc[0])
