"""RBM runs for the RBM tab: a frozen configuration in, a small frozen NumPy result out.

Scope: :class:`RBMConfig` (everything that shapes one run, validated once, at construction,
with messages that name the allowed values), :func:`train_rbm` (load the data, split it,
fit, and report each epoch to a callback that can stop the run) and :class:`RBMResult`: the
learned parameters, per-epoch curves as arrays and ``uint8`` picture grids
(:mod:`explorer.analysis.images`). The tidy frames for the charts are built from a result by
:mod:`explorer.analysis.rbm_frames`. NumPy only (no pandas, no Streamlit), so a run can go to
a worker process of the job service.

**Stopping keeps what was learned.** Every epoch the callback receives a frozen snapshot
(:class:`RBMProgress`) of everything learned so far; returning ``False`` stops the run,
which then returns the result built from that snapshot with ``stopped=True``; the same
result can be built later from any snapshot (:func:`rbm_partial`).

**Determinism.** The split, the RBM, the minibatch order and the Gibbs samples all come from
``config.seed``: the same configuration gives bit-identical arrays (only the ``seconds``
field, a wall-clock time, differs).

References
----------
.. [1] Hinton (2010). A practical guide to training restricted Boltzmann machines.
   UTML TR 2010-003 (sec. 6: the free-energy gap as an over-fitting monitor).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorer.analysis.images import normalize_filters, scale_for, tile
from explorer.data.datasets import DATASETS, load_dataset
from explorer.engine.rbm import RBM, RBMHistory
from explorer.engine.train import train_val_split
from explorer.services.errors import FIELDS, check, keyed

__all__ = [
    "MAX_SECONDS",
    "MNIST_ROWS",
    "RBM_DATA",
    "RBMConfig",
    "RBMParams",
    "RBMProgress",
    "RBMResult",
    "Split",
    "estimate_mb",
    "estimate_seconds",
    "load_split",
    "rbm_defaults",
    "rbm_partial",
    "reconstruct_image",
    "train_rbm",
]

#: Data sets of the RBM tab.
RBM_DATA = FIELDS["rbm_data"].choices
#: MNIST rows used (the first of 70,000): an epoch of a 100-unit RBM takes about a second.
MNIST_ROWS = 6000
#: Held-out fraction (stratified by label, seeded by ``config.seed``).
VAL_FRACTION = 0.2

# Limits, named in the validation messages.
MAX_RBM_HIDDEN = int(FIELDS["rbm_n_hidden"].hi)
MAX_RBM_EPOCHS = int(FIELDS["rbm_epochs"].hi)
BARS_SIZES = FIELDS["rbm_bars_size"].bounds
#: Longest run the app accepts, by :func:`estimate_seconds`.
MAX_SECONDS = 120
#: Throughput assumed by :func:`estimate_seconds`: multiply-adds per second with one BLAS
#: thread on a small shared host (measured ~1.5e9 for 64x100 RBMs on 2 cores; rounded down).
MACS_PER_SECOND = 1e9
#: Fixed cost per minibatch (Python and small-array overhead), in seconds.
SECONDS_PER_BATCH = 3e-5

# What a result shows.
#: The RBM tab trains in single precision, as deep-learning libraries do: half the time of
#: float64 (``exp`` vectorizes in float32), with reconstructions and filters that look the
#: same (see ``benchmarks/bench_rbm.py``). The engine's :class:`~explorer.engine.rbm.RBM`
#: defaults to float64.
RBM_DTYPE = "float32"
N_SHOW = 20  # held-out images with their reconstructions (RBM tab)
SHOW_COLS = 5  # held-out images per row (all in one row when there are at most 8)
N_FILTERS = 100  # filters drawn at most
N_SAMPLES = 20  # Gibbs chains
GIBBS_WORK = 1.6e7  # steps x n_visible x n_hidden, so MNIST-sized RBMs sample in < 1 s
MAX_GIBBS_STEPS = 1000
MIN_GIBBS_STEPS = 100
UPLOAD_ZOOM = 3  # an upload and its reconstruction are drawn 3x as large as the grid tiles

# --------------------------------------------------------------------------- helpers


def _n_rows(dataset: str, bars_size: int = 4) -> int:
    if dataset == "digits":
        return 1797
    if dataset == "mnist":
        return MNIST_ROWS
    return 2 * 2**bars_size - 2


def _n_visible(dataset: str, bars_size: int = 4) -> int:
    if dataset == "bars_stripes":
        return bars_size * bars_size
    h, w = DATASETS[dataset].image_shape
    return h * w


def _n_train(n: int) -> int:
    return n - min(max(math.ceil(VAL_FRACTION * n - 1e-9), 1), n - 1)


def _too_slow(seconds: float, key: str) -> None:
    if seconds > MAX_SECONDS:
        raise keyed(key, seconds=seconds, limit=MAX_SECONDS)


# --------------------------------------------------------------------------- configs


@dataclass(frozen=True)
class RBMConfig:
    """Everything that shapes one RBM run of the RBM tab.

    Attributes
    ----------
    dataset : {"digits", "bars_stripes", "mnist"}
    bars_size : int
        Side of the bars-and-stripes images, 2–8 (ignored by the other data sets).
    n_hidden : int
        Hidden units, 1–1000.
    epochs : int
        1–200.
    lr : float
        Learning rate in (0, 1].
    batch_size : int
        1–1000 (clipped to the training rows).
    k : int
        Gibbs steps of CD-k, 1–25 (also the steps per update of persistent CD).
    persistent : bool
        Persistent CD (Tieleman 2008) instead of CD-k.
    weight_decay : float
        L2 coefficient on ``W`` in [0, 0.01].
    seed : int
        >= 0: the split, the initial weights, the minibatch order and the Gibbs samples.

    Raises
    ------
    ConfigError
        At construction, for any value out of range (the message names the range), or a run
        estimated to take longer than :data:`MAX_SECONDS`.
    """

    dataset: str = "digits"
    bars_size: int = 4
    n_hidden: int = 100
    epochs: int = 20
    lr: float = 0.05
    batch_size: int = 20
    k: int = 1
    persistent: bool = False
    weight_decay: float = 2e-4
    seed: int = 0

    def __post_init__(self) -> None:
        check("rbm_data", self.dataset)
        s = object.__setattr__
        for name in ("bars_size", "n_hidden", "epochs", "lr", "batch_size", "k", "weight_decay"):
            s(self, name, check(f"rbm_{name}", getattr(self, name)))
        s(self, "persistent", bool(self.persistent))
        s(self, "seed", check("seed", self.seed))
        _too_slow(estimate_seconds(self), "rbm_too_slow")

    @property
    def n_visible(self) -> int:
        """Pixels per image."""
        return _n_visible(self.dataset, self.bars_size)


def rbm_defaults(dataset: str, seed: int = 0) -> RBMConfig:
    """Settings that train in a few seconds and give clean filters on ``dataset``."""
    if dataset == "bars_stripes":  # 24 training patterns: many short epochs
        return RBMConfig("bars_stripes", 4, 16, 150, 0.1, 4, seed=seed)
    if dataset == "mnist":
        return RBMConfig("mnist", n_hidden=100, epochs=10, lr=0.05, batch_size=20, seed=seed)
    return RBMConfig(dataset, seed=seed)


# --------------------------------------------------------------------------- estimates


def estimate_seconds(cfg: RBMConfig) -> float:
    """A conservative wall-clock estimate of a run on one BLAS thread.

    Counts the multiply-adds of CD-k (``2k + 2`` matrix products of a minibatch per update)
    at :data:`MACS_PER_SECOND`, plus :data:`SECONDS_PER_BATCH` per minibatch.
    """
    n = _n_train(_n_rows(cfg.dataset, cfg.bars_size))
    macs = cfg.epochs * n * cfg.n_visible * cfg.n_hidden * (2 * cfg.k + 2)
    batches = cfg.epochs * math.ceil(n / min(cfg.batch_size, n))
    return macs / MACS_PER_SECOND + batches * SECONDS_PER_BATCH


def estimate_mb(cfg: RBMConfig) -> float:
    """Peak memory of a run's arrays in MB (float64), a little on the safe side.

    Counts the data set three times (as loaded, split, and the shuffled copy an epoch
    makes), the free energies' products on the held-out rows, and the weights five times
    (the RBM, gradients, momentum, snapshots). The largest RBM allowed on MNIST peaks at
    139 MB (estimate 156 MB).
    """
    n, nv, nh = _n_rows(cfg.dataset, cfg.bars_size), cfg.n_visible, cfg.n_hidden
    n_val = n - _n_train(n)
    return 8 * (3 * n * nv + 2 * n_val * nh + 5 * nv * nh) / 2**20


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, eq=False)
class Split:
    """A data set split into training and held-out rows (read-only arrays)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    image_shape: tuple[int, int]
    dataset: str
    n_classes: int


