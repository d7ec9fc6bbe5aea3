"""Presentation of what kg reads: JSON-LD for pages, highlighting, documentation layouts."""
