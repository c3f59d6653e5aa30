"""The app's limits, and the one set of validators every setting goes through.

Each setting a user can change has its allowed values written once, here, in :data:`FIELDS`:
the configs (:class:`~explorer.services.signals.SignalsConfig`,
:class:`~explorer.services.training.TrainConfig`, :class:`~explorer.services.rbm.RBMConfig`,
:class:`~explorer.services.dbn.DBNConfig`, :class:`~explorer.services.maps.MapConfig`) check
their values with :func:`check`, the URL parser (:mod:`explorer.services.urlstate`) checks a
link's text with :func:`check_text`, and the widgets take their bounds from the same table.
The checks are the engine's (:mod:`explorer.engine.checks`): a failure is a
:class:`~explorer.engine.checks.ConfigError` whose key (``int_range``, ``float_range``,
``choice``) and params, ``field`` naming the setting, let the UI say it in the page's
language.

The app's other errors (a layer text that is not numbers, a network too big for memory, a
run too long) are raised by :func:`keyed` with a key and params only: their words are in
:mod:`explorer.ui.i18n` (``err_<key>``), in every language, and nowhere else.
:func:`parse_widths` reads hidden-layer widths typed as text, for the sidebar and the DBN tab.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import check_choice, check_float, check_int, keyed

__all__ = ["FIELDS", "Field", "check", "check_text", "format_widths", "keyed", "parse_widths"]


@dataclass(frozen=True)
class Field:
    """What one setting allows.

    Attributes
    ----------
    kind : {"int", "float", "choice"}
    lo, hi : float or None
        Bounds (``hi=None``: no upper bound).
    lo_open, hi_open : bool
        Whether a float's bound itself is excluded.
    choices : tuple
        The allowed values of a choice.
    """

    kind: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    choices: tuple = ()

    @property
    def bounds(self) -> tuple:
        """``(lo, hi)``, e.g. for a slider."""
        return self.lo, self.hi


def _int(lo: int, hi: int | None) -> Field:
    return Field("int", lo, hi)


def _float(lo: float, hi: float, lo_open: bool = False) -> Field:
    return Field("float", lo, hi, lo_open=lo_open)


def _choice(*choices) -> Field:
    return Field("choice", choices=tuple(choices))


SEED_MAX = 2**32 - 1
#: Every setting's allowed values, by name. The name is the ``field`` of an error and the
#: ``field_<name>`` text that names the setting in the UI.
FIELDS: dict[str, Field] = {
    # the sidebar (Signals)
    "seed": _int(0, SEED_MAX),
    "batch": _int(1, 2048),
    "input_dim": _int(1, 4096),
    "bins": _int(10, 100),
    "data": _choice("digits", "gaussian", "bars_stripes"),
    "dtype": _choice("float32", "float64"),
    "hidden_layers": _int(1, 50),
    "hidden_width": _int(1, 2048),
    # the Training tab
    "tr_data": _choice("digits", "mnist"),
    "tr_epochs": _int(1, 100),
    "tr_lr": _float(0.0, 10.0, lo_open=True),
    "tr_batch": _int(1, 2048),
    "tr_dbn_epochs": _int(1, 50),
    "tr_dbn_lr": _float(0.0, 10.0, lo_open=True),
    "tr_dbn_batch": _int(1, 2048),
    # the RBM tab
    "rbm_data": _choice("digits", "bars_stripes", "mnist"),
    "rbm_bars_size": _int(2, 8),
    "rbm_n_hidden": _int(1, 1000),
    "rbm_epochs": _int(1, 200),
    "rbm_lr": _float(0.0, 1.0, lo_open=True),
    "rbm_batch_size": _int(1, 1000),
    "rbm_k": _int(1, 25),
    "rbm_weight_decay": _float(0.0, 0.01),
    # the DBN tab
    "dbn_data": _choice("digits", "mnist"),
    "dbn_layers": _int(1, 6),
    "dbn_width": _int(1, 500),
    "dbn_pre_epochs": _int(1, 50),
    "dbn_pre_lr": _float(0.0, 1.0, lo_open=True),
    "dbn_pre_batch": _int(1, 1000),
    "dbn_k": _int(1, 25),
    "dbn_ft_epochs": _int(1, 50),
    "dbn_ft_lr": _float(0.0, 1.0, lo_open=True),
    "dbn_ft_batch": _int(1, 1000),
    # the Map tab
    "map_activation": _choice(*ACTIVATIONS),
    "map_width": _int(2, 1024),
    "map_depth": _int(1, 50),
    "map_sigma_lo": _float(0.01, 100.0),
    "map_sigma_hi": _float(0.01, 100.0),
    "map_n_sigma": _int(40, 160),
    "map_sigma_b": _float(0.0, 2.0),
    "map_batch": _int(8, 512),
    "map_seed": _int(0, SEED_MAX),
    "map_dtype": _choice("float32", "float64"),
    "map_quantity": _choice("gradient", "activation"),
}


def check(name: str, value: Any, field: Field | None = None):
    """``value`` of the setting ``name``, checked against :data:`FIELDS` (or ``field``).

    Returns
    -------
    int, float or the choice
        The value as the setting holds it (an int, a float).

    Raises
    ------
    ConfigError
        Keyed ``int_range``, ``float_range`` or ``choice`` with ``field=name``.
    """
    f = field or FIELDS[name]
    if f.kind == "int":
        return check_int(name, value, int(f.lo), None if f.hi is None else int(f.hi))
    if f.kind == "float":
        return check_float(name, value, f.lo, f.hi, lo_open=f.lo_open, hi_open=f.hi_open)
    return check_choice(name, value, f.choices)


def check_text(name: str, text: str, field: Field | None = None):
    """The value of the setting ``name`` written as text (a link's query value), checked.

    Whole numbers must be written as digits (``"2048"``, not ``"2e3"``); numbers as decimals.

    Raises
    ------
    ConfigError
        As :func:`check`, ``got`` being the text.
    """
    f = field or FIELDS[name]
    value: Any = text
    if f.kind == "int" and re.fullmatch(r"[+-]?[0-9]+", text.strip()):
        value = int(text)
    elif f.kind == "float":
        try:
            value = float(text)
        except ValueError:
            value = text
    return check(name, value, f)


def parse_widths(text: str, layers: str, width: str, key: str = "layers") -> tuple[int, ...]:
    """Hidden-layer widths typed as text, e.g. ``"256, 128, 128"``.

    Widths are separated by commas and/or spaces. The text is first brought to Unicode's
    NFKC form, so full-width digits and commas typed with an East Asian input method
    (``"２５６，１２８"``) read as ``"256,128"``; digits of any script count (Python reads
    ``"٢٥٦"`` as 256), and a link always writes them back as 0-9.

    Parameters
    ----------
    text : str
    layers, width : str
        Names in :data:`FIELDS` of the allowed number of layers and width of each.
    key : str
        Prefix of the error keys (``layers`` for the sidebar, ``dbn_layers`` for the DBN
        tab, whose messages also say why its caps are lower).

    Returns
    -------
    tuple of int
        The widths, bottom layer first.

    Raises
    ------
    ConfigError
        Keyed ``<key>_empty``, ``_long``, ``_gap`` (an empty entry, ``i``), ``_nan`` (not a
        whole number, ``part``), ``_range`` (a width out of range, ``w``), ``_many`` (too
        many layers, ``n``); every one with ``most_layers`` and ``most_units``.
    """
    caps = {"most_layers": int(FIELDS[layers].hi), "most_units": int(FIELDS[width].hi)}
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        raise keyed(f"{key}_empty", **caps)
    if len(text) > 2000:
        raise keyed(f"{key}_long", **caps)
    widths = []
    for i, part in enumerate(re.split(r"\s*,\s*|\s+", text), 1):
        if part == "":
            raise keyed(f"{key}_gap", i=i, **caps)
        if not re.fullmatch(r"[+-]?\d+", part):
            raise keyed(f"{key}_nan", part=part[:20], **caps)
        w = int(part)
        if not 1 <= w <= caps["most_units"]:
            raise keyed(f"{key}_range", w=w, **caps)
        widths.append(w)
    if len(widths) > caps["most_layers"]:
        raise keyed(f"{key}_many", n=len(widths), **caps)
    return tuple(widths)


def check_widths(widths: Sequence, layers: str, width: str, key: str = "layers") -> tuple:
    """Widths given as numbers (a config's), with :func:`parse_widths`' errors."""
    caps = {"most_layers": int(FIELDS[layers].hi), "most_units": int(FIELDS[width].hi)}
    try:
        widths = tuple(widths)
    except TypeError:
        widths = ()
    if not widths:
        raise keyed(f"{key}_empty", **caps)
    if len(widths) > caps["most_layers"]:
        raise keyed(f"{key}_many", n=len(widths), **caps)
    for w in widths:
        if isinstance(w, bool) or (not isinstance(w, int) and not hasattr(w, "__index__")):
            raise keyed(f"{key}_nan", part=str(w)[:20], **caps)
        if not 1 <= int(w) <= caps["most_units"]:
            raise keyed(f"{key}_range", w=w, **caps)
    return tuple(int(w) for w in widths)


def format_widths(widths: Sequence[int]) -> str:
    """The text form of hidden-layer widths, e.g. ``"256, 128"``."""
    return ", ".join(str(w) for w in widths)
