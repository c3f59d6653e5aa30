"""Correctness of explorer.engine.theory: the mean-field recursion against measured traces, He's and
Glorot's published products, quadrature against closed forms and a dense grid, every
activation key, overflow to inf without warnings, and validation.

The measured comparisons average over several independently drawn networks (the theory
predicts the average over the weights' draw): a single ReLU net of width 256 and depth 10
scatters by ±30-40 % around it, because ReLU outputs share a common mean direction. Each
ensemble test also checks that its own standard error is small enough (<= 6 %) for a 15 %
tolerance to mean something.
"""

from __future__ import annotations

import contextlib
import math
import warnings

import numpy as np
import pytest

from explorer.engine.activations import ACTIVATIONS, LEAKY_SLOPE
from explorer.engine.network import Network
from explorer.engine.theory import (
    EXACT,
    LINEAR_APPROXIMATION,
    METHODS,
    QUADRATURE,
    Prediction,
    predict,
    predict_for_trace,
    weight_variances,
)

ACT_KEYS = sorted(ACTIVATIONS)
TOL = 0.15  # relative tolerance of theory vs measurement
MAX_SE = TOL / 2.5  # an ensemble must resolve a 15 % error at 2.5 standard errors


@pytest.fixture(scope="module", autouse=True)
def _one_blas_thread():
    """Many small matmuls run faster (and far steadier on a busy machine) on one thread."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl ships with scikit-learn
        ctx = contextlib.nullcontext()
    else:
        ctx = threadpool_limits(limits=1, user_api="blas")
    with ctx:
        yield


@contextlib.contextmanager
def strict():
    """Turn every warning into an error inside the block, whatever pytest's settings."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def moments(activation: str, z_var: float, method: str = "auto") -> tuple:
    """``(E f, E f², Var f, E f'²)`` for ``z ~ N(0, z_var)``, read off :func:`predict` for a
    one-unit net: ``Var[W] = 1`` makes ``Var[z_0] = input_sq = z_var``, and a unit anchor
    with ``Var[W_1] = 1`` makes ``E[dz_0^2] = E[f'(z_0)^2]``, all exactly."""
    p = predict((1, 1, 1), activation, "normal", {"std": 1.0}, input_sq=z_var, method=method)
    return float(p.a_mean[0]), float(p.a_sq[0]), float(p.a_var[0]), float(p.dz_sq[0])


def relu_ratio(sizes, init, params=None, input_sq=1.0) -> np.ndarray:
    """``E[a_l^2] / E[a_0^2]`` of the hidden layers of a ReLU net, as :func:`predict` gives."""
    p = predict(sizes, "relu", init, params, input_sq=input_sq)
    return p.a_sq / p.a_sq[0]


