"""Extraction of experts, countries, organizations and stances from article text."""
