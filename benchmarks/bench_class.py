"""A class opens one shared link at once: page times, shared work, fairness and memory.

Run ``python benchmarks/bench_class.py [--sessions 1,10,30] [--clients auto] [--quick]
[--scenarios open,same,distinct] [--linger S] [--json PATH]``. A teacher shares one link
and 10-30 students open it in the same minute, mostly with the same settings. Every row
starts the app afresh (``streamlit run app.py --logger.level info`` through
``scripts/appserver.py``: cold caches, an empty job service, so no row is served from an
earlier row's results) and drives ``N`` sessions through the real server at once:

- **open**: ``N`` sessions open the default link (``/``: the Signals tab, whose default
  config is one server-side job) at once; seconds from the start until each has its page
  (its script run finished; in a browser also: no skeleton left).
- **same**: ``N`` sessions open ``?tab=training`` (not timed), then all press *Train* at
  once (the tab's default: zeros, LeCun, He and DBN, 20 epochs on digits); seconds from the
  press until each has the results table, the last session's time against one session alone
  (the ``N = 1`` row of the same client), and how many times the work was computed: the
  server log's ``explorer.jobs: job K started: train`` lines (4 when the identical requests
  are joined into one computation).
- **distinct**: as *same*, but session ``i`` opens ``?tab=training&seed=i``: ``N`` different
  configs, ``4 N`` jobs for the 2 workers. Seconds until each session has its result, the
  median against the last (first come, first served: the median session is served well
  before the last), and whether results came in the order the requests were taken:

  - *FIFO τ*: Kendall's tau between each session's place in the queue when its request was
    taken and the order the results arrived. Requests sent in the same instant reach the
    service in an order no client clock resolves (their progress bars arrive within a few
    milliseconds of each other), so the place is read from the page: the jobs the log shows
    started by then, plus the "runs of others ahead" its first progress bar says.
  - *starts out of order*: the service numbers jobs as requests arrive (a request's jobs
    together), so the log's start order against the job ids counts the pairs of jobs that
    started against their requests' arrival order (0: FIFO; the jobs of one request start
    longest first, which is not counted).

For every row: the server's CPU seconds (the process tree, user + system, from the first
session's start until the last session has its result), peak resident memory of the tree
(the server and its worker processes: the sum of their ``VmRSS``, as ``appserver.memory_kb``
reads it, sampled every 100 ms in a thread; a worker being started is not counted twice, see
:func:`process_rss_kb`), the most processes in the tree, the tree's memory before the
sessions (a fresh server: no worker yet) and 5 s after all sessions have closed, jobs the
log says failed and tracebacks in the log (*log errors*), sessions whose page showed an
exception or an error alert or lost its connection (*page errors*), and *lost* sessions (no
page or no result within the row's timeout: 180 s to open, 240 s for the shared run, 120 s +
12 s a session for distinct runs). ``--linger S`` also reads the memory ``S`` seconds after
the close (past Streamlit's two-minute keep of closed sessions for a reconnect, and the job
service's two-minute keep of ended jobs). A details section after the tables gives each
row's pages, jobs, queue places and problems.

**How sessions are driven.** ``--clients`` picks the client of each row:

- ``chromium``: headless Chromium (Debian's), one browser, one context per session, driven
  with Playwright's *async* API so that all sessions act in the same instant from one event
  loop (Playwright's sync API binds every object to the thread that made it: N threads
  would need N Playwright instances and browsers). Each page is polled every 100 ms for the
  app's script state, skeletons, the progress bar, the results table, exceptions and error
  alerts; a time is when the poll first saw it.
- ``protocol``: :mod:`stprotocol`, a client of Streamlit's own websocket protocol
  (``/_stcore/stream``, subprotocol ``streamlit``; the frontend's ``rerun_script``
  ``BackMsg`` with the query string; a click as the button's widget id, read from the
  previous run's deltas, with ``trigger_value``). A time is when the ``ForwardMsg`` arrived
  (a result: the ``dataframe`` element; a request: the first ``progress`` element). Like a
  browser's first visit, a session first fetches the files a browser fetched before opening
  its websocket (the document, the entry bundle, ``/_stcore/health``, ``host-config``), then
  fetches the rest (the code of the page's elements, fonts) while its script runs, 6 at a
  time, compressed; which files, one Chromium page of the default link says (recorded once
  a run: by the first Chromium *open* row, or on a server of its own). Its page is there
  when both the script run (``script_finished``) and the files are done. ``--no-assets``
  leaves the files out (the websocket alone). It renders nothing, so its times are the
  server's; 30 sessions cost it a few megabytes.
- ``auto`` (default): Chromium for ``N <= 10`` (``--chromium-max``) and the protocol client
  above, plus a protocol row at ``N = 1`` as the baseline of the protocol rows' ratio;
  ``both``: both clients for every ``N <= 10`` (to compare them).

The clients agree on what the pages get (``--clients both --sessions 1,10``: the same charts
and results table on every page, no exception, the same jobs computed, FIFO in both) and,
with the files fetched, on the server's CPU seconds (open, 10 sessions: 4.2 s Chromium, 4.9 s
protocol; without the files the protocol client cost the server 2.2 s: serving the frontend
is half of a first visit's server work). They do not agree on time: a browser boots the
frontend, loads each element's code and renders every chart and grid, and on this 2-core
machine 10 Chromium pages take the CPU from the server they measure (open: 51 s against
9 s; a shared Train: 36-42 s against 4-7 s, the shared training itself running about 4×
longer). Chromium rows measure what a student on a small shared machine would see; protocol
rows measure the server. Compare rows of one client.

``--quick`` is a smoke run: ``N`` in 1 and 3, Chromium only for ``N = 1``, shorter waits
(100-130 s here). The default run took 11-13 minutes on this shared 2-core machine at load
averages of 9-21 (most of it the 10-session Chromium rows and the 120 jobs of the 30
distinct runs); the load average is printed with the tables.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchlib import ROOT, Column, Table, emit, parser, ratio

sys.path.insert(0, str(ROOT / "scripts"))

from appserver import CHROMIUM, LAUNCH_ARGS, AppServer
from classlib import (
    WALL_OFFSET,
    Assets,
    ChromiumClientSession,
    MemorySampler,
    ProtocolClientSession,
    Seen,
    ServerLog,
    process_rss_kb,
    tree_cpu_s,
)

SCENARIOS = ("open", "same", "distinct")
#: Seconds to wait after the sessions closed before the memory is read again.
CLOSE_WAIT_S = 5.0
OPEN_TIMEOUT_S = 180.0
SAME_TIMEOUT_S = 240.0
_AHEAD = re.compile(r"(\d+) runs? of others ahead")


def distinct_timeout(n: int) -> float:
    """Seconds to wait for ``n`` sessions' distinct runs."""
    return 120.0 + 12.0 * n


