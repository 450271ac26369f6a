"""One source for every vocabulary: the relations the code uses are the ontology's properties,
and the names the stages share (modalities, types, key prefixes, namespaces) are defined once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace

from kg.extract.common.lexicon import load as load_en
from kg.extract.common.lexicon import load_de
from kg.model import ENTITY_TYPES, LOCAL_KEYS, MODALITIES, TYPE_KEY_PREFIX
from kg.paths import ontology_file
from kg.rdf.rules import load_rules
from kg.rdf.terms import KGO, PREFIXES, sparql_prologue
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


def _copies(tree: ast.AST, *, keys: bool, kgo: bool) -> list[str]:
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
            if kgo and KGO in n.value:
                found.append(f"the kgo: namespace at line {n.lineno}")
            if keys and n.value.startswith(LOCAL_KEYS):
                found.append(f"key prefix {n.value!r} at line {n.lineno}")
        elif isinstance(n, ast.Tuple | ast.List | ast.Set):
            names = {e.value for e in n.elts if isinstance(e, ast.Constant)}
            if keys and len(names & set(MODALITIES)) >= 3:
                found.append(f"a modality list at line {n.lineno}")
            if keys and len(names & set(ENTITY_TYPES)) >= 5:
                found.append(f"an entity-type list at line {n.lineno}")
    return found


def test_no_module_spells_a_shared_name_again() -> None:
    """The ontology namespace is spelled only in kg/rdf/terms.py; modalities, entity types and
    the within-article key prefixes ("name:", "ref:" ...) only in kg/model.py."""
    again = []
    for path in (REPO / "kg").rglob("*.py"):
        rel = path.relative_to(REPO).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        again += [
            f"{rel}: {c}"
            for c in _copies(tree, keys=rel != "kg/model.py", kgo=rel != "kg/rdf/terms.py")
        ]
    assert not again, again


def test_sparql_prologue() -> None:
    assert sparql_prologue("kgo") == f"PREFIX kgo: <{KGO}>\n"
    assert sparql_prologue().count("PREFIX") == len(PREFIXES)
