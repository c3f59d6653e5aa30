"""RBM and DBN runs for the app: a frozen configuration in, a small frozen result out.

Scope: :class:`RBMConfig` and :class:`DBNConfig` (everything that shapes one run, validated
once, at construction, with messages that name the allowed values), :func:`train_rbm` and
:func:`run_dbn` (load the data, split it, fit, and report each epoch to a callback that can
stop the run), and the results :class:`RBMResult` / :class:`DBNResult`: tidy
``pandas.DataFrame`` curves, ``uint8`` picture grids (:mod:`explorer.analysis.images`) and the few
weights a view still needs (an uploaded image's reconstruction). No Streamlit.

**Stopping keeps what was learned.** Every epoch the callback receives a frozen snapshot
(:class:`RBMProgress`, :class:`DBNProgress`) of everything learned so far; returning
``False`` stops the run, which then returns the result built from that snapshot with
``stopped=True``. A caller that is interrupted instead (the Streamlit script is stopped
mid-epoch by a click) keeps the last snapshot and builds the same result later with
:func:`rbm_result` / :func:`dbn_result`.

**Determinism.** The split, the RBMs, the networks and the minibatch order all come from
``config.seed``: the same configuration gives bit-identical arrays and frames (only the
``seconds`` fields, wall-clock times, differ).

**The DBN comparison** is the lecture's (Hinton, Osindero & Teh 2006): the same sigmoid
architecture fine-tuned with labels by the same optimizer, on the same split, for the same
epochs, from (a) greedy RBM pre-training of the hidden layers on the training inputs only
(no labels), (b) the small random ``N(0, 0.01²)`` start and optionally (c) Xavier/Glorot
normal. With the defaults (4 hidden layers of 100 units on the 8×8 digits) (a) reaches about
90 % validation accuracy while (b) stays at chance (10 %): the sigmoid signal vanishes through
four layers of tiny weights.

References
----------
.. [1] Hinton, Osindero, Teh (2006). A fast learning algorithm for deep belief nets.
   Neural Computation 18(7).
.. [2] Hinton (2010). A practical guide to training restricted Boltzmann machines.
   UTML TR 2010-003 (sec. 6: the free-energy gap as an over-fitting monitor).
.. [3] Glorot, Bengio (2010). Understanding the difficulty of training deep feedforward
   neural networks. AISTATS.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from explorer.analysis.images import normalize_filters, scale_for, tile
from explorer.data.datasets import DATASETS, load_dataset
from explorer.engine.checks import ConfigError
from explorer.engine.dbn import layer_reconstructions, pretrain_dbn
from explorer.engine.network import Network
from explorer.engine.optim import OPTIMIZERS
from explorer.engine.rbm import RBM, RBMHistory
from explorer.engine.train import History, train, train_val_split

__all__ = [
    "DBN_DATA",
    "DBN_RUNS",
    "FIELDS",
    "MAX_DBN_LAYERS",
    "MAX_DBN_UNITS",
    "MAX_SECONDS",
    "MESSAGES",
    "MNIST_ROWS",
    "RBM_DATA",
    "DBNConfig",
    "DBNProgress",
    "DBNResult",
    "DBNState",
    "RBMConfig",
    "RBMParams",
    "RBMProgress",
    "RBMResult",
    "dbn_result",
    "estimate_mb",
    "estimate_seconds",
    "format_hidden",
    "load_split",
    "parse_hidden",
    "rbm_defaults",
    "rbm_result",
    "reconstruct_image",
    "run_dbn",
    "train_rbm",
]

#: Data sets of the RBM tab and of the DBN tab (the DBN needs labels for fine-tuning).
RBM_DATA = ("digits", "bars_stripes", "mnist")
DBN_DATA = ("digits", "mnist")
#: MNIST rows used (the first of 70,000): an epoch of a 100-unit RBM takes about a second.
MNIST_ROWS = 6000
#: Held-out fraction (stratified by label, seeded by ``config.seed``).
VAL_FRACTION = 0.2

# Limits, named in the validation messages.
MAX_RBM_HIDDEN = 1000
MAX_RBM_EPOCHS = 200
MAX_BATCH = 1000
MAX_K = 25
MAX_LR = 1.0
MAX_WEIGHT_DECAY = 0.01
BARS_SIZES = (2, 8)
MAX_DBN_LAYERS = 6
MAX_DBN_UNITS = 500
MAX_DBN_EPOCHS = 50
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
DBN_SHOW = 12  # images per layer in the DBN reconstructions
DBN_SHOW_COLS = 3
#: Fine-tuning runs of the DBN comparison: key -> (initializer, its parameters).
DBN_RUNS = {
    "dbn": None,
    "normal": ("normal", {"std": 0.01}),
    "xavier": ("xavier_normal", None),
}


# --------------------------------------------------------------------------- validation

_DBN_HELP = (
    "Enter hidden-layer sizes as whole numbers separated by commas, e.g. 100, 100, 100, 100 "
    "(1–{most_layers} layers, each 1–{most_units} units; the caps keep a run within "
    "about two minutes and its arrays under 250 MB, far below the app's 600 MB)."
)
_TOO_SLOW = (
    "This run would take about {seconds:.0f} s; the limit is {limit} s "
    "(so a run stays interactive on a small server). "
)
#: English text of every :class:`~explorer.engine.checks.ConfigError` this module raises, by key.
#: The error carries the key and the parameters, so the UI can say it in another language
#: (``err_<key>`` in :mod:`explorer.ui.i18n`, which takes its English from here). A
#: ``field`` parameter is a key of :data:`FIELDS`.
MESSAGES = {
    "rbm_int": "{field} must be a whole number in {lo}–{hi}, got {got!r}.",
    "rbm_float_open": "{field} must be in ({lo:g}, {hi:g}], got {got!r}.",
    "rbm_float_closed": "{field} must be in [{lo:g}, {hi:g}], got {got!r}.",
    "rbm_seed": "The seed must be a whole number >= 0, got {got!r}.",
    "rbm_data": "The data set must be one of {choices}, got {got!r}.",
    "rbm_optimizer": "The optimizer must be one of {choices}, got {got!r}.",
    "rbm_too_slow": _TOO_SLOW + "Use fewer epochs or hidden units, or a larger batch.",
    "dbn_too_slow": _TOO_SLOW + "Use fewer epochs, layers or units.",
    "dbn_layers_empty": "No hidden layers given. " + _DBN_HELP,
    "dbn_layers_long": "The layer text is too long. " + _DBN_HELP,
    "dbn_layers_gap": "'(empty)' is not a whole number. " + _DBN_HELP,
    "dbn_layers_nan": "'{part}' is not a whole number. " + _DBN_HELP,
    "dbn_layers_many": "{n} hidden layers is too many. " + _DBN_HELP,
    "dbn_layers_range": "A layer of {got!r} units is out of range. " + _DBN_HELP,
}
#: The settings the messages name (``field`` parameter), in English.
FIELDS = {
    "rbm_bars_size": "The image size",
    "rbm_n_hidden": "Hidden units",
    "rbm_epochs": "Epochs",
    "rbm_lr": "The learning rate",
    "rbm_batch_size": "Batch size",
    "rbm_k": "CD steps k",
    "rbm_weight_decay": "Weight decay",
    "dbn_pre_epochs": "Pre-training epochs",
    "dbn_pre_lr": "The RBM learning rate",
    "dbn_pre_batch": "The RBM batch size",
    "dbn_k": "CD steps k",
    "dbn_ft_epochs": "Fine-tuning epochs",
    "dbn_ft_lr": "The fine-tuning learning rate",
    "dbn_ft_batch": "The fine-tuning batch size",
}


def _error(key: str, **params) -> ConfigError:
    """A :class:`ConfigError` with the English text of ``MESSAGES[key]``, its key and params."""
    return ConfigError.from_table(MESSAGES, FIELDS, key, **params)


def _layers_error(key: str, **params) -> ConfigError:
    return _error(key, most_layers=MAX_DBN_LAYERS, most_units=MAX_DBN_UNITS, **params)


def _int(field: str, value, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not lo <= value <= hi:
        raise _error("rbm_int", field=field, lo=lo, hi=hi, got=value)
    return int(value)


def _float(field: str, value, lo: float, hi: float, lo_open: bool) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    if isinstance(value, bool) or not ((v > lo if lo_open else v >= lo) and v <= hi):
        key = "rbm_float_open" if lo_open else "rbm_float_closed"
        raise _error(key, field=field, lo=lo, hi=hi, got=value)
    return v


def _seed(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise _error("rbm_seed", got=value)
    return int(value)


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
        raise _error(key, seconds=seconds, limit=MAX_SECONDS)


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
        if self.dataset not in RBM_DATA:
            raise _error("rbm_data", choices=list(RBM_DATA), got=self.dataset)
        s = object.__setattr__
        s(self, "bars_size", _int("rbm_bars_size", self.bars_size, *BARS_SIZES))
        s(self, "n_hidden", _int("rbm_n_hidden", self.n_hidden, 1, MAX_RBM_HIDDEN))
        s(self, "epochs", _int("rbm_epochs", self.epochs, 1, MAX_RBM_EPOCHS))
        s(self, "lr", _float("rbm_lr", self.lr, 0.0, MAX_LR, True))
        s(self, "batch_size", _int("rbm_batch_size", self.batch_size, 1, MAX_BATCH))
        s(self, "k", _int("rbm_k", self.k, 1, MAX_K))
        s(self, "persistent", bool(self.persistent))
        wd = _float("rbm_weight_decay", self.weight_decay, 0.0, MAX_WEIGHT_DECAY, False)
        s(self, "weight_decay", wd)
        s(self, "seed", _seed(self.seed))
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


def parse_hidden(text: str) -> tuple[int, ...]:
    """Hidden-layer sizes typed as text, e.g. ``"100, 100, 100"`` -> ``(100, 100, 100)``.

    Raises
    ------
    ConfigError
        Empty text, an entry that is not a whole number (``"abc"``, ``"2.5"``, ``"1e3"``), a
        size outside 1–:data:`MAX_DBN_UNITS` or more than :data:`MAX_DBN_LAYERS` layers; the
        message names the allowed values.
    """
    text = (text or "").strip()
    if not text:
        raise _layers_error("dbn_layers_empty")
    if len(text) > 500:
        raise _layers_error("dbn_layers_long")
    parts = re.split(r"\s*,\s*|\s+", text)
    sizes = []
    for part in parts:
        if not part:
            raise _layers_error("dbn_layers_gap")
        if not re.fullmatch(r"[+-]?\d+", part):
            raise _layers_error("dbn_layers_nan", part=part[:20])
        sizes.append(int(part))
    _check_hidden(tuple(sizes))
    return tuple(sizes)


def format_hidden(sizes: tuple[int, ...]) -> str:
    """``(100, 100)`` -> ``"100, 100"``."""
    return ", ".join(str(s) for s in sizes)


def _check_hidden(sizes) -> tuple[int, ...]:
    if not isinstance(sizes, tuple) or not sizes:
        raise _layers_error("dbn_layers_empty")
    if len(sizes) > MAX_DBN_LAYERS:
        raise _layers_error("dbn_layers_many", n=len(sizes))
    for s in sizes:
        if (
            isinstance(s, bool)
            or not isinstance(s, int | np.integer)
            or not 1 <= s <= MAX_DBN_UNITS
        ):
            raise _layers_error("dbn_layers_range", got=s)
    return tuple(int(s) for s in sizes)


@dataclass(frozen=True)
class DBNConfig:
    """Everything that shapes one DBN run: greedy pre-training, then three fine-tunings.

    Attributes
    ----------
    dataset : {"digits", "mnist"}
    hidden : tuple of int
        Hidden-layer sizes, 1–6 layers of 1–500 units (:func:`parse_hidden`).
    pre_epochs : int
        Pre-training epochs per layer, 1–50.
    pre_lr : float
        RBM learning rate in (0, 1].
    pre_batch : int
        RBM minibatch size, 1–1000.
    k : int
        CD-k steps, 1–25.
    ft_epochs : int
        Fine-tuning epochs of every network, 1–50.
    ft_lr : float
        Fine-tuning learning rate in (0, 1].
    ft_batch : int
        Fine-tuning minibatch size, 1–1000.
    optimizer : {"sgd", "momentum", "adam"}
    xavier : bool
        Also fine-tune a Xavier-initialized network.
    seed : int
        >= 0.

    Raises
    ------
    ConfigError
        At construction, for any value out of range (the message names the range), or a run
        estimated to take longer than :data:`MAX_SECONDS`.
    """

    dataset: str = "digits"
    hidden: tuple[int, ...] = (100, 100, 100, 100)
    pre_epochs: int = 10
    pre_lr: float = 0.05
    pre_batch: int = 20
    k: int = 1
    ft_epochs: int = 10
    ft_lr: float = 0.3
    ft_batch: int = 32
    optimizer: str = "sgd"
    xavier: bool = True
    seed: int = 0

    def __post_init__(self) -> None:
        if self.dataset not in DBN_DATA:
            raise _error("rbm_data", choices=list(DBN_DATA), got=self.dataset)
        s = object.__setattr__
        s(self, "hidden", _check_hidden(self.hidden))
        e = MAX_DBN_EPOCHS
        s(self, "pre_epochs", _int("dbn_pre_epochs", self.pre_epochs, 1, e))
        s(self, "pre_lr", _float("dbn_pre_lr", self.pre_lr, 0.0, MAX_LR, True))
        s(self, "pre_batch", _int("dbn_pre_batch", self.pre_batch, 1, MAX_BATCH))
        s(self, "k", _int("dbn_k", self.k, 1, MAX_K))
        s(self, "ft_epochs", _int("dbn_ft_epochs", self.ft_epochs, 1, e))
        s(self, "ft_lr", _float("dbn_ft_lr", self.ft_lr, 0.0, MAX_LR, True))
        s(self, "ft_batch", _int("dbn_ft_batch", self.ft_batch, 1, MAX_BATCH))
        if self.optimizer not in OPTIMIZERS:
            raise _error("rbm_optimizer", choices=list(OPTIMIZERS), got=self.optimizer)
        s(self, "xavier", bool(self.xavier))
        s(self, "seed", _seed(self.seed))
        _too_slow(estimate_seconds(self), "dbn_too_slow")

    @property
    def runs(self) -> tuple[str, ...]:
        """Keys of :data:`DBN_RUNS` fine-tuned, in order."""
        return ("dbn", "normal", "xavier") if self.xavier else ("dbn", "normal")

    @property
    def sizes(self) -> tuple[int, ...]:
        """The network's layer sizes, input first, 10 classes last."""
        return (_n_visible(self.dataset), *self.hidden, DATASETS[self.dataset].n_classes)


