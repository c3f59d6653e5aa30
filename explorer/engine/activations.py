"""Activation functions and their derivatives.

Each entry of :data:`ACTIVATIONS` is an :class:`Activation` holding the function ``f(z)`` and
its derivative ``df(z, a)``. The derivative receives both the pre-activation ``z`` and the
activation ``a = f(z)`` recorded on the forward pass, so the cheap forms are used where they
exist (``a * (1 - a)`` for the sigmoid, ``1 - a**2`` for tanh), as in scikit-learn's
``neural_network/_base.py``.

Every function is written to be numerically stable on float32 and float64 for any finite
input: no ``exp`` of a large positive number is ever evaluated, so ``sigmoid(1e4)`` raises no
overflow warning.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["ACTIVATIONS", "Activation"]

LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0
# Klambauer et al. (2017), eq. 14: the fixed point (mean 0, variance 1) constants.
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
_GELU_C = math.sqrt(2.0 / math.pi)


@dataclass(frozen=True)
class Activation:
    """An element-wise activation function.

    Attributes
    ----------
    name : str
        Registry key.
    label : str
        Human-readable name.
    f : callable
        ``f(z) -> a``, arrays of any shape, same shape and dtype out.
    df : callable
        ``df(z, a) -> da/dz``, element-wise derivative given ``z`` and ``a = f(z)``.
    formula : str
        LaTeX of ``f``.
    gain : float
        Recommended gain for this nonlinearity (as in PyTorch's ``calculate_gain``): the
        factor by which orthogonal or variance-scaling initializers are multiplied.
    f_out : callable or None
        ``f_out(z, out)`` writes ``f(z)`` into the preallocated ``out`` (same values as
        ``f``), for activations with a one-ufunc form; ``None`` otherwise.
    backprop_out : callable or None
        ``backprop_out(da, z, a, out)``, a faster form of ``da * df(z, a)`` with the same
        values; ``None`` otherwise.
    """

    name: str
    label: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: str
    gain: float
    f_out: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    backprop_out: Callable[..., np.ndarray] | None = None

    def apply(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """``f(z)``, written into ``out`` when given.

        Parameters
        ----------
        z : ndarray, any shape
        out : ndarray, shape and dtype of ``z``, optional

        Returns
        -------
        ndarray
            ``out`` if given, else a new array.
        """
        if out is None:
            return self.f(z)
        if self.f_out is not None:
            return self.f_out(z, out)
        np.copyto(out, self.f(z))
        return out

    def backprop(self, da: np.ndarray, z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None):
        """The chain rule through the activation: ``da * df(z, a)``.

        Parameters
        ----------
        da : ndarray, shape (n, k)
            Gradient of the loss with respect to ``a``.
        z, a : ndarray, shape (n, k)
            Pre-activation and activation of the forward pass.
        out : ndarray, shape (n, k), optional
            Where to write the result.

        Returns
        -------
        ndarray, shape (n, k)
            ``dz``, bit-identical to ``da * df(z, a)``.
        """
        if self.backprop_out is not None:
            return self.backprop_out(da, z, a, out)
        return np.multiply(da, self.df(z, a), out=out)


def _sigmoid(z):
    # exp(-|z|) never overflows; both branches of the usual piecewise form in one expression.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False)


def _sigmoid_d(z, a):
    return a * (1.0 - a)


def _tanh(z):
    return np.tanh(z)


def _tanh_d(z, a):
    return 1.0 - a * a


def _relu(z):
    return np.maximum(z, 0.0, dtype=z.dtype)


def _relu_out(z, out):
    return np.maximum(z, 0.0, out=out)


def _tanh_out(z, out):
    return np.tanh(z, out=out)


def _relu_backprop(da, z, a, out):
    # da * (z > 0) with the boolean mask cast on the fly: the same products as multiplying by
    # the float derivative, one temporary array fewer.
    return np.multiply(da, z > 0, out=out)


def _relu_d(z, a):
    return (z > 0).astype(z.dtype)


def _leaky(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z).astype(z.dtype, copy=False)


def _leaky_d(z, a):
    return np.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype)


def _elu(z):
    # expm1 of min(z, 0): no overflow for large positive z.
    return np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0))).astype(z.dtype, copy=False)


def _elu_d(z, a):
    return np.where(z > 0, 1.0, a + ELU_ALPHA).astype(z.dtype)


def _selu(z):
    neg = SELU_ALPHA * np.expm1(np.minimum(z, 0.0))
    return (SELU_SCALE * np.where(z > 0, z, neg)).astype(z.dtype, copy=False)


def _selu_d(z, a):
    # For z <= 0: a = s*alpha*(e^z - 1), so da/dz = s*alpha*e^z = a + s*alpha.
    return np.where(z > 0, SELU_SCALE, a + SELU_SCALE * SELU_ALPHA).astype(z.dtype)


def _gelu(z):
    # The tanh approximation of Hendrycks & Gimpel (2016), eq. in section 2.
    return (0.5 * z * (1.0 + np.tanh(_gelu_inner(z)))).astype(z.dtype, copy=False)


def _gelu_inner(z):
    # z**3 overflows for |z| > ~1e102 (float64); tanh saturates at |u| ~ 20, so clip first.
    zc = np.clip(z, -1e3, 1e3)
    return _GELU_C * (zc + 0.044715 * zc**3)


def _gelu_d(z, a):
    zc = np.clip(z, -1e3, 1e3)
    u = _gelu_inner(zc)
    t = np.tanh(u)
    du = _GELU_C * (1.0 + 3 * 0.044715 * zc * zc)
    return (0.5 * (1.0 + t) + 0.5 * zc * (1.0 - t * t) * du).astype(z.dtype)


def _softplus(z):
    return np.logaddexp(0.0, z).astype(z.dtype, copy=False)


def _softplus_d(z, a):
    return _sigmoid(z)


def _linear(z):
    return z


def _linear_d(z, a):
    return np.ones_like(z)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "sigmoid",
            "Sigmoid",
            _sigmoid,
            _sigmoid_d,
            r"\sigma(z) = \frac{1}{1 + e^{-z}}",
            1.0,
        ),
        Activation("tanh", "Tanh", _tanh, _tanh_d, r"\tanh(z)", 5.0 / 3.0, _tanh_out),
        Activation(
            "relu", "ReLU", _relu, _relu_d, r"\max(0, z)", math.sqrt(2.0), _relu_out, _relu_backprop
        ),
        Activation(
            "leaky_relu",
            "Leaky ReLU (0.01)",
            _leaky,
            _leaky_d,
            r"\max(0.01\,z,\ z)",
            math.sqrt(2.0 / (1.0 + LEAKY_SLOPE**2)),
        ),
        Activation(
            "elu",
            "ELU",
            _elu,
            _elu_d,
            r"z \ (z>0),\quad e^{z}-1 \ (z \le 0)",
            1.0,
        ),
        Activation(
            "selu",
            "SELU",
            _selu,
            _selu_d,
            r"\lambda z \ (z>0),\quad \lambda\alpha(e^{z}-1) \ (z \le 0)",
            0.75,
        ),
        Activation(
            "gelu",
            "GELU (tanh approx.)",
            _gelu,
            _gelu_d,
            r"\tfrac12 z\,\bigl(1+\tanh(\sqrt{2/\pi}\,(z+0.044715 z^3))\bigr)",
            1.0,
        ),
        Activation(
            "softplus",
            "Softplus",
            _softplus,
            _softplus_d,
            r"\log(1 + e^{z})",
            1.0,
        ),
        Activation("linear", "Linear (identity)", _linear, _linear_d, r"z", 1.0),
    )
}
