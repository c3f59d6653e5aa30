"""Minibatch training of a :class:`~explorer.engine.network.Network`, with per-epoch layer
statistics.

Scope: the training loop (:func:`train`, stepping one of the optimizers of
:mod:`explorer.engine.optim`), a deterministic stratified train/validation split
(:func:`train_val_split`), and the record of what happened (:class:`History`,
:class:`TrainResult`). NumPy only; nothing here prints, plots or imports pandas.

What is recorded
----------------
*Metrics*, one value per epoch (shape ``(E,)`` for ``E`` epochs run): the loss and accuracy of
the whole training set and of the validation set, both evaluated **at the end of the epoch**
with the weights as they are then (not averaged over the epoch's minibatches, whose weights
kept changing; that running average is kept as ``batch_loss``). The same metrics at the
initialization are kept as ``initial_*`` scalars, and :meth:`History.curve` prepends them.

*Layer statistics*, one row per epoch **plus a row 0 for the initialization** (shape
``(E + 1, ...)``), from one forward + backward pass (:meth:`Network.trace`) on a fixed probe
batch: ``probe_size`` training rows at evenly spaced positions, the same rows every epoch.
Among them ``n_distinct_units``, the number of hidden units per layer that are not exact
copies of another one (same incoming weights and bias): with zero initialization every unit
of a layer gets the same gradient forever, so it stays 1, which is the lecture's point 2.

Determinism: one ``np.random.default_rng(seed)`` shuffles the minibatches (and, when the
split is internal, the same ``seed`` draws the split), so the same inputs and seed give
bit-identical weights and histories.

Overflow is an expected outcome (a ReLU net drawn with σ = 100, or ``lr = 1e6``): every pass
runs under ``np.errstate``, and when a minibatch loss stops being finite, or explodes to more
than ``diverge_factor`` (1000) times its initial value, training stops after recording that
epoch, with ``TrainResult.diverged`` set.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorer.engine.checks import (
    QUIET,
    check_choice,
    check_float,
    check_int,
    lookup,
    stop_requested,
)
from explorer.engine.layer_stats import layer_stats
from explorer.engine.network import Network, _softmax_xent
from explorer.engine.optim import OPTIMIZERS

__all__ = [
    "History",
    "TrainResult",
    "train",
    "train_val_indices",
    "train_val_split",
]

#: Rows per chunk when evaluating a whole data set, to bound memory.
_EVAL_CHUNK = 4096


# --------------------------------------------------------------------------- split


def train_val_indices(
    y, val_fraction: float = 0.2, seed: int = 0, stratify: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of a deterministic (optionally stratified) train/validation split.

    Parameters
    ----------
    y : array_like, shape (n,)
        Labels (any hashable-by-``np.unique`` values).
    val_fraction : float
        In ``(0, 1)``. The validation set gets ``ceil(val_fraction * n)`` rows (as
        scikit-learn's ``train_test_split``), clipped to ``[1, n - 1]``.
    seed : int
        Seed of the generator that picks the rows.
    stratify : bool
        If true, every class gets its share of validation rows (largest-remainder
        apportionment of the total), so class proportions match up to one row per class.

    Returns
    -------
    idx_train, idx_val : ndarray of int, shapes (n - n_val,), (n_val,)
        Disjoint, together ``0 .. n-1``, each sorted ascending.
    """
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] < 2:
        raise ValueError(f"y must be 1-D with at least 2 rows, got shape {y.shape}")
    f = check_float("val_fraction", val_fraction, 0.0, 1.0, lo_open=True, hi_open=True)
    n = y.shape[0]
    n_val = min(max(math.ceil(f * n - 1e-9), 1), n - 1)
    rng = np.random.default_rng(seed)
    if not stratify:
        val = rng.permutation(n)[:n_val]
    else:
        classes, inv = np.unique(y, return_inverse=True)
        counts = np.bincount(inv, minlength=len(classes))
        exact = counts * (n_val / n)
        share = np.floor(exact).astype(np.int64)
        rest = n_val - int(share.sum())
        if rest > 0:
            # largest fractional part first; ties in class order (stable sort)
            order = np.argsort(-(exact - share), kind="stable")
            share[order[:rest]] += 1
        val = np.concatenate(
            [rng.permutation(np.flatnonzero(inv == c))[: share[c]] for c in range(len(classes))]
        )
    mask = np.zeros(n, dtype=bool)
    mask[val] = True
    return np.flatnonzero(~mask), np.flatnonzero(mask)


