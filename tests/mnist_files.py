"""Small MNIST-like IDX files and a fake ``urlopen`` that serves them, for the data tests."""

from __future__ import annotations

import gzip
import io
import struct
import urllib.error

import numpy as np

MNIST_NAMES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


def idx_bytes(arr: np.ndarray) -> bytes:
    """Serialize a uint8 array of 1 or 3 dimensions as an IDX file."""
    arr = np.asarray(arr, dtype=np.uint8)
    header = struct.pack(">I", 0x0800 | arr.ndim) + struct.pack(f">{arr.ndim}I", *arr.shape)
    return header + arr.tobytes()


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
