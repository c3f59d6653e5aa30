"""Mean-field signal propagation: the fixed point ``q*``, ``χ₁``, the gradient depth scale.

Scope: for a deep fully connected network with weights ``W_ij ~ N(0, σ_w²/n)`` (``n`` the
fan-in) and biases ``b_i ~ N(0, σ_b²)``, the quantities of Poole et al. (2016) and Schoenholz
et al. (2017) that say whether a signal survives depth, computed by Gaussian quadrature with
no sampling:

* the **length map** (Poole et al., section 2): the variance of the pre-activations of layer
  ``l`` given that of layer ``l - 1``::

      q^l = σ_w² E[φ(√q^(l-1) z)²] + σ_b²,      z ~ N(0, 1)

* its **fixed point** ``q*``, the value the iteration settles to from the first layer's
  ``q¹ = σ_w² E[x²] + σ_b²`` (:func:`fixed_point`);
* the **slope** at the fixed point that governs gradients (Poole et al., section 3;
  Schoenholz et al., section 3)::

      χ₁ = σ_w² E[φ'(√q* z)²]

  Back-propagation multiplies the mean squared gradient by ``χ₁`` per layer (Schoenholz et
  al., section 5: ``E[δ_l²] = E[δ_(l+1)²] χ₁`` at equal widths), so gradients vanish for
  ``χ₁ < 1`` (the *ordered* phase) and explode for ``χ₁ > 1`` (the *chaotic* phase); the
  critical line ``χ₁ = 1`` between them is the **edge of chaos** (:func:`critical_sigma_w`);
* the **gradient depth scale** ``ξ∇ = -1/ln χ₁`` (Schoenholz et al., section 5): the mean
  squared gradient changes by a factor ``e`` every ``ξ∇`` layers (:func:`depth_scale`), so
  its norm changes ``10×`` over ``2 ln(10) |ξ∇|`` layers (:func:`layers_per_decade`).

What is assumed (the mean-field approximation of both papers): infinite width, so every
pre-activation is Gaussian (a sum of many independent terms); weights independent of each
other and of the input; and, for gradients, that the weights met on the way back are
independent of those of the forward pass ("gradient independence", Schoenholz et al.,
section 5). At a finite width these hold approximately; the app measures how well.

Quadrature. The expectations ``E[g(√q z)]`` are integrals against the Gaussian density of
variance ``q``. Plain Gauss–Hermite is not used for them: its nodes miss ReLU's kink at 0 and,
for ``q`` in the hundreds, step over the unit-wide region where ``tanh' ≠ 0`` (see
:mod:`explorer.engine.theory`). The same scheme as there is used instead — composite
20-point Gauss–Legendre on panels split at 0 that grow geometrically — but with one fixed set
of panels covering every standard deviation from ``1e-7`` to ``1e7`` (and the unit scale on
which the registry's activations bend), so a whole vector of ``q`` is integrated at once
with one matrix product. Accuracy is near machine precision for the registry's activations
(checked against :func:`explorer.engine.theory.activation_moments` and Monte Carlo in the
tests).

Positively homogeneous activations (``linear``, ``relu``, ``leaky_relu``) have closed forms:
``E[φ(√q z)²] = c q`` and ``E[φ'²] = c`` with ``c = 1, 1/2, (1+α²)/2``. Then
``χ₁ = σ_w² c`` whatever ``q*``, the critical ``σ_w`` is ``1/√c`` (√2 for ReLU, He et al.'s
initialization), and ``q*`` is ``σ_b²/(1 - σ_w² c)`` below it, infinite above it, and (with
``σ_b = 0``) ``q¹`` itself exactly on it. These are used as such: no quadrature, no overflow.

References
----------
.. [1] Poole, Lahiri, Raghu, Sohl-Dickstein, Ganguli (2016). Exponential expressivity in deep
   neural networks through transient chaos. NeurIPS. Section 2 (the length map and its
   fixed point), section 3 (χ₁ and the order-to-chaos transition in the (σ_w, σ_b) plane).
.. [2] Schoenholz, Gilmer, Ganguli, Sohl-Dickstein (2017). Deep information propagation.
   ICLR. Section 3 (q*, χ₁, the critical line), section 5 (gradients: ξ∇ = -1/ln χ₁).
.. [3] He, Zhang, Ren, Sun (2015). Delving deep into rectifiers. ICCV (σ_w² = 2 for ReLU).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from numpy.polynomial.legendre import leggauss

from explorer.engine.activations import ACTIVATIONS, LEAKY_SLOPE
from explorer.engine.checks import QUIET, lookup

__all__ = [
    "HOMOGENEOUS",
    "Q_MAX",
    "Q_MIN",
    "MeanField",
    "chi1",
    "critical_sigma_w",
    "depth_scale",
    "fixed_point",
    "gaussian_moments",
    "layers_per_decade",
    "length_map",
    "mean_field",
]

#: ``E[φ(√q z)²] / q`` (= ``E[φ'(√q z)²]``) of the positively homogeneous activations.
HOMOGENEOUS: dict[str, float] = {
    "linear": 1.0,
    "relu": 0.5,
    "leaky_relu": (1.0 + LEAKY_SLOPE**2) / 2.0,
}
#: The variances the quadrature resolves; a fixed point beyond ``Q_MAX`` is reported as
#: ``inf`` (the signal grows without bound), one below ``Q_MIN`` from the small-q limit.
Q_MIN = 1e-14
Q_MAX = 1e14
_SD_MIN, _SD_MAX = math.sqrt(Q_MIN), math.sqrt(Q_MAX)
_TAIL_SD = 40.0  # panels reach this many standard deviations; the density is 0 beyond
_GRID = np.geomspace(Q_MIN, Q_MAX, 8 * 28 + 1)  # 8 points per decade, to bracket roots


@functools.cache
def _nodes() -> tuple[np.ndarray, np.ndarray]:
    """Positive nodes ``x`` and Gauss–Legendre weights on panels ``[h 2^k, h 2^(k+1)]``.

    The first panel starts at ``min(sd_min, 1)/8`` (and at 0), the last ends beyond
    ``40 sd_max``: every Gaussian of standard deviation ``sd_min .. sd_max`` meets panels a
    few times narrower than both itself and the unit scale of the activations.
    """
    gx, gw = leggauss(20)
    h0 = min(_SD_MIN, 1.0) / 8.0
    k = math.ceil(math.log2(_TAIL_SD * _SD_MAX / h0))
    edges = np.concatenate([[0.0], h0 * 2.0 ** np.arange(k + 1)])
    lo, hi = edges[:-1, None], edges[1:, None]
    x = ((hi - lo) / 2 * gx + (hi + lo) / 2).ravel()
    w = ((hi - lo) / 2 * gw).ravel()
    x.flags.writeable = w.flags.writeable = False
    return x, w


@functools.cache
def _integrands(activation: str) -> tuple[np.ndarray, np.ndarray]:
    """``φ(x)² + φ(-x)²`` and ``φ'(x)² + φ'(-x)²`` at the nodes (symmetric pairs)."""
    act = ACTIVATIONS[activation]
    x, _ = _nodes()
    with np.errstate(**QUIET):
        fp, fm = act.f(x), act.f(-x)
        dp, dm = act.df(x, fp), act.df(-x, fm)
        f2, d2 = fp * fp + fm * fm, dp * dp + dm * dm
    f2.flags.writeable = d2.flags.writeable = False
    return f2, d2


@functools.cache
def _at_zero(activation: str) -> tuple[float, float]:
    """``φ(0)²`` and ``φ'(0)²``: the moments of a point mass at ``z = 0``."""
    act = ACTIVATIONS[activation]
    z = np.zeros(1)
    a = act.f(z)
    return float(a[0] ** 2), float(act.df(z, a)[0] ** 2)


