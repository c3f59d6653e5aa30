"""Per-layer histograms and summaries of a :class:`~explorer.engine.network.Trace` as tidy
DataFrames.

This is the layer between the engine (NumPy arrays) and the charts (Altair): every function
takes a trace, reduces its per-layer arrays to a small :class:`pandas.DataFrame` (about
``bins x layers`` rows for a histogram, one row per layer for a summary) and never hands a raw
array on. Layers are numbered from 1 in every frame (``layer = i + 1`` for ``trace.z[i]``), as
the app shows them.

Exploding networks are part of what the app shows, so every function is safe for values up
to the largest float, ``inf`` and ``nan``, and never emits a ``RuntimeWarning``:

- histograms bin the finite values only and report how many were NaN / ±inf
  (``n_nan``, ``n_inf``), so a layer of 1e300 and inf still gets a histogram;
- ranges, means, standard deviations and norms are computed on values divided by the
  largest magnitude first, so ``hi - lo`` or a sum of squares never overflows; a result that
  is itself too large for a float is ``inf``, and arrays holding NaN / inf give ``nan`` /
  ``inf`` results, silently.

The trace is duck-typed: anything with the lists ``z, a, dz, da, dW, db`` works;
``nonfinite_counts()`` and ``first_nonfinite()`` are used when present (as on
:class:`explorer.engine.network.Trace`) and computed the same way otherwise.

:func:`signals_tables` gives every table of the Signals view at once, computing what they
share (per-layer moments, NaN / inf counts) once. The reductions avoid temporaries the size
of a layer where NumPy's own would make them (histograms bin in fixed blocks, like
``np.histogram``; the standard deviation reuses one work array): the app serves arrays of
128 kB and up from fresh pages, so each such temporary costs page faults. Every number is
bit for bit what the plain NumPy calls (``np.histogram``, ``np.mean``, ``np.std``) give.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from explorer.engine.checks import QUIET

__all__ = [
    "HIST_ARRAYS",
    "HIST_COLUMNS",
    "PROFILE_COLUMNS",
    "QUANTITIES",
    "ROBUST_PERCENTILES",
    "SUMMARY_COLUMNS",
    "concat_runs",
    "layer_histograms",
    "layer_summary",
    "overflow_report",
    "signals_tables",
    "std_profile",
]

#: Arrays :func:`layer_histograms` can bin (attribute names of the trace).
HIST_ARRAYS = ("a", "z", "dz", "da", "dW")

#: Percentiles bounding the range of ``layer_histograms(..., robust=True)``.
ROBUST_PERCENTILES = (0.1, 99.9)

#: Quantities of :func:`std_profile`, in display order.
QUANTITIES = ("activation std", "gradient norm")

#: Number of bins a layer of all-equal values gets (its value sits in the middle one).
CONSTANT_BINS = 5
# Relative width (to max(|v|, 1)) of each bin around a constant value.
_CONSTANT_BIN_WIDTH = 0.02
# A layer whose (max - min) / max|x| is below this is treated as constant.
_CONSTANT_TOL = 1e-12

_HIST_DTYPES = {
    "layer": "int64",
    "lo": "float64",
    "hi": "float64",
    "count": "int64",
    "frac": "float64",
    "array": "str",
    "n_nan": "int64",
    "n_inf": "int64",
    "n_zero": "int64",
}
HIST_COLUMNS = tuple(_HIST_DTYPES)

_SUMMARY_DTYPES = {
    "layer": "int64",
    "kind": "str",
    "units": "int64",
    "act_mean": "float64",
    "act_std": "float64",
    "z_std": "float64",
    "saturated_frac": "float64",
    "dead_frac": "float64",
    "grad_norm": "float64",
    "grad_rms": "float64",
    "dW_norm": "float64",
    "grad_zero_frac": "float64",
    "n_nan": "int64",
    "n_inf": "int64",
}
SUMMARY_COLUMNS = tuple(_SUMMARY_DTYPES)

_PROFILE_DTYPES = {
    "layer": "int64",
    "quantity": "str",
    "source": "str",
    "value": "float64",
    "run": "str",
    "plottable": "bool",
}
PROFILE_COLUMNS = tuple(_PROFILE_DTYPES)

_FMAX = float(np.finfo(np.float64).max)


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


def _n_layers(trace) -> int:
    return len(trace.z)


# ---------------------------------------------------------------------------------------------
# numerics: scale by the largest magnitude first
# ---------------------------------------------------------------------------------------------

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


def _layer_indices(trace, array: str, layers: Iterable[int] | None) -> list[int]:
    """0-based indices of the layers to bin: hidden layers, or all for ``dW``."""
    L = _n_layers(trace)
    available = list(range(L)) if array == "dW" else list(range(L - 1))
    if layers is None:
        return available
    chosen = []
    for k in layers:
        if int(k) - 1 not in available:
            raise ValueError(
                f"layers must be among {[i + 1 for i in available]} for array {array!r}, got {k!r}"
            )
        chosen.append(int(k) - 1)
    return sorted(set(chosen))


class _Memo:
    """One trace's per-array reductions, computed once and shared by the functions below.

    :func:`signals_tables` builds the summary, the profile and the overflow report from one
    memo, so the moments of ``a`` and ``dz`` (summary and profile) and the NaN / inf counts
    (summary and overflow report) are computed once, and the moments use one work array.
    """

    def __init__(self, trace):
        self.trace = trace
        self._counts = None
        self._moments: dict[tuple[str, int], tuple[float, float, float]] = {}
        self._buf = None

    def counts(self) -> np.ndarray:
        if self._counts is None:
            self._counts = _nonfinite_counts(self.trace)
        return self._counts

    def moments(self, name: str, i: int) -> tuple[float, float, float]:
        key = (name, i)
        if key not in self._moments:
            x = getattr(self.trace, name)[i]
            n = np.size(x)
            if self._buf is None or self._buf.size < n:
                self._buf = np.empty(n)
            self._moments[key] = _moments(x, self._buf)
        return self._moments[key]


# ---------------------------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------------------------


def layer_histograms(
    trace,
    array: str = "a",
    bins: int = 40,
    shared_range: bool = False,
    layers: Iterable[int] | None = None,
    robust: bool = False,
    drop_zeros: bool = False,
) -> pd.DataFrame:
    """Pre-binned histograms of one array, one per layer, as a tidy frame.

    Parameters
    ----------
    trace : Trace
        From :meth:`explorer.engine.network.Network.trace`.
    array : {"a", "z", "dz", "da", "dW"}
        Which array to bin. For ``a, z, dz, da`` the hidden layers ``i < L - 1`` are used (the
        softmax output layer is left out); for ``dW`` every layer, the output layer included.
    bins : int
        Number of equal-width bins per layer.
    shared_range : bool
        ``False``: each layer is binned over its own finite ``min .. max``, so its shape is
        visible however small or large its values are. ``True``: one range over all chosen
        layers, so shrinking or growing spread shows as narrowing or widening bars.
    layers : iterable of int or None
        1-based layer numbers to include; ``None`` for all (see ``array``).
    robust : bool
        Bin over the 0.1 -- 99.9 percentiles (:data:`ROBUST_PERCENTILES`) instead of
        ``min .. max``, so a few outliers do not squeeze the rest into one bar. Values outside
        are counted in the first or last bin, so counts still add up to the finite count.
    drop_zeros : bool
        Leave exact zeros out of the bins (and of ``frac``'s denominator) and count them in
        ``n_zero``. A ReLU layer is about half exact zeros; without them the shape of the
        active half is visible.

    Returns
    -------
    DataFrame
        Columns ``layer`` (int, 1-based), ``lo``, ``hi`` (bin edges), ``count`` (int),
        ``frac`` (``count`` over the layer's finite count), ``array``, and the layer's
        ``n_nan``, ``n_inf`` (NaN / ±inf values left out of the bins) and ``n_zero`` (exact
        zeros left out, when ``drop_zeros``), repeated on each of its rows. ``bins`` rows
        per layer, except a layer whose finite values are all equal (e.g. zero-initialized),
        which gets :data:`CONSTANT_BINS` bins with the value in the middle
        one so it shows as one visible bar. A layer with no finite value has no rows.

    Raises
    ------
    ValueError
        For an unknown ``array``, ``bins < 1`` or a layer number out of range.
    """
    if array not in HIST_ARRAYS:
        raise ValueError(f"array must be one of {list(HIST_ARRAYS)}, got {array!r}")
    bins = int(bins)
    if bins < 1:
        raise ValueError(f"bins must be a positive integer, got {bins!r}")
    idx = _layer_indices(trace, array, layers)
    arrays = getattr(trace, array)
    values = [_finite_values(arrays[i]) for i in idx]
    n_zeros = [0] * len(values)
    if drop_zeros:
        n_zeros = [int(x.size - np.count_nonzero(x)) for x, _, _ in values]
        values = [(x[x != 0], n_nan, n_inf) for x, n_nan, n_inf in values]

    shared = None
    if shared_range:
        nonempty = [v for v, _, _ in values if v.size]
        if nonempty:
            if robust:
                shared = _value_range(np.concatenate(nonempty), True)
            else:
                shared = (
                    min(float(v.min()) for v in nonempty),
                    max(float(v.max()) for v in nonempty),
                )

    work = _BinWork(max((x.size for x, _, _ in values), default=1))
    layer, counts, lo_edges, hi_edges, frac, n_nans, n_infs, zeros = ([] for _ in range(8))
    for i, (x, n_nan, n_inf), n_zero in zip(idx, values, n_zeros):
        if x.size == 0:
            continue
        lo, hi = shared if shared is not None else _value_range(x, robust)
        c, edges = _bin(x, lo, hi, bins, work)
        nb = len(c)
        layer.append(np.full(nb, i + 1, dtype=np.int64))
        counts.append(c)
        lo_edges.append(edges[:-1])
        hi_edges.append(edges[1:])
        frac.append(c / x.size)
        n_nans.append(np.full(nb, n_nan, dtype=np.int64))
        n_infs.append(np.full(nb, n_inf, dtype=np.int64))
        zeros.append(np.full(nb, n_zero, dtype=np.int64))

    def cat(parts: list, dtype) -> np.ndarray:
        return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)

    n_rows = sum(len(c) for c in counts)
    return _frame(
        {
            "layer": cat(layer, np.int64),
            "lo": cat(lo_edges, np.float64),
            "hi": cat(hi_edges, np.float64),
            "count": cat(counts, np.int64),
            "frac": cat(frac, np.float64),
            "array": np.full(n_rows, array, dtype=object),
            "n_nan": cat(n_nans, np.int64),
            "n_inf": cat(n_infs, np.int64),
            "n_zero": cat(zeros, np.int64),
        },
        _HIST_DTYPES,
    )


def _nonfinite_counts(trace) -> np.ndarray:
    """``trace.nonfinite_counts()``, or the same ``(L, 2, 2)`` counts computed here."""
    if hasattr(trace, "nonfinite_counts"):
        return np.asarray(trace.nonfinite_counts(), dtype=np.int64)
    L = _n_layers(trace)
    out = np.zeros((L, 2, 2), dtype=np.int64)
    for i in range(L):
        for j, arrs in enumerate(((trace.z[i], trace.a[i]), (trace.dz[i], trace.dW[i]))):
            for arr in arrs:
                out[i, j, 0] += np.count_nonzero(np.isnan(arr))
                out[i, j, 1] += np.count_nonzero(np.isinf(arr))
    return out


def _first_nonfinite(trace, counts: np.ndarray) -> tuple[str, int] | None:
    if not counts.any():  # all finite: nothing to locate
        return None
    if hasattr(trace, "first_nonfinite"):
        return trace.first_nonfinite()
    per = counts.sum(axis=2)
    fwd = np.flatnonzero(per[:, 0])
    if fwd.size:
        return "forward", int(fwd[0])
    bwd = np.flatnonzero(per[:, 1])
    if bwd.size:
        return "backward", int(bwd[-1])
    return None


def layer_summary(trace, activation) -> pd.DataFrame:
    """One row of health statistics per layer, the output layer included.

    Parameters
    ----------
    trace : Trace
    activation : str
        The hidden layers' activation key (or an object with a ``name``); decides which of
        ``saturated_frac`` and ``dead_frac`` apply.

    Returns
    -------
    DataFrame
        One row per layer, columns:

        - ``layer`` (1-based), ``kind`` (``"hidden"`` / ``"output"``), ``units``;
        - ``act_mean``, ``act_std`` of ``a[i]``, ``z_std`` of ``z[i]`` (over batch and units);
        - ``saturated_frac``: fraction of entries of ``a[i]`` in the flat tails, ``a < 0.01``
          or ``a > 0.99`` for sigmoid, ``|a| > 0.99`` for tanh; NaN for other activations and
          for the output layer;
        - ``dead_frac``: relu only, the fraction of units that are zero for every input of the
          batch; NaN otherwise and for the output layer;
        - ``grad_norm`` (Frobenius norm of ``dz[i]``), ``grad_rms`` (``grad_norm`` over
          ``sqrt(dz[i].size)``), ``dW_norm``, ``grad_zero_frac`` (fraction of entries of
          ``dz[i]`` that are exactly zero);
        - ``n_nan``, ``n_inf`` over ``z, a, dz, dW`` of the layer.

        Statistics of arrays holding NaN are NaN; norms of arrays holding ±inf are ``inf``.
    """
    return _layer_summary(_Memo(trace), activation)


def _layer_summary(memo: _Memo, activation) -> pd.DataFrame:
    trace = memo.trace
    act = str(getattr(activation, "name", activation))
    L = _n_layers(trace)
    counts = memo.counts()
    cols: dict[str, list] = {c: [] for c in SUMMARY_COLUMNS}
    with np.errstate(**QUIET):
        for i in range(L):
            z, a, dz = trace.z[i], trace.a[i], trace.dz[i]
            hidden = i < L - 1
            act_mean, act_std, _ = memo.moments("a", i)
            _, z_std, _ = memo.moments("z", i)
            _, _, g_norm = memo.moments("dz", i)
            _, _, w_norm = memo.moments("dW", i)
            size = np.size(dz)
            sat = dead = float("nan")
            if hidden and act == "sigmoid":
                sat = float(np.mean((a < 0.01) | (a > 0.99)))
            elif hidden and act == "tanh":
                sat = float(np.mean(np.abs(a) > 0.99))
            if hidden and act == "relu" and np.size(a):
                # units that are zero for every input (NaN counts as not zero, as in a == 0)
                alive = np.any(a, axis=0)
                dead = float((np.size(alive) - np.count_nonzero(alive)) / np.size(alive))
            cols["layer"].append(i + 1)
            cols["kind"].append("hidden" if hidden else "output")
            cols["units"].append(int(np.shape(z)[1]) if np.ndim(z) == 2 else int(np.size(z)))
            cols["act_mean"].append(act_mean)
            cols["act_std"].append(act_std)
            cols["z_std"].append(z_std)
            cols["saturated_frac"].append(sat)
            cols["dead_frac"].append(dead)
            cols["grad_norm"].append(g_norm)
            cols["grad_rms"].append(g_norm / np.sqrt(size) if size else float("nan"))
            cols["dW_norm"].append(w_norm)
            # the mean of dz == 0, counted without a boolean array the size of dz
            zero = float((size - np.count_nonzero(dz)) / size) if size else float("nan")
            cols["grad_zero_frac"].append(zero)
            cols["n_nan"].append(int(counts[i, :, 0].sum()))
            cols["n_inf"].append(int(counts[i, :, 1].sum()))
    return _frame(cols, _SUMMARY_DTYPES)


def std_profile(trace, prediction=None, label: str | None = None) -> pd.DataFrame:
    """Activation std and gradient norm per layer, measured and predicted, in long form.

    Parameters
    ----------
    trace : Trace
    prediction : object or None
        Duck-typed theory prediction (from :mod:`explorer.engine.theory`) with ``a_var``, shape
        ``(L - 1,)``, the predicted ``Var[a]`` of each hidden layer, and ``dz_sq``, shape
        ``(L,)``, the predicted per-element ``E[dz^2]`` of each layer. ``None`` for measured
        rows only.
    label : str or None
        Put in the ``run`` column (e.g. the initializer's name) for compare views.

    Returns
    -------
    DataFrame
        Columns ``layer`` (1-based), ``quantity`` (``"activation std"`` for hidden layers,
        ``"gradient norm"`` = ``||dz[i]||`` for every layer), ``source`` (``"measured"`` /
        ``"theory"``; theory gradient norm is ``sqrt(batch * units * dz_sq)``), ``value``,
        ``run``, and ``plottable`` (``value`` finite and > 0, i.e. drawable on a log scale).
        Zero and non-finite values are kept so the UI can say where they occur.

    Raises
    ------
    ValueError
        If the prediction's arrays do not match the number of layers.
    """
    return _std_profile(_Memo(trace), prediction, label)


def _std_profile(memo: _Memo, prediction, label) -> pd.DataFrame:
    trace = memo.trace
    run = "" if label is None else str(label)
    L = _n_layers(trace)
    layer = list(range(1, L)) + list(range(1, L + 1))
    quantity = [QUANTITIES[0]] * (L - 1) + [QUANTITIES[1]] * L
    value = [memo.moments("a", i)[1] for i in range(L - 1)]
    value += [memo.moments("dz", i)[2] for i in range(L)]
    source = ["measured"] * (2 * L - 1)

    if prediction is not None:
        a_var = np.asarray(prediction.a_var, dtype=np.float64).ravel()
        dz_sq = np.asarray(prediction.dz_sq, dtype=np.float64).ravel()
        if a_var.size != L - 1 or dz_sq.size != L:
            raise ValueError(
                f"prediction must have a_var of length {L - 1} and dz_sq of length {L}, "
                f"got {a_var.size} and {dz_sq.size}"
            )
        with np.errstate(**QUIET):
            a_std = np.sqrt(a_var)  # negative variance -> nan -> not plottable
            value += [float(a_std[i]) for i in range(L - 1)]
            for i in range(L):
                n = np.size(trace.dz[i])  # batch * units
                value.append(float(float(np.sqrt(dz_sq[i])) * np.sqrt(n)))
        layer += layer
        quantity += quantity
        source += ["theory"] * (2 * L - 1)

    v = np.asarray(value, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        plottable = np.isfinite(v) & (v > 0)
    return _frame(
        {
            "layer": layer,
            "quantity": quantity,
            "source": source,
            "value": v,
            "run": [run] * len(layer),
            "plottable": plottable,
        },
        _PROFILE_DTYPES,
    )


def overflow_report(trace) -> dict | None:
    """Where a trace stopped being finite, for the message "overflowed at layer k".

    Parameters
    ----------
    trace : Trace

    Returns
    -------
    dict or None
        ``None`` when every ``z, a, dz, dW`` is finite; otherwise ``{"phase": "forward" |
        "backward", "layer": k, "n_nan": ..., "n_inf": ...}`` with ``k`` the 1-based first
        layer whose forward values are not finite (or, if the forward pass is finite, the
        highest layer whose gradients are not: the backward pass runs from the top), and the
        total NaN / ±inf counts over the whole trace.
    """
    return _overflow_report(_Memo(trace))


def _overflow_report(memo: _Memo) -> dict | None:
    trace, counts = memo.trace, memo.counts()
    first = _first_nonfinite(trace, counts)
    if first is None:
        return None
    phase, i = first
    return {
        "phase": str(phase),
        "layer": int(i) + 1,
        "n_nan": int(counts[..., 0].sum()),
        "n_inf": int(counts[..., 1].sum()),
    }


def signals_tables(
    trace,
    activation,
    prediction=None,
    label: str | None = None,
    bins: int = 40,
    shared_range: bool = False,
    robust: bool = False,
    drop_zeros: bool = False,
) -> dict:
    """Every table the Signals view shows, from one trace, with the shared work done once.

    The same frames as calling :func:`layer_histograms` (for ``a`` and ``dz``),
    :func:`layer_summary`, :func:`std_profile` and :func:`overflow_report` one by one, but
    the per-layer moments of ``a`` and ``dz`` (in the summary and the profile) and the NaN /
    inf counts (in the summary and the overflow report) are computed once.

    Parameters
    ----------
    trace : Trace
    activation : str
        As in :func:`layer_summary`.
    prediction : object or None
        As in :func:`std_profile`.
    label : str or None
        As in :func:`std_profile`.
    bins, shared_range, robust, drop_zeros
        As in :func:`layer_histograms`.

    Returns
    -------
    dict
        ``"hist_a"``, ``"hist_g"`` (histograms of ``a`` and ``dz``), ``"summary"``,
        ``"profile"`` (DataFrames) and ``"overflow"`` (dict or None).
    """
    memo = _Memo(trace)
    hist = dict(bins=bins, shared_range=shared_range, robust=robust, drop_zeros=drop_zeros)
    return {
        "hist_a": layer_histograms(trace, "a", **hist),
        "hist_g": layer_histograms(trace, "dz", **hist),
        "summary": _layer_summary(memo, activation),
        "profile": _std_profile(memo, prediction, label),
        "overflow": _overflow_report(memo),
    }


def concat_runs(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Stack per-run frames, with the run name in a ``run`` column, for compare views.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Run name (e.g. initializer label) to one of the frames above; order is kept.

    Returns
    -------
    DataFrame
        The rows of every frame in order, ``run`` set to its key (an existing ``run`` column
        is overwritten).
    """
    if not frames:
        return pd.DataFrame({"run": pd.Series([], dtype="str")})
    dfs = list(frames.values())
    columns = list(dfs[0].columns)
    if any(list(df.columns) != columns for df in dfs):  # columns differ: align as concat does
        parts = [df.assign(run=str(name)) for name, df in frames.items()]
        out = pd.concat(parts, ignore_index=True)
        out["run"] = out["run"].astype("str")
        return out
    # one concat, then one string column (a string column per frame costs more than the rows)
    out = pd.concat(dfs, ignore_index=True)
    names = np.array([str(name) for name in frames], dtype=object)
    out["run"] = pd.array(np.repeat(names, [len(df) for df in dfs]), dtype="str")
    return out


# ---------------------------------------------------------------------------------------------
# --- training histories (explorer/experiments.py -> explorer/ui/training.py) ---
# Tidy frames from training runs: a run is anything with ``history`` (an
# explorer.engine.train.History), ``sizes``, ``activation``, ``epochs_run``, ``stopped``,
# ``diverged``, ``diverged_epoch``, ``W1_*`` and ``input_index``
# (explorer.services.training.TrainRun). Runs are passed as a mapping ``label -> run``; the
# label becomes the ``run`` column, and the mapping's order is kept (the charts' colour order).
# ---------------------------------------------------------------------------------------------

#: Columns of :func:`training_curves`.
CURVE_COLUMNS = ("run", "epoch", "metric", "split", "value", "finite")
#: Columns of :func:`layer_epoch_grid`.
GRID_COLUMNS = ("run", "epoch", "layer", "value", "kind")
#: Columns of :func:`distinct_units_frame`.
DISTINCT_COLUMNS = ("run", "epoch", "layer", "n_distinct", "units")
#: Columns of :func:`weights_frame`.
WEIGHTS_COLUMNS = ("unit", "input", "value")
#: Columns of :func:`runs_summary`.
RUNS_SUMMARY_COLUMNS = (
    "run",
    "activation",
    "epochs_run",
    "train_accuracy",
    "val_accuracy",
    "best_val_accuracy",
    "train_loss",
    "val_loss",
    "distinct_units_1",
    "stopped",
    "diverged",
    "diverged_epoch",
    "seconds",
)
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
    dtypes = {
        "run": "str",
        "epoch": "int64",
        "metric": "str",
        "split": "str",
        "value": "float64",
        "finite": "bool",
    }
    if not parts:
        return _frame({c: [] for c in dtypes}, dtypes)
    return pd.concat(parts, ignore_index=True).astype(dtypes)


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
                    "epoch": np.repeat(np.arange(E1, dtype=np.int64), L),
                    "layer": np.tile(np.arange(1, L + 1, dtype=np.int64), E1),
                    "value": v,
                    "kind": kind,
                }
            )
        )
    dtypes = {"run": "str", "epoch": "int64", "layer": "int64", "value": "float64", "kind": "str"}
    if not parts:
        return _frame({c: [] for c in dtypes}, dtypes)
    return pd.concat(parts, ignore_index=True).astype(dtypes)


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
                    "epoch": np.repeat(np.arange(E1, dtype=np.int64), L),
                    "layer": np.tile(np.arange(1, L + 1, dtype=np.int64), E1),
                    "n_distinct": a.ravel(),
                    "units": np.tile(widths, E1),
                }
            )
        )
    dtypes = {"run": "str", "epoch": "int64", "layer": "int64", "n_distinct": "int64"}
    dtypes["units"] = "int64"
    if not parts:
        return _frame({c: [] for c in dtypes}, dtypes)
    return pd.concat(parts, ignore_index=True).astype(dtypes)


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
    dtypes = {
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
    return _frame(rows, dtypes)


# --- end training histories ---
