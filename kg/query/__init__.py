"""SPARQL over the store, and the text formats `kg query` prints."""

from kg.query.run import answer, example_queries, format_result, run_query, stats

__all__ = ["answer", "example_queries", "format_result", "run_query", "stats"]