# --------------------------------------------------------------------------- estimates


def estimate_seconds(cfg: RBMConfig | DBNConfig) -> float:
    """A conservative wall-clock estimate of a run on one BLAS thread.

    Counts the multiply-adds of training (CD-k: ``2k + 2`` matrix products of a minibatch
    per update; back-propagation: 3 per layer plus 1 for the per-epoch evaluation) at
    :data:`MACS_PER_SECOND`, plus :data:`SECONDS_PER_BATCH` per minibatch.
    """
    if isinstance(cfg, RBMConfig):
        n = _n_train(_n_rows(cfg.dataset, cfg.bars_size))
        macs = cfg.epochs * n * cfg.n_visible * cfg.n_hidden * (2 * cfg.k + 2)
        batches = cfg.epochs * math.ceil(n / min(cfg.batch_size, n))
        return macs / MACS_PER_SECOND + batches * SECONDS_PER_BATCH
    n = _n_train(_n_rows(cfg.dataset))
    sizes = cfg.sizes
    pre = sum(a * b for a, b in pairwise(sizes[:-1]))
    net = sum(a * b for a, b in pairwise(sizes))
    macs = n * (cfg.pre_epochs * pre * (2 * cfg.k + 2) + len(cfg.runs) * cfg.ft_epochs * net * 4)
    batches = len(cfg.hidden) * cfg.pre_epochs * math.ceil(n / min(cfg.pre_batch, n))
    batches += len(cfg.runs) * cfg.ft_epochs * math.ceil(n / min(cfg.ft_batch, n)) * len(sizes)
    return macs / MACS_PER_SECOND + batches * SECONDS_PER_BATCH


