"""`kg` entry point: assembles the commands' parsers (each command's options live beside its
handler in `kg/cli/<command>.py`), dispatches, and is the one place that turns an error into a
one-line message and an exit code through `kg.errors.outcome` (no tracebacks for user errors)."""

from __future__ import annotations

import argparse
import functools
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from kg import __version__
from kg.cli import build, export, extract, import_, query, serve, stats, viz
from kg.cli import eval as evaluate
from kg.errors import KGError, outcome

DESCRIPTION = """Build one provenance-carrying RDF knowledge graph from business news.

Stages: ingest -> nlp -> extract -> resolve -> rdf -> store -> query | viz | serve."""

# In the order `kg --help` lists them.
COMMANDS = (build, extract, query, export, import_, stats, viz, serve, evaluate)


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


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="kg", description=DESCRIPTION, formatter_class=_Help)
    ap.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = ap.add_subparsers(
        dest="command",
        metavar="COMMAND",
        required=True,
        parser_class=functools.partial(_Parser, formatter_class=_Help),
    )
    for command in COMMANDS:
        command.add_parser(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        result = outcome(exc)
        if not isinstance(exc, KGError):
            traceback.print_exc()  # a bug: the traceback is what a report needs
        print(f"kg: error: {result.message}", file=sys.stderr)
        return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
