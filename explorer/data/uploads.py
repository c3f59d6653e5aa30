"""User uploads: a PNG or JPEG drawing turned into one input row like a dataset's images.

Scope: :func:`load_image` and what it refuses. Every file a user uploads is checked before
it is decoded (size, format by its signature, pixel count against decompression bombs) and
rejected with an :class:`ImageError` keyed for the UI's words (``err_upload_*``); what passes is
turned into bright ink on a dark background, the way the digits and MNIST are drawn. Pillow
is imported inside :func:`load_image` only; NumPy and the standard library otherwise.
"""

from __future__ import annotations

import io
import math
import warnings

import numpy as np

from explorer.engine.checks import ConfigError, check_int

__all__ = ["MAX_UPLOAD_BYTES", "MAX_UPLOAD_PIXELS", "ImageError", "load_image"]


class ImageError(ConfigError):
    """A user-uploaded image was rejected: ``key`` (``upload_empty``, ``upload_bytes``, ...)
    and ``params`` name why, for the UI to say in the page's language."""


def _refuse(key: str, **params) -> ImageError:
    """The :class:`ImageError` ``upload_<key>``."""
    return ImageError.keyed(f"upload_{key}", **params)


MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_PIXELS = 25_000_000
MAX_IMAGE_SIDE = 4096  # the largest image_shape side load_image makes
_WORK_SIDE = 1024  # uploads are shrunk to at most this side before padding

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"%PDF", "PDF"),
    (b"<svg", "SVG"),
    (b"<?xml", "XML/SVG"),
)


