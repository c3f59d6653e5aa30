"""Named starting points that reproduce a published figure or a claim of the lecture.

Each :class:`Preset` is data: a :class:`~explorer.services.signals.SignalsConfig`, the initializers
it compares, where it comes from, what the source reports, and that report as quantitative
:class:`Claim` s, so the app can show the expected result beside the live one and say
whether they agree (:meth:`Preset.check`, from the runs' per-layer summaries). A
:class:`TrainPreset` does the same for training runs
(:class:`~explorer.services.training.TrainConfig`), and also judges the live runs against the
source's claim (:meth:`TrainPreset.check`): which initializers should learn and which should
stall, decided from the runs' own numbers.

References
----------
.. [1] He, Zhang, Ren, Sun (2015). Delving deep into rectifiers: surpassing human-level
   performance on ImageNet classification. ICCV. Section 2.2 and figure 3.
.. [2] Glorot, Bengio (2010). Understanding the difficulty of training deep feedforward
   neural networks. AISTATS. Section 4.2 and figure 7.
.. [3] Karpathy (2016). CS231n, lecture 5: "Training neural networks, part I" (the
   10-layer tanh demo).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from explorer.services.signals import InitSpec, SignalsConfig
from explorer.services.training import (
    TAB_DEFAULT_HIDDEN,
    TAB_DEFAULT_INITS,
    TrainConfig,
    TrainRun,
)

__all__ = [
    "MEASURES",
    "PRESETS",
    "TRAIN_PRESETS",
    "Claim",
    "ClaimCheck",
    "Preset",
    "PresetCheck",
    "RunCheck",
    "SignalsCheck",
    "Sourced",
    "TrainPreset",
]


# --------------------------------------------------------------------------- signals claims


def _div(a: float, b: float) -> float:
    """``a / b`` without warnings: ``nan`` for 0/0 (and NaN input), ``±inf`` for x/0."""
    if b == 0 or not (math.isfinite(a) and math.isfinite(b)):
        if math.isnan(a) or math.isnan(b) or a == 0:
            return math.nan
        if b == 0:
            return math.copysign(math.inf, a)
        return a / b  # finite / inf -> 0, inf / finite -> inf, inf / inf -> nan
    return a / b


def _hidden(summary, column: str) -> list[float]:
    """``column`` of the hidden-layer rows of an :func:`explorer.analysis.stats.layer_summary`
    frame."""
    kinds = list(summary["kind"])
    return [float(v) for v, k in zip(summary[column], kinds, strict=True) if k == "hidden"]


def _ea2(summary) -> list[float]:
    """E[a²] per hidden layer, ``act_std² + act_mean²`` (the summary's std has ddof 0)."""
    return [
        s * s + m * m
        for s, m in zip(_hidden(summary, "act_std"), _hidden(summary, "act_mean"), strict=True)
    ]


def _min(values: list[float]) -> float:
    """The smallest value; NaN when any is NaN (a layer that overflowed decides nothing)."""
    return math.nan if any(math.isnan(v) for v in values) else min(values, default=math.nan)


def _max(values: list[float]) -> float:
    """The largest value; NaN when any is NaN."""
    return math.nan if any(math.isnan(v) for v in values) else max(values, default=math.nan)


def _m_act_std(summary, layer):
    return _hidden(summary, "act_std")[layer - 1]


def _m_saturated_min(summary, layer):
    return _min(_hidden(summary, "saturated_frac"))


def _m_ea2_ratio(summary, layer):
    e = _ea2(summary)
    return _div(e[-1], e[0])


def _m_grad_ratio(summary, layer):
    g = _hidden(summary, "grad_norm")
    return _div(g[0], g[-1])


def _m_grad_step_max(summary, layer):
    g = _hidden(summary, "grad_norm")
    return _max([_div(a, b) for a, b in itertools.pairwise(g)])


def _m_grad_max(summary, layer):
    return _max(_hidden(summary, "grad_norm"))


def _m_act_std_max(summary, layer):
    return _max(_hidden(summary, "act_std"))


#: What a :class:`Claim` measures, by its ``measure`` key: ``f(summary, layer) -> float``,
#: from one run's :func:`explorer.analysis.stats.layer_summary` (hidden layers only,
#: 1-based ``layer``).
#:
#: - ``act_std``: activation std of hidden layer ``layer``;
#: - ``saturated_min``: the lowest saturated fraction over the hidden layers;
#: - ``ea2_ratio``: E[a²] of the last hidden layer over the first's;
#: - ``grad_ratio``: ‖∂L/∂z‖ of the first hidden layer over the last's;
#: - ``grad_step_max``: the largest ‖∂L/∂z‖ of a hidden layer over the next one's (below 1:
#:   the gradient shrinks at every layer towards the input);
#: - ``grad_max``: the largest hidden ‖∂L/∂z‖;
#: - ``act_std_max``: the largest hidden activation std (0: every unit of a layer gives the
#:   same value for every input).
MEASURES = {
    "act_std": _m_act_std,
    "saturated_min": _m_saturated_min,
    "ea2_ratio": _m_ea2_ratio,
    "grad_ratio": _m_grad_ratio,
    "grad_step_max": _m_grad_step_max,
    "grad_max": _m_grad_max,
    "act_std_max": _m_act_std_max,
}


@dataclass(frozen=True)
class Claim:
    """One quantitative statement of a source about one run of a :class:`Preset`.

    Attributes
    ----------
    run : str
        :class:`~explorer.services.signals.InitSpec` key of the run it is about (one of the preset's
        ``compare``).
    measure : str
        Key of :data:`MEASURES`: what is read from the run's per-layer summary.
    source : float or None
        The source's value: published, or what its statement implies (``2**-9`` for "E[a²]
        halves at each of 9 layers"). None when the source says it in words only ("almost
        every unit").
    low, high : float
        The live value agrees with the source when ``low <= live <= high``.
    layer : int or None
        The hidden layer (1-based) for per-layer measures; the last hidden layer otherwise
        (the ``{last}`` of the texts).
    """

    run: str
    measure: str
    source: float | None
    low: float
    high: float
    layer: int | None = None

    def __post_init__(self):
        if self.measure not in MEASURES:
            raise ValueError(f"measure must be one of {list(MEASURES)}, got {self.measure!r}")
        if not self.low <= self.high:
            raise ValueError(f"low must be <= high, got {self.low!r} > {self.high!r}")

    def measure_in(self, summary) -> float:
        """The live value of this claim's measure in one run's summary."""
        return float(MEASURES[self.measure](summary, self.layer))


@dataclass(frozen=True)
class ClaimCheck:
    """A :class:`Claim` and the live value measured for it.

    Attributes
    ----------
    claim : Claim
    live : float
    ok : bool
        ``claim.low <= live <= claim.high`` (False for NaN).
    """

    claim: Claim
    live: float
    ok: bool


@dataclass(frozen=True)
class SignalsCheck:
    """The live runs of a :class:`Preset` judged against its source's claims.

    Attributes
    ----------
    claims : tuple of ClaimCheck
        In the preset's order; only the claims whose run was given.
    complete : bool
        Every run a claim is about was given.
    """

    claims: tuple[ClaimCheck, ...]
    complete: bool

    @property
    def failed(self) -> int:
        """How many claims do not hold."""
        return sum(not c.ok for c in self.claims)

    @property
    def matches(self) -> bool:
        """Every claim holds, and every run was there to check it."""
        return self.complete and bool(self.claims) and self.failed == 0


#: Settings a preset leaves free: the seed (the verdict is per seed), the display settings,
#: and the sidebar's own initializer, which the compare view replaces by each compared one.
_FREE = ("seed", "init", "bins", "shared_range", "drop_zeros")


@dataclass(frozen=True)
class Sourced:
    """A setting taken from a source: the fields every preset starts with.

    Attributes
    ----------
    key : str
        Short name (used in the URL, and in widget and text keys).
    title : str
        Button label.
    source : str
        One line: where the setting comes from.
    expected : str
        What the source reports, to read beside the live charts.
    """

    key: str
    title: str
    source: str
    expected: str


@dataclass(frozen=True)
class Preset(Sourced):
    """A named configuration, the initializers it compares, and what its source claims.

    Attributes
    ----------
    key, title, source, expected : str
        See :class:`Sourced`.
    config : SignalsConfig
    compare : tuple of InitSpec
    claims : tuple of Claim
        ``expected`` as numbers with accepted ranges, checked by :meth:`check`.
    """

    config: SignalsConfig
    compare: tuple[InitSpec, ...]
    claims: tuple[Claim, ...] = ()

    def __post_init__(self):
        keys = {s.key for s in self.compare}
        stray = [c.run for c in self.claims if c.run not in keys]
        if stray:
            raise ValueError(f"claims must be about runs of {sorted(keys)}, got {stray}")

    def applies_to(self, cfg: SignalsConfig, keys) -> bool:
        """True when ``cfg`` and the compared ``keys`` are this preset's.

        Any seed, bins, histogram range and sidebar initializer (:data:`_FREE`); the input
        dimension counts for Gaussian data only.
        """
        if tuple(keys) != tuple(s.key for s in self.compare):
            return False
        mine = self.config
        free = {f: getattr(mine, f) for f in _FREE}
        if cfg.data != "gaussian" and mine.data != "gaussian":
            free["input_dim"] = mine.input_dim
        return replace(cfg, **free) == mine

    def check(self, summaries: Mapping[str, object]) -> SignalsCheck:
        """Judge live runs against the source's claims.

        Parameters
        ----------
        summaries : mapping of str to DataFrame
            :class:`~explorer.services.signals.InitSpec` key -> that run's per-layer summary
            (:attr:`explorer.services.signals.SignalsResult.summary`); missing runs are left out.

        Returns
        -------
        SignalsCheck
        """
        out = []
        for c in self.claims:
            summary = summaries.get(c.run)
            if summary is None:
                continue
            live = c.measure_in(summary)
            out.append(ClaimCheck(c, live, bool(c.low <= live <= c.high)))
        complete = all(c.run in summaries for c in self.claims)
        return SignalsCheck(tuple(out), complete)


def _spec(name, **params):
    return InitSpec.make(name, params)


def _within(run, measure, source, factor, layer=None) -> Claim:
    """A claim accepted within ``×/÷ factor`` of ``source``."""
    return Claim(run, measure, source, source / factor, source * factor, layer)


def _relu_band(depth: int, width: int) -> float:
    """Accepted ``×/÷`` factor of an E[a²] ratio over ``depth - 1`` ReLU layers of ``width``.

    He et al.'s recursion holds in expectation over the weights. In one network each layer
    multiplies E[a²] by a random factor: for a given input, E[a²] of the next layer is the
    mean over ``width`` units of relu(z)², whose relative variance is 5 for Gaussian z
    (E[relu(z)⁴] / E[relu(z)²]² = 6), and a deep ReLU net's inputs are strongly correlated,
    so the batch averages little of it out. That is a log-sd of about √(5 / width) per
    layer (0.14 at width 256; measured 0.13 over seeds 0-19), √(5 (depth-1) / width) over
    the net. The band is 3 of those: ×/÷ 3.5 over 9 layers of 256, ×/÷ 9.6 over 29, a
    per-layer factor within 15 % and 8 % of the expected one.
    """
    return math.exp(3 * math.sqrt(5 * (depth - 1) / width))


# CS231n's layer stds for std 0.01, hidden layers 1-4 (to the digits quoted).
_CS231N_STDS = (0.213, 0.048, 0.011, 0.0024)
# ... and layers 5-10 as the slide prints them, to six decimals: only layer 10 rounds to 0.
_CS231N_TINY = ("0.000532", "0.000119", "0.000026", "0.000006", "0.000001", "0.000000")
# The slide's layer stds for Xavier (randn / √fan_in), layers 1 and 10.
_CS231N_XAVIER = ((1, "0.628"), (10, "0.226"))
#: Allowance for one random draw against another: the same experiment's layer stds vary by
#: at most 1.2 % over seeds 0-4 here; the slide is one other draw, on another BLAS.
_DRAW = 0.05


def _printed(run: str, layer: int, text: str) -> Claim:
    """A layer std the source prints as ``text``: the true value lies within half a unit of
    the last printed digit (rounding), widened by :data:`_DRAW` for the draw."""
    v = float(text)
    half = 0.5 * 10.0 ** -len(text.partition(".")[2])
    return Claim(run, "act_std", v, max(v - half, 0.0) * (1 - _DRAW), (v + half) * (1 + _DRAW),
                 layer=layer)  # fmt: skip


# Glorot & Bengio's standard init: n Var[W] = n / (3n) = 1/3 per layer (their eq. 1 and the
# variance recursion of section 4.2.1), so ‖∂L/∂z‖ falls by √(1/3) per layer towards the input.
_GLOROT_STD_STEP = math.sqrt(1 / 3)
_RELU10, _RELU30 = _relu_band(10, 256), _relu_band(30, 256)

PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "cs231n",
            "CS231n: 10 tanh layers of 500, std 0.01 / 1.0 / Xavier",
            "Karpathy, CS231n (2016), lecture 5: input randn(1000, 500), 10 tanh layers of 500.",
            "std 0.01: layer stds 0.21, 0.048, 0.011, 0.0024, 0.000532, 0.000119, 0.000026, "
            "0.000006, 0.000001, 0.000000: they collapse towards 0, and so do the gradients. "
            "std 1.0: almost every unit saturates at ±1 and local gradients vanish. Xavier "
            "(/√fan_in): stds fall slowly, from 0.628 in layer 1 to 0.226 in layer 10.",
            SignalsConfig(
                data="gaussian",
                hidden=(500,) * 10,
                activation="tanh",
                init=_spec("normal", std=0.01),
                batch=1000,
                input_dim=500,
            ),
            (_spec("normal", std=0.01), _spec("normal", std=1.0), _spec("lecun_normal")),
            (
                # The published stds, to their two printed digits (rounding up to ±5 %); one
                # draw of the same experiment varies by < 1 % (seeds 0-4). ±10 % still
                # rejects std 0.011 (layer 4 goes as std⁴: +46 %).
                *(
                    Claim("normal:std=0.01", "act_std", v, v * 0.9, v * 1.1, layer=i)
                    for i, v in enumerate(_CS231N_STDS, 1)
                ),
                *(_printed("normal:std=0.01", i, v) for i, v in enumerate(_CS231N_TINY, 5)),
                # "and so do the gradients": each layer scales ∂L/∂z by √500 · 0.01 = 0.22
                # (tanh ≈ identity there), 0.22⁹ ≈ 1.4e-6 from layer 10 down to layer 1.
                _within("normal:std=0.01", "grad_ratio", (math.sqrt(500) * 0.01) ** 9, 2.0),
                # "almost every unit saturates": z has std ≈ √500 ≈ 22, so |tanh z| > 0.99
                # (|z| > 2.65) for ~91 % of the values in every layer; "almost every" is
                # taken as at least 80 % in the least saturated layer.
                Claim("normal:std=1", "saturated_min", None, 0.8, 1.0),
                # the printed stds of the first and the last layer
                *(_printed("lecun_normal", i, v) for i, v in _CS231N_XAVIER),
            ),
        ),
        Preset(
            "glorot",
            "Glorot & Bengio: gradients by layer, standard vs normalized init",
            "Glorot & Bengio (2010), figure 7: back-propagated gradients of a 5-layer tanh net.",
            "Standard init U(±1/√n): the spread of the back-propagated gradients shrinks "
            "layer by layer towards the input, by √(1/3) per layer in the paper's analysis. "
            "Normalized init (Xavier, ±√(6/(in+out))): it stays about the same in every layer.",
            SignalsConfig(activation="tanh", hidden=(1000,) * 5, init=_spec("xavier_uniform")),
            (_spec("standard_uniform"), _spec("xavier_uniform")),
            (
                # (1/3)^(4/2) ≈ 0.11 from layer 5 to layer 1; ×/÷ 2 still means a per-layer
                # factor within 19 % of √(1/3) and rejects "no shrinking" (1).
                _within("standard_uniform", "grad_ratio", _GLOROT_STD_STEP**4, 2.0),
                # "layer by layer": every layer's gradient below the next one's.
                Claim("standard_uniform", "grad_step_max", _GLOROT_STD_STEP, 0.0, 1.0),
                # n Var[W] = 1: "about the same" taken as within ×/÷ 1.5 over the 4 layers
                # (tanh' < 1 takes a few % per layer), against ×/÷ 9 for the standard init.
                _within("xavier_uniform", "grad_ratio", 1.0, 1.5),
            ),
        ),
        Preset(
            "relu10",
            "ReLU, 10 layers: Xavier vs He",
            "He et al. (2015), section 2.2: the ReLU variance recursion.",
            "Xavier (2/(in+out)) halves E[a²] at every ReLU layer: layer 10's E[a²] is "
            "2⁻⁹ ≈ 0.002 of layer 1's. He (2/fan_in) keeps it level.",
            SignalsConfig(activation="relu", hidden=(256,) * 10, init=_spec("he_normal")),
            (_spec("xavier_normal"), _spec("he_normal")),
            (
                _within("xavier_normal", "ea2_ratio", 2.0**-9, _RELU10),
                _within("he_normal", "ea2_ratio", 1.0, _RELU10),
            ),
        ),
        Preset(
            "relu30",
            "ReLU, 30 layers: Xavier vs He",
            "He et al. (2015), figure 3: a 30-layer ReLU net stalls with Xavier, learns with He.",
            "With Xavier, E[a²] shrinks by 2⁻²⁹ ≈ 2e-9 from layer 1 to layer 30, and the "
            "gradient reaching layer 1 by 2⁻¹⁴·⁵ ≈ 4e-5 of layer 30's. With He both stay "
            "level, so gradients reach the first layers.",
            SignalsConfig(activation="relu", hidden=(256,) * 30, init=_spec("he_normal")),
            (_spec("xavier_normal"), _spec("he_normal")),
            (
                # The gradients: the backward pass multiplies by the same Wᵀ and ReLU
                # masks, the same drift, halved in log because a norm is the root of a mean
                # square.
                _within("xavier_normal", "ea2_ratio", 2.0**-29, _RELU30),
                _within("xavier_normal", "grad_ratio", 2.0**-14.5, math.sqrt(_RELU30)),
                _within("he_normal", "ea2_ratio", 1.0, _RELU30),
                _within("he_normal", "grad_ratio", 1.0, math.sqrt(_RELU30)),
            ),
        ),
        Preset(
            "lecture",
            "The lecture: zeros vs Xavier vs He",
            "Sung Kim's lecture 10-2 (모두를 위한 딥러닝): zeros, then Xavier "
            "(randn/√fan_in), then He (randn/√(fan_in/2)).",
            "Zeros: every hidden unit computes the same value (with ReLU, 0) and every "
            "hidden gradient is exactly 0, so nothing learns. The notes' Xavier (LeCun, "
            "randn/√fan_in) and the paper's Xavier halve E[a²] at every ReLU layer (2⁻⁹ over "
            "10 layers); He keeps it level.",
            SignalsConfig(activation="relu", hidden=(256,) * 10, init=_spec("he_normal")),
            (
                _spec("zeros"),
                _spec("lecun_normal"),
                _spec("xavier_uniform"),
                _spec("he_normal"),
            ),
            (
                Claim("zeros", "act_std_max", 0.0, 0.0, 0.0),
                Claim("zeros", "grad_max", 0.0, 0.0, 0.0),
                _within("lecun_normal", "ea2_ratio", 2.0**-9, _RELU10),
                _within("xavier_uniform", "ea2_ratio", 2.0**-9, _RELU10),
                _within("he_normal", "ea2_ratio", 1.0, _RELU10),
            ),
        ),
    )
}


