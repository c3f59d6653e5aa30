"""The app, run headless through Streamlit's AppTest: the Signals tab and the sidebar."""

from __future__ import annotations

from dataclasses import replace

import pytest
import streamlit as st
from apptest_util import chart_rows, layer_table, marks, open_expander, run_app, specs, walk
from streamlit.testing.v1 import AppTest

from explorer.services.presets import PRESETS, Claim
from explorer.services.signals import MAX_BATCH, MAX_HIDDEN_LAYERS, MAX_WIDTH
from explorer.ui.i18n import TEXTS, set_lang


@pytest.fixture(autouse=True)
def _clear_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_default_run_is_clean():
    at = run_app()
    assert not at.exception, at.exception
    assert not at.error
    charts = specs(at)
    # profile chart + activation histograms + gradient histograms
    assert len(charts) == 3
    assert not at.dataframe  # the per-layer table is Markdown
    rows = layer_table(at)
    assert len(rows) == 11  # 10 hidden layers + output
    assert [r["layer"] for r in rows] == [str(i) for i in range(1, 12)]
    assert rows[0]["kind"] == "hidden" and rows[-1]["kind"] == "output"
    assert rows[0]["dead units"].endswith("%") and rows[0]["saturated"] == "–"  # ReLU


def test_download_buttons_say_what_they_download():
    """The Signals tab's two CSV buttons (the histogram bins, the per-layer table) say which
    is which (both read just "CSV"); each chart has its SVG and PNG."""
    at = run_app()
    buttons = [(b.proto.label, b.proto.help) for b in at.get("download_button")]
    csv = [b for b in buttons if "CSV" in b[0]]
    assert len(csv) == 2 and len({label for label, _ in csv}) == 2, csv
    assert len({help_ for _, help_ in csv}) == 2, csv
    assert sum(label == "SVG" for label, _ in buttons) == len(specs(at)) == 3


@pytest.mark.parametrize("columns", range(1, 7))
def test_compare_grid_panels_share_one_width_budget(columns):
    from explorer.ui.tabs.signals import (
        COMPARE_PANELS_PX,
        FACET_SPACING_PX,
        compare_panel_width,
    )

    w = compare_panel_width(columns)
    assert 40 <= w <= 145
    assert columns * w + (columns - 1) * FACET_SPACING_PX <= COMPARE_PANELS_PX
    assert w == 145 or (columns * (w + 1) + (columns - 1) * FACET_SPACING_PX) > COMPARE_PANELS_PX


def test_chart_specs_hold_expected_layers():
    at = run_app()
    profile, hist_a, hist_g = specs(at)
    assert "line" in marks(profile)
    scales = [d.get("scale", {}).get("type") for d in walk(profile) if isinstance(d, dict)]
    assert "log" in scales
    assert any("strokeDash" in d for d in walk(profile))  # theory is dashed
    for h in (hist_a, hist_g):
        assert "bar" in marks(h)
        bins = [d for d in walk(h) if d.get("bin") == "binned"]
        assert bins, "histograms must use pre-binned x"
        assert any("x2" in d for d in walk(h))


@pytest.mark.parametrize(
    "key, value",
    [
        ("data", "gaussian"),
        ("data", "bars_stripes"),
        ("depth", 3),
        ("width", 64),
        ("act", "sigmoid"),
        ("act", "tanh"),
        ("init", "normal"),
        ("init", "orthogonal"),
        ("init", "zeros"),
        ("seed", 7),
        ("batch", 100),
        ("dtype", "float32"),
        ("bins", 20),
        ("shared", True),
        ("mode", "compare"),
    ],
)
def test_each_control_reruns_cleanly(key, value):
    at = run_app()
    if key in ("bins", "shared", "nozero"):
        open_expander(at, "sb_display")  # the display settings are drawn once it is open
    before = specs(at)
    at.get_by_key(key).set_value(value).run()  # as a user would, so callbacks fire
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    after = specs(at)
    assert after, "charts must still be drawn"
    if key not in ("mode",):
        assert after != before, f"changing {key} must change the charts"


def test_widgets_are_real_widgets():
    at = run_app()
    at.sidebar.selectbox(key="act").set_value("tanh").run()
    assert not at.exception
    at.sidebar.slider(key="depth").set_value(4).run()
    assert at.session_state["layers"] == ", ".join(["256"] * 4)
    at.sidebar.text_input(key="layers").set_value("32, 16").run()
    assert not at.exception and not at.error
    assert specs(at)[1]["title"] or True
    assert len(layer_table(at)) == 3


