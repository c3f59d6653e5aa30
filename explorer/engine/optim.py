"""Gradient-descent optimizers: name -> a class that updates a list of arrays in place.

Scope: :data:`OPTIMIZERS`, the registry the training loop
(:func:`explorer.engine.train.train`) and the UI's option list read, with plain SGD,
classical momentum and Adam, and :data:`DEFAULT_LR`, a sensible learning rate for each.
Every optimizer takes the arrays it updates (``params``) and a learning rate; its
:meth:`~SGD.step` applies one update from gradients of the same shapes. L2 weight decay is
added to the gradients of the arrays whose ``decay`` flag is set. NumPy only.

References
----------
.. [1] Sutskever, Martens, Dahl, Hinton (2013). On the importance of initialization and
   momentum in deep learning. ICML. (Classical momentum, eq. 1.)
.. [2] Kingma, Ba (2015). Adam: A method for stochastic optimization. ICLR. (Algorithm 1.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["DEFAULT_LR", "OPTIMIZERS", "SGD", "Adam", "Momentum"]


class SGD:
    """Plain stochastic gradient descent: ``θ ← θ − lr · g``.

    Parameters
    ----------
    params : list of ndarray
        Arrays updated **in place** by :meth:`step`.
    lr : float
        Learning rate.
    weight_decay : float
        L2 coefficient λ: ``g ← g + λ θ`` for the arrays whose ``decay`` flag is set.
    decay : sequence of bool or None
        Per array, whether weight decay applies (weights yes, biases no). Default: all.
    """

    name = "sgd"
    label = "SGD"
    reference = ""

    def __init__(self, params, lr, weight_decay=0.0, decay=None, **_):
        self.params = params
        self.lr = lr
        self.weight_decay = weight_decay
        self.decay = [True] * len(params) if decay is None else list(decay)
        self.t = 0

    def _grad(self, k, g):
        if self.weight_decay and self.decay[k]:
            return g + self.weight_decay * self.params[k]
        return g

    def step(self, grads: Sequence[np.ndarray]) -> None:
        """Apply one update.

        Parameters
        ----------
        grads : sequence of ndarray
            ``grads[k]`` has the shape of ``params[k]``.
        """
        self.t += 1
        for k, (p, g) in enumerate(zip(self.params, grads)):
            p -= self.lr * self._grad(k, g)


class Momentum(SGD):
    """Classical momentum (Sutskever et al. 2013, eq. 1).

    ``v ← μ v − lr · g``, ``θ ← θ + v``, with ``v = 0`` at the start; ``μ`` is ``momentum``.
    """

    name = "momentum"
    label = "SGD + momentum"
    reference = "Sutskever, Martens, Dahl, Hinton (2013), ICML"

    def __init__(self, params, lr, weight_decay=0.0, decay=None, momentum=0.9, **_):
        super().__init__(params, lr, weight_decay, decay)
        self.momentum = momentum
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads):
        self.t += 1
        for k, (p, g, v) in enumerate(zip(self.params, grads, self.v)):
            v *= self.momentum
            v -= self.lr * self._grad(k, g)
            p += v


class Adam(SGD):
    """Adam with bias correction (Kingma & Ba 2015, Algorithm 1).

    ``m ← β1 m + (1 − β1) g``, ``v ← β2 v + (1 − β2) g²``,
    ``θ ← θ − lr · m̂ / (√v̂ + ε)`` with ``m̂ = m / (1 − β1^t)``, ``v̂ = v / (1 − β2^t)``.
    Weight decay, if any, is added to ``g`` (L2 regularization, not AdamW).
    """

    name = "adam"
    label = "Adam"
    reference = "Kingma, Ba (2015), ICLR"

    def __init__(
        self, params, lr, weight_decay=0.0, decay=None, beta1=0.9, beta2=0.999, eps=1e-8, **_
    ):
        super().__init__(params, lr, weight_decay, decay)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        c1 = 1.0 - b1**self.t
        c2 = 1.0 - b2**self.t
        for k, (p, g, m, v) in enumerate(zip(self.params, grads, self.m, self.v)):
            g = self._grad(k, g)
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            p -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


#: Optimizer registry: name -> class. The keys are the UI's option list.
OPTIMIZERS: dict[str, type[SGD]] = {c.name: c for c in (SGD, Momentum, Adam)}

#: Sensible learning rates per optimizer, for callers that let the user pick the optimizer.
DEFAULT_LR: dict[str, float] = {"sgd": 0.1, "momentum": 0.02, "adam": 1e-3}
