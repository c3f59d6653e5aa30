"""Tidy frames of RBM and DBN runs, for their charts, tables and CSV downloads.

Each function takes a result of :mod:`explorer.services.rbm` or :mod:`explorer.services.dbn`
(NumPy arrays) and returns a small long-format ``DataFrame``, typed column by column, empty
(with its columns) when there is nothing yet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["dbn_finetune_curves", "dbn_pretrain_curves", "dbn_summary", "rbm_curves"]

#: Columns of :func:`rbm_curves`.
RBM_CURVE_COLUMNS = {"epoch": np.int64, "quantity": str, "split": str, "value": np.float64}
#: Columns of :func:`dbn_pretrain_curves`.
PRETRAIN_COLUMNS = {"layer": np.int64, "epoch": np.int64, "recon_error": np.float64}
#: Columns of :func:`dbn_finetune_curves`.
FINETUNE_COLUMNS = {
    "run": str,
    "epoch": np.int64,
    "metric": str,
    "split": str,
    "value": np.float64,
}
#: Columns of :func:`dbn_summary`.
SUMMARY_COLUMNS = ("run", "epochs", "val_accuracy", "best_val_accuracy", "val_loss")


def _long(columns: dict, parts) -> pd.DataFrame:
    """One long frame of ``columns`` (name -> dtype) from ``parts``: one tuple of column values
    per part, in column order, an array or a scalar repeated along it; numeric arrays are cast
    to their column's dtype. Empty, with its columns, when there are no parts."""
    frames = [
        pd.DataFrame(
            {
                name: v if t is str or np.ndim(v) == 0 else np.asarray(v, dtype=t)
                for (name, t), v in zip(columns.items(), part)
            }
        )
        for part in parts
    ]
    if frames:
        return pd.concat(frames, ignore_index=True)
    return pd.DataFrame({k: pd.Series(dtype=t) for k, t in columns.items()})


def _epochs(n: int, first: int = 1) -> np.ndarray:
    return np.arange(first, first + n, dtype=np.int64)


def rbm_curves(result) -> pd.DataFrame:
    """Per-epoch curves of an RBM run.

    Parameters
    ----------
    result : RBMResult
        Its history's reconstruction errors and its free energies are read.

    Returns
    -------
    DataFrame
        Columns ``epoch`` (1-based), ``quantity`` ("reconstruction error", "free energy",
        "free-energy gap"), ``split`` ("train", "held-out", "held-out − train"), ``value``.
    """
    h = result.params.history
    fe_tr, fe_va = result.fe_train, result.fe_val
    epoch = _epochs(len(h))
    return _long(
        RBM_CURVE_COLUMNS,
        [
            (epoch, "reconstruction error", "train", h.recon_error),
            (epoch, "reconstruction error", "held-out", h.val_recon_error),
            (epoch, "free energy", "train", fe_tr),
            (epoch, "free energy", "held-out", fe_va),
            (epoch, "free-energy gap", "held-out − train", fe_va - fe_tr),
        ],
    )


def dbn_pretrain_curves(result) -> pd.DataFrame:
    """Each pre-trained RBM's reconstruction error of its own input, per epoch.

    Parameters
    ----------
    result : DBNResult
        Its ``pretrain_errors`` are read.

    Returns
    -------
    DataFrame
        Columns ``layer`` (1-based), ``epoch``, ``recon_error``.
    """
    parts = [(i, _epochs(len(e)), e) for i, e in enumerate(result.pretrain_errors, 1)]
    return _long(PRETRAIN_COLUMNS, parts)


def dbn_finetune_curves(result) -> pd.DataFrame:
    """Loss and accuracy of every fine-tuned run, per epoch, from the initialization on.

    Parameters
    ----------
    result : DBNResult
        Its fine-tuning ``histories`` are read.

    Returns
    -------
    DataFrame
        Columns ``run`` (a key of :data:`explorer.services.dbn.DBN_RUNS`), ``epoch``
        (0 = before fine-tuning), ``metric`` ("accuracy", "loss"), ``split`` ("train",
        "validation"), ``value``.
    """
    parts = [
        (run, _epochs(len(h) + 1, first=0), metric, split, h.curve(name))
        for run, h in result.histories
        for metric in ("accuracy", "loss")
        for split, name in (("train", metric), ("validation", "val_" + metric))
    ]
    return _long(FINETUNE_COLUMNS, parts)


def dbn_summary(result) -> pd.DataFrame:
    """One row per fine-tuned run.

    Parameters
    ----------
    result : DBNResult
        Its fine-tuning ``histories`` are read (the last epoch of each, and its best).

    Returns
    -------
    DataFrame
        Columns ``run, epochs, val_accuracy`` (last), ``best_val_accuracy``, ``val_loss``
        (last).
    """
    rows = [
        {
            "run": run,
            "epochs": len(h),
            "val_accuracy": float(h.curve("val_accuracy")[-1]),
            "best_val_accuracy": float(np.max(h.curve("val_accuracy"))),
            "val_loss": float(h.curve("val_loss")[-1]),
        }
        for run, h in result.histories
    ]
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
