"""The pipeline: read → extract → build RDF → validate with SHACL → store, article by article.

- `ingest`: carries files through every step, in batches and worker processes;
- `build`: turns one extraction into the RDF of one article (its named graph);
- `shared`: keeps the graph of a shared thing (an expert …) while an article names it;
- `validate`: checks graphs against the SHACL shapes, one readable line per problem;
- `resources`: the vocabulary and the shapes as shipped inside the package.
"""

from typing import Literal

# Kept here, not in `validate`, so the command line can offer them without importing an engine.
Engine = Literal["turbo", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("turbo", "pyshacl")  # pyshacl-turbo first: the default
