"""A fully connected network that records every layer on the way forward and back.

``Network.create`` draws the weights with a registered initializer; ``Network.trace`` runs
one forward and one backward pass of softmax cross-entropy and returns a :class:`Trace`
holding, for every layer ``i``, the pre-activation ``z[i]``, the activation ``a[i]`` and the
gradients ``dz[i]``, ``da[i]``, ``dW[i]``, ``db[i]`` of the mean loss.

Layer ``i`` maps ``a[i-1]`` (the input ``X`` for ``i = 0``) to ``z[i] = a[i-1] @ W[i] + b[i]``
and ``a[i] = f(z[i])``; the last layer's ``a`` is the softmax of its ``z``. Each forward step
sits beside its backward step, as in micrograd.

Exploding configurations (ReLU at σ = 10 over 30 layers overflows float32; a sigmoid net at
σ = 100 saturates instead) are part of what the app shows, so overflow is an expected outcome
here, not an error: the passes run
under ``np.errstate`` and :meth:`Trace.first_nonfinite` reports where values stopped being
finite, which the app shows as "overflowed at layer k".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import DTYPES, QUIET, check_choice, check_int, lookup
from explorer.engine.initializers import INITIALIZERS, resolve_params

__all__ = ["Network", "Trace", "trace_nbytes", "validate_sizes"]


@dataclass(frozen=True, eq=False)
class Trace:
    """Everything one forward + backward pass computed.

    Attributes
    ----------
    loss : float
        Mean softmax cross-entropy over the batch (``nan`` or ``inf`` if the pass overflowed).
    z, a : list of ndarray
        ``z[i]``, ``a[i]`` have shape ``(n, sizes[i+1])``; ``a[-1]`` is the softmax output.
    dz, da : list of ndarray
        Gradients of the loss with respect to ``z[i]`` and ``a[i]``, same shapes. For the
        output layer ``da[-1]`` is the gradient with respect to the probabilities, with the
        probabilities clipped at the dtype's smallest normal number so it stays finite.
    dW, db : list of ndarray
        ``dW[i]`` has the shape of ``weights[i]``, ``(sizes[i], sizes[i+1])``; ``db[i]`` of
        ``biases[i]``, ``(sizes[i+1],)``.
    """

    loss: float
    z: list
    a: list
    dz: list
    da: list
    dW: list
    db: list

    def nonfinite_counts(self) -> np.ndarray:
        """Count NaN and ±inf values per layer.

        Returns
        -------
        ndarray of int, shape (n_layers, 2, 2)
            ``[i, 0]`` counts the forward arrays (``z``, ``a``) of layer ``i`` and ``[i, 1]``
            the backward ones (``dz``, ``dW``); the last axis is ``(n_nan, n_inf)``.
        """
        out = np.zeros((len(self.z), 2, 2), dtype=np.int64)
        for i in range(len(self.z)):
            for j, arrays in enumerate(((self.z[i], self.a[i]), (self.dz[i], self.dW[i]))):
                for arr in arrays:
                    with np.errstate(over="ignore", invalid="ignore"):
                        if np.isfinite(np.add.reduce(arr, axis=None, dtype=np.float64)):
                            continue  # a finite sum means every entry is finite
                    out[i, j, 0] += np.count_nonzero(np.isnan(arr))
                    out[i, j, 1] += np.count_nonzero(np.isinf(arr))
        return out

    def first_nonfinite(self) -> tuple[str, int] | None:
        """Where the trace first stopped being finite.

        Returns
        -------
        tuple of (str, int) or None
            ``("forward", i)`` for the first layer whose ``z`` or ``a`` holds NaN/inf,
            else ``("backward", i)`` for the highest layer whose ``dz`` or ``dW`` does (the
            backward pass runs from the top), else ``None`` when everything is finite.
        """
        counts = self.nonfinite_counts().sum(axis=2)
        fwd = np.flatnonzero(counts[:, 0])
        if fwd.size:
            return "forward", int(fwd[0])
        bwd = np.flatnonzero(counts[:, 1])
        if bwd.size:
            return "backward", int(bwd[-1])
        return None


def validate_sizes(sizes: Sequence[int]) -> tuple[int, ...]:
    """Check layer sizes and return them as a tuple of ints.

    Parameters
    ----------
    sizes : sequence of int
        ``(n_inputs, hidden_1, ..., n_outputs)``, at least two entries, each >= 1.

    Returns
    -------
    tuple of int

    Raises
    ------
    ConfigError
        If a size is not a whole number >= 1 (key ``"int_range"``).
    ValueError
        If ``sizes`` is not a sequence of at least two entries.
    """
    try:
        items = tuple(sizes)
    except TypeError:
        raise ValueError(f"sizes must be a sequence of whole numbers, got {sizes!r}") from None
    if len(items) < 2:
        raise ValueError(f"sizes must have at least two entries, got {sizes!r}")
    return tuple(check_int(f"sizes[{i}]", s, 1) for i, s in enumerate(items))


def trace_nbytes(sizes: Sequence[int], batch: int, dtype: str = "float64") -> int:
    """Bytes a :class:`Trace` of this shape holds, to check a config against a memory cap.

    Parameters
    ----------
    sizes : sequence of int
        Layer sizes, input first.
    batch : int
        Number of rows of ``X``.
    dtype : {"float32", "float64"}

    Returns
    -------
    int
        ``itemsize * (4 * batch * sum(sizes[1:]) + 2 * n_params + batch * sizes[0])``: z, a,
        dz, da per layer, weights and their gradients, and the input.
    """
    item = np.dtype(dtype).itemsize
    units = sum(sizes[1:])
    params = sum(i * o + o for i, o in itertools.pairwise(sizes))
    return item * (4 * batch * units + 2 * params + batch * sizes[0])


def _softmax_xent(z: np.ndarray, y: np.ndarray, out=None) -> tuple[np.ndarray, float]:
    """Softmax probabilities (into ``out`` if given) and mean cross-entropy via log-sum-exp;
    z (n, k), y (n,)."""
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=1, keepdims=True)
    p = np.divide(e, s, out=out)
    logp_true = shifted[np.arange(len(y)), y] - np.log(s[:, 0])
    return p, float(-logp_true.mean())


class Network:
    """A multilayer perceptron with softmax output.

    Parameters
    ----------
    weights : list of ndarray
        ``weights[i]`` has shape ``(sizes[i], sizes[i+1])``.
    biases : list of ndarray
        ``biases[i]`` has shape ``(sizes[i+1],)``.
    activation : str
        Key of :data:`explorer.ACTIVATIONS`, used by every hidden layer.

    Attributes
    ----------
    weights, biases : list of ndarray
    activation : str
    dtype : numpy.dtype
    sizes : tuple of int
    """

    def __init__(self, weights: list, biases: list, activation: str = "relu"):
        self.act = lookup(ACTIVATIONS, activation, "activation")
        self.activation = activation
        if len(weights) != len(biases) or not weights:
            raise ValueError("weights and biases must be non-empty lists of the same length")
        self.dtype = np.asarray(weights[0]).dtype
        self.weights = [np.asarray(w, dtype=self.dtype) for w in weights]
        self.biases = [np.asarray(b, dtype=self.dtype) for b in biases]
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            if w.ndim != 2 or b.shape != (w.shape[1],):
                raise ValueError(f"layer {i}: W {w.shape} and b {b.shape} do not fit")
            if i and w.shape[0] != self.weights[i - 1].shape[1]:
                raise ValueError(f"layer {i}: W {w.shape} does not follow the layer below")

    @classmethod
    def create(
        cls,
        sizes: Sequence[int],
        activation: str = "relu",
        init: str = "he_normal",
        seed: int = 0,
        init_params: dict | None = None,
        dtype: str = "float64",
    ) -> Network:
        """Draw a new network.

        Parameters
        ----------
        sizes : sequence of int
            ``(n_inputs, hidden_1, ..., n_outputs)``.
        activation : str
            Key of :data:`explorer.ACTIVATIONS`.
        init : str
            Key of :data:`explorer.INITIALIZERS`; every layer, the output layer included, is
            drawn with it. Biases are zero.
        seed : int
            Seed of the one :class:`numpy.random.Generator` the layers are drawn from, bottom
            layer first.
        init_params : dict or None
            The initializer's parameters (e.g. ``{"std": 1.0}`` for ``normal``).
        dtype : {"float32", "float64"}
            Weights are drawn in float64 and cast.

        Returns
        -------
        Network
        """
        sizes = validate_sizes(sizes)
        lookup(ACTIVATIONS, activation, "activation")
        initializer = lookup(INITIALIZERS, init, "init")
        params = resolve_params(init, init_params)
        check_choice("dtype", dtype, DTYPES)
        rng = np.random.default_rng(seed)
        weights = [
            initializer.sample(rng, fi, fo, **params).astype(dtype, copy=False)
            for fi, fo in itertools.pairwise(sizes)
        ]
        biases = [np.zeros(fo, dtype=dtype) for fo in sizes[1:]]
        return cls(weights, biases, activation)

    @classmethod
    def from_rbms(
        cls,
        rbms: Sequence,
        n_outputs: int,
        activation: str = "sigmoid",
        seed: int = 0,
        init: str = "xavier_normal",
        dtype: str = "float64",
    ) -> Network:
        """A network whose hidden layers start from pre-trained RBMs (a DBN), for fine-tuning.

        Parameters
        ----------
        rbms : sequence of RBM
            Bottom first; ``rbms[k].W`` has shape ``(n_visible_k, n_hidden_k)`` and
            ``n_hidden_k == n_visible_(k+1)``. Hidden layer ``k`` gets ``W = rbms[k].W`` and
            ``b = rbms[k].b_h``.
        n_outputs : int
            Number of classes; the output layer is new, drawn with ``init``.
        activation : str
            Hidden activation; ``"sigmoid"`` matches what the RBMs' hidden units compute.
        seed : int
            Seed for the output layer.
        init : str
            Initializer of the output layer.
        dtype : {"float32", "float64"}

        Returns
        -------
        Network

        References
        ----------
        .. [1] Hinton, Osindero, Teh (2006). A fast learning algorithm for deep belief nets.
           Neural Computation 18(7).
        """
        if not rbms:
            raise ValueError("from_rbms needs at least one RBM")
        check_choice("dtype", dtype, DTYPES)
        weights = [np.array(r.W, dtype=dtype) for r in rbms]
        biases = [np.array(r.b_h, dtype=dtype) for r in rbms]
        fan_in = weights[-1].shape[1]
        rng = np.random.default_rng(seed)
        initializer = lookup(INITIALIZERS, init, "init")
        weights.append(
            initializer.sample(rng, fan_in, int(n_outputs), **resolve_params(init)).astype(dtype)
        )
        biases.append(np.zeros(int(n_outputs), dtype=dtype))
        return cls(weights, biases, activation)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Layer sizes, input first."""
        return (self.weights[0].shape[0],) + tuple(w.shape[1] for w in self.weights)

    def copy(self) -> Network:
        """A deep copy (weights and biases copied)."""
        return Network(
            [w.copy() for w in self.weights], [b.copy() for b in self.biases], self.activation
        )

    def _check_X(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got {X.shape}")
        return X

    def _check_y(self, y, n: int) -> np.ndarray:
        y = np.asarray(y)
        k = self.sizes[-1]
        if y.shape != (n,) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(f"y must be {n} integer labels, got shape {y.shape} {y.dtype}")
        if n and (y.min() < 0 or y.max() >= k):
            raise ValueError(f"labels must be in [0, {k - 1}]")
        return y

    def trace(self, X, y) -> Trace:
        """One forward and one backward pass of the mean softmax cross-entropy.

        Parameters
        ----------
        X : array_like, shape (n, sizes[0])
            Inputs, cast to the network's dtype.
        y : array_like of int, shape (n,)
            Class labels in ``[0, sizes[-1])``.

        Returns
        -------
        Trace

        Raises
        ------
        ValueError
            If ``X`` or ``y`` has the wrong shape, a label is out of range, or ``X`` is empty.
        """
        X = self._check_X(X)
        if X.shape[0] == 0:
            raise ValueError("X must have at least one row to compute a loss, got 0")
        y = self._check_y(y, X.shape[0])
        n = X.shape[0]
        L = len(self.weights)
        act = self.act
        rows = np.arange(n)
        # z, a, dz, da of every layer are views into one block: one allocation, which numpy
        # backs with transparent huge pages where the OS allows, instead of 4 L separately
        # page-faulted arrays (the trace must keep them all, unlike a plain backward pass).
        widths = [W.shape[1] for W in self.weights]
        ends = list(itertools.accumulate([n * w for w in widths], initial=0))
        block = np.empty(4 * ends[-1], dtype=self.dtype)

        def part(kind: int, i: int) -> np.ndarray:
            base = kind * ends[-1]
            return block[base + ends[i] : base + ends[i + 1]].reshape(n, widths[i])

        zs, acts = [None] * L, [None] * L
        dzs, das, dWs, dbs = [None] * L, [None] * L, [None] * L, [None] * L
        with np.errstate(**QUIET):
            # forward
            a = X
            for i in range(L - 1):
                z = np.matmul(a, self.weights[i], out=part(0, i))
                z += self.biases[i]
                a = act.apply(z, out=part(1, i))
                zs[i], acts[i] = z, a
            z = np.matmul(a, self.weights[-1], out=part(0, L - 1))
            z += self.biases[-1]
            p, loss = _softmax_xent(z, y, out=part(1, L - 1))
            zs[-1], acts[-1] = z, p
            # backward: softmax + cross-entropy, then each layer's step beside its forward
            dz = part(2, L - 1)
            np.copyto(dz, p)
            dz[rows, y] -= 1.0
            dz /= n
            da = part(3, L - 1)
            da.fill(0.0)
            da[rows, y] = -1.0 / (n * np.maximum(p[rows, y], np.finfo(p.dtype).tiny))
            das[-1] = da
            for i in range(L - 1, -1, -1):
                dzs[i] = dz
                a_in = acts[i - 1] if i else X
                dWs[i] = a_in.T @ dz
                dbs[i] = dz.sum(axis=0)
                if i:
                    da = np.matmul(dz, self.weights[i].T, out=part(3, i - 1))
                    das[i - 1] = da
                    dz = act.backprop(da, zs[i - 1], acts[i - 1], out=part(2, i - 1))
        return Trace(loss, zs, acts, dzs, das, dWs, dbs)
