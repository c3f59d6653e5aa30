"""The paper presets reproduce what their sources report."""

from __future__ import annotations

import itertools
import math

import pytest

from explorer.pipeline import compute_signals
from explorer.presets import PRESETS


def measured(res, quantity):
    p = res.profile
    rows = p[(p["quantity"] == quantity) & (p["source"] == "measured")].sort_values("layer")
    return rows["value"].to_numpy()


def run(key, name):
    preset = PRESETS[key]
    spec = next(s for s in preset.compare if s.name == name)
    return compute_signals(preset.config.with_init(spec))


def test_glorot_standard_init_gradients_shrink_towards_the_input():
    # Glorot & Bengio (2010), fig. 7: with U(±1/√n) each tanh layer (linear regime) scales the
    # back-propagated variance by n·Var[W] = 1/3, so over the 5 hidden layers the norm ratio
    # first/last hidden layer is about (1/3)^(4/2) ≈ 0.11; normalized init keeps it near 1.
    std = measured(run("glorot", "standard_uniform"), "gradient norm")[:5]
    xav = measured(run("glorot", "xavier_uniform"), "gradient norm")[:5]
    assert std[0] / std[-1] < 0.25
    assert 0.7 < xav[0] / xav[-1] < 1.3
    assert all(a < b for a, b in itertools.pairwise(std))  # shrinking layer by layer


@pytest.mark.parametrize("key, depth", [("relu10", 10), ("relu30", 30)])
def test_he_keeps_relu_signals_level_and_xavier_halves_them(key, depth):
    he = measured(run(key, "he_normal"), "activation std")
    xav = measured(run(key, "xavier_normal"), "activation std")
    assert len(he) == depth
    # He et al. (2015), section 2.2: E[a^2] constant with He *in expectation*; halved per
    # layer with Var[W] = 2/(in+out) = 1/n, so std falls by 2^(-(depth-1)/2). One network of
    # width n deviates from the expectation by a factor with log-sd about sqrt(2/n) per layer
    # (chi-square of the unit norms), i.e. sqrt(2 depth / n): 0.28 at depth 10, 0.48 at 30.
    # The band is 3 of those sds.
    band = 3 * (2 * depth / 256) ** 0.5
    assert abs(math.log((he[-1] / he[0]) ** 2)) < band
    assert (xav[-1] / xav[0]) ** 2 < 2.0 ** (-(depth - 1)) * 4


def test_cs231n_table():
    res = run("cs231n", "normal")
    stds = measured(res, "activation std")
    published = [0.213, 0.048, 0.011, 0.0024]  # Karpathy, CS231n lecture 5
    for got, want in zip(stds, published):
        assert got == pytest.approx(want, rel=0.12)
