"""The RBM and DBN tabs, run headless through Streamlit's AppTest.

The tab is chosen by writing its label into ``st.session_state["tab"]`` before the first
run (``st.tabs(key="tab", on_change="rerun")`` reads its state from there, and only the open
tab's view runs). Uploads go through ``at.file_uploader(...).set_value``, which Streamlit
1.67's AppTest supports. Interrupting a run the way a click on *Stop* does (Streamlit raises
a control exception at the next ``st`` call) is simulated by raising ``StopException`` from
the progress callback after a few epochs; the next run is the *Stop* click.
"""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from apptest_util import chart_rows, count_view_builds, run_app, specs, walk
from PIL import Image, ImageDraw
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from explorer.analysis.rbm_frames import dbn_finetune_curves, dbn_pretrain_curves, rbm_curves
from explorer.data.datasets import DatasetUnavailable
from explorer.data.uploads import ImageError, load_image
from explorer.services import rbm as rbm_service
from explorer.services import training as training_service
from explorer.services.dbn import DBN_RUNS, MAX_DBN_LAYERS, MAX_DBN_UNITS, DBNConfig, run_dbn
from explorer.ui.i18n import TEXTS, err_text, set_lang
from explorer.ui.run_tab import RunTab
from explorer.ui.stores import job_service
from explorer.ui.tabs import dbn as dbn_view
from explorer.ui.tabs import rbm as rbm_view

EN = TEXTS["en"]


pytestmark = pytest.mark.usefixtures("fresh_caches")


def open_tab(tab: str, **state) -> AppTest:
    return run_app(tab=EN[f"tab_{tab}"], **state)


def chart_data(at: AppTest, i: int) -> pd.DataFrame:
    """All rows of chart ``i`` (Streamlit moves a spec's inline datasets into the proto)."""
    sets = at.get("vega_lite_chart")[i].proto.datasets
    return pd.concat(
        [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in sets],
        ignore_index=True,
    )


def pictures(at: AppTest) -> list:
    return [img for el in at.image for img in el.proto.imgs]


