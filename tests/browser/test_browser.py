"""The app in a real browser: Debian's Chromium, driven by Playwright, against the real server.

One ``streamlit run app.py`` and one Chromium serve the whole module; every test opens its
own browser context (a fresh session). Screenshots go to ``artifacts/screenshots/`` (git
ignored): look at them when a test fails. Under ``CI=true`` a missing Chromium or Playwright
fails the run; elsewhere these tests are skipped with the reason.
"""

from __future__ import annotations

import re

import pytest
from appserver import (
    ALERT,
    CHART,
    CHART_DRAWN,
    IMAGE,
    AppServer,
    chromium,
    exceptions,
    settle,
    shot,
)
from browser_util import need_browser

pytestmark = pytest.mark.browser

#: What each tab must show: its URL key, whether it trains first (its Train button's widget
#: key), and the fewest drawn charts and images. Tabs not listed must just render cleanly.
TABS = {
    "Signals": {"key": "signals", "train": None, "charts": 3, "images": 0},
    "Training": {"key": "training", "train": "tr_train", "charts": 3, "images": 0},
    "RBM": {"key": "rbm", "train": "rbm_train", "charts": 1, "images": 1},
    "DBN": {"key": "dbn", "train": "dbn_train", "charts": 1, "images": 1},
    "Map": {"key": "map", "train": None, "charts": 1, "images": 0},
}
TRAIN_TIMEOUT = 240_000  # ms: a default run trains in seconds; CI's 2 cores are shared


@pytest.fixture(scope="module")
def app():
    """(server, browser): one app server and one Chromium for the module."""
    sync_playwright = need_browser()
    with AppServer("browser_server") as server, chromium(sync_playwright) as browser:
        yield server, browser
        assert server.proc.poll() is None, f"the server died:\n{server.log_tail()}"


@pytest.fixture
def new_page(app):
    """Open the app at a query string in a fresh context (a new session); closed after."""
    server, browser = app
    contexts = []

    def open_(query: str = "", wait: bool = True, width: int = 1400):
        context = browser.new_context(viewport={"width": width, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(server.url + query, wait_until="commit" if not wait else "load")
        if wait:
            loaded(page)
        return page

    yield open_
    for c in contexts:
        c.close()


def loaded(page) -> None:
    """Settled after a first load: the title is drawn and the script run has ended."""
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)


def panel(page):
    """The open tab's panel."""
    return page.locator("[role='tabpanel']:visible")


def caption_with(page, text: str):
    return page.locator("[data-testid='stCaptionContainer']", has_text=text)


def net_caption(page):
    """The Signals caption ``Network 64 → ... · activation · init · batch · seed``."""
    return page.locator("[data-testid='stCaptionContainer']", has_text=re.compile(r"^Network \d"))


def drawn(scope) -> int:
    return scope.locator(CHART_DRAWN).count()


def wait_drawn(scope, n: int, timeout: float = 60_000) -> None:
    """Until at least ``n`` charts are drawn (Vega renders after the script run ends)."""
    if n:
        scope.locator(CHART_DRAWN).nth(n - 1).wait_for(timeout=timeout)


def click_button(page, key: str) -> None:
    """Click the button with widget key ``key`` (a rerun may briefly leave a stale copy)."""
    page.locator(f".st-key-{key} button >> visible=true").first.click()


def sidebar_select(page, label: str, option: str) -> None:
    """Pick ``option`` (its shown text) in the sidebar selectbox labelled ``label``."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']", has_text=label)
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()


def no_exceptions(page) -> None:
    errs = exceptions(page)
    assert not errs, errs


# --------------------------------------------------------------------------- tests


def test_every_tab_renders_its_charts_and_images(new_page):
    page = new_page()
    tabs = page.get_by_role("tab")
    names = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    assert set(TABS) <= set(names), names
    report = {}
    for i, name in enumerate(names):
        tabs.nth(i).click()
        settle(page)
        want = TABS.get(name, {"train": None, "charts": 0, "images": 0})
        if want["train"]:
            _train(page, want["train"])
        scope = panel(page)
        wait_drawn(scope, max(want["charts"], scope.locator(CHART).count()))
        if want["images"]:
            scope.locator(IMAGE).nth(want["images"] - 1).wait_for()
        page.wait_for_timeout(500)
        report[name] = (drawn(scope), scope.locator(CHART).count(), scope.locator(IMAGE).count())
        shot(page, f"tab_{i:02d}_{name}")
        no_exceptions(page)
        charts_drawn, charts, images = report[name]
        assert charts_drawn >= want["charts"] and charts_drawn == charts, (name, report[name])
        assert images >= want["images"], (name, report[name])
    print("tabs (drawn charts, charts, images):", report)


#: The right edge of the main area's content and of every chart's drawing, in pixels.
_RIGHT_EDGES = """() => {
  const main = document.querySelector("[data-testid='stMainBlockContainer']");
  const pad = parseFloat(getComputedStyle(main).paddingRight);
  const right = main.getBoundingClientRect().right - pad;
  const charts = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].map(
    (c) => c.querySelector("canvas, svg.marks").getBoundingClientRect().right);
  return [right, charts];
}"""


def _train(page, button: str) -> None:
    """Press a tab's Train button and wait until its run has finished."""
    click_button(page, button)
    page.wait_for_timeout(500)
    settle(page, timeout=TRAIN_TIMEOUT)