def train_val_split(
    X, y, val_fraction: float = 0.2, seed: int = 0, stratify: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split a data set into training and validation parts, deterministically.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    val_fraction, seed, stratify
        As in :func:`train_val_indices`.

    Returns
    -------
    X_tr : ndarray, shape (n - n_val, d)
    X_val : ndarray, shape (n_val, d)
    y_tr : ndarray, shape (n - n_val,)
    y_val : ndarray, shape (n_val,)
        Rows keep their original relative order.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.shape[:1] != y.shape[:1]:
        raise ValueError(f"X and y must have the same number of rows, got {X.shape}, {y.shape}")
    tr, va = train_val_indices(y, val_fraction, seed, stratify)
    return X[tr], X[va], y[tr], y[va]


def _evaluate(net: Network, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``net`` on ``X, y``, in chunks of rows."""
    n = X.shape[0]
    if n == 0:
        return math.nan, math.nan
    f = net.act.f
    total, correct = 0.0, 0
    with np.errstate(**QUIET):
        for s in range(0, n, _EVAL_CHUNK):
            a, yc = X[s : s + _EVAL_CHUNK], y[s : s + _EVAL_CHUNK]
            for W, b in zip(net.weights[:-1], net.biases[:-1]):
                z = a @ W
                z += b
                a = f(z)
            z = a @ net.weights[-1]
            z += net.biases[-1]
            _, loss = _softmax_xent(z, yc)
            total += loss * len(yc)
            correct += int(np.count_nonzero(np.argmax(z, axis=1) == yc))
    return total / n, correct / n


# --------------------------------------------------------------------------- records


def _frozen(x, dtype=np.float64) -> np.ndarray:
    a = np.array(x, dtype=dtype)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class History:
    """What happened during training, as read-only arrays. ``E`` epochs run, ``L`` layers.

    Attributes
    ----------
    epoch : ndarray of int, shape (E,)
        ``1 .. E``.
    loss, accuracy : ndarray, shape (E,)
        Mean cross-entropy and accuracy on the whole training set at the end of each epoch.
    batch_loss : ndarray, shape (E,)
        Mean of the epoch's minibatch losses (each taken before its update).
    val_loss, val_accuracy : ndarray, shape (E,)
        Same on the validation set at the end of each epoch; NaN without validation data.
    initial_loss, initial_accuracy, initial_val_loss, initial_val_accuracy : float
        The same four metrics at the initialization (epoch 0).
    probe_loss : ndarray, shape (E + 1,)
        Loss on the probe batch; row 0 is the initialization, row ``e`` after epoch ``e``.
    act_std : ndarray, shape (E + 1, L - 1)
        Standard deviation of each hidden layer's activations ``a[i]`` over the probe batch.
    grad_norm : ndarray, shape (E + 1, L)
        Frobenius norm ``||dz[i]||`` of the gradient of the mean probe loss with respect to
        each layer's pre-activation.
    dW_norm : ndarray, shape (E + 1, L)
        Frobenius norm of each layer's weight gradient ``dW[i]`` on the probe batch.
    weight_std : ndarray, shape (E + 1, L)
        Standard deviation of each layer's weights.
    dead_frac : ndarray, shape (E + 1, L - 1)
        ReLU only: fraction of a hidden layer's units that are 0 on every probe row (dead
        units). NaN for other activations.
    saturated_frac : ndarray, shape (E + 1, L - 1)
        Fraction of hidden activations (probe rows × units) that are saturated: sigmoid
        ``a < 0.01`` or ``a > 0.99``, tanh ``|a| > 0.99``. NaN for other activations.
    n_distinct_units : ndarray of int, shape (E + 1, L - 1)
        :func:`~explorer.engine.layer_stats.distinct_units` of each hidden layer: 1 for a
        zero-initialized layer, whose units never stop being copies of each other.
    """

    epoch: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    batch_loss: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    initial_loss: float
    initial_accuracy: float
    initial_val_loss: float
    initial_val_accuracy: float
    probe_loss: np.ndarray
    act_std: np.ndarray
    grad_norm: np.ndarray
    dW_norm: np.ndarray
    weight_std: np.ndarray
    dead_frac: np.ndarray
    saturated_frac: np.ndarray
    n_distinct_units: np.ndarray

    #: Metric names accepted by :meth:`curve`.
    METRICS = ("loss", "accuracy", "val_loss", "val_accuracy")

    def __len__(self) -> int:
        return len(self.epoch)

    def curve(self, name: str) -> np.ndarray:
        """A metric with its initialization value prepended.

        Parameters
        ----------
        name : {"loss", "accuracy", "val_loss", "val_accuracy"}

        Returns
        -------
        ndarray, shape (E + 1,)
            Index ``e`` is the value after ``e`` epochs.
        """
        check_choice("name", name, self.METRICS)
        return np.concatenate([[getattr(self, "initial_" + name)], getattr(self, name)])


@dataclass(frozen=True, eq=False)
class TrainResult:
    """The outcome of :func:`train`.

    Attributes
    ----------
    network : Network
        The trained network, a copy: the network passed to :func:`train` is not modified.
    history : History
    epochs_run : int
        Epochs completed (the one during which training diverged counts).
    stopped : bool
        True if ``on_epoch`` returned False.
    diverged : bool
        True if a minibatch loss became NaN or inf or exploded (see ``diverge_factor`` of
        :func:`train`); training stopped after recording that epoch.
    diverged_epoch : int or None
        The epoch (1-based; 0 if the initial network already overflows) in which it happened.
    diverged_reason : {"nonfinite", "exploded"} or None
    nonfinite_at : tuple of (str, int) or None
        :meth:`Trace.first_nonfinite` of the last probe trace, e.g. ``("forward", 2)``: where
        the values stopped being finite.
    optimizer : str
    train_index, val_index : ndarray of int or None
        The rows of ``X`` used for training and validation when ``train`` split them itself
        (``val_fraction`` given, no ``X_val``); otherwise None.
    """

    network: Network
    history: History
    epochs_run: int
    stopped: bool
    diverged: bool
    diverged_epoch: int | None
    diverged_reason: str | None
    nonfinite_at: tuple | None
    optimizer: str
    train_index: np.ndarray | None = None
    val_index: np.ndarray | None = None


class _Recorder:
    """Accumulates per-epoch values in lists and builds :class:`History` snapshots."""

    def __init__(self):
        self.metrics = {k: [] for k in ("loss", "accuracy", "batch_loss", "val_loss", "val_acc")}
        self.stats = {}
        self.initial = (math.nan,) * 4

    def add_metrics(self, loss, accuracy, batch_losses, val_loss, val_accuracy) -> None:
        m = self.metrics
        m["loss"].append(loss)
        m["accuracy"].append(accuracy)
        with np.errstate(**QUIET):
            m["batch_loss"].append(float(np.mean(batch_losses)))
        m["val_loss"].append(val_loss)
        m["val_acc"].append(val_accuracy)

    def add_stats(self, stats: dict) -> None:
        for k, v in stats.items():
            self.stats.setdefault(k, []).append(v)

    def history(self) -> History:
        m, s = self.metrics, self.stats
        E = len(m["loss"])
        return History(
            epoch=_frozen(np.arange(1, E + 1), np.int64),
            loss=_frozen(m["loss"]),
            accuracy=_frozen(m["accuracy"]),
            batch_loss=_frozen(m["batch_loss"]),
            val_loss=_frozen(m["val_loss"]),
            val_accuracy=_frozen(m["val_acc"]),
            initial_loss=self.initial[0],
            initial_accuracy=self.initial[1],
            initial_val_loss=self.initial[2],
            initial_val_accuracy=self.initial[3],
            probe_loss=_frozen(s["probe_loss"]),
            act_std=_frozen(s["act_std"]),
            grad_norm=_frozen(s["grad_norm"]),
            dW_norm=_frozen(s["dW_norm"]),
            weight_std=_frozen(s["weight_std"]),
            dead_frac=_frozen(s["dead_frac"]),
            saturated_frac=_frozen(s["saturated_frac"]),
            n_distinct_units=_frozen(s["n_distinct_units"], np.int64),
        )


# --------------------------------------------------------------------------- training


def _step(weights: list, biases: list, f, df, X: np.ndarray, y: np.ndarray) -> tuple[float, list]:
    """Forward + backward of mean softmax cross-entropy, the math of :meth:`Network.trace`.

    Returns the loss and the gradients ordered ``[dW_0, db_0, dW_1, db_1, ...]``. Runs
    inside the caller's ``np.errstate``.
    """
    L = len(weights)
    n = X.shape[0]
    zs, acts = [None] * L, [None] * L
    a = X
    for i in range(L - 1):
        z = a @ weights[i]
        z += biases[i]
        a = f(z)
        zs[i], acts[i] = z, a
    z = a @ weights[-1]
    z += biases[-1]
    p, loss = _softmax_xent(z, y)
    dz = p
    dz[np.arange(n), y] -= 1.0
    dz /= n
    grads = [None] * (2 * L)
    for i in range(L - 1, -1, -1):
        a_in = acts[i - 1] if i else X
        grads[2 * i] = a_in.T @ dz
        grads[2 * i + 1] = dz.sum(axis=0)
        if i:
            dz = (dz @ weights[i].T) * df(zs[i - 1], acts[i - 1])
    return loss, grads


def _training_data(net: Network, X, y, X_val, y_val, val_fraction, seed) -> tuple:
    """Checked training and validation arrays, split off ``X, y`` when asked.

    Returns ``X, y, X_val, y_val, train_index, val_index``: the validation arrays are None
    without validation data; the indices are None unless ``val_fraction`` split them here.
    """
    X = net._check_X(X)
    y = net._check_y(y, X.shape[0])
    train_index = val_index = None
    if X_val is None and y_val is None:
        if val_fraction is not None:
            train_index, val_index = train_val_indices(y, val_fraction, seed)
            X, X_val, y, y_val = X[train_index], X[val_index], y[train_index], y[val_index]
    elif X_val is None or y_val is None:
        raise ValueError("X_val and y_val must be given together")
    if X_val is not None:
        X_val = net._check_X(X_val)
        y_val = net._check_y(y_val, X_val.shape[0])
    if X.shape[0] == 0:
        raise ValueError("X must have at least one row")
    return X, y, X_val, y_val, train_index, val_index


def _evaluate_both(net: Network, X, y, X_val, y_val) -> tuple[tuple, tuple]:
    """:func:`_evaluate` on the training set and on the validation set (NaNs without one)."""
    train_metrics = _evaluate(net, X, y)
    if X_val is None:
        return train_metrics, (math.nan, math.nan)
    return train_metrics, _evaluate(net, X_val, y_val)


def _divergence(loss: float, limit: float) -> str | None:
    """``"nonfinite"`` or ``"exploded"`` (above ``limit``) when training must stop, else None."""
    if not math.isfinite(loss):
        return "nonfinite"
    return "exploded" if loss > limit else None


def _epoch(
    net: Network, opt, X, y, order, batch_size: int, limit: float
) -> tuple[list, str | None]:
    """One pass over the rows in ``order``, one optimizer step per minibatch.

    Returns the minibatch losses and, if one of them diverged (see :func:`_divergence`),
    why; the pass stops there, without applying that minibatch's update.
    """
    f, df = net.act.f, net.act.df
    losses = []
    with np.errstate(**QUIET):
        for s in range(0, X.shape[0], batch_size):
            idx = order[s : s + batch_size]
            loss, grads = _step(net.weights, net.biases, f, df, X[idx], y[idx])
            losses.append(loss)
            reason = _divergence(loss, limit)
            if reason is not None:
                return losses, reason
            opt.step(grads)
    return losses, None


def train(
    net: Network,
    X,
    y,
    epochs: int = 20,
    lr: float = 0.1,
    batch_size: int = 32,
    optimizer: str = "sgd",
    seed: int = 0,
    X_val=None,
    y_val=None,
    on_epoch: Callable[[int, History, Network], bool | None] | None = None,
    momentum: float = 0.9,
    weight_decay: float = 0.0,
    val_fraction: float | None = None,
    *,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    probe_size: int = 256,
    distinct_tol: float = 1e-9,
    diverge_factor: float = 1e3,
) -> TrainResult:
    """Train a copy of ``net`` by minibatch gradient descent on softmax cross-entropy.

    Each epoch shuffles the training rows with ``np.random.default_rng(seed)`` and takes one
    optimizer step per minibatch of ``batch_size`` rows (the last one may be smaller). After
    each epoch (and once before the first) the metrics and layer statistics of
    :class:`History` are recorded.

    Parameters
    ----------
    net : Network
        The initial network; not modified.
    X : array_like, shape (n, sizes[0])
        Training inputs, cast to the network's dtype.
    y : array_like of int, shape (n,)
        Labels in ``[0, sizes[-1])``.
    epochs : int
        Number of passes over the training rows, >= 0.
    lr : float
        Learning rate, > 0. See :data:`~explorer.engine.optim.DEFAULT_LR` for per-optimizer
        choices (Adam wants about 1e-3).
    batch_size : int
        Rows per minibatch, >= 1 (clipped to ``n``).
    optimizer : {"sgd", "momentum", "adam"}
        Key of :data:`~explorer.engine.optim.OPTIMIZERS`.
    seed : int
        Seeds the minibatch shuffling and, if ``val_fraction`` is used, the split.
    X_val : array_like, shape (m, sizes[0]), optional
    y_val : array_like of int, shape (m,), optional
        Validation data; takes precedence over ``val_fraction``.
    on_epoch : callable, optional
        ``on_epoch(epoch, history, network)`` after each epoch (``epoch`` is 1-based,
        ``history`` the :class:`History` so far, ``network`` the live network being trained,
        not to be modified). Returning ``False`` stops training after this epoch.
    momentum : float
        Coefficient μ of the ``"momentum"`` optimizer, in [0, 1).
    weight_decay : float
        L2 coefficient added to the weight gradients (not the biases), >= 0. The recorded
        losses do not include the penalty.
    val_fraction : float, optional
        If given and ``X_val`` is None, hold out this stratified fraction of ``X, y``
        (:func:`train_val_indices` with ``seed``) for validation.
    beta1, beta2, eps : float
        Adam's hyper-parameters (Kingma & Ba's defaults).
    probe_size : int
        Rows of the probe batch for the layer statistics: that many training rows at evenly
        spaced positions (all rows if fewer).
    distinct_tol : float
        Relative tolerance of :func:`~explorer.engine.layer_stats.distinct_units`.
    diverge_factor : float
        Training stops as diverged when a minibatch loss is NaN or inf, or exceeds
        ``diverge_factor * max(initial_loss, log(n_classes))`` (an exploding loss such as
        ``lr = 1e6`` gives, which often stays finite because ReLU units die or sigmoids
        saturate). ``math.inf`` flags non-finite losses only.

    Returns
    -------
    TrainResult

    Raises
    ------
    ValueError
        On a bad optimizer name, hyper-parameter or data shape.

    References
    ----------
    .. [1] Sutskever, Martens, Dahl, Hinton (2013). On the importance of initialization and
       momentum in deep learning. ICML.
    .. [2] Kingma, Ba (2015). Adam: A method for stochastic optimization. ICLR.
    """
    if not isinstance(net, Network):
        raise ValueError(f"net must be a Network, got {type(net).__name__}")
    opt_cls = lookup(OPTIMIZERS, optimizer, "optimizer")
    epochs = check_int("epochs", epochs, 0)
    batch_size = check_int("batch_size", batch_size, 1)
    probe_size = check_int("probe_size", probe_size, 1)
    lr = check_float("lr", lr, 0.0, lo_open=True, hi_open=True)
    momentum = check_float("momentum", momentum, 0.0, 1.0, hi_open=True)
    weight_decay = check_float("weight_decay", weight_decay, 0.0, hi_open=True)
    beta1 = check_float("beta1", beta1, 0.0, 1.0, hi_open=True)
    beta2 = check_float("beta2", beta2, 0.0, 1.0, hi_open=True)
    eps = check_float("eps", eps, 0.0, lo_open=True, hi_open=True)
    distinct_tol = check_float("distinct_tol", distinct_tol, 0.0, hi_open=True)
    diverge_factor = check_float("diverge_factor", diverge_factor, 1.0)

    X, y, X_val, y_val, train_index, val_index = _training_data(
        net, X, y, X_val, y_val, val_fraction, seed
    )
    n = X.shape[0]
    batch_size = min(batch_size, n)

    net = net.copy()
    params = [p for pair in zip(net.weights, net.biases) for p in pair]  # updated in place
    opt = opt_cls(
        params,
        lr,
        weight_decay=weight_decay,
        decay=[k % 2 == 0 for k in range(len(params))],
        momentum=momentum,
        beta1=beta1,
        beta2=beta2,
        eps=eps,
    )
    probe = np.unique(np.linspace(0, n - 1, min(probe_size, n)).round().astype(np.int64))
    X_probe, y_probe = X[probe], y[probe]
    rng = np.random.default_rng(seed)
    rec = _Recorder()

    (l0, a0), (vl0, va0) = _evaluate_both(net, X, y, X_val, y_val)
    rec.initial = (l0, a0, vl0, va0)
    stats, nonfinite_at = layer_stats(net, X_probe, y_probe, distinct_tol)
    rec.add_stats(stats)

    stopped = False
    reason = _divergence(l0, math.inf)
    diverged_epoch = None if reason is None else 0
    limit = diverge_factor * max(l0, math.log(net.sizes[-1])) if reason is None else 0.0
    epochs_run = 0
    for epoch in range(1, (epochs if diverged_epoch is None else 0) + 1):  # none if it overflows
        batch_losses, reason = _epoch(net, opt, X, y, rng.permutation(n), batch_size, limit)
        (tl, ta), (vl, va) = _evaluate_both(net, X, y, X_val, y_val)
        reason = reason or _divergence(tl, limit)  # or the last update of the epoch blew up
        diverged_epoch = None if reason is None else epoch
        rec.add_metrics(tl, ta, batch_losses, vl, va)
        stats, nonfinite_at = layer_stats(net, X_probe, y_probe, distinct_tol)
        rec.add_stats(stats)
        epochs_run = epoch
        stopped = on_epoch is not None and stop_requested(on_epoch(epoch, rec.history(), net))
        if stopped or diverged_epoch is not None:
            break

    return TrainResult(
        network=net,
        history=rec.history(),
        epochs_run=epochs_run,
        stopped=stopped,
        diverged=diverged_epoch is not None,
        diverged_epoch=diverged_epoch,
        diverged_reason=reason,
        nonfinite_at=nonfinite_at,
        optimizer=optimizer,
        train_index=train_index,
        val_index=val_index,
    )
