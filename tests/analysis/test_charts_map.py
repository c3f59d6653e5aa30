"""The edge-of-chaos chart (explorer.analysis.charts.map, from the frames of
explorer.analysis.map_frames), tested through its Vega-Lite spec."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import numpy as np
import pytest
import vl_convert as vlc
from apptest_util import walk

from explorer.analysis import charts as mc
from explorer.analysis import map_frames as mf
from explorer.analysis.charts import OKABE_ITO
from explorer.services.maps import MAP_INITS, CellKind, MapConfig, compute_map

LABELS = {
    "zeros": "zeros",
    "normal:std=0.01": "N(0, 0.01²)",
    "normal:std=1": "N(0, 1)",
    "lecun_normal": "LeCun",
    "lecun_uniform": "LeCun",
    "xavier_normal": "Xavier",
    "xavier_uniform": "Xavier",
    "he_normal": "He",
    "he_uniform": "He",
}


@pytest.fixture(scope="module")
def result():
    return compute_map(MapConfig(activation="relu", width=64, depth=30, batch=16, sigma_hi=60.0))


@pytest.fixture(scope="module")
def spec(result):
    frames = mf.map_frames(result, "gradient", LABELS)
    return mc.edge_map_chart(frames, title="ReLU").to_dict()  # validated against the schema


def marks(spec) -> list[str]:
    out = []
    for d in walk(spec):
        m = d.get("mark")
        if m is not None:
            out.append(m if isinstance(m, str) else m["type"])
    return out


def test_spec_is_a_strip_over_a_layered_heatmap(spec):
    strip, heat = spec["vconcat"]
    assert {"rect", "rule", "line"} <= set(marks(heat))
    assert {"point", "text"} <= set(marks(strip))
    assert spec["resolve"]["scale"]["x"] == "shared"
    scales = [d["scale"] for d in walk(heat) if isinstance(d.get("scale"), dict)]
    assert any(s.get("type") == "log" for s in scales)  # σ_w on a log axis
    titles = json.dumps(spec, ensure_ascii=False)
    assert mc.MAP_WORDS["x_title"] in titles and mc.MAP_WORDS["y_title"] in titles


def test_cells_cover_the_grid_with_their_bands(result, spec):
    cells = spec["datasets"]["cells"]
    cfg = result.config
    assert len(cells) == cfg.depth * cfg.n_sigma
    lo = min(c["lo"] for c in cells)
    hi = max(c["hi"] for c in cells)
    assert lo < cfg.sigma_lo < cfg.sigma_hi < hi
    over = [c for c in cells if c["band"] == mc.MAP_WORDS["overflow"]]
    assert over and all(c["value"] is None for c in over), "σ_w = 60 overflows float32"
    ok = [c for c in cells if c["value"] is not None]
    names = mc.band_labels("gradient")
    for c in ok:  # each measured cell sits in the band of its value
        k = int(np.searchsorted(mc.BANDS, c["value"], side="right"))
        assert c["band"] == names[k]


def test_special_cells_have_their_own_colours_and_legend(spec):
    colors = [d for d in walk(spec) if d.get("field") == "band"]
    scale = next(d["scale"] for d in colors if "scale" in d)
    domain, rng = scale["domain"], scale["range"]
    assert len(domain) == len(rng) == len(mc.BANDS) + 3
    zero = rng[domain.index(mc.MAP_WORDS["zero"])]
    over = rng[domain.index(mc.MAP_WORDS["overflow"])]
    bands = rng[: len(mc.BANDS) + 1]
    assert zero not in bands and over not in bands and zero != over
    assert domain.index(mc.MAP_WORDS["center_gradient"]) == len(mc.BANDS) // 2


def test_theory_lines_and_the_measured_edge(result, spec):
    rules = spec["datasets"]["rules"]
    by_line = {r["line"]: r["sigma"] for r in rules}
    assert by_line[mc.MAP_WORDS["crit_theory"]] == pytest.approx(math.sqrt(2))
    assert by_line[mc.MAP_WORDS["crit_measured"]] == pytest.approx(math.sqrt(2), rel=0.1)
    curve = spec["datasets"]["curve"]
    assert {c["branch"] for c in curve} == {"ordered", "chaotic"}
    depth = result.config.depth
    for c in curve:  # the theory's 10× layer: depth + 1 - 2 ln 10 / |ln χ₁|
        chi = c["sigma"] ** 2 / 2
        want = depth + 1 - 2 * math.log(10) / abs(math.log(chi))
        assert c["layer"] == pytest.approx(max(want, -depth))
    dash = [d for d in walk(spec) if d.get("field") == "line" and "scale" in d]
    assert dash and len(dash[0]["scale"]["domain"]) == 3


def test_every_initializer_is_placed_by_its_formula(result, spec):
    markers = spec["datasets"]["markers"]
    values = {m["value"] for m in markers}
    for s in result.init_sigma:
        assert any(math.isclose(s, v, rel_tol=1e-9) for v in values)
    he = next(m for m in markers if m["inits"] == "He")
    assert he["side"] == "in" and he["sigma"] == pytest.approx(math.sqrt(2))
    zeros = next(m for m in markers if m["inits"].startswith("zeros"))
    assert zeros["side"] == "left" and "←" in zeros["text"] and "σ_w = 0" in zeros["text"]
    assert zeros["sigma"] == pytest.approx(min(c["lo"] for c in spec["datasets"]["cells"]))
    # one group per σ_w: LeCun and Xavier (σ_w = 1 at equal widths) share a marker
    one = next(m for m in markers if m["value"] == pytest.approx(1.0))
    assert "LeCun" in one["inits"] and "Xavier" in one["inits"]
    assert {m["color"] for m in markers} <= set(OKABE_ITO)


def test_large_normal_off_the_scale_gets_an_arrow_and_its_value():
    res = compute_map(MapConfig(activation="tanh", width=256, depth=4, batch=8))
    frames = mf.map_frames(res, "gradient", LABELS)
    big = frames.markers[frames.markers["inits"].str.contains("N\\(0, 1\\)")].iloc[0]
    assert big["side"] == "right" and big["value"] == pytest.approx(16.0)
    assert big["text"] == "N(0, 1): σ_w = 16 →"
    assert big["sigma"] == pytest.approx(frames.domain[1])


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_marker_labels_do_not_overlap(result, scale):
    """Also at the presentation look's larger font, for which the UI asks (font_scale)."""
    frames = mf.map_frames(result, "gradient", None, width=500, font_scale=scale)
    lo, hi = frames.domain
    spans = []
    for _, m in frames.markers.iterrows():
        x = 500 * math.log(m["sigma"] / lo) / math.log(hi / lo)
        px = mf._text_px(m["text"], scale) + 16
        start, end = (x - px, x) if m["side"] == "right" else (x - 6, x + px)
        spans.append((m["row"], start, end))
    for i, a in enumerate(spans):
        for b in spans[i + 1 :]:
            assert a[0] != b[0] or a[2] <= b[1] or b[2] <= a[1], (a, b)
    strip = mc.edge_map_chart(frames, width=500).to_dict(validate=False)["vconcat"][0]
    rows = frames.markers["row"].max() + 1
    assert strip["height"] >= rows * 1.7 * mc.MARKER_FONT * scale