def _assert_charts_fit(page, at_least: int, case) -> None:
    """At least ``at_least`` charts are on the page and none runs past the main area."""
    right, charts = page.evaluate(_RIGHT_EDGES)
    assert len(charts) >= at_least
    assert all(edge <= right + 1 for edge in charts), (case, right, charts)


_FIVE = "zeros,lecun_normal,he_normal,xavier_uniform,orthogonal"


@pytest.mark.parametrize(
    ("query", "width"),
    [
        ("", 1366),
        ("?mode=compare&cmp=zeros,lecun_normal,he_normal", 1366),
        (f"?mode=compare&cmp={_FIVE}&act=tanh&lang=ko", 1366),
        (f"?mode=compare&cmp={_FIVE}&layers=" + ",".join(["64"] * 30), 1366),
        ("?present=1", 1280),
        (f"?present=1&mode=compare&cmp={_FIVE}", 1280),
    ],
)
def test_signals_charts_fit_a_laptop_window(new_page, query, width):
    """On a 1366-pixel window with the sidebar open, or a 1280-pixel projector in present
    mode (sidebar closed, larger fonts), no Signals chart runs past the main area (the
    compare view's grid and legends once did, and were cut off)."""
    page = new_page(query, width=width)
    wait_drawn(page, 3)
    _assert_charts_fit(page, 3, query)
    no_exceptions(page)


@pytest.mark.parametrize(
    ("tab", "query", "width"),
    [
        ("Training", "", 1366),
        ("RBM", "", 1366),
        ("DBN", "", 1366),
        ("Training", "&lang=ko", 1366),
        ("Training", "&lang=ko&present=1", 1280),
        ("RBM", "&lang=ko&present=1", 1280),
        ("DBN", "&lang=ko&present=1", 1280),
    ],
)
def test_trained_charts_fit_a_laptop_window(new_page, tab, query, width):
    """After a default run, no Training, RBM or DBN chart runs past the main area, in either
    language, at 1366 px with the sidebar open or 1280 px in present mode (the Training
    tab's weight maps and distinct-units panels, its legend in Korean present mode, and the
    RBM's third curve panel once did, and were cut off)."""
    want = TABS[tab]
    page = new_page(f"?tab={want['key']}{query}", width=width)
    _train(page, want["train"])
    wait_drawn(panel(page), want["charts"])
    page.wait_for_timeout(500)
    _assert_charts_fit(page, want["charts"], (tab, query))
    no_exceptions(page)


def test_each_tab_opens_from_its_link(new_page):
    page = new_page()
    for name, want in TABS.items():
        page.goto(page.url.split("?")[0] + f"?tab={want['key']}")
        loaded(page)
        selected = page.locator("[role='tab'][aria-selected='true']")
        assert selected.inner_text().strip() == name
        no_exceptions(page)


