"""Every benchmark script still imports: they are run by hand, so a moved helper (as when the
tests were reorganised) would otherwise break one unnoticed until someone needs its numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for p in (REPO / "benchmarks").glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_the_benchmark_imports(script: Path) -> None:
    # In a process of its own, as `python benchmarks/X.py` runs it, without running main.
    code = (
        "import importlib.util, sys; "
        f"spec = importlib.util.spec_from_file_location('benchmarks.{script.stem}', sys.argv[1]); "
        "m = importlib.util.module_from_spec(spec); sys.modules[spec.name] = m; "
        "spec.loader.exec_module(m)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.strip().splitlines()[-1:]
