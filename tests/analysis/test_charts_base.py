"""Tests of explorer.analysis.charts.base and of the package as a whole: log-axis ticks, the
config the dict specs write by hand, and what the chart modules may import."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from explorer.analysis import charts
from explorer.analysis.charts import base


@pytest.mark.parametrize(
    ("lo", "hi"), [(0.4, 0.6), (1e-3, 2.0), (1e-9, 0.5), (1e-300, 1e300), (5e-324, 1.7e308)]
)
def test_log_ticks(lo, hi):
    (d0, d1), ticks = base._log_ticks(lo, hi)
    assert 0 < d0 <= lo
    assert hi <= d1 < float("inf")
    assert 2 <= len(ticks) <= 10 and ticks == sorted(ticks)


def test_charts_module_imports_only_pandas_and_altair():
    for path in sorted(Path(charts.__file__).parent.glob("*.py")):
        src = path.read_text(encoding="utf-8")
        imported = set(re.findall(r"^(?:import|from) ([\w.]+)", src, flags=re.M))
        outside = {
            m.split(".")[0] for m in imported if not m.startswith("explorer.analysis.charts")
        }
        # the standard library is fine; no numpy, streamlit or engine imports
        allowed = {
            "__future__",
            "math",
            "collections",
            "hashlib",
            "json",
            "textwrap",
            "altair",
            "pandas",
        }
        assert outside <= allowed, path.name


def test_dict_specs_use_configure_fonts():
    # the config written by hand is the one configure() sets through Altair
    expected = charts.configure(alt.Chart(pd.DataFrame({"x": [1]})).mark_point()).to_dict()
    assert base._config() == expected["config"]
