"""Regenerate ``explorer/data/digits.npz`` from scikit-learn's bundled copy of UCI digits.

scikit-learn is a development-only dependency: the app reads the small ``.npz`` this script
writes and never imports scikit-learn. The file holds two arrays, stored as uint8:

- ``X``: shape (1797, 64), the pixel counts 0..16 of the 8×8 images, row-major;
- ``y``: shape (1797,), the labels 0..9.

The output is deterministic: the zip entries get a fixed timestamp and fixed permissions,
so running the script twice gives the same bytes (with the same zlib).

Usage::

    python scripts/make_digits.py            # write explorer/data/digits.npz
    python scripts/make_digits.py --check    # exit 1 if the shipped file differs
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "explorer" / "data" / "digits.npz"

# 1980-01-01 is the earliest date a zip header can hold: a fixed, meaningless timestamp.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Return scikit-learn's digits as uint8 arrays.

    Returns
    -------
    X : numpy.ndarray, shape (1797, 64), uint8
        Pixel counts 0..16.
    y : numpy.ndarray, shape (1797,), uint8
        Labels 0..9.
    """
    from sklearn.datasets import load_digits  # dev-only dependency

    bunch = load_digits()
    data, target = np.asarray(bunch.data), np.asarray(bunch.target)
    if data.shape != (1797, 64) or target.shape != (1797,):
        raise SystemExit(f"unexpected digits shapes {data.shape}, {target.shape}")
    if not (np.array_equal(data, np.round(data)) and data.min() >= 0 and data.max() <= 16):
        raise SystemExit("digits pixels are not integers in 0..16")
    if target.min() < 0 or target.max() > 9:
        raise SystemExit("digits labels are not in 0..9")
    return data.astype(np.uint8), target.astype(np.uint8)


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Serialize arrays as a deterministic compressed ``.npz`` (readable by ``np.load``).

    Parameters
    ----------
    arrays : dict of str to numpy.ndarray
        Name -> array; written in the given order, without pickles.

    Returns
    -------
    bytes
        The zip file.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arr), allow_pickle=False)
            zf.writestr(info, member.getvalue(), compresslevel=9)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output path (default {OUT})")
    args = parser.parse_args(argv)

    X, y = digits_arrays()
    data = npz_bytes({"X": X, "y": y})
    if args.check:
        if not args.out.exists():
            print(f"{args.out} is missing")
            return 1
        with np.load(args.out, allow_pickle=False) as f:
            same = np.array_equal(f["X"], X) and np.array_equal(f["y"], y)
            same = same and f["X"].dtype == np.uint8 and f["y"].dtype == np.uint8
        print(f"{args.out}: {'up to date' if same else 'DIFFERS from scikit-learn'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