def alternating(first: int, width: int, depth: int, n_out: int = 10) -> tuple[int, ...]:
    """``(first, w, 1.5w, w, 1.5w, ..., n_out)`` with ``depth`` weight layers: fan-in and
    fan-out differ, so an init that confused them would be caught."""
    hidden = tuple(width if i % 2 == 0 else width * 3 // 2 for i in range(depth - 1))
    return (first, *hidden, n_out)


def measure(sizes, activation, init, params, n, seeds):
    """Per draw: measured / predicted for E[a^2], Var[a] (hidden) and E[dz^2] (all layers)."""
    ratios = {"a_sq": [], "a_var": [], "dz_sq": []}
    for seed in seeds:
        rng = np.random.default_rng([2010, 2015, seed])
        X = rng.standard_normal((n, sizes[0]))
        y = rng.integers(0, sizes[-1], n)
        net = Network.create(sizes, activation, init, seed=seed, init_params=params)
        tr = net.trace(X, y)
        p = predict_for_trace(sizes, activation, init, X, tr, init_params=params)
        ratios["a_sq"].append([np.mean(a**2) for a in tr.a[:-1]] / p.a_sq)
        ratios["a_var"].append([np.var(a) for a in tr.a[:-1]] / p.a_var)
        ratios["dz_sq"].append([np.mean(g**2) for g in tr.dz] / p.dz_sq)
    return {k: np.array(v) for k, v in ratios.items()}


def assert_ensemble_close(ratios: dict, label: str) -> None:
    for key, r in ratios.items():
        mean = r.mean(axis=0)
        se = r.std(axis=0, ddof=1) / np.sqrt(len(r)) if len(r) > 1 else np.zeros_like(mean)
        assert np.all(se <= MAX_SE), f"{label} {key}: too noisy to test, se {se.round(3)}"
        err = np.abs(mean - 1.0)
        assert np.all(err <= TOL), f"{label} {key}: measured/predicted - 1 = {(mean - 1).round(3)}"


# --------------------------------------------------------------------------- measurement

R2 = math.sqrt(2.0)


@pytest.mark.parametrize(
    ("activation", "init", "params", "sizes", "n", "draws"),
    [
        # Linear nets: inputs stay decorrelated, a single draw is already close.
        ("linear", "lecun_normal", None, alternating(256, 256, 10), 64, 8),
        ("linear", "xavier_normal", None, alternating(256, 256, 10), 64, 8),
        ("linear", "orthogonal", {"gain": 1.0}, (256,) * 10 + (10,), 128, 2),
        # ReLU nets: the forward moments are unbiased at any width; the backward pass has a
        # finite-width bias of about 1 % per layer at width 256 when the outputs are O(1)
        # (he_normal), so that case runs at width 512.
        ("relu", "he_normal", None, (512,) * 10 + (10,), 32, 24),
        ("relu", "lecun_normal", None, alternating(256, 256, 10), 32, 32),
        ("relu", "xavier_normal", None, alternating(256, 256, 10), 32, 32),
        ("relu", "orthogonal", {"gain": R2}, (256,) * 10 + (10,), 32, 32),
    ],
)
def test_theory_matches_measured_trace(activation, init, params, sizes, n, draws):
    ratios = measure(sizes, activation, init, params, n, range(draws))
    assert_ensemble_close(ratios, f"{activation}/{init}")


def test_saturated_tanh_matches_quadrature_not_linear_approximation():
    # CS231n's demo: tanh with N(0, 1) weights saturates; quadrature follows it, Glorot's
    # linear regime predicts E[a^2] growing by 256x per layer.
    sizes = (256,) * 10 + (10,)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((128, 256))
    tr = Network.create(sizes, "tanh", "normal", seed=3, init_params={"std": 1.0}).trace(
        X, rng.integers(0, 10, 128)
    )
    measured = np.array([np.mean(a**2) for a in tr.a[:-1]])
    quad = predict_for_trace(sizes, "tanh", "normal", X, tr, {"std": 1.0}, method="quadrature")
    lin = predict_for_trace(sizes, "tanh", "normal", X, tr, {"std": 1.0})
    assert lin.method == LINEAR_APPROXIMATION and quad.method == QUADRATURE
    np.testing.assert_allclose(measured, quad.a_sq, rtol=TOL)
    assert np.all(lin.a_sq[1:] > 100 * measured[1:])


def test_thirty_layers_he_keeps_the_signal_lecun_halves_it_every_layer():
    # He et al. 2015, section 2.3: with 1/n_l variance a ReLU net's signal shrinks by 1/2 per
    # layer, 2**-30 over 30 layers; with 2/n_l it is kept. Measured over 8 draws; one draw's
    # log2 scatters by about 1 at this depth, so a factor 2**1.5 separates signal from noise.
    sizes = (256,) * 31 + (10,)
    for init, expected in (("he_normal", 0.0), ("lecun_normal", -29.0)):
        pred = predict(sizes, "relu", init)
        assert math.log2(pred.a_sq[-1] / pred.a_sq[0]) == pytest.approx(expected, abs=1e-9)
        r = measure(sizes, "relu", init, None, 32, range(8))["a_sq"]
        measured_last_over_first = np.mean(r[:, -1]) / np.mean(r[:, 0])
        assert abs(math.log2(measured_last_over_first)) <= 1.5, init


# --------------------------------------------------------------------------- He's recursion


@pytest.mark.parametrize("depth", [3, 10, 30])
def test_he_ratio_is_one_for_he_normal_and_halves_for_lecun(depth):
    # He et al. (2015), eq. 10: (1/2) n_l Var[w_l] = 1 keeps every layer's E[a^2]; LeCun's
    # 1/n_l halves it at every rectified layer: 2**-(l) for hidden layer l (0-based).
    sizes = (784,) + (512,) * depth + (10,)
    np.testing.assert_allclose(relu_ratio(sizes, "he_normal"), np.ones(depth), rtol=1e-12)
    np.testing.assert_allclose(relu_ratio(sizes, "he_uniform"), np.ones(depth), rtol=1e-12)
    halves = 2.0 ** -np.arange(depth)
    np.testing.assert_allclose(relu_ratio(sizes, "lecun_normal"), halves, rtol=1e-12)


def test_he_paper_thirty_layers_xavier_shrinks_by_two_to_the_minus_L():
    # 30 rectified layers: the output layer's pre-activation variance is 2**-30 of the first
    # layer's with LeCun's 1/n (the lecture's "Xavier"), and unchanged with He's 2/n.
    sizes = (224,) + (256,) * 30 + (1000,)
    lecun = predict(sizes, "relu", "lecun_normal")
    he = predict(sizes, "relu", "he_normal")
    assert lecun.z_var[-1] / lecun.z_var[0] == pytest.approx(2.0**-30, rel=1e-12)
    assert he.z_var[-1] / he.z_var[0] == pytest.approx(1.0, rel=1e-12)
    assert relu_ratio(sizes, "lecun_normal")[-1] == pytest.approx(2.0**-29, rel=1e-12)
    # The backward pass of He's eq. 13-14 behaves the same way (fan-out = fan-in here).
    assert lecun.dz_sq[0] / lecun.dz_sq[-2] == pytest.approx(2.0**-29, rel=1e-12)


@pytest.mark.parametrize(
    ("init", "params"),
    [("xavier_normal", None), ("uniform", {"limit": 0.1}), ("orthogonal", {"gain": 1.3})],
)
def test_relu_prediction_is_he_forward_product(init, params):
    # He et al. (2015), eq. 9: Var[y_L] = Var[y_1] prod_{l=2..L} (1/2) n_l Var[w_l], with
    # n_l the fan-in of layer l; here ratio[l] = prod_{k=1..l} (1/2) sizes[k] Var[W_k].
    sizes = (100, 300, 200, 500, 50, 400, 10)
    v = weight_variances(sizes, init, params)
    he = np.cumprod([1.0] + [0.5 * sizes[k] * v[k] for k in range(1, len(sizes) - 2)])
    p = predict(sizes, "relu", init, params, input_sq=2.5)
    assert p.a_sq.shape == (len(sizes) - 2,)
    np.testing.assert_allclose(p.a_sq / p.a_sq[0], he, rtol=1e-12)
    np.testing.assert_allclose(p.z_var[:-1] / p.z_var[0], he, rtol=1e-12)
    assert predict((5, 3), "relu", init, params).a_sq.shape == (0,)


# --------------------------------------------------------------------------- Glorot eq. 5/6


@pytest.mark.parametrize("init", ["xavier_normal", "xavier_uniform", "lecun_normal"])
def test_glorot_products_equal_one_for_equal_widths(init):
    # In the linear regime Var[z] and E[dz^2] stay constant when n Var[W] = 1 (eq. 10-11)
    p = predict((300,) * 12, "linear", init)
    np.testing.assert_allclose(p.z_var, np.ones(11), rtol=1e-12)
    np.testing.assert_allclose(p.dz_sq, np.ones(11), rtol=1e-12)


def test_linear_prediction_is_glorot_products_and_the_compromise():
    # Glorot & Bengio (2010), eq. 5: Var[z^i] = Var[x] prod_{i'<i} n_i' Var[W^i'], and eq. 6
    # for the gradients, with the product over the layers above (fan-outs) only.
    sizes = (100, 300, 200, 500, 50, 400, 10)
    params = {"std": 0.07}
    v = weight_variances(sizes, "normal", params)
    forward = np.cumprod(np.array(sizes[:-1], dtype=float) * v)
    backward = np.cumprod(np.concatenate([[1.0], (np.array(sizes[2:], float) * v[1:])[::-1]]))
    p = predict(sizes, "linear", "normal", params, input_sq=3.0, top_grad_sq=0.5)
    np.testing.assert_allclose(p.z_var / 3.0, forward, rtol=1e-12)
    np.testing.assert_allclose(p.dz_sq / 0.5, backward[::-1], rtol=1e-12)
    # Xavier's 2/(n_in + n_out): n_in Var = 2 n_in/(n_in+n_out), n_out Var = 2 n_out/(...).
    fwd = predict((100, 300), "linear", "xavier_normal").z_var
    bwd = predict((100, 300, 700), "linear", "xavier_normal").dz_sq
    assert fwd.tolist() == pytest.approx([200 / 400])
    assert bwd.tolist() == pytest.approx([2 * 700 / 1000, 1.0])
    lecun_bwd = predict((100, 300, 700), "linear", "lecun_normal").dz_sq
    assert lecun_bwd.tolist() == pytest.approx([700 / 300, 1.0])


# --------------------------------------------------------------------------- quadrature

VARIANCES = [0.0, 1e-300, 1e-8, 0.3, 1.0, 7.5, 1e4, 1e150, 1e300, math.inf]


@pytest.mark.parametrize("activation", ["linear", "relu", "leaky_relu"])
def test_quadrature_matches_closed_forms(activation):
    with strict():
        for v in VARIANCES[1:]:
            exact = moments(activation, v, "exact")
            quad = moments(activation, v, "quadrature")
            scale = math.sqrt(v)
            assert quad[0] == pytest.approx(exact[0], rel=1e-8, abs=1e-8 * scale), v
            for e, q in zip(exact[1:], quad[1:]):
                assert q == pytest.approx(e, rel=1e-8), v
        sizes = (256,) + (256,) * 50 + (10,)
        for init, params in (("he_normal", None), ("normal", {"std": 100.0}), ("zeros", None)):
            a = predict(sizes, activation, init, params, method="exact")
            b = predict(sizes, activation, init, params, method="quadrature")
            for name in ("z_var", "a_sq", "a_var", "dz_sq", "da_sq"):
                np.testing.assert_allclose(getattr(b, name), getattr(a, name), rtol=1e-8)


def test_closed_forms_are_the_textbook_values():
    v = 2.7
    assert moments("relu", v) == pytest.approx(
        (math.sqrt(v / (2 * math.pi)), v / 2, v / 2 - v / (2 * math.pi), 0.5)
    )
    k = (1 + LEAKY_SLOPE**2) / 2
    mean = (1 - LEAKY_SLOPE) * math.sqrt(v / (2 * math.pi))
    assert moments("leaky_relu", v) == pytest.approx((mean, k * v, k * v - mean**2, k))
    assert moments("linear", v) == (0.0, v, v, 1.0)
    assert moments("sigmoid", v) == (0.5, 0.25 + v / 16, v / 16, 1 / 16)
    assert moments("tanh", v) == (0.0, v, v, 1.0)


@pytest.mark.parametrize("v", [1e-2, 1e-4, 1e-6])
def test_quadrature_approaches_the_linear_approximation_at_small_variance(v):
    # tanh(z)^2 = z^2 - 2z^4/3 + ...: E = v - 2v^2; tanh'(z)^2 = 1 - 2z^2 + ...: E = 1 - 2v.
    _, sq, var, dsq = moments("tanh", v, "quadrature")
    assert abs(sq / v - 1) <= 2.5 * v and abs(var / v - 1) <= 2.5 * v
    assert abs(dsq - 1) <= 2.5 * v
    # sigmoid(z) = 1/2 + z/4 - z^3/48 + ...: Var = v/16 (1 - v/2 + ...), E f'^2 = 1/16 + O(v).
    mean, sq, var, dsq = moments("sigmoid", v, "quadrature")
    assert mean == pytest.approx(0.5, abs=1e-15)
    assert abs(var / (v / 16) - 1) <= v
    assert abs(dsq * 16 - 1) <= 2 * v
    lin = predict((50, 50, 50, 10), "tanh", "normal", {"std": math.sqrt(v) / math.sqrt(50)})
    quad = predict(
        (50, 50, 50, 10),
        "tanh",
        "normal",
        {"std": math.sqrt(v) / math.sqrt(50)},
        method="quadrature",
    )
    np.testing.assert_allclose(quad.a_sq, lin.a_sq, rtol=3 * v)
    np.testing.assert_allclose(quad.dz_sq, lin.dz_sq, rtol=6 * v)


def dense_grid_moments(activation: str, v: float, n: int = 200_001):
    """E f, E f^2, Var f, E f'^2 by the trapezoid rule on a fine grid over +-12 sd."""
    act = ACTIVATIONS[activation]
    sd = math.sqrt(v)
    z = np.linspace(-12 * sd, 12 * sd, n)  # odd n: z = 0 (a kink) is a grid point
    w = np.exp(-0.5 * (z / sd) ** 2)
    w[[0, -1]] *= 0.5
    w /= w.sum()
    f = act.f(z)
    d = act.df(z, f)
    mean = float(np.sum(w * f))
    return (
        mean,
        float(np.sum(w * f * f)),
        float(np.sum(w * (f - mean) ** 2)),
        float(np.sum(w * d * d)),
    )


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "elu", "selu", "gelu", "softplus"])
def test_quadrature_matches_a_dense_grid(activation):
    # At Var[z] = 1e4 a saturated tanh has E[f'^2] ~ 1/sd: the bump near 0 must be resolved.
    for v in (0.3, 30.0, 1e4):
        grid = dense_grid_moments(activation, v)
        quad = moments(activation, v, "quadrature")
        np.testing.assert_allclose(quad, grid, rtol=1e-4, atol=1e-12, err_msg=f"{v}")


