"""The Lesson tab's script: the lecture's argument as an ordered list of steps, as data.

Scope: which steps there are and in which order (:data:`STEPS`), what each one computes (the
frozen configurations of the existing pipelines: :class:`~explorer.services.signals.SignalsConfig`
for :func:`explorer.services.signals.compute_signals`,
:class:`~explorer.services.training.TrainConfig` for
:func:`explorer.services.training.run_training`, :class:`~explorer.services.rbm.RBMConfig` /
:class:`~explorer.services.dbn.DBNConfig` for :func:`explorer.services.rbm.train_rbm` /
:func:`explorer.services.dbn.run_dbn`, :class:`~explorer.services.maps.MapConfig` for
:func:`explorer.services.maps.compute_map`), and where its "try it" button leads
(:class:`TryIt`: a tab and the widget values to set there). The lecture's eight steps come
first; a step marked ``beyond`` goes past the lecture (the edge-of-chaos map of mean-field
theory). The narration lives in :mod:`explorer.ui.i18n` under ``ls_<id>_*`` keys, so a step
here has no text.

Two small computations the other pipelines do not offer live here too, so the view stays
free of math: the histograms and standard deviations of one layer's initial weights drawn
by several initializers (:func:`weight_spread`, for the Xavier
step), and the few numbers the narration of a training step quotes (:func:`run_facts`).

Every configuration is small: each step computes in about a second on one core, and the
results are cached by the view on these frozen configurations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.engine.checks import lookup
from explorer.engine.initializers import INITIALIZERS
from explorer.services.dbn import DBNConfig
from explorer.services.maps import MapConfig
from explorer.services.presets import TRAIN_PRESETS
from explorer.services.rbm import RBMConfig
from explorer.services.signals import InitSpec, SignalsConfig, format_layers, parse_init_spec
from explorer.services.training import TrainConfig

__all__ = [
    "N_STEPS",
    "STEPS",
    "STEP_IDS",
    "RunFacts",
    "Step",
    "TryIt",
    "WeightsConfig",
    "parse_step",
    "run_facts",
    "step_at",
    "weight_spread",
]


@dataclass(frozen=True)
class WeightsConfig:
    """One weight matrix drawn by several initializers, to compare their distributions.

    Attributes
    ----------
    inits : tuple of str
        :class:`~explorer.services.signals.InitSpec` keys, in display order.
    fan_in, fan_out : int
        Shape of the matrix (e.g. 64 pixels into 256 units).
    seed : int
        Seeds every draw (the same generator state for each initializer).
    bins : int
        Histogram bins over the range shared by all draws.
    """

    inits: tuple[str, ...]
    fan_in: int
    fan_out: int
    seed: int = 0
    bins: int = 41

    def __post_init__(self):
        for key in self.inits:
            parse_init_spec(key)  # raises ConfigError naming the allowed keys
        if not (1 <= self.fan_in <= 4096 and 1 <= self.fan_out <= 4096):
            raise ValueError(f"fan_in and fan_out must be 1-4096, got {self.fan_in, self.fan_out}")
        if not 5 <= self.bins <= 200:
            raise ValueError(f"bins must be 5-200, got {self.bins}")


@dataclass(frozen=True)
class TryIt:
    """Where a step's "try it" button leads.

    Attributes
    ----------
    tab : str
        Text key of the tab's label (``"tab_signals"``, ``"tab_training"``, ``"tab_rbm"``,
        ``"tab_dbn"``).
    sidebar : tuple of (str, value)
        Sidebar widget key -> value: the keys of :data:`explorer.services.urlstate.URL_KEYS`
        (``data, layers, act, init, std, seed, batch, mode, cmp``...) plus the ``depth`` / ``width``
        sliders that mirror ``layers``. Lists (``cmp``) are tuples here.
    widgets : tuple of (str, value)
        Widget key -> value of the target tab's own controls (e.g. the Training tab's
        ``tr_inits``); that tab fills in every key left out with its default.
    """

    tab: str
    sidebar: tuple[tuple[str, object], ...] = ()
    widgets: tuple[tuple[str, object], ...] = ()

    def state(self) -> dict[str, object]:
        """Every widget value to set, tuples turned into lists (as multiselects hold them)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.sidebar + self.widgets}


