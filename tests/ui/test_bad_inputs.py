"""Bad inputs and the message each one gets: the table the app's messages are checked against.

Every row is one input a user (or a shared link, or an upload) can give, and the key phrase of
the message it must get, or ``OK`` when the input is allowed (bounds themselves are allowed;
one step past them is not). The phrases say what is allowed, so a row reads as the rule.

Sections: hidden-layer text (:func:`explorer.services.signals.parse_layers`), link values
(:func:`explorer.services.urlstate.check_query`, a few also through the running app), uploads
(:func:`explorer.data.uploads.load_image`), numeric fields of
:class:`explorer.services.signals.SignalsConfig`, initializer parameters
(:meth:`explorer.services.signals.InitSpec.make`) and the memory cap
(:func:`explorer.services.signals.check_memory`).
"""

from __future__ import annotations

import io
import itertools
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from PIL import Image, ImageDraw
from streamlit.testing.v1 import AppTest

from explorer.data.uploads import MAX_UPLOAD_BYTES, ImageError, load_image
from explorer.engine.checks import ConfigError
from explorer.engine.initializers import INITIALIZERS
from explorer.engine.network import trace_nbytes
from explorer.services.signals import (
    MAX_BATCH,
    MAX_HIDDEN_LAYERS,
    MAX_INPUT_DIM,
    MAX_TRACE_MB,
    MAX_WIDTH,
    InitSpec,
    SignalsConfig,
    check_memory,
    compute_signals,
    parse_layers,
)
from explorer.services.urlstate import URL_KEYS, check_query, parse_query
from explorer.ui.i18n import TEXTS, err_text

ROOT = Path(__file__).resolve().parents[2]
EN = TEXTS["en"]
OK = None  # the input is allowed
LAYER_RULE = f"(1–{MAX_HIDDEN_LAYERS} layers, each 1–{MAX_WIDTH} units)"

# --------------------------------------------------------------------------- hidden layers

#: (what was typed, key phrase of the message or OK -> the widths it gives)
LAYER_TEXT = [
    ("abc", "'abc' is not a whole number"),
    ("", "No hidden layers given"),
    ("   ", "No hidden layers given"),
    ("0", "Width 0 is out of range"),
    ("-3", "Width -3 is out of range"),
    ("10,,20", "Entry 2 is empty (two commas in a row?)"),
    ("256, 128,", "Entry 3 is empty"),
    ("1e9", "'1e9' is not a whole number"),
    ("2.5", "'2.5' is not a whole number"),
    ("0x10", "'0x10' is not a whole number"),
    ("256;256", "'256;256' is not a whole number"),
    ("NaN", "'NaN' is not a whole number"),
    (
        ", ".join(["8"] * (MAX_HIDDEN_LAYERS + 1)),
        f"{MAX_HIDDEN_LAYERS + 1} hidden layers is too many",
    ),
    ("5000", "Width 5000 is out of range"),
    (str(MAX_WIDTH + 1), f"Width {MAX_WIDTH + 1} is out of range"),
    ("9" * 30, "is out of range"),
    ("1," * 1200 + "1", "The layer text is too long"),
    # allowed: the bounds, spacing, a sign, and digits of any script (read as numbers)
    ("1", OK),
    (str(MAX_WIDTH), OK),
    (", ".join(["8"] * MAX_HIDDEN_LAYERS), OK),
    (" 8 ,\t8  8 ", OK),
    ("+5", OK),
    ("２５６", OK),  # full-width digits, as a Korean or Japanese IME types them
    ("٢٥٦", OK),  # Arabic-Indic digits
]
LAYER_WIDTHS = {"２５６": (256,), "٢٥٦": (256,), "+5": (5,), " 8 ,\t8  8 ": (8, 8, 8)}


