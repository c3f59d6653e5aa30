"""Overflow-safe reductions and blocked binning of float arrays, for
:mod:`explorer.analysis.stats`.

Every function here is safe for values up to the largest float, ``inf`` and ``nan``, and never
emits a ``RuntimeWarning``: ranges, means, standard deviations and norms are computed on values
divided by the largest magnitude first, so ``hi - lo`` or a sum of squares never overflows.
They avoid temporaries the size of a layer where NumPy's own reductions would make them
(histograms bin in fixed blocks, like ``np.histogram``; the standard deviation reuses one work
array), and every number is bit for bit what the plain NumPy calls (``np.histogram``,
``np.mean``, ``np.std``) give.

The functions are internal to :mod:`explorer.analysis` (hence the leading underscores); the
tables built with them are :mod:`explorer.analysis.stats`'s.
"""

from __future__ import annotations

import numpy as np

from explorer.engine.checks import QUIET

#: Percentiles bounding the range of ``layer_histograms(..., robust=True)``.
ROBUST_PERCENTILES = (0.1, 99.9)

#: Number of bins a layer of all-equal values gets (its value sits in the middle one).
CONSTANT_BINS = 5
# Relative width (to max(|v|, 1)) of each bin around a constant value.
_CONSTANT_BIN_WIDTH = 0.02
# A layer whose (max - min) / max|x| is below this is treated as constant.
_CONSTANT_TOL = 1e-12

_FMAX = float(np.finfo(np.float64).max)

#: Elements binned per step: the histogram's work buffers stay small and in cache (as in
#: ``np.histogram``, which bins in blocks of this size too).
_BLOCK = 65536


def _mean_std(x: np.ndarray, buf: np.ndarray | None) -> tuple[float, float]:
    """``np.mean(x)`` and ``np.std(x)`` of 1-D float64 ``x``, bit for bit, in one sum less.

    NumPy's ``std`` sums ``x`` for the mean, then sums ``(x - mean)**2``; both sums are
    done here the same way, the first one shared with the mean, and the squared deviations
    go into ``buf`` (``x.size`` floats) instead of a fresh array.
    """
    n = x.size
    mean = np.add.reduce(x) / n
    d = np.subtract(x, mean, out=None if buf is None else buf[:n])
    np.square(d, out=d)
    return float(mean), float(np.sqrt(np.add.reduce(d) / n))