def load_split(dataset: str, seed: int, bars_size: int = 4) -> Split:
    """Load ``dataset`` and split off a stratified :data:`VAL_FRACTION` with ``seed``.

    Raises
    ------
    explorer.data.datasets.DatasetUnavailable
        MNIST could not be downloaded (the message says why).
    """
    if dataset == "mnist":
        ds = load_dataset("mnist", n=MNIST_ROWS)
    elif dataset == "bars_stripes":
        ds = load_dataset("bars_stripes", size=bars_size)
    else:
        ds = load_dataset(dataset)
    Xtr, Xva, ytr, yva = train_val_split(ds.X, ds.y, VAL_FRACTION, seed=seed)
    for a in (Xtr, Xva, ytr, yva):
        a.flags.writeable = False
    return Split(Xtr, ytr, Xva, yva, tuple(ds.image_shape), dataset, ds.n_classes)


# --------------------------------------------------------------------------- RBM runs


@dataclass(frozen=True, eq=False)
class RBMParams:
    """A snapshot of an RBM's parameters (read-only copies) and its history."""

    W: np.ndarray
    b_v: np.ndarray
    b_h: np.ndarray
    history: RBMHistory

    @classmethod
    def of(cls, rbm: RBM) -> RBMParams:
        """Snapshot ``rbm`` (copies, so the snapshot does not move on with training)."""
        arrays = []
        for a in (rbm.W, rbm.b_v, rbm.b_h):
            c = np.array(a, dtype=np.float64)
            c.flags.writeable = False
            arrays.append(c)
        return cls(*arrays, rbm.history)

    def rbm(self) -> RBM:
        """A live :class:`RBM` with these parameters (for reconstructions and sampling)."""
        nv, nh = self.W.shape
        r = RBM(nv, nh, seed=0)
        r.W, r.b_v, r.b_h = self.W.copy(), self.b_v.copy(), self.b_h.copy()
        r.history = self.history
        return r


