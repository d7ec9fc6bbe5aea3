"""Full-text search over the store's articles, people, organizations and countries."""

from kg.search.index import KINDS, Hit, Results, SearchIndex, fts_query, index_location

__all__ = ["KINDS", "Hit", "Results", "SearchIndex", "fts_query", "index_location"]
