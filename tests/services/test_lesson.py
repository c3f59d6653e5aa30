"""The Lesson tab: its steps as data, the claims its narration makes, and the tab in AppTest."""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from explorer.services import lesson as course
from explorer.services.presets import TRAIN_PRESETS
from explorer.services.signals import parse_layers
from explorer.services.training import validate_inits
from explorer.services.urlstate import URL_KEYS, check_query, to_query
from explorer.ui.i18n import TEXTS, set_lang
from explorer.ui.tabs import lesson as lesson_view
from explorer.ui.tabs.signals import cached_signals

ROOT = Path(__file__).resolve().parents[2]
LECTURE_ORDER = ("sigmoid", "relu", "zeros", "rbm", "dbn", "xavier", "he", "compare")
#: Steps after the lecture's, each marked as going beyond it.
BEYOND = ("map",)


# --------------------------------------------------------------------------- the steps as data


def test_steps_follow_the_lecture():
    assert course.N_STEPS == len(course.STEPS) == len(LECTURE_ORDER) + len(BEYOND)
    assert course.STEP_IDS == LECTURE_ORDER + BEYOND
    assert [s.id for s in course.STEPS if s.beyond] == list(BEYOND)
    for n, step in enumerate(course.STEPS, 1):
        assert course.step_at(n) is step
        assert step.configs, f"step {step.id} computes nothing"
    with pytest.raises(IndexError):
        course.step_at(0)
    with pytest.raises(IndexError):
        course.step_at(course.N_STEPS + 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("3", 3), (" 8", 8), ("9", 9), (["2", "5"], 5), (4, 4), ("0", None), ("10", None),
     ("abc", None), ("3.0", None), ("-1", None), ("", None), (None, None), ([], None),
     (True, None), ("1" * 40, None)],
)  # fmt: skip
def test_parse_step(value, expected):
    assert course.parse_step(value) == expected


def test_step_is_a_url_key():
    assert "step" in URL_KEYS
    assert check_query({"step": str(course.N_STEPS)}) == []
    assert [n.key for n in check_query({"step": "0"})] == ["step"]
    assert [n.key for n in check_query({"step": str(course.N_STEPS + 1)})] == ["step"]
    assert [n.key for n in check_query({"step": "two"})] == ["step"]


@pytest.mark.parametrize("step", course.STEPS, ids=course.STEP_IDS)
def test_try_it_targets_are_valid(step):
    target = step.try_it
    assert target.tab in ("tab_signals", "tab_training", "tab_rbm", "tab_dbn", "tab_map")
    state = target.state()
    url = {k: v for k, v in state.items() if k in URL_KEYS}
    assert set(state) - set(url) - {"depth", "width"} == {k for k, _ in target.widgets}
    assert check_query(to_query(url, {})) == [], "the sidebar values must be usable in a link"
    if "layers" in state:
        widths = parse_layers(state["layers"])
        if len(set(widths)) == 1:
            assert (state["depth"], state["width"]) == (len(widths), widths[0])
    if target.tab == "tab_signals":  # the compare view shows exactly the step's networks
        assert state["mode"] == "compare"
        assert state["cmp"] == [c.init.key for c in step.signals]
        c = step.signals[0]
        assert (state["act"], state["batch"], state["data"]) == (c.activation, c.batch, c.data)
    if target.tab == "tab_training":
        assert validate_inits(state["tr_inits"]) == tuple(r.init for r in step.runs)
        assert state["tr_net"] == "sidebar"
        assert state["tr_epochs"] == step.runs[0].epochs


