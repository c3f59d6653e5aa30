"""Time the Signals tab: a fresh recompute and a cached rerun.

Run: ``python benchmarks/bench_signals.py``. Prints a markdown table:

- *recompute*: trace + theory + stats (``compute_signals``) + building the three charts and
  serializing them to Vega-Lite JSON, for the default configuration (best of N);
- *app rerun, cached*: a full rerun of ``app.py`` through Streamlit's AppTest with the config
  unchanged, so the engine result comes from ``st.cache_data`` (median of N). This includes
  Streamlit's own script overhead.
- *app first run*: the same rerun with the cache cleared, for comparison.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadpoolctl import threadpool_limits  # noqa: E402

from explorer import charts  # noqa: E402
from explorer.config import SignalsConfig  # noqa: E402
from explorer.pipeline import compute_signals  # noqa: E402


def recompute(cfg: SignalsConfig) -> None:
    res = compute_signals(cfg)
    for chart in (
        charts.profile_chart(res.profile),
        charts.histogram_grid(res.hist_a, "a"),
        charts.histogram_grid(res.hist_g, "dz"),
    ):
        chart.to_dict(validate=False)  # as the app does (explorer/ui/signals.py)


def main(repeats: int = 15) -> None:
    threadpool_limits(1, user_api="blas")  # as the app does
    cfg = SignalsConfig()
    recompute(cfg)
    fresh = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        recompute(cfg)
        fresh.append(time.perf_counter() - t0)

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    cached, first = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        at.run()
        cached.append(time.perf_counter() - t0)
    for _ in range(5):
        st.cache_data.clear()
        t0 = time.perf_counter()
        at.run()
        first.append(time.perf_counter() - t0)
    print("| what | time (ms) |")
    print("|---|---:|")
    best = min(fresh) * 1e3
    print(f"| Signals recompute: trace + theory + stats + 3 charts (best) | {best:.0f} |")
    print(f"| Signals recompute (median) | {statistics.median(fresh) * 1e3:.0f} |")
    med = statistics.median(cached) * 1e3
    print(f"| app rerun, config unchanged, cached (median) | {med:.0f} |")
    print(f"| app rerun, cache cleared (median) | {statistics.median(first) * 1e3:.0f} |")


if __name__ == "__main__":
    main()