def test_quadrature_limits_at_infinite_variance():
    assert moments("tanh", math.inf, "quadrature")[:3] == pytest.approx((0, 1, 1))
    assert moments("sigmoid", math.inf, "quadrature")[:3] == pytest.approx((0.5, 0.5, 0.25))
    assert moments("sigmoid", math.inf, "quadrature")[3] < 1e-100
    for key in ("relu", "elu", "selu", "gelu", "softplus"):
        mean, sq, var, dsq = moments(key, math.inf, "quadrature")
        assert mean == math.inf and sq == math.inf and var == math.inf and 0 < dsq < 2
    assert moments("linear", math.inf, "quadrature")[:3] == (0.0, math.inf, math.inf)


# --------------------------------------------------------------------------- every key, overflow


def test_every_activation_has_a_method():
    assert set(METHODS) == set(ACTIVATIONS)
    assert {METHODS[k] for k in ("linear", "relu", "leaky_relu")} == {EXACT}
    assert {METHODS[k] for k in ("tanh", "sigmoid")} == {LINEAR_APPROXIMATION}
    assert {METHODS[k] for k in ("elu", "selu", "gelu", "softplus")} == {QUADRATURE}
    assert set(METHODS.values()) <= {EXACT, LINEAR_APPROXIMATION, QUADRATURE}