# --------------------------------------------------------------------------- training presets


@dataclass(frozen=True)
class RunCheck:
    """One run of a :class:`TrainPreset` against what the source says it does.

    Attributes
    ----------
    init : str
        The initializer key.
    expected : {"learns", "stalls"}
    observed : {"learns", "stalls", "between", "diverged"}
        From the final validation accuracy: at least ``learns_at`` is "learns", at most
        chance + ``stall_margin`` is "stalls"; a diverged (or non-finite) run is "diverged".
    val_accuracy, val_loss : float
        After the last epoch run.
    first_grad : float
        Norm of the first layer's weight gradient at the initialization (epoch 0, probe batch).
    epochs_run : int
    """

    init: str
    expected: str
    observed: str
    val_accuracy: float
    val_loss: float
    first_grad: float
    epochs_run: int

    @property
    def ok(self) -> bool:
        return self.observed == self.expected


@dataclass(frozen=True)
class PresetCheck:
    """The live runs of a :class:`TrainPreset` judged against the source's claim.

    Attributes
    ----------
    runs : tuple of RunCheck
        In the preset's order; only the runs that were given.
    chance : float
        Accuracy of guessing, ``1 / n_classes``.
    learns_at, stalls_below : float
        The thresholds used (validation accuracy).
    grad_ratio : float or None
        First-layer weight gradient at the initialization of the first stalling run over
        that of the first learning run (about ``2**-15`` ≈ 3e-5 for Xavier vs He over 30
        ReLU layers); None when either is missing or zero.
    complete : bool
        Every run of the preset was given and none was stopped early.
    """

    runs: tuple[RunCheck, ...]
    chance: float
    learns_at: float
    stalls_below: float
    grad_ratio: float | None
    complete: bool

    @property
    def matches(self) -> bool:
        """Every run did what the source says, and every run is there and complete."""
        return self.complete and all(r.ok for r in self.runs)