def estimate_mb(cfg: RBMConfig | DBNConfig) -> float:
    """Peak memory of a run's arrays in MB (float64), a little on the safe side.

    Counts the data set three times (as loaded, split, and the shuffled copy an epoch
    makes), the hidden activities of the training rows that feed the next layer (input,
    output and shuffled copy) or the free energies' products on the held-out rows, and the
    weights five times (the RBM or network, the copy :func:`explorer.engine.train.train` trains,
    gradients, optimizer state, snapshots). Measured peaks are below it: 139 MB for the
    largest RBM allowed on MNIST (estimate 156 MB), about 200 MB for 6 layers of 500 units
    (estimate 239 MB).
    """
    if isinstance(cfg, RBMConfig):
        n, nv, nh = _n_rows(cfg.dataset, cfg.bars_size), cfg.n_visible, cfg.n_hidden
        n_val = n - _n_train(n)
        return 8 * (3 * n * nv + 2 * n_val * nh + 5 * nv * nh) / 2**20
    n, sizes = _n_rows(cfg.dataset), cfg.sizes
    weights = sum(a * b for a, b in pairwise(sizes))
    return 8 * (3 * n * sizes[0] + 3 * n * max(cfg.hidden) + 5 * weights) / 2**20


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
    curves : DataFrame
        Columns ``epoch`` (1-based), ``quantity`` ("reconstruction error", "free energy",
        "free-energy gap"), ``split`` ("train", "held-out", "held-out − train"), ``value``.
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
    curves: pd.DataFrame
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
    """Load the data, fit an RBM with ``cfg`` and build its :class:`RBMResult`.

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


def rbm_curves(progress: RBMProgress) -> pd.DataFrame:
    """The tidy per-epoch curves of :attr:`RBMResult.curves`."""
    h = progress.params.history
    E = len(h)
    fe_tr = np.asarray(progress.fe_train[:E], dtype=np.float64)
    fe_va = np.asarray(progress.fe_val[:E], dtype=np.float64)
    parts = [
        ("reconstruction error", "train", h.recon_error),
        ("reconstruction error", "held-out", h.val_recon_error),
        ("free energy", "train", fe_tr),
        ("free energy", "held-out", fe_va),
        ("free-energy gap", "held-out − train", fe_va - fe_tr),
    ]
    epoch = np.arange(1, E + 1, dtype=np.int64)
    frames = [
        pd.DataFrame(
            {
                "epoch": epoch,
                "quantity": quantity,
                "split": split,
                "value": np.asarray(values, dtype=np.float64),
            }
        )
        for quantity, split, values in parts
    ]
    return pd.concat(frames, ignore_index=True)


def _gibbs_steps(nv: int, nh: int) -> int:
    return int(min(MAX_GIBBS_STEPS, max(MIN_GIBBS_STEPS, GIBBS_WORK // (nv * nh))))


def rbm_result(
    cfg: RBMConfig,
    progress: RBMProgress,
    stopped: bool = False,
    split: Split | None = None,
) -> RBMResult:
    """The :class:`RBMResult` of a snapshot (a finished run's last one, or a stopped run's).

    Deterministic: the same snapshot gives the same grids and frames.
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
        curves=rbm_curves(progress),
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


