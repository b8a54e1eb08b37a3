"""Helpers for the Chinese text-as-data notebook collection: clean, segment, extract, chart."""

__version__ = "0.1.0"
