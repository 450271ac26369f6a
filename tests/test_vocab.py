"""One source for every vocabulary: the relations the code uses are the ontology's properties,
and the names the stages share (modalities, types, key prefixes, namespaces) are defined once."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace

from kg import mint
from kg.errors import RDFError
from kg.extract.common.lexicon import load as load_en
from kg.extract.common.lexicon import load_de
from kg.mint import KGO, PREFIXES, sparql_prologue
from kg.model import ENTITY_TYPES, LOCAL_KEYS, MODALITIES, TYPE_KEY_PREFIX
from kg.paths import ontology_file
from kg.rdf.rules import load_rules
from kg.vocab import vocabulary

REPO = Path(__file__).resolve().parents[1]
ONTO = Graph().parse(ontology_file(), format="turtle")
NS = Namespace(KGO)


def _local(term) -> str:
    return str(term)[len(KGO) :]


def test_vocabulary_is_the_ontologys_object_properties_between_entities() -> None:
    v = vocabulary()
    assert v.namespace == KGO
    about_statements = set(ONTO.subjects(RDFS.domain, RDF.Statement))
    props = {
        _local(p)
        for p in ONTO.subjects(RDF.type, OWL.ObjectProperty)
        if str(p).startswith(KGO) and p not in about_statements
    }
    assert v.relations == props and "modality" not in v.relations
    derived = {_local(p) for p in ONTO.subjects(NS.derivedOnly, Literal(True))}
    assert derived == {"suppliesTo", "licensesTechnologyTo", "parentOf", "operatedBy"}
    assert v.predicates == props - derived
    assert v.symmetric == {_local(p) for p in ONTO.subjects(RDF.type, OWL.SymmetricProperty)}
    for a, b in ONTO.subject_objects(OWL.inverseOf):
        assert v.inverse[_local(a)] == _local(b) and v.inverse[_local(b)] == _local(a)


def test_the_rule_engine_reads_the_same_symmetry_and_inverses() -> None:
    v = vocabulary()
    rules = load_rules()
    assert {_local(r.head) for r in rules if r.kind == "symmetric"} == v.symmetric
    assert {(_local(r.body[0]), _local(r.head)) for r in rules if r.kind == "inverse"} == set(
        v.inverse.items()
    )


def test_every_predicate_the_extractors_can_emit_is_an_ontology_property() -> None:
    v = vocabulary()
    for lexicon in (load_en(), load_de()):
        rules = [*lexicon.verbs.values(), *lexicon.nouns.values()]
        used = {r.predicate for group in rules for r in group}
        assert used and used <= v.predicates, used - v.predicates
    # Predicates written in extractor code (camelCase literals: "subsidiaryOf", "basedIn").
    literals = set()
    for path in (REPO / "kg" / "extract").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"[a-z]+(?:[A-Z][a-z]*)+", node.value)
            ):
                literals.add(node.value)
    assert literals and literals <= v.predicates, literals - v.predicates


def test_modalities_and_types_are_the_ontologys_individuals_and_classes() -> None:
    modalities = {_local(m) for m in ONTO.subjects(RDF.type, NS.Modality)}
    assert set(MODALITIES) == modalities
    classes = {_local(c) for c in ONTO.subjects(RDF.type, OWL.Class) if str(c).startswith(KGO)}
    assert set(ENTITY_TYPES) <= classes
    assert set(TYPE_KEY_PREFIX) == set(ENTITY_TYPES)


# A namespace IRI: http(s) and a dotted host name; "http://" alone and the "http://HOST:PORT/store"
# of a help text are not.
_IRI = re.compile(r"https?://[^\s\"'<>{}()`\\]+")
_HOST = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[:/#]|$)")
MINT = "kg/mint.py"
ENTITY_KEY_PREFIXES = tuple(p + "/" for p in TYPE_KEY_PREFIX.values())
# The paths under the data base IRI (f"{base}graph/{id}" is a graph IRI minted by hand).
IRI_PATHS = ("entity/", "article/", "statement/", "graph/", "pending/")
VENDORED = {"kg/viz/assets/vis-network.min.js"}  # third-party, shipped as published


# A file fetched at install time (kg/wordnet.py's pinned tarball) is a location, not a namespace.
_DOWNLOAD = (".tgz", ".tar.gz", ".zip", ".whl")


def _namespace_iris(text: str) -> list[str]:
    """The namespace IRIs spelled in `text`."""
    return [i for i in _IRI.findall(text) if _HOST.match(i) and not i.endswith(_DOWNLOAD)]


def _copies(tree: ast.AST, *, keys: bool, rel: str) -> list[str]:
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    found = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings:
            if rel != MINT:
                found += [f"the IRI {i} at line {n.lineno}" for i in _namespace_iris(n.value)]
            if keys and n.value.startswith((*LOCAL_KEYS, *ENTITY_KEY_PREFIXES)):
                found.append(f"key prefix {n.value!r} at line {n.lineno}")
            if rel != MINT and n.value.startswith(IRI_PATHS):
                found.append(f"an IRI path {n.value!r} at line {n.lineno}")
        elif isinstance(n, ast.Tuple | ast.List | ast.Set):
            names = {e.value for e in n.elts if isinstance(e, ast.Constant)}
            if keys and len(names & set(MODALITIES)) >= 3:
                found.append(f"a modality list at line {n.lineno}")
            if keys and len(names & set(ENTITY_TYPES)) >= 5:
                found.append(f"an entity-type list at line {n.lineno}")
    return found


def test_no_module_spells_a_shared_name_again() -> None:
    """Namespaces, IRIs and entity-key prefixes ("organization/", "place/" ...) are minted only in
    kg/mint.py; modalities, entity types and the within-article key prefixes ("name:", "ref:" ...)
    are spelled only in kg/model.py."""
    again = []
    for path in (REPO / "kg").rglob("*.py"):
        rel = path.relative_to(REPO).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        again += [f"{rel}: {c}" for c in _copies(tree, keys=rel != "kg/model.py", rel=rel)]
    assert not again, again


def _js_code(text: str) -> str:
    """JavaScript without its comments (a `//` after a colon is a URL's, not a comment)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?<!:)//.*$", "", text, flags=re.M)


def test_no_page_script_spells_a_namespace() -> None:
    """The pages' scripts and HTML are given their prefixes by the server (kg/serve/pages.py)."""
    again = []
    for path in sorted((REPO / "kg").rglob("*")):
        rel = path.relative_to(REPO).as_posix()
        if path.suffix not in (".js", ".html") or rel in VENDORED:
            continue
        again += [f"{rel}: {i}" for i in _namespace_iris(_js_code(path.read_text("utf-8")))]
    assert not again, again


def test_the_checks_find_what_they_look_for() -> None:
    tree = ast.parse(
        'X = "http://www.w3.org/2002/07/owl#sameAs"\nY = f"place/{x}"\nZ = "http://HOST:1/s"\n'
        'W = "http://" + h\nV = "<https://sws.geonames.org/1/>"\nU = f"{base}graph/{g}"'
    )
    assert sorted(_copies(tree, keys=True, rel="kg/x.py")) == [
        "an IRI path 'graph/' at line 6",
        "key prefix 'place/' at line 2",
        "the IRI http://www.w3.org/2002/07/owl#sameAs at line 1",
        "the IRI https://sws.geonames.org/1/ at line 5",
    ]
    assert sorted(_copies(tree, keys=False, rel="kg/viz/x.py")) == [
        "an IRI path 'graph/' at line 6",
        "the IRI http://www.w3.org/2002/07/owl#sameAs at line 1",
        "the IRI https://sws.geonames.org/1/ at line 5",
    ]
    js = '// see http://x.org/a\nconst a = ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"];'
    assert _namespace_iris(_js_code(js)) == [mint.RDF]
    assert _namespace_iris(_js_code("/^https?:\\/\\//i.test(u)")) == []


def _kgo_attributes(tree: ast.AST) -> set[str]:
    """Local names used as `KGO.name` or `KGO.term("name")`."""
    used = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "KGO":
            if n.attr != "term" and not hasattr(str, n.attr):
                used.add(n.attr)
        elif (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "term"
            and isinstance(n.func.value, ast.Name)
            and n.func.value.id == "KGO"
            and n.args
            and isinstance(n.args[0], ast.Constant)
        ):
            used.add(n.args[0].value)
    return used


def test_every_kgo_term_the_code_names_is_the_ontologys() -> None:
    """`KGO` is closed: a misspelt term fails at its first use, and here for every use."""
    defined = {_local(s) for s in ONTO.subjects() if str(s).startswith(KGO)}
    used: set[str] = set()
    for path in [*(REPO / "kg").rglob("*.py"), *(REPO / "tests").rglob("*.py")]:
        used |= _kgo_attributes(ast.parse(path.read_text(encoding="utf-8")))
    assert {"Article", "origin", "inferred", "isoCode"} <= used
    assert used <= defined, used - defined
    assert mint.KGO.buysFrom == KGO + "buysFrom" and mint.KGO.term("Negated") == KGO + "Negated"
    with pytest.raises(RDFError, match="kgo:buysFromm is not a term of the ontology"):
        _ = mint.KGO.buysFromm
    with pytest.raises(RDFError, match="kgo:Perhaps"):
        mint.KGO.term("Perhaps")
    assert not hasattr(mint.KGO, "_private") and str(mint.KGO) == KGO


def test_no_code_builds_a_kgo_term_by_hand() -> None:
    """`KGO + "name"` and f"{KGO}name" would bypass the closed namespace."""
    found = []
    for path in (REPO / "kg").rglob("*.py"):
        rel = path.relative_to(REPO).as_posix()
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            parts = []
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
                parts = [n.left, n.right]
            elif isinstance(n, ast.JoinedStr):
                parts = [v.value if isinstance(v, ast.FormattedValue) else v for v in n.values]
            for a, b in itertools.pairwise(parts):
                if (
                    isinstance(a, ast.Name)
                    and a.id == "KGO"
                    and isinstance(b, ast.Constant)
                    and re.match(r"[A-Za-z]", str(b.value))
                ):
                    found.append(f"{rel}:{n.lineno}")
    assert not found, found


def test_sparql_prologue() -> None:
    assert sparql_prologue("kgo") == f"PREFIX kgo: <{KGO}>\n"
    assert sparql_prologue().count("PREFIX") == len(PREFIXES)