# --------------------------------------------------------------------------- DBN runs


@dataclass(frozen=True, eq=False)
class DBNState:
    """Everything a DBN run has learned so far.

    Attributes
    ----------
    layers : tuple of RBMParams
        Pre-trained layers, bottom first; the last may be partly trained.
    pretrained : bool
        True once every layer finished pre-training.
    histories : tuple of (str, History)
        Fine-tuning histories so far, in :attr:`DBNConfig.runs` order; the last may be
        partial.
    """

    layers: tuple[RBMParams, ...] = ()
    pretrained: bool = False
    histories: tuple[tuple[str, History], ...] = ()


@dataclass(frozen=True, eq=False)
class DBNProgress:
    """One step of a DBN run, for a progress bar and for stopping.

    ``phase`` is ``"pretrain"`` (``layer`` of ``n_layers``, ``epoch`` of ``n_epochs``) or
    ``"finetune"`` (``run`` is a :data:`DBN_RUNS` key; ``layer`` is 0). ``step`` of
    ``total`` counts layer-epochs and fine-tuning epochs together.
    """

    phase: str
    layer: int
    n_layers: int
    epoch: int
    n_epochs: int
    run: str | None
    step: int
    total: int
    state: DBNState
    seconds: float


@dataclass(frozen=True, eq=False)
class DBNResult:
    """What the DBN tab shows for one (finished or stopped) run.

    Attributes
    ----------
    config : DBNConfig
    image_shape : (h, w)
    n_train, n_val : int
    layers_done : int
        Layers with at least one epoch of pre-training.
    pretrained : bool
        Every layer finished pre-training.
    stopped : bool
    seconds : float
        Wall-clock time (not part of the deterministic output).
    layer_images : tuple of ndarray of uint8
        Grids of :data:`DBN_SHOW` held-out images: the input, then the input sent up through
        ``k`` layers and back down, for ``k = 1 .. layers_done``.
    pretrain_curves : DataFrame
        Columns ``layer`` (1-based), ``epoch``, ``recon_error`` (each RBM's reconstruction
        error of its own input, per epoch).
    finetune_curves : DataFrame
        Columns ``run`` (a :data:`DBN_RUNS` key), ``epoch`` (0 = before fine-tuning),
        ``metric`` ("accuracy", "loss"), ``split`` ("train", "validation"), ``value``.
    summary : DataFrame
        One row per fine-tuned run: ``run, epochs, val_accuracy`` (last), ``best_val_accuracy``,
        ``val_loss`` (last).
    """

    config: DBNConfig
    image_shape: tuple[int, int]
    n_train: int
    n_val: int
    layers_done: int
    pretrained: bool
    stopped: bool
    seconds: float
    layer_images: tuple[np.ndarray, ...]
    pretrain_curves: pd.DataFrame
    finetune_curves: pd.DataFrame
    summary: pd.DataFrame

    def accuracy_gain(self) -> float | None:
        """Last validation accuracy of the DBN minus that of ``N(0, 0.01²)``, when both ran
        all their epochs; else None."""
        s = self.summary.set_index("run")
        E = self.config.ft_epochs
        if not {"dbn", "normal"} <= set(s.index) or (s.loc[["dbn", "normal"], "epochs"] < E).any():
            return None
        return float(s.loc["dbn", "val_accuracy"] - s.loc["normal", "val_accuracy"])


