"""The human pages around the endpoint: landing page, query editor, examples, ontology, graph.

Their HTML is built by `kg.serve.pages`; here is what they need from the running server. The
graph page is drawn once per generation by `kg.serve.render` in a child process, within the
server's time, memory and size budget; a page that could not be drawn is not tried again for
that generation (each try would cost the same again).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
)

from kg.errors import GraphPageUnavailable, KGError
from kg.paths import ontology_file
from kg.serve import pages
from kg.serve.generations import Generation
from kg.serve.handlers import error_response, guard_call
from kg.serve.request import query_param

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
}
INLINE_QUERY_STRING = 8192  # longer query strings are read in a guard process


async def landing(request: Request) -> Response:
    state = request.app.state
    gen: Generation = state.generation
    stats = gen.stats if gen.stats is not None else "counting…"
    served = {
        "generation": gen.number,
        "taken": gen.label(),
        "switches": list(state.switches),
        "isolation": gen.pool.isolation,
        "isolation_failed": gen.pool.isolation_failed,
        "read_write": state.read_write,
    }
    return HTMLResponse(
        pages.landing(stats, pages.examples(), state.cfg, served), headers=PAGE_HEADERS
    )


async def query_page(request: Request) -> Response:
    raw = request.scope.get("query_string", b"")
    if len(raw) <= INLINE_QUERY_STRING:
        query = query_param(raw)
    else:
        try:
            reply = await guard_call(request, {"op": "query_param", "query_string": raw})
        except KGError as exc:
            return error_response(exc)
        query = reply.get("query", "")
    return HTMLResponse(pages.query_editor(query, pages.examples()), headers=PAGE_HEADERS)


async def examples_json(request: Request) -> Response:
    return JSONResponse([e.__dict__ for e in pages.examples()])


async def ontology(request: Request) -> Response:
    path = ontology_file()
    if not path.is_file():
        return PlainTextResponse("no ontology file\n", status_code=404)
    return FileResponse(path, media_type="text/turtle; charset=utf-8")


async def graph_page(request: Request) -> Response:
    state = request.app.state
    gen: Generation = state.generation
    directory: Path = state.graph_dir / f"gen-{gen.number}"
    name = request.path_params["file"] or "index.html"
    if "\x00" in name or len(name) > 255:
        return PlainTextResponse("not found\n", status_code=404)
    try:
        async with state.graph_lock:
            if gen.graph_error is not None:
                raise gen.graph_error
            if not gen.graph_ready:
                directory.mkdir(parents=True, exist_ok=True)
                try:
                    await _render(request, gen, directory)
                except KGError as exc:
                    gen.graph_error = exc
                    raise
                gen.graph_ready = True
    except KGError as exc:
        return error_response(exc)
    target = (directory / name).resolve()
    if not target.is_relative_to(directory.resolve()) or not target.is_file():
        return PlainTextResponse("not found\n", status_code=404)
    return FileResponse(target)


async def _render(request: Request, gen: Generation, directory: Path) -> None:
    """`kg.serve.render` in a child process, killed past the time budget."""
    from kg.serve.pool import _worker_env

    cfg = request.app.state.cfg
    max_quads = cfg.graph_max_quads
    if isinstance(gen.stats, dict) and max_quads and gen.stats.get("quads", 0) > max_quads:
        # Known already: say so without starting anything.
        raise GraphPageUnavailable(
            f"the graph page is unavailable: the store holds {gen.stats['quads']:,} quads, "
            f"more than the page draws ({max_quads:,}); draw a part of it with "
            "`kg viz --focus NAME`"
        )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kg.serve.render",
        gen.path,
        str(directory),
        str(cfg.worker_memory),
        str(max_quads),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=_worker_env(),
    )
    try:
        _, err = await asyncio.wait_for(proc.communicate(), cfg.graph_timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()
        raise GraphPageUnavailable(
            f"the graph page is unavailable: it took longer than {cfg.graph_timeout:g} s to "
            "draw; draw a part of it with `kg viz --focus NAME`"
        ) from None
    if proc.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        if proc.returncode and proc.returncode < 0:
            reason = f"it needed more than {cfg.worker_memory} MB"
        else:
            reason = lines[-1] if lines else "rendering failed"
        if not reason.startswith("the graph page"):
            reason = f"the graph page is unavailable: {reason}"
        raise GraphPageUnavailable(reason)
