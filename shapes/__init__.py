"""The stancegraph SHACL shapes (Turtle): the single source of truth, shipped as package data."""
