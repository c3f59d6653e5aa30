"""Tests of explorer.analysis.charts.signals (histogram_grid, profile_chart): specs through
to_dict(), the hand-written dicts against the Vega-Lite schema, and real renders through
vl-convert."""

from __future__ import annotations

import html
import json
import re
from types import SimpleNamespace

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from apptest_util import walk

from explorer.analysis import charts, stats
from explorer.analysis.charts.signals import _layer_ranges
from explorer.engine.network import Network


@pytest.fixture(scope="module")
def traces():
    rng = np.random.default_rng(0)
    X = rng.random((48, 20))
    y = rng.integers(0, 5, 48)

    def make(act, init, params=None):
        return Network.create((20, 24, 24, 24, 24, 5), act, init, init_params=params).trace(X, y)

    return {
        "He normal": make("relu", "he_normal"),
        "zeros": make("sigmoid", "zeros"),
        "normal 0.01": make("tanh", "normal", {"std": 0.01}),
    }


@pytest.fixture(scope="module")
def prediction():
    return SimpleNamespace(a_var=np.full(4, 0.3), dz_sq=np.geomspace(1e-6, 1e-4, 5))


def spec(chart) -> dict:
    return chart.to_dict()


def marks(sp: dict) -> set[str]:
    out = set()
    for d in walk(sp):
        m = d.get("mark")
        if isinstance(m, str):
            out.add(m)
        elif isinstance(m, dict):
            out.add(m["type"])
    return out


def encodings(sp: dict) -> list[dict]:
    return [d["encoding"] for d in walk(sp) if "encoding" in d and "mark" in d]


def svg_marks(chart) -> tuple[set[str], str]:
    """Vega mark classes drawn in the SVG render (e.g. "rect", "line"), and the SVG."""
    svg = vlc.vegalite_to_svg(chart.to_json())
    return set(re.findall(r'class="mark-([a-z]+)', svg)), svg


def check_config(sp: dict):
    cfg = sp["config"]
    assert cfg["axis"]["labelFontSize"] >= 12 and cfg["axis"]["titleFontSize"] >= 14
    assert cfg["header"]["labelFontSize"] >= 12 and cfg["header"]["titleFontSize"] >= 14
    assert cfg["legend"]["labelFontSize"] >= 12 and cfg["legend"]["titleFontSize"] >= 14
    assert cfg["title"]["fontSize"] >= 14


# ----------------------------------------------------------------------------------------------
# histogram_grid
# ----------------------------------------------------------------------------------------------


def test_histogram_spec(traces):
    h = stats.layer_histograms(traces["He normal"], "a", bins=20)
    sp = spec(charts.histogram_grid(h, "Activations", columns=3, x_title="activation a"))
    check_config(sp)
    assert sp["title"]["text"] == "Activations"
    assert sp["facet"]["field"] == "layer" and sp["columns"] == 3
    assert "'layer ' + datum.value" in sp["facet"]["header"]["labelExpr"]
    assert marks(sp) == {"bar"}
    (enc,) = encodings(sp)
    assert enc["x"]["field"] == "lo" and enc["x"]["bin"] == "binned"
    assert enc["x"]["title"] == "activation a"
    assert enc["x2"]["field"] == "hi"
    assert enc["y"]["field"] == "frac" and enc["y"]["title"] == "fraction"
    assert {t["field"] for t in enc["tooltip"]} >= {"lo", "hi", "count", "frac"}
    assert sp["resolve"]["scale"]["x"] == "independent"  # ranges differ per layer
    assert sp["spec"]["width"] == 145 and sp["spec"]["height"] == 110
    # data is the small frame only
    (rows,) = sp["datasets"].values()
    assert len(rows) == len(h) and set(rows[0]) == {"layer", "lo", "hi", "count", "frac"}


def test_histogram_shared_range_shares_x(traces):
    h = stats.layer_histograms(traces["normal 0.01"], "a", shared_range=True)
    sp = spec(charts.histogram_grid(h, "shared"))
    assert "resolve" not in sp


