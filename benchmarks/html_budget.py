"""Hostile HTML pages: reading them as before (trafilatura on the raw bytes, as
`kg.ingest.markup` did) against reading them now (`read_paths`: bytes checked, page bounded
by `kg.ingest.htmlsource`), each in a fresh process, in the same run.

Pages: 9.8 MB of one shape each (links, a table, nested divs, paragraphs; the size of the page
that took 66 s and 535 MB), a gzip body named .html (17.7 MB inflated), and pages just inside
the budget (19,990 elements; the worst a page can cost now). Peak memory is the child's whole
process (Python, lxml, trafilatura and the page).
Target (issue 22): a 9.8 MB page must not take 66 s and 535 MB; a compressed body is never
inflated. Prints seconds (wall and CPU) and peak resident MB per page, and the ratios.

Measured when written (2 shared cores, CPU seconds / peak MB, before -> now): links 9.8 MB
132.6 / 1188 -> 0.16 / 45; table 39.2 / 1340 -> 0.14 / 43; divs 19.6 / 436 -> 0.13 / 45;
paragraphs 7.5 / 322 -> 0.12 / 46; gzip named .html 82.3 / 461 -> 0.10 / 19; at the budget
(parsed in full now, as before) links 2.6 / 85 -> 2.7 / 93, paragraphs 1.7 / 86 -> 1.8 / 88.

Usage: python benchmarks/html_budget.py [SHAPE ...]   (default: every page)
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SENTENCE = (
    "General Motors will buy battery cells from LG Energy Solution under a new supply deal, "
    "the companies said on Monday. "
)
SIZE = 9_800_000


def _page(body: str) -> bytes:
    return (
        "<html><head><title>GM buys cells</title></head><body>" + body + "</body></html>"
    ).encode()


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def pages() -> dict[str, bytes]:
    s = SENTENCE
    out = {
        "links 9.8 MB": _page("<p>" + _repeat('<a href="/x">link text</a> ', SIZE) + "</p>"),
        "table 9.8 MB": _page("<table>" + _repeat("<tr><td>1</td><td>cell</td></tr>", SIZE)),
        "divs 9.8 MB": _page(_repeat(f"<div><span>{s[:40]}</span></div>", SIZE)),
        "paragraphs 9.8 MB": _page(_repeat(f"<p>{s}</p>", SIZE)),
    }
    inflated = _page("<article>" + _repeat(f"<p>{s}</p>", 17_700_000) + "</article>")
    out["gzip named .html"] = gzip.compress(inflated)
    k = 19_990
    out["links at the budget"] = _page(
        "<div>" + "".join(f'<p><a href="/x{i}">link {i}</a> {s[:50]}</p>' for i in range(k // 2))
    )
    out["paragraphs at the budget"] = _page("".join(f"<p>{s[:60]}</p>" for _ in range(k)))
    return out


# Run in a child: one page, one way; prints {"seconds", "cpu", "mb", "result"}.
CHILD = """
import json, resource, sys, time
path, way = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if way == "before":
    import trafilatura
    doc = trafilatura.bare_extraction(open(path, "rb").read(), with_metadata=True,
        include_comments=False, include_images=False, include_links=False)
    result = "no text" if doc is None or not doc.text else f"{len(doc.text):,} characters of text"
else:
    from kg.ingest import read_paths
    (item,) = read_paths([path])
    result = getattr(item, "reason", None) or f"article of {len(item.text):,} characters"
usage = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM, not ru_maxrss: the latter keeps the parent's peak across exec.
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
                  "mb": hwm / 1024, "result": result}))
"""


def measure(path: Path, way: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), way],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=3600,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(names: list[str]) -> None:
    chosen = {k: v for k, v in pages().items() if not names or any(n in k for n in names)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in chosen.items():
            path = Path(tmp) / "page.html"
            path.write_bytes(data)
            before, now = measure(path, "before"), measure(path, "now")
            print(f"{name} ({len(data) / 1e6:.1f} MB on disk)")
            for label, m in (("before", before), ("now", now)):
                print(
                    f"  {label:6}  {m['seconds']:6.2f} s wall  {m['cpu']:6.2f} s CPU  "
                    f"{m['mb']:6.0f} MB peak   {m['result']}"
                )
            print(
                f"  ratio now/before: {now['cpu'] / before['cpu']:.3f} CPU, "
                f"{now['mb'] / before['mb']:.2f} memory",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
