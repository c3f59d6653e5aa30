"""The Map tab's work: the edge-of-chaos map, measured and predicted, with every initializer.

Scope: one frozen :class:`MapConfig` (validated at construction against the app's one table
of limits, :data:`explorer.services.errors.FIELDS`; keyed errors only) in, one NumPy-only
:class:`MapResult` out:

* **measured** (:func:`compute_map`): for every weight scale ``σ_w`` of a log grid, the
  network ``width → width × depth → 10`` with ``W ~ N(0, σ_w²/width)`` (and biases
  ``N(0, σ_b²)``) is traced once, forward and backward, by the engine's
  :meth:`~explorer.engine.network.Network.trace`, on one batch of Gaussian inputs (the
  ``gaussian`` data set, as the Signals tab draws it) with one seed. Every column uses the
  *same* standard-normal draws, scaled by ``σ_w`` (common random numbers: the map changes
  with ``σ_w`` only, not with a new draw), so the column at ``σ_w`` is the network
  ``Network.create(sizes, act, "normal", seed, {"std": σ_w/√width})`` up to rounding — what
  the Signals tab traces for that setting. Per hidden layer it keeps the gradient norm
  ``‖∂L/∂z_l‖`` relative to the output layer's and the activation standard deviation, and
  marks the cells where overflow (``inf``/``NaN``) or exact zeros stop the measurement;
* **theory** (:func:`map_theory`): ``q*``, ``χ₁``, ``ξ∇`` and the critical ``σ_w`` of
  :mod:`explorer.engine.meanfield`, and the layer at which the theory puts a ``10×``
  change of the gradient norm;
* **the initializers** (:data:`MAP_INITS`): each placed at its effective ``σ_w =
  std(width, width) · √width`` from the registry's formula.

Why the ratio to the output layer in Frobenius norm: back-propagation through a layer whose
weights have variance ``σ_w²/fan_in`` multiplies ``E‖∂L/∂a‖²`` by ``σ_w²`` (a sum over the
``fan_in`` rows of ``W``), whatever the layer's fan-out, and the activation's slope then by
``E[φ'²]``; so ``‖∂L/∂z_l‖/‖∂L/∂z_out‖ = χ₁^((D+1-l)/2)`` at the fixed point, for the
10-class output as for any hidden layer.

Speed: the weights are drawn once and scaled into one set of reused buffers per ``σ_w``; the
trace is float32 by default (``dtype``), which halves the time of float64. Progress is
reported after each ``σ_w`` (the job service's ``report``).

References
----------
Poole et al. (2016) and Schoenholz et al. (2017), cited in full in
:mod:`explorer.engine.meanfield`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

import numpy as np

from explorer.data.datasets import DATASETS, load_dataset
from explorer.engine import meanfield
from explorer.engine.checks import QUIET
from explorer.engine.initializers import INITIALIZERS
from explorer.engine.network import Network, trace_nbytes
from explorer.services.errors import FIELDS, check, format_widths, keyed
from explorer.services.signals import INIT_SETTINGS, MAX_TRACE_MB, parse_init_spec

__all__ = [
    "MAP_INITS",
    "MAX_MAP_WIDTH",
    "MAX_MAP_WORK",
    "QUANTITIES",
    "CellKind",
    "MapConfig",
    "MapProgress",
    "MapResult",
    "MapTheory",
    "compute_map",
    "estimate_mb",
    "init_sigma_w",
    "map_nbytes",
    "map_theory",
    "measured_chi1",
    "measured_critical",
    "signals_state",
]

#: What the colour shows: the gradient relative to the output layer, or the activation std.
QUANTITIES = FIELDS["map_quantity"].choices
MAX_MAP_WIDTH = int(FIELDS["map_width"].hi)
#: Initializers placed on the map, as InitSpec keys.
MAP_INITS = INIT_SETTINGS
#: Classes of the output layer: those of the ``gaussian`` data set, as in the Signals tab.
N_CLASSES = DATASETS["gaussian"].n_classes


@dataclass(frozen=True)
class MapConfig:
    """Everything that shapes one map.

    The allowed values are ``FIELDS["map_<attribute>"]`` of
    :mod:`explorer.services.errors`; the ranges below are theirs.

    Attributes
    ----------
    activation : str
        Key of :data:`explorer.ACTIVATIONS`, every hidden layer's.
    width : int
        Units of every hidden layer and of the input, 2 to :data:`MAX_MAP_WIDTH`.
    depth : int
        Hidden layers, 1 to 50.
    sigma_lo, sigma_hi : float
        The weight-scale range, ``0.01 <= sigma_lo < sigma_hi <= 100`` (log grid). The
        default 1/8 – 8 holds both phases, the edges of tanh (1) and ReLU (√2), and N(0, 0.01²)
        at width 256 (0.16); N(0, 1) (16) is off the scale.
    n_sigma : int
        Values of ``σ_w`` on the grid, 40 to 160.
    sigma_b : float
        Bias scale, 0 to 2 (biases ``N(0, σ_b²)``).
    batch : int
        Gaussian inputs traced, 8 to 512.
    seed : int
        Seeds the weights, the biases and the batch.
    dtype : str
        Precision of the traces, ``float32`` or ``float64``.
    quantity : str
        What the colour shows (:data:`QUANTITIES`); a view setting: both are computed, and
        :attr:`job_config` drops it.

    Raises
    ------
    ConfigError
        Keyed ``int_range``, ``float_range`` or ``choice`` (``field="map_<attribute>"``),
        ``map_range`` (``lo``, ``hi``: the range is empty), ``map_memory`` (over
        :data:`~explorer.services.signals.MAX_TRACE_MB`) or ``map_work`` (over
        :data:`MAX_MAP_WORK` times the default map's work).
    """

    activation: str = "tanh"
    width: int = 256
    depth: int = 50
    sigma_lo: float = 0.125
    sigma_hi: float = 8.0
    n_sigma: int = 40
    sigma_b: float = 0.0
    batch: int = 32
    seed: int = 0
    dtype: str = "float32"
    quantity: str = "gradient"

    def __post_init__(self):
        for name in _SETTINGS:  # as the setting holds it: 1 -> 1.0 for a float
            object.__setattr__(self, name, check(f"map_{name}", getattr(self, name)))
        if not self.sigma_lo < self.sigma_hi:
            raise keyed("map_range", lo=self.sigma_lo, hi=self.sigma_hi)
        nbytes = map_nbytes(self)
        if nbytes > MAX_TRACE_MB * 2**20:
            raise keyed(
                "map_memory",
                mb=nbytes / 2**20,
                depth=self.depth,
                width=self.width,
                batch=self.batch,
                dtype=self.dtype,
                limit=MAX_TRACE_MB,
            )
        factor = _work(self) / _DEFAULT_WORK
        if factor > MAX_MAP_WORK:
            raise keyed(
                "map_work",
                factor=factor,
                limit=MAX_MAP_WORK,
                n_sigma=self.n_sigma,
                depth=self.depth,
                width=self.width,
                batch=self.batch,
            )

    @property
    def sizes(self) -> tuple[int, ...]:
        """``(width, width × depth, 10)``: the layer sizes, input first."""
        return (self.width,) * (self.depth + 1) + (N_CLASSES,)

    @property
    def sigmas(self) -> np.ndarray:
        """The ``σ_w`` grid, shape ``(n_sigma,)``, log-spaced from ``sigma_lo`` to ``sigma_hi``."""
        return np.geomspace(self.sigma_lo, self.sigma_hi, self.n_sigma)

    @property
    def job_config(self) -> MapConfig:
        """The same map with the view-only :attr:`quantity` at its default: the key of the
        one computation both colourings share."""
        return self if self.quantity == QUANTITIES[0] else replace(self, quantity=QUANTITIES[0])


#: MapConfig's settings, checked in this order as ``map_<name>`` of
#: :data:`explorer.services.errors.FIELDS`.
_SETTINGS = (
    "activation",
    "width",
    "depth",
    "sigma_lo",
    "sigma_hi",
    "n_sigma",
    "sigma_b",
    "batch",
    "seed",
    "dtype",
    "quantity",
)


def _work(cfg) -> float:
    return cfg.n_sigma * (cfg.depth + 1) * cfg.batch * cfg.width**2


#: Most work a map may take, in multiples of the default map's (about 1–2 s on one core).
MAX_MAP_WORK = 4.0
_DEFAULT_WORK = _work(MapConfig)  # the dataclass's defaults, read as class attributes


def map_nbytes(cfg: MapConfig) -> int:
    """Bytes a map holds at once: one trace, the drawn weights and their scaled copy.

    Parameters
    ----------
    cfg : MapConfig

    Returns
    -------
    int
        :func:`~explorer.engine.network.trace_nbytes` of one network plus one more copy of
        its weights and biases (the unscaled draw).
    """
    sizes = cfg.sizes
    params = sum(i * o + o for i, o in itertools.pairwise(sizes))
    return trace_nbytes(sizes, cfg.batch, cfg.dtype) + np.dtype(cfg.dtype).itemsize * params


def estimate_mb(cfg: MapConfig) -> float:
    """Peak memory of :func:`compute_map` in MB, for the job service."""
    return 1.15 * map_nbytes(cfg) / 2**20 + 4.0


class CellKind:
    """Codes of :attr:`MapResult.grad_kind` and :attr:`MapResult.act_kind`."""

    OK = 0
    ZERO = 1  # exactly 0: underflow, dead units, or nothing reaches the layer
    OVERFLOW = 2  # inf or NaN: the pass overflowed at or before this layer


@dataclass(frozen=True)
class MapProgress:
    """How far :func:`compute_map` is: ``done`` of ``total`` values of ``σ_w`` traced."""

    done: int
    total: int


@dataclass(frozen=True, eq=False)
class MapTheory:
    """Mean-field predictions over the map's ``σ_w`` range (no sampling).

    Attributes
    ----------
    sigma_w : ndarray, shape (m,)
        A fine log grid over ``[sigma_lo, sigma_hi]``.
    q_star, chi1, xi : ndarray, shape (m,)
        :func:`explorer.engine.meanfield.mean_field` at each ``σ_w``.
    decade_layer : ndarray, shape (m,)
        The hidden layer at which the predicted gradient norm is ``10×`` smaller (ordered
        phase) or larger (chaotic phase) than the output layer's:
        ``depth + 1 - 2 ln(10) |ξ∇|``; below 1 the change stays under ``10×`` over the whole
        depth (``-inf`` at ``χ₁ = 1``).
    sigma_crit : float
        :func:`explorer.engine.meanfield.critical_sigma_w` (``nan`` if none in 0.01–1000).
    """

    sigma_w: np.ndarray
    q_star: np.ndarray
    chi1: np.ndarray
    xi: np.ndarray
    decade_layer: np.ndarray
    sigma_crit: float


@dataclass(frozen=True, eq=False)
class MapResult:
    """The map of one configuration: NumPy arrays only (the store budgets them).

    Attributes
    ----------
    config : MapConfig
    sigma_w : ndarray, shape (n_sigma,)
        The grid, one column per value.
    grad_log10 : ndarray, shape (depth, n_sigma)
        ``log10(‖∂L/∂z_l‖ / ‖∂L/∂z_out‖)``, row ``l - 1`` for hidden layer ``l`` (1 next to
        the input); NaN where :attr:`grad_kind` is not OK.
    act_std : ndarray, shape (depth, n_sigma)
        Standard deviation of the activations of each hidden layer (NaN where not OK).
    grad_kind, act_kind : ndarray of int8, shape (depth, n_sigma)
        :class:`CellKind` codes.
    chi1_measured : ndarray, shape (n_sigma,)
        :func:`measured_chi1`: the per-layer factor of the mean squared gradient, fitted
        over the deep half of the network.
    sigma_crit_measured : float
        :func:`measured_critical`: where ``chi1_measured`` rises through 1 (NaN if it does
        not within the range).
    theory : MapTheory
    inits : tuple of str
        :data:`MAP_INITS`.
    init_sigma : ndarray, shape (len(inits),)
        Their effective ``σ_w`` at this width (:func:`init_sigma_w`).
    init_chi1 : ndarray, shape (len(inits),)
        ``χ₁`` the theory gives each of them (with this ``σ_b``).
    """

    config: MapConfig
    sigma_w: np.ndarray
    grad_log10: np.ndarray
    act_std: np.ndarray
    grad_kind: np.ndarray
    act_kind: np.ndarray
    chi1_measured: np.ndarray
    sigma_crit_measured: float
    theory: MapTheory
    inits: tuple[str, ...]
    init_sigma: np.ndarray
    init_chi1: np.ndarray


def init_sigma_w(key: str, width: int) -> float:
    """The effective ``σ_w`` of an initializer in a layer of ``width → width`` units.

    Parameters
    ----------
    key : str
        An InitSpec key, e.g. ``"he_normal"`` or ``"normal:std=0.01"``.
    width : int
        Fan-in and fan-out.

    Returns
    -------
    float
        ``INITIALIZERS[name].std(width, width, **params) · √width``, so that
        ``Var[W] = σ_w²/width``: 0 for zeros, ``0.01·√width`` for N(0, 0.01²), 1 for LeCun,
        ``√(2·n_in/(n_in+n_out)) = 1`` for Xavier, √2 for He.
    """
    spec = parse_init_spec(key)
    std = INITIALIZERS[spec.name].std(width, width, **spec.kwargs)
    return float(std) * math.sqrt(width)


def _theory_grid(cfg: MapConfig) -> np.ndarray:
    return np.geomspace(cfg.sigma_lo, cfg.sigma_hi, 4 * cfg.n_sigma)


def map_theory(cfg: MapConfig) -> MapTheory:
    """The mean-field overlay of a map: quadrature only, no sampling.

    Parameters
    ----------
    cfg : MapConfig
        Only ``activation``, ``depth``, the ``σ`` range, ``n_sigma`` and ``sigma_b`` count;
        the input has ``E[x²] = 1``.

    Returns
    -------
    MapTheory
        On a grid of ``4 · n_sigma`` values of ``σ_w``.
    """
    mf = meanfield.mean_field(cfg.activation, _theory_grid(cfg), cfg.sigma_b)
    with np.errstate(over="ignore"):
        decade = cfg.depth + 1.0 - meanfield.layers_per_decade(mf.chi1)
    decade.flags.writeable = False
    crit = meanfield.critical_sigma_w(cfg.activation, cfg.sigma_b)
    return MapTheory(mf.sigma_w, mf.q_star, mf.chi1, mf.xi, decade, float(crit))


def _norm(x: np.ndarray) -> float:
    """Frobenius norm in float64 without overflow (``inf`` or ``nan`` if ``x`` holds them)."""
    with np.errstate(**QUIET):
        m = float(np.max(np.abs(x)))
        if m == 0.0 or not math.isfinite(m):  # all zero, or holds inf / NaN
            return m
        return m * math.sqrt(float(np.sum(np.square(x / m), dtype=np.float64)))


def _std(a: np.ndarray) -> float:
    with np.errstate(**QUIET):
        return float(np.std(a, dtype=np.float64))


def _kind(value: float) -> int:
    if not math.isfinite(value):
        return CellKind.OVERFLOW
    return CellKind.ZERO if value == 0.0 else CellKind.OK


def measured_chi1(grad_log10: np.ndarray, grad_kind: np.ndarray) -> np.ndarray:
    """The per-layer factor of the mean squared gradient, fitted in the deep half.

    Parameters
    ----------
    grad_log10 : ndarray, shape (depth, n)
        ``log10`` gradient-norm ratios, row ``l - 1`` for layer ``l``.
    grad_kind : ndarray, shape (depth, n)
        :class:`CellKind` codes.

    Returns
    -------
    ndarray, shape (n,)
        ``10^(-2 s)`` where ``s`` is the least-squares slope of ``grad_log10`` against the
        layer over layers ``⌈depth/2⌉ .. depth`` (the half next to the output, where the
        forward signal has settled near ``q*`` as the theory assumes), OK cells only; NaN
        with fewer than two. It estimates ``χ₁``: theory gives a slope of ``-½ log10 χ₁``.
    """
    depth, n = grad_log10.shape
    layers = np.arange(1, depth + 1, dtype=float)
    deep = layers >= math.ceil(depth / 2) if depth > 2 else np.ones(depth, bool)
    out = np.full(n, np.nan)
    for k in range(n):
        ok = deep & (grad_kind[:, k] == CellKind.OK)
        if ok.sum() < 2:
            continue
        slope = np.polyfit(layers[ok], grad_log10[ok, k], 1)[0]
        out[k] = 10.0 ** (-2.0 * slope)
    return out


def measured_critical(sigma_w: np.ndarray, chi: np.ndarray) -> float:
    """Where a measured ``χ₁`` first rises through 1, interpolated in ``log σ_w``.

    Parameters
    ----------
    sigma_w : ndarray, shape (n,)
        Increasing.
    chi : ndarray, shape (n,)
        Measured ``χ₁`` (NaN where unknown).

    Returns
    -------
    float
        NaN when no neighbouring pair of finite values goes from below 1 to 1 or above.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        lc = np.log(chi)
    ls = np.log(sigma_w)
    for k in range(1, len(lc)):
        a, b = lc[k - 1], lc[k]
        if np.isfinite(a) and np.isfinite(b) and a < 0.0 <= b:
            t = -a / (b - a)
            return float(np.exp(ls[k - 1] + t * (ls[k] - ls[k - 1])))
    return math.nan


def _batch(cfg: MapConfig) -> tuple[np.ndarray, np.ndarray]:
    ds = load_dataset("gaussian", n=cfg.batch, d=cfg.width, seed=cfg.seed)
    return ds.X.astype(cfg.dtype), ds.y


def _biases(cfg: MapConfig) -> list[np.ndarray]:
    """Standard-normal biases (scaled by ``σ_b`` per map), or zeros when ``σ_b = 0``."""
    if cfg.sigma_b == 0.0:
        return [np.zeros(o, dtype=cfg.dtype) for o in cfg.sizes[1:]]
    rng = np.random.default_rng([cfg.seed, 1])  # a stream apart from the weights' and data's
    return [(rng.standard_normal(o) * cfg.sigma_b).astype(cfg.dtype) for o in cfg.sizes[1:]]


def compute_map(cfg: MapConfig, report=None) -> MapResult | None:
    """Trace one network per ``σ_w`` and reduce each to one column of the map.

    Parameters
    ----------
    cfg : MapConfig
    report : callable, optional
        Called with a :class:`MapProgress` after each ``σ_w``; a return of ``False`` stops
        the computation (the job service's signature).

    Returns
    -------
    MapResult or None
        None when stopped (nobody waits for the map any more).
    """
    X, y = _batch(cfg)
    base = Network.create(cfg.sizes, cfg.activation, "lecun_normal", cfg.seed, dtype=cfg.dtype)
    drawn = base.weights  # N(0, 1/fan_in): scaled by σ_w they are N(0, σ_w²/fan_in)
    scaled = [np.empty_like(w) for w in drawn]
    biases = _biases(cfg)
    sigmas = cfg.sigmas
    depth, n = cfg.depth, cfg.n_sigma
    grad = np.full((depth, n), np.nan)
    std = np.full((depth, n), np.nan)
    gkind = np.zeros((depth, n), dtype=np.int8)
    akind = np.zeros((depth, n), dtype=np.int8)
    for k, s in enumerate(sigmas):
        factor = np.asarray(s, dtype=cfg.dtype)
        for w, out in zip(drawn, scaled):
            np.multiply(w, factor, out=out)
        tr = Network(scaled, biases, cfg.activation).trace(X, y)
        top = _norm(tr.dz[-1])
        for i in range(depth):
            g = _norm(tr.dz[i])
            kind = max(_kind(g), _kind(top))
            gkind[i, k] = kind
            if kind == CellKind.OK:
                grad[i, k] = math.log10(g) - math.log10(top)
            a = _std(tr.a[i])
            akind[i, k] = _kind(a)
            if akind[i, k] == CellKind.OK:
                std[i, k] = a
        del tr
        if report is not None and report(MapProgress(k + 1, n)) is False:
            return None
    chi = measured_chi1(grad, gkind)
    inits = MAP_INITS
    init_sigma = np.array([init_sigma_w(key, cfg.width) for key in inits])
    init_chi = meanfield.mean_field(cfg.activation, init_sigma, cfg.sigma_b).chi1
    arrays = (sigmas, grad, std, gkind, akind, chi, init_sigma)
    for arr in arrays:
        arr.flags.writeable = False
    return MapResult(
        config=cfg,
        sigma_w=sigmas,
        grad_log10=grad,
        act_std=std,
        grad_kind=gkind,
        act_kind=akind,
        chi1_measured=chi,
        sigma_crit_measured=measured_critical(sigmas, chi),
        theory=map_theory(cfg),
        inits=inits,
        init_sigma=init_sigma,
        init_chi1=init_chi,
    )


def signals_state(cfg: MapConfig, key: str) -> dict[str, object]:
    """The sidebar values that open the Signals tab on one initializer of the map.

    Parameters
    ----------
    cfg : MapConfig
        The map on screen: its activation, network, batch and precision are carried over.
    key : str
        One of :data:`MAP_INITS`.

    Returns
    -------
    dict
        Session-state key -> value: ``act``, ``init`` and its parameters (``std``,
        ``limit``, ``gain``), ``layers`` / ``depth`` / ``width``, the Gaussian input of the
        map's width (``data``, ``dim``), ``batch``, ``dtype`` and the single view
        (``mode``). The Signals tab then traces ``Network.create(cfg.sizes, …)`` with that
        initializer: the map's column at :func:`init_sigma_w`.
    """
    spec = parse_init_spec(key)
    return {
        "act": cfg.activation,
        "init": spec.name,
        **spec.kwargs,
        "layers": format_widths((cfg.width,) * cfg.depth),
        "depth": cfg.depth,
        "width": cfg.width,
        "data": "gaussian",
        "dim": cfg.width,
        "batch": cfg.batch,
        "dtype": cfg.dtype,
        "mode": "single",
    }
