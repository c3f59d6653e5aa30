"""What one trace of a network says about each of its layers, as training records it.

Scope: :func:`layer_stats`, the per-layer statistics :func:`explorer.engine.train.train`
records every epoch from one forward + backward pass on its probe batch (spread of the
activations, gradient norms, dead ReLU units, saturated sigmoid or tanh units), and
:func:`distinct_units`, the number of hidden units of a layer that are not copies of
another one: with zero initialization it stays 1, the lecture's point 2. NumPy only.
"""

from __future__ import annotations

import math

import numpy as np

from explorer.engine.checks import QUIET
from explorer.engine.network import Network

__all__ = ["SATURATION", "distinct_units", "layer_stats"]

#: Thresholds of the saturation statistic: sigmoid outside [lo, hi], tanh |a| > hi.
SATURATION = (0.01, 0.99)


def distinct_units(W, b, tol: float = 1e-9) -> int:
    """Number of distinct units of a layer; units with equal incoming weights and bias count once.

    Unit ``j``'s parameters are the column ``W[:, j]`` and ``b[j]``. Two units are the same
    when every parameter differs by at most ``tol * s``, ``s`` being the layer's largest
    absolute finite parameter (so ``tol`` is relative; all-zero layers have 1 distinct unit).
    NaN equals NaN and inf equals inf of the same sign. Units are grouped greedily (each
    unit joins the first earlier group leader it matches), so for exact copies, the case of
    interest, the count is exact.

    Parameters
    ----------
    W : array_like, shape (fan_in, fan_out)
    b : array_like, shape (fan_out,)
    tol : float
        Relative tolerance, >= 0.

    Returns
    -------
    int
        Between 1 and ``fan_out`` (0 if ``fan_out == 0``).
    """
    U = np.column_stack([np.asarray(W, dtype=np.float64).T, np.asarray(b, dtype=np.float64)])
    n = U.shape[0]
    if n <= 1:
        return n
    with np.errstate(**QUIET):
        finite = np.isfinite(U)
        scale = float(np.abs(U[finite]).max()) if finite.any() else 0.0
        atol = float(tol) * scale
        # Sort along one fixed projection: units farther apart there than any pair of
        # equal units can be cannot be equal, which splits the work into small candidate
        # groups. Non-finite values go to 0 here; the exact test below handles them.
        r = np.random.default_rng(0).standard_normal(U.shape[1])
        # A row-wise reduction gives identical rows bit-identical projections; the slack
        # covers the rounding of the projection itself.
        proj = (np.where(finite, U, 0.0) * r).sum(axis=1)
        order = np.argsort(proj, kind="stable")
        slack = (atol + 1e-12 * scale) * np.abs(r).sum() + 1e-300
        gaps = np.diff(proj[order]) > slack
        starts = np.flatnonzero(np.concatenate([[True], gaps]))
        sizes = np.diff(np.append(starts, n))
        count = int(np.count_nonzero(sizes == 1))  # alone in its group: distinct
        for s0, size in zip(starts[sizes > 1], sizes[sizes > 1]):
            rest = U[np.sort(order[s0 : s0 + size])]
            while rest.shape[0]:
                lead = rest[0]
                diff = np.abs(rest - lead)
                same = (diff <= atol) | (rest == lead) | (np.isnan(rest) & np.isnan(lead))
                keep = ~same.all(axis=1)
                count += 1
                rest = rest[keep]
    return count


def layer_stats(
    net: Network, X: np.ndarray, y: np.ndarray, tol: float
) -> tuple[dict, tuple | None]:
    """Per-layer statistics of one trace of ``net`` on a probe batch, and where it overflowed.

    Parameters
    ----------
    net : Network
        ``L`` weight layers.
    X : ndarray, shape (n, sizes[0])
    y : ndarray of int, shape (n,)
    tol : float
        Relative tolerance of :func:`distinct_units`.

    Returns
    -------
    stats : dict
        ``probe_loss`` (float); ``grad_norm``, ``dW_norm``, ``weight_std`` (``L`` floats);
        ``act_std``, ``dead_frac``, ``saturated_frac``, ``n_distinct_units`` (``L - 1``
        values, one per hidden layer), as :class:`explorer.engine.train.History` records them.
    nonfinite_at : tuple of (str, int) or None
        :meth:`Trace.first_nonfinite` of the trace.
    """
    tr = net.trace(X, y)
    L = len(net.weights)
    act = net.activation
    with np.errstate(**QUIET):
        hidden = tr.a[: L - 1]
        act_std = [float(np.std(a)) for a in hidden]
        if act == "relu":
            dead = [float(np.mean(np.all(a == 0, axis=0))) for a in hidden]
        else:
            dead = [math.nan] * (L - 1)
        lo, hi = SATURATION
        if act == "sigmoid":
            sat = [float(np.mean((a < lo) | (a > hi))) for a in hidden]
        elif act == "tanh":
            sat = [float(np.mean(np.abs(a) > hi)) for a in hidden]
        else:
            sat = [math.nan] * (L - 1)
        return {
            "probe_loss": float(tr.loss),
            "act_std": act_std,
            "grad_norm": [float(np.linalg.norm(d)) for d in tr.dz],
            "dW_norm": [float(np.linalg.norm(d)) for d in tr.dW],
            "weight_std": [float(np.std(w)) for w in net.weights],
            "dead_frac": dead,
            "saturated_frac": sat,
            "n_distinct_units": [
                distinct_units(net.weights[i], net.biases[i], tol) for i in range(L - 1)
            ],
        }, tr.first_nonfinite()
