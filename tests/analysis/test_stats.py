"""Tests of explorer.analysis.stats on hand-made traces and on real traces of
explorer.engine.network.

Run with ``-W error::RuntimeWarning`` (also set in pyproject.toml): exploding values must never
warn.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from explorer.analysis import stats
from explorer.engine.network import Network, Trace

# ----------------------------------------------------------------------------------------------
# fixtures
# ----------------------------------------------------------------------------------------------


@dataclass
class FakeTrace:
    """A trace made by hand: lists of arrays per layer, with Trace's two methods."""

    z: list
    a: list
    dz: list
    da: list
    dW: list
    db: list
    loss: float = 0.0

    nonfinite_counts = Trace.nonfinite_counts
    first_nonfinite = Trace.first_nonfinite


def fake_trace(a: list, z=None, dz=None, dW=None) -> FakeTrace:
    """A trace whose layer i has activations a[i]; the others default to copies / ones."""
    a = [np.asarray(x, dtype=np.float64) for x in a]
    z = [np.asarray(x, dtype=np.float64) for x in z] if z is not None else [x.copy() for x in a]
    dz = (
        [np.asarray(x, dtype=np.float64) for x in dz]
        if dz is not None
        else [np.ones_like(x) for x in a]
    )
    if dW is None:
        dW = [np.ones((3, x.shape[1])) for x in a]
    da = [x.copy() for x in dz]
    with np.errstate(over="ignore", invalid="ignore"):
        db = [x.sum(axis=0) for x in dz]
    return FakeTrace(z, a, dz, da, dW, db)


@dataclass
class FakePrediction:
    a_var: np.ndarray
    dz_sq: np.ndarray
    method: str = field(default="fake")


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.random((64, 20))
    y = rng.integers(0, 5, 64)
    return X, y


def real_trace(
    data, act="relu", init="he_normal", params=None, hidden=(32, 32, 32), dtype="float64"
):
    X, y = data
    net = Network.create((20, *hidden, 5), act, init, seed=1, init_params=params, dtype=dtype)
    return net.trace(X, y)


REAL_CONFIGS = [
    ("relu", "he_normal", None),
    ("tanh", "xavier_normal", None),
    ("sigmoid", "normal", {"std": 1.0}),
    ("tanh", "normal", {"std": 0.01}),
    ("relu", "zeros", None),
]


# ----------------------------------------------------------------------------------------------
# layer_histograms
# ----------------------------------------------------------------------------------------------


def check_histograms(h: pd.DataFrame, trace, array: str, covers: bool = True):
    assert list(h.columns) == list(stats.HIST_COLUMNS)
    for layer, g in h.groupby("layer"):
        x = np.asarray(getattr(trace, array)[layer - 1])
        n_fin = int(np.isfinite(x).sum())
        assert g["count"].sum() == n_fin
        assert g["frac"].sum() == pytest.approx(1.0)
        lo, hi = g["lo"].to_numpy(), g["hi"].to_numpy()
        assert np.all(np.isfinite(lo)) and np.all(np.isfinite(hi))
        assert np.all(hi > lo)
        np.testing.assert_array_equal(lo[1:], hi[:-1])  # contiguous, increasing
        assert (g["n_nan"] == int(np.isnan(x).sum())).all()
        assert (g["n_inf"] == int(np.isinf(x).sum())).all()
        fin = x[np.isfinite(x)]
        if covers:  # the robust range leaves outliers outside (counted in the end bins)
            assert lo[0] <= fin.min() and hi[-1] >= fin.max()


@pytest.mark.parametrize(("act", "init", "params"), REAL_CONFIGS)
@pytest.mark.parametrize("array", stats.HIST_ARRAYS)
def test_histograms_of_real_traces_add_up(data, act, init, params, array):
    tr = real_trace(data, act, init, params)
    h = stats.layer_histograms(tr, array, bins=25)
    L = len(tr.z)
    expected_layers = list(range(1, L + 1)) if array == "dW" else list(range(1, L))
    assert sorted(h["layer"].unique()) == expected_layers
    assert (h["array"] == array).all()
    check_histograms(h, tr, array)
    # small: at most bins rows per layer
    assert len(h) <= 25 * len(expected_layers)


