"""Property tests: any configuration the app allows computes cleanly.

Hypothesis draws configurations within the bounds of :mod:`explorer.services.signals` (every
activation, every initializer with its parameters anywhere in their ``Param`` range, 1–6 hidden
layers of 1–64 units, batches up to 64, both dtypes, the three Signals data sets, any seed, any bin
count and display switch) and runs each through :func:`explorer.services.signals.compute_signals`
and :meth:`explorer.engine.network.Network.trace`. Every run must

- raise nothing and warn nothing (RuntimeWarnings are errors in this suite, and here too);
- be finite, or say where it is not (``overflow`` / ``first_nonfinite`` and the NaN/inf
  counts agree with the arrays);
- give histograms whose fractions sum to 1 per layer and whose counts, with the NaN, inf and
  left-out zeros, add up to the layer's size.

``derandomize=True`` makes the draws the same on every run, so CI is reproducible; the
widths stay small so the 1000 configurations take about a minute (most of it is building the
pandas frames of the stats layer, ~60 ms a configuration).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import DTYPES
from explorer.engine.initializers import INITIALIZERS
from explorer.engine.network import Network
from explorer.services.signals import (
    BINS,
    DATA_CHOICES,
    InitSpec,
    SignalsConfig,
    compute_signals,
    signals_batch,
)

N_EXAMPLES = 1000
SETTINGS = settings(
    max_examples=N_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _param_values(p) -> st.SearchStrategy[float]:
    """A parameter's bounds and default, log-uniform values between them, and any float."""
    lo, hi = math.log10(p.minimum), math.log10(p.maximum)
    return st.one_of(
        st.sampled_from((p.minimum, p.default, p.maximum)),
        st.floats(lo, hi).map(lambda e: min(max(10.0**e, p.minimum), p.maximum)),
        st.floats(p.minimum, p.maximum),
    )


@st.composite
def init_specs(draw) -> InitSpec:
    name = draw(st.sampled_from(sorted(INITIALIZERS)))
    params = {p.name: draw(_param_values(p)) for p in INITIALIZERS[name].params}
    return InitSpec.make(name, params)


@st.composite
def signals_configs(draw) -> SignalsConfig:
    return SignalsConfig(
        data=draw(st.sampled_from(DATA_CHOICES)),
        hidden=tuple(draw(st.lists(st.integers(1, 64), min_size=1, max_size=6))),
        activation=draw(st.sampled_from(sorted(ACTIVATIONS))),
        init=draw(init_specs()),
        seed=draw(st.one_of(st.sampled_from((0, 2**32 - 1)), st.integers(0, 2**32 - 1))),
        batch=draw(st.integers(1, 64)),
        input_dim=draw(st.integers(1, 64)),
        dtype=draw(st.sampled_from(DTYPES)),
        bins=draw(st.integers(*BINS)),
        shared_range=draw(st.booleans()),
        drop_zeros=draw(st.booleans()),
    )


def _check_histograms(hist: pd.DataFrame, arrays: list, drop_zeros: bool) -> None:
    """Per hidden layer: fractions sum to 1; counts + NaN + inf (+ zeros left out) = size."""
    assert np.isfinite(hist[["lo", "hi", "frac"]].to_numpy()).all()
    assert (hist["hi"] >= hist["lo"]).all()
    assert (hist["count"] >= 0).all()
    by_layer = dict(tuple(hist.groupby("layer")))
    for i, arr in enumerate(arrays[:-1]):  # the softmax output layer is not drawn
        size = arr.size
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        n_zero = int((arr == 0).sum()) if drop_zeros else 0
        rows = by_layer.get(i + 1)
        if size - n_nan - n_inf - n_zero == 0:
            assert rows is None, f"layer {i + 1} has no finite values to bin"
            continue
        assert rows is not None, f"layer {i + 1} is missing from the histograms"
        assert math.isclose(rows["frac"].sum(), 1.0, rel_tol=1e-9), rows["frac"].sum()
        first = rows.iloc[0]
        assert (int(first["n_nan"]), int(first["n_inf"])) == (n_nan, n_inf)
        assert int(rows["count"].sum()) + n_nan + n_inf + n_zero == size


