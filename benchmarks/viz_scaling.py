"""Graph page vs pyvis's default page on the same Barabási–Albert graphs, in one run.

Targets (issue 5): our page usable >= 10x sooner than pyvis's default for 2,000 nodes, and a
10,000-node page usable in under 30 s, in headless Chromium on this machine.

For each size: one graph (networkx.barabasi_albert_graph(n, 2, seed=1), labels "node i");
- ours:  `kg.viz.render` (layout precomputed in Python, physics off); timed from the start of
  navigation to the page's own "drawn" flag (`window.kgReady`, set on vis-network's first
  `afterDrawing` after `fit`), plus the Python render time (layout + HTML) for the record;
- pyvis: `pyvis.network.Network(directed=True)` with its default physics, `from_nx`, then
  `write_html`. Its default `cdn_resources="local"` fetches vis-network from cdnjs, which an
  offline browser cannot load, so the baseline uses "in_line" (vis-network inlined; otherwise
  pyvis's default page, including its bootstrap CDN links, which are aborted at once).
  Timed from the start of navigation to vis-network's `stabilizationIterationsDone` (pyvis's
  loading bar ends there: the first stable drawing) and, as far as the timeout allows, to
  `stabilized`.
Times are in-page `performance.now()` (ms since navigation start); "> T" means not reached
within the timeout.

Usage: python benchmarks/viz_scaling.py [N ...] [--timeout SECONDS] [--skip-pyvis]
       (default sizes 2000 10000, timeout 300 s per pyvis page)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.browser import chromium

from kg.viz import render

# Hooks pyvis's global `var network` before its script runs, so no event can be missed.
PYVIS_HOOK = """
(() => {
  let net;
  window.__t = {};
  Object.defineProperty(window, "network", {
    configurable: true,
    get() { return net; },
    set(v) {
      net = v;
      if (v && v.once) {
        v.once("stabilizationIterationsDone",
               () => { window.__t.iterationsDone = performance.now(); });
        v.once("stabilized", () => { window.__t.stabilized = performance.now(); });
        v.once("afterDrawing", () => { window.__t.firstDraw = performance.now(); });
      }
    },
  });
})();
"""


def make_graph(n: int) -> nx.Graph:
    g = nx.barabasi_albert_graph(n, 2, seed=1)
    nx.set_node_attributes(g, {v: f"node {v}" for v in g}, "label")
    return g


def _new_page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
    )
    return page


def time_ours(browser, path: Path, timeout_s: float) -> float | None:
    page = _new_page(browser)
    try:
        page.goto(path.as_uri(), timeout=timeout_s * 1000)
        page.wait_for_function("window.kgReady === true", timeout=timeout_s * 1000)
        return page.evaluate("window.kgReadyAt") / 1000
    except Exception:
        return None
    finally:
        page.close()


def time_pyvis(browser, path: Path, timeout_s: float) -> dict[str, float | None]:
    page = _new_page(browser)
    page.add_init_script(PYVIS_HOOK)
    out: dict[str, float | None] = {"iterationsDone": None, "stabilized": None}
    started = time.perf_counter()
    try:
        page.goto(path.as_uri(), timeout=timeout_s * 1000, wait_until="commit")
        page.wait_for_function(
            "window.__t && window.__t.iterationsDone !== undefined",
            timeout=timeout_s * 1000,
            polling=500,
        )
        out["iterationsDone"] = page.evaluate("window.__t.iterationsDone") / 1000
        left = timeout_s - (time.perf_counter() - started)
        if left > 1:
            page.wait_for_function(
                "window.__t.stabilized !== undefined", timeout=left * 1000, polling=500
            )
            out["stabilized"] = page.evaluate("window.__t.stabilized") / 1000
    except Exception:
        pass
    finally:
        page.close()
    return out


def fmt(t: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} s" if t is None else f"{t:8.2f} s"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[2000, 10000])
    ap.add_argument("--timeout", type=float, default=300.0, help="per pyvis page (s)")
    ap.add_argument("--skip-pyvis", action="store_true")
    args = ap.parse_args(argv)
    from pyvis.network import Network

    rows = []
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for n in args.sizes:
            g = make_graph(n)
            ours = Path(tmp) / f"ours-{n}.html"
            t0 = time.perf_counter()
            info = render(g, ours, max_nodes=max(n, 5000), title=f"BA {n}")
            t_render = time.perf_counter() - t0
            t_ours = time_ours(browser, ours, 120.0)
            print(
                f"n={n}: ours rendered in {t_render:.2f} s ({info}); page drawn in "
                f"{fmt(t_ours, 120)}",
                flush=True,
            )
            base: dict[str, float | None] = {"iterationsDone": None, "stabilized": None}
            if not args.skip_pyvis:
                net = Network(directed=True, cdn_resources="in_line")
                net.from_nx(g)
                theirs = Path(tmp) / f"pyvis-{n}.html"
                net.write_html(str(theirs))
                base = time_pyvis(browser, theirs, args.timeout)
                print(
                    f"n={n}: pyvis default stabilizationIterationsDone "
                    f"{fmt(base['iterationsDone'], args.timeout)}, stabilized "
                    f"{fmt(base['stabilized'], args.timeout)}",
                    flush=True,
                )
            rows.append((n, t_render, t_ours, base))

    print()
    print(
        f"{'nodes':>7} {'ours: render':>13} {'ours: drawn':>12} {'pyvis: stable':>14} {'ratio':>9}"
    )
    for n, t_render, t_ours, base in rows:
        b = base["iterationsDone"]
        if args.skip_pyvis:
            ratio = "-"
        elif t_ours is None:
            ratio = "n/a"
        elif b is None:
            ratio = f"> {args.timeout / t_ours:.0f}x"
        else:
            ratio = f"{b / t_ours:.1f}x"
        print(
            f"{n:>7} {t_render:>11.2f} s {fmt(t_ours, 120):>12} "
            f"{'-' if args.skip_pyvis else fmt(b, args.timeout):>14} {ratio:>9}"
        )
    print(
        "ratio = pyvis time to first stable drawing / our time to drawn page "
        "(both from navigation start, same browser, same run)"
    )


if __name__ == "__main__":
    main()
