"""The Training tab, run headless through Streamlit's AppTest.

The tab is opened as a user's click would: ``st.tabs(..., key="tab")`` keeps the open tab's
label in ``st.session_state["tab"]``, and only the open tab runs (explorer/ui/main.py).
"""

from __future__ import annotations

import time

import pytest
from apptest_util import (
    chart_rows,
    count_view_builds,
    marks,
    open_expander,
    run_app,
    specs,
    walk,
)
from streamlit.testing.v1 import AppTest

import explorer.ui.tabs.training as training
from explorer.data.datasets import DatasetUnavailable
from explorer.services.training import DBN, DBN_LABEL, TAB_DEFAULT_HIDDEN
from explorer.ui.i18n import TEXTS, set_lang, t
from explorer.ui.run_tab import RunTab
from explorer.ui.stores import job_service

TAB = t("tab_training")
# Two quick runs: most tests need the tab's machinery, not its default workload.
QUICK = {"tr_inits": ["zeros", "he_normal"], "tr_epochs": 3}


pytestmark = pytest.mark.usefixtures("fresh_caches")


class Trained:
    """The configs of the training runs the server's job service has started, in order."""

    def _configs(self) -> list:
        return [cfg for kind, cfg in job_service().started if kind == "train"]

    def __len__(self) -> int:
        return len(self._configs())

    def __getitem__(self, i):
        return self._configs()[i]

    def __iter__(self):
        return iter(self._configs())

    def __eq__(self, other) -> bool:
        return self._configs() == list(other)


@pytest.fixture
def trainings():
    """Counts the runs the tab trains (each computed once by the job service)."""
    return Trained()


def open_tab(**state) -> AppTest:
    return run_app(tab=TAB, **state)


def train(at: AppTest) -> AppTest:
    at.button(key="tr_train").click().run()
    return at


def run_domains(spec) -> list[list]:
    return [d["scale"]["domain"] for d in walk(spec) if d.get("field") == "run" and "scale" in d]


def messages(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.error, *at.warning, *at.info])


# --------------------------------------------------------------------------- tests


def test_tab_opens_clean_and_waits_for_train(trainings):
    at = open_tab()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["tr_inits"] == ["zeros", "lecun_normal", "he_normal", "dbn"]
    assert at.session_state["tr_net"] == "tab"  # the sidebar is at its default
    assert "Click **Train**" in messages(at)
    assert not specs(at), "nothing is trained before Train is clicked"
    assert trainings == []
    assert any("sigmoid" in c.value for c in at.caption), "the DBN note says it is sigmoid"


def test_default_training_draws_the_lecture_story(trainings):
    at = train(open_tab())
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(trainings) == 4
    assert {c.hidden for c in trainings} == {TAB_DEFAULT_HIDDEN}
    curves, grad, weights, distinct = specs(at)
    labels = ["Zeros", "LeCun normal (the lecture's 'Xavier')", "He normal (Kaiming)", DBN_LABEL]
    # loss and accuracy: lines, one colour per initializer, train dashed / validation solid
    assert "line" in marks(curves)
    assert labels in run_domains(curves)
    dashes = [d for d in walk(curves) if d.get("field") == "split" and "scale" in d]
    assert dashes and dashes[0]["scale"]["domain"] == ["train", "validation"]
    assert any(d.get("type") == "log" for d in walk(curves) if "type" in d)
    # gradient heatmap: rects, a log colour scale, zeros drawn (not missing)
    assert "rect" in marks(grad)
    assert any(d.get("scale", {}).get("type") == "log" for d in walk(grad))
    assert any(d.get("field") == "special" for d in walk(grad)), "exactly-zero cells drawn"
    # symmetry: the zero-initialized weights beside a random start's; distinct units
    assert "rect" in marks(weights) and len(weights["hconcat"]) == 2
    assert "line" in marks(distinct) and labels in run_domains(distinct)
    # the results table tells the lecture's story
    table = at.dataframe[0].value.set_index("run")
    assert list(table.index) == labels
    val = table["val_accuracy"]
    assert val["Zeros"] < 0.1 + 0.05, val  # learns nothing: chance is 10 %
    assert table.loc["Zeros", "distinct_units_1"] == 1
    assert val[DBN_LABEL] > 0.5, val
    assert min(val[labels[1]], val[labels[2]]) >= val[DBN_LABEL], val  # as well or better
    assert table.loc[DBN_LABEL, "activation"] == "sigmoid"
    assert (table.loc[labels[:3], "activation"] == "relu").all()


