"""Real headless Chromium for page tests (Debian's /usr/bin/chromium driven by Playwright).

Plain helpers, no fixtures: test modules (and benchmarks) build their own fixtures on top, and
the lead's conftest stays untouched. Skips loudly when Chromium is missing, because installing
it needs root (`make chromium`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def require_chromium() -> None:
    import pytest

    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian chromium is not installed ({CHROMIUM}); run `make chromium` as root")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A launched Playwright Browser, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: every request URL, uncaught errors, console errors, dialogs."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def remote_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]


def open_page(
    browser: Any,
    path: str | Path,
    *,
    width: int = 1400,
    height: int = 900,
    wait_ready: bool = True,
    timeout_ms: int = 60_000,
    init_script: str | None = None,
) -> tuple[Any, PageLog]:
    """Open a graph page from file:// and wait until it has drawn (window.kgReady).

    Every request is recorded and any non-local one is aborted, so a page that tries to
    reach the network fails the "no requests" assertion instead of hanging on DNS.
    `init_script` runs before any script of the page (an instrument, say)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    if init_script is not None:
        page.add_init_script(init_script)
    log = PageLog()

    def on_route(route: Any) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", on_route)
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)

    def on_dialog(d: Any) -> None:
        log.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(Path(path).resolve().as_uri())
    if wait_ready:
        page.wait_for_function("window.kgReady === true", timeout=timeout_ms)
    return page, log


def edge_midpoint(page: Any, edge_id: Any) -> tuple[float, float]:
    """Viewport coordinates of the middle of a drawn edge (straight or curved)."""
    return _viewport(page, "window.network.body.edges[id].edgeType.getPoint(0.5)", edge_id)


def node_position(page: Any, node_id: Any) -> tuple[float, float]:
    return _viewport(page, "window.network.getPositions([id])[id]", node_id)


def _viewport(page: Any, point: str, item_id: Any) -> tuple[float, float]:
    """Viewport coordinates of `point`, a canvas point computed in the page from `id`."""
    xy = page.evaluate(
        f"""(id) => {{
            const d = window.network.canvasToDOM({point});
            const r = window.network.canvas.frame.canvas.getBoundingClientRect();
            return [d.x + r.left, d.y + r.top];
        }}""",
        item_id,
    )
    return float(xy[0]), float(xy[1])