@dataclass(frozen=True)
class Step:
    """One step of the lesson.

    Attributes
    ----------
    id : str
        Short name; the narration's text keys are ``ls_<id>_title``, ``ls_<id>_body``...
    try_it : TryIt
    signals : tuple of SignalsConfig
        Networks traced at initialization (profiles compared in one chart).
    runs : tuple of TrainConfig
        Networks trained (compared in one chart).
    rbms : tuple of RBMConfig
        RBMs fitted (their reconstructions shown side by side).
    dbn : DBNConfig or None
        A DBN pre-trained and fine-tuned beside a random start.
    weights : WeightsConfig or None
        Initial weight distributions compared.
    also : TryIt or None
        A second "try it": a paper's training run on the Training tab (too slow to run in
        the lesson itself), e.g. He et al.'s 30-layer net for the He step.
    maps : tuple of MapConfig
        Edge-of-chaos maps (σ_w × layer), side by side or one under the other.
    beyond : bool
        The step goes beyond the lecture (the view says so).
    """

    id: str
    try_it: TryIt
    signals: tuple[SignalsConfig, ...] = ()
    runs: tuple[TrainConfig, ...] = ()
    rbms: tuple[RBMConfig, ...] = ()
    dbn: DBNConfig | None = None
    weights: WeightsConfig | None = None
    also: TryIt | None = None
    maps: tuple[MapConfig, ...] = ()
    beyond: bool = False

    @property
    def configs(self) -> tuple:
        """Every configuration the step computes, in display order."""
        return (
            *self.signals,
            *self.runs,
            *self.rbms,
            *((self.dbn,) if self.dbn else ()),
            *((self.weights,) if self.weights else ()),
            *self.maps,
        )


# --------------------------------------------------------------------------- the steps

_SIGNAL_WIDTH = 128
_BATCH = 128
_TRAIN_HIDDEN = (32, 32, 32)
_TRAIN_EPOCHS = 10


def _spec(key: str) -> InitSpec:
    return parse_init_spec(key)


def _signals(activation: str, depth: int, keys: tuple[str, ...]) -> tuple[SignalsConfig, ...]:
    base = SignalsConfig(
        data="digits",
        hidden=(_SIGNAL_WIDTH,) * depth,
        activation=activation,
        init=_spec(keys[0]),
        batch=_BATCH,
    )
    return tuple(base.with_init(_spec(k)) for k in keys)


def _layers_state(hidden: tuple[int, ...]) -> tuple[tuple[str, object], ...]:
    out: tuple[tuple[str, object], ...] = (("layers", format_layers(hidden)),)
    if len(set(hidden)) == 1:
        out += (("depth", len(hidden)), ("width", hidden[0]))
    return out


def _signals_try(configs: tuple[SignalsConfig, ...]) -> TryIt:
    """The Signals tab's compare view, showing exactly the step's networks."""
    c = configs[0]
    init = (("init", c.init.name),) + tuple((k, v) for k, v in c.init.params)
    return TryIt(
        "tab_signals",
        sidebar=(
            ("data", c.data),
            *_layers_state(c.hidden),
            ("act", c.activation),
            *init,
            ("seed", c.seed),
            ("batch", c.batch),
            ("mode", "compare"),
            ("cmp", tuple(cfg.init.key for cfg in configs)),
        ),
    )


def _runs(keys: tuple[str, ...]) -> tuple[TrainConfig, ...]:
    return tuple(
        TrainConfig(init=k, hidden=_TRAIN_HIDDEN, activation="relu", epochs=_TRAIN_EPOCHS)
        for k in keys
    )


