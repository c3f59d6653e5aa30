"""Time the Signals tab: a fresh recompute, its parts, and a cached rerun.

Run: ``python benchmarks/bench_signals.py [--repeats N]``. Prints a markdown table with wall
time (best and median of N) and CPU time (best of N, ``time.process_time``: the whole
process, every thread) for the default configuration:

- the parts of ``compute_signals``: network + trace, theory, the tables
  (:func:`explorer.stats.signals_tables`), and ``compute_signals`` itself (the three, plus
  picking the batch);
- each chart spec (:func:`explorer.charts.profile_chart`, :func:`explorer.charts.histogram_grid`
  for activations and gradients), and preparing the three for the page
  (:func:`explorer.ui.draw.prepare_chart`: data to Arrow, as the Signals view caches them);
- *total recompute*: ``compute_signals`` + the three specs + preparing them, what a changed
  sidebar costs before Streamlit draws anything (target: <= 150 ms);
- *app rerun, cached*: a full rerun of ``app.py`` through Streamlit's AppTest with the config
  unchanged, everything served from ``st.cache_data`` (median of N; target: <= 50 ms). This
  includes Streamlit's own script overhead and the sidebar;
- *app rerun, cache cleared*: the same with the caches emptied first.

Runs as the app does: one BLAS thread, and glibc's 128 kB mmap threshold that
``explorer/ui/main.py`` sets (every large temporary array is then fresh pages). The machine's
load average is printed before and after: on a shared host, compare CPU times, and wall times
only between quiet runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from explorer import charts, stats, theory  # noqa: E402
from explorer.config import SignalsConfig  # noqa: E402
from explorer.network import Network  # noqa: E402
from explorer.pipeline import compute_signals, signals_batch  # noqa: E402


def timed(f, repeats: int) -> dict[str, float]:
    """Best and median wall time and best CPU time of ``f()``, in ms (after one warm-up)."""
    f()
    wall, cpu = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        f()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {
        "wall_best": min(wall) * 1e3,
        "wall_median": statistics.median(wall) * 1e3,
        "cpu_best": min(cpu) * 1e3,
    }


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} CPUs"


def recompute_rows(cfg: SignalsConfig, repeats: int) -> list[tuple[str, dict]]:
    from explorer.ui.draw import prepare_chart

    X, y, n_classes = signals_batch(cfg)
    sizes = cfg.sizes(X.shape[1], n_classes)
    params = cfg.init.kwargs

    def trace():
        net = Network.create(sizes, cfg.activation, cfg.init.name, cfg.seed, params, cfg.dtype)
        return net.trace(X, y)

    tr = trace()
    method = "auto" if theory.METHODS[cfg.activation] == theory.EXACT else "quadrature"

    def predict():
        return theory.predict_for_trace(sizes, cfg.activation, cfg.init.name, X, tr, params, method)

    pred = predict()

    def tables():
        return stats.signals_tables(tr, cfg.activation, pred, label=cfg.init.label, bins=cfg.bins)

    res = compute_signals(cfg)

    def specs():
        return {
            "profile": charts.profile_chart(res.profile, title="profile"),
            "hist_a": charts.histogram_grid(res.hist_a, "activations", x_title="a"),
            "hist_g": charts.histogram_grid(res.hist_g, "gradients", x_title="∂L/∂z"),
        }

    built = specs()

    def recompute():  # what the Signals view does on a new config (explorer/ui/signals.py)
        r = compute_signals(cfg)
        for c in (
            charts.profile_chart(r.profile, title="profile"),
            charts.histogram_grid(r.hist_a, "activations", x_title="a"),
            charts.histogram_grid(r.hist_g, "gradients", x_title="∂L/∂z"),
        ):
            prepare_chart(c, "en")

    return [
        ("network + trace", timed(trace, repeats)),
        ("theory prediction", timed(predict, repeats)),
        ("tables (stats.signals_tables)", timed(tables, repeats)),
        ("**compute_signals** (the three + batch)", timed(lambda: compute_signals(cfg), repeats)),
        ("profile_chart spec", timed(lambda: charts.profile_chart(res.profile), repeats)),
        (
            "histogram_grid spec, activations",
            timed(lambda: charts.histogram_grid(res.hist_a, "activations"), repeats),
        ),
        (
            "histogram_grid spec, gradients",
            timed(lambda: charts.histogram_grid(res.hist_g, "gradients"), repeats),
        ),
        (
            "prepare the 3 charts (data to Arrow)",
            timed(lambda: [prepare_chart(c, "en") for c in built.values()], repeats),
        ),
        ("**total recompute** (compute + specs + prepare)", timed(recompute, repeats)),
    ]


def app_rows(repeats: int) -> list[tuple[str, dict]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception

    def cleared():
        st.cache_data.clear()
        at.run()

    return [
        ("**app rerun, config unchanged, cached**", timed(at.run, repeats)),
        ("app rerun, cache cleared", timed(cleared, max(3, repeats // 3))),
    ]


def main(repeats: int = 15) -> None:
    # as the app runs (explorer/ui/main.py): the mmap threshold, and one BLAS thread (after
    # NumPy is loaded: threadpoolctl limits only the libraries loaded when it is called)
    from explorer.ui.main import _return_freed_memory_to_the_os

    _return_freed_memory_to_the_os()
    assert np.__version__
    threadpool_limits(1, user_api="blas")
    cfg = SignalsConfig()
    before = load()
    rows = recompute_rows(cfg, repeats) + app_rows(repeats)
    after = load()
    print(
        f"Signals tab, default config ({', '.join(map(str, cfg.hidden[:1]))} x "
        f"{len(cfg.hidden)} {cfg.activation} {cfg.init.name}, batch {cfg.batch}), "
        f"{repeats} repeats"
    )
    print(f"load average (1 / 5 / 15 min) before: {before}; after: {after}")
    print()
    print("| what | wall best (ms) | wall median (ms) | CPU best (ms) |")
    print("|---|---:|---:|---:|")
    for name, t in rows:
        print(f"| {name} | {t['wall_best']:.1f} | {t['wall_median']:.1f} | {t['cpu_best']:.1f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    main(parser.parse_args().repeats)
