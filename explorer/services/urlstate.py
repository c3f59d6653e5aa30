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
from explorer.engine.checks import ConfigError, check_choice
from explorer.engine.initializers import INITIALIZERS
from explorer.services.errors import Field, check_text, keyed
from explorer.services.lesson import N_STEPS
from explorer.services.signals import parse_init_spec, parse_layers

__all__ = ["TABS", "URL_KEYS", "UrlNotice", "check_query", "parse_query", "to_query"]


#: The app's tabs, in the order shown; each key is also the ``?tab=`` value of a link.
TABS = ("signals", "training", "rbm", "dbn", "lesson", "map")


@dataclass(frozen=True)
class UrlNotice:
    """A query parameter that was ignored (or, repeated, partly ignored), and why.

    Attributes
    ----------
    key, value : str
        As they appeared in the link (the value cut to 60 characters).
    error : ConfigError
        What is allowed instead (keyed: the UI says it in the page's language).
    """

    key: str
    value: str
    error: ConfigError


def _checker(name: str, field: Field | None = None) -> Callable[[str], None]:
    """A URL value check from the app's one table of limits
    (:data:`explorer.services.errors.FIELDS`), or from ``field``."""

    def check(v: str) -> None:
        check_text(name, v, field)

    return check


def _choices(name: str, options: tuple) -> Callable[[str], None]:
    def check(v: str) -> None:
        check_choice(name, v, options)

    return check


def _layers(v: str) -> None:
    parse_layers(v)


def _specs(v: str) -> None:
    keys = [k for k in v.split(",") if k]
    if not 2 <= len(keys) <= 5:
        raise keyed("url_cmp_count", n=len(keys))
    specs = [parse_init_spec(k).key for k in keys]
    if len(set(specs)) < len(specs):
        raise keyed("url_cmp_twice")


def _param(name: str) -> Callable[[str], None]:
    """The range of an initializer's parameter (every initializer with it shares it)."""
    for init in INITIALIZERS.values():
        for p in init.params:
            if p.name == name:
                return _checker(name, Field("float", p.minimum, p.maximum))
    raise KeyError(name)


_SWITCH = _choices("switch", ("true", "false"))

#: key -> (what it sets, validity check raising a keyed ConfigError). The README documents
#: this table.
URL_KEYS: dict[str, tuple[str, Callable[[str], None]]] = {
    "lang": ("language: en or ko", _choices("lang", ("en", "ko"))),
    "present": (
        "presentation mode: large fonts, sidebar collapsed (1 or 0)",
        _choices("present", ("1", "0", "true", "false")),
    ),
    "tab": (f"the open tab: {', '.join(TABS)}", _choices("tab", TABS)),
    "step": (
        f"the Lesson tab's step, 1 to {N_STEPS}",
        _checker("step", Field("int", 1, N_STEPS)),
    ),
    "data": ("input data", _checker("data")),
    "layers": ("hidden-layer widths, e.g. 256,256,256", _layers),
    "act": ("activation", _choices("activation", tuple(ACTIVATIONS))),
    "init": ("initializer", _choices("init", tuple(INITIALIZERS))),
    "std": ("σ of the normal initializer", _param("std")),
    "limit": ("bound a of the uniform initializer", _param("limit")),
    "gain": ("gain of the orthogonal initializer", _param("gain")),
    "seed": ("random seed", _checker("seed")),
    "batch": ("batch size", _checker("batch")),
    "dim": ("input dimension of the Gaussian data", _checker("input_dim")),
    "dtype": ("precision", _checker("dtype")),
    "mode": ("one initializer or compare", _choices("mode", ("single", "compare"))),
    "cmp": ("initializers compared, e.g. zeros,he_normal", _specs),
    "bins": ("histogram bins", _checker("bins")),
    "shared": ("same x range for all layers", _SWITCH),
    "nozero": ("leave exact zeros out of histograms", _SWITCH),
}


def check_query(params: Mapping[str, str | list[str]]) -> list[UrlNotice]:
    """The query parameters of a link that cannot be used.

    **One rule for a repeated key** (``?act=relu&act=tanh``): the last value counts, as in
    Streamlit's own ``st.query_params``, and a notice says which value was used.

    Parameters
    ----------
    params : mapping
        Query parameters; a list value is a repeated key (e.g. from
        ``st.query_params.get_all``).

    Returns
    -------
    list of UrlNotice
        In the link's order. Unknown keys are not reported (a link may carry others'
        parameters).
    """
    out = []
    for key, raw in params.items():
        if key not in URL_KEYS:
            continue
        values = [str(v) for v in raw] if isinstance(raw, list) else [str(raw)]
        if not values:
            continue
        last = values[-1]
        if len(values) > 1:
            used = keyed("url_repeated", n=len(values), used=last[:60])
            out.append(UrlNotice(key, ", ".join(v[:30] for v in values)[:60], used))
        try:
            URL_KEYS[key][1](last)
        except ConfigError as e:
            out.append(UrlNotice(key, last[:60], e))
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
        Query parameters; for a repeated key the last value counts (:func:`check_query`).

    Returns
    -------
    values : dict
        Widget key -> typed value (int, float, bool, str, or list of InitSpec keys for
        ``cmp``), for every valid known key.
    notices : list of UrlNotice
    """
    notices = check_query(params)
    bad = {n.key for n in notices if n.error.key != "url_repeated"}
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


def to_query(
    values: Mapping, defaults: Mapping, previous: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The query parameters for the current widget values: those that differ from default.

    Only valid values are written: a value the link could not be read back from (a
    hidden-layer text like ``abc`` still being typed) keeps the value the link had
    (``previous``), so a shared link always opens.

    Parameters
    ----------
    values, defaults : mapping
        Widget key -> value; only keys of :data:`URL_KEYS` are written.
    previous : mapping of str -> str, optional
        The link's current query parameters.

    Returns
    -------
    dict of str -> str
    """
    previous = previous or {}
    out = {}
    for key in URL_KEYS:
        if key in values and values[key] is not None:
            v = _format(key, values[key])
            try:
                URL_KEYS[key][1](v)
            except ConfigError:
                if key in previous:
                    out[key] = str(previous[key])
                continue
            if key not in defaults or v != _format(key, defaults[key]):
                out[key] = v
    return out
