"""SPARQL over the store, the text formats `kg query` prints, and the facts' timelines."""

from kg.query.run import answer, example_queries, format_result, run_query, stats
from kg.query.timelines import fact_timelines, status_as_of

__all__ = [
    "answer",
    "example_queries",
    "fact_timelines",
    "format_result",
    "run_query",
    "stats",
    "status_as_of",
]
