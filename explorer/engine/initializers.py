"""Weight initializers: name -> how to draw ``W`` of shape ``(fan_in, fan_out)``.

Each entry of :data:`INITIALIZERS` is an :class:`Initializer` that carries, beside the
sampler itself, everything the app shows about it: its LaTeX formula, the standard deviation
(or uniform bound) it implies as a function of ``fan_in`` and ``fan_out``, the paper it comes
from, and its parameters with their allowed ranges (so the UI can offer inputs).

All samplers draw in float64 from the one :class:`numpy.random.Generator` they are given, so
the same seed gives the same weights, whatever dtype the network is cast to afterwards.
Biases are not drawn here: every network starts with zero biases.

A note on names. The lecture (Sung Kim, "모두를 위한 딥러닝", lecture 10-2, "Initialize
weights in a smart way") labels ``randn(fan_in, fan_out) / sqrt(fan_in)`` as "Xavier
initialization (Glorot et al. 2010)". That formula is LeCun's (LeCun et al. 1998, "Efficient
BackProp"); Glorot & Bengio's normalized initialization uses ``fan_in + fan_out``. Here the
notes' formula is ``lecun_normal`` and the paper's are ``xavier_*``.

References
----------
.. [1] LeCun, Bottou, Orr, Müller (1998). Efficient BackProp. In Neural Networks: Tricks of
   the Trade.
.. [2] Glorot, Bengio (2010). Understanding the difficulty of training deep feedforward
   neural networks. AISTATS.
.. [3] He, Zhang, Ren, Sun (2015). Delving deep into rectifiers. ICCV.
.. [4] Saxe, McClelland, Ganguli (2014). Exact solutions to the nonlinear dynamics of
   learning in deep linear neural networks. ICLR.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from explorer.engine.checks import check_float, lookup

__all__ = [
    "INITIALIZERS",
    "TRUNCATION_SD",
    "Initializer",
    "Param",
    "resolve_params",
    "truncated_std_factor",
]

#: The prettytensor / TensorFlow truncated normal re-draws values beyond 2 standard deviations.
TRUNCATION_SD = 2.0


@dataclass(frozen=True)
class Param:
    """A numeric parameter of an initializer, with its allowed range.

    Attributes
    ----------
    name : str
        Keyword passed to the sampler.
    default, minimum, maximum : float
        Default value and inclusive bounds.
    label : str
        Short label for the UI.
    """

    name: str
    default: float
    minimum: float
    maximum: float
    label: str


@dataclass(frozen=True)
class Initializer:
    """A weight initializer.

    Attributes
    ----------
    name : str
        Registry key.
    label : str
        Human-readable name.
    kind : str
        Distribution family: ``"constant"``, ``"normal"``, ``"uniform"``, ``"truncated"`` or
        ``"orthogonal"``.
    sample : callable
        ``sample(rng, fan_in, fan_out, **params) -> ndarray (fan_in, fan_out)``, float64.
    std : callable
        ``std(fan_in, fan_out, **params) -> float``: the standard deviation of the entries of
        ``W`` that the formula implies (for the truncated normal, after truncation).
    limit : callable or None
        ``limit(fan_in, fan_out, **params) -> float``: bound of a uniform (|W| <= limit) or of
        a truncated normal; ``None`` for unbounded families.
    formula : str
        LaTeX shown by ``st.latex``.
    reference : str
        The paper it comes from.
    note : str
        One line on when to use it, or how it relates to the lecture.
    params : tuple of Param
        Its numeric parameters.
    """

    name: str
    label: str
    kind: str
    sample: Callable[..., np.ndarray]
    std: Callable[..., float]
    limit: Callable[..., float] | None
    formula: str
    reference: str
    note: str
    params: tuple[Param, ...] = ()


def truncated_std_factor(c: float = TRUNCATION_SD) -> float:
    """Std of a standard normal truncated to ``[-c, c]``.

    Parameters
    ----------
    c : float
        Truncation point in standard deviations.

    Returns
    -------
    float
        ``sqrt(1 - 2 c phi(c) / (2 Phi(c) - 1))``; about 0.8796 for ``c = 2``.
    """
    phi = math.exp(-0.5 * c * c) / math.sqrt(2.0 * math.pi)
    mass = math.erf(c / math.sqrt(2.0))  # = 2 Phi(c) - 1
    return math.sqrt(1.0 - 2.0 * c * phi / mass)


def _normal(rng, fan_in, fan_out, std):
    return rng.standard_normal((fan_in, fan_out)) * std


def _uniform(rng, fan_in, fan_out, limit):
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def _truncated(rng, fan_in, fan_out, std, c=TRUNCATION_SD):
    w = rng.standard_normal((fan_in, fan_out))
    bad = np.abs(w) > c
    while bad.any():  # re-draw values beyond c standard deviations, as TensorFlow does
        w[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(w) > c
    return w * std


def _orthogonal(rng, fan_in, fan_out, gain):
    # QR of a Gaussian matrix, with the sign of diag(R) folded in so Q is Haar-distributed
    # (Mezzadri 2007). Q has orthonormal columns when fan_in >= fan_out, rows otherwise.
    rows, cols = max(fan_in, fan_out), min(fan_in, fan_out)
    a = rng.standard_normal((rows, cols))
    q, r = np.linalg.qr(a)
    d = np.sign(np.diag(r))
    d[d == 0] = 1.0
    q = q * d
    if fan_in < fan_out:
        q = q.T
    return gain * q


def _xavier_normal_std(fan_in, fan_out):
    return math.sqrt(2.0 / (fan_in + fan_out))


def _xavier_limit(fan_in, fan_out):
    return math.sqrt(6.0 / (fan_in + fan_out))


def _xavier_trunc_sigma(fan_in, fan_out):
    return math.sqrt(3.0 / (fan_in + fan_out))


_STD_PARAM = Param("std", 0.01, 1e-4, 100.0, "std σ")
_LIMIT_PARAM = Param("limit", 0.05, 1e-4, 100.0, "limit a")
_GAIN_PARAM = Param("gain", 1.0, 0.01, 10.0, "gain g")

INITIALIZERS: dict[str, Initializer] = {
    i.name: i
    for i in (
        Initializer(
            "zeros",
            "Zeros",
            "constant",
            lambda rng, fi, fo: np.zeros((fi, fo)),
            lambda fi, fo: 0.0,
            None,
            r"W = 0",
            "The lecture's first (failed) attempt.",
            "Every hidden unit computes the same thing and gets the same update: "
            "the gradients reaching the hidden weights are exactly zero.",
        ),
        Initializer(
            "normal",
            "Random normal N(0, σ²)",
            "normal",
            lambda rng, fi, fo, std: _normal(rng, fi, fo, std),
            lambda fi, fo, std: float(std),
            None,
            r"W_{ij} \sim \mathcal{N}(0,\ \sigma^2)",
            "CS231n (Karpathy), 'Weight initialization': small (σ = 0.01) and large (σ = 1).",
            "A fixed σ ignores the layer width: too small and signals shrink layer by layer, "
            "too large and they explode or saturate.",
            (_STD_PARAM,),
        ),
        Initializer(
            "uniform",
            "Random uniform U(−a, a)",
            "uniform",
            lambda rng, fi, fo, limit: _uniform(rng, fi, fo, limit),
            lambda fi, fo, limit: float(limit) / math.sqrt(3.0),
            lambda fi, fo, limit: float(limit),
            r"W_{ij} \sim \mathcal{U}(-a,\ a),\quad \operatorname{sd} = a/\sqrt{3}",
            "A fixed-width uniform: the same a in every layer.",
            "Like the fixed normal, its scale does not follow the layer width.",
            (_LIMIT_PARAM,),
        ),
        Initializer(
            "standard_uniform",
            "Standard uniform U(±1/√n_in) (Glorot's baseline)",
            "uniform",
            lambda rng, fi, fo: _uniform(rng, fi, fo, 1.0 / math.sqrt(fi)),
            lambda fi, fo: 1.0 / math.sqrt(3.0 * fi),
            lambda fi, fo: 1.0 / math.sqrt(fi),
            r"W \sim \mathcal{U}\left(-\frac{1}{\sqrt{n_{in}}},\ \frac{1}{\sqrt{n_{in}}}\right),"
            r"\quad \operatorname{Var}[W] = \frac{1}{3 n_{in}}",
            "Glorot & Bengio (2010), eq. 1: the 'commonly used heuristic' they compare against.",
            "Its variance 1/(3 n_in) is a third of what keeps signals constant, so back-propagated "
            "gradients shrink towards the input layers.",
        ),
        Initializer(
            "lecun_normal",
            "LeCun normal (the lecture's 'Xavier')",
            "normal",
            lambda rng, fi, fo: rng.standard_normal((fi, fo)) / math.sqrt(fi),
            lambda fi, fo: 1.0 / math.sqrt(fi),
            None,
            r"W = \frac{\mathrm{randn}(n_{in}, n_{out})}{\sqrt{n_{in}}},"
            r"\quad \operatorname{Var}[W] = \frac{1}{n_{in}}",
            "LeCun, Bottou, Orr, Müller (1998). Efficient BackProp.",
            "This is the code the lecture calls Xavier: it divides by sqrt(fan_in) only. "
            "Glorot & Bengio's formula uses fan_in + fan_out (see xavier_*).",
        ),
        Initializer(
            "lecun_uniform",
            "LeCun uniform",
            "uniform",
            lambda rng, fi, fo: _uniform(rng, fi, fo, math.sqrt(3.0 / fi)),
            lambda fi, fo: 1.0 / math.sqrt(fi),
            lambda fi, fo: math.sqrt(3.0 / fi),
            r"W \sim \mathcal{U}\left(-\sqrt{3/n_{in}},\ \sqrt{3/n_{in}}\right)",
            "LeCun, Bottou, Orr, Müller (1998). Efficient BackProp.",
            "The uniform with LeCun's variance 1/fan_in.",
        ),
        Initializer(
            "xavier_uniform",
            "Xavier/Glorot uniform",
            "uniform",
            lambda rng, fi, fo: _uniform(rng, fi, fo, _xavier_limit(fi, fo)),
            lambda fi, fo: _xavier_limit(fi, fo) / math.sqrt(3.0),
            _xavier_limit,
            r"W \sim \mathcal{U}\left(-\sqrt{\frac{6}{n_{in}+n_{out}}},"
            r"\ \sqrt{\frac{6}{n_{in}+n_{out}}}\right)",
            "Glorot & Bengio (2010). Understanding the difficulty of training deep "
            "feedforward neural networks. AISTATS, eq. 16.",
            "The paper's 'normalized initialization'; prettytensor's xavier_init(uniform=True).",
        ),
        Initializer(
            "xavier_normal",
            "Xavier/Glorot normal",
            "normal",
            lambda rng, fi, fo: rng.standard_normal((fi, fo)) * _xavier_normal_std(fi, fo),
            _xavier_normal_std,
            None,
            r"W \sim \mathcal{N}\left(0,\ \frac{2}{n_{in}+n_{out}}\right)",
            "Glorot & Bengio (2010), AISTATS: Var[W] = 2 / (n_in + n_out), eq. 12.",
            "The compromise between keeping forward (1/n_in) and backward (1/n_out) "
            "variances constant.",
        ),
        Initializer(
            "xavier_truncated",
            "Xavier truncated normal (prettytensor)",
            "truncated",
            lambda rng, fi, fo: _truncated(rng, fi, fo, _xavier_trunc_sigma(fi, fo)),
            lambda fi, fo: _xavier_trunc_sigma(fi, fo) * truncated_std_factor(),
            lambda fi, fo: TRUNCATION_SD * _xavier_trunc_sigma(fi, fo),
            r"W \sim \mathcal{N}_{[-2\sigma,\,2\sigma]}\left(0,\ \sigma^2\right),"
            r"\quad \sigma = \sqrt{\frac{3}{n_{in}+n_{out}}}",
            "prettytensor xavier_init(uniform=False), after Glorot & Bengio (2010).",
            "Values beyond 2σ are re-drawn, so the standard deviation is 0.88σ ≈ "
            "sqrt(2.32/(in+out)), close to the paper's variance.",
        ),
        Initializer(
            "he_normal",
            "He normal (Kaiming)",
            "normal",
            lambda rng, fi, fo: rng.standard_normal((fi, fo)) / math.sqrt(fi / 2.0),
            lambda fi, fo: math.sqrt(2.0 / fi),
            None,
            r"W = \frac{\mathrm{randn}(n_{in}, n_{out})}{\sqrt{n_{in}/2}},"
            r"\quad \operatorname{Var}[W] = \frac{2}{n_{in}}",
            "He, Zhang, Ren, Sun (2015). Delving deep into rectifiers. ICCV, eq. 10.",
            "ReLU zeroes half of its inputs, so the variance is doubled to compensate: "
            "Var[y_l] = ½·n_l·Var[w_l]·Var[y_(l-1)] stays constant.",
        ),
        Initializer(
            "he_uniform",
            "He uniform",
            "uniform",
            lambda rng, fi, fo: _uniform(rng, fi, fo, math.sqrt(6.0 / fi)),
            lambda fi, fo: math.sqrt(2.0 / fi),
            lambda fi, fo: math.sqrt(6.0 / fi),
            r"W \sim \mathcal{U}\left(-\sqrt{6/n_{in}},\ \sqrt{6/n_{in}}\right)",
            "He, Zhang, Ren, Sun (2015). Delving deep into rectifiers. ICCV.",
            "The uniform with He's variance 2/fan_in.",
        ),
        Initializer(
            "orthogonal",
            "Orthogonal",
            "orthogonal",
            lambda rng, fi, fo, gain: _orthogonal(rng, fi, fo, gain),
            lambda fi, fo, gain: float(gain) / math.sqrt(max(fi, fo)),
            None,
            r"W = g\,Q,\quad Q^\top Q = I \ (\text{or } Q Q^\top = I)",
            "Saxe, McClelland, Ganguli (2014). Exact solutions to the nonlinear dynamics of "
            "learning in deep linear neural networks. ICLR.",
            "All singular values equal g: with g = 1 a linear net neither shrinks nor "
            "stretches signals. "
            "Use g = √2 for ReLU.",
            (_GAIN_PARAM,),
        ),
    )
}


def resolve_params(name: str, params: Mapping[str, float] | None = None) -> dict[str, float]:
    """Fill in defaults and validate an initializer's parameters.

    Parameters
    ----------
    name : str
        Initializer key.
    params : mapping or None
        Parameter values; missing ones take their defaults.

    Returns
    -------
    dict
        Every parameter of the initializer, as floats.

    Raises
    ------
    ConfigError
        For an unknown initializer (key ``"choice"``), or a value that is not a number in
        its range (``"float_range"``).
    ValueError
        For an unknown parameter.
    """
    init = lookup(INITIALIZERS, name, "init")
    params = dict(params or {})
    allowed = {p.name: p for p in init.params}
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        takes = f"parameters {', '.join(sorted(allowed))}" if allowed else "no parameters"
        raise ValueError(f"{name} takes {takes}, got unknown {', '.join(unknown)}")
    return {
        p.name: check_float(f"{name}.{p.name}", params.get(p.name, p.default), p.minimum, p.maximum)
        for p in init.params
    }