# --------------------------------------------------------------------------- one row


@dataclass
class Row:
    """One scenario with ``n`` sessions of one client on a fresh server."""

    scenario: str
    n: int
    client: str
    seen: list[Seen]
    log: ServerLog
    rss_before_kb: int
    rss_peak_kb: int
    rss_after_kb: int
    processes: int
    cpu_s: float
    start_wall: float
    seconds: float
    rss_linger_kb: int | None = None
    linger_s: float = 0.0
    #: when -> RSS in kB of the server process, then of each worker process
    rss_split: dict[str, list[int]] = field(default_factory=dict)
    #: pids and command lines of the server's descendants seen
    commands: list[str] = field(default_factory=list)

    def times(self, what: str) -> list[float]:
        """``what`` (``page`` or ``result``) of every session that got it."""
        return [getattr(s, what) for s in self.seen if getattr(s, what) is not None]

    def lost(self) -> int:
        """Sessions that never got their page (open) or result (same, distinct)."""
        what = "page" if self.scenario == "open" else "result"
        return sum(getattr(s, what) is None for s in self.seen)

    def queue_places(self) -> list[int | None]:
        """Each session's place in the service's queue when its request was taken.

        The jobs that had started by then (the log) plus the runs of others its progress
        bar said were ahead ("next in line": none). None without a progress bar.
        """
        out = []
        for s in self.seen:
            if s.request_wall is None or s.request_text is None:
                out.append(None)
                continue
            m = _AHEAD.search(s.request_text)
            out.append(self.log.started_before("train", s.request_wall) + (int(m[1]) if m else 0))
        return out

    def page_errors(self) -> int:
        """Sessions whose page showed an exception or an error, or lost the connection."""
        return sum(bool(s.problems) for s in self.seen)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank ``q`` percentile (None for no values)."""
    if not values:
        return None
    v = sorted(values)
    return v[max(0, math.ceil(q / 100 * len(v)) - 1)]


def kendall_tau(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-a of two orders: 1 when ``y`` ranks the items as ``x`` does, -1 when it
    reverses them (None for fewer than two items)."""
    n = len(x)
    if n < 2:
        return None
    s = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx = (x[i] > x[j]) - (x[i] < x[j])
            dy = (y[i] > y[j]) - (y[i] < y[j])
            s += dx * dy
    return s / (n * (n - 1) / 2)


