"""Time the Signals tab: a fresh recompute, its parts, and a cached rerun.

Run: ``python benchmarks/bench_signals.py [--repeats N] [--json PATH]``. Prints a markdown
table with wall time (best and median of N) and CPU time (best of N, ``time.process_time``: the
whole process, every thread) for the default configuration:

- the parts of ``compute_signals``: network + trace, theory, the tables
  (:func:`explorer.analysis.stats.signals_tables`), and ``compute_signals`` itself (the three, plus
  picking the batch);
- each chart spec (:func:`explorer.analysis.charts.profile_chart`,
:func:`explorer.analysis.charts.histogram_grid`
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

from benchlib import ROOT, Column, Table, as_app_runs, emit, parser, timed, timed_columns

from explorer.analysis import charts, stats
from explorer.engine import theory
from explorer.engine.network import Network
from explorer.services.signals import SignalsConfig, compute_signals, signals_batch

#: The numbers of benchlib.timed in the table.
TIMES = ("wall_best", "wall_median", "cpu_best")


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


def main() -> None:
    args = parser(__doc__, repeats=15).parse_args()
    as_app_runs()
    cfg = SignalsConfig()
    rows = recompute_rows(cfg, args.repeats) + app_rows(args.repeats)
    table = Table(
        "signals",
        f"The Signals tab, default config ({cfg.hidden[0]} × {len(cfg.hidden)} "
        f"{cfg.activation}, {cfg.init.name}, batch {cfg.batch}), {args.repeats} repeats; "
        "targets: recompute ≤ 150 ms, cached rerun ≤ 50 ms:",
        [Column("what"), *timed_columns(TIMES)],
    )
    for name, t in rows:
        table.add(name, *(t[k] for k in TIMES))
    emit([table], args.json)


if __name__ == "__main__":
    main()