BAD_LAYERS = [
    "abc",
    "",
    "0",
    "-3",
    "10,,20",
    "1e9",
    ", ".join(["8"] * (MAX_HIDDEN_LAYERS + 1)),
    str(MAX_WIDTH * 2 + 904),  # 5000
    "2.5",
]


@pytest.mark.parametrize("text", BAD_LAYERS)
def test_bad_layer_text_shows_error_and_keeps_charts(text):
    at = run_app()
    n_charts = len(specs(at))
    at.session_state["layers"] = text
    at.run()
    assert not at.exception, at.exception
    messages = " ".join(e.value for e in at.error)
    assert "1–50 layers" in messages and "1–2048" in messages, messages
    assert len(specs(at)) == n_charts, "what was shown must stay"


def test_memory_cap_shows_error():
    at = run_app()
    at.session_state["layers"] = ", ".join(["2048"] * 50)
    at.session_state["batch"] = 2048
    at.run()
    assert not at.exception, at.exception
    messages = " ".join(e.value for e in at.error)
    assert "MB" in messages and "limit" in messages, messages


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_batch_larger_than_the_data_says_how_many_rows_were_traced(lang):
    from explorer.data.datasets import load_dataset

    n = len(load_dataset("digits").y)
    assert n < MAX_BATCH
    at = run_app(query={"lang": lang}, data="digits", batch=MAX_BATCH)
    assert not at.exception, at.exception
    texts = TEXTS[lang]
    words = texts["batch_capped"].format(asked=MAX_BATCH, rows=n, data=texts["data_digits"])
    captions = " ".join(c.value for c in at.caption)
    assert words in captions and f"{n} ·" in captions, captions
    at.session_state["batch"] = n
    at.run()
    assert words not in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("key", list(PRESETS))
def test_each_preset_runs(key):
    at = open_expander(run_app(), "sb_presets")
    at.sidebar.button(key=f"preset_{key}").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["mode"] == "compare"
    p = PRESETS[key]
    assert at.session_state["cmp"] == [s.key for s in p.compare]
    charts = specs(at)
    assert len(charts) == 3
    domains = [
        d["scale"]["domain"] for d in walk(charts[0]) if d.get("field") == "run" and "scale" in d
    ]
    assert domains and all(set(dom) == {s.label for s in p.compare} for dom in domains)
    # the preset's panel: its source and expected result beside the live verdict
    shown = [m.value for m in at.markdown]
    assert any(p.title in m for m in shown), shown
    assert any(p.source in m for m in shown) and any(p.expected in m for m in shown)
    assert any(m == f"**{TEXTS['en']['sp_live'].format(seed=0)}**" for m in shown)
    table = claims_table(at)
    assert table.count(TEXTS["en"]["sp_ok"]) == len(p.claims), table
    assert TEXTS["en"]["sp_bad"] not in table
    assert [s.value for s in at.success] == [TEXTS["en"]["sp_match"]]


def claims_table(at: AppTest) -> str:
    """The preset panel's table of claims (a Markdown table)."""
    texts = TEXTS[at.session_state["lang"]]
    head, layers = f"| {texts['sp_col_run']} |", f"| {texts['col_units']} |"
    tables = [m.value for m in at.markdown if m.value.startswith(head) and layers not in m.value]
    assert len(tables) == 1, [m.value for m in at.markdown]
    return tables[0]


@pytest.mark.parametrize("key", list(PRESETS))
def test_each_preset_panel_speaks_korean(key, korean_clicks):
    at = open_expander(run_app(query={"tab": "signals", "lang": "ko"}), "sb_presets")
    at.sidebar.button(key=f"preset_{key}").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    ko, p = TEXTS["ko"], PRESETS[key]
    shown = [m.value for m in at.markdown]
    for part in ("title", "source", "expected"):
        assert any(ko[f"preset_{key}_{part}"] in m for m in shown), part
    assert not any(p.expected in m or p.source in m for m in shown)  # no English left
    table = claims_table(at)
    assert table.count(ko["sp_ok"]) == len(p.claims), table
    assert ko["sp_col_accepted"] in table and ko["sp_col_verdict"] in table
    assert [s.value for s in at.success] == [ko["sp_match"]]
    assert ko[f"sp_rule_{key}"] in [c.value for c in at.caption]