def query(scenario: str, i: int) -> str:
    """The link session ``i`` opens."""
    if scenario == "open":
        return ""
    if scenario == "same":
        return "tab=training"
    return f"tab=training&seed={i}"


async def run_row(
    scenario: str,
    n: int,
    client: str,
    browser,
    quick: bool,
    linger: float = 0.0,
    assets: Assets | None = None,
) -> Row:
    """Start a fresh server, drive ``n`` sessions through ``scenario``, stop the server.

    Parameters
    ----------
    scenario : str
        One of :data:`SCENARIOS`.
    n : int
        Sessions.
    client : {"chromium", "protocol"}
    browser : playwright.async_api.Browser or None
        For Chromium rows.
    quick : bool
        Shorter waits.
    linger : float
        When above the close wait, also read the memory this many seconds after the close.
    assets : Assets or None
        The files protocol sessions fetch as a browser does; a Chromium open row records
        them with its first session when they are not recorded yet.
    """
    wall = time.perf_counter()
    name = f"bench_class_{scenario}_{client}_{n}"
    with AppServer(name, args=("--logger.level", "info")) as server:
        mem = MemorySampler(server.proc.pid)
        time.sleep(0.2 if quick else 0.5)
        before = mem.now_kb()

        def make(i: int):
            q = query(scenario, i)
            if client == "chromium":
                record = i == 0 and scenario == "open" and assets is not None
                record = record and not assets.recorded
                return ChromiumClientSession(browser, server.url, q, assets if record else None)
            return ProtocolClientSession(server.url, q, assets)

        sessions = [make(i) for i in range(n)]
        with mem:
            cpu = tree_cpu_s(server.proc.pid)
            t0 = time.perf_counter()
            await asyncio.gather(*(s.open(t0, OPEN_TIMEOUT_S) for s in sessions))
            if scenario != "open":
                ready = [s for s in sessions if s.seen.page is not None]
                timeout = SAME_TIMEOUT_S if scenario == "same" else distinct_timeout(n)
                t0 = time.perf_counter()
                await asyncio.gather(*(s.press_train() for s in ready))
                await asyncio.gather(*(s.await_result(t0, timeout) for s in ready))
            cpu = tree_cpu_s(server.proc.pid) - cpu
            await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
            close_wait = 1.0 if quick else CLOSE_WAIT_S
            await asyncio.sleep(close_wait)
        after = mem.now_kb()
        split = {"after close": process_rss_kb(server.proc.pid)}
        lingered = None
        if linger > close_wait:
            await asyncio.sleep(linger - close_wait)
            lingered = mem.now_kb()
            split[f"{linger:.0f} s after close"] = process_rss_kb(server.proc.pid)
    log = ServerLog.read(server.log.read_text(errors="replace"))
    return Row(
        scenario,
        n,
        client,
        [s.seen for s in sessions],
        log,
        before,
        mem.peak_kb,
        after,
        mem.most_processes,
        cpu,
        t0 + WALL_OFFSET,
        time.perf_counter() - wall,
        lingered,
        linger,
        split,
        sorted(mem.commands),
    )


