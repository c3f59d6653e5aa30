"""Tidy frames of training runs, for the Training and Lesson tabs; and the typed-frame
builder every table of :mod:`explorer.analysis` is made with.

A run is anything with ``history`` (an :class:`explorer.engine.train.History`), ``sizes``,
``activation``, ``epochs_run``, ``stopped``, ``diverged``, ``diverged_epoch``, ``W1_*`` and
``input_index`` (:class:`explorer.services.training.TrainRun`). Runs are passed as a mapping
``label -> run``; the label becomes the ``run`` column, and the mapping's order is kept (the
charts' colour order).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = [
    "CURVE_COLUMNS",
    "DISTINCT_COLUMNS",
    "GRID_COLUMNS",
    "RUNS_SUMMARY_COLUMNS",
    "WEIGHTS_COLUMNS",
    "distinct_units_frame",
    "layer_epoch_grid",
    "runs_summary",
    "training_curves",
    "weights_frame",
]


def _column(values, dtype: str):
    """One column of :func:`_frame`, built in its dtype (no ``astype`` pass afterwards)."""
    if dtype == "str":
        if not isinstance(values, (np.ndarray, pd.Series, pd.api.extensions.ExtensionArray)):
            values = np.asarray(values, dtype=object)
        return pd.array(values, dtype="str")
    return np.asarray(values, dtype=dtype)


def _frame(rows: dict[str, list] | list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """A DataFrame with exactly these columns and dtypes (also when there are no rows).

    ``rows`` is either columns (``name -> list or array``), each built directly in its dtype
    (an ``astype`` of the finished frame cost ~8 ms per call, most of it in pandas' string
    conversion), or a list of records.
    """
    if isinstance(rows, list):
        return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)
    return pd.DataFrame({c: _column(rows[c], dt) for c, dt in dtypes.items()})


def _stack(parts: list[pd.DataFrame], dtypes: dict[str, str]) -> pd.DataFrame:
    """The per-run ``parts`` one under the other, in ``dtypes`` (typed and empty without
    parts)."""
    if not parts:
        return _frame({c: [] for c in dtypes}, dtypes)
    return pd.concat(parts, ignore_index=True).astype(dtypes)


def _epoch_layer(n_epochs: int, n_layers: int) -> dict[str, np.ndarray]:
    """The ``epoch`` and ``layer`` (1-based) columns of an ``(n_epochs, n_layers)`` per-layer
    history field read row by row."""
    return {
        "epoch": np.repeat(np.arange(n_epochs, dtype=np.int64), n_layers),
        "layer": np.tile(np.arange(1, n_layers + 1, dtype=np.int64), n_epochs),
    }


_CURVE_DTYPES = {
    "run": "str",
    "epoch": "int64",
    "metric": "str",
    "split": "str",
    "value": "float64",
    "finite": "bool",
}
#: Columns of :func:`training_curves`.
CURVE_COLUMNS = tuple(_CURVE_DTYPES)
_GRID_DTYPES = {"run": "str", "epoch": "int64", "layer": "int64", "value": "float64", "kind": "str"}
#: Columns of :func:`layer_epoch_grid`.
GRID_COLUMNS = tuple(_GRID_DTYPES)
_DISTINCT_DTYPES = {
    "run": "str",
    "epoch": "int64",
    "layer": "int64",
    "n_distinct": "int64",
    "units": "int64",
}
#: Columns of :func:`distinct_units_frame`.
DISTINCT_COLUMNS = tuple(_DISTINCT_DTYPES)
#: Columns of :func:`weights_frame`.
WEIGHTS_COLUMNS = ("unit", "input", "value")
_RUNS_SUMMARY_DTYPES = {
    "run": "str",
    "activation": "str",
    "epochs_run": "int64",
    "train_accuracy": "float64",
    "val_accuracy": "float64",
    "best_val_accuracy": "float64",
    "train_loss": "float64",
    "val_loss": "float64",
    "distinct_units_1": "int64",
    "stopped": "bool",
    "diverged": "bool",
    "diverged_epoch": "int64",
    "seconds": "float64",
}
#: Columns of :func:`runs_summary`.
RUNS_SUMMARY_COLUMNS = tuple(_RUNS_SUMMARY_DTYPES)
_CURVES = (
    ("loss", "train", "loss"),
    ("loss", "validation", "val_loss"),
    ("accuracy", "train", "accuracy"),
    ("accuracy", "validation", "val_accuracy"),
)


def training_curves(runs: Mapping[str, object]) -> pd.DataFrame:
    """Loss and accuracy per epoch, training and validation, from the initialization on.

    Parameters
    ----------
    runs : mapping of str to run
        Label -> run (its ``history.curve(name)`` gives ``E + 1`` values, index 0 at the
        initialization).

    Returns
    -------
    DataFrame
        Columns :data:`CURVE_COLUMNS`: ``run`` (str), ``epoch`` (int, 0 .. E), ``metric``
        (``"loss"`` / ``"accuracy"``), ``split`` (``"train"`` / ``"validation"``), ``value``
        (float, NaN or inf kept) and ``finite`` (bool). ``(E + 1) * 4`` rows per run.
    """
    parts = []
    for label, run in runs.items():
        h = run.history
        for metric, split, name in _CURVES:
            v = np.asarray(h.curve(name), dtype=np.float64)
            parts.append(
                pd.DataFrame(
                    {
                        "run": str(label),
                        "epoch": np.arange(len(v), dtype=np.int64),
                        "metric": metric,
                        "split": split,
                        "value": v,
                        "finite": np.isfinite(v),
                    }
                )
            )
    return _stack(parts, _CURVE_DTYPES)


def layer_epoch_grid(runs: Mapping[str, object], field: str = "grad_norm") -> pd.DataFrame:
    """A per-layer statistic of every epoch as long rows, for a layer × epoch heatmap.

    Parameters
    ----------
    runs : mapping of str to run
    field : str
        A per-layer field of the history of shape ``(E + 1, L)`` or ``(E + 1, L - 1)``:
        ``"grad_norm"`` (||∂L/∂z|| per layer), ``"dW_norm"``, ``"weight_std"``,
        ``"act_std"``, ...

    Returns
    -------
    DataFrame
        Columns :data:`GRID_COLUMNS`: ``run``, ``epoch`` (0 = initialization), ``layer``
        (1-based), ``value`` and ``kind``: ``"positive"`` (drawable on a log scale),
        ``"zero"`` (exactly 0, e.g. no gradient reaches the layer) or ``"nonfinite"``
        (NaN / inf, or negative, which a norm never is).
    """
    parts = []
    for label, run in runs.items():
        a = np.asarray(getattr(run.history, field), dtype=np.float64)
        if a.ndim != 2:
            raise ValueError(f"{field} must be a per-layer field (2-D), got shape {a.shape}")
        E1, L = a.shape
        v = a.ravel()
        kind = np.where(np.isfinite(v) & (v > 0), "positive", "nonfinite")
        kind = np.where(v == 0, "zero", kind)
        parts.append(
            pd.DataFrame(
                {
                    "run": str(label),
                    **_epoch_layer(E1, L),
                    "value": v,
                    "kind": kind,
                }
            )
        )
    return _stack(parts, _GRID_DTYPES)


def distinct_units_frame(runs: Mapping[str, object]) -> pd.DataFrame:
    """Distinct hidden units per layer and epoch (1 when every unit is a copy of one).

    Parameters
    ----------
    runs : mapping of str to run
        Each with ``history.n_distinct_units`` of shape ``(E + 1, L - 1)`` and ``sizes``.

    Returns
    -------
    DataFrame
        Columns :data:`DISTINCT_COLUMNS`: ``run``, ``epoch``, ``layer`` (1-based hidden
        layer), ``n_distinct`` (int) and ``units`` (the layer's width).
    """
    parts = []
    for label, run in runs.items():
        a = np.asarray(run.history.n_distinct_units, dtype=np.int64)
        E1, L = a.shape
        widths = np.asarray(run.sizes[1 : L + 1], dtype=np.int64)
        parts.append(
            pd.DataFrame(
                {
                    "run": str(label),
                    **_epoch_layer(E1, L),
                    "n_distinct": a.ravel(),
                    "units": np.tile(widths, E1),
                }
            )
        )
    return _stack(parts, _DISTINCT_DTYPES)


def weights_frame(W, input_index=None) -> pd.DataFrame:
    """A weight matrix as long rows, one per (unit, input), for a heatmap.

    Parameters
    ----------
    W : array_like, shape (units, inputs)
        One row per unit (its incoming weights), e.g. ``TrainRun.W1_final``.
    input_index : array_like of int, shape (inputs,), optional
        The input each column is (default ``0 .. inputs - 1``).

    Returns
    -------
    DataFrame
        Columns :data:`WEIGHTS_COLUMNS`: ``unit`` (1-based), ``input`` and ``value``.
        Non-finite weights are dropped.
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2:
        raise ValueError(f"W must be 2-D (units, inputs), got shape {W.shape}")
    U, D = W.shape
    cols = np.arange(D) if input_index is None else np.asarray(input_index, dtype=np.int64)
    if cols.shape != (D,):
        raise ValueError(f"input_index must have {D} entries, got shape {cols.shape}")
    df = pd.DataFrame(
        {
            "unit": np.repeat(np.arange(1, U + 1, dtype=np.int64), D),
            "input": np.tile(cols, U),
            "value": W.ravel(),
        }
    )
    return df[np.isfinite(df["value"].to_numpy())].reset_index(drop=True)


def _last(a: np.ndarray, default: float) -> float:
    return float(a[-1]) if len(a) else float(default)


def runs_summary(runs: Mapping[str, object]) -> pd.DataFrame:
    """One row per run: final metrics and how the run ended.

    Parameters
    ----------
    runs : mapping of str to run

    Returns
    -------
    DataFrame
        Columns :data:`RUNS_SUMMARY_COLUMNS`: final training / validation accuracy and loss
        (after the last epoch run; the initial values if none ran), the best validation
        accuracy, the distinct units of hidden layer 1 at the end, ``stopped`` and
        ``diverged`` flags, ``diverged_epoch`` (0 if not diverged) and ``seconds``
        (pre-training + fine-tuning).
    """
    rows = []
    for label, run in runs.items():
        h = run.history
        val = np.asarray(h.curve("val_accuracy"), dtype=np.float64)
        with np.errstate(invalid="ignore"):
            best = float(np.nanmax(val)) if np.isfinite(val).any() else float("nan")
        nd = np.asarray(h.n_distinct_units)
        rows.append(
            {
                "run": str(label),
                "activation": str(run.activation),
                "epochs_run": int(run.epochs_run),
                "train_accuracy": _last(h.accuracy, h.initial_accuracy),
                "val_accuracy": _last(h.val_accuracy, h.initial_val_accuracy),
                "best_val_accuracy": best,
                "train_loss": _last(h.loss, h.initial_loss),
                "val_loss": _last(h.val_loss, h.initial_val_loss),
                "distinct_units_1": int(nd[-1, 0]) if nd.size else 0,
                "stopped": bool(run.stopped),
                "diverged": bool(run.diverged),
                "diverged_epoch": int(run.diverged_epoch or 0),
                "seconds": float(
                    getattr(run, "pretrain_seconds", 0.0) + getattr(run, "train_seconds", 0.0)
                ),
            }
        )
    return _frame(rows, _RUNS_SUMMARY_DTYPES)