def test_histogram_compare_rows(traces):
    frames = {k: stats.layer_histograms(t, "a", layers=[1, 2]) for k, t in traces.items()}
    df = stats.concat_runs(frames)
    sp = spec(charts.histogram_grid(df, "compare", row="run"))
    assert sp["facet"]["row"]["field"] == "run"
    assert sp["facet"]["row"]["sort"] == list(traces)  # rows in the order given
    assert sp["facet"]["column"]["field"] == "layer"
    assert "'layer '" in sp["facet"]["column"]["header"]["labelExpr"]
    assert "run" in {t["field"] for t in encodings(sp)[0]["tooltip"]}


def test_histogram_compare_row_labels_wrap_between_words(traces):
    """A long initializer name is drawn on lines of at most 18 characters, broken between
    words (on one line it widened the compare grid past the page); a short one on one."""
    frames = {k: stats.layer_histograms(t, "a", layers=[1]) for k, t in traces.items()}
    long = "LeCun normal (the lecture's 'Xavier')"
    df = stats.concat_runs({long: next(iter(frames.values())), "He": frames["He normal"]})
    _, svg = svg_marks(charts.histogram_grid(df, "compare", row="run"))
    texts = [
        [html.unescape(x) for x in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", body)]
        for body in re.findall(r"<text[^>]*>((?:<tspan[^>]*>[^<]*</tspan>)+)</text>", svg)
    ]
    wrapped = [lines for lines in texts if " ".join(lines) == long]
    assert wrapped and len(wrapped[0]) > 1, texts
    assert all(len(line) <= 18 for line in wrapped[0]), wrapped
    assert ">He<" in svg


def test_histogram_renders_bars(traces):
    h = stats.layer_histograms(traces["zeros"], "a")  # constant layers: one bar each
    found, _ = svg_marks(charts.histogram_grid(h, "zeros"))
    assert "rect" in found


# ----------------------------------------------------------------------------------------------
# profile_chart
# ----------------------------------------------------------------------------------------------


def test_profile_spec(traces, prediction):
    p = stats.std_profile(traces["He normal"], prediction, label="He normal")
    sp = spec(charts.profile_chart(p, "He normal"))
    check_config(sp)
    assert sp["title"]["text"] == "He normal"
    assert len(sp["hconcat"]) == 2
    assert [panel["title"] for panel in sp["hconcat"]] == ["activation std", "gradient norm"]
    assert marks(sp) == {"line", "point"}
    for enc in encodings(sp):
        assert enc["y"]["scale"]["type"] == "log"
        assert enc["x"]["field"] == "layer"
        assert enc["color"]["field"] == "source"
        assert all(float(v).is_integer() for v in enc["x"]["axis"]["values"])  # whole layers
    lines = [d for d in walk(sp) if d.get("mark", {}) == {"type": "line", "strokeWidth": 2.5}]
    assert len(lines) == 2
    dash = lines[0]["encoding"]["strokeDash"]
    assert dash["field"] == "source"
    assert dash["scale"]["domain"] == ["measured", "theory"]
    solid, dashed = dash["scale"]["range"]
    assert solid == [1, 0] and len(dashed) == 2 and dashed[1] > 0
    # points for measured values only
    pts = [d for d in walk(sp) if isinstance(d.get("mark"), dict) and d["mark"]["type"] == "point"]
    assert all("measured" in json.dumps(d["transform"]) for d in pts)


def test_profile_drops_unplottable_rows_and_says_so(traces):
    p = stats.std_profile(traces["zeros"], label="zeros")
    assert not p["plottable"].all()
    sp = spec(charts.profile_chart(p, "zeros"))
    data = [r for rows in sp["datasets"].values() for r in rows]
    assert data and all(r["value"] > 0 for r in data)
    assert len(sp["hconcat"]) == 1  # only the output layer's gradient is > 0
    subtitle = " ".join(sp["title"]["subtitle"])
    assert "activation std at layers 1\u20134" in subtitle
    assert "gradient norm at layers 1\u20134" in subtitle
    found, _ = svg_marks(charts.profile_chart(p, "zeros"))
    assert "symbol" in found


def test_profile_compare_colours_by_run(traces, prediction):
    frames = {k: stats.std_profile(t, prediction) for k, t in traces.items()}
    df = stats.concat_runs(frames)
    sp = spec(charts.profile_chart(df, "compare", color="run"))
    for enc in encodings(sp):
        assert enc["color"]["field"] == "run"
        rng = enc["color"]["scale"]["range"]
        assert set(rng) <= set(charts.OKABE_ITO)
        assert enc["color"]["scale"]["domain"] == list(traces)
    assert all(e["strokeDash"]["field"] == "source" for e in encodings(sp) if "strokeDash" in e)
    found, _ = svg_marks(charts.profile_chart(df, "compare", color="run"))
    assert {"line", "symbol"} <= found


def test_profile_measured_only_has_no_theory_legend(traces):
    sp = spec(charts.profile_chart(stats.std_profile(traces["He normal"])))
    for enc in encodings(sp):
        assert enc["color"]["scale"]["domain"] == ["measured"]
    assert "title" not in sp


def test_profile_bad_colour(traces):
    with pytest.raises(ValueError, match="color must be one of"):
        charts.profile_chart(stats.std_profile(traces["He normal"]), color="init")


def test_profile_extreme_values_render():
    df = pd.DataFrame(
        {
            "layer": [1, 2, 3, 1, 2, 3],
            "quantity": ["activation std"] * 3 + ["gradient norm"] * 3,
            "source": "measured",
            "value": [1e-300, 1.0, 1e300, 5e-324, 1e-5, 1.7e308],
            "run": "",
            "plottable": True,
        }
    )
    chart = charts.profile_chart(df, "extreme")
    for panel in chart.to_dict()["hconcat"]:
        y = next(e["y"] for e in encodings(panel))
        lo, hi = y["scale"]["domain"]
        assert 0 < lo < hi < float("inf")
        assert len(y["axis"]["values"]) <= 8
    found, _ = svg_marks(chart)
    assert "line" in found


def test_layer_ranges():
    assert _layer_ranges([1, 2, 3, 5, 7, 8]) == "1\u20133, 5, 7\u20138"
    assert _layer_ranges([4]) == "4"


# ----------------------------------------------------------------------------------------------
# empty frames, rendering
# ----------------------------------------------------------------------------------------------


def empty_frames():
    tr = SimpleNamespace(
        z=[np.zeros((2, 3))],
        a=[np.zeros((2, 3))],
        dz=[np.zeros((2, 3))],
        da=[np.zeros((2, 3))],
        dW=[np.zeros((4, 3))],
        db=[np.zeros(3)],
    )
    hist = stats.layer_histograms(tr, "a")  # no hidden layer: typed, empty
    prof = stats.std_profile(tr).iloc[:0]
    assert hist.empty and prof.empty
    return hist, prof


def test_builders_on_empty_frames_say_so():
    hist, prof = empty_frames()
    built = [
        charts.histogram_grid(hist, "empty"),
        charts.histogram_grid(stats.concat_runs({"a": hist}), "empty", row="run"),
        charts.profile_chart(prof, "empty"),
        charts.profile_chart(stats.concat_runs({"a": prof}), "empty", color="run"),
    ]
    for chart in built:
        sp = chart.to_dict()
        check_config(sp)
        found, svg = svg_marks(chart)
        assert "text" in found and ("no finite values" in svg or "nothing to plot" in svg)


def test_profile_all_unplottable_says_so(traces):
    p = stats.std_profile(traces["zeros"])
    p["plottable"] = False
    _, svg = svg_marks(charts.profile_chart(p, "zeros"))
    assert "every value is zero or not finite" in svg


def test_every_chart_renders_nonempty_svg(traces, prediction):
    frames = {k: stats.std_profile(t, prediction) for k, t in traces.items()}
    built = {
        "hist_a": charts.histogram_grid(
            stats.layer_histograms(traces["He normal"], "a"), "a", x_title="activation a"
        ),
        "hist_dz": charts.histogram_grid(
            stats.layer_histograms(traces["normal 0.01"], "dz", robust=True), "dz"
        ),
        "hist_dW": charts.histogram_grid(stats.layer_histograms(traces["zeros"], "dW"), "dW"),
        "hist_compare": charts.histogram_grid(
            stats.concat_runs(
                {k: stats.layer_histograms(t, "a", layers=[1, 4]) for k, t in traces.items()}
            ),
            "compare",
            row="run",
        ),
        "profile": charts.profile_chart(frames["He normal"], "profile"),
        "profile_compare": charts.profile_chart(stats.concat_runs(frames), "compare", color="run"),
    }
    for name, chart in built.items():
        found, svg = svg_marks(chart)
        assert "<path" in svg or "<rect" in svg, name
        expected = {"rect"} if name.startswith("hist") else {"line", "symbol"}
        assert expected <= found, name


# ----------------------------------------------------------------------------------------------
# the Signals charts are written as dicts: they must stay valid Vega-Lite
# ----------------------------------------------------------------------------------------------


def signals_specs(traces, prediction) -> dict[str, charts.VegaLiteSpec]:
    """Every shape of profile and histogram spec the builders write by hand."""
    frames = {k: stats.std_profile(t, prediction, label=k) for k, t in traces.items()}
    hist = stats.layer_histograms(traces["He normal"], "a")
    compare = stats.concat_runs(
        {k: stats.layer_histograms(t, "dz", layers=[1, 4]) for k, t in traces.items()}
    )
    return {
        "profile": charts.profile_chart(frames["He normal"], "profile"),
        "profile_measured": charts.profile_chart(stats.std_profile(traces["He normal"])),
        "profile_dropped": charts.profile_chart(frames["zeros"], "zeros", subtitle="s"),
        "profile_compare": charts.profile_chart(stats.concat_runs(frames), "c", color="run"),
        "hist": charts.histogram_grid(hist, "a", columns=3, x_title="a"),
        "hist_shared": charts.histogram_grid(
            stats.layer_histograms(traces["normal 0.01"], "a", shared_range=True), "s"
        ),
        "hist_compare": charts.histogram_grid(compare, "c", row="run", subtitle="sub"),
        "hist_untitled": charts.histogram_grid(hist, ""),
        "hist_empty": charts.histogram_grid(hist.iloc[:0], "empty"),
    }


def test_dict_specs_validate_against_the_vega_lite_schema(traces, prediction):
    for name, sp in signals_specs(traces, prediction).items():
        assert isinstance(sp, dict), name
        charts.validate_spec(sp)  # raises on a spec that does not conform
        sp.to_dict(validate=True)
        # the spec as the app stores and sends it: plain JSON
        assert json.loads(json.dumps(sp)) == sp, name


def test_validation_catches_a_broken_spec(traces, prediction):
    import jsonschema

    sp = signals_specs(traces, prediction)["hist"].to_dict(validate=False)
    sp["spec"]["mark"]["type"] = "histogram"  # no such mark
    with pytest.raises(jsonschema.ValidationError):
        charts.validate_spec(sp)
    sp = signals_specs(traces, prediction)["profile"].to_dict(validate=False)
    sp["hconcat"][0]["layer"][0]["encoding"]["y"]["scale"]["type"] = "logarithmic"
    with pytest.raises(jsonschema.ValidationError):
        charts.validate_spec(sp)


def test_dict_specs_round_trip_through_altair(traces, prediction):
    sp = signals_specs(traces, prediction)
    for name in ("profile", "hist_compare"):
        chart = alt.Chart.from_dict(sp[name].to_dict(validate=False))
        again = chart.to_dict()  # Altair validates it
        assert again["datasets"] == sp[name]["datasets"], name


def test_to_dict_is_a_copy(traces, prediction):
    sp = signals_specs(traces, prediction)["profile"]
    d = sp.to_dict(validate=False)
    d["hconcat"][0]["title"] = "changed"
    next(iter(d["datasets"].values()))[0]["value"] = -1.0
    assert sp["hconcat"][0]["title"] == "activation std"
    assert next(iter(sp["datasets"].values()))[0]["value"] > 0


def test_dataset_names_are_altairs_content_hash(traces):
    # the same naming as Altair: same data, same name; other data, another name
    h = stats.layer_histograms(traces["He normal"], "a")
    a, b = charts.histogram_grid(h, "x"), charts.histogram_grid(h, "y")
    assert a["data"] == b["data"] and a["data"]["name"].startswith("data-")
    c = charts.histogram_grid(stats.layer_histograms(traces["zeros"], "a"), "x")
    assert c["data"] != a["data"]
    via_altair = alt.Chart(h[["layer", "lo", "hi", "count", "frac"]]).mark_bar().to_dict()
    assert list(via_altair["datasets"]) == [a["data"]["name"]]