# --------------------------------------------------------------------------- tables

_MEMORY_COLUMNS = [
    Column("jobs computed", 0),
    Column("page errors", 0),
    Column("log errors", 0),
    Column("lost", 0),
    Column("server CPU", 1, " s"),
    Column("peak tree RSS", 0, " MB"),
    Column("processes", 0),
    Column("RSS before", 0, " MB"),
    Column("RSS after close", 0, " MB"),
]


def _common(row: Row, kind: str) -> list:
    mb = 1 / 1024
    return [
        row.log.computed(kind),
        row.page_errors(),
        row.log.errors(),
        row.lost(),
        row.cpu_s,
        row.rss_peak_kb * mb,
        row.processes,
        row.rss_before_kb * mb,
        row.rss_after_kb * mb,
    ]


def _table(key: str, title: str, columns: list[Column], note: str, kind: str, rows, cells):
    """A scenario's table: sessions and client, ``columns`` (each row's ``cells(row)``), then
    the memory columns (``kind``: the job kind counted as computed)."""
    t = Table(
        key, title, [Column("sessions"), Column("client"), *columns, *_MEMORY_COLUMNS], note=note
    )
    for r in rows:
        t.add(str(r.n), r.client, *cells(r), *_common(r, kind))
    return t


def _open_cells(r: Row) -> list:
    p = r.times("page")
    return [percentile(p, 50), percentile(p, 95), max(p, default=None)]


def _last(r: Row, res: list[float]) -> float | None:
    """The last session's time, when every session got its result."""
    return max(res, default=None) if len(res) == len(r.seen) else None


def _distinct_cells(r: Row) -> list:
    res = r.times("result")
    places = r.queue_places()
    pairs = [(q, s.result) for q, s in zip(places, r.seen) if None not in (q, s.result)]
    p50, last = percentile(res, 50), _last(r, res)
    return [
        p50,
        percentile(res, 95),
        last,
        p50 / last if p50 and last else None,
        kendall_tau([a for a, _ in pairs], [b for _, b in pairs]),
        r.log.starts_out_of_order("train", 4),
    ]


def _same_cells(r: Row, base: dict) -> list:
    res = r.times("result")
    last, one = _last(r, res), base.get(r.client)
    return [percentile(res, 50), last, last / one if last and one else None]


_P50, _P95, _LAST = Column("p50", 2, " s"), Column("p95", 2, " s"), Column("last", 2, " s")
#: Per scenario: the table's key, title, own columns, note and the job kind it counts.
_TABLES = {
    "open": (
        "class_open",
        "**open**: N sessions open the default link (`/`, Signals tab) at once on a fresh "
        "server; seconds until each has its page:",
        [_P50, _P95, _LAST],
        "jobs computed: `signals` jobs started (1: the page's one computation, shared).",
        "signals",
    ),
    "same": (
        "class_same",
        "**same**: N sessions press Train on the Training tab's default at once (4 runs × "
        "20 epochs on digits); seconds from the press until each has the results table:",
        [_P50, _LAST, ratio("last vs one session")],
        "jobs computed: `train` jobs started (4: computed once for everyone); the "
        "ratio is against the 1-session row of the same client.",
        "train",
    ),
    "distinct": (
        "class_distinct",
        "**distinct**: N sessions press Train at once, each with its own seed (N configs, "
        "4 N jobs, 2 workers); seconds from the press until each has its results:",
        [
            _P50,
            _P95,
            _LAST,
            Column("p50 / last", 2),
            Column("FIFO τ", 2),
            Column("starts out of order", 0),
        ],
        "FIFO τ: Kendall's tau between the sessions' places in the queue when the "
        "service took their requests (jobs started by then, from the log, plus the runs "
        "of others the page's progress bar said were ahead) and the order their results "
        "arrived (1: served in queue order). starts out of order: pairs of jobs the log "
        "shows starting against the order their requests arrived (the service numbers "
        "jobs as requests arrive; 0: first come, first served). jobs computed: `train` "
        "jobs started (4 N).",
        "train",
    ),
}


