"""The stancegraph vocabulary (OWL/RDFS, Turtle): the single source of truth, shipped as package data."""