@SETTINGS
@given(cfg=signals_configs())
def test_every_allowed_config_computes_cleanly(cfg: SignalsConfig):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        res = compute_signals(cfg)
        # the same network, traced directly, for the checks against the raw arrays
        X, y, n_classes = signals_batch(cfg)
        sizes = cfg.sizes(X.shape[1], n_classes)
        net = Network.create(
            sizes, cfg.activation, cfg.init.name, cfg.seed, cfg.init.kwargs, cfg.dtype
        )
        tr = net.trace(X, y)

    assert res.sizes == sizes
    n_layers = len(sizes) - 1
    summary = res.summary
    assert len(summary) == n_layers
    assert summary["units"].tolist() == list(sizes[1:])

    # finite, or clearly flagged
    nonfinite = int(summary["n_nan"].sum() + summary["n_inf"].sum())
    first = tr.first_nonfinite()
    if res.overflow is None:
        assert first is None and nonfinite == 0
        for arrays in (tr.z, tr.a, tr.dz, tr.dW):
            assert all(np.isfinite(a).all() for a in arrays)
        stats_cols = ["act_mean", "act_std", "z_std", "grad_norm", "grad_rms", "dW_norm"]
        assert np.isfinite(summary[stats_cols].to_numpy()).all(), summary[stats_cols]
        assert math.isfinite(res.loss) and res.loss >= 0.0
        probs = tr.a[-1]
        np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-4)
    else:
        o = res.overflow
        assert o["phase"] in ("forward", "backward") and 1 <= o["layer"] <= n_layers
        assert (o["phase"], o["layer"] - 1) == first
        assert o["n_nan"] + o["n_inf"] == nonfinite > 0

    # histograms: every layer with finite values sums to 1; counts add up
    _check_histograms(res.hist_a, tr.a, cfg.drop_zeros)
    _check_histograms(res.hist_g, tr.dz, cfg.drop_zeros)
    for df in (res.hist_a, res.hist_g):
        assert df.groupby("layer").size().le(max(cfg.bins, 5)).all()

    # the profile's plottable values are positive and finite (they go on a log scale)
    prof = res.profile
    plotted = prof.loc[prof["plottable"], "value"].to_numpy()
    assert np.isfinite(plotted).all() and (plotted > 0).all()


@st.composite
def networks(draw):
    d = draw(st.integers(1, 64))
    hidden = draw(st.lists(st.integers(1, 64), min_size=1, max_size=6))
    k = draw(st.integers(1, 12))
    spec = draw(init_specs())
    net = Network.create(
        (d, *hidden, k),
        draw(st.sampled_from(sorted(ACTIVATIONS))),
        spec.name,
        draw(st.integers(0, 2**32 - 1)),
        spec.kwargs,
        draw(st.sampled_from(DTYPES)),
    )
    n = draw(st.integers(1, 64))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    scale = draw(st.sampled_from((0.0, 1.0, 1e3)))
    X = (scale * rng.standard_normal((n, d))).astype(net.dtype)
    y = rng.integers(0, k, size=n)
    return net, X, y


@settings(SETTINGS, max_examples=300)
@given(case=networks())
def test_trace_shapes_and_nonfinite_flags(case):
    net, X, y = case
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        tr = net.trace(X, y)
        first = tr.first_nonfinite()
        counts = tr.nonfinite_counts()
    n = X.shape[0]
    for i, W in enumerate(net.weights):
        units = W.shape[1]
        for arr in (tr.z[i], tr.a[i], tr.dz[i], tr.da[i]):
            assert arr.shape == (n, units)
        assert tr.dW[i].shape == W.shape and tr.db[i].shape == net.biases[i].shape
        assert tr.dW[i].dtype == net.dtype
    assert counts.shape == (len(net.weights), 2, 2) and (counts >= 0).all()
    if first is None:
        assert counts.sum() == 0
        assert math.isfinite(tr.loss)
        for arrays in (tr.z, tr.a, tr.dz, tr.dW):
            assert all(np.isfinite(a).all() for a in arrays)
    else:
        phase, layer = first
        assert phase in ("forward", "backward") and 0 <= layer < len(net.weights)
        assert counts.sum() > 0