def _moments(x, buf: np.ndarray | None = None) -> tuple[float, float, float]:
    """Mean, standard deviation and Frobenius norm of all entries of ``x``, without overflow.

    Finite input is divided by ``max|x|`` before summing, so values up to the largest float
    work; the norm is ``inf`` only when the true norm exceeds the float range. Input holding
    NaN gives NaN results, input holding ±inf gives ``nan`` mean/std and ``inf`` norm.
    ``buf``, optional, is a float64 work array of at least ``x.size`` elements.
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    if x.size == 0:
        return float("nan"), float("nan"), 0.0
    with np.errstate(**QUIET):
        # max|x| from max and min: no |x| array; NaN propagates through both
        hi, lo = float(x.max()), float(x.min())
        if np.isnan(hi):
            return float("nan"), float("nan"), float("nan")
        m = max(hi, -lo)
        if m == np.inf:  # ±inf and no NaN
            return float(np.mean(x)), float("nan"), float("inf")
        if m == 0.0:
            return 0.0, 0.0, 0.0
        if 1e-100 < m < 1e100:  # sums of squares cannot overflow or underflow: no scaled copy
            mean, std = _mean_std(x, buf)
            return mean, std, float(np.sqrt(np.dot(x, x)))
        y = x / m
        mean, std = _mean_std(y, buf)
        norm = float(np.sqrt(np.dot(y, y))) * m  # Python float product: inf, never a warning
    return mean * m, std * m, norm


def _finite_values(x) -> tuple[np.ndarray, int, int]:
    """The finite entries of ``x`` as float64, and the counts of NaN and ±inf."""
    x = np.asarray(x).ravel()
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.add.reduce(x, dtype=np.float64)):  # one pass, no mask when all finite
            return x.astype(np.float64, copy=False), 0, 0
    fin = np.isfinite(x)
    n_fin = int(np.count_nonzero(fin))
    n_nan = int(np.count_nonzero(np.isnan(x)))
    return x[fin].astype(np.float64, copy=False), n_nan, x.size - n_fin - n_nan


def _value_range(x: np.ndarray, robust: bool) -> tuple[float, float]:
    """``(lo, hi)`` of finite, non-empty ``x``: min..max, or the robust percentiles."""
    lo, hi = float(x.min()), float(x.max())
    if robust and x.size > 1:
        s = max(abs(lo), abs(hi))
        if s > 0:
            qlo, qhi = np.percentile(x / s, ROBUST_PERCENTILES)
            # Fall back to the full range when the percentiles collapse (e.g. > 99.9 % zeros).
            if qhi > qlo:
                lo, hi = float(qlo) * s, float(qhi) * s
    return lo, hi


def _constant_edges(v: float) -> tuple[np.ndarray, int]:
    """Bin edges around a single value ``v`` and the index of the bin holding it.

    ``CONSTANT_BINS`` bins of width ``0.02 * max(|v|, 1)`` with ``v`` in the middle one, so the
    value shows as one bar a fifth of the panel wide instead of a sliver or a full panel.
    """
    w = _CONSTANT_BIN_WIDTH * max(abs(v), 1.0)
    half = CONSTANT_BINS / 2
    if abs(v) + half * w <= _FMAX:
        offsets = np.arange(CONSTANT_BINS + 1, dtype=np.float64) - half
        return v + offsets * w, CONSTANT_BINS // 2
    # |v| within 5 % of the float maximum: put v on the outer edge instead of the centre.
    rel = 1.0 - _CONSTANT_BIN_WIDTH * np.arange(CONSTANT_BINS, -1, -1, dtype=np.float64)
    if v > 0:
        return v * rel, CONSTANT_BINS - 1
    return v * rel[::-1], 0


class _BinWork:
    """Work arrays of one :func:`layer_histograms` call, reused for every layer and block."""

    def __init__(self, n: int):
        n = min(max(int(n), 1), _BLOCK)
        self.xs = np.empty(n)
        self.g = np.empty(n)
        self.idx = np.empty(n, dtype=np.intp)
        self.flag = np.empty(n, dtype=bool)


def _uniform_counts(
    x: np.ndarray, s: float, a: float, b: float, edges: np.ndarray, work: _BinWork
) -> np.ndarray:
    """``np.histogram(np.clip(x / s, a, b), len(edges) - 1, range=(a, b))[0]``, bit for bit.

    The same arithmetic as NumPy's equal-width path (index ``(v - a) / (b - a) * bins``,
    then the one-step corrections against the actual ``edges``), run block by block in
    preallocated arrays: no temporaries the size of the layer, each of which the app's
    128 kB mmap threshold turns into fresh page faults.
    """
    bins = len(edges) - 1
    upper = edges[1:]
    norm = b - a
    counts = np.zeros(bins, dtype=np.intp)
    for start in range(0, x.size, len(work.xs)):
        chunk = x[start : start + len(work.xs)]
        k = chunk.size
        xs, g, idx, flag = work.xs[:k], work.g[:k], work.idx[:k], work.flag[:k]
        np.divide(chunk, s, out=xs)
        np.clip(xs, a, b, out=xs)
        np.subtract(xs, a, out=g)
        g /= norm
        g *= bins
        np.copyto(idx, g, casting="unsafe")  # truncation, as ndarray.astype(intp)
        np.minimum(idx, bins - 1, out=idx)  # v == b lands in the last bin
        # the computed index can be one off near an edge: check against the edges themselves
        np.take(edges, idx, out=g, mode="clip")
        np.less(xs, g, out=flag)
        np.subtract(idx, flag, out=idx, casting="unsafe")
        np.take(upper, idx, out=g, mode="clip")
        np.greater_equal(xs, g, out=flag)
        np.add(idx, flag, out=idx, casting="unsafe")
        np.minimum(idx, bins - 1, out=idx)  # the last bin includes its right edge
        counts += np.bincount(idx, minlength=bins)
    return counts


def _bin(
    x: np.ndarray, lo: float, hi: float, bins: int, work: _BinWork | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Counts and edges of finite ``x`` over ``[lo, hi]``; values outside go to the end bins.

    Binning runs on ``x / max(|lo|, |hi|)``, so ``hi - lo`` never overflows.
    """
    s = max(abs(lo), abs(hi))
    if s == 0.0 or (hi / s - lo / s) <= _CONSTANT_TOL:
        edges, k = _constant_edges(lo / 2 + hi / 2)
        counts = np.zeros(len(edges) - 1, dtype=np.int64)
        counts[k] = x.size
        return counts, edges
    a, b = lo / s, hi / s
    e = np.linspace(a, b, bins + 1)  # np.histogram's edges for range=(a, b)
    with np.errstate(**QUIET):  # x / s may overflow to inf for robust ranges: clipped to b
        counts = _uniform_counts(x, s, a, b, e, work or _BinWork(x.size))
    edges = e * s
    edges[0], edges[-1] = lo, hi
    return counts.astype(np.int64), edges
