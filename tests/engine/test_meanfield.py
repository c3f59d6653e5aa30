"""Mean-field theory (explorer.engine.meanfield) checked against math: Monte Carlo, the
independent quadrature of explorer.engine.theory, iterating the length map, closed forms, and
the papers' critical points."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.engine import meanfield as mf
from explorer.engine import theory
from explorer.engine.activations import ACTIVATIONS

SMOOTH = [k for k in ACTIVATIONS if k not in mf.HOMOGENEOUS]


# --------------------------------------------------------------------------- the expectations


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("q", [1e-9, 1e-3, 0.3, 1.0, 7.5, 256.0, 1e6])
def test_moments_match_the_other_quadrature(activation, q):
    """E[φ²] and E[φ'²] agree with explorer.engine.theory's own panels (built per q), read
    off its prediction for a one-unit net (as tests/engine/test_theory.py does): ``Var[W] =
    1`` makes ``Var[z_0] = q``, and a unit anchor makes ``E[dz_0²] = E[φ'(z_0)²]``."""
    f2, d2 = mf.gaussian_moments(activation, q)
    p = theory.predict(
        (1, 1, 1), activation, "normal", {"std": 1.0}, input_sq=q, method="quadrature"
    )
    sq, dsq = float(p.a_sq[0]), float(p.dz_sq[0])
    assert f2 == pytest.approx(sq, rel=1e-11, abs=1e-300)
    assert d2 == pytest.approx(dsq, rel=1e-11, abs=1e-300)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "elu"])
def test_moments_match_monte_carlo(activation):
    rng = np.random.default_rng(1)
    z = rng.standard_normal(2_000_000)
    act = ACTIVATIONS[activation]
    for q in (0.5, 2.0, 30.0):
        x = math.sqrt(q) * z
        a = act.f(x)
        f2, d2 = mf.gaussian_moments(activation, q)
        assert f2 == pytest.approx(np.mean(a * a), rel=3e-3)
        assert d2 == pytest.approx(np.mean(act.df(x, a) ** 2), rel=3e-3)


def test_moments_at_zero_and_infinity_without_warnings():
    f2, d2 = mf.gaussian_moments("tanh", [0.0, math.inf])  # the limit is taken at Q_MAX
    assert f2.tolist() == [0.0, pytest.approx(1.0, abs=1e-6)]
    assert d2[0] == 1.0 and d2[1] == pytest.approx(0.0, abs=1e-6)
    f2, d2 = mf.gaussian_moments("sigmoid", 0.0)
    assert (f2, d2) == (0.25, 0.0625)
    f2, d2 = mf.gaussian_moments("elu", math.inf)
    assert f2 == math.inf and d2 == pytest.approx(0.5)
    f2, d2 = mf.gaussian_moments("relu", [0.0, 2.0, math.inf])
    assert f2.tolist() == [0.0, 1.0, math.inf] and d2.tolist() == [0.5] * 3
    with pytest.raises(ValueError, match=">= 0"):
        mf.gaussian_moments("tanh", -1.0)
    with pytest.raises(ValueError, match="activation must be one of"):
        mf.gaussian_moments("sigmod", 1.0)


# --------------------------------------------------------------------------- q* and χ₁


def _iterate(activation, sw, sb, steps=4000):
    q = sw * sw + sb * sb
    for _ in range(steps):
        q = float(mf.length_map(activation, q, sw, sb))
    return q


@pytest.mark.parametrize(
    ("activation", "sw", "sb"),
    [("tanh", 1.5, 0.0), ("tanh", 2.5, 0.3), ("tanh", 0.7, 0.3), ("sigmoid", 3.0, 0.0),
     ("sigmoid", 0.5, 1.0), ("elu", 1.2, 0.2), ("softplus", 0.8, 0.0), ("gelu", 1.2, 0.1),
     ("relu", 1.0, 0.5), ("linear", 0.9, 0.2)],
)  # fmt: skip
def test_fixed_point_is_where_iterating_the_length_map_goes(activation, sw, sb):
    q = float(mf.fixed_point(activation, sw, sb))
    assert q == pytest.approx(_iterate(activation, sw, sb), rel=1e-9)
    assert float(mf.length_map(activation, q, sw, sb)) == pytest.approx(q, rel=1e-12)


def test_fixed_point_phases_of_tanh_and_relu():
    # tanh, σ_b = 0: q* = 0 in the ordered phase, q* > 0 beyond σ_w = 1
    q = mf.fixed_point("tanh", [0.5, 0.99, 1.01, 3.0])
    assert q[0] == q[1] == 0.0 and 0 < q[2] < 0.02 and q[3] > 5
    # ReLU: σ_b²/(1 - σ_w²/2) below √2, inf above, q¹ exactly on the line with σ_b = 0
    q = mf.fixed_point("relu", [1.0, 1.0, math.sqrt(2), 2.0, 2.0], [0.5, 0.0, 0.0, 0.0, 0.5])
    assert q[0] == pytest.approx(0.25 / 0.5) and q[1] == 0.0
    assert q[2] == pytest.approx(2.0) and q[3] == q[4] == math.inf


