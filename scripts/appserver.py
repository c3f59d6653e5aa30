"""The one way to start the app's server and drive it in headless Chromium, for the scripts,
the benchmarks and the browser tests.

- :class:`AppServer`: ``python -m streamlit run app.py`` on a free port of 127.0.0.1, as a
  subprocess (optionally behind a command such as ``taskset -c 0``, or started inside a
  cgroup), healthy on return, stopped on exit.
- :func:`chromium`, :func:`open_app`, :func:`settle`, :func:`shot`: Debian's Chromium
  driven by Playwright, a page that has finished its script run, a whole-app screenshot.
- :func:`memory_kb`, :func:`descendants`: the resident memory of the server's process tree.

Import it from a script or benchmark with ``sys.path.insert(0, "<root>/scripts")``; the tests
have ``scripts/`` on their path (``tests/conftest.py``).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Chromium's flags on a machine with no display, no GPU and a closed network.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
#: Selectors (Streamlit 1.67).
APP_CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
APP_RUNNING = "[data-testid='stApp'][data-test-script-state='running']"
CHART = "[data-testid='stVegaLiteChart']"
CHART_DRAWN = f"{CHART} svg.marks, {CHART} canvas"
IMAGE = "[data-testid='stImage'], [data-testid='stImageContainer']"
EXCEPTION = "[data-testid='stException']"
ALERT = "[data-testid='stAlert']"
SKELETON = "[data-testid='stSkeleton']"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``streamlit run app.py`` (or another script) on a free local port, for a ``with`` block.

    Parameters
    ----------
    log_name : str
        The server's stdout and stderr go to ``artifacts/<log_name>.log``.
    timeout : float
        Seconds to wait for ``/_stcore/health``.
    prefix : sequence of str
        A command the server runs under, e.g. ``("taskset", "-c", "0")``.
    preexec_fn : callable, optional
        Run in the child before it starts (e.g. to enter a cgroup).
    env : dict, optional
        Extra environment variables.
    args : sequence of str
        Extra ``streamlit run`` options, e.g. ``("--logger.level", "info")``.
    script : str or Path
        The script to serve (default the app's ``app.py``), relative to the repository.

    Attributes
    ----------
    url : str
        ``http://127.0.0.1:<port>/``.
    proc : subprocess.Popen
    log : Path
    """

    def __init__(
        self,
        log_name: str = "server",
        timeout: float = 90.0,
        prefix: Sequence[str] = (),
        preexec_fn: Callable[[], None] | None = None,
        env: dict[str, str] | None = None,
        args: Sequence[str] = (),
        script: str | Path = "app.py",
    ):
        self.script = str(script)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log = ARTIFACTS / f"{log_name}.log"
        self.timeout = timeout
        self.prefix = tuple(prefix)
        self.preexec_fn = preexec_fn
        self.env = env or {}
        self.args = tuple(args)
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        """The command line that serves the app."""
        return [
            *self.prefix,
            sys.executable,
            "-m",
            "streamlit",
            "run",
            self.script,
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            *self.args,
        ]

    def __enter__(self) -> AppServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                preexec_fn=self.preexec_fn,
            )
        deadline = time.monotonic() + self.timeout
        health = f"{self.url}_stcore/health"
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app server exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(health, timeout=2) as r:
                    if r.read() == b"ok":
                        return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the app never became healthy:\n{self.log_tail()}")
            time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Terminate the server (and kill it if it does not end within 10 s)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def log_tail(self, n: int = 3000) -> str:
        """The last ``n`` characters of the server's log."""
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""


@contextlib.contextmanager
def chromium(sync_playwright) -> Iterator:
    """One headless Chromium (Debian's) for the block.

    Parameters
    ----------
    sync_playwright : callable
        ``playwright.sync_api.sync_playwright``.
    """
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def settle(page, timeout: float = 120_000, quiet_runs: int = 0) -> None:
    """Wait until the page is connected, its script run has finished and no skeleton is left.

    Parameters
    ----------
    page : playwright Page
    timeout : float
        Milliseconds to wait for the script run to end.
    quiet_runs : int
        Extra times to wait for the script to be idle again after a pause (a run may start
        again right after one ends: a URL write, a finished job).
    """
    page.locator(APP_CONNECTED).wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(300)
    page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout)
    for _ in range(quiet_runs):
        page.wait_for_timeout(1500)
        page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout)
    # Widgets and charts load their code on first use and show a skeleton until then.
    page.locator(SKELETON).first.wait_for(state="detached", timeout=timeout)
    page.wait_for_timeout(300)


def open_app(browser, url: str, width: int = 1400, height: int = 1000):
    """A new context and page at ``url``, settled."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    settle(page)
    return page


def shot(page, name: str, max_height: int = 5000, directory: Path = SCREENSHOTS) -> Path:
    """A screenshot of the whole app in ``directory/<name>.png``.

    Streamlit scrolls inside its own container, so a "full page" screenshot would stop at
    the window: the window is made as tall as the content (at most ``max_height``) for it.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}.png"
    size = page.viewport_size
    height = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll(
            "[data-testid='stMain'], [data-testid='stSidebarContent'], body")]
            .map(e => e.scrollHeight))"""
    )
    tall = size and height > size["height"]
    if tall:
        page.set_viewport_size({"width": size["width"], "height": min(height, max_height)})
        page.wait_for_timeout(400)  # charts re-fit to the new window
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if tall:
            page.set_viewport_size(size)
    return path


def exceptions(page) -> list[str]:
    """The texts of the exceptions the page shows."""
    loc = page.locator(EXCEPTION)
    return [loc.nth(i).inner_text()[:500] for i in range(loc.count())]


# --------------------------------------------------------------------------- memory


def _status(pid: int) -> dict[str, str]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def descendants(pid: int) -> list[int]:
    """The process's children, grandchildren, ... (from /proc/*/stat)."""
    parents: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        parents.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def memory_kb(pid: int, field: str = "VmHWM") -> int:
    """``field`` of /proc/<pid>/status in kB, summed over the process and its descendants
    (``VmHWM``: peak resident set; ``VmRSS``: current)."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            total += int(_status(p).get(field, "0 kB").split()[0])
        except (OSError, ValueError):
            continue
    return total
