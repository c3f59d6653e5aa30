"""Correctness of explorer.engine.activations: derivatives, dtypes, numerical stability, lookup."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from explorer.engine.activations import ACTIVATIONS, Activation
from explorer.engine.checks import ConfigError, lookup

KEYS = sorted(ACTIVATIONS)
REQUIRED = {"sigmoid", "relu", "tanh", "leaky_relu", "linear"}


def rel_err(num: np.ndarray, ana: np.ndarray) -> float:
    """||num - ana|| / (||num|| + ||ana||), 0 when both are 0."""
    den = np.linalg.norm(num) + np.linalg.norm(ana)
    return 0.0 if den == 0 else float(np.linalg.norm(num - ana) / den)


def away_from_zero(rng: np.random.Generator, n: int, lo: float, hi: float) -> np.ndarray:
    """Points with lo <= |z| <= hi and random sign: no point sits on a kink at 0."""
    return rng.uniform(lo, hi, n) * rng.choice([-1.0, 1.0], n)


def test_registry_has_the_design_keys():
    assert REQUIRED <= set(ACTIVATIONS)


@pytest.mark.parametrize("key", KEYS)
def test_entry_is_consistent(key):
    act = ACTIVATIONS[key]
    assert isinstance(act, Activation)
    assert act.name == key
    assert act.label and act.formula
    assert math.isfinite(act.gain) and act.gain > 0
    assert lookup(ACTIVATIONS, key, "activation") is act


@pytest.mark.parametrize("key", KEYS)
def test_derivative_matches_central_differences(key):
    act = ACTIVATIONS[key]
    rng = np.random.default_rng(0)
    # |z| in [0.05, 5]: away from the kink of relu / leaky_relu / selu at 0, and not so far
    # out that sigmoid-like slopes vanish below the finite-difference rounding error.
    z = away_from_zero(rng, 400, 0.05, 5.0)
    h = 1e-6
    num = (act.f(z + h) - act.f(z - h)) / (2 * h)
    ana = act.df(z, act.f(z))
    assert ana.shape == z.shape
    assert rel_err(num, ana) < 1e-6


@pytest.mark.parametrize("key", KEYS)
def test_derivative_far_out(key):
    # On the flat or linear tails the derivative has to be right too (not just near 0).
    act = ACTIVATIONS[key]
    z = np.array([-30.0, -12.0, 12.0, 30.0])
    h = 1e-4
    num = (act.f(z + h) - act.f(z - h)) / (2 * h)
    ana = act.df(z, act.f(z))
    np.testing.assert_allclose(ana, num, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("key", KEYS)
def test_dtype_and_shape_preserved(key, dtype):
    act = ACTIVATIONS[key]
    z = np.random.default_rng(1).standard_normal((3, 7)).astype(dtype)
    a = act.f(z)
    d = act.df(z, a)
    assert a.dtype == dtype and a.shape == z.shape
    assert d.dtype == dtype and d.shape == z.shape


@pytest.mark.parametrize("key", KEYS)
def test_f_does_not_modify_its_input(key):
    z = np.random.default_rng(2).standard_normal(50)
    before = z.copy()
    act = ACTIVATIONS[key]
    act.df(z, act.f(z))
    assert np.array_equal(z, before)


@pytest.mark.parametrize(
    ("dtype", "big"),
    [(np.float64, 1e4), (np.float64, 1e300), (np.float32, 1e4), (np.float32, 1e30)],
)
@pytest.mark.parametrize("key", KEYS)
def test_numerically_stable_at_extremes(key, dtype, big):
    act = ACTIVATIONS[key]
    z = np.array([-big, -1.0, 0.0, 1.0, big], dtype=dtype)
    # Overflow, invalid and divide-by-zero warn (NumPy's default, made explicit) and every
    # warning is an error; underflow to 0 (exp(-1e4)) is harmless and expected.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
            a = act.f(z)
            d = act.df(z, a)
    assert a.dtype == dtype and d.dtype == dtype
    assert np.isfinite(a).all(), a
    assert np.isfinite(d).all(), d


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_saturates_exactly(dtype):
    f = ACTIVATIONS["sigmoid"].f
    z = np.array([-1e4, 1e4], dtype=dtype)
    a = f(z)
    assert a[0] == 0.0
    assert a[1] == 1.0
    assert np.array_equal(ACTIVATIONS["sigmoid"].df(z, a), np.zeros(2, dtype=dtype))


def test_sigmoid_matches_textbook_formula():
    z = np.linspace(-30.0, 30.0, 1201)
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].f(z), 1.0 / (1.0 + np.exp(-z)), rtol=1e-14)


def test_tanh_and_relu_match_numpy():
    z = np.linspace(-5.0, 5.0, 101)
    np.testing.assert_allclose(ACTIVATIONS["tanh"].f(z), np.tanh(z), rtol=1e-15)
    assert np.array_equal(ACTIVATIONS["relu"].f(z), np.where(z > 0, z, 0.0))
    assert np.array_equal(ACTIVATIONS["linear"].f(z), z)
    # relu's derivative at the kink is taken as 0, the usual convention
    assert ACTIVATIONS["relu"].df(np.zeros(1), np.zeros(1))[0] == 0.0


def test_leaky_relu_slopes():
    act = ACTIVATIONS["leaky_relu"]
    z = np.array([-2.0, 3.0])
    d = act.df(z, act.f(z))
    assert d[1] == 1.0
    assert 0.0 < d[0] < 1.0
    assert act.f(z)[0] == pytest.approx(-2.0 * d[0])


def test_unknown_key_names_allowed_keys():
    with pytest.raises(ConfigError, match="sigmod") as info:
        lookup(ACTIVATIONS, "sigmod", "activation")
    for key in ACTIVATIONS:
        assert key in str(info.value)
    assert info.value.key == "choice" and info.value.params["choices"] == tuple(ACTIVATIONS)


@pytest.mark.parametrize("bad", [None, 3, ["relu"], "", "ReLU"])
def test_bad_lookups_raise_value_error(bad):
    with pytest.raises(ValueError, match="activation must be one of sigmoid, tanh, relu"):
        lookup(ACTIVATIONS, bad, "activation")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("key", KEYS)
def test_apply_and_backprop_into_buffers_equal_f_and_df(key, dtype):
    """The in-place forms the trace uses give exactly ``f(z)`` and ``da * df(z, a)``, signs of
    zero, NaN and inf included."""
    act = ACTIVATIONS[key]
    rng = np.random.default_rng(3)
    z = (rng.standard_normal((6, 40)) * 50).astype(dtype)
    z[0, :4] = [0.0, -0.0, np.inf, -np.inf]
    z[1, :1] = np.nan
    with np.errstate(all="ignore"):
        a_ref = act.f(z)
        out = np.full_like(z, 7.0)
        a = act.apply(z, out=out)
        assert a is out
        np.testing.assert_array_equal(a, a_ref)
        assert np.array_equal(np.signbit(a), np.signbit(a_ref))
        da = rng.standard_normal(z.shape).astype(dtype)
        dz_ref = da * act.df(z, a_ref)
        buf = np.full_like(z, 7.0)
        dz = act.backprop(da, z, a_ref, out=buf)
        assert dz is buf and dz.dtype == dtype
        np.testing.assert_array_equal(dz, dz_ref)
        assert np.array_equal(np.signbit(dz), np.signbit(dz_ref))
        np.testing.assert_array_equal(act.apply(z), a_ref)  # without out: a new array
