"""First paint: how long a visitor waits for the default page, against a trivial Streamlit app.

Run ``python benchmarks/bench_first_paint.py [--rounds N] [--pause S] [--json PATH]``.

Two Streamlit servers are compared in headless Chromium (Debian's, driven by Playwright):

- **reference**: a trivial app written to a temporary folder, one Altair line chart of 50
  points (``st.altair_chart``), the least a Streamlit page with a chart costs;
- **app**: this app's ``app.py`` at its default link (``/``: the Signals tab).

Each round starts each server afresh (``scripts/appserver.py``'s :class:`AppServer`:
``--server.headless true``, ``--browser.gatherUsageStats false``, ``OPENBLAS_NUM_THREADS=1``)
and opens it twice, each time in a fresh browser context (no cache, no cookies): the *first
visitor* (the server has just started: nothing imported or cached yet) and, ``--pause``
seconds after the first page was ready, the *second visitor* (the server warm), and at
``--late`` seconds after the server started, a *later visitor*: on the app's server its job
service's quiet start (8 s from the first visit) is over, so its worker processes start and
its warming runs meanwhile. Only one
server runs at a time, so neither competes with the other's background work; the order of
the two servers alternates from round to round.

A visit's time is from the navigation's start (the page's ``performance.timeOrigin``) until
the page is done painting, as the page itself sees it (a script injected before the page
loads checks every 20 ms): connected, the script run finished (``stApp``'s script state
``notRunning``, and no running status widget), no skeleton placeholder left
(``[data-testid="stSkeleton"]``), and every chart on the page drawn (each
``stVegaLiteChart`` holds its Vega canvas or SVG marks, at least one chart). The table gives
the median over the rounds (and the range) and the ratio of the medians, app against
reference.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Column, Table, emit, parser, ratio

sys.path.insert(0, str(ROOT / "scripts"))

from appserver import CHROMIUM, LAUNCH_ARGS, AppServer

#: The reference: one Altair line chart.
TRIVIAL_APP = '''"""A trivial Streamlit app: one Altair line chart."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

x = np.linspace(0, 10, 50)
df = pd.DataFrame({"x": x, "y": np.sin(x)})
st.altair_chart(alt.Chart(df).mark_line().encode(x="x", y="y"))
'''

#: Chromium's flags for the benchmark: appserver's, and no background work of its own.
BROWSER_ARGS = [
    *LAUNCH_ARGS,
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Runs in the page before its own scripts: records ``performance.now()`` (milliseconds
#: since the navigation started) the first time the page is done painting.
DONE_JS = """
window.__firstPaint = null;
(() => {
  const done = () => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute("data-test-connection-state") !== "CONNECTED") return false;
    if (app.getAttribute("data-test-script-state") !== "notRunning") return false;
    const status = document.querySelector("[data-testid='stStatusWidget']");
    if (status && /running|stop/i.test(status.innerText)) return false;
    if (document.querySelector("[data-testid='stSkeleton']")) return false;
    const charts = document.querySelectorAll("[data-testid='stVegaLiteChart']");
    if (!charts.length) return false;
    return [...charts].every((c) => c.querySelector(".vega-embed canvas, .vega-embed svg.marks"));
  };
  const timer = setInterval(() => {
    if (done()) {
      window.__firstPaint = performance.now();
      clearInterval(timer);
    }
  }, 20);
})();
"""

VISITS = ("first visitor", "second visitor", "later visitor (server warming)")
TIMEOUT_S = 120.0
#: When the later visitor comes, in seconds after the server started: past the app's job
#: service's quiet start (``explorer.services.tasks.WORKERS_AFTER_S``, counted from the first
#: visit), while its worker processes start and its warming runs.
LATE_S = 14.0


def visit(browser, url: str) -> float:
    """Open ``url`` in a fresh context; seconds from navigation start to the page done."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.add_init_script(DONE_JS)
        page = context.new_page()
        page.goto(url, timeout=TIMEOUT_S * 1000)
        page.wait_for_function("window.__firstPaint !== null", timeout=TIMEOUT_S * 1000)
        return page.evaluate("window.__firstPaint") / 1000
    finally:
        context.close()


def serve_and_visit(
    browser, name: str, script: Path | str, pause: float, late: float
) -> list[float]:
    """Start a fresh server of ``script``, visit it three times (see the module), stop it:
    the three times."""
    env = {"OPENBLAS_NUM_THREADS": "1"}
    with AppServer(f"bench_first_paint_{name}", env=env, script=script) as server:
        healthy = time.perf_counter()
        first = visit(browser, server.url)
        time.sleep(pause)
        second = visit(browser, server.url)
        time.sleep(max(0.0, healthy + late - time.perf_counter()))
        later = visit(browser, server.url)
    return [first, second, later]


def run(rounds: int, pause: float, late: float) -> dict[str, list[list[float]]]:
    """``{"reference" | "app": [[first, second, later], ...]}``, one triple per round."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[list[float]]] = {"reference": [], "app": []}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        trivial = Path(tmp) / "trivial_app.py"
        trivial.write_text(TRIVIAL_APP, encoding="utf-8")
        scripts = {"reference": trivial, "app": "app.py"}
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        try:
            for r in range(rounds):
                order = ("reference", "app") if r % 2 == 0 else ("app", "reference")
                for name in order:
                    pair = serve_and_visit(browser, name, scripts[name], pause, late)
                    times[name].append(pair)
                    print(
                        f"round {r + 1}: {name} " + ", ".join(f"{x:.2f} s" for x in pair),
                        file=sys.stderr,
                        flush=True,
                    )
        finally:
            browser.close()
    return times


def table(times: dict[str, list[list[float]]], late: float = LATE_S) -> Table:
    """The table: per visit, the median (and range) of each server and their ratio."""
    rounds = len(times["app"])
    t = Table(
        "first_paint",
        f"Seconds from navigation start until the page is painted (no skeleton left, script "
        f"idle, every chart drawn), headless Chromium, median of {rounds} rounds (range):",
        [
            Column("visit"),
            Column("trivial app", 2, " s"),
            Column("trivial range", None),
            Column("this app (default link)", 2, " s"),
            Column("app range", None),
            ratio("ratio"),
        ],
        note="Each round restarts each server; the second visitor opens a fresh browser "
        "context right after the first's page was ready (both within the app's 8 s quiet "
        f"start), the later one {late:.0f} s after the server started, while the app warms "
        "its job service (the target is for the first two rows). Trivial app: one Altair "
        "line chart.",
    )
    for i, name in enumerate(VISITS):
        ref = [pair[i] for pair in times["reference"]]
        app = [pair[i] for pair in times["app"]]
        mr, ma = statistics.median(ref), statistics.median(app)
        t.add(
            name,
            mr,
            f"{min(ref):.2f}–{max(ref):.2f}",
            ma,
            f"{min(app):.2f}–{max(app):.2f}",
            ma / mr,
        )
    return t


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--rounds", type=int, default=5, help="rounds (each restarts both servers)")
    ap.add_argument(
        "--pause", type=float, default=1.0, help="seconds between the first and second visit"
    )
    ap.add_argument(
        "--late",
        type=float,
        default=LATE_S,
        help="seconds after the server started when the later visitor comes",
    )
    args = ap.parse_args()
    times = run(args.rounds, args.pause, args.late)
    emit([table(times, args.late)], args.json)


if __name__ == "__main__":
    main()