def tables(rows: list[Row]) -> list[Table]:
    """One table per scenario, a row per (sessions, client)."""
    by = {s: [r for r in rows if r.scenario == s] for s in SCENARIOS}
    base = {r.client: max(r.times("result"), default=None) for r in by["same"] if r.n == 1}
    cells = {
        "open": _open_cells,
        "same": lambda r: _same_cells(r, base),
        "distinct": _distinct_cells,
    }
    return [_table(*_TABLES[s], by[s], cells[s]) for s in SCENARIOS if by[s]]


def _s(t: float | None) -> str:
    return "never" if t is None else f"{t:.2f} s"


def details(rows: list[Row]) -> str:
    """What the tables do not show: each row's wall time, pages, problems, job order."""
    out = ["Details (not in the tables):"]
    for r in rows:
        charts = sorted({(s.charts, s.tables) for s in r.seen})
        started = {k: len(v) for k, v in r.log.started.items()}
        out.append(
            f"- {r.scenario}, {r.n} {r.client}: {r.seconds:.0f} s wall; (charts, tables) on "
            f"the pages: {charts}; jobs started {started}, ended {r.log.ended}"
        )
        if r.scenario == "distinct":
            order = sorted(range(len(r.seen)), key=lambda i: r.seen[i].result or math.inf)
            out.append(f"  results arrived for sessions (seeds) {order}")
            for i, (x, place) in enumerate(zip(r.seen, r.queue_places())):
                out.append(
                    f"  session {i}: request {_s(x.request)}, queue place {place} "
                    f"({x.request_text!r}), result {_s(x.result)}"
                )
            out.append(f"  train jobs in the order they started: {r.log.started.get('train', [])}")
        if r.processes > 3:  # more than the server and its 2 workers
            out.append(f"  processes under the server: {r.commands}")
        for when, kbs in r.rss_split.items():
            workers = " + ".join(f"{x / 1024:.0f}" for x in kbs[1:]) or "none"
            out.append(f"  RSS {when}: server {kbs[0] / 1024:.0f} MB, workers {workers} MB")
        if r.rss_linger_kb is not None:
            out.append(
                f"  tree RSS {r.linger_s:.0f} s after the sessions closed: "
                f"{r.rss_linger_kb / 1024:.0f} MB (5 s after: {r.rss_after_kb / 1024:.0f} MB, "
                f"before: {r.rss_before_kb / 1024:.0f} MB)"
            )
        fetched = [s.fetched for s in r.seen if s.fetched]
        if fetched:
            out.append(
                f"  frontend files fetched by each protocol session: "
                f"{statistics.median(fetched) / 2**20:.1f} MB as sent"
            )
        updates = [s.updates for s in r.seen if s.updates is not None]
        if updates:
            out.append(
                f"  progress-bar updates sent to each session: median "
                f"{statistics.median(updates):.0f}, {sum(updates)} in all"
            )
        kind = "signals" if r.scenario == "open" else "train"
        starts, ends = r.log.started_at.get(kind), r.log.ended_at.get(kind)
        if starts and ends:
            last = max(r.times("page" if r.scenario == "open" else "result"), default=None)
            out.append(
                f"  {kind} jobs: first started {min(starts) - r.start_wall:.2f} s, last ended "
                f"{max(ends) - r.start_wall:.2f} s after the start; last session served at "
                f"{_s(last)}"
            )
        problems = sorted({p for s in r.seen for p in s.problems} | set(r.log.problems))
        for p in problems[:10]:
            out.append(f"  problem: {p}")
    return "\n".join(out)


# --------------------------------------------------------------------------- main


def plan(sessions: Sequence[int], clients: str, chromium_max: int = 10) -> list[tuple[int, str]]:
    """The (sessions, client) rows of each scenario, in order."""
    out = []
    for n in sessions:
        if clients in ("chromium", "protocol"):
            out.append((n, clients))
        elif n > chromium_max:
            out.append((n, "protocol"))
        elif clients == "both":
            out += [(n, "chromium"), (n, "protocol")]
        else:  # auto
            out.append((n, "chromium"))
    if clients == "auto" and (1, "protocol") not in out and any(c == "protocol" for _, c in out):
        ones = [i for i, (n, _) in enumerate(out) if n == 1]
        out.insert(ones[-1] + 1 if ones else 0, (1, "protocol"))  # the protocol rows' baseline
    return out


