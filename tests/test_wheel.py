"""A wheel is a complete install: built from a copy of the source tree, installed into a fresh
venv outside the repository, it builds the seeds (ontology rules, SHACL shapes), answers a
shipped example query, and builds articles of every format (.txt, .md, .html, .jsonl) with
none skipped. The fresh venv gets only what the wheel declares: the distributions its
`Requires-Dist` names, and theirs, transitively, linked in from this venv (nothing is
downloaded). A dependency kg imports but does not declare is therefore missing there, as after
`pip install kg` (lxml_html_clean was: every HTML article was skipped, and the build exited 0).
`kg` itself must come from the wheel."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
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
    _link_declared(wheel, fresh_site)
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


def _declared(wheel: Path) -> list[importlib.metadata.Distribution]:
    """The distributions `wheel` requires, transitively (extras followed, markers evaluated),
    as installed in this venv; a declared one missing here fails the test."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        lines = z.read(meta).decode("utf-8").splitlines()
    todo = [
        (Requirement(ln.split(":", 1)[1]), "") for ln in lines if ln.startswith("Requires-Dist:")
    ]
    found: dict[str, importlib.metadata.Distribution] = {}
    done: set[tuple[str, str]] = set()
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        dist = found.setdefault(name, importlib.metadata.distribution(req.name))
        # An extra is followed only under the very name the distribution provides: the pip of a
        # fresh Python 3.11 venv (ensurepip's 23.2) does not normalise extra names, so justext's
        # `lxml[html_clean]` did not bring lxml's `html-clean` extra, lxml_html_clean.
        provided = dist.metadata.get_all("Provides-Extra") or []
        for wanted in ("", *sorted(e for e in req.extras if e in provided)):
            if (name, wanted) not in done:
                done.add((name, wanted))
                todo += [(Requirement(r), wanted) for r in dist.requires or ()]
    return list(found.values())


def _link_declared(wheel: Path, site_dir: Path) -> None:
    """Link every top-level file and folder of the declared distributions into `site_dir`."""
    for dist in _declared(wheel):
        assert dist.files, f"{dist.metadata['Name']}: no RECORD, cannot tell its files"
        for top in sorted({f.parts[0] for f in dist.files if f.parts[0] != ".."}):
            target = Path(str(dist.locate_file(top)))
            if target.exists() and not (site_dir / top).exists():
                (site_dir / top).symlink_to(target)


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


# One article per format, each stating a deal in plain words, so each has facts to show.
ARTICLES = {
    "broadcom.txt": "Broadcom agreed to acquire VMware, the companies said on Monday.\n\n"
    "The deal still needs the approval of regulators in Europe and China.\n",
    "nikola.md": "---\ntitle: Nikola buys into Wabash\ndate: 2024-03-05\n---\n\n"
    "# Nikola buys into Wabash\n\nNikola takes a 20% stake in **Wabash**, the truck maker "
    "said on Tuesday.\n\nThe two companies plan to build electric trailers together.\n",
    "waymo.html": "<!doctype html><html><head><meta charset='utf-8'>"
    "<title>Waymo invests in Motional</title></head><body><nav><a href='/'>Home</a></nav>"
    "<article><h1>Waymo invests in Motional</h1><p>Alphabet's Waymo unit said it would invest "
    "in Motional, the self-driving company backed by Hyundai.</p><p>The companies did not "
    "disclose the size of the investment.</p></article><footer>Subscribe</footer></body></html>",
    "glencore.jsonl": json.dumps(
        {
            "text": "Qatar Investment Authority became the largest shareholder of Glencore. "
            "The fund did not comment on its plans for the miner.",
            "title": "QIA becomes Glencore's largest shareholder",
            "date": "2024-02-01",
        }
    )
    + "\n",
}


def test_installed_kg_builds_every_format_and_skips_none(venv: Path, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    kg = venv / "bin" / "kg"
    # --strict: any skipped input (an HTML page without its parser's dependency) exits 2.
    out = _run(
        kg,
        "build",
        articles,
        "--store",
        store,
        "--strict",
        "--quiet",
        cwd=tmp_path,
        env=_clean_env(),
    )
    assert "4 added" in out and "0 skipped" in out, out

    from kg.pipeline import build

    in_repo = tmp_path / "in-repo"
    report = build([articles], store=in_repo, progress=False)
    assert report.added == 4 and not report.problems
    installed, here = Store(store, read_only=True), Store(in_repo, read_only=True)
    assert len(installed) == len(here)
    per_file = """PREFIX kgo: <http://kg.example.org/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?path (COUNT(?st) AS ?n) WHERE { GRAPH ?g { ?a a kgo:Article ;
            kgo:sourcePath ?path . OPTIONAL { ?st prov:wasDerivedFrom ?a } } } GROUP BY ?path"""
    facts = {
        Path(r["path"].value).name.split(":")[0]: int(r["n"].value)
        for r in installed.query(per_file)
    }
    # Every article is in the store, with the facts it states.
    assert set(facts) == set(ARTICLES) and all(facts.values()), facts


def test_a_build_without_a_store_opens_kg_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kg.pipeline.build import build_target

    monkeypatch.setenv("KG_STORE", str(tmp_path / "from-env"))
    monkeypatch.chdir(tmp_path)
    with build_target(None) as store:
        assert Path(store.path) == tmp_path / "from-env"
    assert not (tmp_path / ".kg").exists()
