"""Speed of ``Network.trace`` against the bare NumPy GEMM chain doing the same arithmetic.

Run: ``python benchmarks/bench_trace.py [--json PATH]``. Prints markdown tables:

1. 64 → 256×10 → 10 ReLU at batch 1024, float32 and float64: ours vs a bare loop of
   ``X @ W + b``, ``maximum``, softmax and the backward GEMMs, timed interleaved in the same
   run (best of N), and the ratio.
2. Scaling: time of ``trace`` against depth, width and batch.
"""

from __future__ import annotations

import time

import numpy as np
from benchlib import Column, Table, as_app_runs, emit, parser, ratio

from explorer import Network


def bare_chain(X, y, Ws, bs, keep=False):
    """Forward + backward of a ReLU MLP with softmax cross-entropy, nothing else.

    ``keep=True`` also holds on to every ``da`` and ``dz`` as a trace must (the plain chain
    frees them as it goes, so its memory is reused while still warm).
    """
    n = X.shape[0]
    L = len(Ws)
    acts, zs = [X], []
    a = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        z = a @ W
        z += b
        a = np.maximum(z, 0)
        zs.append(z)
        acts.append(a)
    z = a @ Ws[-1]
    z += bs[-1]
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(n), y]).mean()
    dz = p
    dz[np.arange(n), y] -= 1
    dz /= n
    grads, kept = [], []
    for i in range(L - 1, -1, -1):
        grads.append((acts[i].T @ dz, dz.sum(axis=0)))
        if i:
            da = dz @ Ws[i].T
            if keep:
                kept.append(da)
            dz = da * (zs[i - 1] > 0)
            if keep:
                kept.append(dz)
    return loss, grads, kept


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def head_to_head(repeats=30) -> Table:
    """``trace`` against the bare chain, interleaved, for float32 and float64."""
    table = Table(
        "trace",
        "`net.trace`, 64 → 256×10 → 10 ReLU, batch 1024, against the bare NumPy GEMM chain "
        f"(interleaved, {repeats} repeats):",
        [
            Column("dtype"),
            Column("trace (best)", 1, " ms"),
            Column("bare chain (best)", 1, " ms"),
            Column("bare chain keeping da, dz (best)", 1, " ms"),
            ratio("ratio (best)"),
            ratio("ratio (median)"),
            ratio("ratio vs keeping chain (best)"),
        ],
    )
    for dtype in ("float32", "float64"):
        rng = np.random.default_rng(0)
        sizes = (64, *(256,) * 10, 10)
        net = Network.create(sizes, "relu", "he_normal", seed=0, dtype=dtype)
        X = rng.random((1024, 64)).astype(dtype)
        y = rng.integers(0, 10, 1024)
        ours, ref, refk = [], [], []
        W, b = net.weights, net.biases
        for _ in range(3):  # warm up all three
            net.trace(X, y)
            bare_chain(X, y, W, b)
            bare_chain(X, y, W, b, keep=True)
        for _ in range(repeats):  # interleaved, so load on the machine hits all alike
            ours.append(best_of(lambda: net.trace(X, y), 1))
            ref.append(best_of(lambda: bare_chain(X, y, W, b), 1))
            refk.append(best_of(lambda: bare_chain(X, y, W, b, keep=True), 1))
        o, r, rk = min(ours), min(ref), min(refk)
        table.add(
            dtype, o * 1e3, r * 1e3, rk * 1e3, o / r, np.median(ours) / np.median(ref), o / rk
        )
    return table


def scaling(repeats=5) -> Table:
    """``trace`` time against depth, width and batch (float64)."""
    table = Table(
        "scaling",
        f"Scaling of `net.trace` (float64, ReLU, He normal, best of {repeats}):",
        [Column("depth × width, batch"), Column("trace", 1, " ms")],
    )
    rng = np.random.default_rng(0)
    for depth, width, batch in [
        (5, 256, 512),
        (10, 256, 512),
        (20, 256, 512),
        (50, 256, 512),
        (10, 64, 512),
        (10, 512, 512),
        (10, 1024, 512),
        (10, 2048, 256),
        (10, 256, 128),
        (10, 256, 2048),
    ]:
        net = Network.create((64, *(width,) * depth, 10), "relu", "he_normal", seed=0)
        X = rng.random((batch, 64))
        y = rng.integers(0, 10, batch)
        net.trace(X, y)
        t = best_of(lambda: net.trace(X, y), repeats)
        table.add(f"{depth} × {width}, {batch}", t * 1e3)
    return table


if __name__ == "__main__":
    args = parser(__doc__).parse_args()
    as_app_runs()
    emit([head_to_head(), scaling()], args.json)
