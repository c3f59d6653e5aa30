"""Contrastive divergence: the minibatch loop of :meth:`explorer.engine.rbm.RBM.fit`.

Scope: the CD-k / persistent-CD statistics of one minibatch (:func:`cd_step`), the
preallocated buffers they are computed in (:class:`Work`), the uniforms each minibatch takes
from the generator (:func:`n_uniforms`, :func:`uniform_blocks`), the negated augmented
parameters the loop updates (:func:`augment`, :func:`unaugment`), and one epoch of updates
with momentum and weight decay (:class:`CDLoop`). :mod:`explorer.engine.rbm` documents the
algorithm (Hinton's practical guide); this module is how it runs fast. Only NumPy is imported.

Numerics: the sigmoids here skip the clamp of :mod:`explorer.engine.rbm`: ``exp(-z)`` may
overflow to ``inf`` (for ``z < -709`` in float64), which gives ``1 / inf = 0``, the exact
limit, under ``np.errstate(over="ignore", under="ignore")`` (never NaN).

Speed: the loop keeps the *negated* parameters in one augmented matrix
``-[[W, b_v], [b_h, 1e30]]`` and the data / reconstruction (with a ones column) and the two
hidden phases (with a ±1 column) stacked in preallocated buffers, so a minibatch costs four
BLAS calls (up, down, up, and one for the whole gradient of ``W``, ``b_v``, ``b_h``), three
sigmoids of three in-place passes each, two passes to sample (``ceil(p - u)``) and five
in-place updates, and allocates no arrays. The huge corner makes every matmul put
``-z ≈ -1e30`` in the constant columns, which the sigmoid turns into exactly 1 (or the ±scale
of the gradient's halves), so the sigmoids run over whole contiguous rows, two to three times
faster than over strided views that leave those columns out. The gradient comes out
already multiplied by ``-lr / m`` (the negative half's sigmoid has it as numerator, the
positive half is scaled once it has been sampled from). Uniforms are drawn for many
minibatches per ``rng.random`` call (the stream is the same). For digits-sized layers the time
goes to BLAS and ``exp`` (NumPy has no SIMD ``exp`` for float64 on AVX2 machines, one reason
float32 trains about twice as fast).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "BIG",
    "RAND_CHUNK",
    "CDLoop",
    "Work",
    "augment",
    "cd_step",
    "n_uniforms",
    "unaugment",
    "uniform_blocks",
]

#: Minus the corner of the augmented parameters (see :func:`augment`): ``exp(-BIG +
#: anything reasonable)`` is exactly 0 in both dtypes.
BIG = 1e30
#: Uniforms drawn per ``rng.random`` call in :class:`CDLoop` (several minibatches' worth;
#: 256 kB in float64).
RAND_CHUNK = 1 << 15


def augment(W: np.ndarray, b_v: np.ndarray, b_h: np.ndarray) -> np.ndarray:
    """The negated augmented parameters ``-[[W, b_v], [b_h, BIG]]``.

    The corner is a parameter of the constant units only: it never changes (its gradient
    is ``m - m = 0``, it is not decayed) and it makes the training loop's constant columns
    come out of the sigmoid as exact ±1 (see :class:`Work`).

    Parameters
    ----------
    W : ndarray, shape (nv, nh)
    b_v : ndarray, shape (nv,)
    b_h : ndarray, shape (nh,)

    Returns
    -------
    ndarray, shape (nv + 1, nh + 1), dtype of ``W``
    """
    nv, nh = W.shape
    P = np.empty((nv + 1, nh + 1), dtype=W.dtype)
    np.negative(W, out=P[:nv, :nh])
    np.negative(b_v, out=P[:nv, nh])
    np.negative(b_h, out=P[nv, :nh])
    P[nv, nh] = -BIG
    return P


def unaugment(P: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``W``, ``b_v``, ``b_h`` from :func:`augment`'s ``P``, as new arrays.

    Parameters
    ----------
    P : ndarray, shape (nv + 1, nh + 1)

    Returns
    -------
    W : ndarray, shape (nv, nh)
    b_v : ndarray, shape (nv,)
    b_h : ndarray, shape (nh,)
    """
    return -P[:-1, :-1], -P[:-1, -1], -P[-1, :-1]