@dataclass(frozen=True)
class TrainPreset(Sourced):
    """A training comparison from a paper, with the claim it reproduces.

    The source's claim is which of the compared initializers learn and which stay at chance;
    :meth:`check` reads it off the live runs' final validation accuracies.

    Attributes
    ----------
    key, title, source, expected : str
        See :class:`Sourced`.
    config : TrainConfig
        Everything but the initializer (its ``init`` is the first of ``compare``).
    compare : tuple of str
        Initializer keys trained, in display order.
    learns, stalls : tuple of str
        Keys of ``compare`` the source says learn, and stay at chance.
    learns_at : float
        Final validation accuracy from which a run counts as learning.
    stall_margin : float
        A run stalls when its final validation accuracy is at most chance + this.
    network : {"sidebar", "tab"}
        Where the preset's hidden layers go: into the sidebar (a paper's network), or the
        Training tab's own small network (``config.hidden`` is then the tab's default).
    """

    config: TrainConfig
    compare: tuple[str, ...]
    learns: tuple[str, ...] = ()
    stalls: tuple[str, ...] = ()
    learns_at: float = 0.5
    stall_margin: float = 0.05
    network: str = "sidebar"

    @property
    def has_claim(self) -> bool:
        """Whether the preset says which runs learn and which stall (a verdict to show)."""
        return bool(self.learns or self.stalls)

    def configs(self, seed: int | None = None) -> tuple[TrainConfig, ...]:
        """One :class:`TrainConfig` per compared initializer (with ``seed`` if given)."""
        base = self.config if seed is None else replace(self.config, seed=int(seed))
        return tuple(base.with_init(k) for k in self.compare)

    def matches_configs(self, configs) -> bool:
        """True when ``configs`` are exactly this preset's runs, with any one seed."""
        configs = list(configs)
        if not configs:
            return False
        return tuple(configs) == self.configs(configs[0].seed)

    def check(self, runs: Mapping[str, TrainRun]) -> PresetCheck:
        """Judge live runs against the claim.

        Parameters
        ----------
        runs : mapping of str to TrainRun
            Initializer key -> run (the preset's configs; missing ones are left out).

        Returns
        -------
        PresetCheck
        """
        chance = 1.0 / self.config.n_classes
        stalls_below = chance + self.stall_margin
        out = []
        for key in self.compare:
            r = runs.get(key)
            if r is None:
                continue
            h = r.history
            acc = float(h.val_accuracy[-1]) if len(h) else float(h.initial_val_accuracy)
            loss = float(h.val_loss[-1]) if len(h) else float(h.initial_val_loss)
            if r.diverged or not math.isfinite(acc):
                observed = "diverged"
            elif acc >= self.learns_at:
                observed = "learns"
            elif acc <= stalls_below:
                observed = "stalls"
            else:
                observed = "between"
            expected = "learns" if key in self.learns else "stalls"
            grad = float(h.dW_norm[0, 0])
            out.append(RunCheck(key, expected, observed, acc, loss, grad, r.epochs_run))
        grads = {c.init: c.first_grad for c in out}
        s = next((grads[k] for k in self.stalls if k in grads), None)
        g = next((grads[k] for k in self.learns if k in grads), None)
        ratio = s / g if s is not None and g and math.isfinite(s / g) else None
        complete = len(out) == len(self.compare) and all(not runs[k].stopped for k in self.compare)
        return PresetCheck(tuple(out), chance, self.learns_at, stalls_below, ratio, complete)


