"""Orchestration of the stages; not a stage itself. `build` is what `kg build` runs."""

from kg.pipeline.build import BuildReport, build, extract_records

__all__ = ["BuildReport", "build", "extract_records"]