def _network(cfg: DBNConfig, run: str, layers: tuple[RBMParams, ...]) -> Network:
    n_out = cfg.sizes[-1]
    if run == "dbn":
        return Network.from_rbms(list(layers), n_out, activation="sigmoid", seed=cfg.seed)
    init, params = DBN_RUNS[run]
    return Network.create(
        cfg.sizes, activation="sigmoid", init=init, seed=cfg.seed, init_params=params
    )


def run_dbn(
    cfg: DBNConfig,
    on_step: Callable[[DBNProgress], bool | None] | None = None,
    split: Split | None = None,
) -> DBNResult:
    """Pre-train the DBN greedily, then fine-tune it and the random starts with labels.

    Parameters
    ----------
    cfg : DBNConfig
    on_step : callable, optional
        ``on_step(progress)`` after every pre-training epoch of every layer and every
        fine-tuning epoch of every run; returning ``False`` (not ``None``) stops the whole
        run, which returns the result of what was learned so far (``stopped=True``).
    split : Split, optional
        The data (default :func:`load_split` of ``cfg``).

    Raises
    ------
    explorer.data.datasets.DatasetUnavailable
        MNIST could not be downloaded.
    """
    data = split if split is not None else load_split(cfg.dataset, cfg.seed)
    L, E, runs = len(cfg.hidden), cfg.pre_epochs, cfg.runs
    total = L * E + len(runs) * cfg.ft_epochs
    done: list[RBMParams] = []
    state = DBNState()
    stopped = False
    t0 = time.perf_counter()

    def report(prog: DBNProgress) -> bool | None:
        nonlocal stopped
        if on_step is None:
            return None
        answer = on_step(prog)
        if answer is not None and not answer and prog.step < total:
            stopped = True
            return False
        return None

    def on_epoch(layer: int, epoch: int, rbm: RBM) -> bool | None:
        nonlocal state
        state = DBNState(tuple(done) + (RBMParams.of(rbm),))
        prog = DBNProgress(
            "pretrain", layer + 1, L, epoch, E, None, layer * E + epoch, total, state,
            time.perf_counter() - t0,
        )  # fmt: skip
        return report(prog)

    def on_layer(layer: int, rbm: RBM) -> None:
        done.append(RBMParams.of(rbm))

    pretrain_dbn(
        data.X_train,
        hidden_sizes=cfg.hidden,
        epochs=E,
        seed=cfg.seed,
        lr=cfg.pre_lr,
        batch_size=cfg.pre_batch,
        k=cfg.k,
        on_layer=on_layer,
        on_epoch=on_epoch,
    )
    if not stopped:
        state = DBNState(tuple(done), pretrained=True)
        histories: list[tuple[str, History]] = []
        for i, run in enumerate(runs):
            net = _network(cfg, run, state.layers)

            def on_ft(epoch: int, hist: History, _net, run=run, i=i) -> bool | None:
                nonlocal state
                state = DBNState(state.layers, True, (*histories, (run, hist)))
                prog = DBNProgress(
                    "finetune", 0, L, epoch, cfg.ft_epochs, run,
                    L * E + i * cfg.ft_epochs + epoch, total, state, time.perf_counter() - t0,
                )  # fmt: skip
                return report(prog)

            res = train(
                net,
                data.X_train,
                data.y_train,
                epochs=cfg.ft_epochs,
                lr=cfg.ft_lr,
                batch_size=cfg.ft_batch,
                optimizer=cfg.optimizer,
                seed=cfg.seed,
                X_val=data.X_val,
                y_val=data.y_val,
                on_epoch=on_ft,
            )
            histories.append((run, res.history))
            state = DBNState(state.layers, True, tuple(histories))
            if stopped:
                break
    return dbn_result(cfg, state, stopped=stopped, seconds=time.perf_counter() - t0, split=data)