@dataclass(frozen=True, eq=False)
class RBMProgress:
    """What an RBM run has learned after ``epoch`` of ``epochs`` epochs.

    ``fe_train`` / ``fe_val``: mean free energy per epoch of as many evenly spaced training
    rows as there are held-out rows, and of the held-out rows.
    """

    epoch: int
    epochs: int
    params: RBMParams
    fe_train: tuple[float, ...]
    fe_val: tuple[float, ...]
    seconds: float


@dataclass(frozen=True, eq=False)
class RBMResult:
    """What the RBM tab shows for one (finished or stopped) run.

    Attributes
    ----------
    config : RBMConfig
    image_shape : (h, w)
    n_train, n_val : int
        Training and held-out rows.
    epochs_run : int
    stopped : bool
        True when the run was stopped before ``config.epochs``.
    seconds : float
        Wall-clock training time (not part of the deterministic output).
    params : RBMParams
        The learned weights (for uploads).
    fe_train, fe_val : ndarray, shape (epochs_run,)
        Mean free energy per epoch of as many evenly spaced training rows as there are
        held-out rows, and of the held-out rows (their gap is Hinton's over-fitting monitor).
        The reconstruction errors per epoch are in ``params.history``.
    originals, reconstructions : ndarray of uint8
        Grids (:func:`explorer.analysis.images.tile`) of the first :data:`N_SHOW` held-out images
        and of their reconstructions ``p(v | h(v))``, tile for tile.
    filters : ndarray of uint8
        Grid of up to :data:`N_FILTERS` columns of ``W`` as images, each normalized
        symmetrically around 0 (grey = 0, white = positive, black = negative).
    samples : ndarray of uint8
        Grid of :data:`N_SAMPLES` Gibbs fantasies (``gibbs_steps`` steps from random noise).
    n_filters, gibbs_steps, scale : int
        Filters drawn, Gibbs steps per chain, pixel upscaling factor of the grids.
    """

    config: RBMConfig
    image_shape: tuple[int, int]
    n_train: int
    n_val: int
    epochs_run: int
    stopped: bool
    seconds: float
    params: RBMParams
    fe_train: np.ndarray
    fe_val: np.ndarray
    originals: np.ndarray
    reconstructions: np.ndarray
    filters: np.ndarray
    samples: np.ndarray
    n_filters: int
    gibbs_steps: int
    scale: int


