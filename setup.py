"""Package layout that pyproject.toml cannot express on its own: the design card keeps the
ontology in a top-level `ontology/` folder (it is documentation as much as code), and the wheel
ships that folder as `kg/ontology/`, so an installed `kg` has its rules, shapes and queries.
Everything else (metadata, dependencies, package data) lives in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["kg", "kg.*"]), "kg.ontology", "kg.ontology.queries"],
    package_dir={"kg.ontology": "ontology"},
)