@pytest.mark.parametrize("activation", ACT_KEYS)
@pytest.mark.parametrize("method", ["auto", "quadrature"])
def test_predict_runs_on_every_key_even_when_it_overflows(activation, method):
    sizes = (256,) + (256,) * 60 + (10,)
    L = len(sizes) - 1
    with strict():
        for init, params in (("normal", {"std": 100.0}), ("he_normal", None), ("zeros", None)):
            p = predict(sizes, activation, init, params, method=method)
            assert isinstance(p, Prediction) and p.activation == activation
            assert p.method == (METHODS[activation] if method == "auto" else QUADRATURE)
            for name, shape in (("weight_var", L), ("z_var", L), ("dz_sq", L)):
                assert getattr(p, name).shape == (shape,), name
            for name in ("a_mean", "a_var", "a_sq", "da_sq"):
                assert getattr(p, name).shape == (L - 1,), name
            for name in ("z_var", "a_var", "a_sq", "dz_sq", "da_sq"):
                arr = getattr(p, name)
                assert not np.isnan(arr).any() and (arr >= 0).all(), (init, name)
            finite = np.isfinite(p.a_sq)
            assert np.all(p.a_var[finite] <= p.a_sq[finite] * (1 + 1e-9) + 1e-300)


def test_overflow_becomes_inf_and_stays_inf():
    sizes = (256,) + (256,) * 60 + (10,)
    with strict():
        p = predict(sizes, "relu", "normal", {"std": 100.0})
    growth = 0.5 * 256 * 100.0**2
    finite = np.isfinite(p.a_sq)
    k = int(np.argmin(finite))
    assert 0 < k < len(finite) and not finite[k:].any() and finite[:k].all()
    np.testing.assert_allclose(p.a_sq[1:k] / p.a_sq[: k - 1], growth, rtol=1e-12)
    assert np.isinf(p.z_var[-1]) and np.isinf(p.da_sq[0])
    # Bounded activations saturate instead: tanh's E[a^2] stays below 1 at any scale.
    t = predict(sizes, "tanh", "normal", {"std": 100.0}, method="quadrature")
    assert np.all(t.a_sq < 1) and np.all(t.a_sq > 0.99)


