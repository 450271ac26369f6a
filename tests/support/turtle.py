"""The Turtle/TriG header of the tests' own RDF data (the model of docs/architecture.md, base
http://kg.example.org/): one copy for every fixture written by hand or generated."""

PREFIXES = """@prefix kgo: <http://kg.example.org/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix e: <http://kg.example.org/entity/> .
@prefix st: <http://kg.example.org/statement/> .
@prefix art: <http://kg.example.org/article/> .
"""
