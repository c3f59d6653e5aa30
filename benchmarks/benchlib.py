"""What every benchmark shares: timing, the machine it ran on, and its tables as data.

A benchmark builds :class:`Table` objects and hands them to :func:`emit`, which prints them
as markdown and, with ``--json PATH``, also writes them as JSON. ``scripts/update_readme.py
--bench`` runs each benchmark several times that way and writes the README's tables from the
JSON: every figure there is the range over the runs, with the CPU model and the BLAS kernel
the runs used, so no figure is copied by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = [
    "Column",
    "Table",
    "as_app_runs",
    "emit",
    "machine",
    "merge",
    "parser",
    "ratio",
    "timed",
    "timed_columns",
]

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Column:
    """A table column.

    Attributes
    ----------
    header : str
        The column's title in the table's first row.
    digits : int or None
        Decimals of a numeric column; ``None`` for a text column.
    unit : str
        Written after the number (``"×"``, ``" ms"``).
    """

    header: str
    digits: int | None = None
    unit: str = ""

    def format(self, value) -> str:
        """One cell's text."""
        if self.digits is None or value is None:
            return "" if value is None else str(value)
        return f"{value:,.{self.digits}f}{self.unit}"

    def format_range(self, values: Sequence) -> str:
        """The cell's text over several runs: one value, or ``lo–hi`` when they differ."""
        if self.digits is None:
            return self.format(values[0])
        nums = [v for v in values if v is not None]
        if not nums:
            return ""
        lo, hi = (f"{v:,.{self.digits}f}" for v in (min(nums), max(nums)))
        return f"{lo}{self.unit}" if lo == hi else f"{lo}–{hi}{self.unit}"


@dataclass
class Table:
    """A benchmark's result table.

    Attributes
    ----------
    key : str
        Stable name, used to merge runs and to find the table in the README.
    title : str
        One line above the table.
    columns : list of Column
    rows : list of list
        Cells: text for text columns, numbers (or ``None``) for numeric ones. The first cell
        of a row names it; runs are merged row by row in order.
    note : str
        One line below the table.
    """

    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    def add(self, *cells) -> None:
        """Append one row."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.key}: {len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(list(cells))

    def markdown(self, cells: list[list[str]] | None = None) -> str:
        """The table as markdown (``cells`` overrides the text of every cell)."""
        if cells is None:
            cells = [[c.format(v) for c, v in zip(self.columns, row)] for row in self.rows]
        align = ["---" if c.digits is None else "---:" for c in self.columns]
        lines = [
            "| " + " | ".join(c.header for c in self.columns) + " |",
            "|" + "|".join(align) + "|",
            *("| " + " | ".join(r) + " |" for r in cells),
        ]
        return "\n".join(lines)


def timed(f: Callable[[], object], repeats: int, warmup: int = 1) -> dict[str, float]:
    """Wall and CPU time of ``f()`` over ``repeats`` calls after ``warmup`` untimed ones.

    Returns
    -------
    dict
        ``wall_best``, ``wall_median``, ``cpu_best``, ``cpu_median`` in milliseconds.
    """
    for _ in range(warmup):
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
        "cpu_median": statistics.median(cpu) * 1e3,
    }


#: The header of each number :func:`timed` gives.
TIMED_HEADERS = {
    "wall_best": "wall best",
    "wall_median": "wall median",
    "cpu_best": "CPU best",
    "cpu_median": "CPU median",
}


def timed_columns(keys: Sequence[str]) -> list[Column]:
    """The columns of these :func:`timed` numbers (milliseconds, one decimal)."""
    return [Column(TIMED_HEADERS[k], 1, " ms") for k in keys]


def ratio(header: str) -> Column:
    """A column of ratios (two decimals and ×)."""
    return Column(header, 2, "×")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, str]:
    """The machine and libraries a run used: CPU model and count, BLAS and its kernel.

    Returns
    -------
    dict of str to str
        ``cpu``, ``cpus``, ``blas`` (library, version, kernel architecture and threads as
        threadpoolctl reports them), ``numpy``, ``python``, ``load`` (1-minute average).
    """
    import numpy as np
    from threadpoolctl import threadpool_info

    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    blas_text = ", ".join(
        f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')} kernel, "
        f"{i.get('num_threads')} thread{'s' if i.get('num_threads') != 1 else ''})"
        for i in blas
    )
    return {
        "cpu": _cpu_model(),
        "cpus": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0),
        "blas": blas_text or "none loaded",
        "numpy": np.__version__,
        "python": platform.python_version(),
        "load": f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "",
    }


def parser(doc: str | None, repeats: int | None = None) -> argparse.ArgumentParser:
    """An argument parser with the option every benchmark takes (``--json PATH``), and
    ``--repeats N`` (timed runs of each row) with this default when ``repeats`` is given."""
    p = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0])
    p.add_argument("--json", type=Path, help="also write the tables as JSON to this file")
    if repeats is not None:
        p.add_argument("--repeats", type=int, default=repeats, help="timed runs of each row")
    return p


def emit(tables: Sequence[Table], json_path: Path | None = None) -> None:
    """Print the tables as markdown, and write them with the machine to ``json_path``."""
    info = machine()
    print(
        f"{info['cpu']} ({info['cpus']} CPUs), {info['blas']}, numpy {info['numpy']}, "
        f"Python {info['python']}, load {info['load']}\n"
    )
    for t in tables:
        print(f"{t.title}\n\n{t.markdown()}\n")
        if t.note:
            print(f"{t.note}\n")
    if json_path is not None:
        data = {"machine": info, "tables": [asdict(t) for t in tables]}
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def merge(runs: Sequence[dict]) -> tuple[list[tuple[Table, list[list[str]]]], list[dict]]:
    """Merge the JSON of several runs of one benchmark: every numeric cell becomes a range.

    Parameters
    ----------
    runs : sequence of dict
        What :func:`emit` wrote, one per run.

    Returns
    -------
    tables : list of (Table, cells)
        The first run's table, and the text of every cell over all runs.
    machines : list of dict
        Each run's :func:`machine`.
    """
    out = []
    first = runs[0]["tables"]
    for k, t in enumerate(first):
        table = Table(
            t["key"], t["title"], [Column(**c) for c in t["columns"]], t["rows"], t["note"]
        )
        cells = []
        for i in range(len(t["rows"])):
            text = []
            for j, col in enumerate(table.columns):
                values = [r["tables"][k]["rows"][i][j] for r in runs]
                text.append(col.format_range(values))
            cells.append(text)
        out.append((table, cells))
    return out, [r["machine"] for r in runs]


def as_app_runs() -> None:
    """Set up the process as the app's server runs: one BLAS thread, glibc's mmap threshold."""
    import numpy  # noqa: F401  (load BLAS first: threadpoolctl limits only loaded libraries)
    from streamlit.logger import set_log_level
    from threadpoolctl import threadpool_limits

    set_log_level("error")  # caches made outside a server run log a warning each
    from explorer.ui.main import _return_freed_memory_to_the_os

    _return_freed_memory_to_the_os()
    threadpool_limits(1, user_api="blas")