class Work:
    """Preallocated arrays for minibatches of ``m`` rows, laid out so that one matmul gives
    the whole gradient and every elementwise operation runs over whole, contiguous rows.

    ``V`` (2m, nv + 1) stacks the data (top) over the negative visible states (bottom), with a
    column of ones; ``H`` (2m, nh + 1) stacks ``scale * p(h | v_data)`` over
    ``-scale * p(h | v_neg)``, with a column of ``+scale`` (top) / ``-scale`` (bottom). Then
    ``V.T @ H`` is ``scale * [[Σ v h - Σ v' h', Σ v - Σ v'], [Σ h - Σ h', 0]]``: the summed
    gradient of ``[[W, b_v], [b_h, 0]]``, already scaled, in one BLAS call. ``h``
    (m, nh + 1) holds sampled hidden states with a column of ones.

    The constant columns need no bookkeeping: the corner of the augmented parameters is
    ``-BIG`` (see :func:`augment`), so each matmul puts a huge negative ``-z`` in that
    column and the sigmoid turns it into exactly ``s / (1 + 0) = s``; sampling leaves it
    alone. The ``*_units`` views leave the constant column out. The constants are 0-d arrays
    of the working dtype: NumPy handles them faster than Python floats.
    """

    __slots__ = (
        "G", "H", "V", "h", "h_units", "hneg", "hneg_units", "hpos", "hpos_units", "m",
        "mscale", "one", "scale", "scaled", "vneg", "vneg_units", "vpos",
    )  # fmt: skip

    def __init__(self, m: int, nv: int, nh: int, dtype: np.dtype, scale: float = 1.0):
        self.m = m
        self.V = np.empty((2 * m, nv + 1), dtype)
        self.V[:, nv] = 1.0
        self.H = np.empty((2 * m, nh + 1), dtype)
        self.h = np.empty((m, nh + 1), dtype)
        self.h[:, nh] = 1.0
        self.G = np.empty((nv + 1, nh + 1), dtype)
        self.vpos, self.vneg = self.V[:m], self.V[m:]
        self.hpos, self.hneg = self.H[:m], self.H[m:]
        self.vneg_units, self.h_units = self.vneg[:, :nv], self.h[:, :nh]
        self.hpos_units, self.hneg_units = self.hpos[:, :nh], self.hneg[:, :nh]
        self.one = np.array(1.0, dtype)
        self.scale, self.mscale = np.array(scale, dtype), np.array(-scale, dtype)
        self.scaled = scale != 1.0


def n_uniforms(m, nv, nh, k, persistent, sample_last, chain_from_data) -> int:
    """How many uniforms :func:`cd_step` takes for one minibatch.

    Parameters
    ----------
    m, nv, nh : int
        Rows of the minibatch, visible and hidden units.
    k : int
        Gibbs steps.
    persistent, sample_last, chain_from_data : bool
        As :func:`cd_step` is called: PCD chain, sampled final visible states, chain
        started from the data.

    Returns
    -------
    int
        ``nh`` per row for each hidden sampling plus ``nv`` per row for each visible one.
    """
    hidden = (k if persistent else k - 1) + (not persistent or chain_from_data)
    return m * (hidden * nh + (k if sample_last else k - 1) * nv)


def uniform_blocks(rng, counts, buf):
    """The uniforms of successive minibatches, drawn several minibatches at a time.

    Parameters
    ----------
    rng : numpy.random.Generator
    counts : sequence of int
        Uniforms each minibatch takes, in order (:func:`n_uniforms`).
    buf : ndarray, shape (size,)
        Work buffer in the working dtype, at least ``max(counts)`` long: one ``rng.random``
        call fills it for as many minibatches as fit.

    Yields
    ------
    ndarray, shape (counts[i],)
        Views of ``buf``, valid until the next one is asked for; the stream is the same as
        one ``rng.random(counts[i])`` call per minibatch would give.
    """
    i, n = 0, len(counts)
    while i < n:
        j, total = i + 1, counts[i]
        while j < n and total + counts[j] <= buf.size:
            total += counts[j]
            j += 1
        rng.random(out=buf[:total], dtype=buf.dtype)
        pos = 0
        for c in counts[i:j]:
            yield buf[pos : pos + c]
            pos += c
        i = j


