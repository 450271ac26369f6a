"""A thin, typed wrapper over a persistent pyoxigraph Store.

Why a wrapper: the build needs article-level operations (replace one article's named graph
atomically, find the graph an input slot had before) and every reader needs the same
"union of all graphs by default" query semantics; both belong in one place.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.mint import is_graph
from kg.rdf.terms import PREFIXES

DEFAULT_STORE = os.environ.get("KG_STORE", ".kg/store")


def default_store() -> str:
    """`$KG_STORE` read when a store is opened, not when this module was imported."""
    return os.environ.get("KG_STORE", ".kg/store")


FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
    # RDF 1.2 (RDF-star): statements as reifiers of triple terms (`kg.rdf.star`); read back into
    # the store's reification by `load`, whatever the suffix.
    "turtle12": ox.RdfFormat.TURTLE,
    "trig12": ox.RdfFormat.TRIG,
}
RDF12_FORMATS = ("turtle12", "trig12")


def rdf_format(name_or_path: str | Path, *, explicit: str | None = None) -> ox.RdfFormat:
    """Resolve a format name ("turtle") or guess it from a file suffix (".nq")."""
    key = (explicit or Path(str(name_or_path)).suffix.lstrip(".") or str(name_or_path)).lower()
    try:
        return FORMATS[key]
    except KeyError:
        known = ", ".join(sorted({"turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml"}))
        raise StoreError(
            f"unknown RDF format {key!r} (known: {known})", path=str(name_or_path)
        ) from None


def no_store_message(path: Path) -> str:
    """ "no store here", naming the stores that do exist nearby (`make demo` builds out/store,
    `kg build` without --store .kg/store), so the reader knows which --store to pass."""
    found = [str(c) for c in nearby_stores() if c.resolve() != path.resolve()]
    if not found:
        return "no store here (run `kg build` first)"
    return (
        f"no store here; found {' and '.join(found[:3])}: pass --store {found[0]} "
        f"or set KG_STORE={found[0]}"
    )


def nearby_stores(root: Path | None = None) -> list[Path]:
    """Oxigraph stores (RocksDB directories: a CURRENT file) at .kg/store, $KG_STORE, or one or
    two levels below the working directory (out/store)."""
    root = root or Path()
    cands = [Path(".kg/store"), Path(os.environ.get("KG_STORE") or ".kg/store")]
    cands += sorted(root.glob("*/store")) + sorted(root.glob("*/*/store"))
    out: list[Path] = []
    for c in cands:
        if (c / "CURRENT").is_file() and c not in out:
            out.append(c)
    return out


def trim_heap() -> None:
    """Give the heap's free memory back to the system (glibc's `malloc_trim`; elsewhere
    nothing). RocksDB's bulk loads and merges allocate and free hundreds of MB each, and glibc
    keeps what they free: measured, a process that bulk-loaded 1 million quads held 331 MB, 50 MB
    after a trim, and a build's resident memory grew with every batch it loaded."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        import ctypes
        import ctypes.util

        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _MALLOC_TRIM = getattr(libc, "malloc_trim", False)
        except OSError:
            _MALLOC_TRIM = False
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM: Any = None


