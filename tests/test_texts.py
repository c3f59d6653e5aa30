"""Every UI string exists in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from explorer.ui.texts import LANGUAGES, TEXTS, get_lang, set_lang, t


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
