"""What the graph page really drew: every canvas text call, read back in real Chromium.

`INSTRUMENT` runs before any page script (Playwright's init script) and wraps
`CanvasRenderingContext2D.fillText` / `strokeText` on the prototype, so it sees the text that
vis-network and the page's own code draw, whoever draws it. Each call is recorded with its
on-screen font size (font size x the context's current transform) and its box in viewport
pixels. A frame starts where the graph canvas is cleared. Nothing here asks the page what it
thinks it drew.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

INSTRUMENT = r"""
(() => {
  const P = CanvasRenderingContext2D.prototype;
  const fill = P.fillText, stroke = P.strokeText, clear = P.clearRect, measure = P.measureText;
  const rec = { frame: 0, texts: [] };
  Object.defineProperty(window, "__drawn", { value: rec });
  const onGraph = (ctx) => ctx.canvas && ctx.canvas.isConnected && ctx.canvas.closest &&
    ctx.canvas.closest("#graph") !== null;
  P.clearRect = function (x, y, w, h) {
    if (onGraph(this) && x === 0 && y === 0) { rec.frame += 1; rec.texts = []; }
    return clear.apply(this, arguments);
  };
  function note(ctx, kind, text, x, y) {
    if (!onGraph(ctx)) { return; }
    const t = ctx.getTransform(), dpr = window.devicePixelRatio || 1;
    const m = /([\d.]+)px/.exec(ctx.font);
    const size = m ? parseFloat(m[1]) : NaN;
    const mt = measure.call(ctx, String(text));
    const left = x - mt.actualBoundingBoxLeft, right = x + mt.actualBoundingBoxRight;
    const top = y - mt.fontBoundingBoxAscent, bottom = y + mt.fontBoundingBoxDescent;
    const r = ctx.canvas.getBoundingClientRect();
    const pts = [[left, top], [right, top], [left, bottom], [right, bottom]].map(([u, v]) =>
      [(t.a * u + t.c * v + t.e) / dpr + r.left, (t.b * u + t.d * v + t.f) / dpr + r.top]);
    const xs = pts.map(p => p[0]), ys = pts.map(p => p[1]);
    rec.texts.push({
      kind, text: String(text),
      px: size * Math.sqrt(Math.abs(t.a * t.d - t.b * t.c)) / dpr,
      box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], corners: pts,
      style: String(kind === "fill" ? ctx.fillStyle : ctx.strokeStyle), alpha: ctx.globalAlpha,
    });
  }
  P.fillText = function (text, x, y) {
    note(this, "fill", text, x, y);
    return fill.apply(this, arguments);
  };
  P.strokeText = function (text, x, y) {
    note(this, "stroke", text, x, y);
    return stroke.apply(this, arguments);
  };
})();
"""

# The frame the page shows now: a synchronous vis-network redraw, then the calls it made.
FRAME = """() => { window.network.redraw();
  const c = document.querySelector("#graph canvas").getBoundingClientRect();
  return {canvas: [c.left, c.top, c.right, c.bottom], texts: window.__drawn.texts}; }"""


@dataclass(frozen=True)
class Text:
    kind: str  # "fill" or "stroke" (a halo)
    text: str
    px: float  # font size on screen, CSS pixels
    box: tuple[float, float, float, float]  # left, top, right, bottom in the viewport
    visible: bool
    corners: tuple[tuple[float, float], ...]  # the text's own (maybe rotated) rectangle


@dataclass(frozen=True)
class Frame:
    canvas: tuple[float, float, float, float]
    texts: list[Text]

    def inside(self, t: Text, slack: float = 2.0) -> bool:
        c = self.canvas
        return (
            t.box[0] >= c[0] - slack
            and t.box[1] >= c[1] - slack
            and t.box[2] <= c[2] + slack
            and t.box[3] <= c[3] + slack
        )


def _transparent(style: str, alpha: float) -> bool:
    if alpha <= 0.01:
        return True
    m = re.match(r"rgba\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*,\s*([\d.]+)\s*\)", style)
    return bool(m) and float(m.group(1)) <= 0.01


def install(page: Any) -> None:
    """Before `page.goto`: record every text the page draws on its graph canvas."""
    page.add_init_script(INSTRUMENT)


def frame(page: Any) -> Frame:
    raw = page.evaluate(FRAME)
    texts = [
        Text(
            t["kind"],
            t["text"],
            float(t["px"]),
            tuple(float(v) for v in t["box"]),
            not _transparent(t["style"], float(t["alpha"])),
            tuple((float(x), float(y)) for x, y in t["corners"]),
        )
        for t in raw["texts"]
    ]
    return Frame(tuple(float(v) for v in raw["canvas"]), texts)


def overlaps(a: Text, b: Text, tol: float = 1.0) -> bool:
    """Texts whose rectangles (rotated ones too) share more than `tol` pixels on every
    separating axis: the one test that says two drawn texts run over each other."""
    box_a, box_b = a.box, b.box
    if min(box_a[2], box_b[2]) - max(box_a[0], box_b[0]) <= tol:
        return False
    if min(box_a[3], box_b[3]) - max(box_a[1], box_b[1]) <= tol:
        return False
    for poly in (a.corners, b.corners):
        # corners come as top-left, top-right, bottom-left, bottom-right: two edge directions
        for (x0, y0), (x1, y1) in ((poly[0], poly[1]), (poly[0], poly[2])):
            length = math.hypot(x1 - x0, y1 - y0)
            if length < 1e-9:
                continue
            ax, ay = (x1 - x0) / length, (y1 - y0) / length
            pa = [x * ax + y * ay for x, y in a.corners]
            pb = [x * ax + y * ay for x, y in b.corners]
            if min(max(pa), max(pb)) - max(min(pa), min(pb)) <= tol:
                return False
    return True


def is_name(text: str, names: set[str]) -> bool:
    """A node's name, whole or cut short with an ellipsis."""
    if text in names:
        return True
    return text.endswith("…") and any(n.startswith(text[:-1]) for n in names)


@dataclass(frozen=True)
class Readability:
    """Counted per draw call: each drawn name is one node's label."""

    names: int  # visible name draws
    readable: int  # ... at >= 10 px, inside the canvas
    small: int  # ... below 10 px
    any_small: int  # any text call (fill or halo, name or not) below 10 px
    overlapping: int  # readable names whose box meets the box of any other visible text

    @property
    def overlap_share(self) -> float:
        return self.overlapping / self.readable if self.readable else 0.0


def readability(f: Frame, names: set[str], min_px: float = 10.0) -> Readability:
    fills = [t for t in f.texts if t.kind == "fill" and t.visible]
    name_fills = [t for t in fills if is_name(t.text, names)]
    readable = [t for t in name_fills if t.px >= min_px and f.inside(t)]
    overlapping = sum(1 for t in readable if any(o is not t and overlaps(t, o) for o in fills))
    return Readability(
        names=len(name_fills),
        readable=len(readable),
        small=sum(1 for t in name_fills if t.px < min_px),
        any_small=sum(1 for t in f.texts if t.px < min_px),
        overlapping=overlapping,
    )
