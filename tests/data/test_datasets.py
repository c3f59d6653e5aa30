"""Tests for explorer.data.datasets: built-in data, the IDX parser, MNIST caching, user images.

Nothing here touches the network: an autouse fixture replaces ``urllib.request.urlopen``
with one that fails, and the MNIST tests build small IDX files of their own.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import struct
import sys
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from explorer.data import datasets
from explorer.data.datasets import (
    DATASETS,
    Dataset,
    DatasetUnavailable,
    ImageError,
    bars_stripes_patterns,
    load_dataset,
    load_image,
    parse_idx,
)

ROOT = Path(__file__).resolve().parents[2]
MNIST_NAMES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any download attempt fails as if offline, unless a test installs its own urlopen."""

    def offline(url, *args, **kwargs):
        raise urllib.error.URLError("network disabled in tests")

    monkeypatch.setattr(urllib.request, "urlopen", offline)


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


# --------------------------------------------------------------------------- IDX parser


def idx_bytes(arr: np.ndarray) -> bytes:
    """Serialize a uint8 array of 1 or 3 dimensions as an IDX file."""
    arr = np.asarray(arr, dtype=np.uint8)
    header = struct.pack(">I", 0x0800 | arr.ndim) + struct.pack(f">{arr.ndim}I", *arr.shape)
    return header + arr.tobytes()


@pytest.mark.parametrize("compress", [False, True])
def test_parse_idx_images_and_labels(compress):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(3, 4, 5), dtype=np.uint8)
    labels = np.array([7, 0, 9], np.uint8)
    wrap = gzip.compress if compress else bytes
    got_images = parse_idx(wrap(idx_bytes(images)))
    got_labels = parse_idx(wrap(idx_bytes(labels)))
    assert got_images.dtype == np.uint8 and got_images.shape == (3, 4, 5)
    assert np.array_equal(got_images, images)
    assert np.array_equal(got_labels, labels) and got_labels.shape == (3,)


def test_parse_idx_magic_numbers():
    assert idx_bytes(np.zeros((2, 3, 3)))[:4] == b"\x00\x00\x08\x03"
    assert idx_bytes(np.zeros(2))[:4] == b"\x00\x00\x08\x01"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "too short"),
        (b"\x00\x00", "too short"),
        (b"\x00\x00\x08\x02" + struct.pack(">II", 2, 2) + bytes(4), "magic number 0x00000802"),
        (b"\x12\x34\x56\x78" + bytes(20), "magic number 0x12345678"),
        (b"\x00\x00\x0d\x01" + struct.pack(">I", 2) + bytes(8), "element type 0x0D"),
        (b"\x00\x00\x08\x03" + struct.pack(">I", 2), "truncated IDX header"),
        (
            idx_bytes(np.zeros((2, 3, 3)))[:-1],
            r"truncated IDX images file: header says \(2, 3, 3\)",
        ),
        (idx_bytes(np.zeros(4))[:-2], "truncated IDX labels file"),
        (idx_bytes(np.zeros(4)) + b"\x00", "trailing bytes"),
        (gzip.compress(idx_bytes(np.zeros(4)))[:-6], "corrupt gzip"),
        (b"\x1f\x8b" + bytes(30), "corrupt gzip"),
    ],
)
def test_parse_idx_rejects_corrupt(data, message):
    with pytest.raises(ValueError, match=message):
        parse_idx(data)


# --------------------------------------------------------------------------- MNIST (no network)


def _fake_mnist_files() -> dict[str, bytes]:
    """Six training and four test images of 28×28, as gzipped IDX files."""
    rng = np.random.default_rng(7)
    train_x = rng.integers(0, 256, size=(6, 28, 28), dtype=np.uint8)
    test_x = rng.integers(0, 256, size=(4, 28, 28), dtype=np.uint8)
    train_x[0, 0, 0], train_x[0, 0, 1] = 0, 255
    train_y = np.array([5, 0, 4, 1, 9, 2], np.uint8)
    test_y = np.array([7, 2, 1, 0], np.uint8)
    arrays = (train_x, train_y, test_x, test_y)
    # mtime=0 keeps the gzip bytes (and so their hashes) stable
    return {n: gzip.compress(idx_bytes(a), mtime=0) for n, a in zip(MNIST_NAMES, arrays)}


FAKE = _fake_mnist_files()


@pytest.fixture
def fake_hashes(monkeypatch):
    table = {name: hashlib.sha256(data).hexdigest() for name, data in FAKE.items()}
    monkeypatch.setattr(datasets, "MNIST_SHA256", table)
    return table


@pytest.fixture
def fake_mnist(tmp_path, fake_hashes):
    """A cache directory holding the fake MNIST files, whose hashes are the expected ones."""
    cache = tmp_path / "mnist"
    cache.mkdir()
    for name, data in FAKE.items():
        (cache / name).write_bytes(data)
    return cache