def _training_try(runs: tuple[TrainConfig, ...], preset: str | None = None) -> TryIt:
    """The Training tab with the step's initializers, network, optimizer and epochs (press
    Train); ``preset`` names the training preset the runs are, if any."""
    c = runs[0]
    return TryIt(
        "tab_training",
        sidebar=(*_layers_state(c.hidden), ("act", c.activation)),
        widgets=(
            ("tr_inits", tuple(r.init for r in runs)),
            ("tr_net", "sidebar"),
            ("tr_data", c.data),
            ("tr_epochs", c.epochs),
            ("tr_opt", c.optimizer),
            ("tr_lr", c.lr),
            ("tr_bs", c.batch_size),
            *((("tr_preset", preset),) if preset else ()),
        ),
    )


_S1 = _signals("sigmoid", 10, ("normal:std=0.01", "lecun_normal"))
_S2 = _signals("relu", 10, ("normal:std=0.01", "normal:std=1", "he_normal"))
_S6 = _signals("tanh", 10, ("lecun_normal", "xavier_normal", "xavier_uniform", "xavier_truncated"))
_S7 = _signals("relu", 30, ("xavier_normal", "he_normal"))
_R3 = _runs(("zeros", "he_normal"))
_R8 = _runs(("zeros", "normal:std=0.01", "lecun_normal", "xavier_normal", "he_normal"))
_DBN = DBNConfig(hidden=(32, 32, 32), pre_epochs=5, ft_epochs=10, xavier=False)
#: Beyond the lecture: tanh and ReLU on the edge-of-chaos map (smaller than the Map tab's).
_MAPS = tuple(MapConfig(activation=a, width=128, depth=30) for a in ("tanh", "relu"))
#: The Map tab's widgets: its default map, for ReLU (He on the edge).
_MAP_TRY = TryIt(
    "tab_map",
    widgets=tuple(
        (key, getattr(MapConfig(activation="relu"), field))
        for key, field in (
            ("map_act", "activation"),
            ("map_width", "width"),
            ("map_depth", "depth"),
            ("map_lo", "sigma_lo"),
            ("map_hi", "sigma_hi"),
            ("map_sb", "sigma_b"),
            ("map_q", "quantity"),
        )
    ),
)

#: The lesson, in order. The UI numbers them from 1.
STEPS: tuple[Step, ...] = (
    Step("sigmoid", _signals_try(_S1), signals=_S1),
    Step("relu", _signals_try(_S2), signals=_S2),
    Step("zeros", _training_try(_R3), runs=_R3),
    Step(
        "rbm",
        TryIt("tab_rbm"),
        rbms=(
            RBMConfig(dataset="digits", n_hidden=64, epochs=1),
            RBMConfig(dataset="digits", n_hidden=64, epochs=10),
        ),
    ),
    Step(
        "dbn",
        TryIt(
            "tab_dbn",
            widgets=(
                ("dbn_data", _DBN.dataset),
                ("dbn_layers", format_layers(_DBN.hidden)),
                ("dbn_pre_epochs", _DBN.pre_epochs),
                ("dbn_ft_epochs", _DBN.ft_epochs),
                ("dbn_xavier", _DBN.xavier),
            ),
        ),
        dbn=_DBN,
    ),
    Step(
        "xavier",
        _signals_try(_S6),
        signals=_S6,
        weights=WeightsConfig(
            ("lecun_normal", "xavier_normal", "xavier_uniform", "xavier_truncated"), 64, 256
        ),
    ),
    Step(
        "he",
        _signals_try(_S7),
        signals=_S7,
        also=_training_try(TRAIN_PRESETS["he30"].configs(), preset="he30"),
    ),
    Step("compare", _training_try(_R8), runs=_R8),
    Step("map", _MAP_TRY, maps=_MAPS, beyond=True),
)
N_STEPS = len(STEPS)
STEP_IDS = tuple(s.id for s in STEPS)


def step_at(number: int) -> Step:
    """The step with 1-based ``number``; raises ``IndexError`` outside ``1 .. N_STEPS``."""
    if not 1 <= number <= N_STEPS:
        raise IndexError(f"step must be from 1 to {N_STEPS}, got {number}")
    return STEPS[number - 1]


