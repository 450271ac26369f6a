"""The graph page: RDF -> networkx graph -> one self-contained, offline, safe HTML file.

    g = graph_from_store(Store(path, read_only=True), focus="General Motors", hops=2)
    info = render(g, "out/graph.html")

pyvis (and its jinja/IPython imports) loads only when a page is rendered.
"""

from kg.viz.graph import MODALITIES, find_node, graph_from_rdf, graph_from_store
from kg.viz.labels import ontology_labels
from kg.viz.page import RenderInfo, page_html, render, script_json

__all__ = [
    "MODALITIES",
    "RenderInfo",
    "find_node",
    "graph_from_rdf",
    "graph_from_store",
    "ontology_labels",
    "page_html",
    "render",
    "script_json",
]