def test_zero_init_passes_no_gradient_to_hidden_layers():
    sizes = (64, 32, 32, 10)
    for key in ACT_KEYS:
        p = predict(sizes, key, "zeros", top_grad_sq=0.3)
        assert np.all(p.z_var == 0) and np.all(p.da_sq == 0) and np.all(p.dz_sq[:-1] == 0)
        assert p.dz_sq[-1] == 0.3
    assert predict(sizes, "sigmoid", "zeros").a_sq.tolist() == [0.25, 0.25]


def test_weight_variances_follow_the_formulas():
    sizes = (100, 300, 10)
    np.testing.assert_allclose(weight_variances(sizes, "he_normal"), [2 / 100, 2 / 300])
    np.testing.assert_allclose(weight_variances(sizes, "xavier_normal"), [2 / 400, 2 / 310])
    np.testing.assert_allclose(weight_variances(sizes, "normal"), [1e-4, 1e-4])
    np.testing.assert_allclose(
        weight_variances(sizes, "orthogonal", {"gain": 2.0}), [4 / 300, 4 / 300]
    )


def test_prediction_is_frozen_and_read_only():
    p = predict((10, 5, 5, 3), "relu", "he_normal")
    with pytest.raises(AttributeError):
        p.method = "x"
    with pytest.raises(ValueError):
        p.a_sq[0] = 1.0
    np.testing.assert_allclose(p.a_std, np.sqrt(p.a_var))
    np.testing.assert_allclose(p.z_std, np.sqrt(p.z_var))


