"""Speed and quality of ``explorer.engine.rbm.RBM`` against scikit-learn's ``BernoulliRBM``.

Run ``python benchmarks/bench_rbm.py [--json PATH]``. Both models train on the same 80 % of the
digits (1797 × 64, pixels / 16), 128 hidden units, 20 epochs, minibatches of 20 (72 minibatches
an epoch, 1440 updates in all), and are scored on the same held-out 20 % by the mean squared
error of one mean-field up-down pass, ``sigmoid(sigmoid(v W + b_h) W^T + b_v)``.

- **ours**: ``RBM(64, 128, seed=s, dtype=d).fit(X_train)`` with every default (CD-1,
  ``lr=0.05``, momentum 0.5 then 0.9, weight decay 2e-4, per Hinton's guide; the per-epoch
  history is computed too), in float32 (what the app's RBM tab runs,
  ``explorer.services.rbm_runs.RBM_DTYPE``) and in float64 (the engine's default).
- **sklearn**: PCD-1, plain SGD, at our ``learning_rate=0.05`` and at its default 0.1, on the
  data in the same dtype (``BernoulliRBM`` keeps float32 input in float32). Each of our rows
  is compared with the faster of scikit-learn's two runs in the same dtype.

BLAS is limited to one thread (``threadpoolctl.threadpool_limits(1, "blas")``) for every
model, as the app runs (``explorer/ui/main.py``); without the limit OpenBLAS would spread the
larger products over threads, which only adds noise on a small, shared machine. Runs are
interleaved (the order alternates every repeat) and repeated with seeds ``0 .. REPEATS-1``;
the table reports medians of wall-clock time and of process CPU time (the CPU time is less
disturbed by other processes on a busy machine; the load average is printed). Prints a
markdown table; takes about 15 s on an idle machine.
"""

from __future__ import annotations

import statistics
import time
from functools import partial

import numpy as np
import sklearn
from benchlib import Column, Table, as_app_runs, emit, parser, ratio
from sklearn.neural_network import BernoulliRBM

from explorer.engine.rbm import RBM

REPEATS = 7
EPOCHS, HIDDEN, BATCH = 20, 128, 20
# (label, implementation, dtype, learning rate), one table row each
MODELS = tuple(
    row
    for dtype in ("float32", "float64")
    for row in (
        ("ours: RBM, CD-1, defaults (lr=0.05)", "ours", dtype, 0.05),
        ("sklearn BernoulliRBM, PCD-1, lr=0.05", "sklearn", dtype, 0.05),
        ("sklearn BernoulliRBM, PCD-1, lr=0.1 (its default)", "sklearn", dtype, 0.1),
    )
)


def load_digits_X() -> np.ndarray:
    try:
        from explorer.data.datasets import load_dataset

        return np.asarray(load_dataset("digits").X, dtype=np.float64)
    except (ImportError, AttributeError, KeyError, ValueError):
        from sklearn.datasets import load_digits

        return load_digits().data / 16.0


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -x))


def sklearn_recon(m: BernoulliRBM, V: np.ndarray) -> np.ndarray:
    h = _sigmoid(V @ m.components_.T + m.intercept_hidden_)
    return _sigmoid(h @ m.components_ + m.intercept_visible_)


def run_once(row: int, seed: int, Xtr: np.ndarray, Xte: np.ndarray) -> tuple[float, float, float]:
    """Train the model of ``MODELS[row]``; return (wall s, CPU s, held-out recon MSE)."""
    _, impl, dtype, lr = MODELS[row]
    if impl == "ours":
        model = RBM(n_visible=Xtr.shape[1], n_hidden=HIDDEN, seed=seed, dtype=dtype)
        fit = partial(model.fit, Xtr, epochs=EPOCHS, lr=lr, batch_size=BATCH)
    else:
        model = BernoulliRBM(
            n_components=HIDDEN, n_iter=EPOCHS, batch_size=BATCH, learning_rate=lr,
            random_state=seed,
        )  # fmt: skip
        fit = partial(model.fit, Xtr.astype(dtype))
    wall, cpu = time.perf_counter(), time.process_time()
    fit()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    R = model.reconstruct(Xte) if impl == "ours" else sklearn_recon(model, Xte)
    return wall, cpu, float(np.mean((np.asarray(R, dtype=np.float64) - Xte) ** 2))


def main() -> None:
    args = parser(__doc__).parse_args()
    as_app_runs()
    X = load_digits_X()
    perm = np.random.default_rng(0).permutation(len(X))
    n_train = round(0.8 * len(X))
    Xtr, Xte = X[perm[:n_train]], X[perm[n_train:]]
    rows = list(range(len(MODELS)))
    runs = {k: [] for k in rows}  # (wall s, cpu s, held-out MSE) per repeat
    for row in rows:  # warm-up (imports, first-call costs), not timed
        run_once(row, 0, Xtr[:200], Xte)
    for seed in range(REPEATS):
        for row in rows if seed % 2 == 0 else rows[::-1]:  # alternate who runs first
            runs[row].append(run_once(row, seed, Xtr, Xte))

    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in runs.items()}

    def sk_best(dtype: str, i: int) -> float:
        return min(med[k][i] for k in rows if MODELS[k][1:3] == ("sklearn", dtype))

    table = Table(
        "rbm",
        f"RBM on digits ({len(Xtr)} train / {len(Xte)} held out), {HIDDEN} hidden, {EPOCHS} "
        f"epochs, batch {BATCH}, against scikit-learn {sklearn.__version__}'s `BernoulliRBM` "
        f"on the same dtype; medians of {REPEATS} interleaved repeats:",
        [
            Column("model"),
            Column("dtype"),
            Column("wall", 3, " s"),
            ratio("wall vs sklearn's faster"),
            Column("CPU", 3, " s"),
            ratio("CPU vs sklearn's faster"),
            Column("held-out recon MSE", 4),
        ],
        note="The app's RBM tab trains in float32; float64 is the engine's default.",
    )
    for row, (wall, cpu, mse) in med.items():
        label, _, dtype, _ = MODELS[row]
        table.add(label, dtype, wall, wall / sk_best(dtype, 0), cpu, cpu / sk_best(dtype, 1), mse)
    emit([table], args.json)


if __name__ == "__main__":
    main()
