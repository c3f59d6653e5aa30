"""The engine's primitive validators and shared constants.

Scope: the one place where arguments of the engine and data layers are checked. Every
validator raises :class:`ConfigError`, a :class:`ValueError` that carries, besides an English
message meant for developers (it names what is allowed, choices as plain text), a ``key`` and
the ``params`` of the message, so a user interface can say the same in another language:

=================  ====================================================================
key                params
=================  ====================================================================
``"int_range"``    ``field``, ``lo``, ``hi`` (``None``: no upper bound), ``got``
``"float_range"``  ``field``, ``lo``, ``hi``, ``lo_open``, ``hi_open``, ``got``
``"choice"``       ``field``, ``choices`` (tuple), ``got``
=================  ====================================================================

Also here: :data:`QUIET`, the ``np.errstate`` settings of every computation whose overflow
is an expected outcome, :data:`DTYPES`, the floating-point types the engine computes in, and
:func:`stop_requested`, how the training loops read their callbacks' answers. Only NumPy and
the standard library are imported.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np

__all__ = [
    "DTYPES",
    "QUIET",
    "ConfigError",
    "check_choice",
    "check_float",
    "check_int",
    "keyed",
    "lookup",
    "stop_requested",
]

#: ``np.errstate`` keyword arguments that silence every floating-point warning: overflow to
#: inf is something the app shows (an exploding network), not an error.
QUIET = dict(over="ignore", invalid="ignore", divide="ignore", under="ignore")

#: The floating-point types networks and RBMs compute in.
DTYPES = ("float32", "float64")


class ConfigError(ValueError):
    """A user-supplied value is outside what the app allows; the message says what is.

    Parameters
    ----------
    message : str
        The English message.
    key : str or None
        Names the kind of error, so the UI can show the message in another language
        (``t("err_" + key, **params)``).
    **params
        Values the translated message needs.
    """

    def __init__(self, message: str, key: str | None = None, **params):
        super().__init__(message)
        self.key = key
        self.params = params

    @classmethod
    def keyed(cls, key: str, **params) -> ConfigError:
        """This error class's ``key`` error; its message is the key and params (see
        :func:`keyed`)."""
        shown = ", ".join(f"{k}={v!r}" for k, v in params.items())
        return cls(f"{key}({shown})", key, **params)


def keyed(key: str, **params) -> ConfigError:
    """An error the app's UI words (``err_<key>`` in :mod:`explorer.ui.i18n`).

    The exception's own message is only its key and params, for logs and developers.

    Parameters
    ----------
    key : str
    **params
        Values the message shows.

    Returns
    -------
    ConfigError
    """
    return ConfigError.keyed(key, **params)


def _shown(value: Any) -> str:
    """``repr`` of a value for a message; NumPy scalars as the Python number they hold."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _bound(x: float) -> str:
    """A bound as the message prints it: ``1``, ``0.5``, ``1e-08``, ``inf``."""
    return str(x) if isinstance(x, numbers.Integral) else f"{x:g}"


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool | np.bool_)


def check_int(name: str, value: Any, lo: int, hi: int | None = None) -> int:
    """A whole number in ``[lo, hi]``.

    Parameters
    ----------
    name : str
        The argument's name, used in the message and as ``field``.
    value : object
        A Python ``int`` or a ``numpy.integer``; ``bool`` and floats (even ``2.0``) are
        rejected.
    lo : int
        Smallest value allowed.
    hi : int or None
        Largest value allowed; ``None`` for no upper bound.

    Returns
    -------
    int

    Raises
    ------
    ConfigError
        Key ``"int_range"``, e.g. ``"batch_size must be a whole number from 1 to 2048,
        got 5000"``.
    """
    ok = (
        isinstance(value, int | np.integer)
        and not _is_bool(value)
        and lo <= value
        and (hi is None or value <= hi)
    )
    if ok:
        return int(value)
    allowed = f">= {lo}" if hi is None else f"from {lo} to {hi}"
    raise ConfigError(
        f"{name} must be a whole number {allowed}, got {_shown(value)}",
        "int_range",
        field=name,
        lo=lo,
        hi=hi,
        got=value,
    )


def check_float(
    name: str,
    value: Any,
    lo: float = -math.inf,
    hi: float = math.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """A real number in the interval from ``lo`` to ``hi``.

    Parameters
    ----------
    name : str
        The argument's name, used in the message and as ``field``.
    value : object
        A real number (Python or NumPy, integers included); ``bool``, NaN, strings and
        other types are rejected.
    lo, hi : float
        The interval's ends; infinite ends allow ``±inf`` unless open.
    lo_open, hi_open : bool
        Whether ``lo`` / ``hi`` themselves are excluded.

    Returns
    -------
    float

    Raises
    ------
    ConfigError
        Key ``"float_range"``, e.g. ``"lr must be a number in (0, 10], got 0"``.
    """
    if isinstance(value, numbers.Real) and not _is_bool(value):
        v = float(value)
        above = v > lo if lo_open else v >= lo
        below = v < hi if hi_open else v <= hi
        if above and below:  # False for NaN
            return v
    interval = f"{'(' if lo_open else '['}{_bound(lo)}, {_bound(hi)}{')' if hi_open else ']'}"
    raise ConfigError(
        f"{name} must be a number in {interval}, got {_shown(value)}",
        "float_range",
        field=name,
        lo=lo,
        hi=hi,
        lo_open=lo_open,
        hi_open=hi_open,
        got=value,
    )


def _choice_error(name: str, value: Any, choices: tuple) -> ConfigError:
    return ConfigError(
        f"{name} must be one of {', '.join(str(c) for c in choices)}, got {_shown(value)}",
        "choice",
        field=name,
        choices=choices,
        got=value,
    )


def check_choice(name: str, value: Any, choices: tuple) -> Any:
    """One of a fixed set of values.

    Parameters
    ----------
    name : str
        The argument's name, used in the message and as ``field``.
    value : object
    choices : tuple
        The allowed values (compared with ``==``).

    Returns
    -------
    object
        ``value``.

    Raises
    ------
    ConfigError
        Key ``"choice"``, e.g. ``"dtype must be one of float32, float64, got 'float16'"``.
    """
    choices = tuple(choices)
    try:
        ok = value in choices
    except (TypeError, ValueError):  # e.g. an array, whose == gives no single answer
        ok = False
    if not ok:
        raise _choice_error(name, value, choices)
    return value


def lookup(registry: Mapping[Hashable, Any], name: Any, what: str) -> Any:
    """The entry ``name`` of a registry, with a message naming its keys when there is none.

    Parameters
    ----------
    registry : mapping
        E.g. :data:`explorer.ACTIVATIONS`.
    name : object
        The key looked up.
    what : str
        What the key names, for the message and ``field`` (e.g. ``"activation"``).

    Returns
    -------
    object
        ``registry[name]``.

    Raises
    ------
    ConfigError
        As :func:`check_choice` with the registry's keys as choices (key ``"choice"``).
    """
    try:
        return registry[name]
    except (KeyError, TypeError):
        raise _choice_error(what, name, tuple(registry)) from None


def stop_requested(answer: Any) -> bool:
    """Whether a training callback's return value asks to stop.

    Parameters
    ----------
    answer : object
        What ``on_epoch`` (or ``on_layer``) returned.

    Returns
    -------
    bool
        True for ``False`` and any other falsy value but ``None``: a callback that returns
        nothing lets training go on.
    """
    return answer is not None and not answer