def clean(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


@pytest.fixture
def count_calls():
    """How many jobs of each kind the server's job service has computed (a dict)."""

    class Counts:
        def __eq__(self, other):
            return job_service().stats()["computed"] == other

        def __repr__(self):
            return repr(job_service().stats()["computed"])

    return Counts()


def in_background(monkeypatch):
    """Let a Train click return at once instead of waiting for the run (as a page does
    that the user leaves while its run goes on)."""
    monkeypatch.setattr(RunTab, "wait", lambda self, slot: None)


def wait_for_progress(at: AppTest, key: str, done) -> None:
    """Wait (outside the page) until the session's running job reports ``done(progress)``."""
    import time

    state = at.session_state[key]
    deadline = time.monotonic() + 120
    while True:
        (view,) = job_service().poll(state.tickets)
        if view.progress is not None and done(view.progress):
            return
        assert not view.ended and time.monotonic() < deadline, view
        time.sleep(0.02)


# --------------------------------------------------------------------------- RBM tab


def test_rbm_tab_runs_clean_before_training():
    at = open_tab("rbm")
    clean(at)
    assert any("Train" in i.value for i in at.info)
    assert not at.image and not specs(at)
    assert at.button(key="rbm_stop").disabled


def test_rbm_training_draws_crisp_images_and_curves_and_reruns_from_the_store(count_calls):
    at = open_tab("rbm")
    at.button(key="rbm_train").click().run()
    clean(at)
    assert count_calls == {"rbm": 1}
    imgs = pictures(at)
    # originals + reconstructions, filters, samples
    assert len(at.image) == 3 and len(imgs) == 4
    assert all(i.url.endswith(".png") for i in imgs), [i.url for i in imgs]
    captions = " ".join(i.caption for i in imgs)
    assert "Held-out" in captions and "columns of W" in captions and "Gibbs" in captions
    (curves,) = specs(at)
    panels = [p["title"] for p in curves["hconcat"]]
    assert panels == ["reconstruction error", "free energy", "free-energy gap"]
    data = chart_data(at, 0)
    assert set(data["split"]) == {"train", "held-out", "held-out − train"}
    assert data["epoch"].max() == 20 and len(data) == 5 * 20
    assert any("overfitting" in c.value for c in at.caption)
    assert any("20 of 20 epochs" in c.value for c in at.caption)

    at.run()  # any rerun: shown from the store
    clean(at)
    assert count_calls == {"rbm": 1}
    assert len(pictures(at)) == 4 and len(specs(at)) == 1

    at.button(key="rbm_train").click().run()  # same settings again: not retrained
    clean(at)
    assert count_calls == {"rbm": 1}
    assert any(EN["run_cached"] in c.value for c in at.caption)


def test_rbm_changed_settings_keep_the_result_until_train(count_calls):
    at = open_tab("rbm", rbm_epochs=5)
    at.button(key="rbm_train").click().run()
    at.number_input(key="rbm_hidden").set_value(32).run()
    clean(at)
    assert count_calls == {"rbm": 1}
    assert any(EN["rbm_settings_changed"] in i.value for i in at.info)
    assert len(pictures(at)) == 4
    at.button(key="rbm_train").click().run()
    assert count_calls == {"rbm": 2}
    assert any("32 hidden units" in c.value for c in at.caption)


def test_rbm_stop_keeps_what_was_learned(monkeypatch):
    in_background(monkeypatch)
    at = open_tab("rbm", rbm_epochs=200)
    at.button(key="rbm_train").click().run()
    assert not at.exception
    assert not at.button(key="rbm_stop").disabled  # Stop is live while training
    wait_for_progress(at, "_rbm_run", lambda p: p.epoch >= 3)
    at.button(key="rbm_stop").click().run()
    clean(at)
    result = at.session_state["_rbm_run"]
    warning = " ".join(w.value for w in at.warning)
    assert re.search(r"Stopped after epoch (\d+) of 200", warning), warning
    stopped_at = int(re.search(r"epoch (\d+) of 200", warning).group(1))
    assert 3 <= stopped_at < 200
    assert len(pictures(at)) == 4
    assert chart_data(at, 0)["epoch"].max() == stopped_at
    assert at.button(key="rbm_stop").disabled  # nothing of this session runs any more
    monkeypatch.undo()
    assert result is at.session_state["_rbm_run"]
    at.number_input(key="rbm_epochs").set_value(5).run()
    at.button(key="rbm_train").click().run()  # a stopped run is not a finished one
    clean(at)
    assert any("5 of 5 epochs" in c.value for c in at.caption)
    assert not at.warning


def test_stop_from_one_session_leaves_the_run_to_another(monkeypatch):
    """Two sessions train the same RBM (one job); one stops and keeps its epochs, the
    other gets the finished run."""
    in_background(monkeypatch)
    # AppTest gives every app the same session id: tell the two sessions apart here
    sid = lambda: st.session_state["_test_session"]
    monkeypatch.setattr("explorer.ui.run_tab.session_id", sid)
    first = open_tab("rbm", rbm_epochs=60, _test_session="A")
    second = open_tab("rbm", rbm_epochs=60, _test_session="B")
    first.button(key="rbm_train").click().run()
    second.button(key="rbm_train").click().run()
    (a,) = first.session_state["_rbm_run"].tickets
    (b,) = second.session_state["_rbm_run"].tickets
    assert a.job == b.job  # joined: computed once
    wait_for_progress(first, "_rbm_run", lambda p: p.epoch >= 2)
    first.button(key="rbm_stop").click().run()
    clean(first)
    assert any("Stopped after epoch" in w.value for w in first.warning)
    monkeypatch.undo()
    second.run()  # waits for the run, which went on for this session
    clean(second)
    assert any("60 of 60 epochs" in c.value for c in second.caption)
    assert job_service().stats()["computed"] == {"rbm": 1}


def test_rbm_bad_settings_show_the_allowed_range():
    at = open_tab("rbm")
    at.number_input(key="rbm_lr").set_value(0.0).run()
    assert not at.exception
    assert any("(0, 1]" in e.value for e in at.error)
    assert at.button(key="rbm_train").disabled
    at.number_input(key="rbm_lr").set_value(0.05).run()
    at.number_input(key="rbm_epochs").set_value(500).run()
    assert any("from 1 to 200" in e.value for e in at.error)


def test_rbm_mnist_unavailable_falls_back_to_digits(monkeypatch, count_calls):
    real = training_service.load_dataset

    def offline(name, **kwargs):
        if name == "mnist":
            raise DatasetUnavailable("MNIST could not be downloaded (test: offline).")
        return real(name, **kwargs)

    monkeypatch.setattr(training_service, "load_dataset", offline)
    at = open_tab("rbm")
    at.selectbox(key="rbm_data").set_value("mnist").run()
    assert at.session_state["rbm_epochs"] == rbm_service.rbm_defaults("mnist").epochs
    at.button(key="rbm_train").click().run()
    clean(at)
    assert any("test: offline" in w.value and "digits" in w.value for w in at.warning)
    assert any("Handwritten digits" in c.value for c in at.caption)
    assert len(pictures(at)) == 4
    at.run()  # the note stays with the result; the settings did not change
    at.button(key="rbm_train").click().run()  # ... and the fallback run is reused
    clean(at)
    assert any("test: offline" in w.value for w in at.warning)
    assert not any(EN["rbm_settings_changed"] in i.value for i in at.info)
    assert count_calls == {"rbm": 1}
    assert len(pictures(at)) == 4


def _png(im: Image.Image, **kwargs) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format="PNG", **kwargs)
    return buf.getvalue()


