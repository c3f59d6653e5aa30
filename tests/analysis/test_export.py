"""Downloads: charts to SVG / PNG through vl-convert, tables to CSV, pictures to PNG, names."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import altair as alt
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from explorer.analysis import charts
from explorer.analysis.export import (
    EXPORT_FONT,
    MAX_NAME,
    chart_png,
    chart_svg,
    export_name,
    image_png,
    table_csv,
)

SVG_NS = "{http://www.w3.org/2000/svg}"


def line_spec(title: str = "Signal size by layer", width: int = 200, height: int = 120) -> dict:
    df = pd.DataFrame({"layer": [1, 2, 3, 4], "value": [1.0, 0.5, 0.25, 0.125]})
    chart = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(x="layer:Q", y="value:Q")
        .properties(title=title, width=width, height=height)
    )
    return charts.configure(chart).to_dict(validate=False)


def png_image(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


@pytest.fixture(scope="module")
def spec() -> dict:
    return line_spec()


@pytest.fixture(scope="module")
def svg(spec) -> str:
    return chart_svg(spec)


def test_svg_is_xml_with_the_marks(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    classes = " ".join(el.get("class", "") for el in root.iter())
    assert "mark-line" in classes and "mark-symbol" in classes
    assert len(list(root.iter(f"{SVG_NS}path"))) >= 5  # the line and its four points at least
    texts = [el.text for el in root.iter(f"{SVG_NS}text")]
    assert "Signal size by layer" in texts


def test_svg_names_the_export_font(svg):
    assert EXPORT_FONT.split(",")[0] in svg


def test_png_is_exactly_twice_the_chart_at_scale_2(spec, svg):
    root = ET.fromstring(svg)
    w, h = float(root.get("width")), float(root.get("height"))  # chart + padding + title
    one = png_image(chart_png(spec, scale=1))
    two = png_image(chart_png(spec))  # default scale 2
    assert one.format == two.format == "PNG"
    assert one.size == (round(w), round(h))
    assert two.size == (2 * one.size[0], 2 * one.size[1])
    assert w > 200 and h > 120  # the padding, axes and title are included


def test_spec_is_not_modified(spec):
    before = repr(spec)
    chart_svg(spec)
    chart_png(spec, scale=1)
    assert repr(spec) == before
    assert "font" not in spec.get("config", {})


def test_a_font_set_by_the_chart_is_kept():
    s = line_spec()
    s["config"]["font"] = "DejaVu Serif"
    svg = chart_svg(s)
    assert "DejaVu Serif" in svg and EXPORT_FONT.split(",")[0] not in svg


def _title_ink(png: bytes, title_rows: int = 40) -> np.ndarray:
    """The top rows of a chart rendered at scale 2 (where the title is), as grey levels."""
    return np.asarray(png_image(png).convert("L"))[:title_rows]


def test_korean_title_renders():
    a = chart_png(line_spec(title="층별 신호 크기"))
    b = chart_png(line_spec(title="초기화 방법 비교"))
    svg = chart_svg(line_spec(title="층별 신호 크기"))
    assert "층별 신호 크기" in svg
    ink_a, ink_b = _title_ink(a), _title_ink(b)
    assert (ink_a < 128).sum() > 200  # glyphs drawn, not an empty title
    # different words give different pictures: real glyphs, not the same missing-glyph boxes
    assert ink_a.shape == ink_b.shape and (ink_a != ink_b).any()


def test_invalid_arguments():
    with pytest.raises(TypeError):
        chart_svg("not a spec")
    with pytest.raises(ValueError, match="scale"):
        chart_png(line_spec(), scale=0)


@pytest.mark.parametrize(
    ("args", "ext", "expected"),
    [
        (
            ("activations", "relu", "he_normal", "10x256"),
            "svg",
            "activations_relu_he_normal_10x256.svg",
        ),
        (
            ("activations", "ReLU", "He normal", "10×256"),
            "PNG",
            "activations_relu_he-normal_10x256.png",
        ),
        (("profile", "normal:std=0.01", "σ=1"), "png", "profile_normal-std-0.01_sigma-1.png"),
        (("weights", "Xavier/Glorot (2010)"), ".csv", "weights_xavier-glorot-2010.csv"),
        (("lesson3", "", "  ", "zeros"), "svg", "lesson3_zeros.svg"),
        (("../../etc/passwd",), "png", "etc-passwd.png"),
        (("층별", "신호"), "png", "chart.png"),
        (("réseau", "Müller"), "csv", "reseau_muller.csv"),
    ],
)
def test_export_name(args, ext, expected):
    assert export_name(*args, ext=ext) == expected


def test_export_name_is_short_and_safe():
    name = export_name("x" * 500, "y", ext="png")
    assert len(name) <= MAX_NAME and name.endswith(".png")
    for args in (('a b/c\\d:e*f?g"h<i>j|k',), ("\x00\n\t",), (".hidden",), ("-x-",)):
        name = export_name(*args, ext="svg")
        stem = name.removesuffix(".svg")
        assert stem and not stem.startswith((".", "-"))
        assert all(c.isascii() and (c.isalnum() or c in "._+-") for c in stem), name


@pytest.mark.parametrize("ext", ["", "p/ng", "toolongext", ".."])
def test_export_name_rejects_bad_extensions(ext):
    with pytest.raises(ValueError, match="ext"):
        export_name("chart", ext=ext)


def test_csv_round_trips():
    df = pd.DataFrame(
        {
            "run": ["He normal (Kaiming)", '초기화, "quoted"', "N(0, σ=0.01)"],
            "val_accuracy": [0.9444, 0.1028, np.nan],
            "units": [32, 1, 32],
        }
    )
    data = table_csv(df)
    assert isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    back = pd.read_csv(io.BytesIO(data))
    pd.testing.assert_frame_equal(back, df)


@pytest.mark.parametrize("shape", [(8, 12), (5, 6, 3), (4, 4, 4)])
def test_image_png_keeps_every_pixel(shape):
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, size=shape, dtype=np.uint8)
    im = png_image(image_png(a))
    assert im.format == "PNG" and im.size == (shape[1], shape[0])
    np.testing.assert_array_equal(np.asarray(im), a)


def test_image_png_of_an_upscaled_grid_stays_blocky():
    small = np.array([[0, 255], [255, 0]], dtype=np.uint8)
    big = np.kron(small, np.ones((6, 6), dtype=np.uint8))
    back = np.asarray(png_image(image_png(big)))
    assert set(np.unique(back)) == {0, 255}  # no smoothing: only the two original levels


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((4, 4)),
        np.zeros((4, 4, 2), np.uint8),
        np.zeros((0, 4), np.uint8),
        np.zeros(4, np.uint8),
    ],
)
def test_image_png_rejects_other_arrays(bad):
    with pytest.raises(ValueError):
        image_png(bad)
