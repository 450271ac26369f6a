"""SPARQL over the store, and the text formats `kg query` prints."""

from kg.query.run import example_queries, format_result, run_query, stats

__all__ = ["example_queries", "format_result", "run_query", "stats"]
