"""The graph page, drawn in a child process within a time and size budget.

Drawing a whole store is CPU work in proportion to its size (a 1.2 M-quad store took 43 s and
1.35 GB), so it never runs in the server: `python -m kg.serve.render STORE DIR MEMORY_MB MAX_QUADS`
refuses a store of more than MAX_QUADS quads before reading it, caps its own data segment at
MEMORY_MB, and the server kills it past its time limit. It exits with the error's exit code
from `kg.errors.outcome` and says the error in one line on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.errors import GraphPageUnavailable, VizError, outcome


def render_graph(store_path: str, directory: Path, *, max_quads: int = 0) -> None:
    """The `kg viz` page for the whole store, written once as directory/index.html."""
    try:
        from kg import viz
    except ImportError as exc:
        raise VizError(f"the graph page is unavailable: {exc}") from exc
    from kg.store import Store

    # Read-only opens coexist with the workers'; the store is released when `store` goes.
    store = Store(store_path, read_only=True)
    if max_quads and (n := len(store)) > max_quads:
        raise GraphPageUnavailable(
            f"the graph page is unavailable: the store holds {n:,} quads, more than the page "
            f"draws ({max_quads:,}); draw a part of it with `kg viz --focus NAME`"
        )
    viz.render(viz.graph_from_store(store), directory / "index.html")


def main(argv: list[str]) -> int:
    from kg.serve.isolation import limit_memory

    store_path, directory, memory, max_quads = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    limit_memory(memory)
    try:
        render_graph(store_path, directory, max_quads=max_quads)
    except BaseException as exc:
        result = outcome(
            GraphPageUnavailable(f"the graph page is unavailable: it needed more than {memory} MB")
            if isinstance(exc, MemoryError)
            else exc
        )
        print(result.message, file=sys.stderr)
        return result.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
