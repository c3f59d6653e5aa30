"""Smoke test of an install of ``requirements.txt`` alone: every tab once, and the exports.

Run by ``.ci/run`` in a fresh virtual environment of another Python (Community Cloud's
default, 3.12) that has only the app's own requirements: no pytest, no test helpers. It opens
every tab in Streamlit's ``AppTest`` (which must raise no exception and draw something), then
renders one of the drawn charts to SVG and to PNG with ``explorer.analysis.export``.
Exits 1 with the reason on the first failure.

Usage: ``python scripts/smoke.py``
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    from streamlit.testing.v1 import AppTest

    from explorer.ui.main import TABS

    try:
        from explorer.analysis.export import chart_png, chart_svg
    except ImportError:  # the layout before the analysis package
        from explorer.analysis.export import chart_png, chart_svg

    print(f"Python {sys.version.split()[0]}")
    spec = None
    for tab in TABS:
        t0 = time.perf_counter()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["tab"] = tab
        at.run()
        if at.exception:
            print(f"tab {tab}: exception {at.exception[0].message}")
            return 1
        charts = at.get("vega_lite_chart")
        images = at.get("imgs")
        if not charts and not images and not at.get("button"):
            print(f"tab {tab}: drew nothing")
            return 1
        if spec is None and charts:
            spec = json.loads(charts[0].proto.spec)
        print(f"tab {tab}: ok, {len(charts)} charts, {time.perf_counter() - t0:.1f} s")
    if spec is None:
        print("no chart was drawn on any tab")
        return 1
    svg = chart_svg(spec)
    png = chart_png(spec)
    if not svg.lstrip().startswith("<svg") or not png.startswith(b"\x89PNG"):
        print("export did not give an SVG and a PNG")
        return 1
    print(f"export: SVG {len(svg):,} characters, PNG {len(png):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