@pytest.mark.parametrize(("text", "phrase"), LAYER_TEXT, ids=[repr(r[0])[:24] for r in LAYER_TEXT])
def test_layer_text(text, phrase):
    if phrase is OK:
        widths = parse_layers(text)
        assert 1 <= len(widths) <= MAX_HIDDEN_LAYERS
        assert widths == LAYER_WIDTHS.get(text, widths)
        return
    with pytest.raises(ConfigError) as e:
        parse_layers(text)
    msg = err_text(e.value)  # the words the page shows
    assert phrase in msg, msg
    assert LAYER_RULE in msg, msg  # every layer message says what is allowed
    assert e.value.key and e.value.key.startswith("layers_")  # translatable
    # the same text in a link gets the same reason
    (notice,) = check_query({"layers": text})
    assert phrase in err_text(notice.error)


# --------------------------------------------------------------------------- link values

#: (URL key, value, key phrase of the notice's reason or OK). Every key of URL_KEYS has a row.
URL_VALUES = [
    ("lang", "fr", "The language must be one of en, ko"),
    ("present", "yes", "Presentation mode must be one of 1, 0, true, false"),
    ("tab", "Signals", "The tab must be one of signals, training, rbm, dbn"),
    ("step", "0", "The lesson's step must be a whole number from 1 to"),
    ("step", "x", "must be a whole number from 1 to"),
    ("data", "cifar", "The input data must be one of digits, gaussian, bars_stripes"),
    ("layers", "abc", "'abc' is not a whole number"),
    ("layers", "64,,64", "Entry 2 is empty"),
    ("layers", "x" * 5000, "The layer text is too long"),
    ("act", "sigmod", "The activation must be one of sigmoid, tanh, relu"),
    ("init", "xavier", "The initializer must be one of zeros, normal"),
    ("std", "0", "must be a number in [0.0001, 100]"),
    ("std", "100.5", "must be a number in [0.0001, 100]"),
    ("std", "nan", "must be a number in [0.0001, 100]"),
    ("std", "inf", "must be a number in [0.0001, 100]"),
    ("limit", "1e9", "must be a number in [0.0001, 100]"),
    ("gain", "abc", "must be a number in [0.01, 10]"),
    ("gain", "-1", "must be a number in [0.01, 10]"),
    ("seed", "-1", "must be a whole number from 0 to 4294967295"),
    ("seed", str(2**32), "must be a whole number from 0 to 4294967295"),
    ("seed", "1.5", "must be a whole number from 0 to 4294967295"),
    ("seed", "", "must be a whole number from 0 to 4294967295"),
    ("batch", "0", f"must be a whole number from 1 to {MAX_BATCH}"),
    ("batch", str(MAX_BATCH + 1), f"must be a whole number from 1 to {MAX_BATCH}"),
    ("dim", "0", f"must be a whole number from 1 to {MAX_INPUT_DIM}"),
    ("dim", str(MAX_INPUT_DIM + 1), f"must be a whole number from 1 to {MAX_INPUT_DIM}"),
    ("dtype", "float16", "The precision must be one of float32, float64"),
    ("mode", "both", "The view must be one of single, compare"),
    ("cmp", "zeros", "compare takes 2 to 5 initializers"),
    ("cmp", "zeros,he_normal,lecun_normal,xavier_normal,he_uniform,orthogonal", "2 to 5"),
    ("cmp", "zeros,bogus", "The initializer must be one of"),
    ("cmp", "normal:std=1000,zeros", "The std σ must be a number in [0.0001, 100], got 1000.0"),
    ("cmp", "normal:sd=1,zeros", "normal takes the parameters std, not sd"),
    ("bins", "9", "must be a whole number from 10 to 100"),
    ("bins", "101", "must be a whole number from 10 to 100"),
    ("shared", "yes", "A switch must be one of true, false"),
    ("nozero", "1", "A switch must be one of true, false"),
    # allowed: bounds and forms Python reads as the same number
    ("seed", "0", OK),
    ("seed", str(2**32 - 1), OK),
    ("std", "1e-4", OK),
    ("std", "100", OK),
    ("gain", "0.01", OK),
    ("batch", str(MAX_BATCH), OK),
    ("bins", "10", OK),
    ("layers", "２５６", OK),
    ("present", "1", OK),
    ("tab", "dbn", OK),
    ("step", "1", OK),
    ("unknown_key", "anything", OK),  # others' parameters are left alone
]