def test_activation_quantity_has_no_gradient_line(result):
    frames = mf.map_frames(result, "activation", LABELS)
    assert frames.curve.empty
    spec = mc.edge_map_chart(frames).to_dict(validate=False)
    assert "line" not in marks(spec["vconcat"][1])
    legend = json.dumps(spec, ensure_ascii=False)
    assert mc.MAP_WORDS["legend_activation"] in legend
    assert mc.MAP_WORDS["decade"] not in legend  # the lines' legend lists what is drawn
    std = [c for c in spec["datasets"]["cells"] if c["value"] is not None]
    assert all(c["shown"] == pytest.approx(10 ** c["value"]) for c in std)


#: Keys whose values are names, never shown (as in charts.translate_spec).
NAME_KEYS = {"field", "type", "$schema", "name", "as", "format", "detail"}


def _strings(node):
    """Every string a reader could see: titles, labels, legend entries, data values."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in NAME_KEYS:
                yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


def test_every_word_comes_from_words(result):
    fake = {k: f"«{k}»" for k in mc.MAP_WORDS}
    fake["off_left"] = "«off_left {label} {value}»"
    fake["off_right"] = "«off_right {label} {value}»"
    frames = mf.map_frames(result, "gradient", LABELS, words=fake)
    shown = set(_strings(mc.edge_map_chart(frames, words=fake).to_dict(validate=False)))
    english = {v for v in mc.MAP_WORDS.values() if "{" not in v}
    assert not shown & english, shown & english
    assert any(s.startswith("«off_left zeros") for s in shown)
    assert "«center_gradient»" in shown and "«x_title»" in shown


def test_synthetic_zero_and_overflow_cells():
    """A duck-typed result: the chart needs attributes only."""
    depth, n = 3, 4
    kind = np.zeros((depth, n), dtype=np.int8)
    kind[0, 0] = CellKind.ZERO
    kind[:, -1] = CellKind.OVERFLOW
    sigma = np.geomspace(0.5, 4, n)
    res = SimpleNamespace(
        sigma_w=sigma,
        grad_log10=np.where(kind == 0, 0.5, np.nan),
        act_std=np.ones((depth, n)),
        grad_kind=kind,
        act_kind=np.zeros_like(kind),
        sigma_crit_measured=math.nan,
        theory=SimpleNamespace(
            sigma_w=sigma,
            decade_layer=np.full(n, -np.inf),
            sigma_crit=math.nan,
        ),
        inits=("he_normal",),
        init_sigma=np.array([math.sqrt(2)]),
    )
    frames = mf.map_frames(res, "gradient")
    assert frames.rules.empty and frames.curve.empty
    bands = frames.cells.set_index(["layer", "sigma"])["band"]
    assert bands.loc[(1, sigma[0])] == mc.MAP_WORDS["zero"]
    last = frames.cells[frames.cells["sigma"] == sigma[-1]]
    assert (last["band"] == mc.MAP_WORDS["overflow"]).all()
    spec = mc.edge_map_chart(frames).to_dict()
    svg = vlc.vegalite_to_svg(spec)
    assert svg.count("<path") > depth * n  # every cell drawn
    with pytest.raises(ValueError, match="quantity"):
        mf.map_frames(res, "loss")


def test_codes_match_the_services():
    assert (mf._OK, mf._ZERO, mf._OVERFLOW) == (CellKind.OK, CellKind.ZERO, CellKind.OVERFLOW)
    assert set(LABELS) <= set(MAP_INITS)


def test_band_labels_read_as_factors():
    names = mc.band_labels("gradient")
    assert names[0] == "< 10⁻⁸" and names[-1] == "> 10⁸"
    assert names[4] == mc.MAP_WORDS["center_gradient"]
    assert names[3] == "0.01 – 0.1" and names[5] == "10 – 100" and names[6] == "100 – 10⁴"


def test_projector_sizes(result):
    frames = mf.map_frames(result, "gradient", LABELS)
    spec = mc.edge_map_chart(frames, width=800, height=420).to_dict(validate=False)
    strip, heat = spec["vconcat"]
    assert heat["width"] == 800 and heat["height"] == 420
    assert spec["config"]["axis"]["labelFontSize"] >= 12
    assert spec["config"]["axis"]["titleFontSize"] >= 14
    texts = [d for d in walk(strip) if isinstance(d.get("mark"), dict)]
    assert spec["config"]["text"]["fontSize"] >= 13  # the labels; the presentation look scales it
    assert all("fontSize" not in d["mark"] for d in texts if d["mark"]["type"] == "text")
    points = [d["mark"] for d in walk(strip) if d.get("mark", {}) and d["mark"]["type"] == "point"]
    assert points[0]["size"] >= 150


def test_frames_follow_the_result(result):
    frames = mf.map_frames(result, "gradient", LABELS)
    assert frames.depth == result.config.depth and frames.quantity == "gradient"
    assert frames.cells["layer"].max() == result.config.depth
