"""`import kg` (and the CLI's --help) must stay light: no spaCy, no pyvis."""

import subprocess
import sys

HEAVY = ("spacy", "pyvis", "thinc", "trafilatura", "lingua", "pyshacl", "owlrl", "rdflib")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {m.split(".")[0] for m in out.stdout.split()}


def test_import_kg_is_light() -> None:
    loaded = _loaded_after("import kg")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_cli_help_is_light() -> None:
    loaded = _loaded_after("from kg.cli.main import parser; parser().format_help()")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
