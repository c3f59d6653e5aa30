#!/usr/bin/env python3
"""Check the app at Community Cloud's limits: one CPU (taskset) and 690 MB (a memory cgroup,
root needed; cgroup v2 or v1). Drives the heaviest views in headless Chromium and prints the
cgroup's peak memory and OOM events. Run from the project root:
``python scripts/cloud_emulation.py``; ``--cpus 0,1`` runs on two CPUs instead (the job
service's worker processes count in the same cgroup).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from appserver import EXCEPTION, AppServer, chromium, settle
from playwright.sync_api import sync_playwright

LIMIT = 690 * 2**20
CPUS = sys.argv[sys.argv.index("--cpus") + 1] if "--cpus" in sys.argv else "0"


class Cgroup:
    """A memory cgroup of ``LIMIT`` bytes (v2 when mounted, else v1)."""

    def __init__(self, name: str = "cloudemu"):
        v2 = Path("/sys/fs/cgroup/cgroup.controllers").exists()
        self.path = Path("/sys/fs/cgroup" if v2 else "/sys/fs/cgroup/memory") / name
        self.path.mkdir(exist_ok=True)
        self.v2 = v2
        (self.path / ("memory.max" if v2 else "memory.limit_in_bytes")).write_text(str(LIMIT))

    def enter(self) -> None:
        """Move the calling process into the cgroup (a ``preexec_fn``)."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def peak_mb(self) -> float:
        name = "memory.peak" if self.v2 else "memory.max_usage_in_bytes"
        return int((self.path / name).read_text()) / 2**20

    def oom_events(self) -> str:
        name = "memory.events" if self.v2 else "memory.oom_control"
        return " ".join((self.path / name).read_text().split())


BIG = ",".join(["836"] * 4)
VIEWS = [
    ("signals largest", f"data=gaussian&dim=500&batch=2048&layers={BIG}", None),
    ("signals 50x77", "data=gaussian&dim=500&batch=2048&layers=" + ",".join(["77"] * 50), None),
    (
        "compare 5",
        f"data=gaussian&dim=500&batch=2048&layers={BIG}&mode=compare"
        "&cmp=zeros,normal:std=0.01,lecun_normal,xavier_normal,he_normal",
        None,
    ),
    ("training", "tab=training", "Train"),
    ("rbm", "tab=rbm", "Train"),
    ("dbn", "tab=dbn", "Train"),
    ("lesson", "tab=lesson&step=5", None),
]


def main() -> None:
    cg = Cgroup()
    prefix = ("taskset", "-c", CPUS)
    with AppServer("cloud_emulation", prefix=prefix, preexec_fn=cg.enter) as server:
        with chromium(sync_playwright) as browser:
            for name, query, button in VIEWS:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.time()
                page.goto(f"{server.url}?{query}")
                settle(page, timeout=600_000)
                if button:
                    page.get_by_role("button", name=button, exact=True).first.click()
                    settle(page, timeout=600_000, quiet_runs=1)
                print(
                    f"{name}: {time.time() - t0:.1f} s, exceptions "
                    f"{page.locator(EXCEPTION).count()}, cgroup peak so far "
                    f"{cg.peak_mb():.0f} MB, alive {server.proc.poll() is None}"
                )
                page.close()
    print("oom events:", cg.oom_events())


if __name__ == "__main__":
    main()
