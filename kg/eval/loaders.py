"""Gold and prediction files (JSON Lines; format in tests/gold/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.errors import EvalError
from kg.model import MODALITIES

_GOLD_KEYS = {"article", "text", "subject", "predicate", "object", "modality", "note"}


def _read_jsonl(
    path: str | Path, *, required: tuple[str, ...], what: str, allowed: set[str] | None = None
) -> list[dict[str, Any]]:
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise EvalError(f"cannot read {what} file: {reason}", path=str(p)) from None
    out: list[dict[str, Any]] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise EvalError(
                f"not JSON: {exc.msg} (column {exc.colno})", path=str(p), line=n
            ) from None
        if not isinstance(row, dict):
            raise EvalError(
                f"expected a JSON object, got {type(row).__name__}", path=str(p), line=n
            )
        missing = [k for k in required if not isinstance(row.get(k), str) or not row[k].strip()]
        if missing:
            raise EvalError(
                f"{what} fact needs non-empty string field(s): " + ", ".join(missing),
                path=str(p),
                line=n,
            )
        if allowed is not None and (extra := sorted(set(row) - allowed)):
            raise EvalError("unknown field(s): " + ", ".join(extra), path=str(p), line=n)
        mod = row.get("modality")
        if mod is not None and mod not in MODALITIES:
            raise EvalError(
                f"modality {mod!r} is not one of {', '.join(MODALITIES)}", path=str(p), line=n
            )
        for k in ("article", "text"):
            if row.get(k) is not None and not isinstance(row[k], str):
                raise EvalError(f"{k!r} must be a string or null", path=str(p), line=n)
        row["_line"] = f"{p.name}:{n}"
        out.append(row)
    return out


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold facts: {"article", "text"?, "subject", "predicate", "object", "modality"?, "note"?}."""
    return _read_jsonl(
        path,
        required=("subject", "predicate", "object"),
        what="gold",
        allowed=_GOLD_KEYS | {"_line"},
    )


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Predictions as printed by `kg extract --json` (one fact per line)."""
    return _read_jsonl(path, required=("subject", "predicate", "object"), what="prediction")
