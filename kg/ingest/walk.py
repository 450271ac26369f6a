"""`read_paths`: expand files and directories and hand each file to the reader for its suffix.

Order is deterministic: arguments in the order given, each directory walked recursively with
entries sorted by name; hidden files and directories (leading ".") are skipped. Every file found
under a directory is reported when it cannot be read, including unsupported suffixes, so nothing
is skipped silently.

Confinement: a directory given as an argument is a root, and nothing outside it is read through
it. A symbolic link under a root is followed only when its target lies inside that root (the
reader gets the resolved target, the messages show the link); a link leading out (to
`/etc/passwd`, `/proc/self/status`, another tree) is reported and not read. Linked directories
are never walked into (no cycles; one inside the root is walked under its real name anyway). A
file named as an argument is read where it leads: the user named it. Whatever leads there, only
regular files on real filesystems are read (`kg.ingest.files`): FIFOs, devices, sockets and
/proc or /sys files are reported without being opened.

Size: a file larger than `max_bytes` (default 50 MB) in a whole-file format (.txt, .md, .html)
is reported and not read. Below that, such a file is read whole and its text must fit one
article (`MAX_ARTICLE_CHARS`, 1,000,000 characters, spaCy's default limit); a 20 MB .txt file is
therefore reported as "article too large (...)" in well under a second and the build goes on.
A reader that streams its file sets `streams = True` (JSON Lines, read line by line with each
line bounded), and the file-size limit does not apply to it: a big corpus in one .jsonl is fine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import IngestError
from kg.ingest.files import check_regular
from kg.ingest.language import SUPPORTED, normalise_code
from kg.model import Article, Problem
from kg.registry import get, names

DEFAULT_MAX_BYTES = 50_000_000


def supported_suffixes() -> list[str]:
    return names("reader")


def _walk(root: Path) -> Iterator[tuple[Path, Path] | Problem]:
    """(file to read, path to show) for each file under `root`, links resolved and kept inside
    it; a Problem for each link that leads out."""
    inside = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        base = Path(dirpath)
        kept = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            if not (base / name).is_symlink():
                kept.append(name)
            elif isinstance(found := _inside(base / name, root, inside), Problem):
                yield found
        dirnames[:] = kept  # os.walk does not follow links; this also keeps the order
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            shown = base / name
            if not shown.is_symlink():
                yield shown, shown
            elif isinstance(found := _inside(shown, root, inside), Problem):
                yield found
            else:
                yield found, shown


def _inside(link: Path, root: Path, inside: Path) -> Path | Problem:
    """The resolved target of `link` when it lies inside the root, else why it is not read."""
    try:
        target = link.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return Problem(str(link), "symbolic link loop, not followed")
    if target.is_relative_to(inside):
        return target
    return Problem(str(link), f"symbolic link leading outside {root}, not followed")


def _expand(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path] | Problem]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path.resolve(), path
        elif path.is_symlink():
            yield Problem(str(raw), "broken symbolic link (its target does not exist)")
        else:
            yield Problem(str(raw), "no such file or directory")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _read_one(path: Path, shown: Path, *, lang: str, max_bytes: int) -> Iterator[Article | Problem]:
    display = str(shown)
    suffix = shown.suffix.lower()
    if suffix not in supported_suffixes():
        named = f"'{shown.suffix}'" if shown.suffix else "(no suffix)"
        yield Problem(
            display, f"unsupported file type {named} (supported: {' '.join(supported_suffixes())})"
        )
        return
    reader = get("reader", suffix)
    try:
        check_regular(path)
        size = path.stat().st_size
        if size > max_bytes and not getattr(reader, "streams", False):
            yield Problem(display, f"file too large ({_mb(size)} > {_mb(max_bytes)} limit)")
            return
        yield from reader(path, display, lang=lang)
    except IngestError as exc:
        yield Problem(display, str(exc))
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
            yield from _read_one(*item, lang=lang, max_bytes=max_bytes)
