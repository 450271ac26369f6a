"""What extractors yield before modality and confidence are attached: a `Candidate`."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.model import Mention


@dataclass(frozen=True, slots=True)
class Candidate:
    subject: Mention
    predicate: str
    object: Mention
    trigger: Token  # modality is read from the verb chain above it; the sentence is its sentence
    strength: float  # prior precision of the pattern
    implicit: bool = False  # an argument was inherited by climbing the tree, not a direct child
    modality: str | None = None  # fixed modality (attributes) instead of reading the chain
    extractor: str = ""
