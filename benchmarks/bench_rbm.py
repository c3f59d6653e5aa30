"""Speed and quality of ``explorer.rbm.RBM`` against scikit-learn's ``BernoulliRBM``.

Run ``python benchmarks/bench_rbm.py``. Both models train on the same 80 % of the digits
(1797 × 64, pixels / 16), 128 hidden units, 20 epochs, minibatches of 20, and are scored on
the same held-out 20 % by the mean squared error of one mean-field up-down pass,
``sigmoid(sigmoid(v W + b_h) W^T + b_v)``. Ours runs CD-1 at its default ``lr=0.05`` (with
momentum and weight decay, per Hinton's guide); scikit-learn (PCD-1, plain SGD) runs at the
same ``learning_rate=0.05`` and at its default 0.1, and the ratio is taken against the faster
of the two. Runs are interleaved (the order alternates) and repeated; the table reports
medians of wall-clock and of process CPU time (the CPU time is less disturbed by other
processes on a busy machine). Prints a markdown table; runs in well under two minutes.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.neural_network import BernoulliRBM

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.rbm import RBM

REPEATS = 7
EPOCHS, HIDDEN, BATCH = 20, 128, 20


def load_digits_X() -> np.ndarray:
    try:
        from explorer.datasets import load_dataset

        return np.asarray(load_dataset("digits").X, dtype=np.float64)
    except (ImportError, AttributeError, KeyError, ValueError):
        from sklearn.datasets import load_digits

        return load_digits().data / 16.0


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -x))


def sklearn_recon(m: BernoulliRBM, V: np.ndarray) -> np.ndarray:
    h = _sigmoid(V @ m.components_.T + m.intercept_hidden_)
    return _sigmoid(h @ m.components_ + m.intercept_visible_)


def main() -> None:
    X = load_digits_X()
    perm = np.random.default_rng(0).permutation(len(X))
    n_train = round(0.8 * len(X))
    Xtr, Xte = X[perm[:n_train]], X[perm[n_train:]]

    names = ("ours", "sklearn lr=0.05", "sklearn lr=0.1")
    runs = {k: [] for k in names}  # (wall s, cpu s, held-out MSE) per repeat
    for seed in range(REPEATS):
        order = names if seed % 2 == 0 else names[::-1]  # alternate who runs first
        for name in order:
            if name == "ours":
                model = RBM(n_visible=X.shape[1], n_hidden=HIDDEN, seed=seed)
                fit = lambda m=model: m.fit(Xtr, epochs=EPOCHS, lr=0.05, batch_size=BATCH)
            else:
                lr = float(name.split("=")[1])
                model = BernoulliRBM(
                    n_components=HIDDEN,
                    n_iter=EPOCHS,
                    batch_size=BATCH,
                    learning_rate=lr,
                    random_state=seed,
                )
                fit = lambda m=model: m.fit(Xtr)
            wall, cpu = time.perf_counter(), time.process_time()
            fit()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            R = model.reconstruct(Xte) if name == "ours" else sklearn_recon(model, Xte)
            runs[name].append((wall, cpu, float(np.mean((R - Xte) ** 2))))

    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in runs.items()}
    sk_wall = min(med[k][0] for k in names[1:])
    sk_cpu = min(med[k][1] for k in names[1:])
    print(
        f"digits: {len(Xtr)} train / {len(Xte)} held out, {HIDDEN} hidden, {EPOCHS} epochs, "
        f"batch {BATCH}, {REPEATS} repeats (seeds 0..{REPEATS - 1}), medians; "
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}\n"
    )
    print(
        "| model | wall time (s) | wall / sklearn's faster | CPU time (s) "
        "| CPU / sklearn's faster | held-out recon MSE |"
    )
    print("|---|---|---|---|---|---|")
    for name, (wall, cpu, mse) in med.items():
        print(
            f"| {name} | {wall:.3f} | {wall / sk_wall:.2f} | {cpu:.3f} | {cpu / sk_cpu:.2f} "
            f"| {mse:.4f} |"
        )
    print()
    print("per repeat (wall s, CPU s, MSE):")
    for name, v in runs.items():
        print(f"  {name}: " + ", ".join(f"({w:.3f}, {c:.3f}, {e:.4f})" for w, c, e in v))


if __name__ == "__main__":
    main()
