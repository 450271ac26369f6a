"""Where the shipped data lives. The ontology is a top-level folder of the repository (it is
documentation as much as code), so the package finds it beside itself; `KG_ONTOLOGY_DIR`
overrides that for installs that move it."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "resources"


def ontology_dir() -> Path:
    env = os.environ.get("KG_ONTOLOGY_DIR")
    return Path(env) if env else PACKAGE_DIR.parent / "ontology"


def ontology_file() -> Path:
    return ontology_dir() / "kg.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    return ontology_dir() / "queries"
