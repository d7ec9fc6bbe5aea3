"""stancegraph: expert-interview articles in, a validated and published knowledge graph out."""

__version__ = "0.1.0"