def test_he_step_also_leads_to_the_paper_training_preset():
    step = course.STEPS[course.STEP_IDS.index("he")]
    target = step.also
    assert target is not None and target.tab == "tab_training"
    state = target.state()
    preset = TRAIN_PRESETS[state["tr_preset"]]
    configs = preset.configs()
    c = configs[0]
    assert validate_inits(state["tr_inits"]) == tuple(r.init for r in configs)
    assert state["tr_net"] == "sidebar" and state["act"] == c.activation
    assert parse_layers(state["layers"]) == c.hidden
    assert (state["depth"], state["width"]) == (len(c.hidden), c.hidden[0])
    assert (state["tr_opt"], state["tr_lr"], state["tr_bs"], state["tr_epochs"]) == (
        c.optimizer,
        c.lr,
        c.batch_size,
        c.epochs,
    )
    url = {k: v for k, v in state.items() if k in URL_KEYS}
    assert check_query(to_query(url, {})) == []
    assert [s.id for s in course.STEPS if s.also is not None] == ["he"]


def test_weight_histograms_share_one_range():
    cfg = course.STEPS[course.STEP_IDS.index("xavier")].weights
    hist, table = course.weight_spread(cfg)
    assert list(hist["run"].unique()) == list(table["run"])
    per_run = hist.groupby("run", sort=False)
    np.testing.assert_allclose(per_run["frac"].sum(), 1.0)
    assert (per_run["count"].sum() == cfg.fan_in * cfg.fan_out).all()
    assert per_run["lo"].min().nunique() == 1 and per_run["hi"].max().nunique() == 1


def test_weight_table_matches_the_formulas():
    cfg = course.WeightsConfig(
        ("lecun_normal", "xavier_normal", "xavier_uniform", "xavier_truncated"), 64, 256
    )
    table = course.weight_spread(cfg)[1].set_index("key")
    np.testing.assert_allclose(table["sample_std"], table["std"], rtol=0.03)
    assert table.loc["lecun_normal", "std"] == pytest.approx(1 / 8)
    assert table.loc["xavier_normal", "std"] == pytest.approx(np.sqrt(2 / 320))
    assert table.loc["xavier_uniform", "limit"] == pytest.approx(np.sqrt(6 / 320))
    assert table.loc["xavier_truncated", "limit"] == pytest.approx(2 * np.sqrt(3 / 320))
    assert np.isnan(table.loc["lecun_normal", "limit"])


# --------------------------------------------------------------------------- texts


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


#: Keys whose Korean is rightly the same as the English (file types, names, arrows).
SAME_IN_KOREAN = {
    "ls_dl_svg", "ls_dl_png", "ls_dl_csv", "ls_dl_image", "ls_back", "ls_next",
    "ls_relu_short", "ls_rbm_short", "ls_dbn_short", "ls_xavier_short", "ls_he_short",
}  # fmt: skip


def test_every_lesson_text_is_in_korean():
    en = {k: v for k, v in TEXTS["en"].items() if k.startswith("ls_")}
    ko = TEXTS["ko"]
    assert len(en) > 50
    for key, text in en.items():
        assert ko.get(key, "").strip(), f"{key} has no Korean text"
        assert _fields(ko[key]) == _fields(text), f"{key}: placeholders differ"
        if key not in SAME_IN_KOREAN:
            assert ko[key] != text, f"{key} is not translated"
    for key in (k for k in ko if k.startswith("ls_")):
        assert key in en, f"{key} is Korean only"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_step_has_its_narration(lang):
    texts = TEXTS[lang]
    for step in course.STEPS:
        for part in ("short", "title", "body"):
            assert texts.get(f"ls_{step.id}_{part}"), f"{lang}: ls_{step.id}_{part}"
        body = texts[f"ls_{step.id}_body"]
        assert 2 <= body.count(". ") + body.count(".\n") + 1 <= 7, "2–4 sentences, give or take"


def test_korean_keeps_technical_terms_in_latin_letters():
    ko = TEXTS["ko"]
    terms = {
        "ls_relu_body": "ReLU",
        "ls_rbm_body": "RBM",
        "ls_xavier_title": "Xavier",
        "ls_he_title": "He",
        "ls_dbn_title": "Deep Belief Network",
    }
    for key, term in terms.items():
        assert term in ko[key]
        assert any("\uac00" <= c <= "\ud7a3" for c in ko[key]), f"{key} has no Hangul"