def test_preset_panel_says_when_a_claim_fails(monkeypatch):
    # a source that claimed He shrinks the signal like Xavier: the live run says otherwise
    p = PRESETS["relu10"]
    wrong = Claim("he_normal", "ea2_ratio", 2.0**-9, 2.0**-11, 2.0**-7)
    monkeypatch.setitem(PRESETS, "relu10", replace(p, claims=(p.claims[0], wrong)))
    at = open_expander(run_app(), "sb_presets")
    at.sidebar.button(key="preset_relu10").click().run()
    assert not at.exception, at.exception
    table = claims_table(at)
    assert table.count(TEXTS["en"]["sp_ok"]) == 1 and table.count(TEXTS["en"]["sp_bad"]) == 1
    nomatch = TEXTS["en"]["sp_nomatch"].format(n=1, total=2)
    assert [w.value for w in at.warning] == [nomatch] and not at.success


def test_preset_panel_follows_the_seed_and_leaves_with_the_settings():
    at = open_expander(run_app(), "sb_presets")
    at.sidebar.button(key="preset_relu10").click().run()
    at.sidebar.number_input(key="seed").set_value(3).run()
    assert not at.exception, at.exception
    # another seed is the same experiment: the panel stays, with the new seed's numbers
    shown = [m.value for m in at.markdown]
    assert f"**{TEXTS['en']['sp_live'].format(seed=3)}**" in shown
    assert [s.value for s in at.success] == [TEXTS["en"]["sp_match"]]
    # another depth is not the source's experiment: the panel goes, with a note once
    at.sidebar.slider(key="depth").set_value(9).run()
    assert not at.exception, at.exception
    changed = TEXTS["en"]["sp_changed"].format(presets=TEXTS["en"]["sb_presets"])
    assert changed in [c.value for c in at.caption]
    head = "| " + TEXTS["en"]["sp_col_run"] + " |"
    assert not at.success and not any(m.value.startswith(head) for m in at.markdown)
    at.sidebar.slider(key="depth").set_value(10).run()
    assert changed not in [c.value for c in at.caption]
    assert not at.success  # the preset is forgotten until it is loaded again


@pytest.mark.parametrize(
    "act, std",
    [("sigmoid", 100.0), ("relu", 10.0)],
)
def test_exploding_network_reports_overflow(act, std):
    at = run_app()
    at.session_state["act"] = act
    at.session_state["init"] = "normal"
    at.session_state["std"] = std
    at.session_state["layers"] = ", ".join(["256"] * 30)
    at.session_state["dtype"] = "float32"
    at.run()
    assert not at.exception, at.exception
    if act == "relu":
        warnings = " ".join(w.value for w in at.warning)
        assert "Overflowed at layer" in warnings, warnings
    assert specs(at), "charts are still drawn"


def test_signals_view_survives_a_visit_to_another_tab():
    at = run_app()
    at.get_by_key("mode").set_value("compare").run()
    at.get_by_key("cmp").set_value(["zeros", "he_normal"]).run()
    at.session_state["tab"] = "Training"
    at.run()
    assert not at.exception
    at.session_state["tab"] = "Signals"
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["mode"] == "compare"
    assert at.session_state["cmp"] == ["zeros", "he_normal"]


def data_names(spec: dict) -> set[str]:
    return {d["data"]["name"] for d in walk(spec) if isinstance(d.get("data"), dict)}


def test_chart_data_reaches_the_page():
    """The charts' data is sent pre-converted (explorer.ui.draw.prepare_chart): every
    dataset a spec names arrives, with the rows the chart builders wrote."""
    from explorer.analysis import charts
    from explorer.services.signals import SignalsConfig, compute_signals

    at = run_app()
    res = compute_signals(SignalsConfig())
    expected = [
        charts.profile_chart(res.profile),
        charts.histogram_grid(res.hist_a, ""),
        charts.histogram_grid(res.hist_g, ""),
    ]
    for spec, data, built in zip(specs(at), chart_rows(at), expected):
        assert "datasets" not in spec  # moved into the message, as Arrow
        assert data_names(spec) == set(data) == set(built["datasets"])
        for name, rows in data.items():
            # index columns aside, the same records as the spec builders made
            clean = [{k: v for k, v in r.items() if not k.startswith("__")} for r in rows]
            assert clean == built["datasets"][name]


def test_korean_chart_data_is_translated():

    at = run_app()
    try:
        at.segmented_control(key="lang").set_value("ko").run()  # the sidebar's switch
    finally:
        set_lang("en")
    assert not at.exception, at.exception
    profile = chart_rows(at)[0]
    sources = {r["source"] for rows in profile.values() for r in rows}
    assert sources and not sources & {"measured", "theory"}  # legend entries in Korean
    for d in walk(specs(at)[0]):
        if d.get("field") == "source" and "scale" in d:
            assert set(d["scale"]["domain"]) >= sources  # colours still apply


