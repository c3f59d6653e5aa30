"""Shareable links: parsing, notices for unusable values, and writing the URL back."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from apptest_util import layer_table
from streamlit.testing.v1 import AppTest

from explorer.services.urlstate import URL_KEYS, check_query, parse_query, to_query
from explorer.ui.i18n import err_text

ROOT = Path(__file__).resolve().parents[2]


def test_good_link_parses_to_typed_values():
    values, notices = parse_query(
        {
            "act": "tanh",
            "init": "normal",
            "std": "1",
            "layers": "500,500",
            "seed": "7",
            "cmp": "zeros,he_normal,normal:std=0.01",
            "shared": "true",
            "unrelated": "x",
        }
    )
    assert notices == []
    assert values == {
        "act": "tanh",
        "init": "normal",
        "std": 1.0,
        "layers": "500, 500",
        "seed": 7,
        "cmp": ["zeros", "he_normal", "normal:std=0.01"],
        "shared": True,
    }


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("act", "sigmod", "must be one of"),
        ("init", "xavier", "must be one of"),
        ("data", "cifar", "must be one of"),
        ("layers", "abc", "not a whole number"),
        ("layers", "10,,20", "empty"),
        ("layers", "5000", "out of range"),
        ("seed", "-1", "whole number from 0"),
        ("seed", "1.5", "whole number"),
        ("batch", "4096", "from 1 to 2048"),
        ("dim", "0", "from 1 to 4096"),
        ("std", "1000", "in [0.0001, 100]"),
        ("std", "nan", "must be a number in"),
        ("gain", "-1", "must be a number in"),
        ("dtype", "float16", "must be one of"),
        ("mode", "both", "must be one of"),
        ("cmp", "zeros", "2 to 5"),
        ("cmp", "zeros,bogus", "must be one of"),
        ("cmp", "zeros,zeros", "twice"),
        ("cmp", "normal,normal:std=0.01", "twice"),
        ("bins", "3", "from 10 to 100"),
        ("shared", "yes", "must be one of"),
    ],
)
def test_bad_values_are_reported_with_what_is_allowed(key, value, words):
    notices = check_query({key: value})
    assert len(notices) == 1
    n = notices[0]
    assert (n.key, n.value) == (key, value)
    assert words in err_text(n.error), err_text(n.error)
    values, _ = parse_query({key: value})
    assert key not in values


def test_round_trip_writes_only_changed_values():
    defaults = {"act": "relu", "seed": 0, "std": 0.01, "layers": "256, 256", "shared": False}
    current = {"act": "tanh", "seed": 0, "std": 1.0, "layers": "8, 16", "shared": True}
    q = to_query(current, defaults)
    assert q == {"act": "tanh", "std": "1", "layers": "8,16", "shared": "true"}
    values, notices = parse_query(q)
    assert not notices
    assert values == {"act": "tanh", "std": 1.0, "layers": "8, 16", "shared": True}


@pytest.mark.parametrize(
    ("key", "typed"), [("layers", "abc"), ("layers", "8,,"), ("seed", -1), ("bins", 3)]
)
def test_an_invalid_value_keeps_the_links_last_valid_value(key, typed):
    defaults = {"layers": "256, 256", "seed": 0, "bins": 40}
    previous = {"act": "tanh", key: "17" if key != "layers" else "8,16"}
    q = to_query({"act": "tanh", key: typed}, defaults, previous)
    assert q == previous
    assert check_query(q) == []
    assert key not in to_query({key: typed}, defaults), "no link value to keep: left out"


def test_every_key_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in URL_KEYS:
        assert f"`{key}`" in readme, key


@pytest.fixture
def clean_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def app_with(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at


def test_link_restores_the_view(clean_cache):
    at = app_with({"act": "tanh", "init": "normal", "std": "1", "layers": "64,64,64", "seed": "3"})
    assert not at.exception, at.exception
    s = at.session_state
    assert (s["act"], s["init"], s["std"], s["layers"], s["seed"]) == (
        "tanh",
        "normal",
        1.0,
        "64, 64, 64",
        3,
    )
    assert (s["depth"], s["width"]) == (3, 64)
    assert len(layer_table(at)) == 4  # three hidden layers and the output
    assert not at.warning or all("could not be used" not in w.value for w in at.warning)


def test_bad_link_shows_notice_and_falls_back(clean_cache):
    at = app_with({"act": "sigmod", "seed": "-4", "layers": "256,256"})
    assert not at.exception, at.exception
    text = " ".join(w.value for w in at.warning)
    assert "act=sigmod" in text and "seed=-4" in text, text
    assert at.session_state["act"] == "relu" and at.session_state["seed"] == 0
    assert at.session_state["layers"] == "256, 256"
    at.button(key="_dismiss_url").click().run()
    assert all("could not be used" not in w.value for w in at.warning)


def test_url_follows_the_controls(clean_cache):
    at = app_with({})
    assert dict(at.query_params) == {} or all(not v for v in at.query_params.values())
    at.get_by_key("act").set_value("tanh").run()
    assert at.query_params["act"] in ("tanh", ["tanh"])