def _digit_png() -> bytes:
    im = Image.new("L", (120, 120), 255)
    ImageDraw.Draw(im).ellipse((30, 15, 90, 105), outline=0, width=12)
    return _png(im)


def _corrupt_png() -> bytes:
    data = bytearray(_digit_png())
    i = data.index(b"IDAT") + 20
    data[i : i + 8] = b"\x00" * 8  # damages the compressed pixels; the chunk CRC no longer fits
    return bytes(data)


def _animated_png() -> bytes:
    frames = [Image.new("L", (16, 16), v) for v in (0, 255)]
    return _png(frames[0], save_all=True, append_images=frames[1:])


BAD_UPLOADS = {
    "not an image": (b"hello, this is a text file renamed to .png\n" * 3, "not an image"),
    "corrupt png": (_corrupt_png(), "corrupt or truncated"),
    "over 5 MB": (b"\x89PNG\r\n\x1a\n" + b"\x00" * (5 * 1024 * 1024), "the limit is 5 MB"),
    "animated png": (_animated_png(), "Animated images are not supported"),
}


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_read_upload_returns_the_image_error_message(kind):
    data, needle = BAD_UPLOADS[kind]
    row, message = rbm_view.read_upload(data, (8, 8))
    assert row is None
    assert needle in message
    with pytest.raises(ImageError) as err:  # the words of the error load_image raises
        load_image(data, (8, 8))
    assert message == err_text(err.value)
    row, message = rbm_view.read_upload(_digit_png(), (8, 8))
    assert message is None and row.shape == (64,)


@pytest.fixture
def trained_app():
    """The default RBM, trained (by the server's job service) before the test opens the tab:
    the tab shows it from the store."""
    svc = job_service()
    (ticket,) = svc.request("setup", "rbm", [rbm_service.RBMConfig()])
    while not svc.poll([ticket])[0].ended:
        svc.wait([ticket], 0.1)
    return {}


