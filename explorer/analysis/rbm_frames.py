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


def _concat(frames: list[pd.DataFrame], columns: dict) -> pd.DataFrame:
    if frames:
        return pd.concat(frames, ignore_index=True)
    return pd.DataFrame({k: pd.Series(dtype=t) for k, t in columns.items()})


def rbm_curves(result) -> pd.DataFrame:
    """Per-epoch curves of an RBM run.

    Parameters
    ----------
    result : RBMResult

    Returns
    -------
    DataFrame
        Columns ``epoch`` (1-based), ``quantity`` ("reconstruction error", "free energy",
        "free-energy gap"), ``split`` ("train", "held-out", "held-out − train"), ``value``.
    """
    h = result.params.history
    fe_tr, fe_va = result.fe_train, result.fe_val
    parts = [
        ("reconstruction error", "train", h.recon_error),
        ("reconstruction error", "held-out", h.val_recon_error),
        ("free energy", "train", fe_tr),
        ("free energy", "held-out", fe_va),
        ("free-energy gap", "held-out − train", fe_va - fe_tr),
    ]
    epoch = np.arange(1, len(h) + 1, dtype=np.int64)
    frames = [
        pd.DataFrame(
            {
                "epoch": epoch,
                "quantity": quantity,
                "split": split,
                "value": np.asarray(values, dtype=np.float64),
            }
        )
        for quantity, split, values in parts
    ]
    return _concat(frames, RBM_CURVE_COLUMNS)


def dbn_pretrain_curves(result) -> pd.DataFrame:
    """Each pre-trained RBM's reconstruction error of its own input, per epoch.

    Parameters
    ----------
    result : DBNResult

    Returns
    -------
    DataFrame
        Columns ``layer`` (1-based), ``epoch``, ``recon_error``.
    """
    frames = [
        pd.DataFrame(
            {
                "layer": i,
                "epoch": np.arange(1, len(e) + 1, dtype=np.int64),
                "recon_error": np.asarray(e, dtype=np.float64),
            }
        )
        for i, e in enumerate(result.pretrain_errors, 1)
    ]
    return _concat(frames, PRETRAIN_COLUMNS)


def dbn_finetune_curves(result) -> pd.DataFrame:
    """Loss and accuracy of every fine-tuned run, per epoch, from the initialization on.

    Parameters
    ----------
    result : DBNResult

    Returns
    -------
    DataFrame
        Columns ``run`` (a key of :data:`explorer.services.dbn.DBN_RUNS`), ``epoch``
        (0 = before fine-tuning), ``metric`` ("accuracy", "loss"), ``split`` ("train",
        "validation"), ``value``.
    """
    frames = []
    for run, h in result.histories:
        epoch = np.arange(0, len(h) + 1, dtype=np.int64)
        for metric in ("accuracy", "loss"):
            for split, name in (("train", metric), ("validation", "val_" + metric)):
                frames.append(
                    pd.DataFrame(
                        {
                            "run": run,
                            "epoch": epoch,
                            "metric": metric,
                            "split": split,
                            "value": h.curve(name).astype(np.float64),
                        }
                    )
                )
    return _concat(frames, FINETUNE_COLUMNS)


def dbn_summary(result) -> pd.DataFrame:
    """One row per fine-tuned run.

    Parameters
    ----------
    result : DBNResult

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