@pytest.mark.parametrize(
    ("key", "value", "phrase"),
    URL_VALUES,
    ids=[f"{k}={v[:16]}" for k, v, _ in URL_VALUES],
)
def test_link_value(key, value, phrase):
    notices = check_query({key: value})
    if phrase is OK:
        assert notices == []
        return
    assert len(notices) == 1, notices
    n = notices[0]
    assert (n.key, n.value) == (key, value[:60])
    reason = err_text(n.error)
    assert phrase in reason, reason


def test_every_url_key_has_a_bad_value_row():
    bad = {k for k, _, phrase in URL_VALUES if phrase is not OK}
    assert set(URL_KEYS) <= bad, set(URL_KEYS) - bad


def test_a_repeated_key_uses_its_last_value_and_says_so():
    """One rule for a repeated key (``?seed=1&seed=-1&seed=7``): the last value counts, as in
    Streamlit's own query parameters, and the notice names the value used."""
    (notice,) = check_query({"seed": ["1", "-1", "7"]})
    assert notice.error.key == "url_repeated"
    assert "given 3 times; the last value, 7, is used" in err_text(notice.error)
    values, notices = parse_query({"seed": ["1", "-1", "7"]})
    assert values["seed"] == 7 and [(n.key, n.value, n.error.key) for n in notices] == [
        ("seed", "1, -1, 7", "url_repeated")
    ]
    # a bad last value is reported too, and its default used instead
    notices = check_query({"seed": ["1", "x"]})
    assert [n.error.key for n in notices] == ["url_repeated", "int_range"]
    assert "seed" not in parse_query({"seed": ["1", "x"]})[0]


#: Through the running app (AppTest): the link -> the notice's line, and the value used instead.
APP_LINKS = [
    ({"act": "sigmod"}, "`act=sigmod`: The activation must be one of", ("act", "relu")),
    (
        {"seed": "-1"},
        "`seed=-1`: The seed must be a whole number from 0 to 4294967295",
        ("seed", 0),
    ),
    ({"layers": "10,,20"}, "`layers=10,,20`: Entry 2 is empty", ("layers", "256, " * 9 + "256")),
    (
        {"bins": "5"},
        "`bins=5`: The number of histogram bins must be a whole number from 10",
        ("bins", 40),
    ),
    ({"cmp": "zeros", "mode": "compare"}, "`cmp=zeros`: compare takes 2 to 5", ("mode", "compare")),
    (
        {"std": "0", "init": "normal"},
        "`std=0`: The std σ must be a number in [0.0001",
        ("std", 0.01),
    ),
]


@pytest.fixture
def clean_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.mark.parametrize(
    ("query", "line", "fallback"), APP_LINKS, ids=[str(q) for q, _, _ in APP_LINKS]
)
def test_link_notice_in_the_app(clean_cache, query, line, fallback):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    text = " ".join(w.value for w in at.warning)
    assert "could not be used" in text and line in text, text
    key, value = fallback
    assert at.session_state[key] == value
    assert not at.error, [e.value for e in at.error]  # the defaults are used; nothing breaks


def test_typing_bad_layers_keeps_the_links_valid_layers(clean_cache):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["layers"] = "8,16"
    at.run()
    at.text_input(key="layers").set_value("abc").run()
    assert not at.exception, at.exception
    assert "not a whole number" in " ".join(e.value for e in at.sidebar.error)
    assert at.query_params["layers"] == "8,16", "the link keeps the last valid layers"