def _trained(trained_app) -> AppTest:
    at = open_tab("rbm", **trained_app)
    assert len(pictures(at)) == 4
    return at


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_bad_upload_shows_its_message_and_keeps_the_page(trained_app, kind):
    data, needle = BAD_UPLOADS[kind]
    at = _trained(trained_app)
    at.file_uploader(key="rbm_upload").set_value(("upload.png", data, "image/png")).run()
    assert not at.exception, at.exception
    messages = [e.value for e in at.error]
    assert len(messages) == 1 and needle in messages[0], messages
    assert len(pictures(at)) == 4 and len(specs(at)) == 1  # what was shown stays


def test_good_upload_is_reconstructed_and_stays_after_a_bad_one(trained_app):
    at = _trained(trained_app)
    at.file_uploader(key="rbm_upload").set_value(("zero.png", _digit_png(), "image/png")).run()
    clean(at)
    assert len(pictures(at)) == 6
    upload = at.image[-1].proto.imgs
    assert [i.caption for i in upload] == [
        EN["rbm_upload_yours"].format(name="zero.png"),
        EN["rbm_upload_recon"],
    ]
    assert all(i.url.endswith(".png") for i in upload)
    data, needle = BAD_UPLOADS["animated png"]
    at.file_uploader(key="rbm_upload").set_value(("anim.png", data, "image/png")).run()
    assert not at.exception
    assert needle in at.error[0].value
    assert len(pictures(at)) == 6  # the last valid upload is still shown
    assert any("zero.png" in c.value for c in at.caption)
    at.file_uploader(key="rbm_upload").set_value(None).run()  # file removed: nothing shown
    clean(at)
    assert len(pictures(at)) == 4
    # the browser replaces a file by removing it first: a bad file then still finds the
    # last valid image to keep on screen
    data, needle = BAD_UPLOADS["not an image"]
    at.file_uploader(key="rbm_upload").set_value(("notes.png", data, "image/png")).run()
    assert needle in at.error[0].value
    assert len(pictures(at)) == 6


# --------------------------------------------------------------------------- DBN tab

SMALL = {"dbn_layers": "32, 32", "dbn_pre_epochs": 3, "dbn_ft_epochs": 3}


def test_dbn_tab_runs_clean_before_training():
    at = open_tab("dbn")
    clean(at)
    assert any("Train" in i.value for i in at.info)
    assert at.text_input(key="dbn_layers").value == "100, 100, 100, 100"
    assert not at.image and not specs(at)


@pytest.mark.parametrize(
    "key, value, needles",
    [
        ("dbn_layers", "abc", ["'abc' is not a whole number", "1–6 layers", "1–500 units"]),
        ("dbn_layers", "", ["No hidden layers", "1–6 layers"]),
        ("dbn_layers", "100,,100", ["1–6 layers"]),
        ("dbn_layers", ", ".join(["50"] * 7), ["7 hidden layers is too many", "1–6 layers"]),
        ("dbn_layers", "100, 5000", ["1–500 units", "600 MB"]),
        ("dbn_pre_lr", 0.0, ["RBM learning rate must be a number in (0, 1]"]),
        ("dbn_ft_lr", -0.5, ["fine-tuning learning rate must be a number in (0, 1]"]),
        ("dbn_pre_epochs", 0, ["Pre-training epochs must be a whole number from 1 to 50"]),
        ("dbn_ft_epochs", 51, ["Fine-tuning epochs must be a whole number from 1 to 50"]),
        ("dbn_layers", "500, 500, 500, 500, 500, 500", ["the limit is 120 s"]),
    ],
)
def test_dbn_bad_inputs_show_errors_naming_the_allowed_values(key, value, needles):
    at = open_tab("dbn", **{key: value})
    assert not at.exception, at.exception
    messages = " ".join(e.value for e in at.error)
    for needle in needles:
        assert needle in messages, messages
    assert at.button(key="dbn_train").disabled


