"""Tests for explorer.data.uploads: user images turned into input rows, and every kind of
file that must be refused with a message for the user."""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw

from explorer.data.uploads import ImageError, load_image
from explorer.ui.i18n import err_text, set_lang


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
    ("100 megapixels", lambda: huge_png(10000, 10000), "too many pixels; the limit is 25 meg"),
    ("400 megapixels", lambda: huge_png(20000, 20000), "too many pixels"),
]


@pytest.mark.parametrize(
    ("make", "message"), [c[1:] for c in BAD_UPLOADS], ids=[c[0] for c in BAD_UPLOADS]
)
def test_load_image_rejects(make, message):
    assert re.search(message, refusal(make())), refusal(make())


def refusal(data: bytes, lang: str = "en", **limits) -> str:
    """The message the app shows for an upload ``load_image`` refuses."""
    with pytest.raises(ImageError) as e:
        load_image(data, (8, 8), **limits)
    assert e.value.key.startswith("upload_"), e.value
    set_lang(lang)
    try:
        return err_text(e.value)
    finally:
        set_lang("en")


@pytest.mark.parametrize("make", [c[1] for c in BAD_UPLOADS], ids=[c[0] for c in BAD_UPLOADS])
def test_every_refusal_is_said_in_korean(make):
    text = refusal(make(), "ko")
    assert re.search("[가-힣]", text) and "{" not in text, text


def test_a_bomb_between_pils_two_limits_is_refused_without_a_warning():
    data = huge_png(10000, 10000)  # PIL warns (does not raise) from 89 to 179 megapixels
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert "too many pixels" in refusal(data)
    assert not seen, [str(w.message) for w in seen]


def test_image_error_is_value_error():
    assert issubclass(ImageError, ValueError)


def test_load_image_custom_limits():
    data = encode(digit_like(True), "PNG")
    assert "the limit is" in refusal(data, max_bytes=len(data) - 1)
    assert "megapixels" in refusal(data, max_pixels=100 * 100)
    assert load_image(data, (8, 8), max_bytes=len(data), max_pixels=120 * 120).shape == (64,)