#: He et al.'s figure 3, scaled to seconds: 30 ReLU layers of 64 units on the 8x8 digits,
#: SGD with momentum 0.9 as in the paper. Measured over seeds 0-9 (tests/test_presets.py):
#: Xavier ends at 10.0-10.3 % validation accuracy (loss ln 10), He at 88-96 %.
HE30 = TrainPreset(
    "he30",
    "He et al. 2015: 30 ReLU layers, Xavier stalls, He learns",
    "He, Zhang, Ren, Sun (2015), “Delving Deep into Rectifiers”, ICCV, figure 3: a 30-layer "
    "ReLU net does not converge from Xavier's init; from theirs it does. Here scaled to "
    "seconds: 30 layers of 64 units on the 8×8 digits, SGD with momentum, 20 epochs.",
    "Xavier: the net does not learn; the loss stays at ln 10 ≈ 2.30 and the accuracy at "
    "chance, because each ReLU layer halves the signal (2⁻³⁰ over 30 layers) and the first "
    "layers get gradients ~10⁻⁵ of He's. He: the net learns.",
    TrainConfig(
        init="xavier_normal",
        data="digits",
        hidden=(64,) * 30,
        activation="relu",
        epochs=20,
        optimizer="momentum",
        lr=0.001,
        batch_size=32,
    ),
    ("xavier_normal", "he_normal"),
    learns=("he_normal",),
    stalls=("xavier_normal",),
)

