"""A wheel is a complete install: built from a copy of the source tree, installed into a fresh
venv outside the repository, it builds the seeds (ontology rules, SHACL shapes) and answers a
shipped example query. Dependencies come from this venv's site-packages (a `.pth` line) so the
test downloads nothing; `kg` itself must come from the wheel."""

from __future__ import annotations

import csv
import io
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import Store

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
# What a source distribution holds: enough to build the wheel, nothing of the developer's tree.
SOURCE = ("kg", "ontology", "pyproject.toml", "setup.py", "README.md")


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (outside the repo) with the wheel installed and this venv's site-packages
    appended for the dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    for name in SOURCE:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            src.mkdir(exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    dist = root / "dist"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        dist,
        src,
        cwd=root,
    )
    (wheel,) = dist.glob("kg-*.whl")

    env_dir = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", env_dir, cwd=root)
    (fresh_site,) = env_dir.glob("lib/python*/site-packages")
    # Appended after the venv's own site-packages, so the wheel's kg wins over any other kg.
    (fresh_site / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        env_dir / "bin" / "python",
        "install",
        "-q",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=root,
    )
    return env_dir


def _clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("KG_ONTOLOGY_DIR", "KG_STORE", "PYTHONPATH", "VIRTUAL_ENV")
    }
    return {**env, **extra}


def test_kg_and_its_ontology_come_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    out = _run(
        venv / "bin" / "python",
        "-c",
        "import kg, kg.paths as p; print(kg.__file__); print(p.ontology_file()); "
        "print(p.shapes_file()); print(sorted(x.name for x in p.queries_dir().glob('*.rq')))",
        cwd=tmp_path,
        env=_clean_env(),
    )
    kg_file, ontology, shapes, queries = out.splitlines()
    assert Path(kg_file).resolve().is_relative_to(venv.resolve()), kg_file
    assert Path(ontology).resolve().is_relative_to(venv.resolve()), ontology
    assert Path(ontology).read_bytes() == (REPO / "ontology" / "kg.ttl").read_bytes()
    assert Path(shapes).read_bytes() == (REPO / "ontology" / "shapes.ttl").read_bytes()
    assert eval(queries) == sorted(p.name for p in (REPO / "ontology" / "queries").glob("*.rq"))


def test_installed_kg_builds_the_seeds_into_kg_store_and_queries_them(
    venv: Path, tmp_path: Path, seed_store_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    store = tmp_path / "elsewhere" / "store"
    kg = venv / "bin" / "kg"
    # No --store: the build must honour $KG_STORE.
    _run(kg, "build", seeds, "--quiet", cwd=tmp_path, env=_clean_env(KG_STORE=str(store)))
    assert store.is_dir() and not (tmp_path / ".kg").exists()

    installed = Store(store, read_only=True)
    in_repo = Store(seed_store_path, read_only=True)
    # Same graph as the in-repo build (inferred facts and the ontology graph included), so the
    # installed package found its rules and shapes.
    assert len(installed) == len(in_repo) > 0
    inferred = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://kg.example.org/graph/inferred> "
        "{ ?s ?p ?o } }"
    )
    n_inferred = int(next(iter(installed.query(inferred)))["n"].value)
    assert n_inferred == int(next(iter(in_repo.query(inferred)))["n"].value) > 0
    del installed, in_repo

    query = next(venv.glob("lib/python*/site-packages/kg/ontology/queries/buyers.rq"))
    out = _run(
        kg,
        "query",
        "--store",
        store,
        "-f",
        query,
        "--format",
        "csv",
        cwd=tmp_path,
        env=_clean_env(),
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    # GM buys from TDK only through the plant TDK operates: a property chain of the shipped
    # ontology, so an install without its rules would not have this row.
    assert any(
        r["buyer"] == "General Motors"
        and r["seller"] == "TDK"
        and r["relation"] == "buysFrom"
        and r["inferred"] == "true"
        for r in rows
    ), out


def test_a_build_without_a_store_opens_kg_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kg.pipeline.build import open_build_store

    monkeypatch.setenv("KG_STORE", str(tmp_path / "from-env"))
    monkeypatch.chdir(tmp_path)
    store = open_build_store(None)
    assert Path(store.path) == tmp_path / "from-env"
    assert not (tmp_path / ".kg").exists()
