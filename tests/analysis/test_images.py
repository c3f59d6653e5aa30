"""explorer.analysis.images: uint8 conversion, filter normalization, nearest-neighbour upscaling,
tiling."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.analysis.images import (
    SEPARATOR,
    normalize_filters,
    scale_for,
    tile,
    to_uint8,
    upscale,
)


def test_to_uint8_maps_unit_interval_and_clips():
    x = np.array([-0.5, 0.0, 0.25, 0.5, 1.0, 1.5, np.nan])
    out = to_uint8(x)
    assert out.dtype == np.uint8
    # 0.25 * 255 = 63.75 -> 64; 0.5 * 255 = 127.5 -> 128 (round half to even)
    assert out.tolist() == [0, 0, 64, 128, 255, 255, 0]


@pytest.mark.parametrize("factor", [1, 2, 3, 7])
def test_upscale_repeats_every_pixel_in_a_block(factor):
    rng = np.random.default_rng(factor)
    A = rng.integers(0, 256, size=(3, 5)).astype(np.uint8)
    U = upscale(A, factor)
    assert U.shape == (3 * factor, 5 * factor)
    assert U.dtype == A.dtype
    for i in range(3):
        for j in range(5):
            block = U[i * factor : (i + 1) * factor, j * factor : (j + 1) * factor]
            assert (block == A[i, j]).all()
    # nothing but the original values: no interpolation
    assert set(np.unique(U)) == set(np.unique(A))
    np.testing.assert_array_equal(U[::factor, ::factor], A)


@pytest.mark.parametrize("factor", [0, -1, 1.5, True])
def test_upscale_rejects_non_integer_factors(factor):
    with pytest.raises(ValueError, match="factor"):
        upscale(np.zeros((2, 2)), factor)


def test_normalize_filters_is_symmetric_around_zero_per_filter():
    F = np.array(
        [
            [0.0, 1.0, -0.5, 0.25],  # peak +1
            [0.0, -4.0, 2.0, 4.0],  # peak 4, reached with both signs
            [0.0, 0.0, 0.0, 0.0],  # all zero
            [0.0, 0.001, -0.002, 0.0],  # tiny weights still use the full range
        ]
    )
    N = normalize_filters(F)
    assert N.dtype == np.uint8
    assert N.shape == F.shape
    assert (N[:, 0] == 128).all()  # w = 0 -> mid grey in every filter
    assert N[0].tolist() == [128, 255, round(128 - 63.5), round(128 + 31.75)]
    assert N[1].tolist() == [128, 1, round(128 + 63.5), 255]
    assert (N[2] == 128).all()
    assert N[3].tolist() == [128, round(128 + 63.5), 1, 128]
    # w and -w land symmetrically around 128
    np.testing.assert_array_equal(N.astype(int) + normalize_filters(-F).astype(int), 256)


def test_normalize_filters_each_row_on_its_own_scale():
    rng = np.random.default_rng(0)
    F = rng.normal(size=(5, 16))
    scaled = F * np.array([[1.0], [10.0], [0.01], [3.0], [1e6]])
    np.testing.assert_array_equal(normalize_filters(F), normalize_filters(scaled))
    with pytest.raises(ValueError, match="2-D"):
        normalize_filters(F[0])


def test_tile_layout_values_and_separators():
    h, w, s, cols = 2, 3, 4, 3
    X = np.arange(7 * h * w, dtype=np.uint8).reshape(7, h * w)  # 7 images -> 3 rows of 3
    G = tile(X, (h, w), cols=cols, scale=s, sep_value=200)
    rows = 3
    assert G.dtype == np.uint8
    assert G.shape == (rows * (h * s + 1) + 1, cols * (w * s + 1) + 1)
    for i in range(7):
        r, c = divmod(i, cols)
        y, x = 1 + r * (h * s + 1), 1 + c * (w * s + 1)
        np.testing.assert_array_equal(
            G[y : y + h * s, x : x + w * s], upscale(X[i].reshape(h, w), s)
        )
    # separator lines: the first row and column of pixels, and between tiles
    assert (G[0] == 200).all() and (G[:, 0] == 200).all()
    assert (G[h * s + 1] == 200).all() and (G[:, w * s + 1] == 200).all()
    # the two empty cells of the last row are white (fill), inside their separator lines
    y = 1 + 2 * (h * s + 1)
    for c in (1, 2):
        x = 1 + c * (w * s + 1)
        assert (G[y : y + h * s, x : x + w * s] == 255).all()
        assert (G[y - 1, x - 1 : x + w * s + 1] == 200).all()
    assert (G[-1] == 200).all() and (G[:, -1] == 200).all()
    assert (tile(X, (h, w), cols=cols, scale=s, fill=7)[y : y + h * s, -1 - w * s : -1] == 7).all()


def test_tile_reads_floats_as_unit_intensities_and_keeps_uint8():
    X = np.array([[0.0, 0.5, 1.0, 2.0]])
    G = tile(X, (2, 2), scale=1)
    assert G.shape == (4, 4)
    assert G[1:3, 1:3].tolist() == [[0, 128], [255, 255]]
    assert G[0, 0] == SEPARATOR
    U = np.array([[0, 10, 20, 30]], dtype=np.uint8)
    assert tile(U, (2, 2), scale=1)[1:3, 1:3].tolist() == [[0, 10], [20, 30]]


def test_tile_default_columns_and_errors():
    X = np.zeros((10, 4))
    assert tile(X, (2, 2)).shape == (3 * 3 + 1, 4 * 3 + 1)  # ceil(sqrt(10)) = 4 columns
    assert tile(X[:1], (2, 2), cols=5).shape == (4, 4)  # never more columns than images
    assert tile(X[:2], (2, 2), sep=0).shape == (2, 4)
    with pytest.raises(ValueError, match=r"shape \(n, 9\)"):
        tile(X, (3, 3))
    with pytest.raises(ValueError, match="no rows"):
        tile(X[:0], (2, 2))
    with pytest.raises(ValueError, match="scale"):
        tile(X, (2, 2), scale=0)
    with pytest.raises(ValueError, match="cols"):
        tile(X, (2, 2), cols=0)


def test_tile_does_not_modify_its_input():
    X = np.linspace(0, 1, 8).reshape(2, 4)
    before = X.copy()
    tile(X, (2, 2), scale=3)
    np.testing.assert_array_equal(X, before)


@pytest.mark.parametrize(
    "shape, factor", [((8, 8), 7), ((4, 4), 14), ((28, 28), 2), ((2, 2), 28), ((200, 100), 1)]
)
def test_scale_for(shape, factor):
    assert scale_for(shape) == factor
