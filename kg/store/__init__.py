"""The on-disk graph store (Oxigraph). Default location: `.kg/store` under the working directory."""

from kg.store.oxi import DEFAULT_STORE, FORMATS, Store, rdf_format

__all__ = ["DEFAULT_STORE", "FORMATS", "Store", "rdf_format"]
