"""Regenerate the README's generated parts: the URL-key table, and the benchmark tables.

- ``python scripts/update_readme.py`` rewrites the table of URL keys from
  ``explorer.services.urlstate.URL_KEYS`` (a test checks the README lists every key).
- ``python scripts/update_readme.py --bench trace signals --runs 3`` runs each named
  benchmark (``benchmarks/bench_<name>.py``) that many times, one after another in fresh
  processes with one BLAS thread, and writes its tables between the README's
  ``<!-- bench:<name> -->`` and ``<!-- /bench:<name> -->`` markers. Every figure is the range
  over the runs, under a line naming the date, the CPU model and the BLAS kernel they ran on.
  Extra arguments for a benchmark go after ``--``, e.g. ``--bench training --runs 3 -- --app``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

README = ROOT / "README.md"


def _replace_block(text: str, marker: str, body: str) -> str:
    pattern = re.compile(rf"<!-- {re.escape(marker)} -->.*?<!-- /{re.escape(marker)} -->", re.S)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no <!-- {marker} --> ... <!-- /{marker} --> block")
    return pattern.sub(lambda m: f"<!-- {marker} -->\n{body}\n<!-- /{marker} -->", text)


def url_table() -> str:
    """The markdown table of URL keys."""
    try:
        from explorer.services.urlstate import URL_KEYS
    except ImportError:  # the layout before the services package
        from explorer.services.urlstate import URL_KEYS

    rows = "\n".join(f"| `{k}` | {what} |" for k, (what, _) in URL_KEYS.items())
    return f"| key | sets |\n|---|---|\n{rows}"


def bench_block(name: str, runs: int, extra: list[str]) -> str:
    """Run ``benchmarks/bench_<name>.py`` ``runs`` times and format the merged tables."""
    from benchlib import merge

    script = ROOT / "benchmarks" / f"bench_{name}.py"
    if not script.exists():
        raise SystemExit(f"no benchmark {script.relative_to(ROOT)}")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(runs):
            out = Path(tmp) / f"{k}.json"
            print(f"bench_{name}: run {k + 1} of {runs}", file=sys.stderr, flush=True)
            subprocess.run(
                [sys.executable, str(script), "--json", str(out), *extra],
                cwd=ROOT / "benchmarks",
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            results.append(json.loads(out.read_text(encoding="utf-8")))
    tables, machines = merge(results)
    m = machines[0]
    loads = ", ".join(x["load"] for x in machines)
    parts = [
        f"*{runs} runs on {dt.date.today():%Y-%m-%d}, ranges over the runs: {m['cpu']} "
        f"({m['cpus']} CPUs), {m['blas']}, NumPy {m['numpy']}, Python {m['python']}; "
        f"load average at the end of each run {loads}.*"
    ]
    for table, cells in tables:
        parts.append(f"{table.title}\n\n{table.markdown(cells)}")
        if table.note:
            parts.append(table.note)
    return "\n\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", nargs="*", default=[], help="benchmarks to run, e.g. trace rbm")
    ap.add_argument("--runs", type=int, default=3, help="runs of each benchmark (default 3)")
    ap.add_argument("extra", nargs="*", help="arguments passed to each benchmark, after --")
    args = ap.parse_args()
    text = README.read_text(encoding="utf-8")
    text = _replace_block(text, "url-keys", url_table())
    for name in args.bench:
        text = _replace_block(text, f"bench:{name}", bench_block(name, args.runs, args.extra))
        README.write_text(text, encoding="utf-8")  # keep what is done if a later one fails
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
