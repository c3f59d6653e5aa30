"""Helpers shared by the AppTest and chart tests: running the app headless, the specs an app
run sent, a walk over every dict of a Vega-Lite spec, and a count of a tab's view builds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def app(timeout: float = 60) -> AppTest:
    """The app (``app.py``), not run yet."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)


def run_app(
    *, tab: str | None = None, query: dict | None = None, timeout: float = 60, **state
) -> AppTest:
    """The app after its first run.

    ``tab``: the label of the tab to open, as a user's click would (``st.tabs(...,
    key="tab")`` keeps it in ``st.session_state["tab"]``); ``query``: the link's parameters;
    ``state``: session-state values (widgets' keys) set before the run.
    """
    at = app(timeout)
    if tab is not None:
        at.session_state["tab"] = tab
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    return at


def specs(at) -> list[dict]:
    """The Vega-Lite spec of every chart an ``AppTest`` run drew, in page order."""
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def walk(node) -> Iterator[dict]:
    """Every dict inside a Vega-Lite spec (layers, facets, concats), the spec included."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def marks(spec) -> set[str]:
    """The mark types a spec draws."""
    out = set()
    for d in walk(spec):
        m = d.get("mark")
        if m is not None:
            out.add(m if isinstance(m, str) else m.get("type"))
    return out


def count_view_builds(monkeypatch, module) -> list[str]:
    """The languages ``module._build_view`` (a tab's results view) is built in from now on,
    one entry per build."""
    built = []
    real = module._build_view

    def counting(result, lang):
        built.append(lang)
        return real(result, lang)

    monkeypatch.setattr(module, "_build_view", counting)
    return built


def chart_rows(at) -> list[dict[str, list[dict]]]:
    """Per chart on the page: dataset name -> rows, decoded from the Arrow bytes sent."""
    import pyarrow as pa

    return [
        {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in c.proto.datasets}
        for c in at.get("vega_lite_chart")
    ]


def open_expander(at: AppTest, key: str) -> AppTest:
    """Open the lazy expander ``key`` (:func:`explorer.ui.widgets.lazy_expander`), as a click
    on its label does: its body is built from this run on."""
    at.session_state[key] = True
    return at.run()


def layer_table(at: AppTest) -> list[dict[str, str]]:
    """The Signals tab's per-layer table (a Markdown table): one dict per row, from each
    column's header to the cell's text."""
    from explorer.ui.i18n import TEXTS

    head = TEXTS[at.session_state["lang"]]["col_units"]
    tables = [m.value for m in at.markdown if m.value.startswith("|") and f"| {head} |" in m.value]
    assert len(tables) == 1, [m.value[:80] for m in at.markdown]
    lines = tables[0].splitlines()

    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip().strip("|").split(" | ")]

    header = cells(lines[0])
    return [dict(zip(header, cells(line))) for line in lines[2:]]