def test_histogram_is_bins_times_layers(data):
    tr = real_trace(data, hidden=(16,) * 6)
    h = stats.layer_histograms(tr, "a", bins=30)
    assert len(h) == 30 * 6
    assert h.dtypes["layer"] == np.int64 and h.dtypes["count"] == np.int64


def test_shared_range_uses_one_range(data):
    tr = real_trace(data, "tanh", "normal", {"std": 0.1}, hidden=(32,) * 5)
    h = stats.layer_histograms(tr, "a", bins=20, shared_range=True)
    check_histograms(h, tr, "a")
    edges = h.groupby("layer")[["lo", "hi"]].agg({"lo": "min", "hi": "max"})
    assert edges["lo"].nunique() == 1 and edges["hi"].nunique() == 1
    # per-layer ranges differ (activations shrink with depth)
    own = stats.layer_histograms(tr, "a", bins=20).groupby("layer")["hi"].max()
    assert own.iloc[-1] < own.iloc[0] / 2


def test_layers_selection(data):
    tr = real_trace(data, hidden=(16,) * 4)
    h = stats.layer_histograms(tr, "a", layers=[3, 1])
    assert sorted(h["layer"].unique()) == [1, 3]
    with pytest.raises(ValueError, match="layers must be among"):
        stats.layer_histograms(tr, "a", layers=[5])  # the output layer is not hidden
    assert 5 in stats.layer_histograms(tr, "dW", layers=[5])["layer"].to_numpy()


def test_bad_arguments(data):
    tr = real_trace(data)
    with pytest.raises(ValueError, match=r"array must be one of \['a', 'z'"):
        stats.layer_histograms(tr, "W")
    with pytest.raises(ValueError, match="bins"):
        stats.layer_histograms(tr, "a", bins=0)


def test_zero_layer_gets_one_visible_bar(data):
    tr = real_trace(data, "relu", "zeros")  # every hidden a is exactly 0
    h = stats.layer_histograms(tr, "a", bins=40)
    check_histograms(h, tr, "a")
    for _, g in h.groupby("layer"):
        assert len(g) == stats.CONSTANT_BINS
        full = g[g["count"] > 0]
        assert len(full) == 1 and full["frac"].iloc[0] == 1.0
        lo, hi = full["lo"].iloc[0], full["hi"].iloc[0]
        assert lo < 0 < hi
        # the bar is a fifth of the panel's range, not a sliver
        assert (hi - lo) / (g["hi"].max() - g["lo"].min()) == pytest.approx(1 / stats.CONSTANT_BINS)


@pytest.mark.parametrize("v", [0.5, -3.0, 1e300, -1e300, 1.7e308, -1.79e308, 5e-324])
def test_constant_values_anywhere(v):
    tr = fake_trace([np.full((4, 3), v), np.zeros((4, 2))])
    h = stats.layer_histograms(tr, "a")
    check_histograms(h, tr, "a")
    full = h[h["count"] > 0]
    assert len(full) == 1 and full["lo"].iloc[0] <= v <= full["hi"].iloc[0]


