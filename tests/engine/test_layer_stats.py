"""Tests of explorer.engine.layer_stats: distinct units counted exactly for copies, with a
relative tolerance, and with non-finite weights (the statistics as training records them
are checked in test_train.py)."""

from __future__ import annotations

import numpy as np

from explorer.engine.layer_stats import distinct_units


def test_distinct_units_counts_copies():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((5, 8))
    b = rng.standard_normal(8)
    assert distinct_units(W, b) == 8
    assert distinct_units(np.zeros((5, 8)), np.zeros(8)) == 1
    W2, b2 = W.copy(), b.copy()
    W2[:, 5] = W2[:, 1]
    b2[5] = b2[1]
    W2[:, 7] = W2[:, 0]
    b2[7] = b2[0]
    assert distinct_units(W2, b2) == 6
    b2[7] += 0.5  # same weights, different bias: a different unit
    assert distinct_units(W2, b2) == 7


def test_distinct_units_tolerance_is_relative():
    W = np.full((4, 3), 1e6)
    b = np.zeros(3)
    W[0, 1] += 1e-4  # relative difference 1e-10
    assert distinct_units(W, b, tol=1e-9) == 1
    assert distinct_units(W, b, tol=0.0) == 2
    W[0, 2] += 1.0  # relative difference 1e-6
    assert distinct_units(W, b, tol=1e-9) == 2


def test_distinct_units_nonfinite():
    W = np.array([[np.nan, np.nan, 1.0], [np.inf, np.inf, -np.inf]])
    assert distinct_units(W, np.zeros(3)) == 2