def test_dbn_training_draws_layers_curves_and_comparison(count_calls):
    at = open_tab("dbn", **SMALL)
    at.button(key="dbn_train").click().run()
    clean(at)
    assert count_calls == {"dbn": 1}
    imgs = pictures(at)
    assert [i.caption for i in imgs] == [
        EN["dbn_input"],
        EN["dbn_through_1"],
        EN["dbn_through"].format(k=2),
    ]
    assert all(i.url.endswith(".png") for i in imgs)
    pre, ft = specs(at)
    assert "reconstruction error" in json.dumps(pre)
    assert [p["title"] for p in ft["hconcat"]] == ["accuracy", "loss"]
    runs = set(chart_data(at, 1)["run"])
    assert runs == {EN["dbn_run_dbn"], EN["dbn_run_normal"], EN["dbn_run_xavier"]}
    assert set(chart_data(at, 0)["layer"]) == {1, 2}
    assert len(at.metric) == 3
    at.run()
    at.button(key="dbn_train").click().run()
    clean(at)
    assert count_calls == {"dbn": 1}
    assert any(EN["run_cached"] in c.value for c in at.caption)
    assert len(specs(at)) == 2


def test_dbn_stop_during_pretraining_keeps_the_layers(monkeypatch):
    in_background(monkeypatch)
    at = open_tab("dbn", dbn_layers="32, 32", dbn_pre_epochs=50, dbn_ft_epochs=3)
    at.button(key="dbn_train").click().run()
    wait_for_progress(at, "_dbn_run", lambda p: p.phase == "pretrain" and p.layer == 2)
    at.button(key="dbn_stop").click().run()
    clean(at)
    assert any("Stopped during pre-training (2 of 2 layers started)" in w.value for w in at.warning)
    assert len(pictures(at)) == 3  # input, 1 layer, 2 layers
    assert len(specs(at)) == 1  # pre-training curves; no fine-tuning yet
    assert any(EN["dbn_no_finetune"] in i.value for i in at.info)


def test_dbn_stop_during_finetuning_keeps_the_curves(monkeypatch):
    in_background(monkeypatch)
    at = open_tab("dbn", dbn_layers="32, 32", dbn_pre_epochs=3, dbn_ft_epochs=50)
    at.button(key="dbn_train").click().run()
    wait_for_progress(at, "_dbn_run", lambda p: p.phase == "finetune" and p.run == "normal")
    at.button(key="dbn_stop").click().run()
    clean(at)
    assert any(EN["dbn_stopped_ft"] in w.value for w in at.warning)
    assert len(at.metric) == 2
    epochs = chart_data(at, 1).groupby("run")["epoch"].max().to_dict()
    assert epochs[EN["dbn_run_dbn"]] == 50 and 1 <= epochs[EN["dbn_run_normal"]] < 50
    assert not any("claim" in m.value for m in at.markdown)  # no claim from unequal runs


def test_a_tab_switch_leaves_the_run_going(monkeypatch):
    in_background(monkeypatch)
    at = open_tab("rbm", rbm_epochs=30)
    at.button(key="rbm_train").click().run()
    at.session_state["tab"] = EN["tab_signals"]
    at.run()
    clean(at)
    (view,) = job_service().poll(at.session_state["_rbm_run"].tickets)
    assert view.state.value in ("queued", "running", "done")  # not stopped
    monkeypatch.undo()
    at.session_state["tab"] = EN["tab_rbm"]
    at.run()  # back: the page waits for the run and shows it, finished
    clean(at)
    assert any("30 of 30 epochs" in c.value for c in at.caption)
    assert not at.warning


# --------------------------------------------------------------------------- chart builders


def test_chart_builders_say_so_when_there_is_nothing_to_draw():
    from explorer.analysis import charts

    empty = dbn_finetune_curves(SimpleNamespace(histories=()))
    for chart in (
        charts.rbm_curves_chart(pd.DataFrame(columns=["epoch", "quantity", "split", "value"])),
        charts.dbn_pretrain_chart(pd.DataFrame(columns=["layer", "epoch", "recon_error"])),
        charts.dbn_finetune_chart(empty),
    ):
        spec = chart.to_dict()
        assert spec["mark"]["type"] == "text", spec


