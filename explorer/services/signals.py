"""The Signals tab's work: a frozen configuration in, the small tables a view draws out.

:class:`SignalsConfig` (with its :class:`InitSpec`) holds everything that shapes one trace,
validated once at construction through the app's one set of validators
(:mod:`explorer.services.errors`). :func:`compute_signals` joins the engine and the analysis
layer: it builds the data and the network, traces one batch, predicts the theory, and reduces
everything to tidy DataFrames. The raw trace is dropped before returning, so a result costs
kilobytes, not the hundreds of megabytes a deep, wide trace can take. It runs as a job of the
server's job service (:mod:`explorer.services.tasks`), within the memory cap
:func:`check_memory` enforces first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from explorer.analysis import stats
from explorer.data.datasets import DATASETS, load_dataset
from explorer.engine import theory
from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import check_choice, lookup
from explorer.engine.initializers import INITIALIZERS, resolve_params
from explorer.engine.network import Network, trace_nbytes
from explorer.services.errors import FIELDS, check, check_widths, format_widths, keyed, parse_widths

__all__ = [
    "BINS",
    "DATA_CHOICES",
    "INIT_SETTINGS",
    "MAX_BATCH",
    "MAX_HIDDEN_LAYERS",
    "MAX_INPUT_DIM",
    "MAX_TRACE_MB",
    "MAX_WIDTH",
    "InitSpec",
    "SignalsConfig",
    "SignalsResult",
    "check_memory",
    "check_signals",
    "compute_signals",
    "format_layers",
    "parse_init_spec",
    "parse_layers",
    "signals_batch",
]

MAX_HIDDEN_LAYERS = int(FIELDS["hidden_layers"].hi)
MAX_WIDTH = int(FIELDS["hidden_width"].hi)
MAX_BATCH = int(FIELDS["batch"].hi)
MAX_INPUT_DIM = int(FIELDS["input_dim"].hi)
DATA_CHOICES = FIELDS["data"].choices
BINS = FIELDS["bins"].bounds
#: Budget for one trace's arrays (z, a, dz, da per layer, weights and gradients). With the
#: histograms' temporaries and the Streamlit process itself, the app stays under 600 MB.
MAX_TRACE_MB = 256
#: Every initializer of the registry at its default parameters, and the large normal
#: N(0, 1) of the lecture's second attempt, as :class:`InitSpec` keys: the settings the
#: Signals tab compares and the Map tab places.
INIT_SETTINGS = (
    "zeros",
    "normal:std=0.01",
    "normal:std=1",
    "uniform",
    "standard_uniform",
    "lecun_normal",
    "lecun_uniform",
    "xavier_uniform",
    "xavier_normal",
    "xavier_truncated",
    "he_normal",
    "he_uniform",
    "orthogonal:gain=1",
)


def parse_layers(text: str) -> tuple[int, ...]:
    """Hidden-layer widths typed in the sidebar (see :func:`explorer.services.errors.parse_widths`).

    Raises
    ------
    ConfigError
        Keyed ``layers_*``: 1–:data:`MAX_HIDDEN_LAYERS` layers of 1–:data:`MAX_WIDTH` units.
    """
    return parse_widths(text, "hidden_layers", "hidden_width")


#: The text form of hidden-layer widths, e.g. ``"256, 128"``.
format_layers = format_widths


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
        """Validate and build; raises a keyed :class:`ConfigError`."""
        init = lookup(INITIALIZERS, name, "init")
        allowed = [p.name for p in init.params]
        unknown = sorted(set(params or {}) - set(allowed))
        if unknown:
            raise keyed(
                "init_param_unknown",
                init=name,
                allowed=", ".join(allowed) or "—",
                unknown=", ".join(unknown),
            )
        resolved = resolve_params(name, params)
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
    check_choice("init", name, tuple(INITIALIZERS))
    params = {}
    for item in filter(None, rest.split(",")):
        k, eq, v = item.partition("=")
        try:
            params[k.strip()] = float(v) if eq else math.nan
        except ValueError:
            raise keyed("init_param_form", init=name, item=item[:30]) from None
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
        check("data", self.data)
        check_choice("activation", self.activation, tuple(ACTIVATIONS))
        check_widths(self.hidden, "hidden_layers", "hidden_width")
        for name in ("seed", "batch", "input_dim", "bins", "dtype"):
            check(name, getattr(self, name))

    def with_init(self, init: InitSpec) -> SignalsConfig:
        """The same configuration with another initializer."""
        return replace(self, init=init)

    def sizes(self, n_inputs: int, n_classes: int) -> tuple[int, ...]:
        """Full layer sizes ``(n_inputs, *hidden, n_classes)``."""
        return (n_inputs, *self.hidden, n_classes)


def check_memory(sizes: tuple[int, ...], batch: int, dtype: str, asked: int | None = None) -> int:
    """Refuse configurations whose trace would pass the memory cap.

    Parameters
    ----------
    sizes : tuple of int
        Full layer sizes, input first.
    batch : int
        Rows traced.
    dtype : str
    asked : int, optional
        The batch size asked for, when the data has fewer rows (``batch``): the message
        says so (key ``memory_capped``).

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
        capped = asked is not None and asked > batch
        raise keyed(
            "memory_capped" if capped else "memory",
            mb=nbytes / 2**20,
            batch=batch,
            **({"asked": asked} if capped else {}),
            units=sum(sizes[1:]),
            dtype=dtype,
            limit=MAX_TRACE_MB,
        )
    return nbytes