EXTREME = np.array(
    [[1e300, -1e300, np.inf, -np.inf], [np.nan, 1.0, 0.0, -2.5], [1.79e308, -1.79e308, 3.0, 1e-300]]
)


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("robust", [False, True])
def test_extreme_values_are_binned_and_counted_without_warning(shared, robust):
    tr = fake_trace([EXTREME, np.linspace(-1, 1, 12).reshape(3, 4), np.zeros((3, 4))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = stats.layer_histograms(tr, "a", bins=10, shared_range=shared, robust=robust)
    check_histograms(h, tr, "a", covers=not robust)
    first = h[h["layer"] == 1]
    assert first["n_nan"].iloc[0] == 1 and first["n_inf"].iloc[0] == 2
    assert first["count"].sum() == 9


def test_all_nonfinite_layer_has_no_rows():
    tr = fake_trace([np.full((2, 2), np.nan), np.ones((2, 2)), np.ones((2, 2))])
    h = stats.layer_histograms(tr, "a")
    assert sorted(h["layer"].unique()) == [2]


def test_robust_range_clips_outliers_into_end_bins():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((100, 100))
    x[0, 0] = 1e6
    tr = fake_trace([x, np.zeros((100, 2))])
    full = stats.layer_histograms(tr, "a", bins=20)
    robust = stats.layer_histograms(tr, "a", bins=20, robust=True)
    assert full["hi"].max() == 1e6
    assert robust["hi"].max() < 10
    assert robust["count"].sum() == x.size
    # without the outlier squeezing them, most bins hold values
    assert (robust["count"] > 0).sum() > 10 > (full["count"] > 0).sum()


def test_empty_trace_gives_typed_empty_frame():
    tr = fake_trace([np.zeros((2, 3))])  # a single (output) layer: no hidden layers
    h = stats.layer_histograms(tr, "a")
    assert h.empty and list(h.columns) == list(stats.HIST_COLUMNS)
    assert h.dtypes["count"] == np.int64 and h.dtypes["lo"] == np.float64


# ----------------------------------------------------------------------------------------------
# layer_summary
# ----------------------------------------------------------------------------------------------


def test_summary_matches_numpy_on_normal_data(data):
    tr = real_trace(data, "relu", "he_normal")
    s = stats.layer_summary(tr, "relu")
    L = len(tr.z)
    assert list(s.columns) == list(stats.SUMMARY_COLUMNS)
    assert s["layer"].tolist() == list(range(1, L + 1))
    assert s["kind"].tolist() == ["hidden"] * (L - 1) + ["output"]
    assert s["units"].tolist() == [32, 32, 32, 5]
    for i in range(L):
        r = s.iloc[i]
        assert r["grad_norm"] == pytest.approx(np.linalg.norm(tr.dz[i]), rel=1e-12)
        assert r["dW_norm"] == pytest.approx(np.linalg.norm(tr.dW[i]), rel=1e-12)
        assert r["grad_rms"] == pytest.approx(np.sqrt(np.mean(tr.dz[i] ** 2)), rel=1e-12)
        assert r["act_mean"] == pytest.approx(tr.a[i].mean(), rel=1e-12)
        assert r["act_std"] == pytest.approx(tr.a[i].std(), rel=1e-12)
        assert r["z_std"] == pytest.approx(tr.z[i].std(), rel=1e-12)
        assert r["grad_zero_frac"] == pytest.approx(np.mean(tr.dz[i] == 0))
        assert r["n_nan"] == 0 and r["n_inf"] == 0
    assert s["saturated_frac"].isna().all()
    assert s["dead_frac"].iloc[:-1].notna().all() and np.isnan(s["dead_frac"].iloc[-1])


def test_saturation_sigmoid_and_tanh_by_hand():
    a = np.array([[0.005, 0.5, 0.995, 0.99], [0.01, 0.2, 0.999, 0.0]])  # 4 of 8 saturated
    tr = fake_trace([a, np.full((2, 2), 0.5)])
    s = stats.layer_summary(tr, "sigmoid")
    assert s["saturated_frac"].iloc[0] == pytest.approx(4 / 8)
    assert np.isnan(s["saturated_frac"].iloc[1])  # output layer
    assert s["dead_frac"].isna().all()

    t = np.array([[-0.995, 0.0, 0.999, 0.99], [1.0, -1.0, 0.5, -0.2]])  # 4 of 8 with |a| > 0.99
    s = stats.layer_summary(fake_trace([t, np.full((2, 2), 0.5)]), "tanh")
    assert s["saturated_frac"].iloc[0] == pytest.approx(4 / 8)

    s = stats.layer_summary(fake_trace([t, np.full((2, 2), 0.5)]), "leaky_relu")
    assert s["saturated_frac"].isna().all() and s["dead_frac"].isna().all()


def test_dead_units_relu_by_hand():
    a = np.array([[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    dz = np.array([[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    tr = fake_trace([a, np.full((3, 2), 0.5)], dz=[dz, np.ones((3, 2))])
    s = stats.layer_summary(tr, "relu")
    assert s["dead_frac"].iloc[0] == pytest.approx(2 / 4)  # units 0 and 3
    assert s["grad_zero_frac"].iloc[0] == pytest.approx(10 / 12)
    assert s["grad_norm"].iloc[0] == pytest.approx(np.sqrt(5))
    # an Activation-like object with a name works too
    s2 = stats.layer_summary(tr, SimpleNamespace(name="relu"))
    assert s2["dead_frac"].iloc[0] == pytest.approx(0.5)


def test_summary_of_zero_init_shows_no_gradient(data):
    tr = real_trace(data, "sigmoid", "zeros")
    s = stats.layer_summary(tr, "sigmoid")
    hidden = s[s["kind"] == "hidden"]
    assert (hidden["act_std"] == 0).all() and (hidden["act_mean"] == 0.5).all()
    assert (hidden["grad_norm"] == 0).all() and (hidden["grad_zero_frac"] == 1).all()
    assert s["grad_norm"].iloc[-1] > 0


def test_summary_huge_values_without_overflow():
    big = np.array([[1e300, -1e300], [1e300, -1e300]])
    tr = fake_trace([big, np.ones((2, 2))], dz=[big, np.ones((2, 2))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = stats.layer_summary(tr, "relu")
    assert s["act_std"].iloc[0] == pytest.approx(1e300)
    assert s["act_mean"].iloc[0] == 0.0
    assert s["grad_norm"].iloc[0] == pytest.approx(2e300)
    assert s["grad_rms"].iloc[0] == pytest.approx(1e300)

    huge = np.full((100, 100), 1e307)  # norm 1e309 does not fit a float
    tr = fake_trace([huge, np.ones((100, 2))], dz=[huge, np.ones((100, 2))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = stats.layer_summary(tr, "relu")
    assert s["grad_norm"].iloc[0] == np.inf
    assert s["act_std"].iloc[0] == 0.0 and s["act_mean"].iloc[0] == pytest.approx(1e307)


def test_summary_nonfinite_values_counted_without_warning():
    a = np.array([[np.inf, 1.0], [2.0, 3.0]])
    dz = np.array([[np.nan, 1.0], [np.inf, -np.inf]])
    tr = fake_trace([a, np.ones((2, 2))], dz=[dz, np.ones((2, 2))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = stats.layer_summary(tr, "tanh")
    r = s.iloc[0]
    assert np.isnan(r["act_std"]) and r["act_mean"] == np.inf
    assert np.isnan(r["grad_norm"])  # NaN propagates
    assert r["n_nan"] == 1 and r["n_inf"] == 2 + 2  # z and a both hold the inf, plus dz's two
    assert s.iloc[1]["n_nan"] == 0

    tr = fake_trace([a, np.ones((2, 2))], dz=[np.array([[np.inf, 1.0]]), np.ones((2, 2))])
    assert stats.layer_summary(tr, "relu")["grad_norm"].iloc[0] == np.inf


def test_summary_accepts_duck_typed_trace_without_methods():
    a = np.array([[0.0, 1.0], [0.0, 2.0]])
    tr = SimpleNamespace(
        z=[a, a[:, :1]],
        a=[a, a[:, :1]],
        dz=[np.full((2, 2), np.nan), np.ones((2, 1))],
        da=[a, a],
        dW=[np.ones((2, 2)), np.ones((2, 1))],
        db=[np.ones(2), np.ones(1)],
    )
    s = stats.layer_summary(tr, "relu")
    assert s["n_nan"].tolist() == [4, 0]
    assert stats.overflow_report(tr) == {"phase": "backward", "layer": 1, "n_nan": 4, "n_inf": 0}


# ----------------------------------------------------------------------------------------------
# std_profile
# ----------------------------------------------------------------------------------------------


def test_profile_measured_only(data):
    tr = real_trace(data)
    p = stats.std_profile(tr)
    L = len(tr.z)
    assert list(p.columns) == list(stats.PROFILE_COLUMNS)
    assert (p["source"] == "measured").all()
    act = p[p["quantity"] == "activation std"]
    grad = p[p["quantity"] == "gradient norm"]
    assert act["layer"].tolist() == list(range(1, L))
    assert grad["layer"].tolist() == list(range(1, L + 1))
    np.testing.assert_allclose(act["value"], [tr.a[i].std() for i in range(L - 1)], rtol=1e-12)
    np.testing.assert_allclose(grad["value"], [np.linalg.norm(d) for d in tr.dz], rtol=1e-12)
    assert p["plottable"].all()
    assert (p["run"] == "").all()


def test_profile_with_fake_prediction(data):
    tr = real_trace(data, hidden=(32, 32, 32))
    L = len(tr.z)
    pred = FakePrediction(a_var=np.array([0.25, 0.0, -1.0]), dz_sq=np.array([1e-6, 4e-6, 0, 1e-4]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = stats.std_profile(tr, pred, label="He normal")
    assert (p["run"] == "He normal").all()
    th = p[p["source"] == "theory"]
    assert len(th) == (L - 1) + L
    act = th[th["quantity"] == "activation std"]
    assert act["value"].iloc[0] == pytest.approx(0.5)
    assert act["plottable"].tolist() == [True, False, False]  # zero, then negative -> nan
    grad = th[th["quantity"] == "gradient norm"]
    n = 64  # batch
    expected = [np.sqrt(n * 32 * 1e-6), np.sqrt(n * 32 * 4e-6), 0.0, np.sqrt(n * 5 * 1e-4)]
    np.testing.assert_allclose(grad["value"], expected, rtol=1e-12)
    assert grad["plottable"].tolist() == [True, True, False, True]


def test_profile_rejects_prediction_of_wrong_length(data):
    tr = real_trace(data)
    with pytest.raises(ValueError, match="a_var of length 3"):
        stats.std_profile(tr, FakePrediction(np.ones(2), np.ones(4)))


def test_profile_zero_init_marks_zeros_unplottable(data):
    tr = real_trace(data, "relu", "zeros")
    p = stats.std_profile(tr, label="zeros")
    hidden = p[p["layer"] < len(tr.z)]
    assert (hidden["value"] == 0).all() and not hidden["plottable"].any()
    last = p[(p["layer"] == len(tr.z)) & (p["quantity"] == "gradient norm")]
    assert last["plottable"].all()


def test_profile_huge_theory_no_warning():
    tr = fake_trace([np.ones((2, 2)), np.ones((2, 2))])
    pred = FakePrediction(a_var=np.array([1e308]), dz_sq=np.array([np.inf, 1e308]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = stats.std_profile(tr, pred)
    th = p[p["source"] == "theory"]
    assert th["plottable"].tolist() == [True, False, True]


# ----------------------------------------------------------------------------------------------
# overflow_report, concat_runs
# ----------------------------------------------------------------------------------------------


def test_overflow_report_none_when_finite(data):
    assert stats.overflow_report(real_trace(data)) is None


def test_overflow_report_exploding_relu():
    rng = np.random.default_rng(0)
    X = rng.random((32, 64))
    y = rng.integers(0, 10, 32)
    net = Network.create(
        (64, *(256,) * 30, 10), "relu", "normal", init_params={"std": 10.0}, dtype="float32"
    )
    tr = net.trace(X, y)
    rep = stats.overflow_report(tr)
    assert rep["phase"] == "forward"
    assert 2 <= rep["layer"] <= 30
    assert rep["n_nan"] + rep["n_inf"] > 0
    counts = tr.nonfinite_counts()
    assert rep["n_nan"] == counts[..., 0].sum() and rep["n_inf"] == counts[..., 1].sum()
    assert counts[rep["layer"] - 1, 0].sum() > 0 and counts[: rep["layer"] - 1, 0].sum() == 0
    # everything downstream still reduces without warnings
    h = stats.layer_histograms(tr, "a")
    assert h["layer"].max() >= rep["layer"] - 1
    s = stats.layer_summary(tr, "relu")
    assert s["n_nan"].sum() + s["n_inf"].sum() == rep["n_nan"] + rep["n_inf"]
    p = stats.std_profile(tr)
    assert not p["plottable"].all()


def test_overflow_report_backward():
    ok = np.ones((2, 2))
    tr = fake_trace([ok, ok, ok], dz=[np.full((2, 2), np.nan), np.array([[np.inf, 1.0]] * 2), ok])
    assert stats.overflow_report(tr) == {"phase": "backward", "layer": 2, "n_nan": 4, "n_inf": 2}


def test_concat_runs(data):
    a = stats.std_profile(real_trace(data), label="x")
    b = stats.std_profile(real_trace(data, "tanh", "xavier_normal"))
    c = stats.concat_runs({"He": a, "Xavier": b})
    assert len(c) == len(a) + len(b)
    assert c["run"].tolist() == ["He"] * len(a) + ["Xavier"] * len(b)
    h = stats.concat_runs({"r1": stats.layer_histograms(real_trace(data), "a")})
    assert "run" in h.columns and (h["run"] == "r1").all()
    empty = stats.concat_runs({})
    assert empty.empty and "run" in empty.columns


def test_drop_zeros_leaves_exact_zeros_out_and_counts_them():
    rng = np.random.default_rng(3)
    z = rng.standard_normal((200, 50))
    a = np.maximum(z, 0.0)
    n_zero = int(np.count_nonzero(a == 0))
    tr = SimpleNamespace(
        z=[z, z[:, :10]],
        a=[a, a[:, :10]],
        dz=[z, z[:, :10]],
        da=[z, z[:, :10]],
        dW=[z[:50], z[:10, :10]],
        db=[z[0], z[0, :10]],
    )
    h = stats.layer_histograms(tr, "a", bins=20, drop_zeros=True)
    assert h["count"].sum() == a.size - n_zero
    assert (h["n_zero"] == n_zero).all()
    assert h["frac"].sum() == pytest.approx(1.0)
    assert h["lo"].min() > 0  # the range starts at the smallest positive value
    kept = stats.layer_histograms(tr, "a", bins=20)
    assert kept["count"].sum() == a.size and (kept["n_zero"] == 0).all()


@pytest.mark.parametrize(("act", "init", "params"), REAL_CONFIGS)
def test_signals_tables_are_the_single_functions(data, act, init, params):
    tr = real_trace(data, act, init, params)
    pred = FakePrediction(a_var=np.full(3, 0.5), dz_sq=np.geomspace(1e-6, 1e-3, 4))
    for kw in (dict(), dict(bins=7, shared_range=True, drop_zeros=True), dict(robust=True)):
        t = stats.signals_tables(tr, act, pred, label="x", **kw)
        pd.testing.assert_frame_equal(t["hist_a"], stats.layer_histograms(tr, "a", **kw))
        pd.testing.assert_frame_equal(t["hist_g"], stats.layer_histograms(tr, "dz", **kw))
        pd.testing.assert_frame_equal(t["summary"], stats.layer_summary(tr, act))
        pd.testing.assert_frame_equal(t["profile"], stats.std_profile(tr, pred, label="x"))
        assert t["overflow"] == stats.overflow_report(tr)


def test_signals_tables_of_a_nonfinite_trace():
    ok = np.ones((2, 2))
    tr = fake_trace(
        [ok, np.array([[np.inf, 1.0], [2.0, 3.0]]), ok],
        dz=[np.full((2, 2), np.nan), np.array([[np.inf, 1.0]] * 2), ok],
    )
    t = stats.signals_tables(tr, "tanh")
    pd.testing.assert_frame_equal(t["summary"], stats.layer_summary(tr, "tanh"))
    pd.testing.assert_frame_equal(t["profile"], stats.std_profile(tr))
    assert (
        t["overflow"]
        == stats.overflow_report(tr)
        == {
            "phase": "forward",
            "layer": 2,
            "n_nan": 4,
            "n_inf": 4,
        }
    )


def test_frames_have_exactly_the_declared_dtypes(data):
    tr = real_trace(data)
    t = stats.signals_tables(tr, "relu", label="He")
    for name, dtypes in (
        ("hist_a", stats._HIST_DTYPES),
        ("summary", stats._SUMMARY_DTYPES),
        ("profile", stats._PROFILE_DTYPES),
    ):
        df = t[name]
        assert list(df.columns) == list(dtypes)
        assert df.dtypes.to_dict() == df.astype(dtypes).dtypes.to_dict(), name
        assert df["layer"].dtype == np.int64
    assert t["profile"]["run"].dtype == pd.Series(["x"], dtype="str").dtype
    assert isinstance(t["hist_a"].index, pd.RangeIndex)
    c = stats.concat_runs({"a": t["hist_a"], "b": t["hist_g"]})
    assert c["run"].dtype == pd.Series(["x"], dtype="str").dtype
    assert c["run"].tolist() == ["a"] * len(t["hist_a"]) + ["b"] * len(t["hist_g"])
