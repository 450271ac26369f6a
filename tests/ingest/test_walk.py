"""`read_paths` on real trees: symbolic links stay inside the folder given, special files are
never opened, and the file-size limit is for whole-file formats only (real files, links, a
FIFO, /proc, /dev)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from kg.ingest import MAX_ARTICLE_CHARS, read_paths
from kg.model import Article, Problem

ENGLISH = (
    "Tesla will buy battery cells from Panasonic for its new factory in Nevada, the "
    "companies said on Monday. Deliveries start next year."
)
SECRET = (
    "Siemens will buy turbines from Vestas for its new wind farm in Denmark, the companies "
    "said on Friday. The first turbines arrive in spring."
)


def _read(*paths: Path, **kw) -> list[Article | Problem]:
    """read_paths in a thread: a reader blocked on a FIFO fails the test instead of hanging."""
    out: list[Article | Problem] = []
    thread = threading.Thread(target=lambda: out.extend(read_paths(list(paths), **kw)))
    thread.daemon = True
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "read_paths blocked"
    return out


def _by_name(items: list[Article | Problem]) -> dict[str, Article | Problem]:
    return {Path(i.path or "").name: i for i in items}


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """corpus/ with one good article, and outside/ with one the corpus must not reach."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    return tmp_path / "corpus"


@pytest.mark.parametrize(
    "target", ["/etc/passwd", "/proc/self/status", "../outside/secret.txt", "../outside"]
)
def test_a_link_leading_out_of_the_folder_is_reported_and_not_read(tree: Path, target: str) -> None:
    (tree / "link.txt").symlink_to(target)
    items = _read(tree)
    link = _by_name(items)["link.txt"]
    assert isinstance(link, Problem)
    assert link.reason == f"symbolic link leading outside {tree}, not followed"
    texts = [i.text for i in items if isinstance(i, Article)]
    assert len(texts) == 1 and "Panasonic" in texts[0]  # the good article, nothing else


def test_a_link_inside_the_folder_is_read_and_shown_as_the_link(tree: Path) -> None:
    (tree / "sub").mkdir()
    (tree / "sub" / "real.txt").write_text(SECRET, encoding="utf-8")
    (tree / "alias.txt").symlink_to("sub/real.txt")
    by_name = _by_name(_read(tree))
    alias, real = by_name["alias.txt"], by_name["real.txt"]
    assert isinstance(alias, Article) and isinstance(real, Article)
    assert alias.path == str(tree / "alias.txt") and alias.id == real.id


def test_linked_folders_are_not_walked(tree: Path) -> None:
    (tree / "sub").mkdir()
    (tree / "sub" / "a.txt").write_text(SECRET, encoding="utf-8")
    (tree / "again").symlink_to("sub")  # inside: read once, under its real name
    (tree / "away").symlink_to("../outside")
    items = _read(tree)
    assert sorted(Path(i.path or "").relative_to(tree).as_posix() for i in items) == [
        "away",
        "good.txt",
        "sub/a.txt",
    ]
    away = _by_name(items)["away"]
    assert isinstance(away, Problem) and "leading outside" in away.reason


def test_a_loop_of_links_is_reported(tree: Path) -> None:
    (tree / "a.txt").symlink_to("b.txt")
    (tree / "b.txt").symlink_to("a.txt")
    by_name = _by_name(_read(tree))
    assert by_name["a.txt"].reason == by_name["b.txt"].reason == "symbolic link loop, not followed"


def test_a_file_named_on_the_command_line_is_read_where_it_leads(tree: Path) -> None:
    named = tree.parent / "named.txt"
    named.symlink_to(tree.parent / "outside" / "secret.txt")
    (item,) = _read(named)
    assert isinstance(item, Article) and "Vestas" in item.text and item.path == str(named)


def test_a_fifo_is_never_opened(tree: Path) -> None:
    os.mkfifo(tree / "pipe.txt")
    os.mkfifo(tree.parent / "named.jsonl")
    items = _read(tree, tree.parent / "named.jsonl")
    by_name = _by_name(items)
    for name in ("pipe.txt", "named.jsonl"):
        assert by_name[name].reason == "a named pipe, not a regular file; not read"
    assert isinstance(by_name["good.txt"], Article)


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/dev/zero", "a character device, not a regular file; not read"),
        ("/proc/self/status", "a kernel pseudo-file (/proc, /sys ...), not an article; not read"),
        ("/proc/self/environ", "a kernel pseudo-file (/proc, /sys ...), not an article; not read"),
    ],
)
def test_devices_and_kernel_files_are_refused_even_when_named(
    tmp_path: Path, target: str, reason: str
) -> None:
    if not Path(target).exists():
        pytest.skip(f"{target} does not exist here")
    named = tmp_path / "named.txt"
    named.symlink_to(target)
    (item,) = _read(named)
    assert isinstance(item, Problem) and item.reason == reason


def test_the_size_limit_is_for_whole_file_formats_only(tmp_path: Path) -> None:
    """A JSONL file far over the limit is streamed: its good line is read."""
    big = tmp_path / "big.jsonl"
    filler = json.dumps({"text": "x " * (MAX_ARTICLE_CHARS // 2 + 1)})  # too long an article
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(3):
            fh.write(filler + "\n")
        fh.write(json.dumps({"text": ENGLISH}) + "\n")
    text = tmp_path / "big.txt"
    text.write_bytes(big.read_bytes())
    limit = big.stat().st_size // 2
    items = _read(big, text, max_bytes=limit)
    good = [i for i in items if isinstance(i, Article)]
    assert len(good) == 1 and good[0].line == 4 and good[0].path == str(big)
    refused = [i for i in items if isinstance(i, Problem) and i.path == str(text)]
    assert len(refused) == 1 and refused[0].reason.startswith("file too large (")
    too_long = [i for i in items if isinstance(i, Problem) and i.path == str(big)]
    assert [p.line for p in too_long] == [1, 2, 3]
    assert all(p.reason.startswith("article too large") for p in too_long)


def test_a_broken_link_named_on_the_command_line_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    (item,) = _read(tmp_path / "gone.txt")
    assert isinstance(item, Problem)
    assert item.reason == "broken symbolic link (its target does not exist)"