class FakeResponse(io.BytesIO):
    """What ``urlopen`` returns: a readable context manager."""


def serve(files: dict[str, bytes], calls: list | None = None, fail_hosts=()):
    def urlopen(url, *args, timeout=None, **kwargs):
        if calls is not None:
            calls.append((url, timeout))
        if any(host in url for host in fail_hosts):
            raise urllib.error.URLError("unreachable mirror")
        return FakeResponse(files[url.rsplit("/", 1)[-1]])

    return urlopen


def test_real_hash_table():
    assert set(datasets.MNIST_SHA256) == set(MNIST_NAMES)
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in datasets.MNIST_SHA256.values())
    assert datasets.MNIST_MIRRORS[0].startswith("https://")


def test_mnist_from_cache(fake_mnist):
    ds = load_dataset("mnist", cache_dir=fake_mnist, allow_download=False)
    assert ds.X.shape == (10, 784) and ds.X.dtype == np.float64
    assert ds.image_shape == (28, 28) and ds.n_classes == 10
    assert ds.y.tolist() == [5, 0, 4, 1, 9, 2, 7, 2, 1, 0]  # train first, then test
    assert ds.X[0, 0] == 0.0 and ds.X[0, 1] == 1.0
    assert ds.X.min() >= 0.0 and ds.X.max() <= 1.0
    raw = parse_idx(FAKE["t10k-images-idx3-ubyte.gz"])
    assert np.array_equal(ds.X[6:], raw.reshape(4, -1) / 255.0)
    assert not ds.X.flags.writeable
    assert load_dataset("mnist", n=3, cache_dir=fake_mnist).X.shape == (3, 784)
    with pytest.raises(ValueError, match="n must be a whole number from 1 to 10"):
        load_dataset("mnist", n=11, cache_dir=fake_mnist)


def test_mnist_download_verify_cache(tmp_path, fake_hashes, monkeypatch):
    cache = tmp_path / "new" / "mnist"
    calls = []
    monkeypatch.setattr(urllib.request, "urlopen", serve(FAKE, calls))
    ds = load_dataset("mnist", cache_dir=cache)
    assert ds.X.shape == (10, 784)
    assert sorted(p.name for p in cache.iterdir()) == sorted(MNIST_NAMES)  # no temp files left
    for name, data in FAKE.items():
        assert (cache / name).read_bytes() == data
    assert [url for url, _ in calls] == [datasets.MNIST_MIRRORS[0] + n for n in MNIST_NAMES]
    assert all(timeout == pytest.approx(10.0) for _, timeout in calls)


def test_mnist_mirror_fallback(tmp_path, fake_hashes, monkeypatch):
    calls = []
    first = datasets.MNIST_MIRRORS[0].split("/")[2]
    monkeypatch.setattr(urllib.request, "urlopen", serve(FAKE, calls, fail_hosts=(first,)))
    ds = load_dataset("mnist", cache_dir=tmp_path)
    assert ds.X.shape == (10, 784)
    assert calls[1][0] == datasets.MNIST_MIRRORS[1] + MNIST_NAMES[0]


def test_mnist_offline(tmp_path, fake_hashes):
    # the autouse fixture makes urlopen raise URLError
    with pytest.raises(DatasetUnavailable, match="MNIST could not be downloaded") as info:
        load_dataset("mnist", cache_dir=tmp_path)
    assert "'digits'" in str(info.value) and "offline" in str(info.value)
    assert isinstance(info.value, RuntimeError)
    assert list(tmp_path.iterdir()) == []  # no partial files