class Store:
    """An Oxigraph store on disk (`path`) or in memory (`path=None`)."""

    # New article graphs are written in batches of about this many quads: one transaction per
    # article costs more than the build's whole RDF stage, and the last batch is written after
    # the last article is parsed, where the build waits for it.
    BATCH_QUADS = 5_000
    # RocksDB keeps every write in per-index memtables until they fill (Oxigraph has about ten
    # indexes), so a long build's resident memory grew with the data written (1.8 GB at 10,000
    # articles). Flushing them to disk every this many quads keeps it flat.
    FLUSH_QUADS = 50_000

    def __init__(self, path: str | Path | None = DEFAULT_STORE, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self._pending: list[ox.Quad] = []
        self._pending_graphs: set[str] = set()
        self._unflushed = 0
        self._released = False  # no handle: another process has the store (`released`)
        try:
            if self.path is None:
                self._ox = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(no_store_message(self.path), path=str(self.path))
                self._ox = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(self.path))
        except OSError as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"cannot open store: {first}", path=str(self.path)) from exc

    # -- articles ---------------------------------------------------------------------------
    def article_graphs(self, base: str) -> dict[str, str]:
        """article id -> origin (input path[:line] or URL) for every article in the store, read
        from the maintained index (`kg.store.index`)."""
        from kg.store import index

        return index.articles(self, base)

    def change(
        self,
        *,
        drop: Iterable[str] = (),
        remove: Iterable[ox.Quad] = (),
        add: Iterable[ox.Quad] = (),
    ) -> None:
        """Drop graphs, remove and add quads, all in one transaction (a kill -9 leaves all of
        it or none)."""
        from kg.store.protocol import update_text

        drop, remove, add = list(drop), list(remove), list(add)
        self._write_pending()
        try:
            if not drop and not remove:
                if add:
                    self._ox.extend(add)
            elif drop or remove or add:
                self._ox.update(update_text(drop=drop, remove=remove, add=add))
        except OSError as exc:
            raise StoreError(f"cannot write: {exc}", path=str(self.path)) from exc
        self._written(len(add) + len(remove))

    def has_graph(self, iri: str) -> bool:
        self._write_pending()
        return self._ox.contains_named_graph(ox.NamedNode(iri))

    def put_graph(self, iri: str, quads: Iterable[ox.Quad]) -> None:
        """Replace one named graph. A new graph is buffered and written with others in one
        transaction (at BATCH_QUADS, or before any read); a crash therefore leaves whole graphs
        or none of a batch, never half a graph, and the next build redoes what is missing."""
        graph = ox.NamedNode(iri)
        if iri in self._pending_graphs:
            self._write_pending()
        if self._ox.contains_named_graph(graph):
            quads = list(quads)
            try:
                self._ox.remove_graph(graph)
                self._ox.extend(quads)
            except OSError as exc:
                raise StoreError(f"cannot write graph <{iri}>: {exc}", path=str(self.path)) from exc
            self._written(len(quads))
            return
        self._pending.extend(quads)
        self._pending_graphs.add(iri)
        if len(self._pending) >= self.BATCH_QUADS:
            self._write_pending()

    @property
    def ox(self) -> ox.Store:
        """The pyoxigraph store, with every buffered graph written."""
        self._write_pending()
        return self._ox

    def _write_pending(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        self._pending_graphs.clear()
        try:
            self._ox.extend(pending)
        except OSError as exc:
            raise StoreError(f"cannot write: {exc}", path=str(self.path)) from exc
        self._written(len(pending))

    def _written(self, n: int) -> None:
        self._unflushed += n
        if self._unflushed >= self.FLUSH_QUADS and self.path is not None:
            self._unflushed = 0
            try:
                self._ox.flush()
            except OSError as exc:
                raise StoreError(f"cannot write: {exc}", path=str(self.path)) from exc

    def drop_graph(self, iri: str) -> None:
        self._write_pending()
        graph = ox.NamedNode(iri)
        if self._ox.contains_named_graph(graph):
            self._ox.remove_graph(graph)

    # -- SPARQL -----------------------------------------------------------------------------
    def query(self, sparql: str, *, union: bool = True, **kwargs: Any) -> Any:
        """Run SPARQL over the union of all graphs by default; `GRAPH ?g` reaches one article."""
        self._write_pending()
        try:
            return self._ox.query(sparql, use_default_graph_as_union=union, **kwargs)
        except SyntaxError as exc:
            from kg.store.syntax import describe

            raise QueryError(describe(exc, sparql, kwargs.get("prefixes") or ())) from exc
        except OSError as exc:
            raise StoreError(f"query failed: {_one_line(exc)}", path=str(self.path)) from exc

    # -- bulk I/O ---------------------------------------------------------------------------
    def load(self, path: str | Path, *, fmt: str | None = None, graph: str | None = None) -> None:
        """Stream an RDF file into the store with Oxigraph's bulk loader (no full copy in RAM)."""
        p = Path(path)
        if not p.is_file():
            raise StoreError("no such file", path=str(p))
        self._write_pending()
        rformat = rdf_format(p, explicit=fmt)
        to_graph = ox.NamedNode(graph) if graph else None
        if to_graph is not None and rformat in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            raise StoreError(
                "--graph applies to triple formats only; quads carry their own graph", path=str(p)
            )
        try:
            self._ox.bulk_load(path=str(p), format=rformat, to_graph=to_graph)
        except SyntaxError as exc:
            raise StoreError(f"invalid {rformat.name}: {_one_line(exc)}", path=str(p)) from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot load: {_one_line(exc)}", path=str(p)) from exc
        from kg.rdf.star import FROM_RDF12, REIFIES

        if next(iter(self._ox.quads_for_pattern(None, REIFIES, None, None)), None) is not None:
            self._ox.update(FROM_RDF12)
        # Imported facts were not seen by inference: the next build recomputes it in full.
        for g in list(self._ox.named_graphs()):
            if isinstance(g, ox.NamedNode) and is_graph(g.value, "state"):
                self._ox.remove_graph(g)

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads with Oxigraph's bulk writer: not a transaction (`kg.store.bulk` marks what
        it writes so), a third of the CPU of one."""
        self._write_pending()
        try:
            self._ox.bulk_extend(quads)
        except OSError as exc:
            raise StoreError(f"cannot write: {exc}", path=str(self.path)) from exc

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads with Oxigraph's bulk loader, which, unlike `bulk_extend`, lets go of the
        GIL while it parses and writes: a thread can load while Python works on."""
        try:
            self._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"cannot write: {exc}", path=str(self.path)) from exc
        trim_heap()

    def bulk_files(self, files: Sequence[Path], *, compact: bool = False) -> None:
        """Load N-Quads files with Oxigraph's bulk loader (`kg.store.bulk`): in a process of
        its own for a store on disk, which has one writer, so this store lets go of its handle
        meanwhile; in this process for a store in memory. With `compact`, that process merges
        the files after (`compact`), so the merge costs this process nothing."""
        self._write_pending()
        if self.path is None:
            for f in files:
                self._ox.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
            return
        from kg.store.bulk import run_loader

        with self.released():
            run_loader(self.path, files, compact=compact)

    def reopen(self) -> None:
        """Let go of RocksDB's handle and take a new one: what RocksDB keeps for the files it
        has loaded goes with the old one (measured: about 5 MB per million bulk-loaded quads,
        4 MB left after reopening a store of 5 million). No query result of this store may be
        alive: it holds the old handle, and its lock."""
        if self.path is not None:
            with self.released():
                pass
            trim_heap()

    @contextmanager
    def released(self) -> Iterator[None]:
        """Without a handle on the store meanwhile (another process may open it: the bulk
        loader, the store's writer process of a large first build, `kg.store.writer`). Inside
        another `released`, nothing happens: the outer one takes the handle back (a large first
        build lets go once, for its writes and its closing steps, `kg.pipeline.build`)."""
        if self._released:
            yield
            return
        self._write_pending()
        self._ox.flush()
        del self._ox
        gc.collect()  # RocksDB's lock goes with the last reference to the store
        self._released = True
        try:
            yield
        finally:
            self._released = False
            try:
                self._ox = ox.Store(str(self.path))
            except OSError as exc:  # a query result still holds the old handle, and its lock
                msg = f"cannot open again: {_one_line(exc)}"
                raise StoreError(msg, path=str(self.path)) from exc

    def dump(self, out: str | Path | IO[bytes], *, fmt: str) -> None:
        self._write_pending()
        rformat = rdf_format(fmt, explicit=fmt)
        if not rformat.supports_datasets:
            # Triple formats flatten the union, which is what a reader of a .ttl expects.
            self._dump_union(out, rformat, rdf12=fmt in RDF12_FORMATS)
            return
        if fmt in RDF12_FORMATS:
            from kg.rdf.star import PART_PREDICATES, to_rdf12

            parts = (q for p in PART_PREDICATES for q in self._ox.quads_for_pattern(None, p, None))
            write(to_rdf12(self._ox, parts), out, rformat)
            return
        try:
            self._ox.dump(output=str(out) if isinstance(out, Path | str) else out, format=rformat)
        except OSError as exc:
            raise StoreError(f"cannot write: {_one_line(exc)}", path=str(out)) from exc

    def _dump_union(
        self, out: str | Path | IO[bytes], rformat: ox.RdfFormat, *, rdf12: bool = False
    ) -> None:
        triples = self._ox.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        write(union_triples(triples, rdf12=rdf12), out, rformat)

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        self._write_pending()
        return iter(self._ox.named_graphs())

    def __iter__(self) -> Iterator[ox.Quad]:
        self._write_pending()
        return iter(self._ox)

    def __len__(self) -> int:
        self._write_pending()
        return len(self._ox)

    def flush(self) -> None:
        self._write_pending()
        if self.path is not None:
            self._ox.flush()

    def compact(self) -> None:
        """Merge the store's files into one sorted run per index (RocksDB's full compaction).
        Bulk loads leave many overlapping files behind; left alone, RocksDB merges them in
        background threads of whichever process opens the store next, competing with that
        build for the cores and slowing its reads meanwhile (after a first build of 2,000
        articles: ~1 s of CPU, which a no-op rerun does not finish and the next build pays)."""
        self.compact_in_background()()

    def compact_in_background(self) -> Callable[[], None]:
        """Start `compact` over the files as they are now, in a thread, and return the call that
        waits for it (raising its error). pyoxigraph leaves the GIL while RocksDB merges, so the
        merge runs on a second core beside single-threaded work of this process, which may
        write meanwhile (its few new files are left as they are)."""
        self._write_pending()
        if self.path is None:
            return lambda: None
        failed: list[OSError] = []

        def run() -> None:
            try:
                self._ox.optimize()
            except OSError as exc:
                failed.append(exc)
            trim_heap()

        thread = threading.Thread(target=run, name="kg-compact", daemon=True)
        thread.start()

        def wait() -> None:
            thread.join()
            if failed:
                msg = f"cannot compact: {_one_line(failed[0])}"
                raise StoreError(msg, path=str(self.path)) from failed[0]

        return wait

    def close(self) -> None:
        # pyoxigraph releases the RocksDB lock when the object is collected.
        self.flush()
        del self._ox


def union_triples(triples: Iterable[ox.Triple], *, rdf12: bool) -> Iterable[ox.Triple]:
    """The triples of a flattened union, in the RDF 1.2 form if asked (`kg.rdf.star`)."""
    if not rdf12:
        return triples
    from kg.rdf.star import to_rdf12

    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    return (q.triple for q in to_rdf12(quads, quads))


def write(
    items: Iterable[ox.Quad] | Iterable[ox.Triple],
    out: str | Path | IO[bytes],
    rformat: ox.RdfFormat,
) -> None:
    """Serialise quads or triples to a file or stream (Turtle and TriG with the one prefix map)."""
    prefixed = rformat in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
    try:
        ox.serialize(
            items,
            output=str(out) if isinstance(out, Path | str) else out,
            format=rformat,
            **({"prefixes": PREFIXES} if prefixed else {}),
        )
    except OSError as exc:
        raise StoreError(f"cannot write: {_one_line(exc)}", path=str(out)) from exc


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())
