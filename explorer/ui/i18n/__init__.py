"""Every user-facing string of the app, in one place, looked up by key.

``t("key", **fmt)`` returns the string for the current language, formatted. English is the
reference language: every key must exist there; a test walks the keys.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from explorer.analysis import charts
from explorer.data.datasets import DATASETS
from explorer.engine.initializers import INITIALIZERS
from explorer.services.presets import PRESETS, TRAIN_PRESETS
from explorer.services.signals import parse_init_spec
from explorer.ui.i18n.en import EN
from explorer.ui.i18n.ko import KO

__all__ = [
    "LANGUAGES",
    "TEXTS",
    "chart_notes",
    "err_text",
    "get_lang",
    "init_text",
    "labels",
    "set_lang",
    "t",
]

TEXTS: dict[str, dict[str, str]] = {"en": EN, "ko": KO}


def _engine_texts() -> dict[str, str]:
    """English strings that live in the engine, under their text keys.

    The engine's error messages (``err_<key>``, with the settings they name as
    ``field_<key>``), the presets' titles, sources and expected results, the words the chart
    builders compose from values (``chart_<key>``), the initializers' names (``init_<key>``),
    notes (``init_note_<key>``) and references (``init_ref_<key>``)
    and the data sets' titles (``dataset_<key>``). Other languages translate the same keys
    (the completeness test walks them).
    """
    out = {f"chart_{k}": v for k, v in charts.NOTES.items()}
    out.update({f"mapc_{k}": v for k, v in charts.MAP_WORDS.items()})
    out.update({f"init_{k}": init.label for k, init in INITIALIZERS.items()})
    out.update({f"init_note_{k}": init.note for k, init in INITIALIZERS.items()})
    out.update({f"init_ref_{k}": init.reference for k, init in INITIALIZERS.items()})
    out.update({f"dataset_{k}": d.title for k, d in DATASETS.items()})
    for p in PRESETS.values():
        out |= {f"preset_{p.key}_{a}": getattr(p, a) for a in ("title", "source", "expected")}
    for p in TRAIN_PRESETS.values():
        out |= {f"trp_{p.key}_{a}": getattr(p, a) for a in ("title", "source", "expected")}
    return out


TEXTS["en"].update(_engine_texts())

LANGUAGES = {"en": "English", "ko": "한국어"}
# Per script run: Streamlit runs each session's script in its own thread, and a ContextVar
# set at the top of the run is seen by everything the run calls (cached functions included).
_LANG: ContextVar[str] = ContextVar("lang", default="en")


def set_lang(lang: str) -> str:
    """Use ``lang`` for this script run; unknown codes fall back to English.

    Parameters
    ----------
    lang : str
        A key of :data:`LANGUAGES`.

    Returns
    -------
    str
        The language now in use.
    """
    lang = lang if lang in LANGUAGES else "en"
    _LANG.set(lang)
    return lang


def get_lang() -> str:
    """The language of this script run."""
    return _LANG.get()


def err_text(error: Exception) -> str:
    """An error's message in the current language.

    Parameters
    ----------
    error : Exception
        A :class:`explorer.engine.checks.ConfigError` carries ``key`` and ``params``; the message
        ``err_<key>`` is used when the current language has it, else the error's own text.
        A ``field`` parameter names a setting: it is shown as ``field_<field>``.

    Returns
    -------
    str
    """
    key = getattr(error, "key", None)
    if key == "int_range" and getattr(error, "params", {}).get("hi") is None:
        key = "int_min"
    if key and f"err_{key}" in TEXTS["en"]:
        return t(f"err_{key}", **_shown(dict(getattr(error, "params", {}))))
    return str(error)


def _shown(params: dict) -> dict:
    """An error's params as its message shows them: the setting by its name in the page's
    language, choices as a plain list, an interval in brackets, the layer caps as help."""
    field = params.get("field")
    if isinstance(field, str):
        name = field.rpartition(".")[2]  # "normal.std" (an initializer's parameter): std
        params["field"] = t(f"field_{name}") if f"field_{name}" in TEXTS["en"] else field
    if "choices" in params:
        params["choices"] = ", ".join(map(str, params["choices"]))
    if "lo_open" in params:
        lo, hi = params["lo"], params["hi"]
        left = "(" if params["lo_open"] or lo == -math.inf else "["
        right = ")" if params["hi_open"] or hi == math.inf else "]"
        params["interval"] = f"{left}{lo:g}, {hi:g}{right}"
    if "got" in params:
        got = params["got"]
        params["got"] = repr(got) if isinstance(got, str) else f"{got}"
    if "most_layers" in params:
        caps = {k: params[k] for k in ("most_layers", "most_units")}
        params["help"] = t("layers_help", **caps)
        params["help_dbn"] = t("dbn_layers_help_text", **caps)
    return params


def init_text(key: str) -> str:
    """The label of an initializer in the current language.

    Parameters
    ----------
    key : str
        An :class:`~explorer.services.signals.InitSpec` key, e.g. ``"he_normal"`` or
        ``"orthogonal:gain=1"``.

    Returns
    -------
    str
        In English, exactly :attr:`InitSpec.label`; the random normal and uniform keep their
        formula (``N(0, σ=0.01)``) in every language.
    """
    spec = parse_init_spec(key)
    if spec.name in ("normal", "uniform"):
        return spec.label
    base = t(f"init_{spec.name}")
    if not spec.params:
        return base
    return base + " (" + ", ".join(f"{k}={v:g}" for k, v in spec.params) + ")"


def chart_notes() -> dict[str, str]:
    """The chart builders' composed words (:data:`explorer.analysis.charts.NOTES`) in the current
    language, for their ``notes`` argument."""
    return {k: t(f"chart_{k}") for k in charts.NOTES}


def labels(keys: Iterable, prefix: str = "", text: Callable[[Any], str] | None = None):
    """A widget's ``format_func``: each option's label in the current language, made now.

    Streamlit may call a ``format_func`` after the script run (and its language) ended, so
    the labels are looked up once, here, and the function reads them (an option not among
    ``keys``, e.g. a value set since, is labelled when asked).

    Parameters
    ----------
    keys : iterable
        The widget's options.
    prefix : str
        Text keys are ``prefix + str(key)``.
    text : callable, optional
        Makes an option's label instead (e.g. :func:`init_text`).

    Returns
    -------
    callable
        ``option -> label``.
    """
    make = text or (lambda k: t(f"{prefix}{k}"))
    table = {k: make(k) for k in keys}

    def label(k) -> str:
        return table[k] if k in table else make(k)  # an option the run did not offer

    return label


def t(key: str, **fmt) -> str:
    """The string for ``key`` in the current language, formatted with ``fmt``.

    Parameters
    ----------
    key : str
        A key of ``TEXTS["en"]``.
    **fmt
        Values for ``str.format``.

    Returns
    -------
    str
    """
    s = TEXTS.get(_LANG.get(), {}).get(key) or TEXTS["en"][key]
    return s.format(**fmt) if fmt else s
