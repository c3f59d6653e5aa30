"""The engine's validators: what each accepts and rejects, and the key, params and message of
every error."""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np
import pytest

from explorer.engine.checks import (
    DTYPES,
    QUIET,
    ConfigError,
    check_choice,
    check_float,
    check_int,
    lookup,
)


def test_constants():
    assert DTYPES == ("float32", "float64")
    assert QUIET == dict(over="ignore", invalid="ignore", divide="ignore", under="ignore")
    with np.errstate(**QUIET):
        assert np.isinf(np.float64(1e308) * 10)


def test_config_error_carries_key_and_params():
    e = ConfigError("message", "some_key", a=1, b="x")
    assert isinstance(e, ValueError) and str(e) == "message"
    assert e.key == "some_key" and e.params == {"a": 1, "b": "x"}
    plain = ConfigError("no key")
    assert plain.key is None and plain.params == {}


# --------------------------------------------------------------------------- check_int


@pytest.mark.parametrize("value", [1, 2048, 500, np.int64(1), np.int32(2048), np.uint8(7)])
def test_check_int_accepts_the_range_and_its_bounds(value):
    out = check_int("batch_size", value, 1, 2048)
    assert out == value and type(out) is int


@pytest.mark.parametrize("value", [0, 2049, -1, np.int64(2049)])
def test_check_int_rejects_just_outside(value):
    with pytest.raises(ConfigError) as e:
        check_int("batch_size", value, 1, 2048)
    assert e.value.key == "int_range"
    assert e.value.params == {"field": "batch_size", "lo": 1, "hi": 2048, "got": value}
    assert str(e.value) == f"batch_size must be a whole number from 1 to 2048, got {int(value)}"


@pytest.mark.parametrize("value", [True, False, np.bool_(True), 2.0, 1.5, math.nan, "3", None, [3]])
def test_check_int_rejects_bools_and_non_integers(value):
    with pytest.raises(ConfigError) as e:
        check_int("k", value, 0, 10)
    assert e.value.key == "int_range" and e.value.params["got"] is value


def test_check_int_without_upper_bound():
    assert check_int("epochs", 10**12, 0) == 10**12
    with pytest.raises(ConfigError, match=r"^epochs must be a whole number >= 1, got 0$") as e:
        check_int("epochs", 0, 1)
    assert e.value.params["hi"] is None


def test_check_int_message_shows_numpy_scalars_as_numbers():
    with pytest.raises(ConfigError, match=r"got 5000$"):
        check_int("batch_size", np.int64(5000), 1, 2048)


# --------------------------------------------------------------------------- check_float


@pytest.mark.parametrize("value", [0.0, 1.0, 0.5, 0, 1, np.float32(0.25), np.float64(1.0)])
def test_check_float_accepts_a_closed_interval_and_its_ends(value):
    out = check_float("momentum", value, 0.0, 1.0)
    assert out == float(value) and type(out) is float


@pytest.mark.parametrize("value", [-1e-12, 1.0 + 1e-12, -math.inf, math.inf])
def test_check_float_rejects_just_outside(value):
    with pytest.raises(ConfigError) as e:
        check_float("momentum", value, 0.0, 1.0)
    assert e.value.key == "float_range"
    assert e.value.params == {
        "field": "momentum",
        "lo": 0.0,
        "hi": 1.0,
        "lo_open": False,
        "hi_open": False,
        "got": value,
    }


def test_check_float_open_ends_exclude_the_bounds():
    assert check_float("lr", 10.0, 0.0, 10.0, lo_open=True) == 10.0
    assert check_float("lr", 1e-300, 0.0, 10.0, lo_open=True) == 1e-300
    with pytest.raises(ConfigError, match=r"^lr must be a number in \(0, 10\], got 0$") as e:
        check_float("lr", 0, 0.0, 10.0, lo_open=True)
    assert e.value.params["lo_open"] is True and e.value.params["hi_open"] is False
    with pytest.raises(ConfigError, match=r"^momentum must be a number in \[0, 1\), got 1.0$"):
        check_float("momentum", 1.0, 0.0, 1.0, hi_open=True)


def test_check_float_infinite_ends():
    assert check_float("x", math.inf) == math.inf  # [-inf, inf] by default
    assert check_float("x", -math.inf) == -math.inf
    assert check_float("diverge_factor", math.inf, 1.0) == math.inf
    with pytest.raises(ConfigError, match=r"eps must be a number in \(0, inf\), got inf"):
        check_float("eps", math.inf, 0.0, lo_open=True, hi_open=True)


@pytest.mark.parametrize(
    "value", [math.nan, np.float32("nan"), True, np.bool_(False), "0.5", None, [0.5], 1j]
)
def test_check_float_rejects_nan_bools_and_non_numbers(value):
    with pytest.raises(ConfigError) as e:
        check_float("lr", value)
    assert e.value.key == "float_range" and e.value.params["got"] is value
    assert str(e.value).startswith("lr must be a number in [-inf, inf], got ")


def test_check_float_prints_bounds_briefly():
    with pytest.raises(ConfigError, match=r"in \[0.0001, 100\], got 1000.0$"):
        check_float("normal.std", 1000.0, 1e-4, 100.0)
    with pytest.raises(ConfigError, match=r"in \[1e-08, 2\]"):
        check_float("x", 3, 1e-8, 2)


# --------------------------------------------------------------------------- check_choice


@pytest.mark.parametrize("value", ["float32", "float64", np.dtype("float32"), np.str_("float64")])
def test_check_choice_accepts_the_choices(value):
    assert check_choice("dtype", value, DTYPES) is value


@pytest.mark.parametrize("value", ["float16", "", None, 32, ["float32"], np.zeros(2), True])
def test_check_choice_rejects_others(value):
    with pytest.raises(ConfigError) as e:
        check_choice("dtype", value, DTYPES)
    assert e.value.key == "choice"
    assert e.value.params["field"] == "dtype" and e.value.params["got"] is value
    assert e.value.params["choices"] == ("float32", "float64")


def test_check_choice_lists_the_choices_as_plain_text():
    with pytest.raises(ConfigError) as e:
        check_choice("activation", "sigmod", ["sigmoid", "relu", "tanh"])
    assert str(e.value) == "activation must be one of sigmoid, relu, tanh, got 'sigmod'"
    assert e.value.params["choices"] == ("sigmoid", "relu", "tanh")  # a tuple
    assert "[" not in str(e.value)


# --------------------------------------------------------------------------- lookup


REGISTRY = {"sgd": 1, "momentum": 2, "adam": 3}


def test_lookup_returns_the_entry():
    assert lookup(REGISTRY, "adam", "optimizer") == 3
    assert lookup(MappingProxyType(REGISTRY), "sgd", "optimizer") == 1


@pytest.mark.parametrize("name", ["adagrad", "", "SGD", None, 1, ["sgd"], {"sgd": 1}])
def test_lookup_raises_like_check_choice(name):
    with pytest.raises(ConfigError) as e:
        lookup(REGISTRY, name, "optimizer")
    with pytest.raises(ConfigError) as same:
        check_choice("optimizer", name, tuple(REGISTRY))
    assert str(e.value) == str(same.value)
    assert e.value.key == same.value.key == "choice"
    assert e.value.params["choices"] == ("sgd", "momentum", "adam")
    assert str(e.value).startswith("optimizer must be one of sgd, momentum, adam, got ")
