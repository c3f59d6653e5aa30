"""Time the Map tab: the default map's recompute, its theory overlay, and a cached rerun.

Run: ``python benchmarks/bench_map.py [--repeats N] [--json PATH]``. Every figure is also a
ratio against a reference timed in the same run (one BLAS thread and glibc's mmap threshold,
as the app's server runs):

- **reference**: the bare ``Network.trace`` calls the map makes (40 networks of 50 × 256
  tanh units, float32, batch 32, on one batch), and, beside it, a plain NumPy forward and
  backward GEMM chain doing the same arithmetic (``benchmarks/bench_trace.py``'s
  ``bare_chain`` with tanh), which keeps nothing;
- *compute_map*: the whole job (draw once, scale, trace, reduce, theory), target ≤ 2 s;
- *theory overlay* (:func:`explorer.services.maps.map_theory`, quadrature only), target
  ≤ 100 ms;
- *chart*: frames, spec and the page's Arrow conversion, built once per map and language;
- *app rerun, cached*: ``?tab=map`` rerun through AppTest with the map finished (the store
  holds it, the chart is cached), target ≤ 50 ms; its reference is the same rerun of the
  Signals tab.

The machine's load is printed: on a shared host compare ratios and CPU times.
"""

from __future__ import annotations

import os

import numpy as np
from benchlib import ROOT, Column, Table, as_app_runs, emit, parser, timed

from explorer.analysis.charts import edge_map_chart
from explorer.analysis.map_frames import map_frames
from explorer.data.datasets import load_dataset
from explorer.engine.network import Network
from explorer.services.maps import MapConfig, compute_map, map_theory


def bare_numpy_chain(X, y, Ws):
    """Forward and backward of a tanh MLP with softmax cross-entropy, nothing kept."""
    n = X.shape[0]
    acts, a = [X], X
    for W in Ws[:-1]:
        a = np.tanh(a @ W)
        acts.append(a)
    z = a @ Ws[-1]
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    dz = p
    dz[np.arange(n), y] -= 1
    dz /= n
    for i in range(len(Ws) - 1, -1, -1):
        acts[i].T @ dz
        if i:
            dz = (dz @ Ws[i].T) * (1 - acts[i] * acts[i])


def compute_rows(cfg: MapConfig, repeats: int) -> list[tuple[str, dict, str]]:
    ds = load_dataset("gaussian", n=cfg.batch, d=cfg.width, seed=cfg.seed)
    X, y = ds.X.astype(cfg.dtype), ds.y
    base = Network.create(cfg.sizes, cfg.activation, "lecun_normal", cfg.seed, dtype=cfg.dtype)
    nets = []
    for s in cfg.sigmas[:: max(1, cfg.n_sigma // 8)]:  # 8 scales, each traced n_sigma/8 times
        ws = [(w * np.float32(s)).astype(cfg.dtype) for w in base.weights]
        nets.append(Network(ws, base.biases, cfg.activation))
    per = cfg.n_sigma // len(nets)

    def traces():  # the engine's part of the map: n_sigma traces of the same network shape
        for net in nets:
            for _ in range(per):
                net.trace(X, y)

    def numpy_chain():
        for net in nets:
            for _ in range(per):
                bare_numpy_chain(X, y, net.weights)

    res = compute_map(cfg)

    def chart():
        from explorer.ui.draw import prepare_chart

        frames = map_frames(res, "gradient", None)
        return prepare_chart(edge_map_chart(frames, title="map"), "en")

    reps = max(3, repeats // 3)
    return [
        ("reference: bare `Network.trace` × 40", timed(traces, reps), "—"),
        ("reference: plain NumPy chain × 40 (keeps nothing)", timed(numpy_chain, reps), "—"),
        ("**compute_map** (the job)", timed(lambda: compute_map(cfg), reps), "≤ 2000 ms"),
        ("theory overlay (`map_theory`)", timed(lambda: map_theory(cfg), repeats), "≤ 100 ms"),
        ("chart (frames + spec + Arrow)", timed(chart, reps), "once per map"),
    ]


def app_rows(repeats: int) -> list[tuple[str, dict, str]]:
    from streamlit.testing.v1 import AppTest

    # no warming (explorer/ui/stores.py): its background training jobs would share the CPU
    # with the reruns timed here, and their workers outlive the timings
    os.environ["EXPLORER_WARM"] = "0"
    out = []
    for tab, name, target in (
        ("signals", "reference: app rerun, Signals tab, cached", "—"),
        ("map", "**app rerun, Map tab, cached**", "≤ 50 ms"),
    ):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["tab"] = tab
        at.run()
        assert not at.exception, at.exception
        out.append((name, timed(at.run, repeats), target))
    return out


def main() -> None:
    args = parser(__doc__, repeats=9).parse_args()
    as_app_runs()
    cfg = MapConfig()
    rows = compute_rows(cfg, args.repeats)
    ref, ref_cpu = rows[0][1]["wall_best"], rows[0][1]["cpu_best"]
    apps = app_rows(args.repeats)
    app_ref, app_cpu = apps[0][1]["wall_median"], apps[0][1]["cpu_best"]
    table = Table(
        "map",
        f"The Map tab, default map ({cfg.n_sigma} σ_w × {cfg.depth} layers × width "
        f"{cfg.width}, {cfg.activation}, batch {cfg.batch}, {cfg.dtype}); ratios against the "
        "first row (compute) or the Signals tab's cached rerun (app), timed in the same run:",
        [
            Column("what"),
            Column("wall best", 1, " ms"),
            Column("wall median", 1, " ms"),
            Column("CPU best", 1, " ms"),
            Column("ratio (wall best)", 2, "×"),
            Column("ratio (CPU best)", 2, "×"),
            Column("target"),
        ],
    )
    for name, t, target in rows:
        w, c = t["wall_best"] / ref, t["cpu_best"] / ref_cpu
        table.add(name, t["wall_best"], t["wall_median"], t["cpu_best"], w, c, target)
    for name, t, target in apps:
        w, c = t["wall_median"] / app_ref, t["cpu_best"] / app_cpu
        table.add(name, t["wall_best"], t["wall_median"], t["cpu_best"], w, c, target)
    table.note = (
        "App reruns: the wall ratio is of medians (a rerun is short and noisy). On a loaded "
        "host compare the CPU columns. The map is computed once per server and configuration; "
        "sessions asking for it again get the stored one."
    )
    emit([table], args.json)


if __name__ == "__main__":
    main()