def grid_cols(n: int, most: int = 10) -> int:
    """Columns for a grid of ``n`` pictures: all in one row up to ``most``, else the largest
    count from ``most`` down to ``most // 2`` that fills every row, else ``most``."""
    if n <= most:
        return max(n, 1)
    return next((c for c in range(most, most // 2 - 1, -1) if n % c == 0), most)


def _gap_rows(X: np.ndarray, n: int) -> np.ndarray:
    """The evenly spaced training rows the free-energy gap compares (as :class:`RBM` does)."""
    return X[np.linspace(0, X.shape[0] - 1, min(X.shape[0], n)).astype(np.intp)]


def train_rbm(
    cfg: RBMConfig,
    on_epoch: Callable[[RBMProgress], bool | None] | None = None,
    split: Split | None = None,
) -> RBMResult:
    """Load the data, fit an RBM with ``cfg`` and build its :class:`RBMResult` (a job).

    Parameters
    ----------
    cfg : RBMConfig
    on_epoch : callable, optional
        ``on_epoch(progress)`` after every epoch; returning ``False`` (not ``None``) stops
        the run, which returns the result of what was learned so far (``stopped=True``).
    split : Split, optional
        The data (default :func:`load_split` of ``cfg``).

    Raises
    ------
    explorer.data.datasets.DatasetUnavailable
        MNIST could not be downloaded.
    """
    data = split if split is not None else load_split(cfg.dataset, cfg.seed, cfg.bars_size)
    X, Xv = data.X_train, data.X_val
    ref = _gap_rows(X, Xv.shape[0])
    rbm = RBM(X.shape[1], cfg.n_hidden, seed=cfg.seed, dtype=RBM_DTYPE)
    fe_tr: list[float] = []
    fe_va: list[float] = []
    last: list[RBMProgress] = []
    stopped = False
    t0 = time.perf_counter()

    def step(epoch: int, r: RBM) -> bool | None:
        nonlocal stopped
        fe_tr.append(float(r.free_energy(ref).mean()))
        fe_va.append(float(r.free_energy(Xv).mean()))
        prog = RBMProgress(
            epoch, cfg.epochs, RBMParams.of(r), tuple(fe_tr), tuple(fe_va), time.perf_counter() - t0
        )
        last[:] = [prog]
        if on_epoch is not None:
            answer = on_epoch(prog)
            if answer is not None and not answer and epoch < cfg.epochs:
                stopped = True
                return False
        return None

    rbm.fit(
        X,
        epochs=cfg.epochs,
        lr=cfg.lr,
        batch_size=cfg.batch_size,
        k=cfg.k,
        persistent=cfg.persistent,
        weight_decay=cfg.weight_decay,
        X_val=Xv,
        on_epoch=step,
    )
    return rbm_result(cfg, last[0], stopped=stopped, split=data)


def _gibbs_steps(nv: int, nh: int) -> int:
    return int(min(MAX_GIBBS_STEPS, max(MIN_GIBBS_STEPS, GIBBS_WORK // (nv * nh))))


def rbm_result(
    cfg: RBMConfig,
    progress: RBMProgress,
    stopped: bool = False,
    split: Split | None = None,
) -> RBMResult:
    """The :class:`RBMResult` of a snapshot (a finished run's last one, or a stopped run's).

    Deterministic: the same snapshot gives the same grids.
    """
    data = split if split is not None else load_split(cfg.dataset, cfg.seed, cfg.bars_size)
    shape = data.image_shape
    scale = scale_for(shape)
    rbm = progress.params.rbm()
    show = data.X_val[:N_SHOW]
    cols = show.shape[0] if show.shape[0] <= 8 else grid_cols(show.shape[0], SHOW_COLS)
    nf = min(N_FILTERS, cfg.n_hidden)
    steps = _gibbs_steps(rbm.n_visible, rbm.n_hidden)
    samples = rbm.sample(N_SAMPLES, steps=steps, seed=cfg.seed)
    return RBMResult(
        config=cfg,
        image_shape=shape,
        n_train=int(data.X_train.shape[0]),
        n_val=int(data.X_val.shape[0]),
        epochs_run=int(progress.epoch),
        stopped=bool(stopped),
        seconds=float(progress.seconds),
        params=progress.params,
        fe_train=_frozen(progress.fe_train[: len(progress.params.history)]),
        fe_val=_frozen(progress.fe_val[: len(progress.params.history)]),
        originals=tile(show, shape, cols=cols, scale=scale),
        reconstructions=tile(rbm.reconstruct(show), shape, cols=cols, scale=scale),
        filters=tile(
            normalize_filters(rbm.W.T[:nf]), shape, cols=grid_cols(nf), scale=scale, sep_value=255
        ),
        samples=tile(samples, shape, cols=grid_cols(N_SAMPLES), scale=scale),
        n_filters=nf,
        gibbs_steps=steps,
        scale=scale,
    )


def rbm_partial(cfg: RBMConfig, progress: RBMProgress) -> RBMResult:
    """The result of a run as of ``progress`` (what a stopped run keeps)."""
    return rbm_result(cfg, progress, stopped=progress.epoch < progress.epochs)


def _frozen(values) -> np.ndarray:
    a = np.array(values, dtype=np.float64)
    a.setflags(write=False)
    return a


def reconstruct_image(result: RBMResult, x) -> tuple[np.ndarray, np.ndarray]:
    """One image (e.g. an upload from :func:`explorer.data.uploads.load_image`) and its
    reconstruction by the result's RBM, as two upscaled ``uint8`` pictures.

    Parameters
    ----------
    result : RBMResult
    x : array_like, shape (h * w,)
        Pixel intensities in [0, 1], row-major.

    Returns
    -------
    original, reconstruction : ndarray of uint8, shape (h * s + 2, w * s + 2)
        ``s = UPLOAD_ZOOM * result.scale``, a 1-px frame around each.
    """
    x = np.asarray(x, dtype=np.float64).reshape(1, -1)
    rbm = result.params.rbm()
    shape, s = result.image_shape, UPLOAD_ZOOM * result.scale
    return tile(x, shape, scale=s), tile(rbm.reconstruct(x), shape, scale=s)