def test_dbn_finetune_chart_labels_runs_and_dashes_training():
    from explorer.analysis import charts

    res = run_dbn(DBNConfig(hidden=(8,), pre_epochs=1, ft_epochs=1))
    spec = charts.dbn_finetune_chart(dbn_finetune_curves(res), labels={"dbn": "pre-trained"})
    spec = spec.to_dict()
    text = json.dumps(spec)
    assert "pre-trained" in text and '"normal"' in text  # unlabelled keys stay as they are
    dash = [d for d in walk(spec) if isinstance(d, dict) and d.get("field") == "split"]
    assert any(d.get("scale", {}).get("range") == [[1, 0], [5, 3]] for d in dash)


KO = TEXTS["ko"]


@pytest.mark.parametrize(
    "tab, state, key, params",
    [
        ("rbm", {"rbm_epochs": 0}, "int_range", {"field": "rbm_epochs", "lo": 1, "hi": 200}),
        ("rbm", {"rbm_lr": 0.0}, "float_range", {"field": "rbm_lr", "interval": "(0, 1]"}),
        (
            "rbm",
            {"rbm_wd": 0.5},
            "float_range",
            {"field": "rbm_weight_decay", "interval": "[0, 0.01]"},
        ),
        ("dbn", {"dbn_layers": "abc"}, "dbn_layers_nan", {"part": "abc"}),
        ("dbn", {"dbn_layers": "100,,100"}, "dbn_layers_gap", {"i": 2}),
        ("dbn", {"dbn_ft_epochs": 51}, "int_range", {"field": "dbn_ft_epochs", "lo": 1, "hi": 50}),
        ("dbn", {"dbn_pre_lr": 0.0}, "float_range", {"field": "dbn_pre_lr", "interval": "(0, 1]"}),
    ],
)
def test_errors_are_korean_in_the_korean_ui(tab, state, key, params):
    at = run_app(query={"tab": tab, "lang": "ko"}, **state)
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert KO[f"{tab}_error_title"] in errors, errors
    if "field" in params:
        params = {**params, "field": KO[f"field_{params['field']}"]}
    if key.startswith("dbn_layers"):
        caps = {"most_layers": MAX_DBN_LAYERS, "most_units": MAX_DBN_UNITS}
        params = {**params, "help_dbn": KO["dbn_layers_help_text"].format(**caps)}
    template = KO[f"err_{key}"]
    got = template.split("{got}")[0].format(**params) if "{got}" in template else None
    assert (got or template.format(**params)) in errors, errors
    assert "must be" not in errors and "whole number" not in errors
    assert at.button(key=f"{tab}_train").disabled


# --------------------------------------------------------------------------- cached reruns


def sent(at: AppTest) -> tuple:
    """What a tab sends of its result: chart specs, chart data (decoded from the Arrow
    bytes), pictures (URLs name the file's hash), metrics and download buttons."""
    data = chart_rows(at)
    imgs = [(i.url, i.caption) for i in pictures(at)]
    metrics = [(m.label, m.value, m.proto.delta) for m in at.metric]
    downloads = [b.proto.label for b in at.get("download_button")]
    return specs(at), data, imgs, metrics, downloads


def st_image_urls(arrays: list[np.ndarray], tmp_path) -> list[str]:
    """The URLs ``st.image(arrays, output_format="PNG")`` gives the pictures, in an app of
    its own: the file names are hashes of the bytes, so equal URLs mean equal files."""
    paths = []
    for k, a in enumerate(arrays):
        paths.append(str(tmp_path / f"picture_{k}.npy"))
        np.save(paths[-1], a)
    at = AppTest.from_string(
        "import numpy as np\nimport streamlit as st\n"
        f"pics = [np.load(p) for p in {paths!r}]\n"
        "for p in pics:\n"
        "    st.image(p, width=int(p.shape[1]), output_format='PNG')\n"
    )
    at.run()
    assert not at.exception, at.exception
    return [img.url for el in at.image for img in el.proto.imgs]