def test_cached_rerun_sends_the_same_charts():
    at = run_app()
    first = (specs(at), chart_rows(at))
    at.run()
    assert not at.exception
    assert (specs(at), chart_rows(at)) == first


def test_compare_view_chart_data_reaches_the_page():
    at = run_app()
    at.get_by_key("mode").set_value("compare").run()
    at.get_by_key("cmp").set_value(["zeros", "he_normal", "xavier_normal"]).run()
    assert not at.exception, at.exception
    for spec, data in zip(specs(at), chart_rows(at)):
        assert data_names(spec) == set(data) and all(data.values())
    runs = {r["run"] for rows in chart_rows(at)[1].values() for r in rows}
    assert len(runs) == 3


def test_prepared_chart_draws_and_exports_the_same_chart():
    import re

    import pyarrow as pa

    from explorer.analysis import charts
    from explorer.analysis.export import chart_svg
    from explorer.services.signals import SignalsConfig, compute_signals
    from explorer.ui.draw import prepare_chart

    res = compute_signals(SignalsConfig(hidden=(16, 16)))
    p = prepare_chart(charts.profile_chart(res.profile, title="profile"), "ko")
    assert type(p.spec) is dict  # plain data: pickles into st.cache_data as it is
    # the page gets the export spec with its datasets as Arrow bytes, nothing else changed
    assert {k: v for k, v in p.display.items() if k != "datasets"} == {
        k: v for k, v in p.spec.items() if k != "datasets"
    }
    assert set(p.display["datasets"]) == set(p.spec["datasets"])
    for name, data in p.display["datasets"].items():
        rows = pa.ipc.open_stream(data).read_all().to_pylist()
        assert [{k: v for k, v in r.items() if not k.startswith("__")} for r in rows] == (
            p.spec["datasets"][name]
        )
    svg = chart_svg(p.spec)  # the downloads render the translated chart
    assert {"line", "symbol"} <= set(re.findall(r'class="mark-([a-z]+)', svg))
    assert re.search("[\uac00-\ud7a3]", svg)


@pytest.mark.parametrize(
    ("lang", "act", "words"),
    [
        ("en", "relu", ["Gaussian", "independent of the forward pass", "E[a²] = Var[z] / 2"]),
        ("en", "tanh", ["Gaussian", "no closed form", "numerically"]),
        ("ko", "relu", ["가우시안", "독립", "E[a²] = Var[z] / 2"]),
        ("ko", "sigmoid", ["가우시안", "수치 적분"]),
    ],
)
def test_the_theory_line_says_what_it_assumes(lang, act, words):
    """Where the dashed line is explained: the assumptions in words and the recursion as a
    formula, in the page's language."""
    at = run_app(query={"lang": lang, "act": act})
    assert not at.exception, at.exception
    (box,) = [e for e in at.expander if e.label == TEXTS[lang]["sig_theory"]]
    assert not box.children  # built only once opened
    open_expander(at, "sig_theory")
    (box,) = [e for e in at.expander if e.label == TEXTS[lang]["sig_theory"]]
    text = " ".join(m.value for m in box.markdown)
    for w in words:
        assert w in text, (w, text)
    formulas = [x.value for x in box.get("latex")] if box.get("latex") else []
    assert formulas and "Var" in formulas[0] and "n_{l-1}" in formulas[0]
    caption = " ".join(c.value for c in at.caption)
    assert TEXTS[lang]["theory_method_" + ("exact" if act == "relu" else "quadrature")] in caption


def test_share_link_is_built_when_opened():
    at = run_app(query={"act": "tanh", "seed": "5"})
    assert not at.exception, at.exception
    assert not at.get("code")  # the closed expander sends nothing
    open_expander(at, "sb_share")
    (code,) = at.get("code")
    assert "act=tanh" in code.value and "seed=5" in code.value, code.value


def test_display_settings_apply_while_their_expander_is_closed():
    at = run_app(query={"bins": "20"})
    assert not at.exception, at.exception
    assert "bins" not in [s.key for s in at.sidebar.slider]  # the closed expander is empty
    (rows,) = chart_rows(at)[1].values()  # the activation histograms
    assert len(rows) == 20 * 10  # 20 bins in each of the 10 hidden layers
    open_expander(at, "sb_display")
    assert at.sidebar.slider(key="bins").value == 20
    at.sidebar.slider(key="bins").set_value(30).run()
    at.session_state["sb_display"] = False  # closed again: the value stays
    at.run()
    assert not at.exception, at.exception
    assert "bins" not in [s.key for s in at.sidebar.slider]
    (rows,) = chart_rows(at)[1].values()
    assert len(rows) == 30 * 10 and dict(at.query_params) == {"bins": "30"}
