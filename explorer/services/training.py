"""Training experiments: one frozen configuration in, one finished (or stopped) run out.

Scope: :class:`TrainConfig` (everything that shapes one training run, validated at the edge
with messages that name the allowed values), :func:`run_training` (load the data, split it,
build the network, optionally pre-train it as a deep belief net, fine-tune it with
:func:`explorer.engine.train.train`) and :class:`TrainRun` (the small record a view draws from).
NumPy only: the tidy DataFrames for the charts are built from a :class:`TrainRun` in
:mod:`explorer.analysis.frames`.

The same configuration gives bit-identical runs; two configurations that differ only in the
initializer share the data split, the minibatch order and the architecture, so the Training
tab compares initializers and nothing else. ``init="dbn"`` means greedy RBM pre-training of
the hidden layers on the training inputs (no labels; :func:`explorer.engine.dbn.pretrain_dbn`),
then :meth:`explorer.engine.network.Network.from_rbms`, then the same fine-tuning as every other
run. An RBM's hidden units are sigmoid units, so a DBN run always has sigmoid hidden layers.

A run keeps no network: its history (per-epoch metrics and layer statistics) and a small
sample of its first layer's weights are all the view needs, so a cached run costs kilobytes.

References
----------
.. [1] Hinton, Osindero, Teh (2006). A fast learning algorithm for deep belief nets.
   Neural Computation 18(7).
.. [2] Glorot, Bengio (2010). Understanding the difficulty of training deep feedforward
   neural networks. AISTATS.
.. [3] He, Zhang, Ren, Sun (2015). Delving deep into rectifiers. ICCV.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from explorer.data.datasets import DATASETS, MNIST_DEFAULT_N, load_dataset
from explorer.engine.activations import ACTIVATIONS
from explorer.engine.checks import check_choice
from explorer.engine.network import Network
from explorer.engine.optim import DEFAULT_LR, OPTIMIZERS
from explorer.engine.train import History, train, train_val_split
from explorer.services.dbn import pretrain, stacked
from explorer.services.errors import FIELDS, check, check_widths, keyed
from explorer.services.signals import InitSpec, parse_init_spec

__all__ = [
    "DBN",
    "DBN_LABEL",
    "MAX_DBN_EPOCHS",
    "MAX_EPOCHS",
    "MAX_INITS",
    "MAX_TRAIN_BATCH",
    "MAX_TRAIN_MB",
    "MAX_TRAIN_PARAMS",
    "MAX_TRAIN_WORK",
    "SAMPLE_INPUTS",
    "SAMPLE_UNITS",
    "TAB_DEFAULT_HIDDEN",
    "TAB_DEFAULT_INITS",
    "TRAIN_DATA",
    "Progress",
    "TrainConfig",
    "TrainRun",
    "ensure_data",
    "estimate_mb",
    "estimate_seconds",
    "estimate_wall_seconds",
    "init_label",
    "n_params",
    "partial_run",
    "run_training",
    "validate_inits",
]

#: The initializer key meaning "RBM pre-training (DBN)".
DBN = "dbn"
DBN_LABEL = "RBM pre-training (DBN)"
#: Data sets the Training tab trains on.
TRAIN_DATA = FIELDS["tr_data"].choices
#: Rows each data set has (MNIST: the first 10,000 of 70,000).
_N_ROWS = {"digits": 1797, "mnist": MNIST_DEFAULT_N}
#: The Training tab's own default hidden layers: deep enough for the lecture's story, small
#: enough that the default comparison (4 initializers x 20 epochs on digits) takes about 3 s
#: of one core (4 x 100 takes twice as long for the same story; benchmarks/bench_training.py).
TAB_DEFAULT_HIDDEN = (64, 64, 64, 64)
#: The Training tab's default comparison: the lecture's story in four runs.
TAB_DEFAULT_INITS = ("zeros", "lecun_normal", "he_normal", "dbn")

MAX_EPOCHS = int(FIELDS["tr_epochs"].hi)
MAX_DBN_EPOCHS = int(FIELDS["tr_dbn_epochs"].hi)
MAX_INITS = 5
MAX_TRAIN_BATCH = int(FIELDS["tr_batch"].hi)
#: Most weights and biases a trained network may have.
MAX_TRAIN_PARAMS = 1_000_000
#: Most "parameter-rows" one run may process (parameters x training rows x epochs, plus
#: the pre-training): about 40 s of single-threaded NumPy at the ~1.5e9 per second measured
#: on a shared 2-core host. The sidebar's default 10 x 256 trains for up to 68 epochs.
MAX_TRAIN_WORK = 6e10
#: Memory budget of one run (weights, gradients, optimizer state, evaluation chunk).
MAX_TRAIN_MB = 256
#: Parameter-rows per second assumed by :func:`estimate_seconds` (measured, see above).
_RATE = 1.5e9
#: Hidden units (and inputs) kept of the first layer's weights for the symmetry view.
SAMPLE_UNITS = 32
SAMPLE_INPUTS = 128
_VAL_FRACTION = 0.2
_EVAL_CHUNK = 4096  # explorer.engine.train evaluates in chunks of this many rows


def init_label(key: str) -> str:
    """Human-readable label of an initializer key or ``"dbn"``.

    Parameters
    ----------
    key : str
        ``"dbn"`` or an :class:`~explorer.services.signals.InitSpec` key such as
        ``"normal:std=0.01"``.

    Returns
    -------
    str
    """
    return DBN_LABEL if key == DBN else parse_init_spec(key).label


def validate_inits(keys) -> tuple[str, ...]:
    """Check a selection of initializers for a comparison.

    Parameters
    ----------
    keys : sequence of str
        ``"dbn"`` or :class:`~explorer.services.signals.InitSpec` keys.

    Returns
    -------
    tuple of str
        The keys, normalized (``"normal:std=0.01"`` stays, ``"normal"`` becomes
        ``"normal:std=0.01"``), in the given order.

    Raises
    ------
    ConfigError
        For no key, more than :data:`MAX_INITS`, duplicates or an unknown key.
    """
    keys = list(keys or [])
    if not 1 <= len(keys) <= MAX_INITS:
        raise keyed("tr_inits_count", most=MAX_INITS, n=len(keys))
    out = [k if k == DBN else parse_init_spec(k).key for k in keys]
    if len(set(out)) != len(out):
        raise keyed("tr_inits_twice")
    return tuple(out)


def _params_of(sizes) -> int:
    return int(sum(a * b + b for a, b in itertools.pairwise(sizes)))


def n_params(hidden, n_inputs: int = 64, n_classes: int = 10) -> int:
    """Weights plus biases of a fully connected network ``n_inputs -> *hidden -> n_classes``."""
    return _params_of((int(n_inputs), *map(int, hidden), int(n_classes)))


@dataclass(frozen=True)
class TrainConfig:
    """Everything that shapes one training run. Frozen and hashable (a cache key).

    Attributes
    ----------
    init : str
        An :class:`~explorer.services.signals.InitSpec` key (``"he_normal"``, ``"normal:std=0.01"``)
        or ``"dbn"`` for RBM pre-training. Normalized to the spec's full key.
    data : {"digits", "mnist"}
        ``mnist`` uses its first 10,000 images.
    hidden : tuple of int
        Hidden-layer widths.
    activation : str
        Hidden activation, a key of :data:`explorer.ACTIVATIONS`. Forced to ``"sigmoid"``
        when ``init == "dbn"``.
    seed : int
        Seeds the train/validation split, the weights, the minibatch order and the
        pre-training.
    epochs : int
        Fine-tuning epochs, 1 .. :data:`MAX_EPOCHS`.
    optimizer : {"sgd", "momentum", "adam"}
    lr : float
        Learning rate, in (0, 10].
    batch_size : int
        Minibatch rows, 1 .. :data:`MAX_TRAIN_BATCH`.
    dbn_epochs : int
        RBM pre-training epochs per layer, 1 .. :data:`MAX_DBN_EPOCHS`; set to 0 when
        ``init != "dbn"`` (so the value does not split the cache of other runs).
    dbn_lr, dbn_batch : float, int
        Learning rate and minibatch size of the RBMs (:func:`explorer.engine.dbn.pretrain_dbn`'s
        defaults); 0 when ``init != "dbn"``.

    Raises
    ------
    ConfigError
        On any value out of range, on a network above :data:`MAX_TRAIN_PARAMS` parameters,
        :data:`MAX_TRAIN_MB` of memory or :data:`MAX_TRAIN_WORK`; the message says what is
        allowed and what to reduce.
    """

    init: str = "he_normal"
    data: str = "digits"
    hidden: tuple[int, ...] = TAB_DEFAULT_HIDDEN
    activation: str = "relu"
    seed: int = 0
    epochs: int = 20
    optimizer: str = "sgd"
    lr: float = DEFAULT_LR["sgd"]
    batch_size: int = 32
    dbn_epochs: int = 10
    dbn_lr: float = 0.05
    dbn_batch: int = 20

    def __post_init__(self):
        set_ = lambda k, v: object.__setattr__(self, k, v)
        check("tr_data", self.data)
        if not isinstance(self.init, str):
            raise keyed("tr_init_type", got=repr(self.init)[:40])
        set_("init", validate_inits([self.init])[0])
        check_choice("activation", self.activation, tuple(ACTIVATIONS))
        set_("hidden", check_widths(self.hidden, "hidden_layers", "hidden_width"))
        check("seed", self.seed)
        check("tr_epochs", self.epochs)
        check_choice("optimizer", self.optimizer, tuple(OPTIMIZERS))
        set_("lr", check("tr_lr", self.lr))
        check("tr_batch", self.batch_size)
        if self.init == DBN:
            set_("activation", "sigmoid")
            check("tr_dbn_epochs", self.dbn_epochs)
            set_("dbn_lr", check("tr_dbn_lr", self.dbn_lr))
            check("tr_dbn_batch", self.dbn_batch)
        else:
            set_("dbn_epochs", 0)
            set_("dbn_lr", 0.0)
            set_("dbn_batch", 0)
        self._check_size()

    def with_init(self, init: str) -> TrainConfig:
        """The same run from another initializer (the DBN settings back at their defaults
        when they were cleared for a non-DBN run)."""
        d = TrainConfig.__dataclass_fields__
        return replace(
            self,
            init=init,
            dbn_epochs=self.dbn_epochs or d["dbn_epochs"].default,
            dbn_lr=self.dbn_lr or d["dbn_lr"].default,
            dbn_batch=self.dbn_batch or d["dbn_batch"].default,
        )

    # ------------------------------------------------------------------ derived
    @property
    def n_inputs(self) -> int:
        """Input width of the data set (64 for digits, 784 for MNIST)."""
        h, w = DATASETS[self.data].image_shape
        return h * w

    @property
    def n_classes(self) -> int:
        return DATASETS[self.data].n_classes

    @property
    def n_train(self) -> int:
        """Training rows after the validation split."""
        n = _N_ROWS[self.data]
        return n - math.ceil(_VAL_FRACTION * n - 1e-9)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Full layer sizes, input first."""
        return (self.n_inputs, *self.hidden, self.n_classes)

    @property
    def n_params(self) -> int:
        """Weights plus biases."""
        return _params_of(self.sizes)

    @property
    def label(self) -> str:
        """The initializer's label (see :func:`init_label`)."""
        return init_label(self.init)

    @property
    def spec(self) -> InitSpec | None:
        """The :class:`InitSpec`, or None for ``"dbn"``."""
        return None if self.init == DBN else parse_init_spec(self.init)

    def _check_size(self) -> None:
        p = self.n_params
        if p > MAX_TRAIN_PARAMS:
            raise keyed(
                "tr_params",
                n=p,
                most=MAX_TRAIN_PARAMS,
                example=n_params((100,) * 4, self.n_inputs),
            )
        mb = estimate_mb(self)
        if mb > MAX_TRAIN_MB:
            raise keyed("tr_memory", mb=mb, limit=MAX_TRAIN_MB)
        work = _work(self)
        if work > MAX_TRAIN_WORK:
            per_epoch = self.n_params * self.n_train
            pretrain = work - per_epoch * self.epochs
            most = int((MAX_TRAIN_WORK - pretrain) // per_epoch)
            params = dict(
                seconds=estimate_seconds(self),
                n=p,
                rows=self.n_train,
                epochs=self.epochs,
                limit=MAX_TRAIN_WORK / _RATE,
            )
            if most >= 1:
                raise keyed("tr_work_epochs", most=most, **params)
            raise keyed("tr_work_pretrain" if pretrain > 0 else "tr_work_layers", **params)


def _work(cfg: TrainConfig) -> float:
    """Parameter-rows of a run, pre-training included (one RBM epoch ~ one layer's share)."""
    work = cfg.n_params * cfg.n_train * cfg.epochs
    if cfg.init == DBN:
        # CD-1 costs about two forward passes of each layer per epoch
        hidden_params = _params_of(cfg.sizes[:-1])
        work += 2 * hidden_params * cfg.n_train * cfg.dbn_epochs
    return float(work)


def estimate_seconds(cfg: TrainConfig) -> float:
    """Rough wall time of :func:`run_training` on one core (an estimate for the UI).

    Parameters
    ----------
    cfg : TrainConfig

    Returns
    -------
    float
        Seconds; the per-epoch evaluation and Python overhead are included in the rate.
    """
    # small networks are dominated by per-minibatch overhead (~0.4 ms a step)
    steps = math.ceil(cfg.n_train / min(cfg.batch_size, cfg.n_train)) * cfg.epochs
    return _work(cfg) / _RATE + 4e-4 * steps


def estimate_wall_seconds(configs, slots: int = 2) -> float:
    """Rough wall time of training ``configs`` side by side in ``slots`` workers.

    Longest run first to the least loaded worker (as the job service starts the runs of one
    request), then the busiest worker's sum of :func:`estimate_seconds`.
    """
    loads = [0.0] * max(1, int(slots))
    for secs in sorted((estimate_seconds(c) for c in configs), reverse=True):
        loads[loads.index(min(loads))] += secs
    return max(loads)


def estimate_mb(cfg: TrainConfig) -> float:
    """Memory of one run in MB: parameters and their copies, and the largest activations.

    Counts the weights seven times (the network, its copy being trained, gradients, two
    Adam moments, the initial network and slack), and the activations of the evaluation
    chunk and of a minibatch (forward and backward) at the widest layer, in float64.
    """
    widest = max(cfg.sizes)
    rows = min(_EVAL_CHUNK, _N_ROWS[cfg.data])
    nbytes = 8 * (7 * cfg.n_params + 3 * rows * widest + 4 * cfg.batch_size * sum(cfg.sizes))
    return nbytes / 2**20


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Progress:
    """Where a run is, passed to the ``on_epoch`` callback of :func:`run_training`.

    Attributes
    ----------
    phase : {"pretrain", "train"}
    epoch, epochs : int
        Epoch just finished (1-based) and epochs of this phase (per layer for pre-training).
    layer, layers : int
        Pre-training: the RBM just trained (1-based) and how many there are; 0 otherwise.
    fraction : float
        Share of the whole run done, in [0, 1] (pre-training weighted by its cost).
    run : TrainRun or None
        Fine-tuning: the run as it stands after this epoch, marked ``stopped`` (what a
        stop now would keep; cheap: the history is the trainer's own snapshot). None
        during pre-training.
    """

    phase: str
    epoch: int
    epochs: int
    layer: int
    layers: int
    fraction: float
    run: TrainRun | None = None


@dataclass(frozen=True, eq=False)
class TrainRun:
    """One finished or stopped run. ``E`` epochs of fine-tuning ran (0 if stopped during
    pre-training), ``L`` weight layers.

    Attributes
    ----------
    config : TrainConfig
    history : History
        Of the fine-tuning, see :class:`explorer.engine.train.History`: metrics ``(E,)`` with the
        initial values (epoch 0) in ``initial_*``; layer statistics ``(E + 1, L)``.
    sizes : tuple of int
        Full layer sizes, input first.
    activation : str
        Hidden activation actually used (``"sigmoid"`` for DBN).
    n_train, n_val : int
        Rows of the training and validation split.
    n_classes : int
    image_shape : tuple of int
    epochs_run : int
        Fine-tuning epochs completed.
    stopped : bool
        True when the callback stopped the run (fine-tuning or pre-training).
    pretrain_epochs_run : int
        RBM epochs completed over all layers (0 unless DBN); ``dbn_epochs * L`` when
        complete.
    diverged : bool
    diverged_epoch : int or None
    diverged_reason : {"nonfinite", "exploded"} or None
    W1_init, W1_final : ndarray, shape (units, inputs)
        The first hidden layer's incoming weights (transposed: one row per unit) before and
        after fine-tuning, for the first :data:`SAMPLE_UNITS` units and at most
        :data:`SAMPLE_INPUTS` evenly spaced inputs. For DBN, "before" is after pre-training.
    input_index : ndarray of int
        Which inputs the columns of ``W1_*`` are.
    pretrain_seconds, train_seconds : float
        Wall time of the two phases.
    """

    config: TrainConfig
    history: History
    sizes: tuple[int, ...]
    activation: str
    n_train: int
    n_val: int
    n_classes: int
    image_shape: tuple[int, int]
    epochs_run: int
    stopped: bool
    pretrain_epochs_run: int
    diverged: bool
    diverged_epoch: int | None
    diverged_reason: str | None
    W1_init: np.ndarray
    W1_final: np.ndarray
    input_index: np.ndarray
    pretrain_seconds: float
    train_seconds: float

    @property
    def label(self) -> str:
        return self.config.label

    @property
    def complete(self) -> bool:
        """True when every planned epoch ran (a diverged run is complete: it ended)."""
        return not self.stopped


def _sample_W1(W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First units' incoming weights (rows = units), at most SAMPLE_INPUTS spaced inputs."""
    d = W.shape[0]
    cols = np.unique(np.linspace(0, d - 1, min(d, SAMPLE_INPUTS)).round().astype(np.int64))
    out = np.array(W[cols, :SAMPLE_UNITS].T, dtype=np.float64)
    out.setflags(write=False)
    return out, cols


def ensure_data(name: str) -> None:
    """Make sure a training data set can be loaded (downloading MNIST once if needed).

    Parameters
    ----------
    name : {"digits", "mnist"}

    Raises
    ------
    ConfigError
        For a name outside :data:`TRAIN_DATA`.
    explorer.data.datasets.DatasetUnavailable
        When MNIST cannot be downloaded; the message says why.
    """
    if name not in TRAIN_DATA:
        check("tr_data", name)
    load_dataset(name)


def _load(cfg: TrainConfig):
    ds = load_dataset(cfg.data)
    X_tr, X_val, y_tr, y_val = train_val_split(ds.X, ds.y, _VAL_FRACTION, seed=cfg.seed)
    return ds, X_tr, X_val, y_tr, y_val


def _pretrain(cfg: TrainConfig, X_tr, emit) -> tuple[Network, int, bool]:
    """Pre-train the hidden layers as a DBN (:func:`explorer.services.dbn.pretrain`, as the DBN
    tab does) and stack them under a new output layer."""
    L, E = len(cfg.hidden), cfg.dbn_epochs

    def on_rbm_epoch(layer: int, epoch: int, _layers) -> bool | None:
        return emit("pretrain", epoch, E, layer, L, ((layer - 1) * E + epoch) / (E * L))

    pre = pretrain(
        X_tr, cfg.hidden, epochs=E, seed=cfg.seed, lr=cfg.dbn_lr, batch_size=cfg.dbn_batch,
        on_epoch=on_rbm_epoch,
    )  # fmt: skip
    layers = stacked(pre, (cfg.n_inputs, *cfg.hidden), cfg.seed)
    net = Network.from_rbms(layers, n_outputs=cfg.n_classes, activation="sigmoid", seed=cfg.seed)
    return net, pre.epochs_run, not pre.complete


def _create(cfg: TrainConfig) -> Network:
    spec = cfg.spec
    return Network.create(
        cfg.sizes, cfg.activation, spec.name, seed=cfg.seed, init_params=spec.kwargs
    )


class _Reporter:
    """Turns every epoch of both phases into a :class:`Progress` for ``on_epoch``, and
    remembers a stop. Pre-training takes its share of the progress by its cost."""

    def __init__(self, cfg: TrainConfig, on_epoch: Callable[[Progress], bool | None] | None):
        self.on_epoch = on_epoch
        self.stop = False
        self.share = 0.0  # of the run's work spent pre-training
        if cfg.init == DBN:
            w = _work(cfg)
            self.share = (w - cfg.n_params * cfg.n_train * cfg.epochs) / w

    def __call__(self, phase, epoch, epochs, layer, layers, frac, run=None) -> bool | None:
        if self.on_epoch is None:
            return None
        f = self.share * frac if phase == "pretrain" else self.share + (1.0 - self.share) * frac
        f = min(max(f, 0.0), 1.0)
        answer = self.on_epoch(Progress(phase, epoch, epochs, layer, layers, f, run))
        if answer is not None and not answer:
            self.stop = True
            return False
        return None


def partial_run(cfg: TrainConfig, progress: Progress) -> TrainRun | None:
    """The run as of ``progress`` (what a stopped run keeps); None during pre-training."""
    return progress.run


def run_training(
    cfg: TrainConfig, on_epoch: Callable[[Progress], bool | None] | None = None
) -> TrainRun:
    """Train one network as ``cfg`` says, from data loading to the last epoch.

    Steps: load ``cfg.data``; split it 80/20, stratified, with ``cfg.seed``
    (:func:`explorer.engine.train.train_val_split`, the same split for every initializer); build
    ``cfg.sizes`` with ``cfg.init`` (:meth:`Network.create`), or for ``"dbn"`` pre-train the
    hidden layers on the training inputs (:func:`explorer.engine.dbn.pretrain_dbn`) and stack them
    (:meth:`Network.from_rbms`, sigmoid); then :func:`explorer.engine.train.train` for
    ``cfg.epochs`` epochs with validation on the held-out rows.

    Parameters
    ----------
    cfg : TrainConfig
    on_epoch : callable, optional
        ``on_epoch(progress)`` after every pre-training and every fine-tuning epoch, with a
        :class:`Progress`. Returning ``False`` stops the run, keeping what was learned: a
        stop during pre-training fine-tunes for 0 epochs (the layers not reached keep their
        RBM's initial weights), a stop during fine-tuning keeps the epochs done.

    Returns
    -------
    TrainRun

    Raises
    ------
    explorer.data.datasets.DatasetUnavailable
        When MNIST cannot be downloaded.
    """
    if not isinstance(cfg, TrainConfig):
        raise TypeError(f"cfg must be a TrainConfig, got {type(cfg).__name__}")
    ds, X_tr, X_val, y_tr, y_val = _load(cfg)
    emit = _Reporter(cfg, on_epoch)
    t0 = time.perf_counter()
    pre_done = 0
    if cfg.init == DBN:
        net, pre_done, emit.stop = _pretrain(cfg, X_tr, emit)
    else:
        net = _create(cfg)
    t1 = time.perf_counter()
    W1_init, cols = _sample_W1(net.weights[0])

    def record(history, network, epochs_run, stopped, diverged=False, epoch=None, reason=None):
        return TrainRun(
            config=cfg,
            history=history,
            sizes=cfg.sizes,
            activation=net.activation,
            n_train=len(y_tr),
            n_val=len(y_val),
            n_classes=ds.n_classes,
            image_shape=tuple(ds.image_shape),
            epochs_run=epochs_run,
            stopped=bool(stopped),
            pretrain_epochs_run=pre_done,
            diverged=diverged,
            diverged_epoch=epoch,
            diverged_reason=reason,
            W1_init=W1_init,
            W1_final=_sample_W1(network.weights[0])[0],
            input_index=cols,
            pretrain_seconds=t1 - t0,
            train_seconds=time.perf_counter() - t1,
        )

    def on_train_epoch(epoch: int, history, network) -> bool | None:
        if on_epoch is None:
            return None
        snapshot = record(history, network, epoch, stopped=True)
        return emit("train", epoch, cfg.epochs, 0, 0, epoch / cfg.epochs, snapshot)

    res = train(
        net,
        X_tr,
        y_tr,
        epochs=0 if emit.stop else cfg.epochs,
        lr=cfg.lr,
        batch_size=cfg.batch_size,
        optimizer=cfg.optimizer,
        seed=cfg.seed,
        X_val=X_val,
        y_val=y_val,
        on_epoch=on_train_epoch,
    )
    return record(
        res.history,
        res.network,
        res.epochs_run,
        emit.stop or res.stopped,
        res.diverged,
        res.diverged_epoch,
        res.diverged_reason,
    )
