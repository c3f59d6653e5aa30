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

The trace is duck-typed: anything with the lists ``z, a, dz, da, dW, db`` works. NaN / inf
counts and where they start are :class:`explorer.engine.network.Trace`'s own
(:meth:`~explorer.engine.network.Trace.nonfinite_counts`,
:meth:`~explorer.engine.network.Trace.first_nonfinite`); a trace without those methods is
read through a :class:`~explorer.engine.network.Trace` holding its lists.

:func:`signals_tables` gives every table of the Signals view at once, computing what they
share (per-layer moments, NaN / inf counts) once. The reductions avoid temporaries the size
of a layer where NumPy's own would make them (histograms bin in fixed blocks, like
``np.histogram``; the standard deviation reuses one work array): the app serves arrays of
128 kB and up from fresh pages, so each such temporary costs page faults. Every number is
bit for bit what the plain NumPy calls (``np.histogram``, ``np.mean``, ``np.std``) give. The
reductions themselves are in :mod:`explorer.analysis.numerics`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from explorer.analysis.frames import _frame
from explorer.analysis.numerics import CONSTANT_BINS as CONSTANT_BINS
from explorer.analysis.numerics import (
    ROBUST_PERCENTILES,
    _bin,
    _BinWork,
    _finite_values,
    _moments,
    _value_range,
)
from explorer.engine.checks import QUIET
from explorer.engine.network import Trace

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

#: Quantities of :func:`std_profile`, in display order.
QUANTITIES = ("activation std", "gradient norm")

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


def _n_layers(trace) -> int:
    return len(trace.z)


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


def _as_trace(trace):
    """``trace`` itself when it has :class:`Trace`'s methods, else a :class:`Trace` holding its
    lists (a duck-typed trace), so :meth:`Trace.nonfinite_counts` and
    :meth:`Trace.first_nonfinite` serve both."""
    if hasattr(trace, "nonfinite_counts") and hasattr(trace, "first_nonfinite"):
        return trace
    return Trace(
        loss=getattr(trace, "loss", float("nan")),
        **{name: getattr(trace, name, None) for name in ("z", "a", "dz", "da", "dW", "db")},
    )


class _Memo:
    """One trace's per-array reductions, computed once and shared by the functions below.

    :func:`signals_tables` builds the summary, the profile and the overflow report from one
    memo, so the moments of ``a`` and ``dz`` (summary and profile) and the NaN / inf counts
    (summary and overflow report) are computed once, and the moments use one work array.
    """

    def __init__(self, trace):
        self.trace = _as_trace(trace)
        self._counts = None
        self._moments: dict[tuple[str, int], tuple[float, float, float]] = {}
        self._buf = None

    def counts(self) -> np.ndarray:
        if self._counts is None:
            self._counts = np.asarray(self.trace.nonfinite_counts(), dtype=np.int64)
        return self._counts

    def first_nonfinite(self) -> tuple[str, int] | None:
        if not self.counts().any():  # all finite: nothing to locate
            return None
        return self.trace.first_nonfinite()

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
        which gets :data:`CONSTANT_BINS` (from :mod:`explorer.analysis.numerics`) bins with
        the value in the middle one so it shows as one visible bar. A layer with no finite
        value has no rows.

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
    counts = memo.counts()
    first = memo.first_nonfinite()
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