def _sniff(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return "HEIC/AVIF"
    for sig, kind in _SIGNATURES:
        if data.startswith(sig):
            return kind
    return None


def _mb(nbytes: float, *, up: bool = False) -> float:
    """Megabytes for a message; ``up`` rounds up to 0.1 so 5 MB + 1 byte reads 5.1."""
    mb = nbytes / (1024 * 1024)
    return math.ceil(mb * 10) / 10 if up else mb


def load_image(
    data: bytes,
    image_shape: tuple[int, int],
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_pixels: int = MAX_UPLOAD_PIXELS,
) -> np.ndarray:
    """Turn an uploaded PNG or JPEG into one input row like a dataset's images.

    Steps: check size and format; decode fully (Pillow); apply the EXIF orientation; flatten
    transparency onto a background that contrasts with the drawing; convert to grayscale;
    shrink to at most 1024 pixels a side; pad to the target aspect ratio with the border
    colour, centred (so the drawing keeps its aspect ratio); shrink by area averaging
    (``BOX``, like the UCI digits, which count ink in 4×4 blocks of 32×32 bitmaps;
    ``LANCZOS`` when enlarging); **invert when the border is brighter than the centre**,
    because the digits and MNIST are white ink on black while a photo or scan is usually dark
    ink on white paper; and stretch the contrast so the result spans ``[0, 1]`` (a blank
    image gives all zeros).

    Parameters
    ----------
    data : bytes
        The uploaded file.
    image_shape : tuple of int (height, width)
        The dataset's ``image_shape``, e.g. ``(8, 8)`` or ``(28, 28)``.
    max_bytes : int, default 5 MB
        Larger files are rejected before decoding.
    max_pixels : int, default 25,000,000
        Larger images (width × height) are rejected before decoding (decompression bombs).

    Returns
    -------
    numpy.ndarray, shape (height * width,), float64
        Pixel intensities in ``[0, 1]``, row-major, bright ink on a dark background.

    Raises
    ------
    ImageError
        Keyed ``upload_<why>`` for the UI's words: ``empty``, ``bytes`` (file too large),
        ``not_image``, ``format`` (not a PNG or JPEG), ``corrupt`` (or truncated), ``bomb``
        and ``pixels`` (too many pixels), ``animated``, ``decode`` (out of memory).
    ValueError
        ``image_shape`` is not a pair of positive integers.
    """
    if not isinstance(image_shape, tuple | list) or len(image_shape) != 2:
        raise ValueError(f"image_shape must be a pair (height, width), got {image_shape!r}")
    height = check_int("image_shape[0]", image_shape[0], 1, MAX_IMAGE_SIDE)
    width = check_int("image_shape[1]", image_shape[1], 1, MAX_IMAGE_SIDE)
    if not data:
        raise _refuse("empty")
    if len(data) > max_bytes:
        raise _refuse("bytes", mb=_mb(len(data), up=True), limit=_mb(max_bytes))
    kind = _sniff(bytes(data[:16]))
    if kind is None:
        raise _refuse("not_image")
    if kind not in ("PNG", "JPEG"):
        raise _refuse("format", kind=kind)

    from PIL import Image, ImageOps

    def corrupt() -> ImageError:
        return _refuse("corrupt", kind=kind)

    def open_checked() -> Image.Image:
        try:
            with warnings.catch_warnings():
                # PIL only warns between 89 and 179 megapixels; refuse those too, without
                # a warning in the server's log
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                im = Image.open(io.BytesIO(data), formats=["PNG", "JPEG"])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _refuse("bomb", limit=max_pixels / 1e6) from exc
        except Exception as exc:  # UnidentifiedImageError, SyntaxError, struct.error, ...
            raise corrupt() from exc
        w, h = im.size
        if w * h > max_pixels:
            raise _refuse("pixels", w=w, h=h, mp=w * h / 1e6, limit=max_pixels / 1e6)
        if w < 1 or h < 1:
            raise corrupt()
        if getattr(im, "n_frames", 1) > 1 or getattr(im, "is_animated", False):
            raise _refuse("animated")
        return im

    im = open_checked()
    try:
        im.verify()  # checks PNG chunk CRCs; the image cannot be used afterwards
    except Exception as exc:
        raise corrupt() from exc
    im = open_checked()
    try:
        im.load()  # full decode: raises on truncated data
        im = ImageOps.exif_transpose(im) or im
        gray = _to_gray(im)
    except ImageError:
        raise
    except MemoryError as exc:
        raise _refuse("decode") from exc
    except Exception as exc:
        raise corrupt() from exc

    # Shrink before padding: a 25,000,000 × 1 image must not become a square canvas of
    # 25,000,000² pixels. 1024 is far above any dataset's image size.
    if max(gray.size) > _WORK_SIDE:
        gray.thumbnail((_WORK_SIDE, _WORK_SIDE), Image.Resampling.BOX)
    gray = _pad_to_aspect(gray, width / height)
    method = Image.Resampling.BOX if gray.width >= width else Image.Resampling.LANCZOS
    small = np.asarray(gray.resize((width, height), method), dtype=np.float64) / 255.0
    probe = np.asarray(gray.resize((32, 32), Image.Resampling.BOX), dtype=np.float64)
    ring = np.ones((32, 32), bool)
    ring[4:-4, 4:-4] = False
    if probe[ring].mean() > probe[8:-8, 8:-8].mean():
        small = 1.0 - small  # dark ink on light paper -> light ink on dark, like the data
    lo, hi = small.min(), small.max()
    small = (small - lo) / (hi - lo) if hi > lo else np.zeros_like(small)
    out = np.clip(small, 0.0, 1.0).reshape(-1)
    out.flags.writeable = False
    return out


def _to_gray(im):
    """Grayscale ``L`` image; transparency flattened onto a contrasting background."""
    from PIL import Image

    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):  # 16-bit PNG
        arr = np.clip(np.asarray(im), 0, 65535).astype(np.uint16)
        if arr.max(initial=0) > 255:
            arr >>= 8
        return Image.fromarray(arr.astype(np.uint8), "L")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif im.mode == "1":
        im = im.convert("L")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info:
        rgba = im.convert("RGBA").convert("LA")
        lum, alpha = rgba.split()
        # Background: white under dark ink, black under light ink (judged on opaque pixels).
        probe_l = np.asarray(lum.reduce(max(1, max(im.size) // 256)), dtype=np.float64)
        probe_a = np.asarray(alpha.reduce(max(1, max(im.size) // 256)), dtype=np.float64)
        weight = probe_a.sum()
        ink = (probe_l * probe_a).sum() / weight if weight > 0 else 0.0
        bg = Image.new("L", im.size, 255 if ink < 128 else 0)
        bg.paste(lum, mask=alpha)
        return bg
    return im.convert("L")


def _pad_to_aspect(gray, aspect: float):
    """Pad an ``L`` image to ``width / height == aspect`` with its median border colour."""
    from PIL import Image

    w, h = gray.size
    target_w = max(w, round(h * aspect))
    target_h = max(h, round(w / aspect))
    if (target_w, target_h) == (w, h):
        return gray
    a = np.asarray(gray)
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    canvas = Image.new("L", (target_w, target_h), int(np.median(border)))
    canvas.paste(gray, ((target_w - w) // 2, (target_h - h) // 2))
    return canvas