def test_changing_the_activation_redraws_the_histograms(new_page):
    page = new_page("?layers=32,32,32&batch=64")
    scope = panel(page)
    wait_drawn(scope, 3)
    page.wait_for_timeout(800)  # let Vega finish its first draw
    hist = scope.locator(CHART).nth(1)
    before_svg = hist.inner_html()
    before_png = hist.screenshot()
    assert "· ReLU ·" in net_caption(page).inner_text()

    sidebar_select(page, "Activation", "Tanh")
    caption_with(page, "· Tanh ·").wait_for(timeout=60_000)
    settle(page)
    wait_drawn(scope, 3)
    page.wait_for_timeout(800)
    after_svg = hist.inner_html()
    after_png = hist.screenshot()
    shot(page, "activation_tanh")
    no_exceptions(page)
    assert after_svg != before_svg
    assert after_png != before_png
    assert "act=tanh" in page.url


def test_shared_link_restores_the_view(new_page):
    page = new_page("?act=tanh&layers=64,64&seed=5")
    shot(page, "shared_link")
    act = page.locator(
        "[data-testid='stSidebar'] [data-testid='stSelectbox']", has_text="Activation"
    )
    assert act.locator("input").input_value() == "Tanh"
    layers = page.locator(".st-key-layers input")
    assert layers.input_value().replace(" ", "") == "64,64"
    seed = page.locator(".st-key-seed input")
    assert seed.input_value() == "5"
    text = net_caption(page).inner_text()
    assert "Network 64 → 64 → 64 → 10 ·" in text, text
    assert "Tanh" in text and "seed 5" in text, text
    assert drawn(panel(page)) >= 3
    assert page.locator(ALERT, has_text="could not be used").count() == 0
    no_exceptions(page)

    # the sidebar's share link is built when its expander opens, and restores the view
    page.locator(".st-key-sb_share summary").click()
    code = page.locator(".st-key-sb_share [data-testid='stCode'] code")
    code.wait_for(timeout=60_000)
    link = code.inner_text().strip()
    for part in ("act=tanh", "layers=64%2C64", "seed=5"):
        assert part in link, link
    page.goto(link)
    loaded(page)
    text = net_caption(page).inner_text()
    assert "Network 64 → 64 → 64 → 10 ·" in text and "seed 5" in text, text


def test_bad_link_shows_its_notice(new_page):
    page = new_page("?act=sigmod&seed=-1")
    shot(page, "bad_link")
    notice = page.locator(ALERT, has_text="could not be used")
    assert notice.count() == 1
    text = notice.inner_text()
    assert "act=sigmod" in text and "The activation must be one of" in text, text
    assert "seed=-1" in text and "whole number from 0 to 4294967295" in text, text
    # the defaults are used instead, and the charts are drawn
    act = page.locator(
        "[data-testid='stSidebar'] [data-testid='stSelectbox']", has_text="Activation"
    )
    assert act.locator("input").input_value() == "ReLU"
    assert "· seed 0" in net_caption(page).inner_text()
    wait_drawn(panel(page), 3)
    no_exceptions(page)
    page.get_by_role("button", name="Dismiss").click()
    notice.wait_for(state="detached", timeout=30_000)
    settle(page)
    assert "sigmod" not in page.url


#: A long run per tab (widget key -> typed value), what Stop must leave on screen.
STOP_CASES = {
    # batch size 1: every epoch is ~1,400 updates per initializer, 4 x 20 epochs in all
    "training": {
        "settings": {"tr_bs": "1"},
        "train": "tr_train",
        "stop": "tr_stop",
        "notice": "Training was stopped",
        "stopped": r"stopped after (\d+) of (\d+) epochs",
        "charts": 3,
        "images": 0,
    },
    "rbm": {
        "settings": {"rbm_epochs": "200"},
        "train": "rbm_train",
        "stop": "rbm_stop",
        "notice": "Stopped after epoch",
        "stopped": r"Stopped after epoch (\d+) of (\d+)",
        "charts": 1,
        "images": 1,
    },
    "dbn": {
        "settings": {"dbn_pre_epochs": "50"},
        "train": "dbn_train",
        "stop": "dbn_stop",
        "notice": "Stopped during",
        "stopped": None,
        "charts": 0,
        "images": 1,
    },
}