def cd_step(P, PT, k, u, wk, chain, sample_last, chain_from_data):
    """CD-k / PCD statistics of one minibatch, written into ``wk.G`` (summed over rows, times
    ``wk.scale``).

    ``P`` (nv + 1, nh + 1) holds the *negated* parameters ``-[[W, b_v], [b_h, BIG]]`` and
    ``PT`` is ``P.T``, so a matmul with the augmented states gives ``-z`` directly. Each
    sigmoid is ``exp``, ``+ 1``, ``s / .`` in place, with no clamp: for ``z`` below about -709
    (float64) or -88 (float32) ``exp`` overflows to ``inf`` and the result is ``s / inf = 0``,
    the exact limit, so this must run under ``np.errstate(over="ignore", under="ignore")``.
    A unit is sampled on as ``ceil(p - u)``, which is 1 if ``u < p`` and (minus) 0 otherwise:
    two light passes, where ``np.less`` into a float array is one slow casting pass (the
    ``ceil`` runs over whole rows: the constant column stays 1).
    The minibatch must be in ``wk.vpos`` (its column of ones is there from the start);
    ``u`` (1-D) holds the :func:`n_uniforms` uniforms it needs, used in order. ``chain``
    (m, nh + 1), if given, holds persistent hidden states with a column of ones: the negative
    chain starts from them (unless ``chain_from_data``) and the new states are written back
    into it.
    """
    exp, add, divide, subtract, ceil, dot = np.exp, np.add, np.divide, np.subtract, np.ceil, np.dot
    m, one = wk.m, wk.one
    nv, nh = P.shape[0] - 1, P.shape[1] - 1
    vneg, hpos, hneg, h = wk.vneg, wk.hpos, wk.hneg, wk.h
    # positive phase: hidden probabilities driven by the data
    dot(wk.vpos, P, hpos)
    exp(hpos, hpos)
    add(hpos, one, hpos)
    divide(one, hpos, hpos)
    i = 0
    if chain is None or chain_from_data:  # start from hidden states sampled from the data
        i = m * nh
        subtract(wk.hpos_units, u[:i].reshape(m, nh), wk.h_units)
        ceil(h, h)
    else:
        np.copyto(h, chain)
    for t in range(k):
        last = t == k - 1
        dot(h, PT, vneg)
        exp(vneg, vneg)
        add(vneg, one, vneg)
        divide(one, vneg, vneg)
        if sample_last or not last:  # else the reconstruction stays p(v | h) (guide, 3.2)
            subtract(wk.vneg_units, u[i : i + m * nv].reshape(m, nv), wk.vneg_units)
            ceil(vneg, vneg)
            i += m * nv
        dot(vneg, P, hneg)
        exp(hneg, hneg)
        add(hneg, one, hneg)
        if last and chain is None:
            # final hidden probabilities, stored negated: <v h>_data - <v h>_model below
            divide(wk.mscale, hneg, hneg)
            break
        divide(one, hneg, hneg)
        # states driving the chain are sampled (3.1); PCD: the next fantasy particles
        target = chain if last else h
        subtract(wk.hneg_units, u[i : i + m * nh].reshape(m, nh), target[:, :nh])
        ceil(target, target)
        i += m * nh
        if last:
            np.multiply(hneg, wk.mscale, hneg)
    if wk.scaled:
        np.multiply(hpos, wk.scale, hpos)
    # <v h>_data - <v h>_model with probabilities for the final hidden (guide, 3.3)
    dot(wk.V.T, wk.H, wk.G)


