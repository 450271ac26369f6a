"""`read_paths`: expand files and directories and hand each file to the reader for its suffix.

Order is deterministic: arguments in the order given, each directory walked recursively with
entries sorted by name; hidden files and directories (leading ".") are skipped, symlinked
directories are not followed (no cycles). Every file found under a directory is reported when it
cannot be read, including unsupported suffixes, so nothing is skipped silently.

Size: a file larger than `max_bytes` (default 50 MB) is reported and not read. Below that, a
single-article file (.txt, .md, .html) is read whole and its text must fit one article
(`MAX_ARTICLE_CHARS`, 1,000,000 characters, spaCy's default limit); a 20 MB .txt file is
therefore reported as "article too large (...)" in well under a second and the build goes on.
JSON Lines files are streamed line by line, so a big corpus in one .jsonl file is fine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import IngestError
from kg.ingest.language import SUPPORTED, normalise_code
from kg.model import Article, Problem
from kg.registry import get, names

DEFAULT_MAX_BYTES = 50_000_000


def supported_suffixes() -> list[str]:
    return names("reader")


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield base / name


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        else:
            yield Problem(str(raw), "no such file or directory")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _read_one(path: Path, *, lang: str, max_bytes: int) -> Iterator[Article | Problem]:
    display = str(path)
    suffix = path.suffix.lower()
    if suffix not in supported_suffixes():
        shown = f"'{path.suffix}'" if path.suffix else "(no suffix)"
        yield Problem(
            display, f"unsupported file type {shown} (supported: {' '.join(supported_suffixes())})"
        )
        return
    try:
        if not path.is_file():
            yield Problem(display, "not a regular file")
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield Problem(display, f"file too large ({_mb(size)} > {_mb(max_bytes)} limit)")
            return
        yield from get("reader", suffix)(path, display, lang=lang)
    except PermissionError:
        yield Problem(display, "permission denied")
    except FileNotFoundError:
        yield Problem(display, "no such file or directory")  # vanished while walking
    except IsADirectoryError:
        yield Problem(display, "is a directory")
    except OSError as exc:
        yield Problem(display, f"cannot read: {exc.strerror or exc}")


def read_paths(
    paths: Iterable[str | Path], *, lang: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Problem]:
    """Yield one Article or Problem per article slot found under `paths`, in a stable order.

    `lang`: "auto" detects each article's language; "en"/"de" force it (a JSONL line's own
    `lang` field still wins, it is the more specific statement). Duplicates (same id) are yielded
    as found; consumers dedupe by `Article.id`. Raises IngestError only for a bad `lang` value
    (a caller error); every problem with the inputs is yielded as a Problem.
    """
    if isinstance(paths, str | Path):
        paths = [paths]  # a lone path is not an iterable of one-character paths
    if lang != "auto" and normalise_code(lang) not in SUPPORTED:
        raise IngestError(f"unsupported language {lang!r} (use auto, {', '.join(SUPPORTED)})")
    forced = lang if lang == "auto" else normalise_code(lang)
    return _generate(list(paths), lang=forced, max_bytes=max_bytes)


def _generate(paths: list[str | Path], *, lang: str, max_bytes: int) -> Iterator[Article | Problem]:
    for item in _expand(paths):
        if isinstance(item, Problem):
            yield item
        else:
            yield from _read_one(item, lang=lang, max_bytes=max_bytes)