def shown_result(at: AppTest, key: str):
    """The result of the session's last Train press, from the job service."""
    (view,) = job_service().poll(at.session_state[key].tickets)
    return view.result


def test_rbm_cached_rerun_sends_what_the_fresh_run_sent(monkeypatch, tmp_path):
    from explorer.analysis import charts
    from explorer.ui.draw import prepare_chart

    built = count_view_builds(monkeypatch, rbm_view)
    at = open_tab("rbm", rbm_epochs=5)
    at.button(key="rbm_train").click().run()
    clean(at)
    fresh = sent(at)
    at.run()
    clean(at)
    assert built == ["en"]  # the view was kept: nothing converted or encoded again
    assert sent(at) == fresh
    result = shown_result(at, "_rbm_run")
    expected = prepare_chart(charts.rbm_curves_chart(rbm_curves(result)), "en").spec["datasets"]
    (data,) = fresh[1]
    assert set(data) == set(expected)
    for name, rows in data.items():
        assert [{k: v for k, v in r.items() if not k.startswith("__")} for r in rows] == (
            expected[name]
        )
    # the pictures are the files st.image makes of the arrays
    arrays = [result.originals, result.reconstructions, result.filters, result.samples]
    assert [url for url, _ in fresh[2]] == st_image_urls(arrays, tmp_path)


def test_dbn_cached_rerun_sends_what_the_fresh_run_sent(monkeypatch, tmp_path):
    from explorer.analysis import charts
    from explorer.ui.draw import prepare_chart

    built = count_view_builds(monkeypatch, dbn_view)
    at = open_tab("dbn", **SMALL)
    at.button(key="dbn_train").click().run()
    clean(at)
    fresh = sent(at)
    at.run()
    clean(at)
    assert built == ["en"]
    assert sent(at) == fresh
    assert len(fresh[3]) == 3  # a metric per fine-tuning run
    result = shown_result(at, "_dbn_run")
    labels = {k: EN[f"dbn_run_{k}"] for k in DBN_RUNS}
    pre = charts.dbn_pretrain_chart(dbn_pretrain_curves(result))
    ft = charts.dbn_finetune_chart(dbn_finetune_curves(result), labels=labels)
    for data, chart in zip(fresh[1], (pre, ft)):
        expected = prepare_chart(chart, "en").spec["datasets"]
        assert {
            name: [{k: v for k, v in r.items() if not k.startswith("__")} for r in rows]
            for name, rows in data.items()
        } == expected
    assert [url for url, _ in fresh[2]] == st_image_urls(list(result.layer_images), tmp_path)


def test_dbn_cached_view_follows_the_language(monkeypatch):
    built = count_view_builds(monkeypatch, dbn_view)
    at = open_tab("dbn", **SMALL)
    at.button(key="dbn_train").click().run()
    english = sent(at)
    at.segmented_control(key="lang").set_value("ko").run()
    set_lang("ko")  # AppTest sends the page's widgets back in this thread's language
    try:
        clean(at)
        assert built == ["en", "ko"]
        korean = sent(at)
        assert korean[2] != english[2] and [u for u, _ in korean[2]] == [u for u, _ in english[2]]
        runs = {r["run"] for rows in korean[1][1].values() for r in rows}
        assert runs == {KO[f"dbn_run_{k}"] for k in DBN_RUNS}
        assert [m[0] for m in korean[3]] == [KO[f"dbn_run_{k}"] for k in DBN_RUNS]
        at.run()
        assert built == ["en", "ko"]
    finally:
        set_lang("en")
