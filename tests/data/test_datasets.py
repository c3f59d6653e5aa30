"""Tests for explorer.data.datasets: the registry and the built-in data sets (MNIST's
download and cache are tested in test_mnist.py, uploads in test_uploads.py)."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.data import datasets
from explorer.data.datasets import (
    DATASETS,
    Dataset,
    bars_stripes_patterns,
    load_dataset,
)

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- registry


def test_registry_keys_and_info():
    assert list(DATASETS) == ["digits", "gaussian", "bars_stripes", "mnist"]
    for key, info in DATASETS.items():
        assert info.name == key
        assert info.title and info.description and "\n" not in info.description
    assert not DATASETS["mnist"].offline
    assert all(DATASETS[k].offline for k in ("digits", "gaussian", "bars_stripes"))


def test_every_key_loads(fake_mnist):
    for key, info in DATASETS.items():
        kwargs = {"cache_dir": fake_mnist, "allow_download": False} if key == "mnist" else {}
        ds = load_dataset(key, **kwargs)
        assert isinstance(ds, Dataset)
        assert ds.name == key
        assert ds.n_classes == info.n_classes
        assert ds.image_shape == info.image_shape
        assert ds.X.dtype == np.float64 and ds.y.dtype == np.int64
        assert ds.X.ndim == 2 and ds.y.shape == (ds.X.shape[0],)
        assert ds.y.min() >= 0 and ds.y.max() < ds.n_classes
        assert not ds.X.flags.writeable and not ds.y.flags.writeable
        assert ds.description


def test_unknown_name():
    with pytest.raises(ValueError, match="dataset must be one of digits, gaussian, bars_stripes"):
        load_dataset("digitz")


@pytest.mark.parametrize("seed", [-1, 1.5, True, "0"])
def test_bad_seed(seed):
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        load_dataset("gaussian", seed=seed)


def test_dataset_validates_shapes():
    with pytest.raises(ValueError, match="2-D float64"):
        Dataset(np.zeros(3), np.zeros(3, np.int64), None, "x", 2, "")
    with pytest.raises(ValueError, match="int64 array of shape"):
        Dataset(np.zeros((3, 4)), np.zeros(2, np.int64), None, "x", 2, "")
    with pytest.raises(ValueError, match="does not match"):
        Dataset(np.zeros((3, 4)), np.zeros(3, np.int64), (3, 3), "x", 2, "")


# --------------------------------------------------------------------------- digits


def test_digits_shape_range_labels():
    ds = load_dataset("digits")
    assert ds.X.shape == (1797, 64) and ds.y.shape == (1797,)
    assert ds.image_shape == (8, 8) and ds.n_classes == 10
    assert ds.X.min() == 0.0 and ds.X.max() == 1.0
    # pixel values are counts 0..16 divided by 16
    assert np.array_equal(ds.X * 16, np.round(ds.X * 16))
    counts = np.bincount(ds.y, minlength=10)
    assert len(counts) == 10 and counts.sum() == 1797
    assert counts.min() >= 170 and counts.max() <= 190


def test_digits_equal_sklearn():
    sk = pytest.importorskip("sklearn.datasets")
    bunch = sk.load_digits()
    ds = load_dataset("digits")
    assert np.array_equal(ds.X, bunch.data / 16)
    assert np.array_equal(ds.y, bunch.target)


def test_digits_read_only_and_cached():
    a = load_dataset("digits")
    with pytest.raises(ValueError, match="read-only"):
        a.X[0, 0] = 5.0
    with pytest.raises(ValueError, match="read-only"):
        a.y[0] = 3
    b = load_dataset("digits")
    assert b.X is a.X  # decoded once per process
    assert b.X[0, 0] == 0.0


def test_digits_subset():
    ds = load_dataset("digits", n=100)
    assert ds.X.shape == (100, 64)
    assert np.array_equal(ds.X, load_dataset("digits").X[:100])
    with pytest.raises(ValueError, match="n must be a whole number from 1 to 1797"):
        load_dataset("digits", n=1798)


def test_digits_file_small_and_npz_safe():
    path = ROOT / "explorer" / "data" / "digits.npz"
    assert path.stat().st_size < 50_000
    with np.load(path, allow_pickle=False) as f:
        assert sorted(f.files) == ["X", "y"]
        assert f["X"].dtype == np.uint8 and f["y"].dtype == np.uint8


def test_make_digits_script_is_deterministic():
    spec = importlib.util.spec_from_file_location("make_digits", ROOT / "scripts/make_digits.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with np.load(ROOT / "explorer" / "data" / "digits.npz", allow_pickle=False) as f:
        arrays = {"X": f["X"], "y": f["y"]}
    one, two = mod.npz_bytes(arrays), mod.npz_bytes(arrays)
    assert one == two
    with np.load(io.BytesIO(one), allow_pickle=False) as f:
        assert np.array_equal(f["X"], arrays["X"]) and np.array_equal(f["y"], arrays["y"])


@pytest.fixture
def fresh_digits_cache():
    datasets._digits_arrays.cache_clear()
    yield
    datasets._digits_arrays.cache_clear()


def test_digits_corrupt_file(tmp_path, monkeypatch, fresh_digits_cache):
    bad = tmp_path / "digits.npz"
    np.savez(bad, X=np.zeros((10, 64), np.uint8), y=np.zeros(10, np.uint8))
    monkeypatch.setattr(datasets, "DIGITS_PATH", bad)
    with pytest.raises(RuntimeError, match=r"corrupt: X is uint8 \(10, 64\)"):
        load_dataset("digits")
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RuntimeError, match="missing or corrupt"):
        load_dataset("digits")


# --------------------------------------------------------------------------- gaussian


def test_gaussian_default_shape_and_stats():
    ds = load_dataset("gaussian")
    assert ds.X.shape == (1000, 500) and ds.y.shape == (1000,)
    assert ds.image_shape is None and ds.n_classes == 10
    assert abs(ds.X.mean()) < 0.01 and abs(ds.X.std() - 1) < 0.01
    assert set(np.unique(ds.y)) == set(range(10))
    assert "random" in ds.description


def test_gaussian_reproducible_per_seed():
    a = load_dataset("gaussian", n=50, d=20, seed=3)
    b = load_dataset("gaussian", n=50, d=20, seed=3)
    c = load_dataset("gaussian", n=50, d=20, seed=4)
    assert a.X.shape == (50, 20)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    rng = np.random.default_rng(3)  # CS231n's randn(n, d), then the labels
    assert np.array_equal(a.X, rng.standard_normal((50, 20)))
    assert np.array_equal(a.y, rng.integers(0, 10, size=50))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must be a whole number from 1 to 20000"),
        ({"n": 20001}, "n must be a whole number from 1 to 20000"),
        ({"n": 10.0}, "n must be a whole number from 1 to 20000"),
        ({"d": 0}, "d must be a whole number from 1 to 4096"),
        ({"d": 4097}, "d must be a whole number from 1 to 4096"),
        ({"d": True}, "d must be a whole number from 1 to 4096"),
    ],
)
def test_gaussian_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_dataset("gaussian", **kwargs)


def test_gaussian_limits_accepted():
    assert load_dataset("gaussian", n=1, d=1).X.shape == (1, 1)
    assert load_dataset("gaussian", n=2, d=4096).X.shape == (2, 4096)


# --------------------------------------------------------------------------- bars and stripes


def _is_bars(img):  # every column constant
    return bool((img == img[:1, :]).all())


def _is_stripes(img):  # every row constant
    return bool((img == img[:, :1]).all())


def test_bars_stripes_4x4():
    ds = load_dataset("bars_stripes")
    assert ds.X.shape == (30, 16) and ds.image_shape == (4, 4) and ds.n_classes == 2
    assert len({row.tobytes() for row in ds.X}) == 30
    assert set(np.unique(ds.X)) == {0.0, 1.0}
    for row, label in zip(ds.X, ds.y):
        img = row.reshape(4, 4)
        assert _is_bars(img) or _is_stripes(img)
        if label == 0:
            assert _is_bars(img)
        else:
            assert _is_stripes(img) and not _is_bars(img)
    # blank and full are both bars and stripes: kept once, labelled 0 (bars)
    for value in (0.0, 1.0):
        hits = np.flatnonzero((ds.X == value).all(axis=1))
        assert len(hits) == 1 and ds.y[hits[0]] == 0
    assert np.bincount(ds.y).tolist() == [16, 14]


@pytest.mark.parametrize("size", range(2, 9))
def test_bars_stripes_counts(size):
    X, y = bars_stripes_patterns(size)
    assert X.shape == (2 * 2**size - 2, size * size)
    assert len({row.tobytes() for row in X}) == len(X)
    imgs = X.reshape(-1, size, size)
    assert all(_is_bars(i) for i in imgs[y == 0])
    assert all(_is_stripes(i) and not _is_bars(i) for i in imgs[y == 1])


def test_bars_stripes_subsample():
    a = load_dataset("bars_stripes", size=6, n=40, seed=1)
    b = load_dataset("bars_stripes", size=6, n=40, seed=1)
    c = load_dataset("bars_stripes", size=6, n=40, seed=2)
    assert a.X.shape == (40, 36)
    assert len({row.tobytes() for row in a.X}) == 40  # without replacement
    assert np.array_equal(a.X, b.X) and not np.array_equal(a.X, c.X)
    full_X, full_y = bars_stripes_patterns(6)
    lookup = {row.tobytes(): label for row, label in zip(full_X, full_y)}
    assert all(lookup[row.tobytes()] == label for row, label in zip(a.X, a.y))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 1}, "size must be a whole number from 2 to 8"),
        ({"size": 9}, "size must be a whole number from 2 to 8"),
        ({"n": 31}, "n must be a whole number from 1 to 30"),
        ({"n": 0}, "n must be a whole number from 1 to 30"),
    ],
)
def test_bars_stripes_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_dataset("bars_stripes", **kwargs)


def test_data_modules_import_no_ui_or_sklearn():
    for name in ("datasets", "mnist", "uploads"):
        source = (ROOT / "explorer" / "data" / f"{name}.py").read_text()
        for banned in ("sklearn", "pandas", "streamlit", "altair"):
            assert f"import {banned}" not in source and f"from {banned}" not in source
        if name != "uploads":
            assert "PIL" not in source
    uploads = (ROOT / "explorer" / "data" / "uploads.py").read_text()
    assert "from PIL" not in uploads.split("def load_image", 1)[0]  # Pillow only lazily
    assert "explorer.data.datasets" in sys.modules
