"""The app's memory, measured on the real server process while a real browser drives it.

1. **Peak.** The largest Signals configurations the app allows (a trace just under
   ``MAX_TRACE_MB`` at the largest batch, float64: a few wide layers and many narrow ones,
   computed here from the module constants), then the compare view of five initializers of
   the widest one. The server's peak resident set (``VmHWM`` of ``/proc/<pid>/status``,
   children included) must stay under 600 MB.
2. **Cache.** ``st.cache_data`` keeps at most 64 Signals results and 32 compare chart sets.
   Forty seeds in the compare view (three initializers each: 120 results) fill it and start
   evicting; the resident set must stop growing once the cache is full.

The numbers are printed and written to ``artifacts/memory.json``.
"""

from __future__ import annotations

import json

import pytest
from appserver import (
    APP_IDLE,
    CHART_DRAWN,
    SCREENSHOTS,
    AppServer,
    chromium,
    exceptions,
    memory_kb,
    settle,
    shot,
)
from browser_util import need_browser

from explorer.engine.network import trace_nbytes
from explorer.services.signals import MAX_BATCH, MAX_HIDDEN_LAYERS, MAX_TRACE_MB, MAX_WIDTH

pytestmark = pytest.mark.browser

PEAK_LIMIT_MB = 600
CAP = MAX_TRACE_MB * 2**20
INPUT_DIM = 500  # the Gaussian input (CS231n's), one row per batch entry
N_CLASSES = 10
COMPARE = "zeros,normal:std=0.01,lecun_normal,xavier_normal,he_normal"
RESULTS: dict = {}


def widest(depth: int, dtype: str = "float64") -> int:
    """The widest ``depth`` equal hidden layers whose trace at MAX_BATCH fits the cap."""
    lo, hi = 1, MAX_WIDTH
    while lo < hi:
        mid = (lo + hi + 1) // 2
        sizes = (INPUT_DIM, *(mid,) * depth, N_CLASSES)
        if trace_nbytes(sizes, MAX_BATCH, dtype) <= CAP:
            lo = mid
        else:
            hi = mid - 1
    return lo


def largest_query(depth: int) -> tuple[str, float]:
    w = widest(depth)
    sizes = (INPUT_DIM, *(w,) * depth, N_CLASSES)
    mb = trace_nbytes(sizes, MAX_BATCH, "float64") / 2**20
    assert MAX_TRACE_MB - 5 < mb <= MAX_TRACE_MB, "just under the cap"
    layers = ",".join([str(w)] * depth)
    return f"?data=gaussian&dim={INPUT_DIM}&batch={MAX_BATCH}&layers={layers}", mb


@pytest.fixture(scope="module")
def browser():
    sync_playwright = need_browser()
    with chromium(sync_playwright) as browser:
        yield browser
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "memory.json").write_text(json.dumps(RESULTS, indent=2))
    print("\nmemory:", json.dumps(RESULTS, indent=2))


@pytest.fixture
def app(browser):
    """A fresh server per test, so each measures its own peak."""
    with AppServer("memory_server") as server:
        yield server, browser
        assert server.proc.poll() is None, server.log_tail()


def mb(server, field: str) -> float:
    return memory_kb(server.proc.pid, field) / 1024


def visit(browser, url: str, name: str, charts: int = 3) -> None:
    """Open ``url`` in a fresh session, wait for its charts, check it, close it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url)
        page.locator("h1").first.wait_for(timeout=120_000)
        settle(page, timeout=300_000)
        errors = page.locator("[data-testid='stAlert']", has_text="can't be computed")
        assert errors.count() == 0, errors.first.inner_text()
        page.locator(CHART_DRAWN).nth(charts - 1).wait_for(timeout=120_000)
        assert not exceptions(page), exceptions(page)
        shot(page, name)
    finally:
        context.close()


def test_peak_memory_of_the_largest_configs(app):
    """One user after another tries the largest configurations: the peak stays < 600 MB."""
    server, browser = app
    RESULTS["server_rss_mb_at_start"] = round(mb(server, "VmRSS"), 1)
    runs = {}
    compare = f"&mode=compare&cmp={COMPARE}"
    for depth, extra in ((4, ""), (MAX_HIDDEN_LAYERS, ""), (4, compare)):
        query, trace_mb = largest_query(depth)
        name = f"{depth} x {widest(depth)}" + (" compare of 5" if extra else "")
        visit(browser, server.url + query + extra, "memory_" + name.replace(" ", "_"))
        runs[name] = {
            "trace_mb": round(trace_mb, 1),
            "peak_mb": round(mb(server, "VmHWM"), 1),
            "rss_mb_after": round(mb(server, "VmRSS"), 1),
        }
    peak = mb(server, "VmHWM")
    RESULTS["largest"] = runs
    RESULTS["peak_mb"] = round(peak, 1)
    assert peak < PEAK_LIMIT_MB, RESULTS


def test_cache_growth_is_bounded(app):
    server, browser = app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    # Ten layers like the default (a result's size grows with layers x bins, not widths),
    # narrow and a small batch so each seed computes in milliseconds.
    page.goto(server.url + "?mode=compare&layers=" + ",".join(["64"] * 10) + "&batch=64&seed=1000")
    page.locator("h1").first.wait_for(timeout=120_000)
    settle(page)
    seed = page.locator(".st-key-seed input")
    rss = {0: mb(server, "VmRSS")}
    n_seeds = 40
    for i in range(1, n_seeds + 1):
        seed.fill(str(1000 + i))
        seed.press("Enter")
        page.locator(
            "[data-testid='stCaptionContainer']", has_text=f"seed {1000 + i}"
        ).first.wait_for(timeout=120_000)
        page.locator(APP_IDLE).wait_for(state="attached", timeout=120_000)
        if i % 10 == 0:
            rss[i] = mb(server, "VmRSS")
    page.locator(CHART_DRAWN).nth(2).wait_for()
    assert not exceptions(page), exceptions(page)
    shot(page, "memory_cache_last_seed")
    context.close()
    # 3 results per seed: the 64-entry Signals cache is full after ~21 seeds, the 32-entry
    # chart cache after 32; from then on entries are evicted as fast as they are added.
    RESULTS["cache_rss_mb"] = {k: round(v, 1) for k, v in rss.items()}
    RESULTS["cache_growth_mb_first_20"] = round(rss[20] - rss[0], 1)
    RESULTS["cache_growth_mb_last_10"] = round(rss[40] - rss[30], 1)
    RESULTS["cache_peak_mb"] = round(mb(server, "VmHWM"), 1)
    assert rss[40] - rss[30] < 40, RESULTS
    assert rss[40] - rss[0] < 150, RESULTS
    assert mb(server, "VmHWM") < PEAK_LIMIT_MB, RESULTS