#: The lecture's two set-ups on the Training tab's own network, plain SGD, 20 epochs.
LECTURE_RELU = TrainPreset(
    "relu",
    "Zeros vs Xavier vs He vs DBN (ReLU)",
    "The lecture: ReLU hidden layers, this tab's own network, plain SGD.",
    "Zeros stay at chance; Xavier and He end ahead of DBN pre-training.",
    TrainConfig(hidden=TAB_DEFAULT_HIDDEN, activation="relu"),
    TAB_DEFAULT_INITS,
    network="tab",
)
LECTURE_SIGMOID = TrainPreset(
    "sigmoid",
    "DBN rescues a deep sigmoid net",
    "The lecture, 2006: sigmoid hidden layers, this tab's own network, plain SGD.",
    "Zeros and small random weights learn nothing; DBN pre-training rescues the deep sigmoid net.",
    TrainConfig(hidden=TAB_DEFAULT_HIDDEN, activation="sigmoid"),
    ("zeros", "normal:std=0.01", "lecun_normal", "dbn"),
    network="tab",
)

#: Training presets by key: the lecture's set-ups, then the papers'.
TRAIN_PRESETS: dict[str, TrainPreset] = {p.key: p for p in (LECTURE_RELU, LECTURE_SIGMOID, HE30)}
