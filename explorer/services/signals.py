"""From a frozen configuration to the small tables a view draws.

These functions join the engine and the stats layer: build the data and the network, trace
one batch, predict the theory, and reduce everything to tidy DataFrames. The raw trace is
dropped before returning, so a cached result costs kilobytes, not the hundreds of megabytes a
deep, wide trace can take. The UI caches these functions on the config.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.analysis import stats
from explorer.data.datasets import DATASETS, load_dataset
from explorer.engine import theory
from explorer.engine.network import Network
from explorer.services.config import SignalsConfig, check_memory

__all__ = ["SignalsResult", "check_signals", "compute_signals", "signals_batch"]


@dataclass(frozen=True, eq=False)
class SignalsResult:
    """What the Signals view shows for one configuration.

    Attributes
    ----------
    config : SignalsConfig
    sizes : tuple of int
        Full layer sizes, input first.
    loss : float
        Cross-entropy of the batch at initialization.
    hist_a, hist_g : DataFrame
        Per-layer histograms of activations and of back-propagated gradients ∂L/∂z
        (columns of :func:`explorer.analysis.stats.layer_histograms`).
    summary : DataFrame
        :func:`explorer.analysis.stats.layer_summary`.
    profile : DataFrame
        :func:`explorer.analysis.stats.std_profile`, measured and theory.
    overflow : dict or None
        :func:`explorer.analysis.stats.overflow_report`.
    theory_method : str
        How the theory line was computed for this activation.
    """

    config: SignalsConfig
    sizes: tuple[int, ...]
    loss: float
    hist_a: pd.DataFrame
    hist_g: pd.DataFrame
    summary: pd.DataFrame
    profile: pd.DataFrame
    overflow: dict | None
    theory_method: str


def signals_batch(cfg: SignalsConfig) -> tuple[np.ndarray, np.ndarray, int]:
    """The inputs a Signals configuration traces.

    Parameters
    ----------
    cfg : SignalsConfig

    Returns
    -------
    X : ndarray, shape (batch, d)
    y : ndarray of int, shape (batch,)
    n_classes : int
        For ``digits`` and ``bars_stripes`` a seeded random subset of ``min(batch, n)``
        rows; for ``gaussian``, ``randn(batch, input_dim)`` with random labels.
    """
    if cfg.data == "gaussian":
        ds = load_dataset("gaussian", n=cfg.batch, d=cfg.input_dim, seed=cfg.seed)
        return ds.X, ds.y, ds.n_classes
    ds = load_dataset(cfg.data)
    n = len(ds.y)
    if cfg.batch >= n:
        return ds.X, ds.y, ds.n_classes
    idx = np.sort(np.random.default_rng(cfg.seed).choice(n, size=cfg.batch, replace=False))
    return ds.X[idx], ds.y[idx], ds.n_classes


def check_signals(cfg: SignalsConfig) -> int:
    """Refuse a configuration whose trace would pass the memory cap, before computing it.

    Returns
    -------
    int
        The trace's estimated bytes.

    Raises
    ------
    ConfigError
        With the estimate, the cap and what to reduce (see
        :func:`explorer.services.config.check_memory`).
    """
    n = cfg.batch
    if cfg.data == "gaussian":
        n_inputs = cfg.input_dim
    else:
        ds = load_dataset(cfg.data)
        n, n_inputs = min(cfg.batch, len(ds.y)), ds.X.shape[1]
    return check_memory(cfg.sizes(n_inputs, DATASETS[cfg.data].n_classes), n, cfg.dtype)


def compute_signals(cfg: SignalsConfig, report=None) -> SignalsResult:
    """Trace one batch through a freshly initialized network and summarize every layer.

    Parameters
    ----------
    cfg : SignalsConfig
    report : callable, optional
        Unused: one trace has no steps to report (the job service's signature).

    Returns
    -------
    SignalsResult

    Raises
    ------
    explorer.engine.checks.ConfigError
        If the trace would pass the memory cap.
    """
    X, y, n_classes = signals_batch(cfg)
    sizes = cfg.sizes(X.shape[1], n_classes)
    check_memory(sizes, X.shape[0], cfg.dtype)
    params = cfg.init.kwargs
    net = Network.create(sizes, cfg.activation, cfg.init.name, cfg.seed, params, cfg.dtype)
    tr = net.trace(X, y)
    del net
    # Mean-field quadrature where no closed form exists: the linear approximation of tanh or
    # the sigmoid is the Glorot regime only, and would draw saturated layers growing forever.
    method = "auto" if theory.METHODS[cfg.activation] == theory.EXACT else "quadrature"
    pred = theory.predict_for_trace(sizes, cfg.activation, cfg.init.name, X, tr, params, method)
    # one pass over the trace for every table (moments and NaN counts shared between them)
    tables = stats.signals_tables(
        tr,
        cfg.activation,
        pred,
        label=cfg.init.label,
        bins=cfg.bins,
        shared_range=cfg.shared_range,
        drop_zeros=cfg.drop_zeros,
    )
    return SignalsResult(
        config=cfg,
        sizes=sizes,
        loss=tr.loss,
        theory_method=pred.method,
        **tables,
    )