def _finetune_curves(histories) -> pd.DataFrame:
    frames = []
    for run, h in histories:
        epoch = np.arange(0, len(h) + 1, dtype=np.int64)
        for metric in ("accuracy", "loss"):
            for split, name in (("train", metric), ("validation", "val_" + metric)):
                frames.append(
                    pd.DataFrame(
                        {
                            "run": run,
                            "epoch": epoch,
                            "metric": metric,
                            "split": split,
                            "value": h.curve(name).astype(np.float64),
                        }
                    )
                )
    if not frames:
        return pd.DataFrame(
            {
                "run": pd.Series(dtype=str),
                "epoch": pd.Series(dtype=np.int64),
                "metric": pd.Series(dtype=str),
                "split": pd.Series(dtype=str),
                "value": pd.Series(dtype=np.float64),
            }
        )
    return pd.concat(frames, ignore_index=True)


def _summary(histories) -> pd.DataFrame:
    rows = [
        {
            "run": run,
            "epochs": len(h),
            "val_accuracy": float(h.curve("val_accuracy")[-1]),
            "best_val_accuracy": float(np.max(h.curve("val_accuracy"))),
            "val_loss": float(h.curve("val_loss")[-1]),
        }
        for run, h in histories
    ]
    cols = ["run", "epochs", "val_accuracy", "best_val_accuracy", "val_loss"]
    return pd.DataFrame(rows, columns=cols)


