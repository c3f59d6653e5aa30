"""The URL keys of a shared link, and which values in a link are usable.

A link like ``?act=tanh&init=normal&std=1&layers=500,500,500&data=gaussian&seed=3`` restores
a view: every control that shapes it has one short query parameter holding its plain value
(registry keys, not translated labels, so a link works in every language). This module
parses a link into widget values, says which values were ignored and why (so the app can
show a notice), and writes the current values back. It has no Streamlit import, so the
rules are tested directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from explorer.engine.activations import ACTIVATIONS
from explorer.engine.initializers import INITIALIZERS
from explorer.engine.network import DTYPES
from explorer.services.config import (
    BINS,
    DATA_CHOICES,
    MAX_BATCH,
    MAX_INPUT_DIM,
    ConfigError,
    parse_init_spec,
    parse_layers,
)
from explorer.services.lesson import N_STEPS

__all__ = ["URL_KEYS", "UrlNotice", "check_query", "parse_query", "to_query"]


@dataclass(frozen=True)
class UrlNotice:
    """A query parameter that was ignored, and why.

    Attributes
    ----------
    key, value : str
        As they appeared in the link.
    reason : str
        What is allowed instead.
    """

    key: str
    value: str
    reason: str


def _choice(options, what: str) -> Callable[[str], str | None]:
    def check(v: str) -> str | None:
        return None if v in options else f"{what} must be one of {', '.join(options)}"

    return check


def _integer(lo: int, hi: int) -> Callable[[str], str | None]:
    def check(v: str) -> str | None:
        try:
            ok = lo <= int(v) <= hi
        except ValueError:
            ok = False
        return None if ok else f"must be a whole number from {lo} to {hi}"

    return check


def _number(lo: float, hi: float) -> Callable[[str], str | None]:
    def check(v: str) -> str | None:
        try:
            ok = lo <= float(v) <= hi
        except ValueError:
            ok = False
        return None if ok else f"must be a number from {lo:g} to {hi:g}"

    return check


def _layers(v: str) -> str | None:
    try:
        parse_layers(v)
    except ConfigError as e:
        return str(e)
    return None


def _specs(v: str) -> str | None:
    keys = [k for k in v.split(",") if k]
    if not 2 <= len(keys) <= 5:
        return "cmp takes 2 to 5 initializers separated by commas"
    try:
        specs = [parse_init_spec(k).key for k in keys]
    except ConfigError as e:
        return str(e)
    if len(set(specs)) < len(specs):
        return "cmp lists the same initializer twice"
    return None


def _param_range(name: str) -> Callable[[str], str | None]:
    for init in INITIALIZERS.values():
        for p in init.params:
            if p.name == name:
                return _number(p.minimum, p.maximum)
    raise KeyError(name)


_BOOL = _choice(("true", "false"), "a switch")
_FLAG = _choice(("1", "0", "true", "false"), "a switch")

#: key -> (what it sets, validity check). The README documents this table.
URL_KEYS: dict[str, tuple[str, Callable[[str], str | None]]] = {
    "lang": ("language: en or ko", _choice(("en", "ko"), "lang")),
    "present": ("presentation mode: large fonts, sidebar collapsed (1 or 0)", _FLAG),
    "tab": (
        "the open tab: signals, training, rbm, dbn, lesson or map",
        _choice(("signals", "training", "rbm", "dbn", "lesson", "map"), "tab"),
    ),
    "step": (f"the Lesson tab's step, 1 to {N_STEPS}", _integer(1, N_STEPS)),
    "data": ("input data", _choice(DATA_CHOICES, "data")),
    "layers": ("hidden-layer widths, e.g. 256,256,256", _layers),
    "act": ("activation", _choice(tuple(ACTIVATIONS), "act")),
    "init": ("initializer", _choice(tuple(INITIALIZERS), "init")),
    "std": ("σ of the normal initializer", _param_range("std")),
    "limit": ("bound a of the uniform initializer", _param_range("limit")),
    "gain": ("gain of the orthogonal initializer", _param_range("gain")),
    "seed": ("random seed", _integer(0, 2**32 - 1)),
    "batch": ("batch size", _integer(1, MAX_BATCH)),
    "dim": ("input dimension of the Gaussian data", _integer(1, MAX_INPUT_DIM)),
    "dtype": ("precision", _choice(DTYPES, "dtype")),
    "mode": ("one initializer or compare", _choice(("single", "compare"), "mode")),
    "cmp": ("initializers compared, e.g. zeros,he_normal", _specs),
    "bins": ("histogram bins", _integer(*BINS)),
    "shared": ("same x range for all layers", _BOOL),
    "nozero": ("leave exact zeros out of histograms", _BOOL),
}


def check_query(params: Mapping[str, str | list[str]]) -> list[UrlNotice]:
    """The query parameters of a link that cannot be used.

    Parameters
    ----------
    params : mapping
        Query parameters, e.g. ``st.query_params.to_dict()``; a list value (a repeated key) is
        checked item by item.

    Returns
    -------
    list of UrlNotice
        One per ignored value, in the link's order. Unknown keys are not reported (a link may
        carry others' parameters); keys of other tabs are checked by those tabs.
    """
    out = []
    for key, raw in params.items():
        if key not in URL_KEYS:
            continue
        check = URL_KEYS[key][1]
        values = raw if isinstance(raw, list) else [raw]
        for v in values:
            reason = check(str(v))
            if reason:
                out.append(UrlNotice(key, str(v)[:60], reason))
    return out


def _parse(key: str, v: str):
    """The widget value of a valid query value."""
    if key in ("seed", "batch", "dim", "bins"):
        return int(v)
    if key in ("std", "limit", "gain"):
        return float(v)
    if key in ("shared", "nozero"):
        return v == "true"
    if key == "present":
        return v in ("1", "true")
    if key == "cmp":
        return [parse_init_spec(k).key for k in v.split(",") if k]
    if key == "layers":
        return ", ".join(str(w) for w in parse_layers(v))
    return v


def parse_query(params: Mapping[str, str | list[str]]) -> tuple[dict, list[UrlNotice]]:
    """Widget values from a link, and the notices for what was ignored.

    Parameters
    ----------
    params : mapping
        Query parameters; for a repeated key the last value counts.

    Returns
    -------
    values : dict
        Widget key -> typed value (int, float, bool, str, or list of InitSpec keys for
        ``cmp``), for every valid known key.
    notices : list of UrlNotice
    """
    notices = check_query(params)
    bad = {(n.key) for n in notices}
    values = {}
    for key, raw in params.items():
        if key in URL_KEYS and key not in bad:
            v = raw[-1] if isinstance(raw, list) else raw
            values[key] = _parse(key, str(v))
    return values, notices


def _format(key: str, v) -> str:
    if key == "present":
        return "1" if v else "0"
    if isinstance(v, bool):
        return "true" if v else "false"
    if key == "cmp":
        return ",".join(v)
    if key == "layers":
        return str(v).replace(" ", "")
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def to_query(values: Mapping, defaults: Mapping) -> dict[str, str]:
    """The query parameters for the current widget values: those that differ from default.

    Parameters
    ----------
    values, defaults : mapping
        Widget key -> value; only keys of :data:`URL_KEYS` are written.

    Returns
    -------
    dict of str -> str
    """
    out = {}
    for key in URL_KEYS:
        if key in values and values[key] is not None:
            v = _format(key, values[key])
            if key not in defaults or v != _format(key, defaults[key]):
                out[key] = v
    return out
