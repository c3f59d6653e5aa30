"""The sessions and the server of :mod:`bench_class`: a class's clients (Streamlit's own
websocket protocol, or headless Chromium pages), and what the server's process tree uses
(CPU, memory sampled while the sessions run, the job service's log lines).

Split from ``bench_class.py``, which plans the rows, runs them and writes the tables.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from benchlib import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from appserver import descendants
from stprotocol import ProtocolSession, fetch

#: Seconds between two looks at a browser page, and at the server's memory.
POLL_S = 0.1
#: time.time() - time.perf_counter(): a perf_counter reading on the wall clock.
WALL_OFFSET = time.time() - time.perf_counter()
TRAIN_KEY = "tr_train"


# --------------------------------------------------------------------------- sessions


@dataclass
class Seen:
    """What one session saw, in seconds since the row's common start (None: never).

    Attributes
    ----------
    page : float or None
        Its page finished (open), or was ready to press Train (same, distinct).
    request : float or None
        The progress bar first showed after the press (the service had the request).
    request_text : str or None
        What that progress bar said (how many runs of others were ahead in the queue).
    request_wall : float or None
        The request time on the wall clock (``time.time()``), to compare with the log.
    result : float or None
        The results table arrived (same, distinct).
    charts, tables : int
        Charts and data frames on the page at the end.
    updates : int or None
        Progress-bar updates the server sent after the press (protocol client only).
    fetched : int
        Bytes of the frontend's files the protocol client fetched.
    problems : list of str
        Exceptions and error alerts the page showed, and a broken connection.
    """

    page: float | None = None
    request: float | None = None
    request_text: str | None = None
    request_wall: float | None = None
    result: float | None = None
    charts: int = 0
    tables: int = 0
    updates: int | None = None
    fetched: int = 0
    problems: list[str] = field(default_factory=list)


async def _fetch_timed(url: str, paths: Sequence[str]) -> tuple[int, float]:
    """:func:`stprotocol.fetch`, and when it ended (``time.perf_counter``)."""
    size = await fetch(url, paths)
    return size, time.perf_counter()


@dataclass
class Assets:
    """The files a browser fetches from the server on its first visit to the default link.

    Recorded from one Chromium page (:meth:`ChromiumClientSession.open`); the protocol
    client fetches the same (:func:`stprotocol.fetch`). Hashed static names are the same on
    every server of one Streamlit; per-session media (``/media/``) are left out.

    Attributes
    ----------
    before, after : list of str
        Paths requested before the page opened its websocket (the document, the entry
        bundle, styles, ``/_stcore/health`` and ``host-config``), and after it until the
        page was ready (the code of the elements the page draws, fonts).
    """

    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    recorded: bool = False

    def note(self, url: str, base: str, websocket_open: bool) -> None:
        """Keep one request of the recorded page (same server, not media)."""
        if not url.startswith(base):
            return
        u = urlsplit(url)
        path = u.path + (f"?{u.query}" if u.query else "")
        if path.startswith(("/media/", "/_stcore/stream")):
            return
        (self.after if websocket_open else self.before).append(path)


class ProtocolClientSession:
    """One session driven over Streamlit's websocket protocol (:mod:`stprotocol`).

    Parameters
    ----------
    url : str
        The app's address.
    query : str
        The link's query string.
    assets : Assets or None
        The files to fetch as a browser's first visit does (None: none).
    """

    kind = "protocol"

    def __init__(self, url: str, query: str, assets: Assets | None = None):
        self.url = url
        self.s = ProtocolSession(url, query)
        self.assets = assets
        self.seen = Seen()

    async def open(self, t0: float, timeout: float) -> None:
        """Fetch the page's entry files, connect, run the page's script and fetch the rest
        of the files meanwhile; wait until both are done."""
        lazy = None
        try:
            if self.assets is not None:
                self.seen.fetched += await fetch(self.url, self.assets.before)
            await self.s.connect()
            await self.s.rerun()
            if self.assets is not None:
                lazy = asyncio.create_task(_fetch_timed(self.url, self.assets.after))
        except (OSError, ConnectionError) as e:
            self.seen.problems.append(f"connect: {e}")
            return
        done = await self.s.wait_for(lambda s: s.finished_ok(), timeout)
        fetched_at = 0.0
        if lazy is not None:
            try:
                size, fetched_at = await lazy
                self.seen.fetched += size
            except (OSError, ConnectionError) as e:
                self.seen.problems.append(f"fetch: {e}")
        if done:
            self.seen.page = max(self.s.arrival.finished[-1][0], fetched_at) - t0
        self._collect()

    async def press_train(self) -> None:
        """Press Train (a rerun with the button's trigger)."""
        self.s.mark()
        try:
            await self.s.click(TRAIN_KEY)
        except (KeyError, OSError, ConnectionError) as e:
            self.seen.problems.append(f"click: {e!r}")

    async def await_result(self, t0: float, timeout: float) -> None:
        """Wait until the results table has arrived and the run has finished."""
        a = self.s.arrival
        if await self.s.wait_for(lambda s: "dataframe" in s.arrival.first, timeout):
            self.seen.result = a.first["dataframe"] - t0
            await self.s.wait_for(lambda s: s.finished_ok(), 30.0)
        if "progress" in a.first:
            self.seen.request = a.first["progress"] - t0
            self.seen.request_text = a.progress_text
            self.seen.request_wall = a.first["progress"] + WALL_OFFSET
        self.seen.updates = a.counts.get("progress", 0)
        self._collect()

    def _collect(self) -> None:
        a = self.s.arrival
        self.seen.charts = a.counts.get("vega_lite_chart", 0)
        self.seen.tables = a.counts.get("dataframe", 0)
        for text in a.exceptions:
            self.seen.problems.append(f"exception: {text}")
        for text in a.errors:
            self.seen.problems.append(f"error: {text}")
        if self.s.session_ended.is_set():
            self.seen.problems.append("the server closed the connection")
        a.exceptions.clear()
        a.errors.clear()

    async def close(self) -> None:
        """Close the websocket."""
        await self.s.close()


#: What a browser session's page shows, read every POLL_S.
_STATE_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  const n = (sel) => document.querySelectorAll(sel).length;
  return {
    connected: !!app && app.getAttribute("data-test-connection-state") === "CONNECTED",
    idle: !!app && app.getAttribute("data-test-script-state") === "notRunning",
    tabs: n("[data-testid='stTabs']"),
    skeletons: n("[data-testid='stSkeleton']"),
    progress: n("[data-testid='stProgress']"),
    progressText: (document.querySelector("[data-testid='stProgress']") || {}).innerText || null,
    tables: n("[data-testid='stDataFrame']"),
    charts: n("[data-testid='stVegaLiteChart']"),
    exceptions: n("[data-testid='stException']"),
    errors: n("[data-testid='stAlertContentError']"),
  };
}"""


class ChromiumClientSession:
    """One session as a headless Chromium context (Playwright's async API).

    Parameters
    ----------
    browser : playwright.async_api.Browser
    url : str
        The app's address.
    query : str
        The link's query string.
    """

    kind = "chromium"

    def __init__(self, browser, url: str, query: str, record: Assets | None = None):
        self.browser = browser
        self.base = url
        self.url = url + (f"?{query}" if query else "")
        self.record = record
        self.seen = Seen()
        self.context = None
        self.page = None
        self.state: dict = {}

    async def _poll(self, done: Callable[[dict], bool], timeout: float, on_state=None) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                self.state = await self.page.evaluate(_STATE_JS)
            except Exception as e:  # a page that crashed or navigated
                self.seen.problems.append(f"page: {type(e).__name__}: {e}"[:300])
                return False
            now = time.perf_counter()
            if on_state is not None:
                on_state(self.state, now)
            if done(self.state):
                return True
            await asyncio.sleep(POLL_S)
        return False

    async def open(self, t0: float, timeout: float) -> None:
        """Open the link in a new context; wait until the script finished and no skeleton
        is left."""
        try:
            self.context = await self.browser.new_context(viewport={"width": 1400, "height": 1000})
            self.page = await self.context.new_page()
            if self.record is not None:  # which files the page fetches, before its websocket
                ws = []
                self.page.on("websocket", lambda w: ws.append(w))
                self.page.on("request", lambda r: self.record.note(r.url, self.base, bool(ws)))
            await self.page.goto(self.url, timeout=timeout * 1000)
        except Exception as e:
            self.seen.problems.append(f"open: {type(e).__name__}: {e}"[:300])
            return

        def ready(s: dict) -> bool:
            return s["connected"] and s["idle"] and s["tabs"] > 0 and s["skeletons"] == 0

        if await self._poll(ready, timeout):
            self.seen.page = time.perf_counter() - t0
            if self.record is not None:
                self.record.recorded = True
        self.record = None  # later requests are not the first visit's
        await self._collect()

    async def press_train(self) -> None:
        """Click Train."""
        try:
            await self.page.locator(f".st-key-{TRAIN_KEY} button").click(timeout=30_000)
        except Exception as e:
            self.seen.problems.append(f"click: {type(e).__name__}: {e}"[:300])

    async def await_result(self, t0: float, timeout: float) -> None:
        """Wait until the results table is on the page and the script run has finished."""

        def note(s: dict, now: float) -> None:
            if s["progress"] and self.seen.request is None:
                self.seen.request = now - t0
                self.seen.request_text = s["progressText"]
                self.seen.request_wall = now + WALL_OFFSET
            if s["tables"] and self.seen.result is None:
                self.seen.result = now - t0

        def done(s: dict) -> bool:
            return s["tables"] > 0 and s["idle"] and s["skeletons"] == 0

        await self._poll(done, timeout, note)
        await self._collect()

    async def _collect(self) -> None:
        s = self.state
        if not s:
            return
        self.seen.charts, self.seen.tables = s["charts"], s["tables"]
        if s["exceptions"] or s["errors"]:
            for sel, what in (
                ("[data-testid='stException']", "exception"),
                ("[data-testid='stAlertContentError']", "error"),
            ):
                for text in await self.page.locator(sel).all_inner_texts():
                    problem = f"{what}: {text[:300]}"
                    if problem not in self.seen.problems:
                        self.seen.problems.append(problem)
        if not s["connected"]:
            self.seen.problems.append("not connected to the server")

    async def close(self) -> None:
        """Close the context (the tab and its websocket)."""
        if self.context is not None:
            await self.context.close()


# --------------------------------------------------------------------------- the server


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its descendants (the
    root's reaped children included)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for k, p in enumerate([pid, *descendants(pid)]):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        # after the command: state is field 3, so utime (14) .. cstime (17) are [11:15]
        utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
        total += utime + stime + (cutime + cstime if k == 0 else 0)
    return total / tick


def process_rss_kb(pid: int, commands: set[str] | None = None) -> list[int]:
    """``VmRSS`` in kB of a process and of each of its descendants that has its own memory.

    ``appserver.memory_kb(pid, "VmRSS")`` over the same processes, one by one, except for a
    child that was forked and has not yet run ``exec`` (its command line is still the
    server's): while the server starts a worker, ``subprocess`` vforks, and the child shares
    (and reports as its own) the server's whole memory, which a sum would count twice.
    ``commands``, when given, collects each descendant's pid and command line.
    """
    try:
        root = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    out = []
    for p in [pid, *descendants(pid)]:
        try:
            if p != pid:
                cmd = Path(f"/proc/{p}/cmdline").read_bytes()
                if cmd == root:
                    continue
                if commands is not None:
                    text = cmd.replace(b"\0", b" ").decode(errors="replace")
                    commands.add(f"{p}: {text[:60]}")
            out.append(memory_kb_of(p))
        except OSError:
            continue
    return out


def memory_kb_of(pid: int) -> int:
    """``VmRSS`` of one process in kB (0 for a process without memory: a zombie)."""
    m = re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    return int(m[1]) if m else 0


class MemorySampler:
    """The resident memory of a process tree, sampled in a thread.

    Parameters
    ----------
    pid : int
        The root of the tree (the server).
    interval : float
        Seconds between samples.

    Attributes
    ----------
    peak_kb : int
        Highest sum of ``VmRSS`` over the tree seen (:func:`process_rss_kb`).
    most_processes : int
        Most processes seen in the tree.
    commands : set of str
        Pids and command lines of the descendants seen.
    """

    def __init__(self, pid: int, interval: float = POLL_S):
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.most_processes = 0
        self.commands: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def now_kb(self, samples: int = 5) -> int:
        """The tree's RSS now: median of ``samples`` readings ``interval`` apart."""
        values = []
        for i in range(samples):
            values.append(sum(process_rss_kb(self.pid)))
            if i + 1 < samples:
                time.sleep(self.interval)
        return int(statistics.median(values))

    def _sample(self) -> None:
        kbs = process_rss_kb(self.pid, self.commands)
        self.peak_kb = max(self.peak_kb, sum(kbs))
        self.most_processes = max(self.most_processes, len(kbs))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


_JOB_LINE = re.compile(
    r"^(\S+ \S+) explorer\.jobs: job (\d+) (started|done|failed|stopped|cancelled): (\w+)"
)


@dataclass
class ServerLog:
    """What the server's log says about a row.

    Attributes
    ----------
    started : dict of str to list of int
        Job kind -> ids of the jobs started, in the order they started.
    started_at, ended_at : dict of str to list of float
        Job kind -> when each started, ended (``time.time()``, from the log's local time).
    ended : dict of str to int
        End state (``done``, ``failed``, ...) -> jobs.
    tracebacks : int
        Python tracebacks in the log.
    problems : list of str
        Lines about failed jobs and the first line after each traceback.
    """

    started: dict[str, list[int]] = field(default_factory=dict)
    started_at: dict[str, list[float]] = field(default_factory=dict)
    ended_at: dict[str, list[float]] = field(default_factory=dict)
    ended: dict[str, int] = field(default_factory=dict)
    tracebacks: int = 0
    problems: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, text: str) -> ServerLog:
        """Parse a server log (``--logger.level info``)."""
        log = cls()
        lines = text.splitlines()
        for i, line in enumerate(lines):
            m = _JOB_LINE.search(line)
            if m:
                job, what, kind = int(m[2]), m[3], m[4]
                when = dt.datetime.strptime(m[1], "%Y-%m-%d %H:%M:%S,%f").timestamp()
                if what == "started":
                    log.started.setdefault(kind, []).append(job)
                    log.started_at.setdefault(kind, []).append(when)
                else:
                    log.ended[what] = log.ended.get(what, 0) + 1
                    log.ended_at.setdefault(kind, []).append(when)
                    if what == "failed":
                        log.problems.append(line.strip()[:300])
            elif line.startswith("Traceback"):
                log.tracebacks += 1
                tail = next((x for x in lines[i + 1 :] if x and not x.startswith(" ")), "")
                log.problems.append(f"traceback: {tail.strip()[:300]}")
        return log

    def computed(self, kind: str) -> int:
        """Jobs of ``kind`` started."""
        return len(self.started.get(kind, []))

    def errors(self) -> int:
        """Failed jobs and tracebacks."""
        return self.ended.get("failed", 0) + self.tracebacks

    def started_before(self, kind: str, when: float) -> int:
        """Jobs of ``kind`` that had started by ``when`` (``time.time()``)."""
        return sum(t <= when for t in self.started_at.get(kind, []))

    def starts_out_of_order(self, kind: str, per_request: int) -> int | None:
        """Pairs of ``kind`` jobs that started in the opposite order of their requests.

        The service numbers jobs as requests arrive, a request's jobs together, so when
        every request asked for ``per_request`` new jobs, job ``lo + k`` belongs to request
        ``k // per_request``. None when the ids do not form such blocks (other jobs mixed in).
        """
        ids = self.started.get(kind, [])
        if not ids or len(ids) % per_request:
            return None
        lo = min(ids)
        if sorted(ids) != list(range(lo, lo + len(ids))):
            return None
        g = [(i - lo) // per_request for i in ids]
        return sum(g[a] > g[b] for a in range(len(g)) for b in range(a + 1, len(g)))
