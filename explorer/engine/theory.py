"""Per-layer variances predicted by the Glorot (2010) and He (2015) recursions.

Scope: given only the layer sizes, the activation and the initializer (never the drawn
weights), predict for every layer of a freshly initialized network the second moment of the
pre-activations ``z``, the mean / variance / second moment of the hidden activations ``a``,
and the second moments of the back-propagated gradients ``dL/da`` and ``dL/dz``. The app
draws these predictions over the values that :meth:`explorer.Network.trace` measures.

The recursion is the mean-field form of Glorot & Bengio (2010, eq. 5 and 6) and He et al.
(2015, eq. 7-10), with the same indices as :class:`explorer.engine.network.Network` (layer ``l``
maps ``a[l-1]`` to ``z[l] = a[l-1] @ W[l]``, ``l = 0 .. L-1``, the last one feeding the
softmax). The weights of layer ``l`` are zero-mean and independent with variance
``v_l = INITIALIZERS[init].std(n_in_l, n_out_l, **params) ** 2``; the biases are zero. Then

* forward: ``Var[z_l] = n_in_l * v_l * E[a_(l-1)^2]`` (``E[x^2]`` of the input for
  ``l = 0``); ``E[a_l^2] = E[f(z)^2]``, ``E[a_l] = E[f(z)]`` for ``z ~ N(0, Var[z_l])``;
* backward: ``E[da_l^2] = n_out_(l+1) * v_(l+1) * E[dz_(l+1)^2]`` and
  ``E[dz_l^2] = E[da_l^2] * E[f'(z_l)^2]``, anchored at the output layer's ``E[dz_(L-1)^2]``
  (the softmax cross-entropy gradient, which the theory does not predict).

Every moment is per element: the average over units, inputs and the random draw of the
weights. The backward pass uses the usual "gradient independence" assumption (the weights
met on the way back are treated as independent of the forward pass). He's recursion is the
ReLU case (``E[a^2] = Var[z]/2``, ``E[f'^2] = 1/2``); Glorot's is the linear regime
(``f(z) ≈ z``, ``f' ≈ 1``).

How the Gaussian expectations are computed depends on the activation; each prediction says
which in its ``method`` (see :data:`METHODS`):

``"exact"``
    closed forms under a Gaussian ``z``: ``linear``, ``relu``, ``leaky_relu``.
``"linear approximation"``
    first-order Taylor expansion at 0, the regime Glorot & Bengio analyse: ``tanh``
    (``f(z) ≈ z``) and ``sigmoid`` (``f(z) ≈ 1/2 + z/4``). Accurate only while
    ``Var[z] << 1``; ask for ``method="quadrature"`` to leave that regime.
``"Gaussian quadrature (mean field)"``
    numerical integration of ``E[f(z)]``, ``E[f(z)^2]``, ``E[f'(z)^2]`` with the registry's
    own ``f`` and ``f'``; the default for every other activation, available for all.

Overflow is part of what the app shows (ReLU at σ = 100 over 50 layers): the predicted
moments then become ``inf`` and stay ``inf``, with no warning, like the trace they are
compared with. A factor that is exactly zero (zero weights) gives zero even against ``inf``.

References
----------
.. [1] Glorot, Bengio (2010). Understanding the difficulty of training deep feedforward
   neural networks. AISTATS, section 4.2, eq. 5-6.
.. [2] He, Zhang, Ren, Sun (2015). Delving deep into rectifiers: surpassing human-level
   performance on ImageNet classification. ICCV, section 2.2, eq. 7-10 and 13-14.
.. [3] Poole, Lahiri, Raghu, Sohl-Dickstein, Ganguli (2016). Exponential expressivity in deep
   neural networks through transient chaos. NeurIPS (the mean-field form of the recursion).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.polynomial.legendre import leggauss

from explorer.engine.activations import ACTIVATIONS, LEAKY_SLOPE
from explorer.engine.checks import QUIET, check_float, lookup
from explorer.engine.initializers import INITIALIZERS, resolve_params
from explorer.engine.network import validate_sizes

__all__ = [
    "EXACT",
    "LINEAR_APPROXIMATION",
    "METHODS",
    "QUADRATURE",
    "Prediction",
    "predict",
    "predict_for_trace",
    "weight_variances",
]

EXACT = "exact"
LINEAR_APPROXIMATION = "linear approximation"
QUADRATURE = "Gaussian quadrature (mean field)"

_EXACT_KEYS = ("linear", "relu", "leaky_relu")
#: f(z) ≈ c + s z near 0: (c, s) for the activations offered a linear approximation.
_LINEARIZATION = {"tanh": (0.0, 1.0), "sigmoid": (0.5, 0.25), "linear": (0.0, 1.0)}
_DEFAULTS = {
    "linear": EXACT,
    "relu": EXACT,
    "leaky_relu": EXACT,
    "tanh": LINEAR_APPROXIMATION,
    "sigmoid": LINEAR_APPROXIMATION,
}

#: Activation key -> the method ``method="auto"`` uses for it; covers every key of
#: :data:`explorer.ACTIVATIONS` (an activation added later defaults to quadrature).
METHODS: dict[str, str] = {key: _DEFAULTS.get(key, QUADRATURE) for key in ACTIVATIONS}

_METHOD_ARGS = {
    "auto": None,
    "exact": EXACT,
    "linear approximation": LINEAR_APPROXIMATION,
    "quadrature": QUADRATURE,
    QUADRATURE: QUADRATURE,
}

_GL_X, _GL_W = leggauss(20)
#: Panels reach this many standard deviations; the Gaussian weight beyond is exactly 0.
_TAIL_SD = 40.0
#: Variance used to take the limit Var[z] -> inf (see _quadrature_moments).
_BIG_VAR = 1e300


@dataclass(frozen=True, eq=False)
class Prediction:
    """Per-layer moments predicted by the mean-field recursion.

    ``L = len(sizes) - 1`` weight layers; layers ``0 .. L-2`` are hidden, ``L-1`` is the
    output (softmax) layer, whose activation the theory does not model.

    Attributes
    ----------
    activation : str
        Activation key of the hidden layers.
    method : str
        How the Gaussian expectations were computed: ``"exact"``, ``"linear
        approximation"`` or ``"Gaussian quadrature (mean field)"``.
    weight_var : ndarray, shape (L,)
        ``Var[W_l]`` implied by the initializer's formula.
    z_var : ndarray, shape (L,)
        ``Var[z_l] = E[z_l^2]`` (zero mean), every layer including the output.
    a_mean, a_var, a_sq : ndarray, shape (L-1,)
        ``E[a_l]``, ``Var[a_l]`` and ``E[a_l^2]`` of the hidden layers.
    dz_sq : ndarray, shape (L,)
        ``E[(dL/dz_l)^2]``; ``dz_sq[-1]`` is the anchor ``top_grad_sq``.
    da_sq : ndarray, shape (L-1,)
        ``E[(dL/da_l)^2]`` of the hidden layers.
    """

    activation: str
    method: str
    weight_var: np.ndarray
    z_var: np.ndarray
    a_mean: np.ndarray
    a_var: np.ndarray
    a_sq: np.ndarray
    dz_sq: np.ndarray
    da_sq: np.ndarray

    @property
    def z_std(self) -> np.ndarray:
        """``sqrt(z_var)``, shape (L,)."""
        return np.sqrt(self.z_var)

    @property
    def a_std(self) -> np.ndarray:
        """``sqrt(a_var)``, shape (L-1,): the standard deviation of each hidden layer."""
        return np.sqrt(self.a_var)


def _check_method(activation: str, method: str) -> str:
    """The method label used for ``activation``, or a ValueError naming the allowed ones."""
    lookup(ACTIVATIONS, activation, "activation")
    label = lookup(_METHOD_ARGS, method, "method") or METHODS[activation]
    if label == EXACT and activation not in _EXACT_KEYS:
        raise ValueError(
            f"method 'exact' has closed forms for {', '.join(_EXACT_KEYS)} only, "
            f"got {activation!r}; use 'quadrature'"
        )
    if label == LINEAR_APPROXIMATION and activation not in _LINEARIZATION:
        raise ValueError(
            f"method 'linear approximation' is offered for {', '.join(_LINEARIZATION)} only, "
            f"got {activation!r}; use 'quadrature'"
        )
    return label


def _closed_form(activation: str, v: float) -> tuple[float, float, float, float]:
    """(E f, E f², Var f, E f'²) in closed form for z ~ N(0, v); v may be inf."""
    if activation == "linear":
        return 0.0, v, v, 1.0
    alpha = 0.0 if activation == "relu" else LEAKY_SLOPE
    k = (1.0 + alpha * alpha) / 2.0
    m = (1.0 - alpha) / math.sqrt(2.0 * math.pi)  # E f = m * sqrt(v)
    return m * math.sqrt(v), k * v, (k - m * m) * v, k


def _linearized(activation: str, v: float) -> tuple[float, float, float, float]:
    """(E f, E f², Var f, E f'²) for f(z) ≈ c + s z, z ~ N(0, v)."""
    c, s = _LINEARIZATION[activation]
    return c, c * c + s * s * v, s * s * v, s * s


def _nodes(sd: float) -> tuple[np.ndarray, np.ndarray]:
    """Positive quadrature nodes and weights for the N(0, sd²) density on each half-line.

    Composite 20-point Gauss-Legendre on panels split at 0 (where ReLU-like functions have
    their kink) that start at ``min(sd, 1)/8`` and double up to ``40 sd``: they resolve both
    the Gaussian's scale ``sd`` and the unit scale on which the registry's activations bend,
    whatever the ratio of the two. The weights are normalized so that ``2 * w.sum() == 1``.

    Plain Gauss-Hermite (``hermegauss``, 100 nodes) is not used: it misses ReLU's mean by
    0.3 % (the kink at 0), and at ``Var[z] = 256`` (tanh with N(0, 1) weights, width 256)
    its nodes step over the unit-wide region where ``tanh' != 0``, giving ``E[f'^2]`` =
    1.7e-4 instead of 0.033.
    """
    h0 = min(sd, 1.0) / 8.0
    k = math.ceil(math.log2(_TAIL_SD * sd / h0))
    edges = np.concatenate([[0.0], h0 * 2.0 ** np.arange(k + 1)])
    lo, hi = edges[:-1, None], edges[1:, None]
    z = ((hi - lo) / 2 * _GL_X + (hi + lo) / 2).ravel()
    w = ((hi - lo) / 2 * _GL_W).ravel() * np.exp(-0.5 * (z / sd) ** 2)
    return z, w / (2.0 * w.sum())


def _scaled_sq(p: np.ndarray, q: np.ndarray, w: np.ndarray) -> float:
    """``sum(w * (p**2 + q**2))`` without overflowing the squares of large values."""
    c = max(float(np.max(np.abs(p))), float(np.max(np.abs(q))))
    if c == 0.0 or not math.isfinite(c):
        return float(np.sum(w * (p * p + q * q)))
    r = c * math.sqrt(float(np.sum(w * ((p / c) ** 2 + (q / c) ** 2))))
    return r * r  # may overflow to inf; a Python float ** would raise instead


def _quadrature_finite(activation: str, v: float) -> tuple[float, float, float, float]:
    act = ACTIVATIONS[activation]
    if v == 0.0:  # a point mass at z = 0
        z = np.zeros(1)
        a = act.f(z)
        d = act.df(z, a)
        return float(a[0]), float(a[0] ** 2), 0.0, float(d[0] ** 2)
    z, w = _nodes(math.sqrt(v))
    fp, fm = act.f(z), act.f(-z)
    dp, dm = act.df(z, fp), act.df(-z, fm)
    mean = float(np.sum(w * (fp + fm)))  # symmetric pairs: exactly 0 for odd f
    sq = _scaled_sq(fp, fm, w)
    var = _scaled_sq(fp - mean, fm - mean, w)
    return mean, sq, var, float(np.sum(w * (dp * dp + dm * dm)))


def _quadrature_moments(activation: str, v: float) -> tuple[float, float, float, float]:
    """(E f, E f², Var f, E f'²) for z ~ N(0, v) by quadrature; v may be inf.

    For ``v = inf`` the limit is taken: the moments at ``v = 1e300`` are kept where they
    converge (bounded activations) and replaced by ``±inf`` where they grow with ``v``
    (``E f² / v`` or ``E f / sqrt(v)`` not vanishing).
    """
    if math.isfinite(v):
        return _quadrature_finite(activation, v)
    mean, sq, var, dsq = _quadrature_finite(activation, _BIG_VAR)
    sd = math.sqrt(_BIG_VAR)
    if sq / _BIG_VAR > 1e-12:
        sq = var = math.inf
    if abs(mean) / sd > 1e-6:
        mean = math.copysign(math.inf, mean)
    return mean, sq, var, dsq


def _moments(activation: str, label: str, v: float) -> tuple[float, float, float, float]:
    """``(E f, E f², Var f, E f'²)`` for ``z ~ N(0, v)`` with the method ``label``.

    ``v`` may be ``inf`` (the limit) or NaN (NaN moments). Quadrature is composite
    Gauss-Legendre on panels that resolve both ``sqrt(v)`` and the unit scale of ``f`` (so
    ReLU's kink and a saturated tanh are integrated to near machine precision), using the
    registry's ``f`` and ``df``.
    """
    if math.isnan(v):  # from a NaN anchor: NaN moments, no warning
        return (math.nan,) * 4
    with np.errstate(**QUIET):
        if label == EXACT:
            return _closed_form(activation, v)
        if label == LINEAR_APPROXIMATION:
            return _linearized(activation, v)
        return _quadrature_moments(activation, v)


def _mul(x: float, y: float) -> float:
    """``x * y`` where an exact zero wins over ``inf`` (zero weights pass nothing)."""
    if x == 0.0 or y == 0.0:
        return 0.0
    return x * y


def weight_variances(
    sizes: Sequence[int], init: str, init_params: Mapping[str, float] | None = None
) -> np.ndarray:
    """``Var[W_l]`` of every layer as the initializer's formula gives it.

    Parameters
    ----------
    sizes : sequence of int
        ``(n_in, h_1, ..., n_out)``, ``L = len(sizes) - 1`` weight layers.
    init : str
        Key of :data:`explorer.INITIALIZERS`.
    init_params : mapping or None
        The initializer's parameters (defaults filled in by ``resolve_params``).

    Returns
    -------
    ndarray, shape (L,)
        ``INITIALIZERS[init].std(sizes[l], sizes[l+1], **params) ** 2``.
    """
    sizes = validate_sizes(sizes)
    initializer = lookup(INITIALIZERS, init, "init")
    params = resolve_params(init, init_params)
    return np.array(
        [float(initializer.std(fi, fo, **params)) ** 2 for fi, fo in itertools.pairwise(sizes)]
    )


def _check_moment(name: str, value: float) -> float:
    """A second moment: a number >= 0 or ``inf``; NaN passes (an overflowed trace's anchor)."""
    if isinstance(value, float | np.floating) and math.isnan(value):
        return math.nan
    return check_float(name, value, 0.0)


def predict(
    sizes: Sequence[int],
    activation: str,
    init: str,
    init_params: Mapping[str, float] | None = None,
    input_sq: float = 1.0,
    top_grad_sq: float = 1.0,
    method: str = "auto",
) -> Prediction:
    """Predict per-layer moments of a freshly initialized network.

    Parameters
    ----------
    sizes : sequence of int
        ``(n_in, h_1, ..., n_out)``; ``L = len(sizes) - 1`` weight layers.
    activation : str
        Hidden activation, a key of :data:`explorer.ACTIVATIONS`.
    init : str
        Key of :data:`explorer.INITIALIZERS`, used by every layer (as ``Network.create``).
    init_params : mapping or None
        The initializer's parameters, e.g. ``{"std": 1.0}`` for ``normal``.
    input_sq : float
        ``E[x^2]`` of the input, per element (1 for standard normal inputs). ``inf`` is
        allowed and propagates; NaN propagates too.
    top_grad_sq : float
        ``E[(dL/dz_(L-1))^2]`` per element of the output layer's gradient, the anchor of
        the backward recursion (the predicted ``dz_sq`` scale linearly with it).
    method : {"auto", "exact", "linear approximation", "quadrature"}
        How Gaussian expectations are computed; ``"auto"`` uses :data:`METHODS`.

    Returns
    -------
    Prediction
        With arrays of shape ``(L,)`` (``weight_var``, ``z_var``, ``dz_sq``) and ``(L-1,)``
        (``a_mean``, ``a_var``, ``a_sq``, ``da_sq``).

    Raises
    ------
    ValueError
        For invalid sizes, an unknown activation, initializer, parameter or method (naming
        the allowed values), or a negative ``input_sq`` / ``top_grad_sq``.

    Notes
    -----
    Forward, for ``l = 0 .. L-1`` (``E[a_(-1)^2] = input_sq``)::

        Var[z_l]  = sizes[l] * v_l * E[a_(l-1)^2]
        E[a_l^k]  = E[f(z)^k],  z ~ N(0, Var[z_l])          (hidden layers, k = 1, 2)

    Backward, for ``l = L-2 .. 0`` (``E[dz_(L-1)^2] = top_grad_sq``)::

        E[da_l^2] = sizes[l+2] * v_(l+1) * E[dz_(l+1)^2]
        E[dz_l^2] = E[da_l^2] * E[f'(z)^2],  z ~ N(0, Var[z_l])

    With ReLU this is He et al.'s eq. 7 and 13: for the hidden layers,
    ``a_sq[l] / a_sq[0] = prod_{k=1..l} (1/2) sizes[k] v_k`` (their eq. 9; the first layer,
    whose input is not rectified, is the reference), 1 for every layer with ``he_normal``
    and ``2**-l`` with ``lecun_normal`` (the lecture's "Xavier"). For a ``linear`` net it is
    Glorot & Bengio's eq. 5 and 6 (the linear regime)::

        z_var[l] / input_sq     = prod_{k=0..l}     sizes[k] v_k
        dz_sq[l] / top_grad_sq  = prod_{k=l+1..L-1} sizes[k+1] v_k

    (eq. 6 as printed runs its product from ``i' = i``; the chain rule links ``dz_l`` to the
    top through ``W_(l+1) .. W_(L-1)`` only). Both are 1 for every layer with ``xavier_*``
    and equal widths.

    References
    ----------
    .. [1] Glorot, Bengio (2010). Understanding the difficulty of training deep feedforward
       neural networks. AISTATS.
    .. [2] He, Zhang, Ren, Sun (2015). Delving deep into rectifiers. ICCV.

    Examples
    --------
    >>> p = predict((784, 256, 256, 10), "relu", "he_normal")
    >>> p.a_sq.round(6).tolist()
    [1.0, 1.0]
    """
    sizes = validate_sizes(sizes)
    label = _check_method(activation, method)
    weight_var = weight_variances(sizes, init, init_params)
    x_sq = _check_moment("input_sq", input_sq)
    top = _check_moment("top_grad_sq", top_grad_sq)
    L = len(sizes) - 1
    z_var = np.zeros(L)
    a_mean, a_sq, a_var, d_sq = (np.zeros(L - 1) for _ in range(4))
    dz_sq, da_sq = np.zeros(L), np.zeros(L - 1)
    sq = x_sq
    for i in range(L):
        z_var[i] = _mul(float(sizes[i] * weight_var[i]), sq)
        if i < L - 1:
            a_mean[i], a_sq[i], a_var[i], d_sq[i] = _moments(activation, label, float(z_var[i]))
            sq = float(a_sq[i])
    dz_sq[-1] = top
    for i in range(L - 2, -1, -1):
        da_sq[i] = _mul(float(sizes[i + 2] * weight_var[i + 1]), float(dz_sq[i + 1]))
        dz_sq[i] = _mul(float(da_sq[i]), float(d_sq[i]))
    arrays = (weight_var, z_var, a_mean, a_var, a_sq, dz_sq, da_sq)
    for arr in arrays:
        arr.flags.writeable = False
    return Prediction(activation, label, *arrays)


def _mean_sq(x) -> float:
    """``mean(x**2)`` in float64 without overflow warnings (``inf`` if it truly overflows)."""
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        raise ValueError("cannot anchor a prediction on an empty array")
    with np.errstate(**QUIET):
        c = float(np.max(np.abs(x)))
        if c == 0.0 or not math.isfinite(c):  # all zero, or holds inf / NaN
            return float(np.mean(x * x))
        r = c * math.sqrt(float(np.mean((x / c) ** 2)))
        return r * r  # inf if it truly overflows (``r ** 2`` would raise OverflowError)


def predict_for_trace(
    sizes: Sequence[int],
    activation: str,
    init: str,
    X,
    trace,
    init_params: Mapping[str, float] | None = None,
    method: str = "auto",
) -> Prediction:
    """:func:`predict` anchored on a measured trace, to draw theory over measurement.

    Parameters
    ----------
    sizes, activation, init, init_params, method
        As for :func:`predict`; they should be those the network was created with.
    X : array_like, shape (n, sizes[0])
        The input the trace was computed on; anchors ``input_sq = mean(X**2)``.
    trace : explorer.Trace
        From ``Network.trace(X, y)``; anchors ``top_grad_sq = mean(trace.dz[-1]**2)``.
        If the trace overflowed (NaN in ``dz[-1]``) the backward prediction is NaN too.

    Returns
    -------
    Prediction

    Raises
    ------
    ValueError
        If ``X`` or ``trace`` do not have the shapes ``sizes`` implies, or as :func:`predict`.
    """
    sizes = validate_sizes(sizes)
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != sizes[0]:
        raise ValueError(f"X must have shape (n, {sizes[0]}), got {X.shape}")
    L = len(sizes) - 1
    dz = list(getattr(trace, "dz", None) or [])
    if len(dz) != L or any(np.shape(d)[-1] != s for d, s in zip(dz, sizes[1:])):
        raise ValueError(f"trace does not match sizes {sizes}")
    return predict(
        sizes,
        activation,
        init,
        init_params=init_params,
        input_sq=_mean_sq(X),
        top_grad_sq=_mean_sq(dz[-1]),
        method=method,
    )
