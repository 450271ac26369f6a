"""Opening input files: only regular files on real filesystems, never through a final link,
never blocking (real FIFOs, devices, /proc and /sys files, links)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.errors import IngestError
from kg.ingest.files import check_regular, open_regular, read_regular


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"GM buys cells")
    assert read_regular(path) == b"GM buys cells"


def test_a_fifo_is_refused_before_and_after_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match=r"^a named pipe, not a regular file; not read$"):
        check_regular(fifo)
    with pytest.raises(IngestError, match=r"^a named pipe"):
        open_regular(fifo)  # returns at once: the check comes before any open


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/dev/null", "a character device"),
        ("/proc/self/status", "a kernel pseudo-file"),
        ("/proc/self/cmdline", "a kernel pseudo-file"),
        ("/sys/kernel/mm/transparent_hugepage/enabled", "a kernel pseudo-file"),
    ],
)
def test_devices_and_kernel_files_are_refused(path: str, kind: str) -> None:
    if not Path(path).exists():
        pytest.skip(f"{path} does not exist here")
    with pytest.raises(IngestError, match=rf"^{kind}"):
        read_regular(Path(path))


def test_a_final_link_is_not_followed_when_opening(tmp_path: Path) -> None:
    """The walker resolves links it allows; a link found at open time was swapped in after
    that decision and is refused."""
    (tmp_path / "real.txt").write_bytes(b"GM buys cells")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    with pytest.raises(IngestError, match="changed into a symbolic link"):
        open_regular(tmp_path / "link.txt")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^a directory, not a regular file"):
        check_regular(tmp_path)


def test_a_file_is_read_only_as_long_as_it_was_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"first part.")
    fh, size = open_regular(path)
    with fh, path.open("ab") as more:
        more.write(b" appended later.")
        more.flush()
        assert size == len(b"first part.")
        assert fh.read(size) == b"first part."
