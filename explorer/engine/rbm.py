"""Bernoulli–Bernoulli restricted Boltzmann machine trained with CD-k or persistent CD.

This is the building block of Hinton's 2006 deep belief net pre-training: an RBM has a visible
layer ``v`` (the input) and a hidden layer ``h``, joined by one weight matrix ``W`` of shape
``(n_visible, n_hidden)``. Going up, ``p(h_j = 1 | v) = sigmoid(b_h_j + v · W[:, j])`` (the
"encoder"); going down, the same weights give ``p(v_i = 1 | h) = sigmoid(b_v_i + W[i] · h)`` (the
"decoder"). The energy is ``E(v, h) = -v·b_v - h·b_h - v·W·h`` and the free energy
``F(v) = -log Σ_h exp(-E(v, h)) = -v·b_v - Σ_j log(1 + exp(b_h_j + v·W[:, j]))``.

Training follows Hinton's "A Practical Guide to Training Restricted Boltzmann Machines"
(2010) [2]_:

- **Initialization** (guide, sec. 8), done at the start of :meth:`RBM.fit`: ``W ~ N(0, 0.01²)``,
  ``b_v = log(p / (1 - p))`` with ``p`` the training data's pixel means (clipped to
  ``[1e-3, 1 - 1e-3]`` so pixels that are always 0 or 1 give finite biases), ``b_h = 0``.
- **Gradient**: contrastive divergence CD-k [1]_ (any ``k >= 1``), or persistent CD (PCD) [3]_
  whose fantasy chains (one per minibatch row) carry on from one minibatch to the next.
  The positive phase uses the hidden *probabilities* ``p(h | v_data)``. The chain is driven by
  *sampled* binary hidden states (guide, sec. 3.1). Every intermediate visible state is sampled;
  for CD-k the final visible "reconstruction" is the probability ``p(v | h)`` (sec. 3.2), for
  PCD it is sampled so the fantasy particles remain a true Gibbs chain of the model. The final
  hidden statistics are probabilities ``p(h | v_neg)`` (sec. 3.3), never samples.
- **Update** (secs. 9, 10): minibatches reshuffled every epoch; momentum 0.5 for the first
  5 epochs, then 0.9; L2 weight decay on ``W`` only (biases are not decayed)::

      ΔW ← momentum · ΔW + lr · (<v h>_data - <v h>_model - weight_decay · W)

  with the two averages taken over the minibatch (so ``lr`` does not depend on the batch size).

How this differs from scikit-learn's ``BernoulliRBM`` (``sklearn/neural_network/_rbm.py``):
sklearn does PCD only, with one Gibbs step (k = 1), chains started from all-zero hidden states;
no momentum and no weight decay; ``components_`` (our ``W.T``) drawn from ``N(0, 0.01²)`` with a
legacy ``RandomState``; both biases start at 0; minibatches are the same fixed, unshuffled
slices every epoch; the negative phase always samples the visible units; its update is
``learning_rate / batch_size`` times the summed gradient, the same as ``lr`` times the mean
gradient here (default ``learning_rate=0.1``, ``batch_size=10``). Its reconstruction is
``sigmoid(sigmoid(v W + b_h) W^T + b_v)``, as :meth:`RBM.reconstruct` is here, and its
``score_samples`` is the one-bit pseudo-log-likelihood the history records.

Numerics: the public methods compute the sigmoid as ``1 / (1 + exp(-z))`` with ``-z`` clamped
below the dtype's exp overflow point (700 for float64, 80 for float32, where the result is
already below 1e-300 / 1e-34), so no overflow warning can be raised; the free energy and the
pseudo-likelihood use ``np.logaddexp``. The training loop skips the clamp (see
:mod:`explorer.engine.cd`).

Speed: the training loop and its buffers are in :mod:`explorer.engine.cd`. The history is
scored once per epoch on a fixed tenth of the training rows, with one ``exp`` per hidden unit
(shared by the free energy and the reconstruction) and one ``log`` per 64 of them, its
matmuls in blocks of 16 rows so that (for digits-sized layers) none is large enough for BLAS
to go multi-threaded. Only NumPy is imported.

References
----------
.. [1] Hinton (2002). Training products of experts by minimizing contrastive divergence.
   Neural Computation 14(8).
.. [2] Hinton (2010). A practical guide to training restricted Boltzmann machines.
   UTML TR 2010-003, University of Toronto.
.. [3] Tieleman (2008). Training restricted Boltzmann machines using approximations to the
   likelihood gradient. ICML.
.. [4] Hinton, Osindero, Teh (2006). A fast learning algorithm for deep belief nets.
   Neural Computation 18(7).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorer.engine.cd import CDLoop, augment, unaugment
from explorer.engine.checks import DTYPES, check_choice, check_float, check_int, stop_requested

__all__ = ["RBM", "RBMHistory"]

P_CLIP = 1e-3  # pixel means are clipped to [P_CLIP, 1 - P_CLIP] before taking log-odds
INIT_STD = 0.01  # std of the initial weights (guide, sec. 8)
MOMENTUM_SWITCH = 5  # epochs at the initial momentum before the final one (guide, sec. 9)
# training rows scored for the history each epoch: a tenth of them, at least 128 (or all)
METRIC_FRACTION, METRIC_MIN_ROWS = 0.1, 128
_PROD_GROUP = 64  # factors per product in _softplus_rows: at most 2**64, fine in float32
# rows per block when scoring the history: 16 x 64 x 128 stays under OpenBLAS's 2**18
# multiply-adds threshold for going multi-threaded, which only slows such small products
_BLOCK = 16
# hidden units per chunk of rows when scoring the history (512 kB arrays in float64)
_MONITOR_ELEMS = 1 << 16
# -z is clamped at this value before exp: exp(clamp) is finite, 1 / (1 + exp(clamp)) is
# below the smallest difference from 0 that matters in that dtype.
_EXP_CLAMP = {np.dtype("float64"): 700.0, np.dtype("float32"): 80.0}


def _sigmoid_of_neg(negz: np.ndarray) -> np.ndarray:
    """Overwrite ``negz`` (which holds ``-z``) with ``sigmoid(z)`` and return it."""
    np.minimum(negz, _EXP_CLAMP[negz.dtype], out=negz)
    np.exp(negz, out=negz)
    negz += 1.0
    return np.reciprocal(negz, out=negz)


def _exp_neg_abs(x: np.ndarray) -> np.ndarray:
    """``exp(-|x|)``, in (0, 1], as a new array."""
    t = np.abs(x)
    np.negative(t, out=t)
    return np.exp(t, out=t)


def _softplus_rows(x: np.ndarray, f: np.ndarray | None = None) -> np.ndarray:
    """``Σ_j log(1 + exp(x_ij))`` for each row of ``x`` (n, d), shape (n,).

    Computed as ``Σ_j max(x_ij, 0) + log Π_j f_ij`` with ``f = 1 + exp(-|x|)`` (given, or
    computed): the split is ``np.logaddexp(0, x)``'s, and one ``log`` of a product replaces a
    ``log1p`` per element. Each factor lies in (1, 2], so a product of :data:`_PROD_GROUP` of
    them cannot overflow, even in float32; the error is a few ulps of the sum.
    """
    if f is None:
        f = _exp_neg_abs(x)
        f += 1.0
    n, d = f.shape
    full = d - d % _PROD_GROUP
    out = np.log(f[:, :full].reshape(n, -1, _PROD_GROUP).prod(axis=2)).sum(axis=1)
    if full < d:
        out += np.log(f[:, full:].prod(axis=1))
    out += np.maximum(x, 0.0).sum(axis=1)
    return out


def _n_metric(n: int) -> int:
    """Training rows scored for the history: a tenth, at least :data:`METRIC_MIN_ROWS`."""
    return min(n, max(METRIC_MIN_ROWS, math.ceil(METRIC_FRACTION * n)))


def _momentum_schedule(momentum) -> tuple[float, float]:
    """``(initial, final)`` momentum, each in [0, 1), from a number or a pair."""
    if np.isscalar(momentum):
        m = check_float("momentum", momentum, 0.0, 1.0, hi_open=True)
        return m, m
    try:
        m0, m1 = momentum
    except (TypeError, ValueError):
        raise ValueError(
            f"momentum must be a number or a pair (initial, final), got {momentum!r}"
        ) from None
    return tuple(check_float("momentum", m, 0.0, 1.0, hi_open=True) for m in (m0, m1))


@dataclass(frozen=True)
class RBMHistory:
    """Per-epoch training record of an :class:`RBM`; every field has one entry per epoch.

    Attributes
    ----------
    recon_error : tuple of float
        Mean squared error between training rows and :meth:`RBM.reconstruct` of them (the
        deterministic up-down pass), on a fixed, evenly spaced tenth of the training rows (at
        least 128, or all of them); the guide's first thing to watch (sec. 5).
    val_recon_error : tuple of float
        The same on ``X_val``; ``nan`` when no ``X_val`` was given.
    free_energy_gap : tuple of float
        ``mean F(X_val) - mean F(train rows)``, over as many evenly spaced training rows as
        ``X_val`` has; a growing gap signals over-fitting (guide, sec. 6). ``nan`` without
        ``X_val``.
    pseudo_log_likelihood : tuple of float
        Mean one-bit stochastic pseudo-log-likelihood (as scikit-learn's ``score_samples``) of
        the same training rows as ``recon_error``; the bits are drawn from the RBM's generator.
    update_ratio : tuple of float
        ``||ΔW|| / ||W||`` (Frobenius norms) of the last minibatch update of the epoch; the
        guide (sec. 7) suggests a learning rate that makes it about ``1e-3``.
    """

    recon_error: tuple = ()
    val_recon_error: tuple = ()
    free_energy_gap: tuple = ()
    pseudo_log_likelihood: tuple = ()
    update_ratio: tuple = ()

    def __len__(self) -> int:
        return len(self.recon_error)


class RBM:
    """A Bernoulli–Bernoulli restricted Boltzmann machine.

    Parameters
    ----------
    n_visible, n_hidden : int
        Layer sizes, each >= 1.
    seed : int, numpy.random.SeedSequence or None
        Seed of the one :class:`numpy.random.Generator` that draws everything (initial
        weights, minibatch order, Gibbs samples). :meth:`fit` restarts it from ``seed``, so
        the same seed, data and settings give bit-identical results.
    dtype : {"float32", "float64"}

    Attributes
    ----------
    W : ndarray, shape (n_visible, n_hidden)
    b_v : ndarray, shape (n_visible,)
    b_h : ndarray, shape (n_hidden,)
        Zero until :meth:`fit` (or :meth:`initialize`); they may be assigned directly.
        :meth:`fit` replaces them with new arrays after every epoch, so arrays kept by an
        ``on_epoch`` callback are snapshots of that epoch.
    rng : numpy.random.Generator
        Used by the sampling methods when they are given no ``rng``.
    history : RBMHistory
        Filled by :meth:`fit`, one entry per completed epoch.

    Examples
    --------
    >>> rbm = RBM(n_visible=64, n_hidden=128, seed=0).fit(X, epochs=20)  # doctest: +SKIP
    >>> rbm.reconstruct(X).shape  # doctest: +SKIP
    (1797, 64)
    """

    def __init__(self, n_visible: int, n_hidden: int, seed=0, dtype: str = "float64"):
        self.n_visible = check_int("n_visible", n_visible, 1)
        self.n_hidden = check_int("n_hidden", n_hidden, 1)
        check_choice("dtype", str(dtype), DTYPES)
        self.seed = seed
        self.dtype = np.dtype(dtype)
        self.rng = np.random.default_rng(seed)
        self.W = np.zeros((self.n_visible, self.n_hidden), dtype=self.dtype)
        self.b_v = np.zeros(self.n_visible, dtype=self.dtype)
        self.b_h = np.zeros(self.n_hidden, dtype=self.dtype)
        self.history = RBMHistory()

    def __repr__(self) -> str:
        return (
            f"RBM(n_visible={self.n_visible}, n_hidden={self.n_hidden}, seed={self.seed!r}, "
            f"dtype={self.dtype.name!r})"
        )

    # ----------------------------------------------------------------------- validation
    def _check(self, A, n_cols: int, name: str) -> np.ndarray:
        A = np.asarray(A, dtype=self.dtype)
        if A.ndim != 2 or A.shape[1] != n_cols:
            raise ValueError(f"{name} must have shape (n, {n_cols}), got {A.shape}")
        return A

    def _check_data(self, X, name: str = "X") -> np.ndarray:
        X = self._check(X, self.n_visible, name)
        if X.shape[0] == 0:
            raise ValueError(f"{name} has no rows")
        if not np.isfinite(X).all() or X.min() < 0 or X.max() > 1:
            raise ValueError(f"{name} must hold finite values in [0, 1]")
        return X

    def _bernoulli(self, p: np.ndarray, rng) -> np.ndarray:
        """Binary states, each on with its probability in ``p``: on when a uniform is below it."""
        return (self._rng(rng).random(p.shape, dtype=self.dtype) < p).astype(self.dtype)

    def _rng(self, rng) -> np.random.Generator:
        if rng is None:
            return self.rng
        if isinstance(rng, np.random.Generator):
            return rng
        return np.random.default_rng(rng)

    # ---------------------------------------------------------------- conditionals
    def propup(self, V) -> np.ndarray:
        """Hidden probabilities ``p(h = 1 | v)``.

        Parameters
        ----------
        V : array_like, shape (n, n_visible)

        Returns
        -------
        ndarray, shape (n, n_hidden)
        """
        V = self._check(V, self.n_visible, "V")
        negz = V @ self.W
        np.subtract(-self.b_h, negz, out=negz)
        return _sigmoid_of_neg(negz)

    def propdown(self, H) -> np.ndarray:
        """Visible probabilities ``p(v = 1 | h)``.

        Parameters
        ----------
        H : array_like, shape (n, n_hidden)

        Returns
        -------
        ndarray, shape (n, n_visible)
        """
        H = self._check(H, self.n_hidden, "H")
        negz = H @ self.W.T
        np.subtract(-self.b_v, negz, out=negz)
        return _sigmoid_of_neg(negz)

    def sample_h(self, V, rng=None) -> np.ndarray:
        """Binary hidden states drawn from ``p(h | v)``; ``V`` is not modified.

        Parameters
        ----------
        V : array_like, shape (n, n_visible)
        rng : numpy.random.Generator, int or None
            ``None`` uses (and advances) :attr:`rng`.

        Returns
        -------
        ndarray of 0.0 / 1.0, shape (n, n_hidden)
        """
        return self._bernoulli(self.propup(V), rng)

    def sample_v(self, H, rng=None) -> np.ndarray:
        """Binary visible states drawn from ``p(v | h)``; ``H`` is not modified.

        Parameters
        ----------
        H : array_like, shape (n, n_hidden)
        rng : numpy.random.Generator, int or None
            ``None`` uses (and advances) :attr:`rng`.

        Returns
        -------
        ndarray of 0.0 / 1.0, shape (n, n_visible)
        """
        return self._bernoulli(self.propdown(H), rng)

    def reconstruct(self, V) -> np.ndarray:
        """One deterministic (mean-field) up-down pass: ``p(v | h = p(h | v))``.

        Nothing is sampled: the hidden probabilities are sent back down, as scikit-learn's
        ``sigmoid(sigmoid(v W + b_h) W^T + b_v)``.

        Parameters
        ----------
        V : array_like, shape (n, n_visible)

        Returns
        -------
        ndarray, shape (n, n_visible)
            Visible probabilities.
        """
        return self.propdown(self.propup(V))

    def gibbs(self, V, steps: int = 1, rng=None) -> np.ndarray:
        """Run ``steps`` full Gibbs steps ``v -> h -> v`` with sampled states.

        Parameters
        ----------
        V : array_like, shape (n, n_visible)
            Start states; not modified.
        steps : int
            Number of steps, >= 1.
        rng : numpy.random.Generator, int or None
            ``None`` uses (and advances) :attr:`rng`.

        Returns
        -------
        ndarray of 0.0 / 1.0, shape (n, n_visible)
            The sampled visible states after the last step.
        """
        steps = check_int("steps", steps, 1)
        rng = self._rng(rng)
        V = self._check(V, self.n_visible, "V")
        for _ in range(steps):
            V = self.sample_v(self.sample_h(V, rng), rng)
        return V

    def sample(self, n: int, steps: int = 1000, seed=0) -> np.ndarray:
        """Draw ``n`` fantasies from the model by Gibbs sampling from random starts.

        Each chain starts from uniformly random binary visible states and runs ``steps``
        full Gibbs steps; the visible *probabilities* ``p(v | h)`` of the last step are
        returned (smoother images than the binary states, same expectation).

        Parameters
        ----------
        n : int
            Number of independent chains, >= 1.
        steps : int
            Gibbs steps per chain, >= 1.
        seed : int, numpy.random.SeedSequence or None
            Seed of a new generator for these chains (:attr:`rng` is left alone).

        Returns
        -------
        ndarray, shape (n, n_visible)
        """
        n, steps = check_int("n", n, 1), check_int("steps", steps, 1)
        rng = np.random.default_rng(seed)
        V = (rng.random((n, self.n_visible)) < 0.5).astype(self.dtype)
        if steps > 1:
            V = self.gibbs(V, steps - 1, rng)
        return self.propdown(self.sample_h(V, rng))

    # ---------------------------------------------------------------- energies
    def free_energy(self, V) -> np.ndarray:
        """Free energy ``F(v) = -v·b_v - Σ_j log(1 + exp(b_h_j + v·W[:, j]))``.

        Written with ``np.logaddexp(0, x)`` so it is finite for any finite input.

        Parameters
        ----------
        V : array_like, shape (n, n_visible)

        Returns
        -------
        ndarray, shape (n,)
            ``F(v) = -log Σ_h exp(-E(v, h))``; ``p(v) ∝ exp(-F(v))``.
        """
        V = self._check(V, self.n_visible, "V")
        x = V @ self.W
        x += self.b_h
        return -(V @ self.b_v) - np.logaddexp(0.0, x).sum(axis=1)

    # ---------------------------------------------------------------- training
    def initialize(self, X) -> RBM:
        """Restart :attr:`rng` from ``seed`` and set the initial parameters (guide, sec. 8).

        ``W ~ N(0, 0.01²)`` (drawn in float64, then cast), ``b_v = log(p / (1 - p))`` with ``p``
        the column means of ``X`` clipped to ``[1e-3, 1 - 1e-3]``, ``b_h = 0``. Clears the
        history. :meth:`fit` calls this first.

        Parameters
        ----------
        X : array_like, shape (n, n_visible)
            Training data in [0, 1].

        Returns
        -------
        RBM
            ``self``.
        """
        X = self._check_data(X)
        self.rng = np.random.default_rng(self.seed)
        self.W = self.rng.normal(0.0, INIT_STD, (self.n_visible, self.n_hidden)).astype(self.dtype)
        p = np.clip(X.mean(axis=0, dtype=np.float64), P_CLIP, 1.0 - P_CLIP)
        self.b_v = np.log(p / (1.0 - p)).astype(self.dtype)
        self.b_h = np.zeros(self.n_hidden, dtype=self.dtype)
        self.history = RBMHistory()
        return self

    def fit(
        self,
        X,
        epochs: int = 20,
        lr: float = 0.05,
        batch_size: int = 20,
        k: int = 1,
        persistent: bool = False,
        momentum=(0.5, 0.9),
        weight_decay: float = 2e-4,
        X_val=None,
        on_epoch: Callable[[int, RBM], bool | None] | None = None,
    ) -> RBM:
        """Train with CD-k or persistent CD (see the module docstring for the details).

        Parameters
        ----------
        X : array_like, shape (n, n_visible)
            Training data in [0, 1] (binary or probabilities, e.g. grey pixels).
        epochs : int
            Passes over ``X``, >= 0 (0 only initializes).
        lr : float
            Learning rate (> 0) applied to the minibatch-mean gradient.
        batch_size : int
            Minibatch size >= 1; the last minibatch of an epoch may be smaller.
        k : int
            Gibbs steps in the negative phase, >= 1.
        persistent : bool
            PCD: ``batch_size`` fantasy chains that persist across minibatches and epochs,
            started from hidden states sampled from the first minibatch.
        momentum : float or (float, float)
            ``(initial, final)``: the initial value for the first 5 epochs, then the final.
        weight_decay : float
            L2 penalty coefficient on ``W`` (>= 0).
        X_val : array_like, shape (n_val, n_visible), optional
            Held-out data for ``val_recon_error`` and ``free_energy_gap`` in the history.
        on_epoch : callable, optional
            ``on_epoch(epoch, rbm)`` after each epoch (``epoch`` is 1-based, as in
            :func:`explorer.engine.train.train`, so ``len(rbm.history) == epoch``); returning
            ``False`` (any falsy value but ``None``) stops training, keeping what was learned.

        Returns
        -------
        RBM
            ``self``, with :attr:`history` filled.

        Notes
        -----
        Everything random comes from :attr:`rng`, restarted from ``seed``, in this order:
        the initial ``W``; then every epoch a permutation of the rows, the uniforms for the
        Gibbs samples of each minibatch in turn (per sampling step, ``(m, n_hidden)`` for
        hidden states or ``(m, n_visible)`` for visible ones, row-major; a unit is on when its
        uniform is below its probability), and one random bit per scored row for the
        history's pseudo-likelihood. The minibatches' uniforms are drawn in blocks of several
        minibatches (up to 32768 numbers per call), which gives the same stream as one call
        per minibatch. ``X_val`` draws nothing, so it does not change the training.
        """
        X = self._check_data(X)
        Xv = None if X_val is None else self._check_data(X_val, "X_val")
        epochs = check_int("epochs", epochs, 0)
        batch_size = check_int("batch_size", batch_size, 1)
        k = check_int("k", k, 1)
        lr = check_float("lr", lr, 0.0, lo_open=True, hi_open=True)
        weight_decay = check_float("weight_decay", weight_decay, 0.0, hi_open=True)
        mom = _momentum_schedule(momentum)

        self.initialize(X)
        loop = CDLoop(
            X, augment(self.W, self.b_v, self.b_h), batch_size, k, persistent, lr, weight_decay
        )
        # training rows scored for the history: fixed, evenly spaced
        n = X.shape[0]
        metric = X[np.linspace(0, n - 1, _n_metric(n)).astype(np.intp)]
        # the free-energy gap compares X_val with as many training rows
        gap_ref = None if Xv is None else X[np.linspace(0, n - 1, min(n, len(Xv))).astype(np.intp)]
        hist = {name: [] for name in RBMHistory.__dataclass_fields__}
        for epoch in range(epochs):
            loop.epoch(self.rng, mom[0] if epoch < MOMENTUM_SWITCH else mom[1])
            self.W, self.b_v, self.b_h = unaugment(loop.P)  # new arrays: snapshots
            self._score_epoch(hist, metric, Xv, gap_ref)
            hist["update_ratio"].append(loop.update_ratio())
            self.history = RBMHistory(**{key: tuple(v) for key, v in hist.items()})
            if on_epoch is not None and stop_requested(on_epoch(epoch + 1, self)):
                break
        return self

    def _score_epoch(self, hist: dict, metric, Xv, gap_ref) -> None:
        """Append the epoch's reconstruction errors, pseudo-likelihood and free-energy gap."""
        recon, pll, _ = self._monitor(metric, self.rng)
        hist["recon_error"].append(recon)
        hist["pseudo_log_likelihood"].append(pll)
        if Xv is None:
            hist["val_recon_error"].append(math.nan)
            hist["free_energy_gap"].append(math.nan)
        else:
            val_recon, _, fe_val = self._monitor(Xv, None)
            fe_ref = self._monitor(gap_ref, None, recon=False)[2]
            hist["val_recon_error"].append(val_recon)
            hist["free_energy_gap"].append(float(fe_val.mean() - fe_ref.mean()))

    def _monitor(self, V, rng, recon: bool = True) -> tuple[float, float, np.ndarray]:
        """Reconstruction MSE (``nan`` unless ``recon``), mean one-bit pseudo-log-likelihood
        (``nan`` without ``rng``) and free energies of ``V``, sharing one up-pass
        ``x = V W + b_h``.

        One ``t = exp(-|x|)`` serves both the softplus of the free energy,
        ``max(x, 0) + log(1 + t)`` (see :func:`_softplus_rows`), and the hidden probabilities
        of the reconstruction, ``1 / (1 + t)`` where ``x >= 0`` and ``t / (1 + t)``
        elsewhere. Rows go in chunks of about :data:`_MONITOR_ELEMS` hidden units (all of a
        digits-sized metric set at once; bounded memory for MNIST-sized ones), and the
        matmuls in blocks of :data:`_BLOCK` rows, as small as a minibatch's: large ones
        switch BLAS to multi-threading, which is slow on a busy machine.
        """
        n, nv = V.shape
        W, b_v, b_h = self.W, self.b_v, self.b_h
        cols = None if rng is None else rng.integers(0, nv, n)
        fe = np.empty(n, dtype=self.dtype)
        sq = pll = 0.0
        step = max(_BLOCK, _MONITOR_ELEMS // self.n_hidden // _BLOCK * _BLOCK)
        for s in range(0, n, step):
            v = V[s : s + step]
            x = np.empty((len(v), self.n_hidden), dtype=self.dtype)
            vb = np.empty(len(v), dtype=self.dtype)
            for b in range(0, len(v), _BLOCK):
                np.matmul(v[b : b + _BLOCK], W, out=x[b : b + _BLOCK])
                np.matmul(v[b : b + _BLOCK], b_v, out=vb[b : b + _BLOCK])
            x += b_h
            t = _exp_neg_abs(x)
            f = t + 1.0
            F = fe[s : s + step]
            np.add(_softplus_rows(x, f), vb, out=F)
            np.negative(F, out=F)
            if recon:
                p = np.where(x < 0, t, 1.0)
                p /= f  # p(h = 1 | v) = sigmoid(x)
                r = np.empty_like(v)
                for b in range(0, len(v), _BLOCK):
                    np.matmul(p[b : b + _BLOCK], W.T, out=r[b : b + _BLOCK])
                np.subtract(-b_v, r, out=r)
                _sigmoid_of_neg(r)
                r -= v
                sq += float(np.vdot(r, r))
            if cols is not None:  # flip bit c of each row: x moves by d W[c], F accordingly
                c = cols[s : s + step]
                d = 1.0 - 2.0 * v[np.arange(len(v)), c]
                x += d[:, None] * W.take(c, axis=0)
                fe_flip = _softplus_rows(x)
                fe_flip += d * b_v[c]
                fe_flip += vb
                # log p(v_c | v_-c) = -softplus(F(v) - F(v flipped)), F(flipped) = -fe_flip
                pll -= nv * float(np.logaddexp(0.0, F + fe_flip).sum())
        mse = sq / V.size if recon else math.nan
        return mse, (pll / n if cols is not None else math.nan), fe