async def record_assets(browser, assets: Assets) -> None:
    """Record the files of a first visit to the default link on a server of its own."""
    print("bench_class: recording a browser's first visit", file=sys.stderr, flush=True)
    with AppServer("bench_class_assets") as server:
        session = ChromiumClientSession(browser, server.url, "", assets)
        await session.open(time.perf_counter(), OPEN_TIMEOUT_S)
        await session.close()
    if not assets.recorded:
        raise RuntimeError(f"the page did not open: {session.seen.problems}")


async def run_all(args) -> list[Row]:
    """Every scenario's rows, with one Chromium for the rows that use it."""
    rows_plan = plan(args.sessions, args.clients, args.chromium_max)
    rows = []
    protocol = any(c == "protocol" for _, c in rows_plan)
    assets = Assets() if protocol and args.assets else None
    need_browser = any(c == "chromium" for _, c in rows_plan) or assets is not None

    async def go(browser) -> None:
        for scenario in args.scenarios:
            for n, client in rows_plan:
                if client == "protocol" and assets is not None and not assets.recorded:
                    await record_assets(browser, assets)
                print(f"bench_class: {scenario}, {n} × {client}", file=sys.stderr, flush=True)
                row = await run_row(scenario, n, client, browser, args.quick, args.linger, assets)
                print(f"  {row.seconds:.0f} s", file=sys.stderr, flush=True)
                rows.append(row)

    if need_browser:
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            try:
                await go(browser)
            finally:
                await browser.close()
    else:
        await go(None)
    return rows


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument(
        "--sessions",
        type=lambda s: [int(x) for x in s.split(",")],
        default=None,
        help="comma-separated session counts (default 1,10,30; --quick: 1,3)",
    )
    ap.add_argument(
        "--clients",
        choices=("auto", "chromium", "protocol", "both"),
        default="auto",
        help="how sessions are driven (default auto: Chromium up to 10, protocol above)",
    )
    ap.add_argument(
        "--scenarios",
        type=lambda s: s.split(","),
        default=list(SCENARIOS),
        help="comma-separated, of " + ", ".join(SCENARIOS),
    )
    ap.add_argument(
        "--chromium-max",
        type=int,
        default=None,
        help="most sessions driven by Chromium in auto/both (default 10; --quick: 1)",
    )
    ap.add_argument(
        "--no-assets",
        dest="assets",
        action="store_false",
        help="protocol sessions do not fetch the frontend's files (only the websocket)",
    )
    ap.add_argument(
        "--linger",
        type=float,
        default=0.0,
        help="also read the memory this many seconds after the sessions closed (e.g. 180: "
        "past Streamlit's 2-minute keep for reconnecting sessions and the job service's)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="a short smoke run: 1 and 3 sessions, Chromium for 1 only",
    )
    ap.add_argument(
        "--warm",
        action="store_true",
        help="let the server warm its lesson, defaults and presets when it starts (by default "
        "it does not: a cold class, so every job counted is the class's own)",
    )
    args = ap.parse_args()
    if not args.warm:
        os.environ["EXPLORER_WARM"] = "0"  # the servers inherit it
    if args.sessions is None:
        args.sessions = [1, 3] if args.quick else [1, 10, 30]
    if args.chromium_max is None:
        args.chromium_max = 1 if args.quick else 10
    bad = [s for s in args.scenarios if s not in SCENARIOS]
    if bad:
        ap.error(f"unknown scenarios {bad}")
    t0 = time.perf_counter()
    rows = asyncio.run(run_all(args))
    emit(tables(rows), args.json)
    print(details(rows))
    print(f"\nTotal {time.perf_counter() - t0:.0f} s.")


if __name__ == "__main__":
    main()
