"""Greedy layer-wise pre-training of a deep belief net (Hinton, Osindero & Teh 2006).

Stack RBMs bottom-up without labels: the first learns the data, each next one learns the
hidden *probabilities* ``p(h | v)`` the one below produces for the data. The stacked weights
and hidden biases then initialize a feed-forward sigmoid network
(:meth:`explorer.engine.network.Network.from_rbms`) that is fine-tuned with labels by
back-propagation — the 2006 answer to "deep nets do not learn from a random start", which
Xavier (2010) and He (2015) initialization later made unnecessary.

Feeding probabilities rather than sampled binary states to the next layer is the usual choice
(Hinton's guide, sec. 3.2; Hinton & Salakhutdinov 2006): it is less noisy and deterministic.

References
----------
.. [1] Hinton, Osindero, Teh (2006). A fast learning algorithm for deep belief nets.
   Neural Computation 18(7).
.. [2] Bengio, Lamblin, Popovici, Larochelle (2007). Greedy layer-wise training of deep
   networks. NIPS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from explorer.engine.checks import check_int, stop_requested
from explorer.engine.rbm import RBM

__all__ = ["layer_reconstructions", "pretrain_dbn"]


def pretrain_dbn(
    X,
    hidden_sizes: Sequence[int] = (128, 64),
    epochs: int = 10,
    seed=0,
    lr: float = 0.05,
    batch_size: int = 20,
    k: int = 1,
    persistent: bool = False,
    on_layer: Callable[[int, RBM], bool | None] | None = None,
    on_epoch: Callable[[int, int, RBM], bool | None] | None = None,
    momentum=(0.5, 0.9),
    weight_decay: float = 2e-4,
    dtype: str = "float64",
) -> list[RBM]:
    """Train a stack of RBMs greedily, each on the hidden probabilities of the one below.

    Parameters
    ----------
    X : array_like, shape (n, n_visible)
        Data in [0, 1]; no labels are used.
    hidden_sizes : sequence of int
        Hidden units of each RBM, bottom first (at least one).
    epochs : int
        Epochs per layer (>= 0).
    seed : int or numpy.random.SeedSequence
        Layer ``i`` is seeded with ``np.random.SeedSequence(seed).spawn(len(hidden_sizes))[i]``,
        so layers get independent streams and the whole stack is reproducible.
    lr, batch_size, k, persistent, momentum, weight_decay
        Passed to :meth:`explorer.engine.rbm.RBM.fit` for every layer.
    on_layer : callable, optional
        ``on_layer(layer, rbm)`` after each layer is trained (``layer`` is the 0-based index
        into the returned list); returning ``False`` (any falsy value but ``None``) stops
        before the next layer.
    on_epoch : callable, optional
        ``on_epoch(layer, epoch, rbm)`` after every epoch of every layer (``epoch`` 1-based,
        as in :meth:`explorer.engine.rbm.RBM.fit`); returning ``False`` stops everything, keeping
        the partly trained layer.
    dtype : {"float32", "float64"}

    Returns
    -------
    list of RBM
        Bottom first; ``rbms[i].W`` has shape ``(sizes[i], sizes[i+1])`` where ``sizes`` is
        ``(n_visible, *hidden_sizes)``. Shorter than ``hidden_sizes`` if a callback stopped.
    """
    sizes = tuple(check_int(f"hidden_sizes[{i}]", s, 1) for i, s in enumerate(hidden_sizes))
    if not sizes:
        raise ValueError("hidden_sizes must hold at least one layer size, got none")
    X = np.asarray(X, dtype=dtype)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n, n_visible), got shape {X.shape}")
    seeds = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    seeds = seeds.spawn(len(sizes))

    # The same training settings for every layer.
    fit_args = {
        "epochs": epochs,
        "lr": lr,
        "batch_size": batch_size,
        "k": k,
        "persistent": persistent,
        "momentum": momentum,
        "weight_decay": weight_decay,
    }
    rbms: list[RBM] = []
    V = X
    n_in = X.shape[1]
    for layer, (n_hidden, layer_seed) in enumerate(zip(sizes, seeds)):
        stopped = False

        def forward(epoch: int, rbm: RBM, layer: int = layer) -> bool | None:
            nonlocal stopped
            stopped = on_epoch is not None and stop_requested(on_epoch(layer, epoch, rbm))
            return False if stopped else None

        rbm = RBM(n_visible=n_in, n_hidden=n_hidden, seed=layer_seed, dtype=dtype)
        rbm.fit(V, on_epoch=forward, **fit_args)
        rbms.append(rbm)
        if stopped:
            break
        if on_layer is not None and stop_requested(on_layer(layer, rbm)):
            break
        if layer + 1 < len(sizes):
            V = rbm.propup(V)
            n_in = n_hidden
    return rbms


def layer_reconstructions(rbms: Sequence[RBM], V) -> list[np.ndarray]:
    """Per-layer reconstructions of the input through the stack.

    For ``k = 1 .. len(rbms)``: send ``V`` up through layers ``1..k`` (probabilities) and back
    down through ``k..1`` (probabilities): what the top of a ``k``-layer stack "remembers"
    of the input.

    Parameters
    ----------
    rbms : sequence of RBM
        Bottom first.
    V : array_like, shape (n, rbms[0].n_visible)

    Returns
    -------
    list of ndarray
        ``len(rbms)`` arrays of shape ``(n, rbms[0].n_visible)``; entry ``k - 1`` went
        through ``k`` layers.
    """
    if not rbms:
        raise ValueError("layer_reconstructions needs at least one RBM")
    out = []
    for k, top in enumerate(rbms):
        V = top.propup(V)  # p(h_k | ...), up through layers 1..k
        R = V
        for rbm in reversed(rbms[: k + 1]):
            R = rbm.propdown(R)
        out.append(R)
    return out