def test_cached_rerun_does_not_train_again(trainings):
    at = train(open_tab(**QUICK))
    assert len(trainings) == 2
    before = specs(at)
    at.run()
    assert len(trainings) == 2, "an unchanged rerun is served from the store"
    assert specs(at) == before
    # a new session with the same settings is served too, without clicking Train
    other = open_tab(**QUICK)
    assert len(trainings) == 2 and specs(other) == before
    assert any(EN["run_cached"] in c.value for c in other.caption), "and says so"
    assert not any(EN["run_cached"] in c.value for c in at.caption), "the first one trained"
    # changing one initializer trains only the new one
    other.session_state["tr_inits"] = ["zeros", "xavier_normal"]
    train(other.run())
    assert len(trainings) == 3 and trainings[-1].init == "xavier_normal"


def test_changed_settings_keep_old_results_until_train(trainings):
    at = train(open_tab(**QUICK))
    n = len(specs(at))
    at.session_state["tr_epochs"] = 4
    at.run()
    assert len(trainings) == 2, "no training without the Train button"
    assert "earlier settings" in messages(at)
    assert len(specs(at)) == n


def test_stop_keeps_what_was_learned(monkeypatch, trainings):
    """Stop withdraws this session's interest: the runs that had started stop after the epoch
    they were training and keep their epochs; a run not started yet is cancelled."""
    monkeypatch.setattr(RunTab, "wait", lambda self, slot: None)  # the page does not wait
    inits = ["he_normal", "lecun_normal", "xavier_normal"]
    at = train(open_tab(tr_inits=inits, tr_epochs=100))
    assert not at.exception, at.exception
    assert not at.button(key="tr_stop").disabled
    state = at.session_state["_tr_run"]
    deadline = time.monotonic() + 120
    while not any(v.progress and v.progress.epoch >= 3 for v in job_service().poll(state.tickets)):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    at.button(key="tr_stop").click().run()
    assert not at.exception, at.exception
    assert at.button(key="tr_stop").disabled
    table = at.dataframe[0].value
    assert 1 <= len(table) <= 3
    assert table["stopped"].all() and (table["epochs_run"] < 100).all()
    assert (table["epochs_run"] >= 1).all()
    for epochs in table["epochs_run"]:
        assert any(f"stopped after {epochs} of 100 epochs" in c.value for c in at.caption)
    assert (len(table) < 3) == any("before it started" in c.value for c in at.caption)
    assert specs(at), "the partial runs are drawn"
    monkeypatch.undo()
    at.slider(key="tr_epochs").set_value(3).run()
    train(at)  # Train again (other epochs): runs to the end
    table = at.dataframe[0].value
    assert list(table["epochs_run"]) == [3, 3, 3] and not table["stopped"].any()


@pytest.mark.parametrize(
    "state, words",
    [
        ({"tr_lr": 0.0}, ["learning rate must be a number in (0, 10]"]),
        ({"tr_lr": -0.5}, ["learning rate must be a number in (0, 10]"]),
        ({"tr_inits": []}, ["Pick 1 to 5 initializers", "0 are selected"]),
        (
            {"tr_inits": ["zeros", "normal", "lecun_normal", "xavier_normal", "he_normal", DBN]},
            ["Pick 1 to 5 initializers", "6 are selected"],
        ),
        ({"tr_net": "sidebar", "layers": "2048, 2048"}, ["at most 1,000,000"]),
        ({"tr_net": "sidebar", "tr_epochs": 100}, ["at most", "epochs for this network"]),
    ],
)
def test_bad_input_shows_a_message_and_keeps_results(state, words, trainings):
    at = train(open_tab(tr_inits=["he_normal"], tr_epochs=2))
    n = len(specs(at))
    assert n
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    for w in words:
        assert w in errors, errors
    assert at.button(key="tr_train").disabled
    assert len(specs(at)) == n, "what was shown stays"
    assert len(trainings) == 1


