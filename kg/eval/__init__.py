"""Evaluation harness: gold facts vs predicted facts (`kg eval`). spaCy-free."""

from __future__ import annotations

from kg.errors import EvalError
from kg.eval.loaders import load_gold, load_predictions
from kg.eval.score import Report, Score, evaluate, format_report, unmatched_articles
from kg.eval.store import articles_in_store, predictions_from_store

__all__ = [
    "EvalError",
    "Report",
    "Score",
    "articles_in_store",
    "evaluate",
    "format_report",
    "load_gold",
    "load_predictions",
    "predictions_from_store",
    "unmatched_articles",
]
