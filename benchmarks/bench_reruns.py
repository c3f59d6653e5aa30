"""Time a cached rerun of each tab after a finished run: the page redrawn from the caches.

Run: ``python benchmarks/bench_reruns.py [--repeats N] [--tabs training,rbm,dbn,signals]
[--lang ko] [--present] [--profile TAB]``.

Target (issue tracker, performance): *cached reruns of a finished run take <= 50 ms*. For
each tab, in Streamlit's AppTest (the whole app script: sidebar, title, tabs and the open
tab), with one BLAS thread as the app runs:

- **Training**: the tab's default settings (4 initializers x 20 epochs on digits), *Train*
  clicked and finished; then reruns with unchanged settings, all served from the run store;
- **RBM**, **DBN**: the tab's defaults, *Train* clicked and finished; then reruns;
- **Signals**: the default config, computed; then reruns (served from ``st.cache_data``).

One warm-up rerun, then ``N`` (default 15, at least 10) timed reruns: the table gives the
median and best wall time and the median and best CPU time (``time.process_time``: the
whole process, every thread; the training itself runs in worker processes and is not
timed). The machine's load average is printed for each tab: on a shared host compare CPU
times, and wall times only between quiet runs.

``--profile TAB`` instead prints a cProfile of the script thread over the reruns of that
tab (the profiler is switched on inside the script run, so only its thread is seen).
"""

from __future__ import annotations

import cProfile
import io
import pstats

from benchlib import ROOT, Column, Table, as_app_runs, emit, parser, timed, timed_columns

TABS = ("training", "rbm", "dbn", "signals")
#: The button that trains each tab's default run (None: the tab computes on its own).
TRAIN_BUTTON = {"training": "tr_train", "rbm": "rbm_train", "dbn": "dbn_train", "signals": None}
#: Charts each tab draws after its default run (a check that the run finished).
CHARTS = {"training": 4, "rbm": 1, "dbn": 2, "signals": 3}
#: The numbers of benchlib.timed in the table.
TIMES = ("wall_median", "wall_best", "cpu_median", "cpu_best")


def trained_app(tab: str, lang: str, present: bool):
    """An AppTest with ``tab`` open, its default run finished and drawn."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from explorer.ui.i18n import set_lang

    st.cache_data.clear()
    st.cache_resource.clear()
    set_lang(lang)  # AppTest formats a clicked widget's options in this thread's language
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["tab"] = tab  # as a shared link opens it
    at.query_params["lang"] = lang
    at.session_state["present"] = present
    at.run()
    if TRAIN_BUTTON[tab]:
        at.button(key=TRAIN_BUTTON[tab]).click().run()
    assert not at.exception, at.exception
    n = len(at.get("vega_lite_chart"))
    assert n == CHARTS[tab], f"{tab}: {n} charts drawn, expected {CHARTS[tab]}"
    at.run()  # one warm-up rerun, not timed
    return at


def profile_reruns(at, repeats: int, top: int = 40) -> str:
    """cProfile of the script thread over ``repeats`` reruns, by cumulative time."""
    import explorer.ui.main as app_main

    prof = cProfile.Profile()
    real = app_main.main

    def profiled():
        prof.enable()
        try:
            real()
        finally:
            prof.disable()

    app_main.main = profiled  # app.py calls explorer.ui.main.main() on each run
    try:
        for _ in range(repeats):
            at.run()
    finally:
        app_main.main = real
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    ap = parser(__doc__, repeats=15)
    ap.add_argument("--tabs", default=",".join(TABS))
    ap.add_argument("--lang", default="en", choices=("en", "ko"))
    ap.add_argument("--present", action="store_true", help="presentation mode on")
    ap.add_argument("--profile", choices=TABS, help="print a cProfile of this tab's reruns")
    args = ap.parse_args()
    repeats = max(10, args.repeats)
    as_app_runs()

    if args.profile:
        at = trained_app(args.profile, args.lang, args.present)
        print(profile_reruns(at, repeats))
        return

    mode = f"lang {args.lang}" + (", presentation mode" if args.present else "")
    table = Table(
        "reruns",
        f"A rerun with unchanged settings after a finished run (AppTest, whole app script, "
        f"{mode}), {repeats} reruns per tab after one warm-up; target ≤ 50 ms:",
        [Column("tab"), *timed_columns(TIMES)],
    )
    for tab in args.tabs.split(","):
        at = trained_app(tab, args.lang, args.present)
        r = timed(at.run, repeats, warmup=0)
        assert not at.exception, at.exception
        table.add(tab, *(r[k] for k in TIMES))
    emit([table], args.json)


if __name__ == "__main__":
    main()
