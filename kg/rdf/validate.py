"""SHACL validation of a build's output (the union of all graphs) with pyshacl."""

from __future__ import annotations

from typing import Any

from kg.paths import shapes_file


def validate(store: Any) -> tuple[bool, str]:
    """(conforms, report text) for a kg Store, a pyoxigraph Store or an rdflib Graph."""
    import pyoxigraph as ox
    import pyshacl
    from rdflib import Graph

    if isinstance(store, Graph):
        data = store
    else:
        ox_store = getattr(store, "ox", store)
        triples = ox_store.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        data = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, _graph, text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return bool(conforms), str(text)
