"""The researcher's overrides file (`--aliases FILE`, format in docs/aliases.md).

One directive per line, fields separated by a TAB (or by two or more spaces, for editors that
expand tabs); `#` starts a comment; blank lines are ignored:

    merge   Alias   Canonical     mentions named Alias are the entity Canonical (key or name)
    split   Alias                 Alias is an entity of its own: never merged into another
    split   Alias   Canonical     Alias is not Canonical (only that merge is refused)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ResolveError
from kg.gazetteer import fold
from kg.model import TYPE_OF_KEY_PREFIX
from kg.names import clean

_SEP = re.compile(r"\t+| {2,}")


def is_key(text: str) -> bool:
    head, _, rest = text.partition("/")
    return head in TYPE_OF_KEY_PREFIX and bool(rest) and " " not in text


def name_fold(text: str) -> str:
    """Fold used to compare override names with mention names (legal form etc. ignored)."""
    return fold(clean(text)) or fold(text)


@dataclass
class Overrides:
    merges: dict[str, str] = field(default_factory=dict)  # fold(alias) -> canonical key or name
    splits: dict[str, set[str]] = field(default_factory=dict)  # fold(alias) -> refused targets
    # An empty refused-target set means "refuse every merge".

    def merge_target(self, names: Iterable[str]) -> tuple[str, str] | None:
        """(alias, canonical) of the first name with a merge directive."""
        for n in names:
            target = self.merges.get(name_fold(n))
            if target is not None:
                return n, target
        return None

    def split_all(self, name: str) -> bool:
        refused = self.splits.get(name_fold(name))
        return refused is not None and not refused

    def refuses(self, name: str, key: str, label: str) -> bool:
        """Does a split directive forbid `name` to land on entity (`key`, `label`)?"""
        refused = self.splits.get(name_fold(name))
        if refused is None:
            return False
        if not refused:
            return name_fold(name) != name_fold(label)
        return key in refused or name_fold(label) in refused

    def __bool__(self) -> bool:
        return bool(self.merges or self.splits)


def parse_overrides(lines: Iterable[str], *, path: str = "<aliases>") -> Overrides:
    out = Overrides()
    for n, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        fields = [f.strip() for f in _SEP.split(line)]
        op = fields[0].lower()
        if op not in ("merge", "split"):
            raise ResolveError(
                f"unknown directive {fields[0]!r} (expected 'merge' or 'split')", path=path, line=n
            )
        if any(not f for f in fields):
            raise ResolveError("empty field", path=path, line=n)
        if op == "merge":
            if len(fields) != 3:
                raise ResolveError(
                    f"'merge' needs 2 fields (Alias, Canonical), got {len(fields) - 1}",
                    path=path,
                    line=n,
                )
            alias, target = fields[1], fields[2]
            if name_fold(alias) == name_fold(target):
                raise ResolveError(f"'merge' of {alias!r} into itself", path=path, line=n)
            if not name_fold(alias):
                raise ResolveError(f"alias {alias!r} has no letters or digits", path=path, line=n)
            out.merges[name_fold(alias)] = target
        else:
            if len(fields) not in (2, 3):
                raise ResolveError(
                    f"'split' needs 1 or 2 fields (Alias[, Canonical]), got {len(fields) - 1}",
                    path=path,
                    line=n,
                )
            alias = fields[1]
            if not name_fold(alias):
                raise ResolveError(f"alias {alias!r} has no letters or digits", path=path, line=n)
            refused = out.splits.setdefault(name_fold(alias), set())
            if len(fields) == 3:
                target = fields[2]
                refused.add(target if is_key(target) else name_fold(target))
            else:
                refused.clear()
                out.splits[name_fold(alias)] = set()
    for alias in out.merges.keys() & out.splits.keys():
        if not out.splits[alias]:
            raise ResolveError(f"{alias!r} is both merged and split", path=path)
    return out


def load_overrides(path: str | Path) -> Overrides:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ResolveError(f"cannot read overrides file: {reason}", path=str(p)) from None
    return parse_overrides(text.splitlines(), path=str(p))