class CDLoop:
    """One CD-k or PCD training run's minibatch loop, updating ``P`` in place.

    Each minibatch's update is ``ΔW ← μ ΔW + lr (<v h>_data - <v h>_model - wd W)``
    (biases without decay), written for ``P = -[[W, b_v], [b_h, BIG]]``.

    Parameters
    ----------
    X : ndarray, shape (n, nv)
        Training data in the working dtype.
    P : ndarray, shape (nv + 1, nh + 1)
        From :func:`augment`; updated in place by :meth:`epoch`.
    batch_size, k : int
        Minibatch size (the last minibatch may be smaller) and Gibbs steps.
    persistent : bool
        PCD: the fantasy chains (one per row of the first minibatch) carry on across
        minibatches and epochs, started from hidden states sampled from the first minibatch.
    lr, weight_decay : float
    """

    def __init__(self, X, P, batch_size: int, k: int, persistent: bool, lr, weight_decay):
        n, nv = X.shape
        nh, dt = P.shape[1] - 1, P.dtype
        self.P, self.PT, self.k, self.persistent = P, P.T, k, persistent
        self.starts = range(0, n, batch_size)
        self.sizes = [min(batch_size, n - s) for s in self.starts]
        # each minibatch's summed gradient comes out times -lr / m (see Work)
        self.work = {m: Work(m, nv, nh, dt, -float(lr) / m) for m in set(self.sizes)}
        self.Xa = np.empty((n, nv + 1), dtype=dt)  # the data with a column of ones
        self.Xa[:, :nv] = X
        self.Xa[:, nv] = 1.0
        # uniforms each minibatch takes from rng; PCD's first one also samples its start
        self.counts = [n_uniforms(m, nv, nh, k, persistent, persistent, False) for m in self.sizes]
        self.first = list(self.counts)
        if persistent:
            self.first[0] = n_uniforms(self.sizes[0], nv, nh, k, True, True, True)
        self.ubuf = np.empty(max(RAND_CHUNK, *self.first), dtype=dt)
        self.vel = np.zeros_like(P)  # the last update ΔP = -[[ΔW, Δb_v], [Δb_h, 0]]
        # weight decay as contiguous ops over the first nv rows of P ([W, b_v]): lr * wd on
        # W's entries, 0 on b_v's
        self.lr_wd = float(lr) * float(weight_decay)
        self.decay_rate = np.zeros((nv, nh + 1), dtype=dt)
        self.decay_rate[:, :nh] = self.lr_wd
        self.decay = np.empty_like(self.decay_rate)
        self.chain = np.ones((self.sizes[0], nh + 1), dtype=dt) if persistent else None
        self.epochs_done = 0

    def epoch(self, rng: np.random.Generator, momentum: float) -> None:
        """One pass over the data: a permutation of the rows from ``rng``, then for each
        minibatch in turn its uniforms (drawn in blocks, see :func:`uniform_blocks`), its
        statistics (:func:`cd_step`) and the update of ``P`` with this ``momentum``."""
        P, vel, k = self.P, self.vel, self.k
        nv = self.decay.shape[0]
        P_rows, vel_rows = P[:nv], vel[:nv]
        mu = np.array(momentum, P.dtype)
        start = self.epochs_done == 0
        perm = rng.permutation(self.Xa.shape[0])
        uniforms = uniform_blocks(rng, self.first if start else self.counts, self.ubuf)
        # see cd_step: exp(+large) -> inf -> p = 0, exp(-BIG) -> 0
        with np.errstate(over="ignore", under="ignore"):
            for s, m, u in zip(self.starts, self.sizes, uniforms):
                wk = self.work[m]
                self.Xa.take(perm[s : s + m], 0, wk.vpos, "clip")  # the minibatch, with ones
                if self.persistent:  # the first minibatch seeds the fantasy particles
                    cd_step(P, self.PT, k, u, wk, self.chain[:m], True, start and s == 0)
                else:
                    cd_step(P, self.PT, k, u, wk, None, False, False)
                # ΔW = μ ΔW + lr (<vh>_data - <vh>_model - wd W), written for P = -W;
                # wk.G holds -lr times the first two terms
                np.multiply(vel, mu, vel)
                np.add(vel, wk.G, vel)
                if self.lr_wd:
                    np.multiply(P_rows, self.decay_rate, self.decay)
                    np.subtract(vel_rows, self.decay, vel_rows)
                np.add(P, vel, P)
        self.epochs_done += 1

    def update_ratio(self) -> float:
        """``||ΔW|| / ||W||`` (Frobenius norms) of the last update; 0 when ``W = 0``."""
        nv, nh = self.P.shape[0] - 1, self.P.shape[1] - 1
        norm_w = float(np.linalg.norm(self.P[:nv, :nh]))
        return float(np.linalg.norm(self.vel[:nv, :nh])) / norm_w if norm_w else 0.0
