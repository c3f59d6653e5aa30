"""Every UI string exists in every language, with the same placeholders."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from explorer.engine.checks import ConfigError
from explorer.services import dbn as D
from explorer.services import rbm as R
from explorer.services import training as E
from explorer.ui.i18n import LANGUAGES, TEXTS, err_text, get_lang, set_lang, t

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

# Every ConfigError the Training, RBM and DBN tabs can show, one sample per key and per named
# setting (``field``): the English the engine raises, and the same error in Korean.
_DBN = {"init": "dbn"}
ERRORS = {
    "tr_inits_count": lambda: E.validate_inits([]),
    "tr_inits_count 6": lambda: E.validate_inits(["zeros", *["he_normal"] * 5]),
    "tr_inits_twice": lambda: E.validate_inits(["he_normal", "he_normal"]),
    "tr_choice data": lambda: E.TrainConfig(data="cifar"),
    "tr_choice data (ensure_data)": lambda: E.ensure_data("cifar"),
    "tr_choice activation": lambda: E.TrainConfig(activation="sigmod"),
    "tr_choice optimizer": lambda: E.TrainConfig(optimizer="rmsprop"),
    "tr_init_type": lambda: E.TrainConfig(init=3),
    "tr_hidden": lambda: E.TrainConfig(hidden=()),
    "tr_int seed": lambda: E.TrainConfig(seed=-1),
    "tr_int epochs": lambda: E.TrainConfig(epochs=0),
    "tr_int batch": lambda: E.TrainConfig(batch_size=0),
    "tr_int dbn_epochs": lambda: E.TrainConfig(dbn_epochs=0, **_DBN),
    "tr_int dbn_batch": lambda: E.TrainConfig(dbn_batch=0, **_DBN),
    "tr_float lr": lambda: E.TrainConfig(lr=0),
    "tr_float dbn_lr": lambda: E.TrainConfig(dbn_lr=-1, **_DBN),
    "tr_params": lambda: E.TrainConfig(hidden=(2048,) * 3),
    "tr_memory": lambda: E.TrainConfig(hidden=(2048, 8, 2048), batch_size=2048),
    "tr_work_epochs": lambda: E.TrainConfig(hidden=(500,) * 4, epochs=100),
    "tr_work_pretrain": lambda: E.TrainConfig(hidden=(700,) * 2, dbn_epochs=50, **_DBN),
    "rbm_int bars_size": lambda: R.RBMConfig(dataset="bars_stripes", bars_size=9),
    "rbm_int n_hidden": lambda: R.RBMConfig(n_hidden=0),
    "rbm_int epochs": lambda: R.RBMConfig(epochs=0),
    "rbm_int batch_size": lambda: R.RBMConfig(batch_size=0),
    "rbm_int k": lambda: R.RBMConfig(k=0),
    "rbm_float_open lr": lambda: R.RBMConfig(lr=0.0),
    "rbm_float_closed weight_decay": lambda: R.RBMConfig(weight_decay=1.0),
    "rbm_seed": lambda: R.RBMConfig(seed=-1),
    "rbm_data": lambda: R.RBMConfig(dataset="cifar"),
    "rbm_data dbn": lambda: D.DBNConfig(dataset="bars_stripes"),
    "rbm_optimizer": lambda: D.DBNConfig(optimizer="rmsprop"),
    "rbm_too_slow": lambda: R.RBMConfig(dataset="mnist", n_hidden=1000, epochs=200),
    "dbn_too_slow": lambda: D.DBNConfig(hidden=(500,) * 6, pre_epochs=50),
    "rbm_int pre_epochs": lambda: D.DBNConfig(pre_epochs=0),
    "rbm_float_open pre_lr": lambda: D.DBNConfig(pre_lr=0.0),
    "rbm_int pre_batch": lambda: D.DBNConfig(pre_batch=0),
    "rbm_int dbn k": lambda: D.DBNConfig(k=0),
    "rbm_int ft_epochs": lambda: D.DBNConfig(ft_epochs=51),
    "rbm_float_open ft_lr": lambda: D.DBNConfig(ft_lr=-0.5),
    "rbm_int ft_batch": lambda: D.DBNConfig(ft_batch=0),
    "dbn_layers_empty": lambda: D.parse_hidden(""),
    "dbn_layers_empty tuple": lambda: D.DBNConfig(hidden=()),
    "dbn_layers_long": lambda: D.parse_hidden("1" * 501),
    "dbn_layers_gap": lambda: D.parse_hidden("10,,20"),
    "dbn_layers_nan": lambda: D.parse_hidden("abc"),
    "dbn_layers_many": lambda: D.parse_hidden(", ".join(["50"] * 7)),
    "dbn_layers_range": lambda: D.parse_hidden("0"),
}


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
    assert e.key == name.split()[0]
    lang("en")
    assert err_text(e) == str(e), "the English text is the engine's own message"
    lang("ko")
    ko = err_text(e)
    assert ko != str(e) and HANGUL.search(ko), ko
    assert "{" not in ko and "}" not in ko
    if "field" in e.params:
        assert TEXTS["ko"][f"field_{e.params['field']}"] in ko
    for value in e.params.values():  # the numbers and values the message names
        if isinstance(value, int) and not isinstance(value, bool):
            assert f"{value:,}" in ko or str(value) in ko, (value, ko)


def test_every_error_key_and_setting_has_a_sample(monkeypatch):
    seen = {_raise(n).key for n in ERRORS}
    fields = {_raise(n).params.get("field") for n in ERRORS} - {None}
    # the last hint of the work limit (fewer or narrower layers) needs a lower limit to reach
    monkeypatch.setattr(E, "MAX_TRAIN_WORK", 1e3)
    with pytest.raises(ConfigError) as e:
        E.TrainConfig()
    seen.add(e.value.key)
    assert seen == set(E.MESSAGES) | set(R.MESSAGES)
    assert fields == set(E.FIELDS) | set(R.FIELDS)
    assert all(f"err_{k}" in TEXTS["ko"] for k in seen)


@pytest.mark.parametrize("module", [E, R], ids=["training", "rbm"])
def test_engine_errors_all_carry_a_key(module):
    """Every ConfigError of the module is built by its ``_error`` (key + params)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    outside = [
        node.lineno
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef) and fn.name != "_error"
        for node in ast.walk(fn)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ConfigError"
    ]
    assert not outside, f"ConfigError raised without a key at lines {outside}"


# --------------------------------------------------------------------------- Signals presets


def _hangul(s: str) -> bool:
    return bool(HANGUL.search(s))


def test_every_signals_preset_speaks_korean():
    from explorer.services.presets import PRESETS

    ko, en = TEXTS["ko"], TEXTS["en"]
    for p in PRESETS.values():
        for part in ("title", "source", "expected"):
            key = f"preset_{p.key}_{part}"
            assert en[key] == getattr(p, part)  # English is the engine's own text
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