def dbn_result(
    cfg: DBNConfig,
    state: DBNState,
    stopped: bool = False,
    seconds: float = math.nan,
    split: Split | None = None,
) -> DBNResult:
    """The :class:`DBNResult` of what a run learned (finished, or stopped mid-way)."""
    data = split if split is not None else load_split(cfg.dataset, cfg.seed)
    shape = data.image_shape
    scale = scale_for(shape)
    show = data.X_val[:DBN_SHOW]
    cols = min(DBN_SHOW_COLS, show.shape[0])
    images = [tile(show, shape, cols=cols, scale=scale)]
    if state.layers:
        rbms = [p.rbm() for p in state.layers]
        images += [
            tile(R, shape, cols=cols, scale=scale) for R in layer_reconstructions(rbms, show)
        ]
    pre = [
        pd.DataFrame(
            {
                "layer": i,
                "epoch": np.arange(1, len(p.history) + 1, dtype=np.int64),
                "recon_error": np.asarray(p.history.recon_error, dtype=np.float64),
            }
        )
        for i, p in enumerate(state.layers, 1)
    ]
    pre_df = (
        pd.concat(pre, ignore_index=True)
        if pre
        else pd.DataFrame(
            {
                "layer": pd.Series(dtype=np.int64),
                "epoch": pd.Series(dtype=np.int64),
                "recon_error": pd.Series(dtype=np.float64),
            }
        )
    )
    return DBNResult(
        config=cfg,
        image_shape=shape,
        n_train=int(data.X_train.shape[0]),
        n_val=int(data.X_val.shape[0]),
        layers_done=len(state.layers),
        pretrained=bool(state.pretrained),
        stopped=bool(stopped),
        seconds=float(seconds),
        layer_images=tuple(images),
        pretrain_curves=pre_df,
        finetune_curves=_finetune_curves(state.histories),
        summary=_summary(state.histories),
    )
