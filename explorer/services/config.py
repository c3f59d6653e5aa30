"""Frozen configurations, their bounds, and validation at the edge.

Everything the user can set is parsed and checked here, once, into a frozen dataclass of
scalars and tuples: it hashes (for ``st.cache_data``) and round-trips through the URL. Every
error is a :class:`ConfigError` whose message says what is allowed, so the UI can show it as
it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import DTYPES, ConfigError, lookup
from explorer.engine.initializers import INITIALIZERS, resolve_params
from explorer.engine.network import trace_nbytes

__all__ = [
    "BINS",
    "DATA_CHOICES",
    "MAX_BATCH",
    "MAX_HIDDEN_LAYERS",
    "MAX_INPUT_DIM",
    "MAX_TRACE_MB",
    "MAX_WIDTH",
    "InitSpec",
    "SignalsConfig",
    "check_memory",
    "parse_init_spec",
    "parse_layers",
]

MAX_HIDDEN_LAYERS = 50
MAX_WIDTH = 2048
MAX_BATCH = 2048
MAX_INPUT_DIM = 4096
#: Budget for one trace's arrays (z, a, dz, da per layer, weights and gradients). With the
#: histograms' temporaries and the Streamlit process itself, the app stays under 600 MB.
MAX_TRACE_MB = 256
DATA_CHOICES = ("digits", "gaussian", "bars_stripes")
#: Histogram bins allowed (the sidebar's slider, the config and the URL share them).
BINS = (10, 100)


_LAYER_HELP = (
    f"Enter hidden-layer widths as whole numbers separated by commas, e.g. 256, 128, 128 "
    f"(1–{MAX_HIDDEN_LAYERS} layers, each 1–{MAX_WIDTH} units)."
)


def parse_layers(text: str) -> tuple[int, ...]:
    """Parse hidden-layer widths typed as text.

    Parameters
    ----------
    text : str
        Widths separated by commas and/or spaces, e.g. ``"256, 128, 128"``.

    Returns
    -------
    tuple of int
        One width per hidden layer.

    Raises
    ------
    ConfigError
        For empty text, an empty entry (``"10,,20"``), anything that is not a whole number
        (``"abc"``, ``"1e9"``, ``"2.5"``), a width outside ``[1, MAX_WIDTH]`` or more than
        ``MAX_HIDDEN_LAYERS`` layers. The message names the allowed values.
    """
    text = (text or "").strip()
    if not text:
        raise ConfigError(f"No hidden layers given. {_LAYER_HELP}", "layers_empty")
    if len(text) > 2000:
        raise ConfigError(f"The layer text is too long. {_LAYER_HELP}", "layers_long")
    parts = re.split(r"\s*,\s*|\s+", text)
    widths = []
    for i, part in enumerate(parts, 1):
        if part == "":
            raise ConfigError(
                f"Entry {i} is empty (two commas in a row?). {_LAYER_HELP}", "layers_gap", i=i
            )
        if not re.fullmatch(r"[+-]?\d+", part):
            raise ConfigError(
                f"'{part[:20]}' is not a whole number. {_LAYER_HELP}", "layers_nan", part=part[:20]
            )
        w = int(part)
        if not 1 <= w <= MAX_WIDTH:
            raise ConfigError(f"Width {w} is out of range. {_LAYER_HELP}", "layers_range", w=w)
        widths.append(w)
    if len(widths) > MAX_HIDDEN_LAYERS:
        raise ConfigError(
            f"{len(widths)} hidden layers is too many. {_LAYER_HELP}", "layers_many", n=len(widths)
        )
    return tuple(widths)


def format_layers(widths: tuple[int, ...]) -> str:
    """The text form of hidden-layer widths, e.g. ``"256, 128"``."""
    return ", ".join(str(w) for w in widths)


@dataclass(frozen=True)
class InitSpec:
    """An initializer with its parameters, e.g. ``normal`` with ``std = 1``.

    Attributes
    ----------
    name : str
        Key of :data:`explorer.INITIALIZERS`.
    params : tuple of (str, float)
        Sorted parameter items; defaults filled in.
    """

    name: str
    params: tuple[tuple[str, float], ...] = ()

    @classmethod
    def make(cls, name: str, params: dict | None = None) -> InitSpec:
        """Validate and build; raises :class:`ConfigError`."""
        try:
            resolved = resolve_params(name, params)
        except ValueError as e:
            raise ConfigError(str(e)) from None
        return cls(name, tuple(sorted(resolved.items())))

    @property
    def key(self) -> str:
        """Compact text form: ``normal:std=1`` (parsed back by :func:`parse_init_spec`)."""
        if not self.params:
            return self.name
        return self.name + ":" + ",".join(f"{k}={v:g}" for k, v in self.params)

    @property
    def label(self) -> str:
        """Short human-readable label, e.g. ``N(0, σ=0.01)`` or ``He normal (Kaiming)``."""
        p = dict(self.params)
        if self.name == "normal":
            return f"N(0, σ={p['std']:g})"
        if self.name == "uniform":
            return f"U(−{p['limit']:g}, {p['limit']:g})"
        base = lookup(INITIALIZERS, self.name, "init").label
        if not self.params:
            return base
        return base + " (" + ", ".join(f"{k}={v:g}" for k, v in self.params) + ")"

    @property
    def kwargs(self) -> dict[str, float]:
        """Parameters as a dict."""
        return dict(self.params)


def parse_init_spec(text: str) -> InitSpec:
    """Parse ``name`` or ``name:param=value,...`` into an :class:`InitSpec`.

    Parameters
    ----------
    text : str
        E.g. ``"he_normal"``, ``"normal:std=0.01"``, ``"orthogonal:gain=1.41"``.

    Returns
    -------
    InitSpec

    Raises
    ------
    ConfigError
        For an unknown initializer or a malformed or out-of-range parameter.
    """
    name, _, rest = (text or "").strip().partition(":")
    if name not in INITIALIZERS:
        raise ConfigError(f"initializer must be one of {list(INITIALIZERS)}, got {name!r}")
    params = {}
    for item in filter(None, rest.split(",")):
        k, eq, v = item.partition("=")
        try:
            params[k.strip()] = float(v) if eq else math.nan
        except ValueError:
            raise ConfigError(f"{name}: '{item}' is not of the form param=number") from None
    return InitSpec.make(name, params)


@dataclass(frozen=True)
class SignalsConfig:
    """Everything that shapes one Signals computation.

    Attributes
    ----------
    data : str
        One of :data:`DATA_CHOICES`.
    hidden : tuple of int
        Hidden-layer widths.
    activation : str
        Key of :data:`explorer.ACTIVATIONS`.
    init : InitSpec
        The initializer and its parameters.
    seed : int
        Seeds the weights and the choice of the batch.
    batch : int
        Number of inputs traced (for ``gaussian``, the number drawn).
    input_dim : int
        Input dimension of the ``gaussian`` data (CS231n uses 500).
    dtype : str
        ``float32`` or ``float64``.
    bins : int
        Histogram bins.
    shared_range : bool
        One x range for all layers' histograms.
    drop_zeros : bool
        Leave exact zeros out of the histograms (they are counted in the table).
    """

    data: str = "digits"
    hidden: tuple[int, ...] = (256,) * 10
    activation: str = "relu"
    init: InitSpec = field(default_factory=lambda: InitSpec("he_normal"))
    seed: int = 0
    batch: int = 256
    input_dim: int = 500
    dtype: str = "float64"
    bins: int = 40
    shared_range: bool = False
    drop_zeros: bool = False

    def __post_init__(self):
        if self.data not in DATA_CHOICES:
            raise ConfigError(f"data must be one of {list(DATA_CHOICES)}, got {self.data!r}")
        if self.activation not in ACTIVATIONS:
            raise ConfigError(
                f"activation must be one of {list(ACTIVATIONS)}, got {self.activation!r}"
            )
        if not 1 <= len(self.hidden) <= MAX_HIDDEN_LAYERS or not all(
            isinstance(w, int) and 1 <= w <= MAX_WIDTH for w in self.hidden
        ):
            raise ConfigError(_LAYER_HELP)
        _check_int("seed", self.seed, 0, 2**32 - 1)
        _check_int("batch", self.batch, 1, MAX_BATCH)
        _check_int("input_dim", self.input_dim, 1, MAX_INPUT_DIM)
        _check_int("bins", self.bins, *BINS)
        if self.dtype not in DTYPES:
            raise ConfigError(f"dtype must be one of {list(DTYPES)}, got {self.dtype!r}")

    def with_init(self, init: InitSpec) -> SignalsConfig:
        """The same configuration with another initializer."""
        return replace(self, init=init)

    def sizes(self, n_inputs: int, n_classes: int) -> tuple[int, ...]:
        """Full layer sizes ``(n_inputs, *hidden, n_classes)``."""
        return (n_inputs, *self.hidden, n_classes)


def _check_int(name: str, v, lo: int, hi: int) -> None:
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise ConfigError(f"{name} must be a whole number from {lo} to {hi}, got {v!r}")


def check_memory(sizes: tuple[int, ...], batch: int, dtype: str) -> int:
    """Refuse configurations whose trace would pass the memory cap.

    Parameters
    ----------
    sizes : tuple of int
        Full layer sizes, input first.
    batch : int
        Rows traced.
    dtype : str

    Returns
    -------
    int
        The estimated bytes, when within :data:`MAX_TRACE_MB`.

    Raises
    ------
    ConfigError
        With the estimate, the cap, and what to reduce.
    """
    nbytes = trace_nbytes(sizes, batch, dtype)
    if nbytes > MAX_TRACE_MB * 2**20:
        raise ConfigError(
            f"This network would need about {nbytes / 2**20:,.0f} MB to record every layer "
            f"(batch {batch} × {sum(sizes[1:]):,} units, {dtype}); the limit is "
            f"{MAX_TRACE_MB} MB. Use fewer or narrower layers, a smaller batch, or float32.",
            "memory",
            mb=nbytes / 2**20,
            batch=batch,
            units=sum(sizes[1:]),
            dtype=dtype,
            limit=MAX_TRACE_MB,
        )
    return nbytes
