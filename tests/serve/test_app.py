"""The server's options (kg.serve.app): refused in one line before anything starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ServeError
from kg.serve import create_app


def test_options_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="unknown server option"):
        create_app(tmp_path, max_query_byte=1)
    with pytest.raises(ServeError, match="--trusted-proxy"):
        create_app(tmp_path, trusted_proxies=["not-an-address"])
    with pytest.raises(ServeError, match="must be positive"):
        create_app(tmp_path, client_timeout=0)
    cfg = create_app(tmp_path, trusted_proxies=["10.0.0.0/8"], workers=3).state.cfg
    assert cfg.client_concurrency == 3 and cfg.queue_timeout == cfg.query_timeout
    assert [str(n) for n in cfg.trusted] == ["10.0.0.0/8"]
