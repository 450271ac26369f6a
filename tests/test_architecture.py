"""The one-way flow `ingest -> nlp -> extract -> resolve -> rdf -> store -> query | viz | serve`,
read from the source: every `import` of a `kg` module (module level, inside functions and under
TYPE_CHECKING alike) is an edge; a stage imports only the stages it is allowed to, the shared
base modules (`kg/model.py`, `kg/names.py`, `kg/words.py`, the data loader `kg/resources/` ...)
import no stage, and no modules import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"
# Stage -> the other stages whose code it may import. A stage consumes the values of the one
# before it (`kg.model`), not its code, unless listed: extraction runs the nlp pipelines, the
# store serialises rdf terms, query/viz/serve read the store. Orchestration (pipeline, cli,
# eval) may import every stage.
ALLOWED: dict[str, set[str]] = {
    "ingest": set(),
    "nlp": set(),
    "extract": {"nlp"},
    "resolve": set(),
    "rdf": set(),
    "store": {"rdf"},
    "query": {"store", "rdf"},
    "viz": {"store", "rdf", "query"},
    "serve": {"store", "rdf", "query", "viz"},
}
ORCHESTRATION = {"pipeline", "cli", "eval"}
# Packages that are shared base modules, not stages: the loader beside the data it reads.
BASE_PACKAGES = {"resources"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in KG.rglob("*.py"):
        parts = path.relative_to(KG.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _edges() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                # "from kg import gazetteer" imports the module kg.gazetteer
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                ]
            else:
                continue
            edges[mod].update(t for t in targets if t in modules and t != mod)
    return edges


def _stage(mod: str) -> str:
    parts = mod.split(".")
    if len(parts) >= 2 and (KG / parts[1]).is_dir() and parts[1] not in BASE_PACKAGES:
        return parts[1]
    return "base"  # kg, kg.model, kg.names, kg.words, kg.gazetteer, kg.errors, kg.resources ...


def test_every_package_has_a_rule() -> None:
    stages = {p.name for p in KG.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages - BASE_PACKAGES <= set(ALLOWED) | ORCHESTRATION


def test_stages_import_only_what_the_flow_allows() -> None:
    bad = []
    for mod, targets in _edges().items():
        src = _stage(mod)
        for t in targets:
            dst = _stage(t)
            if src == dst or dst == "base" or src in ORCHESTRATION:
                continue
            if src == "base" or dst not in ALLOWED[src]:
                bad.append(f"{mod} -> {t}")
    assert not bad, "imports against the one-way flow:\n" + "\n".join(sorted(bad))


def test_rdf_decides_nothing_about_entities() -> None:
    # Labels, types and GeoNames / ISO identities come from resolution (`Extraction.entities`,
    # `Extraction.labels`): rdf imports neither resolution nor what it decides with; nlp reads
    # only nlp data.
    rdf = {t for m, ts in _edges().items() if _stage(m) == "rdf" for t in ts}
    decided = ("kg.resolve", "kg.names", "kg.gazetteer", "kg.places")
    assert not {t for t in rdf if t.startswith(decided)}
    nlp_src = "\n".join(p.read_text(encoding="utf-8") for p in (KG / "nlp").glob("*.py"))
    assert "triggers_" not in nlp_src and "words_extract" not in nlp_src


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_circles() -> None:
    # A package's __init__ importing its own modules (registration) is not a circle unless a
    # module imports the package back.
    assert _cycles(_edges()) == []


@pytest.mark.parametrize(
    ("edges", "circle"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ],
)
def test_the_circle_finder_finds_circles(edges, circle) -> None:
    assert _cycles(edges) == circle


def test_each_stage_reads_only_its_own_word_lists() -> None:
    # `kg.words.words("<stage>.<list>")`: the prefix names the file, so this is "nlp reads only
    # nlp data" checked from the source; the shared name normaliser reads "names.*".
    bad = []
    for mod, path in _modules().items():
        own = "names" if mod == "kg.names" else _stage(mod)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"words", "word_list"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                name = str(node.args[0].value)
                if name.split(".", 1)[0] != own:
                    bad.append(f"{mod} reads {name!r}")
    assert not bad, bad


def test_stage_modules_import_no_private_names_of_other_modules() -> None:
    # Shared helpers are public and live in one place (`kg/extract/de/shared.py`,
    # `kg/extract/common/`); checked for the stages whose modules share the most.
    bad = []
    for mod, path in _modules().items():
        if _stage(mod) not in {"nlp", "extract", "resolve", "rdf"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kg"):
                bad += [f"{mod}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert not bad, bad


def _tree() -> list[str]:
    text = (KG.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    start = text.index("## The tree")
    block = text[text.index("```\n", start) + 4 :]
    return block[: block.index("```")].splitlines()


def _tree_sections(lines: list[str]) -> dict[str, str]:
    """Package path ("kg/extract/en") -> the text of its entries (continuation lines included):
    a folder's own line, and the lines of the files listed under it."""
    sections: dict[str, list[str]] = {}
    folders: list[tuple[int, str]] = []  # (indent, name) of the folders we are inside
    current = ""
    for line in lines:
        entry = line.lstrip()
        indent = len(line) - len(entry)
        if entry and indent < 26:  # a new entry; deeper indents continue the one before
            folders = [(i, n) for i, n in folders if i < indent]
            name = entry.split(" ", 1)[0]
            if name.endswith("/"):
                folders.append((indent, name.rstrip("/")))
            current = "/".join(n for _, n in folders)
        sections.setdefault(current, []).append(entry)
    return {k: " ".join(v) for k, v in sections.items()}


def test_the_documented_tree_names_every_module() -> None:
    """docs/architecture.md's tree is the newcomer's map: a module missing from it is a doc lie."""
    import re

    sections = _tree_sections(_tree())
    missing = []
    for path in sorted(KG.rglob("*.py")):
        if path.name == "__init__.py" or "__pycache__" in path.parts:
            continue
        package = "/".join(path.relative_to(KG.parent).parts[:-1])
        text = sections.get(package, "")
        if not re.search(rf"(?<![\w.]){re.escape(path.stem)}(\.py)?(?!\w)", text):
            missing.append(str(path.relative_to(KG.parent)))
    assert missing == [], f"add these to the tree in docs/architecture.md: {missing}"
