"""`kg.errors`: every error class lives there, and `outcome()` is the one mapping from an error to
its HTTP status, exit code and one-line message."""

from __future__ import annotations

import ast
import builtins
import inspect
from pathlib import Path

import pytest

import kg.errors as errors
from kg.errors import KGError, Outcome, QueryTimeout, StoreError, outcome

KG = Path(__file__).resolve().parents[1] / "kg"


def _stage_errors() -> list[type[KGError]]:
    return [
        c
        for c in vars(errors).values()
        if inspect.isclass(c) and issubclass(c, KGError) and c is not KGError
    ]


@pytest.mark.parametrize("cls", _stage_errors(), ids=lambda c: c.__name__)
def test_outcome_of_each_error_class_is_its_status_and_exit_code(cls: type[KGError]) -> None:
    exc = cls("bad  entry\n  on two lines", path="in.jsonl", line=3)
    assert outcome(exc) == Outcome(
        cls.http_status, cls.exit_code, "in.jsonl:3: bad entry on two lines"
    )
    assert exc.exit_code != 0 and 400 <= exc.http_status < 600


def test_outcome_keeps_the_classes_distinct() -> None:
    assert (
        outcome(StoreError("down")).exit_code == 4 and outcome(StoreError("x")).http_status == 503
    )
    assert outcome(QueryTimeout("slow")) == Outcome(503, 1, "slow")
    assert outcome(KGError("plain", path="f.txt")) == Outcome(400, 1, "f.txt: plain")


@pytest.mark.parametrize("exc", [ValueError("/home/me/secret path"), OSError(28, "No space")])
def test_outcome_of_anything_else_is_an_internal_error_without_detail(exc: Exception) -> None:
    result = outcome(exc)
    assert result == Outcome(500, 70, "internal error")
    assert "secret" not in result.message and "space" not in result.message


def _error_bases(tree: ast.Module, known: set[str]) -> list[tuple[str, int]]:
    """(class name, line) of every class in `tree` whose base is an exception."""
    builtin = {
        n for n, v in vars(builtins).items() if inspect.isclass(v) and issubclass(v, BaseException)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        names = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
        if names & (builtin | known) or any(n.endswith(("Error", "Exception")) for n in names):
            found.append((node.name, node.lineno))
    return found


def test_no_error_class_outside_kg_errors() -> None:
    known = {c.__name__ for c in _stage_errors()} | {"KGError"}
    outside = []
    for path in sorted(KG.rglob("*.py")):
        rel = path.relative_to(KG.parent).as_posix()
        if rel == "kg/errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        outside += [f"{rel}:{line} {name}" for name, line in _error_bases(tree, known)]
    assert not outside, outside


def test_the_class_finder_finds_error_classes() -> None:
    tree = ast.parse(
        "class A(Exception): ...\nclass B(errors.QueryError): ...\nclass C(QueryTimeout): ...\n"
        "class D(KeyError): ...\nclass E: ...\nclass F(Base): ..."
    )
    assert [n for n, _ in _error_bases(tree, {"QueryTimeout"})] == ["A", "B", "C", "D"]
