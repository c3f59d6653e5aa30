#!/usr/bin/env python3
"""Check the app at Community Cloud's limits: one CPU (taskset) and 690 MB (a cgroup-v1 memory
cgroup, root needed). Drives the heaviest views in headless Chromium and prints the cgroup's
peak memory and OOM events. Run from the project root: python scripts/cloud_emulation.py
``--cpus 0,1`` runs on two CPUs instead (the Training tab then trains in two worker
processes, which count in the same cgroup).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from playwright.sync_api import sync_playwright

CPUS = sys.argv[sys.argv.index("--cpus") + 1] if "--cpus" in sys.argv else "0"
cg = "/sys/fs/cgroup/memory/cloudemu"
os.makedirs(cg, exist_ok=True)
with open(f"{cg}/memory.limit_in_bytes", "w") as f:
    f.write(str(690 * 2**20))
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]


def enter():
    with open(f"{cg}/cgroup.procs", "w") as f:
        f.write(str(os.getpid()))


server = subprocess.Popen(
    [
        "taskset",
        "-c",
        CPUS,
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ],
    stdout=open("/tmp/cloudemu_server.log", "w"),
    stderr=subprocess.STDOUT,
    preexec_fn=enter,
)
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
        break
    except OSError:
        time.sleep(0.1)


def settle(page):
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=60000
    )
    page.wait_for_timeout(500)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=600000
    )
    page.wait_for_timeout(1000)


big = ",".join(["836"] * 4)
views = [
    ("signals largest", f"data=gaussian&dim=500&batch=2048&layers={big}", None),
    ("signals 50x77", "data=gaussian&dim=500&batch=2048&layers=" + ",".join(["77"] * 50), None),
    (
        "compare 5",
        f"data=gaussian&dim=500&batch=2048&layers={big}&mode=compare&cmp=zeros,normal:std=0.01,lecun_normal,xavier_normal,he_normal",
        None,
    ),
    ("training", "tab=training", "Train"),
    ("rbm", "tab=rbm", "Train"),
    ("dbn", "tab=dbn", "Train"),
    ("lesson", "tab=lesson&step=5", None),
]
try:
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        for name, q, button in views:
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.time()
            page.goto(f"http://127.0.0.1:{port}/?{q}")
            settle(page)
            if button:
                page.get_by_role("button", name=button, exact=True).first.click()
                settle(page)
            exc = page.locator("[data-testid='stException']").count()
            peak = int(open(f"{cg}/memory.max_usage_in_bytes").read()) / 2**20
            print(
                f"{name}: {time.time() - t0:.1f} s, exceptions {exc}, "
                f"cgroup peak so far {peak:.0f} MB, alive {server.poll() is None}"
            )
            page.close()
        b.close()
finally:
    server.terminate()
    print("oom events:", open(f"{cg}/memory.oom_control").read().split())
