"""Where the shipped ontology lives: the one helper every reader of the ontology, the SHACL
shapes and the example queries goes through (the data files of `kg/resources/` have their own
reader, `kg.resources`).

The ontology's source of truth is the repository's top-level `ontology/` folder (the design card
puts it there: it is documentation as much as code). A wheel ships the same folder as
`kg/ontology/` (see setup.py), so the package looks beside itself first and falls back to the
source checkout; `KG_ONTOLOGY_DIR` overrides both for installs that move it.

Also which `kg` a child process (`python -m kg.store.writer`, `kg.store.bulk`,
`kg.pipeline.closing`) imports: this one."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# An installed wheel: kg/ontology/. A source checkout (editable install, tests): ../ontology/.
_SHIPPED = PACKAGE_DIR / "ontology"
_CHECKOUT = PACKAGE_DIR.parent / "ontology"


def ontology_dir() -> Path:
    env = os.environ.get("KG_ONTOLOGY_DIR")
    if env:
        return Path(env)
    return _SHIPPED if (_SHIPPED / "kg.ttl").is_file() else _CHECKOUT


def ontology_file() -> Path:
    return ontology_dir() / "kg.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def child_env() -> dict[str, str]:
    """The environment of a `python -m kg....` child: the `kg` this process runs first on its
    path (a checkout on `sys.path`, as a benchmark run from elsewhere has, may not be the
    installed one)."""
    here = str(PACKAGE_DIR.parent)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])),
    }
