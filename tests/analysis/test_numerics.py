"""Tests of explorer.analysis.numerics: the fast paths are the plain NumPy computations, bit
for bit."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.analysis import numerics


def _reference_bin(x, lo, hi, bins):
    """What numerics._bin computed with np.histogram before it binned in blocks."""
    s = max(abs(lo), abs(hi))
    a, b = lo / s, hi / s
    counts, e = np.histogram(np.clip(x / s, a, b), bins=bins, range=(a, b))
    edges = e * s
    edges[0], edges[-1] = lo, hi
    return counts.astype(np.int64), edges


def _tricky_arrays():
    rng = np.random.default_rng(7)
    yield rng.standard_normal(1)
    yield rng.standard_normal(100)
    for n in (numerics._BLOCK - 1, numerics._BLOCK, numerics._BLOCK + 1, 3 * numerics._BLOCK + 17):
        yield np.maximum(rng.standard_normal(n), 0.0)  # half exact zeros: the left edge
    yield np.linspace(-1.0, 1.0, 4001)  # values on the edges themselves
    yield np.round(rng.standard_normal(5000) * 8) / 8  # many ties, on and near edges
    yield 1.0 + rng.random(3000) * 1e-11  # a range of a few thousand ulps
    yield -(10.0 ** rng.uniform(-300, 300, 2000))  # all negative, 600 decades
    yield rng.standard_normal(5000) * 1e300
    yield rng.integers(-3, 4, 7000).astype(float)


@pytest.mark.parametrize("bins", [1, 3, 40, 200])
def test_blocked_binning_is_np_histogram(bins):
    for x in _tricky_arrays():
        for robust in (False, True):
            lo, hi = numerics._value_range(x, robust)
            if hi - lo <= numerics._CONSTANT_TOL * max(abs(lo), abs(hi)):
                continue  # the constant-layer path does not bin
            c, e = numerics._bin(x, lo, hi, bins, numerics._BinWork(x.size))
            c0, e0 = _reference_bin(x, lo, hi, bins)
            np.testing.assert_array_equal(c, c0)
            assert c.dtype == np.int64
            assert e.tobytes() == e0.tobytes()


def test_moments_are_numpys_mean_std_and_norm_bit_for_bit():
    rng = np.random.default_rng(8)
    for n in (1, 2, 7, 8191, 8192, 8193, 100_000):
        for scale in (1e-200, 1e-5, 1.0, 1e50, 1e200):
            x = rng.standard_normal(n) * scale
            buf = np.empty(n)
            m = np.max(np.abs(x))
            if 1e-100 < m < 1e100:
                want = (np.mean(x), np.std(x), np.sqrt(np.dot(x, x)))
            else:  # scaled by max|x| first
                y = x / m
                want = (
                    float(np.mean(y)) * m,
                    float(np.std(y)) * m,
                    float(np.sqrt(np.dot(y, y))) * m,
                )
            got = numerics._moments(x, buf)
            assert np.array(got).tobytes() == np.array(want, dtype=float).tobytes(), (n, scale)
            assert numerics._moments(x) == got  # with or without a work array
