"""One exception base with one subclass per stage.

Only `kg.cli` (exit code + one line on stderr) and `kg.serve` (HTTP status) turn these into
output, so library code raises and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass


class KGError(Exception):
    """A user-facing error: its message is one line that names the file/line and the reason."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        super().__init__(message)

    def __str__(self) -> str:
        msg = super().__str__()
        if self.path is None:
            return msg
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {msg}"


class IngestError(KGError):
    """An input file cannot be read as articles."""


class NLPError(KGError):
    """A language pipeline cannot be loaded or run."""

    exit_code = 3
    http_status = 500


class ExtractError(KGError):
    """Extraction resources (trigger lexicon, gazetteer) are missing or malformed."""


class ResolveError(KGError):
    """The aliases/overrides file is malformed."""


class RDFError(KGError):
    """A term is not one the ontology (`ontology/kg.ttl`) defines, or the ontology cannot be
    read."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""

    exit_code = 4
    http_status = 503


class QueryError(KGError):
    """A SPARQL query is malformed or not allowed."""


class QueryTimeout(QueryError):
    """A query ran past its time or result-size limit."""

    http_status = 503


class VizError(KGError):
    """The graph page cannot be rendered."""


class ServeError(KGError):
    """The HTTP server cannot start."""


class ClusterError(KGError):
    """The Dask scheduler cannot be reached or the workers cannot run kg."""

    exit_code = 5
    http_status = 503


class EvalError(KGError):
    """A gold or prediction file is malformed."""


class ResourceError(KGError):
    """A shipped data file (word list, legal forms) is missing or malformed, or a list name is
    unknown."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one error becomes at the edge: an HTTP status, a process exit code, one line."""

    http_status: int
    exit_code: int
    message: str


# An error that is not a KGError is a bug or the machine failing: the server answers 500 with no
# detail (the detail may hold paths), the CLI exits 70 (EX_SOFTWARE).
_INTERNAL = Outcome(500, 70, "internal error")


def outcome(exc: BaseException) -> Outcome:
    """The one mapping from an error to its HTTP status, exit code and one-line message; the CLI,
    the server and its query workers all go through it."""
    if isinstance(exc, KGError):
        return Outcome(exc.http_status, exc.exit_code, " ".join(str(exc).split()))
    return _INTERNAL


# -- kg serve: what the endpoint and its worker processes refuse or fail with -------------------
class QueryRefused(QueryError):
    """A well-formed request this endpoint will not run (update, LOAD, SERVICE, data from
    outside the store)."""

    http_status = 403


class QueryTooDeep(QueryError):
    """Nested deeper than the guard lets reach a parser (the engine's stack is finite)."""


class RequestTooLarge(QueryError):
    """A request body over --max-query-bytes."""

    http_status = 413


class UriTooLong(QueryError):
    """A query string over --max-query-bytes."""

    http_status = 414


class SlowClient(QueryError):
    """A request body not received within --client-timeout."""

    http_status = 408


class UnsupportedMediaType(QueryError):
    """A POST whose Content-Type the SPARQL 1.1 Protocol does not define."""

    http_status = 415


class NotAcceptable(QueryError):
    """The Accept header allows no format the answer can be written in."""

    http_status = 406


class TooManyQueued(QueryError):
    """One client has too many requests waiting for a worker."""

    http_status = 429


class Busy(QueryTimeout):
    """Waited past the queue deadline for a worker (503, Retry-After)."""


class TooManyResults(QueryTimeout):
    """The answer has more rows than --max-results."""


class ResultTooLarge(QueryTimeout):
    """The answer is larger than --max-result-bytes."""


class OutOfMemory(QueryTimeout):
    """A query worker reached its memory limit (it is replaced)."""


class QueryFailed(QueryError):
    """The engine failed while evaluating a well-formed query."""

    http_status = 500


class ClientGone(ServeError):
    """The client closed its connection; nothing can be answered."""

    http_status = 499


class GraphPageUnavailable(VizError):
    """The graph page could not be drawn within its time and size budget."""

    http_status = 503


class Answered(KGError):
    """An error a worker process already turned into a status and a line with `outcome`; the
    server raises it again so that one place writes every error response."""

    http_status = 500  # the worker's own status replaces it

    def __init__(
        self,
        message: str,
        *,
        status: int = http_status,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line)
        self.http_status = status
