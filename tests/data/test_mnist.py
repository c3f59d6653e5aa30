"""Tests for explorer.data.mnist: the IDX parser, and MNIST's download, checksums and cache.

Nothing here touches the network: an autouse fixture (conftest.py) replaces
``urllib.request.urlopen`` with one that fails, and the tests build small IDX files of their
own (mnist_files.py).
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import urllib.error
import urllib.request

import numpy as np
import pytest
from mnist_files import FAKE, MNIST_NAMES, idx_bytes, serve

from explorer.data import mnist
from explorer.data.datasets import load_dataset
from explorer.data.mnist import DatasetUnavailable, parse_idx

# --------------------------------------------------------------------------- IDX parser


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


def test_dataset_unavailable_is_a_runtime_error():
    assert issubclass(DatasetUnavailable, RuntimeError)


def test_real_hash_table():
    assert set(mnist.MNIST_SHA256) == set(MNIST_NAMES)
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in mnist.MNIST_SHA256.values())
    assert mnist.MNIST_MIRRORS[0].startswith("https://")


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
    assert [url for url, _ in calls] == [mnist.MNIST_MIRRORS[0] + n for n in MNIST_NAMES]
    assert all(timeout == pytest.approx(10.0) for _, timeout in calls)


def test_mnist_mirror_fallback(tmp_path, fake_hashes, monkeypatch):
    calls = []
    first = mnist.MNIST_MIRRORS[0].split("/")[2]
    monkeypatch.setattr(urllib.request, "urlopen", serve(FAKE, calls, fail_hosts=(first,)))
    ds = load_dataset("mnist", cache_dir=tmp_path)
    assert ds.X.shape == (10, 784)
    assert calls[1][0] == mnist.MNIST_MIRRORS[1] + MNIST_NAMES[0]


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
    monkeypatch.setattr(mnist, "MNIST_SHA256", table)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with pytest.raises(DatasetUnavailable, match="disagree"):
        load_dataset("mnist", cache_dir=tmp_path, allow_download=False)


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert mnist.default_cache_dir() == tmp_path / "init-explorer" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert mnist.default_cache_dir() == tmp_path / "home" / ".cache" / "init-explorer" / "mnist"