# --------------------------------------------------------------------------- anchors, validation


def test_predict_for_trace_anchors_on_the_trace():
    sizes = (20, 16, 16, 4)
    rng = np.random.default_rng(0)
    X = 3.0 * rng.standard_normal((50, 20))
    tr = Network.create(sizes, "tanh", "xavier_normal", seed=1).trace(X, rng.integers(0, 4, 50))
    p = predict_for_trace(sizes, "tanh", "xavier_normal", X, tr)
    q = predict(
        sizes,
        "tanh",
        "xavier_normal",
        input_sq=np.mean(X**2),
        top_grad_sq=np.mean(tr.dz[-1] ** 2),
    )
    for name in ("z_var", "a_sq", "dz_sq", "da_sq"):
        np.testing.assert_allclose(getattr(p, name), getattr(q, name), rtol=1e-12)


def test_predict_for_trace_is_safe_on_huge_values_and_float32():
    sizes = (8, 8, 3)
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 5)
    with strict():
        X = np.full((5, 8), 1e200)
        tr = Network.create(sizes, "relu", "he_normal").trace(X, y)
        p = predict_for_trace(sizes, "relu", "he_normal", X, tr)
        assert np.isinf(p.z_var[0])
        X = np.full((5, 8), 1e100)
        tr = Network.create(sizes, "relu", "he_normal").trace(X, y)
        p = predict_for_trace(sizes, "relu", "he_normal", X, tr)
        assert p.z_var[0] == pytest.approx(2 * 1e200)
        X32 = rng.standard_normal((5, 8)).astype(np.float32) * np.float32(1e30)
        tr = Network.create(sizes, "relu", "he_normal", dtype="float32").trace(X32, y)
        p = predict_for_trace(sizes, "relu", "he_normal", X32, tr)
        assert np.isfinite(p.z_var[0]) and p.z_var[0] > 1e59


def test_validation_names_the_allowed_values():
    sizes = (4, 3, 2)
    with pytest.raises(ValueError, match="activation must be one of"):
        predict(sizes, "sigmod", "he_normal")
    with pytest.raises(ValueError, match="init must be one of"):
        predict(sizes, "relu", "kaiming")
    with pytest.raises(ValueError, match="method must be one of"):
        predict(sizes, "relu", "he_normal", method="monte carlo")
    with pytest.raises(ValueError, match="closed forms for"):
        predict(sizes, "tanh", "he_normal", method="exact")
    with pytest.raises(ValueError, match="offered for"):
        predict(sizes, "relu", "he_normal", method="linear approximation")
    with pytest.raises(ValueError, match=r"normal.std must be a number in \[0.0001, 100\]"):
        predict(sizes, "relu", "normal", {"std": -1.0})
    with pytest.raises(ValueError, match="sizes"):
        predict((4,), "relu", "he_normal")
    with pytest.raises(ValueError, match="input_sq"):
        predict(sizes, "relu", "he_normal", input_sq=-1.0)
    net = Network.create(sizes, "relu", "he_normal")
    X = np.ones((2, 4))
    tr = net.trace(X, np.array([0, 1]))
    with pytest.raises(ValueError, match="X must have shape"):
        predict_for_trace(sizes, "relu", "he_normal", np.ones((2, 5)), tr)
    with pytest.raises(ValueError, match="trace does not match"):
        predict_for_trace((4, 3, 3, 2), "relu", "he_normal", X, tr)
