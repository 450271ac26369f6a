"""kg: build one provenance-carrying RDF knowledge graph from business-news articles.

Stages flow one way: ingest -> nlp -> extract -> resolve -> rdf -> store -> query | viz | serve.
This module stays light on purpose (no spaCy, no pyvis): `import kg` must be cheap so the CLI's
`--help`, the server and notebooks start fast. Heavy stages import their dependencies lazily.
"""

from kg.errors import KGError
from kg.model import Article, Fact, Mention, Problem

__version__ = "0.1.0"

__all__ = ["Article", "Fact", "KGError", "Mention", "Problem", "__version__"]