@dataclass(frozen=True, eq=False)
class SignalsResult:
    """What the Signals view shows for one configuration.

    Attributes
    ----------
    config : SignalsConfig
    sizes : tuple of int
        Full layer sizes, input first.
    loss : float
        Cross-entropy of the batch at initialization.
    hist_a, hist_g : DataFrame
        Per-layer histograms of activations and of back-propagated gradients ∂L/∂z
        (columns of :func:`explorer.analysis.stats.layer_histograms`).
    summary : DataFrame
        :func:`explorer.analysis.stats.layer_summary`.
    profile : DataFrame
        :func:`explorer.analysis.stats.std_profile`, measured and theory.
    overflow : dict or None
        :func:`explorer.analysis.stats.overflow_report`.
    theory_method : str
        How the theory line was computed for this activation.
    rows : int
        Rows traced: the batch size, or every row of a dataset smaller than it.
    """

    config: SignalsConfig
    sizes: tuple[int, ...]
    loss: float
    hist_a: pd.DataFrame
    hist_g: pd.DataFrame
    summary: pd.DataFrame
    profile: pd.DataFrame
    overflow: dict | None
    theory_method: str
    rows: int


def signals_batch(cfg: SignalsConfig) -> tuple[np.ndarray, np.ndarray, int]:
    """The inputs a Signals configuration traces.

    Parameters
    ----------
    cfg : SignalsConfig

    Returns
    -------
    X : ndarray, shape (batch, d)
    y : ndarray of int, shape (batch,)
    n_classes : int
        For ``digits`` and ``bars_stripes`` a seeded random subset of ``min(batch, n)``
        rows; for ``gaussian``, ``randn(batch, input_dim)`` with random labels.
    """
    if cfg.data == "gaussian":
        ds = load_dataset("gaussian", n=cfg.batch, d=cfg.input_dim, seed=cfg.seed)
        return ds.X, ds.y, ds.n_classes
    ds = load_dataset(cfg.data)
    n = len(ds.y)
    if cfg.batch >= n:
        return ds.X, ds.y, ds.n_classes
    idx = np.sort(np.random.default_rng(cfg.seed).choice(n, size=cfg.batch, replace=False))
    return ds.X[idx], ds.y[idx], ds.n_classes


def check_signals(cfg: SignalsConfig) -> int:
    """Refuse a configuration whose trace would pass the memory cap, before computing it.

    Returns
    -------
    int
        The trace's estimated bytes.

    Raises
    ------
    ConfigError
        With the estimate, the cap and what to reduce (see
        :func:`explorer.services.signals.check_memory`).
    """
    n = cfg.batch
    if cfg.data == "gaussian":
        n_inputs = cfg.input_dim
    else:
        ds = load_dataset(cfg.data)
        n, n_inputs = min(cfg.batch, len(ds.y)), ds.X.shape[1]
    sizes = cfg.sizes(n_inputs, DATASETS[cfg.data].n_classes)
    return check_memory(sizes, n, cfg.dtype, asked=cfg.batch)


def compute_signals(cfg: SignalsConfig, report=None) -> SignalsResult:
    """Trace one batch through a freshly initialized network and summarize every layer.

    Parameters
    ----------
    cfg : SignalsConfig
    report : callable, optional
        Unused: one trace has no steps to report (the job service's signature).

    Returns
    -------
    SignalsResult

    Raises
    ------
    explorer.engine.checks.ConfigError
        If the trace would pass the memory cap.
    """
    X, y, n_classes = signals_batch(cfg)
    sizes = cfg.sizes(X.shape[1], n_classes)
    check_memory(sizes, X.shape[0], cfg.dtype)
    params = cfg.init.kwargs
    net = Network.create(sizes, cfg.activation, cfg.init.name, cfg.seed, params, cfg.dtype)
    tr = net.trace(X, y)
    del net
    # Mean-field quadrature where no closed form exists: the linear approximation of tanh or
    # the sigmoid is the Glorot regime only, and would draw saturated layers growing forever.
    method = "auto" if theory.METHODS[cfg.activation] == theory.EXACT else "quadrature"
    pred = theory.predict_for_trace(sizes, cfg.activation, cfg.init.name, X, tr, params, method)
    # one pass over the trace for every table (moments and NaN counts shared between them)
    tables = stats.signals_tables(
        tr,
        cfg.activation,
        pred,
        label=cfg.init.label,
        bins=cfg.bins,
        shared_range=cfg.shared_range,
        drop_zeros=cfg.drop_zeros,
    )
    return SignalsResult(
        config=cfg,
        sizes=sizes,
        loss=tr.loss,
        theory_method=pred.method,
        rows=X.shape[0],
        **tables,
    )