def parse_step(value) -> int | None:
    """A 1-based step number from a link (``"3"``), or None when it is not one.

    Parameters
    ----------
    value : str, int, list or None
        A query parameter's value; for a list (a repeated key) the last item counts.

    Returns
    -------
    int or None
        The number when it is a whole number from 1 to :data:`N_STEPS`.
    """
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text.isdigit() or len(text) > 3:
        return None
    n = int(text)
    return n if 1 <= n <= N_STEPS else None


# --------------------------------------------------------------------------- computations


def _draws(cfg: WeightsConfig) -> dict[str, np.ndarray]:
    out = {}
    for key in cfg.inits:
        spec = parse_init_spec(key)
        rng = np.random.default_rng(cfg.seed)
        out[spec.label] = lookup(INITIALIZERS, spec.name, "init").sample(
            rng, cfg.fan_in, cfg.fan_out, **spec.kwargs
        )
    return out


def weight_spread(cfg: WeightsConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One weight matrix drawn by each initializer: its histogram, and its spread beside the
    formula's.

    Parameters
    ----------
    cfg : WeightsConfig

    Returns
    -------
    histograms : DataFrame
        Columns ``run`` (the initializer's label), ``layer`` (1: the matrix is the first
        layer's), ``lo``, ``hi`` (bin edges, one shared range for every run), ``count`` and
        ``frac`` (share of the matrix's entries), as
        :func:`explorer.analysis.charts.histogram_grid` takes them with ``row="run"``.
    table : DataFrame
        One row per initializer: ``run`` (label), ``key``, ``std`` (standard deviation the
        formula implies, after truncation for the truncated normal), ``sample_std`` (of the
        drawn matrix), ``limit`` (bound of a uniform or truncated normal, NaN if unbounded).
    """
    draws = _draws(cfg)
    top = max(float(np.max(np.abs(W))) for W in draws.values())
    edges = np.linspace(-top, top, cfg.bins + 1)
    parts, rows = [], []
    for (label, W), key in zip(draws.items(), cfg.inits, strict=True):
        count, _ = np.histogram(W, bins=edges)
        parts.append(
            pd.DataFrame(
                {
                    "run": label,
                    "layer": 1,
                    "lo": edges[:-1],
                    "hi": edges[1:],
                    "count": count.astype(np.int64),
                    "frac": count / W.size,
                }
            )
        )
        spec = parse_init_spec(key)
        init = lookup(INITIALIZERS, spec.name, "init")
        limit = init.limit(cfg.fan_in, cfg.fan_out, **spec.kwargs) if init.limit else np.nan
        rows.append(
            {
                "run": label,
                "key": spec.key,
                "std": float(init.std(cfg.fan_in, cfg.fan_out, **spec.kwargs)),
                "sample_std": float(np.std(W)),
                "limit": float(limit),
            }
        )
    table = pd.DataFrame(rows, columns=["run", "key", "std", "sample_std", "limit"])
    return pd.concat(parts, ignore_index=True), table


@dataclass(frozen=True)
class RunFacts:
    """The numbers a training step's narration quotes about one run.

    Attributes
    ----------
    grad_hidden_start : float
        Largest gradient norm ‖∂L/∂z‖ of any hidden layer at the initialization (0.0 exactly
        when nothing reaches the hidden layers).
    distinct_units : int
        Fewest distinct units of any hidden layer after training (1: all copies of one).
    width : int
        Units of the narrowest hidden layer.
    val_accuracy : float
        Validation accuracy after the last epoch.
    """

    grad_hidden_start: float
    distinct_units: int
    width: int
    val_accuracy: float


def run_facts(run) -> RunFacts:
    """:class:`RunFacts` of a :class:`~explorer.services.training.TrainRun`."""
    h = run.history
    return RunFacts(
        grad_hidden_start=float(np.max(h.grad_norm[0, :-1])),
        distinct_units=int(np.min(h.n_distinct_units[-1])),
        width=int(min(run.sizes[1:-1])),
        val_accuracy=float(h.curve("val_accuracy")[-1]),
    )
