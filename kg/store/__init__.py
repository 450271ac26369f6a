"""The graph store: on-disk Oxigraph (default `.kg/store`), or any SPARQL 1.1 store
(`sparql:URL`, see `kg.store.remote`)."""

from kg.store.oxi import DEFAULT_STORE, FORMATS, Store, rdf_format
from kg.store.remote import RemoteStore, open_store

__all__ = ["DEFAULT_STORE", "FORMATS", "RemoteStore", "Store", "open_store", "rdf_format"]