def _quadrature(activation: str, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``E[φ(√q z)²]``, ``E[φ'(√q z)²]`` for ``Q_MIN <= q <= Q_MAX`` (1-D ``q``)."""
    x, w = _nodes()
    f2, d2 = _integrands(activation)
    with np.errstate(under="ignore"):
        dens = w * np.exp(-0.5 * (x / np.sqrt(q)[:, None]) ** 2)  # shape (len(q), nodes)
    total = 2.0 * dens.sum(axis=1)  # normalizes the discretized density exactly
    with np.errstate(over="ignore"):
        return dens @ f2 / total, dens @ d2 / total


def gaussian_moments(activation: str, q) -> tuple[np.ndarray, np.ndarray]:
    """The two Gaussian expectations of mean-field theory.

    Parameters
    ----------
    activation : str
        Key of :data:`explorer.ACTIVATIONS`.
    q : array_like, any shape
        Variances ``q >= 0``; ``0`` gives the point mass at 0 and ``inf`` the limit.

    Returns
    -------
    f2, d2 : ndarray, shape of ``q``
        ``E[φ(√q z)²]`` and ``E[φ'(√q z)²]`` for ``z ~ N(0, 1)``. Closed forms for
        :data:`HOMOGENEOUS` activations; elsewhere quadrature, clipped to
        ``[Q_MIN, Q_MAX]`` except at exactly 0 (and, for ``q = inf``, ``f2`` is ``inf``
        unless ``φ`` is bounded).

    Raises
    ------
    ValueError
        For an unknown activation or a negative or NaN ``q``.
    """
    lookup(ACTIVATIONS, activation, "activation")
    q = np.asarray(q, dtype=float)
    if np.any(~(q >= 0.0)):
        raise ValueError("q must be >= 0 (inf allowed), got a negative or NaN value")
    if activation in HOMOGENEOUS:
        c = HOMOGENEOUS[activation]  # φ' depends on the sign of z only: the same for all q
        return c * q, np.full(q.shape, c)
    flat = q.ravel()
    f2, d2 = np.empty_like(flat), np.empty_like(flat)
    inside = flat > 0.0
    if inside.any():
        qq = np.clip(flat[inside], Q_MIN, Q_MAX)
        f2[inside], d2[inside] = _quadrature(activation, qq)
    f2[~inside], d2[~inside] = _at_zero(activation)
    infinite = np.isinf(flat)
    if infinite.any():  # the limit: φ² grows with q unless φ is bounded
        big, _ = _quadrature(activation, np.array([Q_MAX / 4, Q_MAX]))
        if big[1] > 2.0 * big[0] or big[1] > 1e6:
            f2[infinite] = math.inf
    return f2.reshape(q.shape), d2.reshape(q.shape)


def length_map(activation: str, q, sigma_w, sigma_b=0.0) -> np.ndarray:
    """One step of the length map, ``σ_w² E[φ(√q z)²] + σ_b²`` (Poole et al., section 2).

    Parameters
    ----------
    activation : str
    q, sigma_w, sigma_b : array_like, broadcast together
        The previous layer's variance, the weight and the bias scales.

    Returns
    -------
    ndarray
        The next layer's pre-activation variance.
    """
    f2, _ = gaussian_moments(activation, q)
    sw = np.asarray(sigma_w, dtype=float)
    sb = np.asarray(sigma_b, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(sw == 0.0, 0.0, sw * sw * f2) + sb * sb


def _check_scales(sigma_w, sigma_b) -> tuple[np.ndarray, np.ndarray]:
    sw = np.asarray(sigma_w, dtype=float)
    sb = np.asarray(sigma_b, dtype=float)
    if np.any(~(sw >= 0.0)) or np.any(~np.isfinite(sw)):
        raise ValueError("sigma_w must be finite and >= 0")
    if np.any(~(sb >= 0.0)) or np.any(~np.isfinite(sb)):
        raise ValueError("sigma_b must be finite and >= 0")
    return np.broadcast_arrays(sw, sb)


def _homogeneous_fixed_point(c: float, sw, sb, q1) -> np.ndarray:
    gain = sw * sw * c  # q^(l+1) = gain q^l + σ_b²
    with np.errstate(divide="ignore", invalid="ignore"):
        below = sb * sb / (1.0 - gain)
    edge = np.abs(gain - 1.0) <= 1e-12  # σ_w = √2 for ReLU, up to rounding of σ_w²
    on_edge = np.where(sb == 0.0, q1, np.inf)
    return np.where(edge, on_edge, np.where(gain < 1.0, below, np.inf))


def fixed_point(activation: str, sigma_w, sigma_b=0.0, input_sq: float = 1.0) -> np.ndarray:
    """The fixed point ``q*`` the length map settles to, from the first layer on.

    Parameters
    ----------
    activation : str
        Key of :data:`explorer.ACTIVATIONS`.
    sigma_w, sigma_b : array_like
        Weight and bias scales (``W ~ N(0, σ_w²/n)``, ``b ~ N(0, σ_b²)``), broadcast
        together; ``σ_w, σ_b >= 0``.
    input_sq : float
        ``E[x²]`` of the input; the iteration starts at ``q¹ = σ_w² input_sq + σ_b²``.

    Returns
    -------
    ndarray, broadcast shape
        ``q* = lim q^l``. The map is increasing in ``q`` for the registry's activations, so
        the iteration moves monotonically from ``q¹`` to the nearest fixed point on that
        side: ``0`` when it reaches 0 (tanh and ReLU with ``σ_b = 0`` in the ordered phase),
        ``inf`` when it grows past :data:`Q_MAX` (ReLU above ``√2``).

    Notes
    -----
    The nearest root of ``G(q) = σ_w² E[φ(√q z)²] + σ_b² - q`` in the direction of
    ``sign G(q¹)`` is bracketed on a log grid (8 points per decade over
    ``[Q_MIN, Q_MAX]``) and refined by the Illinois method in ``log q`` to ~1e-13. A root
    below ``Q_MIN`` is given by the small-``q`` limit ``φ(√q z) ≈ φ(0) + φ'(0)√q z``.
    """
    lookup(ACTIVATIONS, activation, "activation")
    sw, sb = _check_scales(sigma_w, sigma_b)
    q1 = sw * sw * float(input_sq) + sb * sb
    if activation in HOMOGENEOUS:
        return _homogeneous_fixed_point(HOMOGENEOUS[activation], sw, sb, q1)
    shape = sw.shape
    sw, sb, q1 = sw.ravel(), sb.ravel(), q1.ravel()
    out = np.empty_like(sw)
    f2_grid = _grid_moments(activation)
    with np.errstate(**QUIET):
        g_grid = (sw * sw)[:, None] * f2_grid + (sb * sb)[:, None] - _GRID  # (n, grid)
    g1 = length_map(activation, q1, sw, sb) - q1
    phi0_sq, dphi0_sq = _at_zero(activation)
    lo, hi = np.full_like(sw, np.nan), np.full_like(sw, np.nan)
    for i in range(len(sw)):
        if q1[i] == 0.0 or g1[i] == 0.0:
            out[i] = q1[i] if g1[i] == 0.0 else length_map(activation, 0.0, sw[i], sb[i])
            continue
        if g1[i] > 0.0:  # grows: the first grid point above q1 where G <= 0
            above = np.flatnonzero((_GRID > q1[i]) & (g_grid[i] <= 0.0))
            if above.size == 0:
                out[i] = math.inf
                continue
            k = above[0]
            lo[i], hi[i] = max(q1[i], _GRID[k - 1] if k else 0.0), _GRID[k]
        else:  # shrinks: the last grid point below q1 where G >= 0
            below = np.flatnonzero((_GRID < q1[i]) & (g_grid[i] >= 0.0))
            if below.size == 0:
                f0 = sw[i] ** 2 * phi0_sq + sb[i] ** 2
                gain = sw[i] ** 2 * dphi0_sq
                out[i] = 0.0 if f0 == 0.0 else f0 / (1.0 - gain) if gain < 1.0 else Q_MIN
                continue
            k = below[-1]
            lo[i], hi[i] = _GRID[k], min(q1[i], _GRID[k + 1] if k + 1 < len(_GRID) else q1[i])
    todo = np.flatnonzero(~np.isnan(lo))
    if todo.size:
        out[todo] = _illinois(activation, sw[todo], sb[todo], lo[todo], hi[todo])
    return out.reshape(shape)


@functools.cache
def _grid_moments(activation: str) -> np.ndarray:
    """``E[φ(√q z)²]`` on the bracketing grid, once per activation."""
    f2, _ = _quadrature(activation, _GRID)
    f2.flags.writeable = False
    return f2


def _illinois(activation, sw, sb, lo, hi, iterations: int = 60) -> np.ndarray:
    """Roots of ``G`` in ``[lo, hi]`` (``G(lo) >= 0 >= G(hi)``), by Illinois in ``log q``."""
    a, b = np.log(lo), np.log(hi)

    def g(t):
        q = np.exp(t)
        return length_map(activation, q, sw, sb) - q

    ga, gb = g(a), g(b)
    side = np.zeros(len(a))
    for _ in range(iterations):
        denom = gb - ga
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.where(denom != 0.0, b - gb * (b - a) / denom, 0.5 * (a + b))
        c = np.where((c > np.minimum(a, b)) & (c < np.maximum(a, b)), c, 0.5 * (a + b))
        gc = g(c)
        left = np.sign(gc) == np.sign(ga)
        # keep the bracket; halve the retained end's value when it is kept twice (Illinois)
        a, ga, b, gb = (
            np.where(left, c, a),
            np.where(left, gc, np.where(side == 1, ga / 2, ga)),
            np.where(left, b, c),
            np.where(left, np.where(side == -1, gb / 2, gb), gc),
        )
        side = np.where(left, -1, 1)
        if np.all((np.abs(b - a) < 1e-13) | (np.abs(gc) <= 1e-13 * np.exp(c))):
            break  # each root to ~1e-13 relative (one end of the bracket may stay put)
    return np.exp(np.where(np.abs(ga) < np.abs(gb), a, b))


def chi1(activation: str, sigma_w, sigma_b=0.0, input_sq: float = 1.0) -> np.ndarray:
    """``χ₁ = σ_w² E[φ'(√q* z)²]`` at the fixed point (Poole et al., section 3).

    Parameters
    ----------
    activation : str
    sigma_w, sigma_b : array_like
    input_sq : float
        See :func:`fixed_point`.

    Returns
    -------
    ndarray, broadcast shape
        The factor by which back-propagation multiplies the mean squared gradient per
        layer; ``σ_w² c`` for :data:`HOMOGENEOUS` activations.
    """
    sw, _ = _check_scales(sigma_w, sigma_b)
    q = fixed_point(activation, sigma_w, sigma_b, input_sq)
    _, d2 = gaussian_moments(activation, q)
    with np.errstate(invalid="ignore", over="ignore"):
        return np.where(sw == 0.0, 0.0, sw * sw * d2)


def depth_scale(chi) -> np.ndarray:
    """The gradient depth scale ``ξ∇ = -1/ln χ₁`` (Schoenholz et al., section 5).

    Parameters
    ----------
    chi : array_like, any shape
        ``χ₁ >= 0``.

    Returns
    -------
    ndarray, the shape of ``chi``
        Positive in the ordered phase (the mean squared gradient shrinks by ``e`` every
        ``ξ∇`` layers), negative in the chaotic one (it grows), ``inf`` at ``χ₁ = 1`` and
        ``0`` at ``χ₁ = 0``.
    """
    c = np.asarray(chi, dtype=float)
    with np.errstate(divide="ignore"):
        log = np.log(c)
    with np.errstate(divide="ignore"):
        return np.where(log == 0.0, np.inf, -1.0 / log)


def layers_per_decade(chi) -> np.ndarray:
    """Layers over which the gradient *norm* changes ``10×``: ``2 ln(10) |ξ∇|``.

    Parameters
    ----------
    chi : array_like
        ``χ₁ >= 0``, as :func:`depth_scale` takes it.

    Returns
    -------
    ndarray
        The shape of ``chi``; ``inf`` at ``χ₁ = 1``; 0 at ``χ₁ = 0``. The norm is the square
        root of the mean squared gradient, hence the factor 2.
    """
    return 2.0 * math.log(10.0) * np.abs(depth_scale(chi))


@dataclass(frozen=True, eq=False)
class MeanField:
    """Mean-field quantities over a set of weight scales.

    Attributes
    ----------
    activation : str
    sigma_w : ndarray, shape (m,)
    sigma_b : float
    q_star : ndarray, shape (m,)
        Fixed point of the length map (``inf`` when it grows without bound).
    chi1 : ndarray, shape (m,)
        ``σ_w² E[φ'(√q* z)²]``.
    xi : ndarray, shape (m,)
        ``-1/ln χ₁`` (:func:`depth_scale`).
    """

    activation: str
    sigma_w: np.ndarray
    sigma_b: float
    q_star: np.ndarray
    chi1: np.ndarray
    xi: np.ndarray


def mean_field(activation: str, sigma_w, sigma_b: float = 0.0, input_sq: float = 1.0):
    """``q*``, ``χ₁`` and ``ξ∇`` for every weight scale in ``sigma_w``.

    Parameters
    ----------
    activation : str
        Key of :data:`explorer.ACTIVATIONS`.
    sigma_w : array_like, shape (m,)
        Weight scales ``>= 0``.
    sigma_b : float
        Bias scale ``>= 0``.
    input_sq : float
        ``E[x²]`` of the input (see :func:`fixed_point`).

    Returns
    -------
    MeanField
    """
    sw = np.atleast_1d(np.asarray(sigma_w, dtype=float))
    q = fixed_point(activation, sw, sigma_b, input_sq)
    chi = chi1(activation, sw, sigma_b, input_sq)
    for arr in (sw, q, chi):
        arr.flags.writeable = False
    xi = depth_scale(chi)
    xi.flags.writeable = False
    return MeanField(activation, sw, float(sigma_b), q, chi, xi)


def critical_sigma_w(
    activation: str, sigma_b: float = 0.0, input_sq: float = 1.0, lo: float = 1e-2, hi: float = 1e3
) -> float:
    """The weight scale of the edge of chaos, where ``χ₁ = 1``.

    Parameters
    ----------
    activation : str
        Key of :data:`explorer.ACTIVATIONS`.
    sigma_b : float
        Bias scale ``>= 0``.
    input_sq : float
        See :func:`fixed_point`.
    lo, hi : float
        Range searched.

    Returns
    -------
    float
        The smallest ``σ_w`` in ``[lo, hi]`` at which ``χ₁`` rises through 1 (to ~1e-12
        relative); ``1/√c`` exactly for :data:`HOMOGENEOUS` activations (√2 for ReLU,
        1 for linear); ``nan`` when ``χ₁`` stays on one side of 1 over the range.

    Notes
    -----
    For an odd ``φ`` with ``σ_b = 0`` (tanh) this is ``1/|φ'(0)|``: below it ``q* = 0`` and
    ``χ₁ = σ_w² φ'(0)²``; above it ``q* > 0`` and ``χ₁ > 1`` (Poole et al., section 3).
    """
    lookup(ACTIVATIONS, activation, "activation")
    if activation in HOMOGENEOUS:
        return math.sqrt(1.0 / HOMOGENEOUS[activation])
    n = max(2, math.ceil(8 * math.log10(hi / lo)) + 1)  # 8 per decade
    grid = np.geomspace(lo, hi, n)
    above = mean_field(activation, grid, sigma_b, input_sq).chi1 >= 1.0
    idx = np.flatnonzero(above)
    if idx.size == 0 or idx[0] == 0:
        return math.nan
    a, b = math.log(grid[idx[0] - 1]), math.log(grid[idx[0]])
    while b - a > 1e-13:  # 16-way section in log σ_w: χ₁(σ_w) need not be smooth at the edge
        t = np.linspace(a, b, 17)[1:-1]
        up = mean_field(activation, np.exp(t), sigma_b, input_sq).chi1 >= 1.0
        k = int(np.argmax(up)) if up.any() else len(t)
        a, b = (t[k - 1] if k else a), (t[k] if k < len(t) else b)
    return math.exp(b)