def test_mnist_timeout_is_offline(tmp_path, fake_hashes, monkeypatch):
    def slow(url, *args, **kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(urllib.request, "urlopen", slow)
    with pytest.raises(DatasetUnavailable, match="digits"):
        load_dataset("mnist", cache_dir=tmp_path)


def test_mnist_download_disabled(tmp_path, fake_hashes):
    with pytest.raises(DatasetUnavailable, match=r"downloading is disabled.*'digits'"):
        load_dataset("mnist", cache_dir=tmp_path, allow_download=False)


def test_mnist_download_hash_mismatch(tmp_path, fake_hashes, monkeypatch):
    bad = dict(FAKE)
    bad["train-images-idx3-ubyte.gz"] = gzip.compress(idx_bytes(np.ones((6, 28, 28))), mtime=0)
    monkeypatch.setattr(urllib.request, "urlopen", serve(bad))
    with pytest.raises(DatasetUnavailable, match="hash mismatch") as info:
        load_dataset("mnist", cache_dir=tmp_path)
    assert "digits" in str(info.value)
    assert list(tmp_path.iterdir()) == []  # the bad download was deleted


def test_mnist_cached_hash_mismatch(fake_mnist):
    bad = fake_mnist / "train-labels-idx1-ubyte.gz"
    bad.write_bytes(gzip.compress(idx_bytes(np.zeros(6)), mtime=0))
    with pytest.raises(DatasetUnavailable, match="hash mismatch"):
        load_dataset("mnist", cache_dir=fake_mnist, allow_download=False)
    assert not bad.exists()


def test_mnist_cached_hash_mismatch_redownloads(fake_mnist, monkeypatch):
    bad = fake_mnist / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(b"garbage")
    monkeypatch.setattr(urllib.request, "urlopen", serve(FAKE))
    assert load_dataset("mnist", cache_dir=fake_mnist).X.shape == (10, 784)
    assert bad.read_bytes() == FAKE["t10k-labels-idx1-ubyte.gz"]


def test_mnist_corrupt_idx_with_matching_hash(tmp_path, monkeypatch):
    files = dict(FAKE)
    files["train-labels-idx1-ubyte.gz"] = gzip.compress(idx_bytes(np.zeros(5)), mtime=0)
    table = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    monkeypatch.setattr(datasets, "MNIST_SHA256", table)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with pytest.raises(DatasetUnavailable, match="disagree"):
        load_dataset("mnist", cache_dir=tmp_path, allow_download=False)


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert datasets.default_cache_dir() == tmp_path / "init-explorer" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert datasets.default_cache_dir() == tmp_path / "home" / ".cache" / "init-explorer" / "mnist"


def test_engine_imports_no_ui_or_sklearn():
    source = (ROOT / "explorer" / "data" / "datasets.py").read_text()
    for banned in ("sklearn", "pandas", "streamlit", "altair"):
        assert f"import {banned}" not in source and f"from {banned}" not in source
    assert "from PIL" not in source.split("def load_image", 1)[0]  # Pillow only lazily
    assert "explorer.data.datasets" in sys.modules


# --------------------------------------------------------------------------- user images


def encode(im: Image.Image, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kwargs)
    return buf.getvalue()


def digit_like(dark_on_light: bool, size=(120, 120)) -> Image.Image:
    bg, ink = (255, 0) if dark_on_light else (0, 255)
    im = Image.new("L", size, bg)
    w, h = size
    ImageDraw.Draw(im).rectangle((w * 3 // 8, h // 4, w * 5 // 8, h * 3 // 4), fill=ink)
    return im


def centre_minus_border(x: np.ndarray, shape) -> float:
    img = x.reshape(shape)
    h, w = shape
    centre = img[h // 4 : h - h // 4, w // 4 : w - w // 4].mean()
    border = np.concatenate([img[0], img[-1], img[:, 0], img[:, -1]]).mean()
    return float(centre - border)


def test_load_image_png_dark_on_light_inverted():
    x = load_image(encode(digit_like(True), "PNG"), (8, 8))
    assert x.shape == (64,) and x.dtype == np.float64
    assert x.min() == 0.0 and x.max() == 1.0
    assert centre_minus_border(x, (8, 8)) > 0.4  # bright ink on a dark background
    assert x.reshape(8, 8)[0].max() == 0.0


def test_load_image_jpeg_rgb_28():
    im = digit_like(True, size=(90, 90)).convert("RGB")
    x = load_image(encode(im, "JPEG", quality=90), (28, 28))
    assert x.shape == (784,) and 0.0 <= x.min() and x.max() <= 1.0
    assert centre_minus_border(x, (28, 28)) > 0.3


def test_load_image_light_on_dark_kept():
    a = load_image(encode(digit_like(False), "PNG"), (8, 8))
    b = load_image(encode(digit_like(True), "PNG"), (8, 8))
    assert centre_minus_border(a, (8, 8)) > 0.4
    np.testing.assert_allclose(a, b, atol=1e-12)


def test_load_image_keeps_aspect():
    im = Image.new("L", (400, 100), 0)
    ImageDraw.Draw(im).rectangle((150, 0, 249, 99), fill=255)  # a square in a wide strip
    img = load_image(encode(im, "PNG"), (8, 8)).reshape(8, 8)
    rows = np.flatnonzero(img.max(axis=1) > 0.5)
    cols = np.flatnonzero(img.max(axis=0) > 0.5)
    assert len(rows) == len(cols) == 2  # still a square, centred
    assert rows.tolist() == cols.tolist() == [3, 4]


def test_load_image_transparent_background():
    im = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(im).rectangle((24, 12, 40, 52), fill=(10, 10, 10, 255))
    x = load_image(encode(im, "PNG"), (8, 8))
    assert centre_minus_border(x, (8, 8)) > 0.4


def test_load_image_16_bit_and_palette():
    a = np.zeros((40, 40), np.uint16)
    a[10:30, 15:25] = 60000
    x = load_image(encode(Image.fromarray(a), "PNG"), (8, 8))
    assert centre_minus_border(x, (8, 8)) > 0.4
    p = digit_like(False).convert("P")
    assert load_image(encode(p, "PNG"), (8, 8)).shape == (64,)


def test_load_image_extreme_aspect():
    # 1,000,000 × 1 pixels: padding before shrinking would need a 10^12-pixel canvas
    x = load_image(huge_png(1_000_000, 1), (8, 8))
    assert x.shape == (64,) and np.array_equal(x, np.zeros(64))
    im = Image.new("L", (20, 2000), 0)
    ImageDraw.Draw(im).rectangle((8, 0, 11, 1999), fill=255)  # a tall thin bar
    img = load_image(encode(im, "PNG"), (8, 8)).reshape(8, 8)
    assert img.max() == 1.0
    assert (img[:, 3:5] > 0).all() and img[:, :3].max() == img[:, 5:].max() == 0.0


def test_load_image_blank_is_zero():
    x = load_image(encode(Image.new("L", (30, 30), 200), "PNG"), (8, 8))
    assert np.array_equal(x, np.zeros(64))


@pytest.mark.parametrize("shape", [(8,), (0, 8), (8, 8.0), "8x8"])
def test_load_image_bad_shape(shape):
    with pytest.raises(ValueError, match="image_shape"):
        load_image(encode(digit_like(True), "PNG"), shape)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit PNG of any size, built cheaply (rows of zeros compress well)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    comp = zlib.compressobj(1)
    row = bytes(1 + (width + 7) // 8)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def _noise(mode="L", size=(64, 64)) -> Image.Image:
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, size=size[::-1], dtype=np.uint8)).convert(mode)


def _apng() -> bytes:
    frames = [digit_like(True), digit_like(False)]
    data = encode(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 2
    return data


def _flipped_png() -> bytes:
    png = bytearray(encode(_noise(), "PNG"))
    png[len(png) // 2] ^= 0xFF  # breaks the IDAT CRC
    return bytes(png)


def _cut(data: bytes, fraction: float) -> bytes:
    return data[: int(len(data) * fraction)]


# (id, how to make the upload, expected message); built lazily so collection stays cheap
BAD_UPLOADS = [
    ("empty", lambda: b"", "The file is empty"),
    ("random bytes", lambda: np.random.default_rng(2).bytes(4000), "not an image"),
    ("text", lambda: b"hello, this is a text file\n" * 20, "not an image"),
    ("truncated png", lambda: _cut(encode(_noise(), "PNG"), 2 / 3), "corrupt or truncated"),
    ("bad crc png", _flipped_png, "corrupt or truncated"),
    ("truncated jpeg", lambda: _cut(encode(_noise("RGB"), "JPEG"), 1 / 2), "corrupt or trunc"),
    ("png header only", lambda: encode(_noise(), "PNG")[:40], "corrupt or truncated"),
    ("gif", lambda: encode(digit_like(True), "GIF"), "GIF files are not supported"),
    ("bmp", lambda: encode(digit_like(True), "BMP"), "BMP files are not supported"),
    ("animated png", _apng, "Animated images are not supported"),
    (
        "over 5 MB",
        lambda: np.random.default_rng(1).bytes(5 * 1024 * 1024 + 1),
        r"The file is 5\.1 MB; the limit is 5 MB",
    ),
    ("30 megapixels", lambda: huge_png(6000, 5000), r"6000×5000 pixels .*limit is 25 megap"),
    ("100 megapixels", lambda: huge_png(10000, 10000), "too many pixels|megapixels"),
    ("400 megapixels", lambda: huge_png(20000, 20000), "too many pixels"),
]


@pytest.mark.parametrize(
    ("make", "message"), [c[1:] for c in BAD_UPLOADS], ids=[c[0] for c in BAD_UPLOADS]
)
def test_load_image_rejects(make, message):
    with pytest.raises(ImageError, match=message):
        load_image(make(), (8, 8))


def test_image_error_is_value_error():
    assert issubclass(ImageError, ValueError)
    assert issubclass(DatasetUnavailable, RuntimeError)


def test_load_image_custom_limits():
    data = encode(digit_like(True), "PNG")
    with pytest.raises(ImageError, match="the limit is"):
        load_image(data, (8, 8), max_bytes=len(data) - 1)
    with pytest.raises(ImageError, match="megapixels"):
        load_image(data, (8, 8), max_pixels=100 * 100)
    assert load_image(data, (8, 8), max_bytes=len(data), max_pixels=120 * 120).shape == (64,)
