"""Every UI string exists in every language, with the same placeholders."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from explorer.engine.checks import ConfigError
from explorer.services import dbn as D
from explorer.services import maps as M
from explorer.services import rbm as R
from explorer.services import signals as S
from explorer.services import training as E
from explorer.services.lesson import N_STEPS
from explorer.services.urlstate import TABS, check_query
from explorer.ui.i18n import LANGUAGES, TEXTS, err_text, get_lang, set_lang, t

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile("[\uac00-\ud7a3]")


def fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_key_is_translated(lang):
    missing = sorted(set(TEXTS["en"]) - set(TEXTS[lang]))
    assert not missing, f"{lang} lacks {len(missing)} keys: {missing[:20]}"
    empty = [k for k, v in TEXTS[lang].items() if not str(v).strip()]
    assert not empty, empty


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_placeholders_match(lang):
    bad = [
        k
        for k, en in TEXTS["en"].items()
        if k in TEXTS[lang] and fields(en) != fields(TEXTS[lang][k])
    ]
    assert not bad, bad


def test_korean_is_korean():
    # a translation that was left in English would slip through the completeness check
    hangul = [k for k, v in TEXTS["ko"].items() if any("\uac00" <= c <= "\ud7a3" for c in v)]
    assert len(hangul) >= 0.8 * len(TEXTS["ko"])


def test_language_switch_is_per_run():
    set_lang("ko")
    assert get_lang() == "ko" and t("tab_signals") == TEXTS["ko"]["tab_signals"]
    set_lang("xx")
    assert get_lang() == "en" and t("tab_signals") == TEXTS["en"]["tab_signals"]


# --------------------------------------------------------------------------- error messages

# Every error the app can show, one sample per key and per named setting: the shared
# validators' (int_range, float_range, choice, with ``field``) and the app's own (keyed).
_DBN = {"init": "dbn"}
ERRORS = {
    "tr_inits_count": lambda: E.validate_inits([]),
    "tr_inits_count 6": lambda: E.validate_inits(["zeros", *["he_normal"] * 5]),
    "tr_inits_twice": lambda: E.validate_inits(["he_normal", "he_normal"]),
    "choice tr_data": lambda: E.TrainConfig(data="cifar"),
    "choice tr_data (ensure_data)": lambda: E.ensure_data("cifar"),
    "choice activation": lambda: E.TrainConfig(activation="sigmod"),
    "choice optimizer": lambda: E.TrainConfig(optimizer="rmsprop"),
    "choice init": lambda: E.TrainConfig(init="glorot"),
    "tr_init_type": lambda: E.TrainConfig(init=3),
    "layers_empty": lambda: E.TrainConfig(hidden=()),
    "int_range seed": lambda: E.TrainConfig(seed=-1),
    "int_range tr_epochs": lambda: E.TrainConfig(epochs=0),
    "int_range tr_batch": lambda: E.TrainConfig(batch_size=0),
    "int_range tr_dbn_epochs": lambda: E.TrainConfig(dbn_epochs=0, **_DBN),
    "int_range tr_dbn_batch": lambda: E.TrainConfig(dbn_batch=0, **_DBN),
    "float_range tr_lr": lambda: E.TrainConfig(lr=0),
    "float_range tr_dbn_lr": lambda: E.TrainConfig(dbn_lr=-1, **_DBN),
    "tr_params": lambda: E.TrainConfig(hidden=(2048,) * 3),
    "tr_memory": lambda: E.TrainConfig(hidden=(2048, 8, 2048), batch_size=2048),
    "tr_work_epochs": lambda: E.TrainConfig(hidden=(500,) * 4, epochs=100),
    "tr_work_pretrain": lambda: E.TrainConfig(hidden=(700,) * 2, dbn_epochs=50, **_DBN),
    "int_range rbm_bars_size": lambda: R.RBMConfig(dataset="bars_stripes", bars_size=9),
    "int_range rbm_n_hidden": lambda: R.RBMConfig(n_hidden=0),
    "int_range rbm_epochs": lambda: R.RBMConfig(epochs=0),
    "int_range rbm_batch_size": lambda: R.RBMConfig(batch_size=0),
    "int_range rbm_k": lambda: R.RBMConfig(k=0),
    "float_range rbm_lr": lambda: R.RBMConfig(lr=0.0),
    "float_range rbm_weight_decay": lambda: R.RBMConfig(weight_decay=1.0),
    "choice rbm_data": lambda: R.RBMConfig(dataset="cifar"),
    "choice dbn_data": lambda: D.DBNConfig(dataset="bars_stripes"),
    "rbm_too_slow": lambda: R.RBMConfig(dataset="mnist", n_hidden=1000, epochs=200),
    "dbn_too_slow": lambda: D.DBNConfig(hidden=(500,) * 6, pre_epochs=50),
    "int_range dbn_pre_epochs": lambda: D.DBNConfig(pre_epochs=0),
    "float_range dbn_pre_lr": lambda: D.DBNConfig(pre_lr=0.0),
    "int_range dbn_pre_batch": lambda: D.DBNConfig(pre_batch=0),
    "int_range dbn_k": lambda: D.DBNConfig(k=0),
    "int_range dbn_ft_epochs": lambda: D.DBNConfig(ft_epochs=51),
    "float_range dbn_ft_lr": lambda: D.DBNConfig(ft_lr=-0.5),
    "int_range dbn_ft_batch": lambda: D.DBNConfig(ft_batch=0),
    "dbn_layers_empty": lambda: D.parse_hidden(""),
    "dbn_layers_empty tuple": lambda: D.DBNConfig(hidden=()),
    "dbn_layers_long": lambda: D.parse_hidden("1" * 2001),
    "dbn_layers_gap": lambda: D.parse_hidden("10,,20"),
    "dbn_layers_nan": lambda: D.parse_hidden("abc"),
    "dbn_layers_many": lambda: D.parse_hidden(", ".join(["50"] * 7)),
    "dbn_layers_range": lambda: D.parse_hidden("0"),
    "layers_gap": lambda: S.parse_layers("10,,20"),
    "layers_long": lambda: S.parse_layers("1," * 1200),
    "layers_nan": lambda: S.parse_layers("abc"),
    "layers_many": lambda: S.parse_layers(", ".join(["8"] * 51)),
    "layers_range": lambda: S.parse_layers("0"),
    "memory": lambda: S.check_memory((500, *(2048,) * 50, 10), 2048, "float64"),
    "memory_capped": lambda: S.check_memory((64, *(2048,) * 50, 10), 1797, "float64", asked=2048),
    "int_range batch": lambda: S.SignalsConfig(batch=0),
    "int_range input_dim": lambda: S.SignalsConfig(input_dim=0),
    "int_range bins": lambda: S.SignalsConfig(bins=5),
    "choice data": lambda: S.SignalsConfig(data="cifar"),
    "choice dtype": lambda: S.SignalsConfig(dtype="float16"),
    "float_range std": lambda: S.parse_init_spec("normal:std=1000"),
    "init_param_form": lambda: S.parse_init_spec("normal:std=abc"),
    "init_param_unknown": lambda: S.parse_init_spec("normal:sd=1"),
    "url_cmp_count": lambda: _url("cmp", "zeros"),
    "url_cmp_twice": lambda: _url("cmp", "zeros,zeros"),
    "url_repeated": lambda: _url("seed", ["1", "2"]),
    "choice lang": lambda: _url("lang", "fr"),
    "choice tab": lambda: _url("tab", "x"),
    "choice mode": lambda: _url("mode", "x"),
    "choice switch": lambda: _url("shared", "x"),
    "choice present": lambda: _url("present", "x"),
    "int_range step": lambda: _url("step", "0"),
    "choice map_activation": lambda: M.MapConfig(activation="sigmod"),
    "int_range map_width": lambda: M.MapConfig(width=4096),
    "float_range map_sigma_lo": lambda: M.MapConfig(sigma_lo=0.0),
    "map_range": lambda: M.MapConfig(sigma_lo=3.0, sigma_hi=1.0),
    "map_memory": lambda: M.MapConfig(width=1024, batch=64),
    "map_work": lambda: M.MapConfig(width=512, n_sigma=80),
    "jobs_queue_full": lambda: _raise_jobs("queue"),
    "jobs_too_big": lambda: _raise_jobs("big"),
}


def _url(key, value):
    (notice, *_) = check_query({key: value})
    raise notice.error


def _raise_jobs(what):
    from explorer.services.jobs import JobService, Kind

    class Never:
        def submit(self, *args):
            pass

        def cancel(self, job):
            pass

        def close(self):
            pass

    mb = 1e6 if what == "big" else 1.0
    svc = JobService([Kind("k", "x:y", lambda c: mb, where="thread")], {"thread": Never()}, slots=1)
    try:
        svc.request("A", "k", list(range(6)))
    finally:
        svc.close()


def _raise(name) -> ConfigError:
    with pytest.raises(ConfigError) as e:
        ERRORS[name]()
    return e.value


@pytest.fixture
def lang():
    yield set_lang
    set_lang("en")


@pytest.mark.parametrize("name", ERRORS)
def test_error_speaks_english_and_korean(name, lang):
    e = _raise(name)
    key, _, field = name.partition(" ")
    assert e.key == key, e
    if key in ("int_range", "float_range", "choice"):
        assert e.params["field"].rpartition(".")[2] == field.split()[0]
    lang("en")
    en = err_text(e)
    lang("ko")
    ko = err_text(e)
    for text in (en, ko):
        assert "{" not in text and "}" not in text and "[" not in text[:1], text
        assert "field" not in text and "got=" not in text, text  # no raw key or param names
    assert ko != en and HANGUL.search(ko), ko
    for value in e.params.values():  # the numbers the message names
        if isinstance(value, int) and not isinstance(value, bool) and value < 10**9:
            assert f"{value:,}" in ko or str(value) in ko, (value, ko)
            assert f"{value:,}" in en or str(value) in en, (value, en)


def _keyed_calls() -> set[str]:
    """Every key the app's code passes to ``keyed``, the layer-text families expanded."""
    keys = set()
    for path in Path(S.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "keyed":
                arg = node.args[0]
                if isinstance(arg, ast.Constant):
                    keys.add(arg.value)
                elif isinstance(arg, ast.IfExp):
                    keys |= {arg.body.value, arg.orelse.value}
                elif isinstance(arg, ast.JoinedStr):  # f"{key}_empty": the layer families
                    tail = arg.values[-1].value
                    keys |= {f"layers{tail}", f"dbn_layers{tail}"}
    return keys


def test_every_error_key_and_setting_has_words_and_a_sample(monkeypatch):
    from explorer.services.errors import FIELDS

    seen = {_raise(n).key for n in ERRORS}
    monkeypatch.setattr(E, "MAX_TRAIN_WORK", 1e3)  # the last hint of the work limit
    with pytest.raises(ConfigError) as e:
        E.TrainConfig()
    seen.add(e.value.key)
    seen.add("jobs_failed")  # a failing job: tests/services/test_jobs.py
    keys = _keyed_calls() | {"int_range", "float_range", "choice"}
    assert keys <= seen, sorted(keys - seen)
    for lang_code in ("en", "ko"):
        texts = TEXTS[lang_code]
        assert all(f"err_{k}" in texts for k in keys | {"int_min"}), lang_code
        assert all(f"field_{f}" in texts for f in FIELDS), lang_code


def test_services_raise_only_keyed_errors():
    """No service builds a ConfigError with English words of its own: ``keyed`` or the
    shared validators give every error a key, and the words are in the i18n files."""
    bad = []
    for path in Path(S.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ConfigError":
                if path.name != "errors.py" and not (len(node.args) > 1 or node.keywords):
                    bad.append(f"{path.name}:{node.lineno}")
    assert not bad, bad


# --------------------------------------------------------------------------- Signals presets


def _hangul(s: str) -> bool:
    return bool(HANGUL.search(s))


def test_every_signals_preset_speaks_korean():
    from explorer.services.presets import PRESETS

    ko, en = TEXTS["ko"], TEXTS["en"]
    for p in PRESETS.values():
        for part in ("title", "source", "expected"):
            key = f"preset_{p.key}_{part}"
            assert _hangul(ko.get(key, "")), f"{key} has no Korean text"
        assert _hangul(ko.get(f"sp_rule_{p.key}", "")), f"sp_rule_{p.key} has no Korean text"
        assert f"sp_rule_{p.key}" in en


def test_every_claim_has_words_in_both_languages():
    from explorer.services.presets import MEASURES, PRESETS

    for lang_code in ("en", "ko"):
        texts = TEXTS[lang_code]
        for m in MEASURES:
            assert texts.get(f"sp_m_{m}", "").strip(), (lang_code, m)
        for p in PRESETS.values():
            for c in p.claims:
                if c.source is None:  # said in words only
                    assert texts.get(f"sp_src_{c.measure}", "").strip(), (lang_code, c)
    # every panel string is Korean, the bare range "{low} ~ {high}" aside
    for key in (k for k in TEXTS["ko"] if k.startswith("sp_") and k != "sp_acc_between"):
        assert _hangul(TEXTS["ko"][key]), key


# --------------------------------------------------------------------------- whole pages


def _page_strings(node, out: list[str]) -> list[str]:
    """Every string an AppTest page sends: texts, labels, options, help, chart specs."""
    from google.protobuf.json_format import MessageToDict

    def strings(x):
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict | list):
            for v in x.values() if isinstance(x, dict) else x:
                strings(v)

    if getattr(node, "proto", None) is not None and not hasattr(node, "children"):
        strings(MessageToDict(node.proto))
    for child in getattr(node, "children", {}).values():
        _page_strings(child, out)
    return out


def _english_phrases() -> dict[str, str]:
    """Phrase -> key: runs of five or more English words from every English text that
    Korean words differently (placeholders cut the runs; a run Korean keeps, such as a
    citation, is left out)."""
    out = {}
    for key, en in TEXTS["en"].items():
        ko = TEXTS["ko"][key]
        if ko == en:
            continue
        for part in re.split(r"\{[^}]*\}", en):
            for run in re.findall(r"[A-Za-z][A-Za-z ,;:'()-]{20,}[a-z]", part):
                if len(run.split()) >= 5 and run not in ko:
                    out[run] = key
    return out


@pytest.mark.parametrize(
    "query",
    [{"tab": tab} for tab in TABS]
    + [{"tab": "signals", "mode": "compare"}]
    + [{"tab": "lesson", "step": str(n)} for n in range(2, N_STEPS + 1)],
    ids=lambda q: "-".join(q.values()),
)
def test_every_tab_in_korean_shows_no_english_sentence(query):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"lang": "ko", **query})
    at.run()
    assert not at.exception, at.exception
    at.run()  # a rerun hands every widget's value back through its format_func
    assert not at.exception, at.exception
    page = "\n".join(_page_strings(at._tree, []))
    assert HANGUL.search(page)
    english = {key: run for run, key in _english_phrases().items() if run in page}
    assert not english, english


@pytest.mark.parametrize(
    ("tab", "button", "state"),
    [
        ("training", "tr_train", {"tr_epochs": 2}),
        ("rbm", "rbm_train", {"rbm_epochs": 2}),
        ("dbn", "dbn_train", {"dbn_pre_epochs": 1, "dbn_ft_epochs": 1}),
    ],
)
def test_every_trained_tab_in_korean_shows_no_english_sentence(tab, button, state):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params.update({"lang": "ko", "tab": tab})
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    at.button(key=button).click().run()
    assert not at.exception, at.exception
    assert at.get("vega_lite_chart"), "the run's charts are drawn"
    page = "\n".join(_page_strings(at._tree, []))
    english = {key: run for run, key in _english_phrases().items() if run in page}
    assert not english, english