def test_mnist_unavailable_falls_back_to_digits(monkeypatch, trainings):
    def offline(name):
        raise DatasetUnavailable("no network (test).")

    monkeypatch.setattr(training, "ensure_data", offline)
    at = open_tab(tr_inits=["he_normal"], tr_epochs=2, tr_data="mnist")
    assert not at.exception, at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "no network (test)." in warnings and "digits" in warnings
    train(at)
    assert not at.exception and specs(at)
    assert trainings[-1].data == "digits"


def test_optimizer_sets_its_learning_rate_and_presets_apply():
    at = open_tab()
    at.selectbox(key="tr_opt").set_value("adam").run()
    assert at.session_state["tr_lr"] == pytest.approx(1e-3)
    at.button(key="tr_trp_sigmoid").click().run()
    assert not at.exception, at.exception
    assert at.session_state["act"] == "sigmoid"
    assert at.session_state["tr_inits"] == ["zeros", "normal:std=0.01", "lecun_normal", "dbn"]
    assert at.session_state["tr_lr"] == pytest.approx(0.1)


def test_sidebar_network_is_used_when_picked(trainings):
    at = open_tab(tr_inits=["he_normal"], tr_epochs=1, tr_net="sidebar", layers="32, 16")
    train(at)
    assert not at.exception and not at.error
    assert trainings[-1].hidden == (32, 16)
    assert at.session_state["tr_net"] == "sidebar"


def test_settings_survive_a_visit_to_another_tab():
    at = open_tab()
    at.slider(key="tr_epochs").set_value(7).run()
    at.multiselect(key="tr_inits").set_value(["zeros", DBN]).run()
    at.session_state["tab"] = t("tab_signals")
    at.run()
    at.session_state["tab"] = TAB
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["tr_epochs"] == 7
    assert at.session_state["tr_inits"] == ["zeros", DBN]


# --------------------------------------------------------------------------- Korean, presets

KO = TEXTS["ko"]
EN = TEXTS["en"]


def korean_tab(**state) -> AppTest:
    return run_app(query={"tab": "training", "lang": "ko"}, **state)


@pytest.mark.parametrize(
    "state, key, params",
    [
        ({"tr_inits": []}, "tr_inits_count", {"most": 5, "n": 0}),
        ({"tr_inits": ["he_normal"], "tr_lr": 0.0}, "float_range", {"interval": "(0, 10]"}),
        (
            {"tr_inits": ["he_normal"], "tr_net": "sidebar", "layers": "2048, 2048"},
            "tr_params",
            None,
        ),
    ],
)
def test_errors_are_korean_in_the_korean_ui(state, key, params, korean_clicks):
    at = korean_tab(**state)
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert KO["tr_invalid"] in errors
    if params is not None:
        if key == "float_range":
            params = {**params, "field": KO["field_tr_lr"]}
        template = KO[f"err_{key}"].split("{got}")[0]
        assert template.format(**params) in errors, errors
    else:
        assert KO[f"err_{key}"].split("{")[0] in errors, errors
    assert "must be" not in errors and "Pick 1" not in errors and "This network" not in errors


