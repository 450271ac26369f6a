"""German extraction over the rule-based German route (`docs/german.md`).

Importing this package registers `kg.extract.de.v1`.
"""

from kg.extract.de.extract import extract_de

__all__ = ["extract_de"]
