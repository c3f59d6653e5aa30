"""The Map tab in AppTest: the map and its theory, the initializers and their "try it", the
progress bar, bad inputs, and Korean."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from apptest_util import walk
from streamlit.testing.v1 import AppTest

from explorer.analysis.charts import MAP_WORDS
from explorer.services.jobs import JobState, JobView, Ticket
from explorer.services.maps import MAP_INITS, MapConfig, MapProgress, compute_map
from explorer.ui import stores
from explorer.ui.i18n import TEXTS, set_lang
from explorer.ui.tabs import map as map_view

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile("[\uac00-\ud7a3]")
#: A small map for the tests that are not about the default one.
SMALL = {"map_width": 32, "map_depth": 10, "map_batch": 16}


pytestmark = pytest.mark.usefixtures("fresh_caches")


def run_map(lang: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["tab"] = "map"
    if lang:
        at.query_params["lang"] = lang
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def specs(at: AppTest) -> list[dict]:
    """The charts as sent, each with its datasets back in the spec as records (the page
    sends them beside the spec, as Arrow)."""
    out = []
    for c in at.get("vega_lite_chart"):
        spec = json.loads(c.proto.spec)
        spec["datasets"] = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in c.proto.datasets
        }
        out.append(spec)
    return out


def computed(at: AppTest) -> int:
    return stores.job_service().stats()["computed"].get("map", 0)


def test_default_map_with_theory_and_every_initializer():
    at = run_map()
    assert not at.error, [e.value for e in at.error]
    assert at.query_params["tab"] == "map"
    (spec,) = specs(at)
    assert len(spec["vconcat"]) == 2  # the initializer strip over the heatmap
    cells = spec["datasets"]["cells"]
    assert len(cells) == 40 * 50
    assert spec["title"]["text"].startswith("Tanh: gradient left at each layer")
    rules = {r["line"]: r["sigma"] for r in spec["datasets"]["rules"]}
    assert rules[MAP_WORDS["crit_theory"]] == pytest.approx(1.0)
    assert spec["datasets"]["curve"], "the theory's 10× line"
    placed = {m["inits"]: m for m in spec["datasets"]["markers"]}
    assert placed["He"]["sigma"] == pytest.approx(np.sqrt(2))
    assert placed["N(0, 0.01²)"]["sigma"] == pytest.approx(0.16)  # width 256
    assert placed["N(0, 1)"]["side"] == "right" and "16 →" in placed["N(0, 1)"]["text"]
    assert placed["zeros"]["side"] == "left"
    # the metrics: theory's edge exactly 1, the measured one within a grid step
    values = {m.label: m.value for m in at.metric}
    assert values[TEXTS["en"]["map_m_theory"]] == "1"
    assert abs(float(values[TEXTS["en"]["map_m_measured"]]) - 1) < 0.12
    # the table lists every initializer; the theory and its papers are shown
    assert at.dataframe[0].value.shape[0] == len(MAP_INITS)
    assert len(at.latex) == 4
    text = " ".join(m.value for m in at.markdown)
    assert "Poole" in text and "Schoenholz" in text and "infinite width" in text
    assert "Gaussian" in text and "independent of the forward pass" in text
    # the downloads of the chart and of the table
    ids = [b.proto.id for b in at.get("download_button")]
    assert any("dl_svg_edge_of_chaos_tanh_256x50_gradient" in i for i in ids)
    assert any("dl_csv_initializers_on_the_map" in i for i in ids)


def test_sidebar_shows_only_the_seed():
    at = run_map(**SMALL)
    assert [n.key for n in at.sidebar.number_input] == ["seed"]
    assert TEXTS["en"]["sb_for_map"] in [c.value for c in at.sidebar.caption]
    at.sidebar.number_input(key="seed").set_value(3).run()
    assert not at.exception and computed(at) == 2  # a new seed is a new map


def test_rerun_and_colour_switch_reuse_the_one_computation():
    at = run_map(**SMALL)
    assert computed(at) == 1
    at.run()
    at.segmented_control(key="map_q").set_value("activation").run()
    assert not at.exception and computed(at) == 1
    (spec,) = specs(at)
    text = " ".join(walk_strings(spec))
    assert MAP_WORDS["legend_activation"] in text and not spec["datasets"]["curve"]
    assert TEXTS["en"]["map_caption_activation"] in [c.value for c in at.caption]


#: Keys whose values are names, never shown (as in charts.translate_spec).
NAME_KEYS = {"field", "type", "$schema", "name", "as", "format", "detail"}


def walk_strings(spec):
    """Every string a reader could see in a spec (names of fields and types left out)."""
    for d in walk(spec):
        for k, v in d.items():
            if isinstance(v, str) and k not in NAME_KEYS:
                yield v
            elif isinstance(v, list) and k not in NAME_KEYS:
                yield from (x for x in v if isinstance(x, str))


@pytest.mark.parametrize(
    ("state", "phrase"),
    [
        ({"map_width": 5000}, "The width must be a whole number from 2 to 1024"),
        ({"map_depth": 60}, "The depth must be a whole number from 1 to 50"),
        ({"map_lo": 0.0}, "The smallest σ_w must be a number in [0.01, 100]"),
        ({"map_lo": -1.0}, "The smallest σ_w must be a number in [0.01, 100]"),
        ({"map_lo": 4.0, "map_hi": 2.0}, "The σ_w range is empty"),
        ({"map_width": 1024, "map_batch": 64}, "the limit is 256 MB"),
        ({"map_width": 512, "map_n": 100}, "times the work of the default one"),
        ({"map_n": 10}, "The number of σ_w values must be a whole number from 40 to 160"),
    ],
)
def test_bad_inputs_get_a_clear_message_and_no_map(state, phrase):
    at = run_map(**state)
    messages = " ".join(e.value for e in at.error)
    assert phrase in messages, messages
    assert TEXTS["en"]["map_error_title"] in messages
    assert not specs(at) and computed(at) == 0


def test_bad_input_in_korean():
    at = run_map(lang="ko", map_depth=60)
    message = at.error[0].value
    assert TEXTS["ko"]["map_error_title"] in message
    assert TEXTS["ko"]["field_map_depth"] in message and "1부터 50까지" in message


@pytest.fixture
def korean_clicks():
    set_lang("ko")
    yield
    set_lang("en")


def test_korean_page_and_chart(korean_clicks):
    at = run_map(lang="ko", **SMALL)
    assert not at.error
    assert TEXTS["ko"]["tab_map"] == "지도"
    assert TEXTS["ko"]["map_intro"] in [m.value for m in at.markdown]
    (spec,) = specs(at)
    shown = (
        set(walk_strings(spec))
        | {str(r.get("band")) for r in spec["datasets"]["cells"]}
        | {str(m["text"]) for m in spec["datasets"]["markers"]}
    )
    english = {v for k, v in MAP_WORDS.items() if "{" not in v and TEXTS["ko"][f"mapc_{k}"] != v}
    assert len(english) >= 15 and not shown & english, shown & english
    assert spec["title"]["text"].startswith("Tanh: 각 층에 남은 기울기")
    assert any("표준 균등" in m["text"] for m in spec["datasets"]["markers"])
    assert any("← 0 (zeros)" in m["text"] for m in spec["datasets"]["markers"])
    labels = [m.label for m in at.metric]
    assert TEXTS["ko"]["map_m_theory"] in labels
    assert all(HANGUL.search(c.value) for c in at.caption if c.value)


def test_try_it_opens_signals_at_that_setting():
    at = run_map(map_act="relu", **SMALL)
    at.selectbox(key="map_try").set_value("normal:std=0.01").run()
    at.button(key="map_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    s = at.session_state
    assert s["tab"] == TEXTS["en"]["tab_signals"]
    assert "tab" not in at.query_params  # the default tab is not written into the link
    assert (s["act"], s["init"], s["std"]) == ("relu", "normal", 0.01)
    assert (s["depth"], s["width"], s["layers"]) == (10, 32, ", ".join(["32"] * 10))
    assert (s["data"], s["dim"], s["batch"], s["dtype"]) == ("gaussian", 32, 16, "float32")
    caption = " ".join(c.value for c in at.caption)
    assert "32 → " + " → ".join(["32"] * 10) + " → 10" in caption, caption


def test_progress_bar_while_the_map_computes(monkeypatch):
    """The one wait loop (stores.await_result) shows the job's progress as the Map tab words
    it (a fake service: queued, 1 and 20 of 40, done)."""
    cfg = MapConfig(width=16, depth=3, batch=8)
    result = compute_map(cfg)
    ticket = Ticket(("map", cfg), 1)
    views = iter(
        [
            JobView(ticket, JobState.QUEUED, ahead=2),
            JobView(ticket, JobState.RUNNING, progress=MapProgress(1, 40)),
            JobView(ticket, JobState.RUNNING, progress=MapProgress(20, 40)),
            JobView(ticket, JobState.DONE, result=result),
        ]
    )

    class FakeService:
        def finished(self, kind, configs):
            return [None]

        def request(self, session, kind, configs, priority):
            assert (kind, configs, priority) == ("map", [cfg], "interactive")
            return [ticket]

        def poll(self, tickets):
            return [next(views)]

        def wait(self, tickets, timeout):
            return [next(views)]

    shown = []

    class Bar:
        def progress(self, value, text=None):
            shown.append((value, text))

        def empty(self):
            shown.append("empty")

    monkeypatch.setattr(stores, "job_service", FakeService)
    monkeypatch.setattr(stores.st, "progress", lambda value, text=None: Bar())
    monkeypatch.setattr(stores, "REDRAW_S", 0.0)  # every change drawn (see the next test)
    assert map_view._await(cfg) is result
    texts = [s[1] for s in shown if s != "empty"]
    assert shown[-1] == "empty"
    assert [s[0] for s in shown[:-1]] == [0.0, 1 / 40, 0.5]
    assert "2 computations ahead" in texts[0] and "1 of 40" in texts[1] and "20 of 40" in texts[2]


def test_a_flood_of_map_reports_redraws_at_most_every_redraw_s(monkeypatch):
    """A map reports after every σ_w, and every report wakes every waiting page: the bar is
    redrawn only when it changed, and not more often than REDRAW_S (as the run tabs')."""
    n, tick = 400, 0.01  # 400 reports, one every 10 ms of the page's clock
    cfg = MapConfig(width=16, depth=3, batch=8)
    ticket = Ticket(("map", cfg), 1)
    steps = iter(range(1, n + 1))

    class FakeService:
        def finished(self, kind, configs):
            return [None]

        def request(self, session, kind, configs, priority):
            return [ticket]

        def poll(self, tickets):
            return [JobView(ticket, JobState.RUNNING, progress=MapProgress(0, n))]

        def wait(self, tickets, timeout):
            k = next(steps, None)
            if k is None:
                return [JobView(ticket, JobState.DONE, result="map")]
            return [JobView(ticket, JobState.RUNNING, progress=MapProgress(k // 4, n))]

    drawn = []

    class Bar:
        def progress(self, value, text=None):
            drawn.append((value, text))

        def empty(self):
            pass

    clock = itertools.count()
    monkeypatch.setattr(stores, "job_service", FakeService)
    monkeypatch.setattr(stores.st, "progress", lambda value, text=None: Bar())
    monkeypatch.setattr(stores.time, "monotonic", lambda: next(clock) * tick)
    assert map_view._await(cfg) == "map"
    seconds = n * tick * 2  # at most two clock reads per report
    assert 2 <= len(drawn) <= seconds / stores.REDRAW_S + 2, len(drawn)
    assert len(set(drawn)) == len(drawn), "only changes are drawn"


def test_lesson_map_step_is_marked_beyond_the_lecture():
    from explorer.services.lesson import N_STEPS, STEP_IDS

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["tab"] = "lesson"
    at.query_params["step"] = str(N_STEPS)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert STEP_IDS[-1] == "map"
    assert at.subheader[0].value == f"{N_STEPS}. {TEXTS['en']['ls_map_title']}"
    assert any(TEXTS["en"]["ls_beyond"] in m.value for m in at.markdown)  # st.badge
    charts = specs(at)
    assert [c["title"]["text"].split(":")[0] for c in charts] == ["Tanh", "ReLU"]
    relu_edge = {r["line"]: r["sigma"] for r in charts[1]["datasets"]["rules"]}
    he = next(m for m in charts[1]["datasets"]["markers"] if m["inits"] == "He")
    assert relu_edge[MAP_WORDS["crit_theory"]] == pytest.approx(he["value"])  # He on the edge
    tanh_edge = {r["line"]: r["sigma"] for r in charts[0]["datasets"]["rules"]}
    one = next(m for m in charts[0]["datasets"]["markers"] if "LeCun" in m["inits"])
    assert "Xavier" in one["inits"]
    assert tanh_edge[MAP_WORDS["crit_theory"]] == pytest.approx(one["value"])
    at.button(key="ls_try").click().run()
    assert not at.exception
    assert at.session_state["tab"] == TEXTS["en"]["tab_map"]
    assert at.query_params["tab"] == "map" and at.session_state["map_act"] == "relu"
    assert len(specs(at)) == 1
