"""MNIST: download from public mirrors, SHA-256 check, on-disk cache, IDX parsing.

Scope: :func:`mnist_arrays` returns the 70,000 MNIST images and labels as read-only
``uint8`` arrays, parsed once per process by the pure-NumPy :func:`parse_idx`; the four
gzipped IDX files are downloaded once (from the first of :data:`MNIST_MIRRORS` that answers),
checked against :data:`MNIST_SHA256` and kept in :func:`default_cache_dir`. Anything that
goes wrong (offline, download disabled, a bad or corrupt file) is a
:class:`DatasetUnavailable` whose message suggests the built-in digits.
:func:`explorer.data.datasets.load_dataset` turns the arrays into a ``Dataset``. NumPy and
the standard library only.

References
----------
.. [1] LeCun, Bottou, Bengio, Haffner (1998). Gradient-based learning applied to document
   recognition. Proc. IEEE. (MNIST: http://yann.lecun.com/exdb/mnist/)
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import math
import os
import tempfile
import threading
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import numpy as np

__all__ = [
    "MNIST_MIRRORS",
    "MNIST_SHA256",
    "DatasetUnavailable",
    "default_cache_dir",
    "mnist_arrays",
    "parse_idx",
]


class DatasetUnavailable(RuntimeError):
    """A dataset could not be obtained (offline, download disabled, or a bad download)."""


# SHA-256 digests of the four gzipped IDX files (the same bytes on every mirror). Copied from
# torchvision (pytorch/vision, torchvision/prototype/datasets/_builtin/mnist.py, MNIST
# _CHECKSUMS), identical to TensorFlow Datasets (tensorflow/datasets,
# tensorflow_datasets/url_checksums/mnist.txt, which also gives the sizes: 9,912,422, 28,881,
# 1,648,877 and 4,542 bytes) and to several other independent projects. torchvision's classic
# MNIST class publishes MD5s instead (f68b3c2dcbeaaa9fbdd348bbdeb94873,
# d53e105ee54ea40749a09fcbcd1e9432, 9fb629c4189551a2d022fa330f9573f3,
# ec29112dd5afa0611ce80d1b7f02629c, in this order); SHA-256 is used here.
MNIST_SHA256: dict[str, str] = {
    "train-images-idx3-ubyte.gz": (
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"
    ),
    "train-labels-idx1-ubyte.gz": (
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"
    ),
    "t10k-images-idx3-ubyte.gz": (
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"
    ),
    "t10k-labels-idx1-ubyte.gz": (
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"
    ),
}

# Tried in order. The first is PyTorch's, the second TensorFlow's; LeCun's original page is
# the last resort (it has at times refused downloads).
MNIST_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

DOWNLOAD_TIMEOUT = 10.0  # seconds, per connection attempt and per read
_MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the largest file is 9.9 MB
_OFFLINE_HINT = "The built-in 'digits' dataset works offline."

_IDX_MAGIC = {0x00000801: "labels", 0x00000803: "images"}


def parse_idx(data: bytes) -> np.ndarray:
    """Parse an IDX file (the MNIST format), gzipped or not.

    The header is a big-endian magic number ``0x0000TTNN`` (``TT`` the element type, here
    only ``0x08`` unsigned byte; ``NN`` the number of dimensions), then one big-endian uint32
    per dimension, then the elements in row-major order.

    Parameters
    ----------
    data : bytes
        The file's content; gzip data (starting with ``1f 8b``) is decompressed first.

    Returns
    -------
    numpy.ndarray, uint8
        Shape (count,) for a labels file (magic ``0x00000801``) or (count, rows, cols) for an
        images file (magic ``0x00000803``). Read-only.

    Raises
    ------
    ValueError
        Corrupt gzip data, an unknown magic number or element type, or a length that does
        not match the header.

    References
    ----------
    .. [1] LeCun, Cortes, Burges. The MNIST database, "file formats" section.
    """
    data = bytes(data)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"corrupt gzip data in IDX file: {exc}") from exc
    if len(data) < 4:
        raise ValueError(f"not an IDX file: {len(data)} bytes, too short for a header")
    magic = int.from_bytes(data[:4], "big")
    if magic not in _IDX_MAGIC:
        if data[:2] == b"\0\0" and data[2] != 0x08:
            raise ValueError(
                f"unsupported IDX element type 0x{data[2]:02X}; only unsigned byte (0x08)"
            )
        raise ValueError(
            f"not an MNIST IDX file: magic number 0x{magic:08X}, expected 0x00000801 "
            "(labels) or 0x00000803 (images)"
        )
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"truncated IDX header: {len(data)} bytes, expected {header}")
    dims = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = math.prod(dims)
    got = len(data) - header
    if got != expected:
        what = "truncated" if got < expected else "trailing bytes in"
        raise ValueError(
            f"{what} IDX {_IDX_MAGIC[magic]} file: header says {dims} = {expected} bytes "
            f"of data, found {got}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/init-explorer/mnist``, or ``~/.cache/init-explorer/mnist``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "init-explorer" / "mnist"


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _download(fname: str, dest: Path, expected: str) -> None:
    """Fetch ``fname`` from the mirrors into ``dest`` (temp file + atomic rename).

    Raises DatasetUnavailable when every mirror fails; a file that arrives with the wrong
    SHA-256 is deleted and never reaches ``dest``.
    """
    failures = []
    mismatch = False
    for mirror in MNIST_MIRRORS:
        url = mirror + fname
        tmp = None
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{fname}.", suffix=".part")
            h = hashlib.sha256()
            total = 0
            with os.fdopen(fd, "wb") as out:
                # urlopen is looked up at call time so tests can monkeypatch it.
                with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as resp:
                    while chunk := resp.read(1 << 16):
                        total += len(chunk)
                        if total > _MAX_DOWNLOAD_BYTES:
                            raise OSError(f"more than {_MAX_DOWNLOAD_BYTES} bytes")
                        h.update(chunk)
                        out.write(chunk)
            digest = h.hexdigest()
            if digest != expected:
                mismatch = True
                failures.append(f"{url}: SHA-256 mismatch (got {digest[:12]}…)")
                continue
            os.replace(tmp, dest)
            tmp = None
            return
        except (OSError, http.client.HTTPException, ValueError) as exc:
            # URLError, HTTPError, timeouts and refused connections are OSErrors.
            reason = getattr(exc, "reason", None) or exc
            failures.append(f"{url}: {reason}")
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    if mismatch:
        raise DatasetUnavailable(
            f"MNIST file {fname} was downloaded but failed its SHA-256 check (hash mismatch); "
            f"the bad file was deleted. {_OFFLINE_HINT} Details: {'; '.join(failures)}"
        )
    raise DatasetUnavailable(
        f"MNIST could not be downloaded ({fname}); check the internet connection. "
        f"{_OFFLINE_HINT} Details: {'; '.join(failures)}"
    )


def _ensure_file(fname: str, directory: Path, allow_download: bool) -> Path:
    """Return the path of a cached, verified MNIST file, downloading it if allowed."""
    path = directory / fname
    expected = MNIST_SHA256[fname]
    if path.is_file():
        if _sha256_file(path) == expected:
            return path
        path.unlink()
        if not allow_download:
            raise DatasetUnavailable(
                f"the cached MNIST file {path} failed its SHA-256 check (hash mismatch) and "
                f"was deleted; downloading is disabled. {_OFFLINE_HINT}"
            )
    elif not allow_download:
        raise DatasetUnavailable(
            f"MNIST is not in the cache ({path} is missing) and downloading is disabled. "
            f"{_OFFLINE_HINT}"
        )
    _download(fname, path, expected)
    return path


_mnist_cache: dict[str, tuple[np.ndarray, np.ndarray, tuple[int, int]]] = {}
_mnist_lock = threading.Lock()


def mnist_arrays(
    directory: Path, allow_download: bool
) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """All of MNIST, training images first, parsed once per directory and process.

    Parameters
    ----------
    directory : Path
        The cache directory of the four ``.gz`` files.
    allow_download : bool
        Whether missing or bad files may be downloaded.

    Returns
    -------
    X : ndarray of uint8, shape (n, rows * cols)
        ``n = 70000`` for MNIST. Read-only; later calls return the same arrays.
    y : ndarray of uint8, shape (n,)
    image_shape : tuple of int
        ``(rows, cols)``, ``(28, 28)``.

    Raises
    ------
    DatasetUnavailable
        When a file cannot be had, fails its SHA-256 check or is corrupt.
    """
    key = str(directory.resolve())
    with _mnist_lock:
        if key in _mnist_cache:
            return _mnist_cache[key]
        parts = []
        for prefix in ("train", "t10k"):
            names = (f"{prefix}-images-idx3-ubyte.gz", f"{prefix}-labels-idx1-ubyte.gz")
            arrays = []
            for fname in names:
                path = _ensure_file(fname, directory, allow_download)
                try:
                    arrays.append(parse_idx(path.read_bytes()))
                except ValueError as exc:
                    raise DatasetUnavailable(f"MNIST file {path} is corrupt: {exc}") from exc
            images, labels = arrays
            if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
                raise DatasetUnavailable(
                    f"MNIST {prefix} files disagree: images {images.shape}, labels {labels.shape}"
                )
            if labels.size and labels.max() > 9:
                raise DatasetUnavailable(f"MNIST {prefix} labels go up to {labels.max()}")
            parts.append((images, labels))
        (tr_x, tr_y), (te_x, te_y) = parts
        if tr_x.shape[1:] != te_x.shape[1:]:
            raise DatasetUnavailable(
                f"MNIST image sizes differ: train {tr_x.shape[1:]}, test {te_x.shape[1:]}"
            )
        X = np.concatenate([tr_x, te_x]).reshape(len(tr_x) + len(te_x), -1)
        y = np.concatenate([tr_y, te_y])
        X.flags.writeable = y.flags.writeable = False
        rows, cols = tr_x.shape[1:]
        _mnist_cache[key] = (X, y, (int(rows), int(cols)))
        return _mnist_cache[key]