@pytest.mark.parametrize("tab", list(STOP_CASES))
def test_stop_keeps_the_partial_run(new_page, tab):
    case = STOP_CASES[tab]
    page = new_page(f"?tab={tab}")
    for key, value in case["settings"].items():
        field = page.locator(f".st-key-{key} input")
        field.fill(value)
        field.press("Enter")
        page.wait_for_timeout(500)
        settle(page)
        assert field.input_value() == value, key
    no_exceptions(page)
    click_button(page, case["train"])
    bar = panel(page).locator("[data-testid='stProgress'] [role='progressbar']")
    bar.wait_for(timeout=60_000)
    # the bar has moved: at least one epoch is done
    page.wait_for_function(
        """() => {
            const b = document.querySelector("[data-testid='stProgress'] [role='progressbar']");
            return b && Number(b.getAttribute('aria-valuenow')) > 0;
        }""",
        timeout=120_000,
    )
    running = panel(page).locator("[data-testid='stProgress']").inner_text()
    shot(page, f"stop_{tab}_running")
    click_button(page, case["stop"])
    notice = page.locator(ALERT, has_text=case["notice"])
    try:
        notice.wait_for(timeout=60_000)
    finally:
        settle(page)
        shot(page, f"stop_{tab}_stopped")
    scope = panel(page)
    wait_drawn(scope, case["charts"])
    no_exceptions(page)
    assert scope.locator("[data-testid='stProgress']").count() == 0, "the bar must go"
    if case["stopped"]:
        m = re.search(case["stopped"], scope.inner_text())
        assert m, (running, scope.inner_text()[:2000])
        assert int(m.group(1)) < int(m.group(2)), m.group(0)
    assert drawn(scope) >= case["charts"]
    assert scope.locator(IMAGE).count() >= case["images"]


def test_five_pages_at_once_each_see_their_own_config(new_page):
    acts = [("relu", "ReLU"), ("tanh", "Tanh"), ("sigmoid", "Sigmoid"), ("elu", "ELU")]
    acts.append(("linear", "Linear (identity)"))
    pages = []
    for i, (act, _) in enumerate(acts):
        width = 16 + 8 * i
        query = f"?act={act}&seed={100 + i}&layers={width},{width}&batch={32 + i}"
        pages.append(new_page(query, wait=False))
    for i, (page, (_, label)) in enumerate(zip(pages, acts)):
        loaded(page)
        width = 16 + 8 * i
        cap = net_caption(page)
        cap.wait_for(timeout=90_000)
        text = cap.inner_text()
        want = f"Network 64 → {width} → {width} → 10 · {label} ·"
        assert want in text, (i, text)
        assert f"batch {32 + i} · seed {100 + i}" in text, (i, text)
        wait_drawn(panel(page), 3)
        table = panel(page).locator(".st-key-sig_layer_table table")
        assert table.count() == 1 and table.locator("tbody tr").count() == 3
        shot(page, f"five_pages_{i}")
        no_exceptions(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_step_through_the_whole_lesson(new_page, lang):
    """Next through all eight steps in each language, a screenshot per step; every step
    draws its charts, says its step number, and raises nothing. Present mode is on too."""
    from explorer.services.lesson import N_STEPS
    from explorer.ui.i18n import TEXTS

    page = new_page(f"?tab=lesson&step=1&lang={lang}&present=1", width=1600)
    for n in range(1, N_STEPS + 1):
        settle(page)
        wait_drawn(panel(page), 1)
        step_of = TEXTS[lang]["ls_step_of"].format(n=n, total=N_STEPS)
        assert page.get_by_text(step_of).count() >= 1, step_of
        assert f"step={n}" in page.url or n == 1, page.url
        no_exceptions(page)
        shot(page, f"lesson_{lang}_step{n}")
        if n < N_STEPS:
            click_button(page, "ls_nexttop")