def test_he30_preset_shows_the_expected_result_beside_the_live_one(trainings, korean_clicks):
    set_lang("en")
    at = run_app(query={"lang": "en"}, timeout=120)
    open_expander(at, "sb_presets")  # the sidebar's preset list
    at.button(key="trp_he30").click().run()
    assert not at.exception, at.exception
    assert at.session_state["tab"] == TEXTS["en"]["tab_training"]
    assert at.multiselect(key="tr_inits").value == ["xavier_normal", "he_normal"]
    assert at.session_state["layers"] == ", ".join(["64"] * 30)
    text = " ".join(m.value for m in at.markdown)
    assert t("trp_he30_source") in text and t("trp_he30_expected") in text
    assert not at.success and not at.get("vega_lite_chart")

    train(at)
    assert not at.exception, at.exception
    assert [c.init for c in trainings] == ["xavier_normal", "he_normal"]
    assert all(c.hidden == (64,) * 30 and c.optimizer == "momentum" for c in trainings)
    text = " ".join(m.value for m in at.markdown)
    # the live numbers, each beside what the paper says it should do
    assert "stalls at chance; the paper: stalls at chance" in text, text
    assert "learns; the paper: learns" in text, text
    assert "validation accuracy **10%**" in text  # Xavier: chance
    assert [s.value for s in at.success] == [t("tr_pv_match")]
    assert specs(at), "the runs' charts are drawn below"

    # the same runs in Korean, without training again
    at.segmented_control(key="lang").set_value("ko").run()  # the sidebar's switch
    set_lang("ko")  # (the page's widgets are now Korean)
    assert at.session_state["tab"] == KO["tab_training"]
    assert not at.exception, at.exception
    text = " ".join(m.value for m in at.markdown)
    assert KO["trp_he30_source"] in text and KO["trp_he30_expected"] in text
    assert f"{KO['tr_pv_stalls']}. 논문: {KO['tr_pv_stalls']}" in text, text
    assert [s.value for s in at.success] == [KO["tr_pv_match"]]
    assert len(trainings) == 2

    # other settings: the preset's claim no longer applies, and a note says why (once)
    at.session_state["tr_epochs"] = 5
    at.run()
    assert not at.success
    assert any(KO["tr_pv_changed"].split("“")[0] in c.value for c in at.caption)


# --------------------------------------------------------------------------- cached reruns


def page(at: AppTest) -> tuple:
    """What the results section sends: chart specs, chart data, the table, the downloads."""
    downloads = [(b.proto.label, b.proto.help) for b in at.get("download_button")]
    return specs(at), chart_rows(at), at.dataframe[0].proto.arrow_data.data, downloads


@pytest.fixture
def view_builds(monkeypatch):
    """The languages the results view was built in (once per set of runs and language)."""
    return count_view_builds(monkeypatch, training)


def test_cached_rerun_sends_what_the_fresh_run_sent(trainings, view_builds):
    """The rerun places the view kept in the run store: same specs, same data, same table;
    and that data is what the chart builders make of the runs."""
    at = train(open_tab(**QUICK))
    fresh = page(at)
    at.run()
    assert not at.exception, at.exception
    assert view_builds == ["en"] and len(trainings) == 2  # built once, trained once
    assert page(at) == fresh
    runs = {
        training._label(c.init): r
        for c, r in zip(trainings, job_service().finished("train", list(trainings)))
    }
    built = training._figure_specs(runs)
    for spec, data, name in zip(
        specs(at), chart_rows(at), ["curves", "grad", "weights", "distinct"]
    ):
        expected = training.prepare_chart(built[name], "en").spec["datasets"]
        assert "datasets" not in spec  # moved into the message, as Arrow
        assert set(data) == set(expected)
        for key, rows in data.items():  # index columns aside, the builders' records
            assert [{k: v for k, v in r.items() if not k.startswith("__")} for r in rows] == (
                expected[key]
            ), (name, key)
    table = at.dataframe[0].value
    assert list(table["run"]) == list(runs) and list(table["epochs_run"]) == [3, 3]


def test_cached_view_follows_language_and_presentation(trainings, view_builds):
    from explorer.analysis.charts import presentation_spec

    at = train(open_tab(**QUICK))
    english, normal = chart_rows(at), specs(at)
    at.toggle(key="present").set_value(True).run()  # presentation: fonts scaled at draw time
    assert not at.exception, at.exception
    assert view_builds == ["en"] and chart_rows(at) == english
    assert specs(at) == [presentation_spec(s) for s in normal]
    at.segmented_control(key="lang").set_value("ko").run()  # the sidebar's switch
    set_lang("ko")  # AppTest sends the page's widgets back in this thread's language
    try:
        assert not at.exception, at.exception
        assert view_builds == ["en", "ko"] and len(trainings) == 2
        korean = {training._label(c.init) for c in trainings}
        runs = {r["run"] for rows in chart_rows(at)[0].values() for r in rows if "run" in r}
        assert runs == korean, runs
        at.run()
        assert not at.exception, at.exception
        assert view_builds == ["en", "ko"]
    finally:
        set_lang("en")
