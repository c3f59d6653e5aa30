"""Named starting points that reproduce a published figure or a claim of the lecture.

Each :class:`Preset` is data: a :class:`~explorer.config.SignalsConfig`, the initializers it
compares, where it comes from, and what the source reports, so the app can show the expected
result beside the live one. A :class:`TrainPreset` does the same for training runs
(:class:`~explorer.experiments.TrainConfig`), and also judges the live runs against the
source's claim (:meth:`TrainPreset.check`): which initializers should learn and which should
stall, decided from the runs' own numbers.

References
----------
.. [1] He, Zhang, Ren, Sun (2015). Delving deep into rectifiers: surpassing human-level
   performance on ImageNet classification. ICCV. Figure 3.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .config import InitSpec, SignalsConfig
from .experiments import TrainConfig, TrainRun

__all__ = ["PRESETS", "TRAIN_PRESETS", "Preset", "PresetCheck", "RunCheck", "TrainPreset"]


@dataclass(frozen=True)
class Preset:
    """A named configuration and the initializers it compares.

    Attributes
    ----------
    key : str
        Short name (used in the URL).
    title : str
        Button label.
    source : str
        One line: where the setting comes from.
    expected : str
        What the source reports, to read beside the live charts.
    config : SignalsConfig
    compare : tuple of InitSpec
    """

    key: str
    title: str
    source: str
    expected: str
    config: SignalsConfig
    compare: tuple[InitSpec, ...]


def _spec(name, **params):
    return InitSpec.make(name, params)


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "cs231n",
            "CS231n: 10 tanh layers of 500, std 0.01 / 1.0 / Xavier",
            "Karpathy, CS231n (2016), lecture 5: input randn(1000, 500), 10 tanh layers of 500.",
            "std 0.01: layer stds 0.21, 0.048, 0.011, 0.0024 … collapse towards 0, and so do "
            "the gradients. std 1.0: almost every unit saturates at ±1 and local gradients "
            "vanish. Xavier (/√fan_in): stds stay between about 0.6 and 0.2 through all 10 "
            "layers.",
            SignalsConfig(
                data="gaussian",
                hidden=(500,) * 10,
                activation="tanh",
                init=_spec("normal", std=0.01),
                batch=1000,
                input_dim=500,
            ),
            (_spec("normal", std=0.01), _spec("normal", std=1.0), _spec("lecun_normal")),
        ),
        Preset(
            "glorot",
            "Glorot & Bengio: gradients by layer, standard vs normalized init",
            "Glorot & Bengio (2010), figure 7: back-propagated gradients of a 5-layer tanh net.",
            "Standard init U(±1/√n): the spread of the back-propagated gradients shrinks "
            "layer by layer towards the input. Normalized init (Xavier, ±√(6/(in+out))): it "
            "stays about the same in every layer.",
            SignalsConfig(activation="tanh", hidden=(1000,) * 5, init=_spec("xavier_uniform")),
            (_spec("standard_uniform"), _spec("xavier_uniform")),
        ),
        Preset(
            "relu10",
            "ReLU, 10 layers: Xavier vs He",
            "He et al. (2015), section 2.2: the ReLU variance recursion.",
            "Xavier (2/(in+out)) halves E[a²] at every ReLU layer: after 10 layers the "
            "activations are ~2⁻¹⁰ ≈ 0.001 of the first layer's. He (2/fan_in) keeps them "
            "level.",
            SignalsConfig(activation="relu", hidden=(256,) * 10, init=_spec("he_normal")),
            (_spec("xavier_normal"), _spec("he_normal")),
        ),
        Preset(
            "relu30",
            "ReLU, 30 layers: Xavier vs He",
            "He et al. (2015), figure 3: a 30-layer ReLU net stalls with Xavier, learns with He.",
            "With Xavier the signal shrinks by about 2⁻³⁰ ≈ 1e-9 in E[a²] over 30 layers; "
            "with He it stays level, so gradients reach the first layers.",
            SignalsConfig(activation="relu", hidden=(256,) * 30, init=_spec("he_normal")),
            (_spec("xavier_normal"), _spec("he_normal")),
        ),
        Preset(
            "lecture",
            "The lecture: zeros vs Xavier vs He",
            "The lecture notes (seed/): zeros, then Xavier (randn/√fan_in), then He "
            "(randn/√(fan_in/2)).",
            "Zeros: every hidden unit computes the same value (with ReLU, 0) and every "
            "hidden gradient is exactly 0, so nothing learns. The notes' Xavier (LeCun) shrinks a "
            "ReLU signal layer by layer; He keeps it level.",
            SignalsConfig(activation="relu", hidden=(256,) * 10, init=_spec("he_normal")),
            (
                _spec("zeros"),
                _spec("lecun_normal"),
                _spec("xavier_uniform"),
                _spec("he_normal"),
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
class TrainPreset:
    """A training comparison from a paper, with the claim it reproduces.

    Attributes
    ----------
    key : str
        Short name (used in widget keys and text keys).
    title : str
        Button label.
    source : str
        One line: where the setting comes from.
    expected : str
        What the source reports, to read beside the live result.
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
    """

    key: str
    title: str
    source: str
    expected: str
    config: TrainConfig
    compare: tuple[str, ...]
    learns: tuple[str, ...]
    stalls: tuple[str, ...]
    learns_at: float = 0.5
    stall_margin: float = 0.05

    def configs(self, seed: int | None = None) -> tuple[TrainConfig, ...]:
        """One :class:`TrainConfig` per compared initializer (with ``seed`` if given)."""
        base = self.config if seed is None else replace(self.config, seed=int(seed))
        return tuple(replace(base, init=k) for k in self.compare)

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

#: Training presets by key.
TRAIN_PRESETS: dict[str, TrainPreset] = {p.key: p for p in (HE30,)}