# --------------------------------------------------------------------------- the tab (AppTest)


def lesson(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["tab"] = "lesson"
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def step_shown(at: AppTest) -> int:
    title = at.subheader[0].value
    return int(title.split(".")[0])


def download_keys(at: AppTest, kind: str) -> list[str]:
    return [
        b.proto.id.rsplit("-", 1)[-1]
        for b in at.get("download_button")
        if f"dl_{kind}_" in b.proto.id
    ]


def test_walk_through_every_step():
    at = lesson()
    assert step_shown(at) == 1 and at.session_state["step"] == 1
    assert at.button(key="ls_backtop").disabled and at.button(key="ls_backbottom").disabled
    for n in range(1, course.N_STEPS + 1):
        assert step_shown(at) == n and at.session_state["step"] == n
        assert at.query_params["step"] == str(n)
        assert at.get("progress")[0].proto.value == int(100 * n / course.N_STEPS)
        # every chart has its SVG and PNG buttons, every picture its PNG button
        n_charts = len(at.get("vega_lite_chart"))
        assert n_charts >= 1
        svg, png = download_keys(at, "svg"), download_keys(at, "png")
        assert len(svg) == len(png) == n_charts
        assert len(set(svg)) == n_charts and all(f"lesson{n}_" in k for k in svg + png)
        assert len(download_keys(at, "img")) == len(at.get("image"))
        if course.STEP_IDS[n - 1] in ("rbm", "dbn"):
            assert len(at.get("image")) >= 3
        if n < course.N_STEPS:
            at.button(key="ls_nexttop").click().run()
            assert not at.exception, (n, [e.value for e in at.exception])
    assert at.button(key="ls_nexttop").disabled and at.button(key="ls_nextbottom").disabled
    at.button(key="ls_backbottom").click().run()
    assert step_shown(at) == course.N_STEPS - 1


def test_step_in_the_link_opens_that_step():
    at = lesson(step="3")
    assert step_shown(at) == 3 and at.session_state["step"] == 3
    assert at.query_params["step"] == "3"
    assert not at.warning


@pytest.mark.parametrize("bad", ["99", "0", "abc"])
def test_unusable_step_in_the_link_starts_at_step_1_with_a_notice(bad):
    at = lesson(step=bad)
    assert step_shown(at) == 1
    notices = [w.value for w in at.warning]  # the lesson's notice (the frame may add its own)
    assert any(bad in w and "step" in w for w in notices), notices
    assert at.query_params["step"] == "1"
    at.button(key="ls_nexttop").click().run()  # the notice is shown once
    assert step_shown(at) == 2
    assert not any(f"“{bad}”" in w.value for w in at.warning)


def test_back_and_next_stay_in_bounds_and_the_step_bar_jumps():
    at = lesson(step=str(course.N_STEPS))
    assert at.button(key="ls_nexttop").disabled and not at.button(key="ls_backtop").disabled
    at.button_group(key="ls_jump").set_value(2).run()
    assert step_shown(at) == 2 and at.query_params["step"] == "2"
    at.button(key="ls_backtop").click().run()
    assert step_shown(at) == 1
    assert at.button(key="ls_backtop").disabled and not at.button(key="ls_nexttop").disabled


def test_korean_narration():
    at = lesson(step="4", lang="ko")
    title = at.subheader[0].value
    assert title == "4. " + TEXTS["ko"]["ls_rbm_title"]
    texts = [m.value for m in at.markdown]
    assert TEXTS["ko"]["ls_rbm_body"] in texts
    assert TEXTS["en"]["ls_rbm_body"] not in texts
    assert at.button(key="ls_nexttop").label == TEXTS["ko"]["ls_next"].format(title="DBN")


def test_try_it_opens_the_signals_tab_with_the_step_settings():
    at = lesson(step="2")
    at.button(key="ls_try").click().run()
    assert not at.exception
    assert at.session_state["tab"] == TEXTS["en"]["tab_signals"]
    step = course.STEPS[1]
    assert at.multiselect(key="cmp").value == [c.init.key for c in step.signals]
    assert at.session_state["act"] == "relu" and at.session_state["mode"] == "compare"
    assert not at.subheader or not at.subheader[0].value.startswith("2.")  # the lesson is closed


def test_try_it_opens_the_training_tab():
    at = lesson(step="3")
    at.button(key="ls_try").click().run()
    assert not at.exception
    assert at.session_state["tab"] == TEXTS["en"]["tab_training"]
    assert at.query_params["tab"] == "training"
    assert at.multiselect(key="tr_inits").value == ["zeros", "he_normal"]
    assert at.session_state["layers"] == "32, 32, 32"


@pytest.fixture
def korean_clicks():
    """AppTest formats the widgets' options for a click outside the script run, in this
    thread's language: make it Korean, as the page is."""
    set_lang("ko")
    yield
    set_lang("en")


def test_he_step_opens_the_paper_preset_on_the_training_tab(korean_clicks):
    at = lesson(step=str(course.STEP_IDS.index("he") + 1), lang="ko")
    button = at.button(key="ls_try_also")
    assert button.label == TEXTS["ko"]["ls_try_preset"].format(title=TEXTS["ko"]["trp_he30_title"])
    button.click().run()
    assert not at.exception
    assert at.session_state["tab"] == TEXTS["ko"]["tab_training"]
    assert at.multiselect(key="tr_inits").value == ["xavier_normal", "he_normal"]
    assert at.session_state["layers"] == ", ".join(["64"] * 30)
    # the Training tab recognises the preset: its source and expected result are shown
    shown = [m.value for m in at.markdown]
    assert any(TEXTS["ko"]["trp_he30_source"] in m for m in shown), shown


# --------------------------------------------------------------------------- the narration's claims


# After the AppTest walk: the claims are checked on the very results the tab showed (the
# view's st.cache_data functions, shared with AppTest in this process), so they cost nothing.


def _measured(cfg):
    p = cached_signals(cfg).profile
    m = p[p["source"] == "measured"]
    return m.pivot(index="layer", columns="quantity", values="value")


def test_claims_sigmoid_and_relu_and_he():
    for cfg in course.STEPS[0].signals:  # "a million times or more smaller" at layer 1
        g = _measured(cfg)["gradient norm"]
        assert g.iloc[-1] / g.iloc[0] > 1e6, cfg.init.key
    small, large, he = (_measured(c)["activation std"] for c in course.STEPS[1].signals)
    depth = len(course.STEPS[1].signals[0].hidden)

    def per_layer(a):
        return (a.iloc[depth - 1] / a.iloc[0]) ** (1 / (depth - 1))

    assert 1 / 14 < per_layer(small) < 1 / 10  # "shrinks about twelvefold per layer"
    assert 7 < per_layer(large) < 10  # "grows about eightfold per layer"
    assert 0.5 < per_layer(he) < 2  # level
    xavier, he30 = (_measured(c)["activation std"] for c in course.STEPS[6].signals)
    assert xavier.iloc[29] < 1e-3 * xavier.iloc[0]
    assert 0.5 < he30.iloc[29] / he30.iloc[0] < 2


def test_claims_zeros_and_dbn():
    zeros, he = (course.run_facts(lesson_view._train(c)) for c in course.STEPS[2].runs)
    assert zeros.grad_hidden_start == 0.0 and zeros.distinct_units == 1
    assert zeros.width == 32 and zeros.val_accuracy < 0.15
    assert he.grad_hidden_start > 0 and he.distinct_units == he.width and he.val_accuracy > 0.8
    acc = lesson_view._dbn(course.STEPS[4].dbn).final_val_accuracy()
    assert acc["normal"] < 0.15 and acc["dbn"] > acc["normal"] + 0.3
