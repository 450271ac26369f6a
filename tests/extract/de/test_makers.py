"""A product name's maker named by the article (`kg.extract.de.makers`): the first word of the
name is a company's when the article also uses it bare as a subject or a possessor."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _produces(text: str) -> set[tuple[str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.object.name) for f in ex.facts if f.predicate == "produces"}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # the maker is the bare subject of a finite verb elsewhere in the article
        (
            "Zorbix hat seine Zahlen vorgelegt. Gelobt wurde vor allem der Stift genannt "
            "Zorbix Quill.",
            ("Zorbix", "Zorbix Quill"),
        ),
        # ... after the finite verb, in a V2 clause with a fronted adverb
        (
            "Damit hat Velmora den Markt überrascht. Die Kritiker loben den Browser Velmora Glide.",
            ("Velmora", "Velmora Glide"),
        ),
        # ... or a possessive before a noun
        (
            "Velmoras Chefin ist zufrieden. Die Kritiker loben den Browser Velmora Glide.",
            ("Velmora", "Velmora Glide"),
        ),
    ],
)
def test_a_name_the_article_uses_bare_makes_its_products(text: str, fact) -> None:
    assert fact in _produces(text)


@pytest.mark.parametrize(
    "text",
    [
        # a product line stands bare too, but before two designations or more
        "Quorra heißt das neue Modell. Das Quorra 5X und das Quorra 6P kommen im Mai.",
        # a surname: written after a first name
        "Anna Zelnik hat gesprochen. Zelnik sagte, das Zelnik X1 sei gut.",
        # the word only ever after an article: no sign of a company
        "Das Quorra ist beliebt. Das Quorra 5X kommt im Mai.",
        # a number before a plural noun counts, it is no model
        "Brivanta wächst. Im Sommer betreibt die Brivanta 25 Flugzeuge.",
    ],
)
def test_no_maker_from_a_product_line_a_person_or_a_count(text: str) -> None:
    made = _produces(text)
    assert not any(p.split()[0] == m for m, p in made), made
