"""DBN runs for the DBN tab, and the one greedy pre-training both DBN users run.

Scope: :class:`DBNConfig` (validated once, at construction, with messages that name the
allowed values), :func:`pretrain` (greedy layer-wise RBM pre-training with a per-epoch
snapshot and stop, used by :func:`run_dbn` here and by the Training tab's DBN run,
:func:`explorer.services.training.run_training`), :func:`run_dbn` (pre-train, then
fine-tune the pre-trained network and the random starts with labels) and :class:`DBNResult`
(NumPy only: pictures, per-layer errors, fine-tuning histories; the tidy frames are built by
:mod:`explorer.analysis.rbm_frames`).

**The DBN comparison** is the lecture's (Hinton, Osindero & Teh 2006): the same sigmoid
architecture fine-tuned with labels by the same optimizer, on the same split, for the same
epochs, from (a) greedy RBM pre-training of the hidden layers on the training inputs only
(no labels), (b) the small random ``N(0, 0.01²)`` start and optionally (c) Xavier/Glorot
normal. With the defaults (4 hidden layers of 100 units on the 8×8 digits) (a) reaches about
90 % validation accuracy while (b) stays at chance (10 %): the sigmoid signal vanishes through
four layers of tiny weights.

**Stopping keeps what was learned**, and a stopped run's result can be built later from any
snapshot (:func:`dbn_partial`). **Determinism**: everything comes from ``config.seed``.

References
----------
.. [1] Hinton, Osindero, Teh (2006), Neural Computation 18(7): the greedy pre-training.
.. [2] Glorot, Bengio (2010), AISTATS: the Xavier/Glorot start it is compared with.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from explorer.analysis.images import scale_for, tile
from explorer.data.datasets import DATASETS
from explorer.engine.checks import check_choice, stop_requested
from explorer.engine.dbn import layer_reconstructions, pretrain_dbn
from explorer.engine.network import Network
from explorer.engine.optim import OPTIMIZERS
from explorer.engine.rbm import RBM
from explorer.engine.train import History, train
from explorer.services.errors import FIELDS, check, check_widths, format_widths, parse_widths
from explorer.services.rbm import (
    MACS_PER_SECOND,
    SECONDS_PER_BATCH,
    RBMParams,
    Split,
    SplitResult,
    _n_rows,
    _n_train,
    _n_visible,
    _too_slow,
    load_split,
)

__all__ = [
    "DBN_DATA",
    "DBN_RUNS",
    "MAX_DBN_LAYERS",
    "MAX_DBN_UNITS",
    "DBNConfig",
    "DBNProgress",
    "DBNResult",
    "DBNState",
    "Pretrained",
    "dbn_partial",
    "dbn_result",
    "estimate_mb",
    "estimate_seconds",
    "format_hidden",
    "parse_hidden",
    "pretrain",
    "run_dbn",
]

#: Data sets of the DBN tab (fine-tuning needs labels).
DBN_DATA = FIELDS["dbn_data"].choices
MAX_DBN_LAYERS = int(FIELDS["dbn_layers"].hi)
MAX_DBN_UNITS = int(FIELDS["dbn_width"].hi)
DBN_SHOW = 12  # images per layer in the DBN reconstructions
DBN_SHOW_COLS = 3
#: Fine-tuning runs of the DBN comparison: key -> (initializer, its parameters).
DBN_RUNS = {
    "dbn": None,
    "normal": ("normal", {"std": 0.01}),
    "xavier": ("xavier_normal", None),
}


def parse_hidden(text: str) -> tuple[int, ...]:
    """Hidden-layer sizes typed in the DBN tab, e.g. ``"100, 100, 100"`` -> ``(100, 100, 100)``.

    Raises
    ------
    ConfigError
        Keyed ``dbn_layers_*`` (:func:`explorer.services.errors.parse_widths`):
        1–:data:`MAX_DBN_LAYERS` layers of 1–:data:`MAX_DBN_UNITS` units.
    """
    return parse_widths(text, "dbn_layers", "dbn_width", key="dbn_layers")


#: ``(100, 100)`` -> ``"100, 100"``.
format_hidden = format_widths


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
        At construction, for a value out of range, a layer size included (the message names
        the range), or pre-training and fine-tuning together estimated to take longer than
        :data:`explorer.services.rbm.MAX_SECONDS`.
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
        check("dbn_data", self.dataset)
        s = object.__setattr__
        s(self, "hidden", check_widths(self.hidden, "dbn_layers", "dbn_width", key="dbn_layers"))
        for name in ("pre_epochs", "pre_lr", "pre_batch", "k", "ft_epochs", "ft_lr", "ft_batch"):
            s(self, name, check(f"dbn_{name}", getattr(self, name)))
        check_choice("optimizer", self.optimizer, tuple(OPTIMIZERS))
        s(self, "xavier", bool(self.xavier))
        s(self, "seed", check("seed", self.seed))
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


def estimate_seconds(cfg: DBNConfig) -> float:
    """A conservative wall-clock estimate of a run on one BLAS thread.

    Counts the multiply-adds of pre-training (CD-k: ``2k + 2`` matrix products of a
    minibatch per update) and of fine-tuning (back-propagation: 3 per layer plus 1 for the
    per-epoch evaluation) at :data:`MACS_PER_SECOND`, plus :data:`SECONDS_PER_BATCH` per
    minibatch.
    """
    n = _n_train(_n_rows(cfg.dataset))
    sizes = cfg.sizes
    pre = sum(a * b for a, b in pairwise(sizes[:-1]))
    net = sum(a * b for a, b in pairwise(sizes))
    macs = n * (cfg.pre_epochs * pre * (2 * cfg.k + 2) + len(cfg.runs) * cfg.ft_epochs * net * 4)
    batches = len(cfg.hidden) * cfg.pre_epochs * math.ceil(n / min(cfg.pre_batch, n))
    batches += len(cfg.runs) * cfg.ft_epochs * math.ceil(n / min(cfg.ft_batch, n)) * len(sizes)
    return macs / MACS_PER_SECOND + batches * SECONDS_PER_BATCH


def estimate_mb(cfg: DBNConfig) -> float:
    """Peak memory of a run's arrays in MB (float64), a little on the safe side.

    Counts the data set three times, the hidden activities of the training rows that feed
    the next layer (input, output and shuffled copy) and the weights five times. Measured
    about 200 MB for 6 layers of 500 units on MNIST (estimate 239 MB).
    """
    n, sizes = _n_rows(cfg.dataset), cfg.sizes
    weights = sum(a * b for a, b in pairwise(sizes))
    return 8 * (3 * n * sizes[0] + 3 * n * max(cfg.hidden) + 5 * weights) / 2**20


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
class DBNResult(SplitResult):
    """What the DBN tab shows for one (finished or stopped) run.

    Attributes
    ----------
    config : DBNConfig
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
    pretrain_errors : tuple of ndarray
        Per pre-trained layer, its RBM's reconstruction error of its own input per epoch.
    histories : tuple of (str, History)
        Fine-tuning histories in :attr:`DBNConfig.runs` order (a :data:`DBN_RUNS` key each);
        the last may be partial, runs not reached are missing.

    The data's fields (``image_shape``, ``n_train``, ``n_val``) are
    :class:`~explorer.services.rbm.SplitResult`'s.
    """

    layers_done: int
    pretrained: bool
    stopped: bool
    seconds: float
    layer_images: tuple[np.ndarray, ...]
    pretrain_errors: tuple[np.ndarray, ...]
    histories: tuple[tuple[str, History], ...]

    def final_val_accuracy(self) -> dict[str, float]:
        """Last validation accuracy of each fine-tuned run, by :data:`DBN_RUNS` key."""
        return {run: float(h.curve("val_accuracy")[-1]) for run, h in self.histories}

    def accuracy_gain(self) -> float | None:
        """Last validation accuracy of the DBN minus that of ``N(0, 0.01²)``, when both ran
        all their epochs; else None."""
        runs = dict(self.histories)
        E = self.config.ft_epochs
        if not {"dbn", "normal"} <= set(runs) or any(len(runs[k]) < E for k in ("dbn", "normal")):
            return None
        acc = self.final_val_accuracy()
        return acc["dbn"] - acc["normal"]


# --------------------------------------------------------------------------- pre-training


@dataclass(frozen=True, eq=False)
class Pretrained:
    """What greedy pre-training has learned so far.

    Attributes
    ----------
    layers : tuple of RBMParams
        Bottom first; the last may be partly trained.
    complete : bool
        Every layer ran every epoch.
    epochs_run : int
        RBM epochs run over all layers.
    """

    layers: tuple[RBMParams, ...]
    complete: bool
    epochs_run: int


def pretrain(
    X: np.ndarray,
    hidden: Sequence[int],
    *,
    epochs: int,
    seed: int,
    lr: float,
    batch_size: int,
    k: int = 1,
    on_epoch: Callable[[int, int, tuple[RBMParams, ...]], bool | None] | None = None,
) -> Pretrained:
    """Greedy layer-wise RBM pre-training, as the DBN tab and the Training tab run it.

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Training inputs in [0, 1]; no labels.
    hidden : sequence of int
        Hidden units per layer, bottom first.
    epochs, seed, lr, batch_size, k
        Per layer, passed to :func:`explorer.engine.dbn.pretrain_dbn`.
    on_epoch : callable, optional
        ``on_epoch(layer, epoch, layers)`` after every epoch of every layer (both 1-based),
        with a snapshot of every layer so far; returning ``False`` stops, keeping them.

    Returns
    -------
    Pretrained
    """
    done: list[RBMParams] = []
    runs = 0
    stopped = False

    def each_epoch(layer: int, epoch: int, rbm: RBM) -> bool | None:
        nonlocal runs, stopped
        runs += 1
        if on_epoch is None:
            return None
        stopped = stop_requested(on_epoch(layer + 1, epoch, (*done, RBMParams.of(rbm))))
        return False if stopped else None

    rbms = pretrain_dbn(
        X,
        hidden_sizes=tuple(hidden),
        epochs=epochs,
        seed=seed,
        lr=lr,
        batch_size=batch_size,
        k=k,
        on_layer=lambda layer, rbm: done.append(RBMParams.of(rbm)),
        on_epoch=each_epoch,
    )
    if stopped and len(rbms) > len(done):  # the layer the stop came in
        done.append(RBMParams.of(rbms[-1]))
    complete = not stopped and runs == epochs * len(tuple(hidden))
    return Pretrained(tuple(done), complete, runs)


def stacked(pretrained: Pretrained, sizes: Sequence[int], seed: int) -> list[RBMParams]:
    """Every hidden layer's parameters: the pre-trained ones, then, for the layers a stop did
    not reach, the initial weights their RBM would have started from (the same seed stream as
    :func:`explorer.engine.dbn.pretrain_dbn`), so the architecture holds.

    Parameters
    ----------
    pretrained : Pretrained
    sizes : sequence of int
        ``(n_inputs, *hidden)``.
    seed : int
    """
    layers = list(pretrained.layers)
    seeds = np.random.SeedSequence(seed).spawn(len(sizes) - 1)
    for i in range(len(layers), len(sizes) - 1):
        rbm = RBM(sizes[i], sizes[i + 1], seed=seeds[i])
        layers.append(RBMParams.of(rbm.initialize(np.zeros((1, sizes[i])))))
    return layers


# --------------------------------------------------------------------------- DBN runs


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
    """Pre-train the DBN greedily, then fine-tune it and the random starts with labels (a job).

    Parameters
    ----------
    cfg : DBNConfig
    on_step : callable, optional
        ``on_step(progress)`` after every pre-training epoch of every layer and every
        fine-tuning epoch of every run; returning ``False`` (not ``None``) stops the whole
        run, which returns the result of what was learned so far (``stopped=True``).
    split : Split, optional
        The data (default :func:`~explorer.services.rbm.load_split` of ``cfg``).

    Raises
    ------
    explorer.data.datasets.DatasetUnavailable
        MNIST could not be downloaded.
    """
    data = split if split is not None else load_split(cfg.dataset, cfg.seed)
    L, E, runs = len(cfg.hidden), cfg.pre_epochs, cfg.runs
    total = L * E + len(runs) * cfg.ft_epochs
    t0 = time.perf_counter()
    stopped = False

    def report(prog: DBNProgress) -> bool | None:
        nonlocal stopped
        if on_step is not None and stop_requested(on_step(prog)) and prog.step < total:
            stopped = True
            return False
        return None

    def on_epoch(layer: int, epoch: int, layers: tuple[RBMParams, ...]) -> bool | None:
        step = (layer - 1) * E + epoch
        state = DBNState(layers)
        return report(
            DBNProgress(
                "pretrain", layer, L, epoch, E, None, step, total, state, time.perf_counter() - t0
            )
        )

    pre = pretrain(
        data.X_train, cfg.hidden, epochs=E, seed=cfg.seed, lr=cfg.pre_lr,
        batch_size=cfg.pre_batch, k=cfg.k, on_epoch=on_epoch,
    )  # fmt: skip
    state = DBNState(pre.layers, pretrained=pre.complete)
    if not stopped:
        state = _finetune(cfg, data, state, report, t0)
    return dbn_result(cfg, state, stopped=stopped, seconds=time.perf_counter() - t0, split=data)


def _finetune(cfg: DBNConfig, data: Split, state: DBNState, report, t0: float) -> DBNState:
    """Fine-tune every run of ``cfg`` in turn, reporting each epoch; stop when told."""
    L, E = len(cfg.hidden), cfg.pre_epochs
    total = L * E + len(cfg.runs) * cfg.ft_epochs
    histories: list[tuple[str, History]] = []
    stop = False
    for i, run in enumerate(cfg.runs):
        net = _network(cfg, run, state.layers)

        def on_ft(epoch: int, hist: History, _net, run=run, i=i) -> bool | None:
            nonlocal state, stop
            state = DBNState(state.layers, True, (*histories, (run, hist)))
            step = L * E + i * cfg.ft_epochs + epoch
            prog = DBNProgress(
                "finetune", 0, L, epoch, cfg.ft_epochs, run, step, total, state,
                time.perf_counter() - t0,
            )  # fmt: skip
            answer = report(prog)
            stop = stop_requested(answer)
            return answer

        res = train(
            net, data.X_train, data.y_train, epochs=cfg.ft_epochs, lr=cfg.ft_lr,
            batch_size=cfg.ft_batch, optimizer=cfg.optimizer, seed=cfg.seed,
            X_val=data.X_val, y_val=data.y_val, on_epoch=on_ft,
        )  # fmt: skip
        histories.append((run, res.history))
        state = DBNState(state.layers, True, tuple(histories))
        if stop:
            break
    return state


def dbn_partial(cfg: DBNConfig, progress: DBNProgress) -> DBNResult:
    """The result of a run as of ``progress`` (what a stopped run keeps)."""
    stopped = progress.step < progress.total
    return dbn_result(cfg, progress.state, stopped=stopped, seconds=progress.seconds)


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
    errors = []
    for p in state.layers:
        e = np.array(p.history.recon_error, dtype=np.float64)
        e.setflags(write=False)
        errors.append(e)
    return DBNResult(
        config=cfg,
        **SplitResult.data_fields(data),
        layers_done=len(state.layers),
        pretrained=bool(state.pretrained),
        stopped=bool(stopped),
        seconds=float(seconds),
        layer_images=tuple(images),
        pretrain_errors=tuple(errors),
        histories=tuple(state.histories),
    )
