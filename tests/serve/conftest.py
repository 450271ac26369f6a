"""The serve tests share the real store and server helpers of tests/test_serve.py and
tests/test_serve_attack.py (one copy: imported, not repeated)."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))