@pytest.mark.parametrize(
    ("activation", "sw", "sb"),
    [("tanh", 0.8, 0.0), ("tanh", 1.5, 0.0), ("tanh", 2.0, 0.3), ("sigmoid", 4.0, 0.0),
     ("elu", 1.3, 0.1), ("relu", 1.2, 0.2), ("softplus", 1.0, 0.0)],
)  # fmt: skip
def test_chi1_matches_monte_carlo_to_1e3(activation, sw, sb):
    """χ₁ by quadrature against a Monte Carlo average over 24 million Gaussian draws (its
    standard error is at most 3e-4 here, so 1e-3 is over three of them)."""
    q = float(mf.fixed_point(activation, sw, sb))
    chi = float(mf.chi1(activation, sw, sb))
    rng = np.random.default_rng(7)
    act = ACTIVATIONS[activation]
    chunks = [math.sqrt(q) * rng.standard_normal(4_000_000) for _ in range(6)]
    mc = sw * sw * np.mean([np.mean(act.df(x, act.f(x)) ** 2) for x in chunks])
    assert abs(chi - mc) < 1e-3, (chi, mc)


def test_chi1_closed_forms():
    s = np.array([0.5, 1.0, math.sqrt(2), 3.0])
    np.testing.assert_allclose(mf.chi1("relu", s, 0.7), s * s / 2)
    np.testing.assert_allclose(mf.chi1("linear", s), s * s)
    # tanh in the ordered phase with σ_b = 0: q* = 0, so χ₁ = σ_w² tanh'(0)² = σ_w²
    np.testing.assert_allclose(mf.chi1("tanh", [0.3, 0.9]), [0.09, 0.81], rtol=1e-12)
    assert mf.chi1("tanh", 0.0) == 0.0 and mf.chi1("tanh", 0.0).shape == ()


def test_no_warnings_at_the_extremes():
    """Huge and tiny scales (the tests run with RuntimeWarning as an error)."""
    s = np.geomspace(1e-2, 1e2, 30)
    for activation in ACTIVATIONS:
        m = mf.mean_field(activation, s, 2.0)
        assert np.all(m.chi1 >= 0) and not np.isnan(m.q_star).any(), activation
        mf.mean_field(activation, s, 0.0)


# --------------------------------------------------------------------------- the edge of chaos


def test_critical_sigma_w_of_the_papers():
    assert mf.critical_sigma_w("tanh") == pytest.approx(1.0, abs=1e-9)
    assert mf.critical_sigma_w("relu") == math.sqrt(2.0)  # He et al.'s σ_w² = 2, exactly
    assert mf.critical_sigma_w("relu", 0.5) == math.sqrt(2.0)
    assert mf.critical_sigma_w("linear") == 1.0
    # Schoenholz et al.'s tanh networks: σ_b² = 0.05 puts the critical point at σ_w² ≈ 1.76
    assert mf.critical_sigma_w("tanh", math.sqrt(0.05)) ** 2 == pytest.approx(1.76, abs=0.005)
    # the critical line rises with σ_b (Poole et al.'s phase diagram)
    line = [mf.critical_sigma_w("tanh", sb) for sb in (0.0, 0.2, 0.5, 1.0)]
    assert line == sorted(line) and line[-1] > 1.8


@pytest.mark.parametrize("activation", SMOOTH)
def test_chi1_crosses_one_at_the_critical_sigma_w(activation):
    c = mf.critical_sigma_w(activation, 0.1)
    if math.isnan(c):
        pytest.skip(f"{activation}: no edge of chaos in 0.01–1000")
    below, above = mf.chi1(activation, [c * (1 - 1e-6), c * (1 + 1e-6)], 0.1)
    assert below < 1.0 <= above


def test_sigmoid_edge_lies_far_beyond_the_usual_scales():
    """σ'(z) <= 1/4 and σ(0) = 1/2: the sigmoid stays ordered until σ_w ≈ 10."""
    assert 9 < mf.critical_sigma_w("sigmoid") < 11
    assert np.all(mf.chi1("sigmoid", np.geomspace(0.25, 4, 20)) < 0.5)


def test_depth_scale_and_decades():
    chi = np.array([0.0, np.exp(-1.0), 1.0, np.exp(0.5)])
    xi = mf.depth_scale(chi)
    assert xi[0] == 0.0 and xi[1] == pytest.approx(1.0) and xi[2] == math.inf
    assert xi[3] == pytest.approx(-2.0)
    # the norm falls 10× over 2 ln(10) ξ layers: χ^(n/2) = 1/10
    n = mf.layers_per_decade(0.5)
    assert 0.5 ** (n / 2) == pytest.approx(0.1)
    assert mf.layers_per_decade(1.0) == math.inf


def test_mean_field_arrays_are_read_only():
    m = mf.mean_field("tanh", [0.5, 2.0])
    for arr in (m.sigma_w, m.q_star, m.chi1, m.xi):
        assert not arr.flags.writeable
    with pytest.raises(ValueError, match="sigma_w"):
        mf.mean_field("tanh", [-1.0])
    with pytest.raises(ValueError, match="sigma_b"):
        mf.fixed_point("tanh", 1.0, math.nan)
