"""Arrays of small images -> one crisp ``uint8`` grid picture, for the RBM and DBN views.

Scope: pure NumPy helpers, no I/O and no Streamlit.

- :func:`to_uint8` maps intensities in ``[0, 1]`` to ``0 .. 255``.
- :func:`normalize_filters` maps each filter (a row of weights) to ``0 .. 255``
  *symmetrically around 0*: ``0`` -> mid grey (128), the filter's largest ``|w|`` -> black or
  white, so the sign of every weight reads the same way in every filter.
- :func:`upscale` repeats every pixel ``factor × factor`` times (nearest neighbour), so an
  8×8 digit drawn 56 px wide stays a sharp 8×8 mosaic instead of a browser-smoothed blur.
- :func:`tile` lays ``n`` flattened images out in a grid with 1-px separators between (and
  around) the tiles, each tile upscaled by an integer factor first; the separators stay 1 px.
- :func:`scale_for` picks the integer factor that draws an image about ``target`` px wide.

Every function returns a new array and leaves its inputs alone.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["SEPARATOR", "normalize_filters", "scale_for", "tile", "to_uint8", "upscale"]

#: Default grey level of the separator lines: mid grey shows against both the black
#: background and the white ink of the digits (filters, grey around 0, want white lines).
SEPARATOR = 128


def to_uint8(X) -> np.ndarray:
    """Intensities in ``[0, 1]`` -> ``uint8`` ``0 .. 255`` (rounded to nearest, clipped).

    Parameters
    ----------
    X : array_like of float
        Any shape; values outside ``[0, 1]`` are clipped, NaN becomes 0.

    Returns
    -------
    ndarray of uint8, same shape
    """
    A = np.nan_to_num(np.asarray(X, dtype=np.float64), nan=0.0, posinf=1.0, neginf=0.0)
    return np.rint(np.clip(A, 0.0, 1.0) * 255.0).astype(np.uint8)


def normalize_filters(F) -> np.ndarray:
    """Each row mapped to ``0 .. 255`` symmetrically around 0: ``128 + 127 · w / max|w|``.

    Parameters
    ----------
    F : array_like, shape (n, d)
        One filter per row, e.g. ``rbm.W.T`` (the weights into each hidden unit).

    Returns
    -------
    ndarray of uint8, shape (n, d)
        ``w = 0`` -> 128, ``w = max|w|`` of its row -> 255, ``w = -max|w|`` -> 1. An all-zero
        (or non-finite) row is all 128.
    """
    F = np.asarray(F, dtype=np.float64)
    if F.ndim != 2:
        raise ValueError(f"F must be 2-D (n, d), got shape {F.shape}")
    F = np.nan_to_num(F, nan=0.0, posinf=0.0, neginf=0.0)
    peak = np.abs(F).max(axis=1, keepdims=True, initial=0.0)
    scaled = np.divide(F, peak, out=np.zeros_like(F), where=peak > 0)
    return np.rint(128.0 + 127.0 * scaled).astype(np.uint8)


def upscale(img, factor: int) -> np.ndarray:
    """Nearest-neighbour upscaling: each pixel becomes a ``factor × factor`` block.

    Parameters
    ----------
    img : array_like, shape (h, w)
    factor : int
        >= 1.

    Returns
    -------
    ndarray, shape (h * factor, w * factor), same dtype
    """
    if isinstance(factor, bool) or int(factor) != factor or factor < 1:
        raise ValueError(f"factor must be an integer >= 1, got {factor!r}")
    A = np.asarray(img)
    if A.ndim != 2:
        raise ValueError(f"img must be 2-D (h, w), got shape {A.shape}")
    f = int(factor)
    return np.repeat(np.repeat(A, f, axis=0), f, axis=1)


def scale_for(image_shape: tuple[int, int], target: int = 56) -> int:
    """The integer upscaling factor that draws an image about ``target`` pixels on its long side.

    ``(8, 8)`` -> 7, ``(4, 4)`` -> 14, ``(28, 28)`` -> 2; at least 1.
    """
    return max(1, round(target / max(image_shape)))


def tile(
    X,
    image_shape: tuple[int, int],
    cols: int | None = None,
    scale: int = 1,
    sep: int = 1,
    sep_value: int = SEPARATOR,
    fill: int = 255,
) -> np.ndarray:
    """Lay out flattened images in one grid picture.

    Parameters
    ----------
    X : array_like, shape (n, h * w)
        One image per row, row-major. ``uint8`` rows are used as they are; any other dtype
        is read as intensities in ``[0, 1]`` (:func:`to_uint8`).
    image_shape : (h, w)
    cols : int or None
        Tiles per row; default ``ceil(sqrt(n))``. Rows are filled left to right, top to
        bottom; empty cells of the last row are filled with ``fill``.
    scale : int
        Integer upscaling factor of every tile (:func:`upscale`), >= 1.
    sep : int
        Width in pixels of the separator lines between tiles and around the grid (not
        scaled), >= 0.
    sep_value : int
        Grey level 0..255 of the separators.
    fill : int
        Grey level 0..255 of the empty cells (default white, like the page around).

    Returns
    -------
    ndarray of uint8, shape (rows * (h * scale + sep) + sep, cols * (w * scale + sep) + sep)
        Tile ``i`` has its top-left pixel at ``(sep + r * (h * scale + sep),
        sep + c * (w * scale + sep))`` with ``r, c = divmod(i, cols)``.
    """
    h, w = (int(s) for s in image_shape)
    A = np.asarray(X)
    if A.ndim != 2 or A.shape[1] != h * w:
        raise ValueError(f"X must have shape (n, {h * w}) for images {h}×{w}, got {A.shape}")
    n = A.shape[0]
    if n == 0:
        raise ValueError("X has no rows")
    if cols is None:
        cols = math.ceil(math.sqrt(n))
    if isinstance(cols, bool) or int(cols) != cols or cols < 1:
        raise ValueError(f"cols must be an integer >= 1, got {cols!r}")
    if isinstance(sep, bool) or int(sep) != sep or sep < 0:
        raise ValueError(f"sep must be an integer >= 0, got {sep!r}")
    for name, v in (("sep_value", sep_value), ("fill", fill)):
        if not 0 <= int(v) <= 255:
            raise ValueError(f"{name} must be in [0, 255], got {v!r}")
    if isinstance(scale, bool) or int(scale) != scale or scale < 1:
        raise ValueError(f"scale must be an integer >= 1, got {scale!r}")
    cols, sep, s = min(int(cols), n), int(sep), int(scale)
    U = A if A.dtype == np.uint8 else to_uint8(A)
    rows = math.ceil(n / cols)
    th, tw = h * s, w * s
    out = np.full((rows * (th + sep) + sep, cols * (tw + sep) + sep), int(sep_value), np.uint8)
    for i in range(n, rows * cols):  # empty cells, separators around them kept
        r, c = divmod(i, cols)
        y, x = sep + r * (th + sep), sep + c * (tw + sep)
        out[y : y + th, x : x + tw] = int(fill)
    for i in range(n):
        r, c = divmod(i, cols)
        y, x = sep + r * (th + sep), sep + c * (tw + sep)
        out[y : y + th, x : x + tw] = upscale(U[i].reshape(h, w), s)
    return out