# --------------------------------------------------------------------------- uploads


def _png(im: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **kw)
    return buf.getvalue()


def _encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def _digit() -> Image.Image:
    im = Image.new("L", (64, 64), 255)
    ImageDraw.Draw(im).rectangle((24, 12, 40, 52), fill=0)
    return im


def _noise(mode: str = "L") -> Image.Image:
    a = np.random.default_rng(0).integers(0, 256, size=(64, 64), dtype=np.uint8)
    return Image.fromarray(a).convert(mode)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _huge_png(width: int, height: int) -> bytes:
    """A valid black 1-bit PNG of any size, built without decoding it."""
    comp = zlib.compressobj(1)
    row = bytes(1 + (width + 7) // 8)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def _apng() -> bytes:
    frames = [_digit(), _digit().transpose(Image.Transpose.ROTATE_90)]
    return _png(frames[0], save_all=True, append_images=frames[1:], duration=100)


def _bad_crc() -> bytes:
    data = bytearray(_png(_noise()))
    data[len(data) // 2] ^= 0xFF
    return bytes(data)


#: (what was uploaded, how to make it, key phrase of the message or OK)
UPLOADS = [
    ("empty file", lambda: b"", "The file is empty. Upload a PNG or JPEG image."),
    ("text file", lambda: b"hello, not an image\n" * 10, "This file is not an image"),
    ("csv named .png", lambda: b"a,b\n1,2\n", "This file is not an image"),
    ("truncated PNG", lambda: _png(_noise())[:400], "The PNG file is corrupt or truncated"),
    ("PNG with a bad CRC", _bad_crc, "The PNG file is corrupt or truncated"),
    ("PNG signature only", lambda: b"\x89PNG\r\n\x1a\n", "The PNG file is corrupt or truncated"),
    (
        "truncated JPEG",
        lambda: _encode(_noise("RGB"), "JPEG")[:300],
        "The JPEG file is corrupt or truncated",
    ),
    ("GIF", lambda: _encode(_digit(), "GIF"), "GIF files are not supported"),
    ("BMP", lambda: _encode(_digit(), "BMP"), "BMP files are not supported"),
    ("WEBP header", lambda: b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WEBP files are not supported"),
    ("PDF", lambda: b"%PDF-1.4\n%...", "PDF files are not supported"),
    ("SVG", lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG files are not supported"),
    ("animated PNG", _apng, "Animated images are not supported"),
    (
        "5 MB + 1 byte",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(MAX_UPLOAD_BYTES - 7),
        "The file is 5.1 MB; the limit is 5 MB",
    ),
    ("6000×5000 PNG", lambda: _huge_png(6000, 5000), "the limit is 25 megapixels"),
    ("20000×20000 PNG (bomb)", lambda: _huge_png(20000, 20000), "the limit is 25 megapixels"),
    # allowed
    ("small PNG", lambda: _png(_digit()), OK),
    ("JPEG", lambda: _encode(_digit().convert("RGB"), "JPEG"), OK),
    ("1 × 1 PNG", lambda: _png(Image.new("L", (1, 1), 0)), OK),
    ("1,000,000 × 1 PNG", lambda: _huge_png(1_000_000, 1), OK),
]


@pytest.mark.parametrize(("make", "phrase"), [u[1:] for u in UPLOADS], ids=[u[0] for u in UPLOADS])
def test_upload(make, phrase):
    data = make()
    if phrase is OK:
        x = load_image(data, (8, 8))
        assert x.shape == (64,) and np.isfinite(x).all() and 0 <= x.min() <= x.max() <= 1
        return
    with pytest.raises(ImageError) as e:
        load_image(data, (8, 8))
    assert phrase in err_text(e.value), err_text(e.value)


# --------------------------------------------------------------------------- numeric fields


def _signals(**kw) -> SignalsConfig:
    return SignalsConfig(**{"hidden": (8,), **kw})


def _rule(name: str, lo: int, hi: int) -> str:
    return f"{name} must be a whole number from {lo} to {hi}"


SEED_RULE = _rule("The seed", 0, 2**32 - 1)
#: (field, value, key phrase or OK): SignalsConfig at and past each bound.
FIELDS = [
    ("seed", 0, OK),
    ("seed", 2**32 - 1, OK),
    ("seed", -1, f"{SEED_RULE}, got -1"),
    ("seed", 2**32, f"{SEED_RULE}, got 4294967296"),
    ("seed", 1.5, SEED_RULE),
    ("seed", True, SEED_RULE),
    ("batch", 1, OK),
    ("batch", MAX_BATCH, OK),
    ("batch", 0, f"{_rule('The batch size', 1, MAX_BATCH)}, got 0"),
    ("batch", MAX_BATCH + 1, f"{_rule('The batch size', 1, MAX_BATCH)}, got {MAX_BATCH + 1}"),
    ("input_dim", 1, OK),
    ("input_dim", MAX_INPUT_DIM, OK),
    ("input_dim", 0, f"{_rule('The input dimension', 1, MAX_INPUT_DIM)}, got 0"),
    ("input_dim", MAX_INPUT_DIM + 1, f"got {MAX_INPUT_DIM + 1}"),
    ("bins", 10, OK),  # one range for the config, the slider and the URL (config.BINS)
    ("bins", 100, OK),
    ("bins", 9, f"{_rule('The number of histogram bins', 10, 100)}, got 9"),
    ("bins", 101, f"{_rule('The number of histogram bins', 10, 100)}, got 101"),
    ("data", "cifar", "The input data must be one of digits, gaussian, bars_stripes, got 'cifar'"),
    ("activation", "sigmod", "The activation must be one of sigmoid,"),
    ("dtype", "float16", "The precision must be one of float32, float64, got 'float16'"),
    ("hidden", (), LAYER_RULE),
    ("hidden", (0,), LAYER_RULE),
    ("hidden", (MAX_WIDTH + 1,), LAYER_RULE),
    ("hidden", (8,) * (MAX_HIDDEN_LAYERS + 1), LAYER_RULE),
    ("hidden", (8.0,), LAYER_RULE),
    ("hidden", (MAX_WIDTH,) * 2, OK),
]


@pytest.mark.parametrize(
    ("field", "value", "phrase"), FIELDS, ids=[f"{f}={str(v)[:12]}" for f, v, _ in FIELDS]
)
def test_signals_field(field, value, phrase):
    if phrase is OK:
        cfg = _signals(**{field: value})
        assert getattr(cfg, field) == value
        return
    with pytest.raises(ConfigError) as e:
        _signals(**{field: value})
    assert phrase in err_text(e.value), err_text(e.value)


def _param_rows():
    """Each initializer parameter at its bounds (allowed) and just past them (rejected)."""
    rows = []
    for name, init in INITIALIZERS.items():
        for p in init.params:
            rule = f"{EN['field_' + p.name]} must be a number in [{p.minimum:g}, {p.maximum:g}]"
            rows += [
                (name, {p.name: p.minimum}, OK),
                (name, {p.name: p.maximum}, OK),
                (name, {p.name: p.minimum * 0.99}, rule),
                (name, {p.name: p.maximum * 1.01}, rule),
                (name, {p.name: float("nan")}, rule),
                (name, {p.name: float("inf")}, rule),
                (name, {p.name: "abc"}, f"{rule}, got 'abc'"),
            ]
    return rows


INIT_PARAMS = [
    *_param_rows(),
    ("normal", {"sd": 1.0}, "normal takes the parameters std, not sd"),
    ("zeros", {"std": 1.0}, "zeros takes the parameters —, not std"),
    ("xavier", None, "The initializer must be one of zeros, normal"),
]


@pytest.mark.parametrize(
    ("name", "params", "phrase"),
    INIT_PARAMS,
    ids=[f"{n}-{params}"[:40] for n, params, _ in INIT_PARAMS],
)
def test_init_params(name, params, phrase):
    if phrase is OK:
        spec = InitSpec.make(name, params)
        assert spec.kwargs == {k: float(v) for k, v in params.items()}
        return
    with pytest.raises(ConfigError) as e:
        InitSpec.make(name, params)
    assert phrase in err_text(e.value), err_text(e.value)


def test_every_initializer_parameter_has_rows():
    covered = {(n, k) for n, params, _ in INIT_PARAMS if params for k in params}
    for name, init in INITIALIZERS.items():
        for p in init.params:
            assert (name, p.name) in covered


# --------------------------------------------------------------------------- memory cap

CAP = MAX_TRACE_MB * 2**20


def _largest_width(depth: int, batch: int, dtype: str, d: int = 500, k: int = 10) -> int:
    """The widest ``depth`` equal layers whose trace stays within the cap."""
    lo, hi = 1, MAX_WIDTH
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if trace_nbytes((d, *(mid,) * depth, k), batch, dtype) <= CAP:
            lo = mid
        else:
            hi = mid - 1
    return lo


@pytest.mark.parametrize(("depth", "dtype"), [(4, "float64"), (30, "float64"), (50, "float32")])
def test_memory_cap_at_and_past_the_limit(depth, dtype):
    w = _largest_width(depth, MAX_BATCH, dtype)
    assert w < MAX_WIDTH, "the cap must bind somewhere below the largest width"
    ok = (500, *(w,) * depth, 10)
    assert check_memory(ok, MAX_BATCH, dtype) <= CAP
    over = (500, *(w + 1,) * depth, 10)
    with pytest.raises(ConfigError) as e:
        check_memory(over, MAX_BATCH, dtype)
    msg = err_text(e.value)
    assert f"the limit is {MAX_TRACE_MB} MB" in msg, msg
    assert "Use fewer or narrower layers, a smaller batch, or float32" in msg, msg
    assert f"batch {MAX_BATCH} × {depth * (w + 1) + 10:,} units, {dtype}" in msg, msg
    assert e.value.key == "memory"


def test_memory_cap_is_checked_before_anything_is_allocated():
    cfg = SignalsConfig(
        data="gaussian", hidden=(MAX_WIDTH,) * MAX_HIDDEN_LAYERS, batch=MAX_BATCH, input_dim=500
    )
    with pytest.raises(ConfigError) as e:
        compute_signals(cfg)
    assert e.value.key == "memory" and f"the limit is {MAX_TRACE_MB} MB" in err_text(e.value)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_memory_message_says_when_the_batch_was_cut_to_the_data(lang):
    from explorer.data.datasets import load_dataset
    from explorer.services.signals import check_signals
    from explorer.ui.i18n import set_lang

    n = len(load_dataset("digits").y)
    cfg = SignalsConfig(data="digits", hidden=(MAX_WIDTH,) * MAX_HIDDEN_LAYERS, batch=MAX_BATCH)
    with pytest.raises(ConfigError) as e:
        check_signals(cfg)
    assert e.value.key == "memory_capped"
    set_lang(lang)
    try:
        msg = err_text(e.value)
    finally:
        set_lang("en")
    assert f"{MAX_BATCH}" in msg and f"{n}" in msg and "{" not in msg, msg
    if lang == "en":
        assert f"the {MAX_BATCH} asked for is cut to the data's {n} rows" in msg, msg


def test_table_size():
    """The table the lead cites: at least 30 rejected inputs, each with its phrase."""
    rows = itertools.chain(LAYER_TEXT, URL_VALUES, UPLOADS, FIELDS, INIT_PARAMS)
    rejected = [r for r in rows if r[-1] is not OK]
    assert len(rejected) + len(APP_LINKS) >= 30
