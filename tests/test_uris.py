"""The URI scheme of DESIGN.md: stable, readable IRIs under one base."""

from kg.uris import URIs, slugify


def test_a_headline_gives_a_readable_ascii_slug() -> None:
    assert slugify("Russia’s Approach to the Supply of Turkish Drones to Ukraine") == \
        "russias-approach-to-the-supply-of-turkish-drones-to-ukraine"
    assert slugify("Türkiye & Côte d'Ivoire: 2024") == "turkiye-cote-divoire-2024"


def test_long_slugs_are_cut_on_a_word_boundary() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("word")


def test_the_base_gets_exactly_one_slash() -> None:
    assert URIs("http://example.org").country("TR") == "http://example.org/id/country/tr"
    assert URIs("http://example.org/").country("TR") == "http://example.org/id/country/tr"


def test_article_and_its_graph_share_the_slug() -> None:
    uris = URIs("http://x/")
    assert uris.article("A B") == "http://x/id/article/a-b"
    assert uris.article_graph("A B") == "http://x/graph/article/a-b"


def test_stance_iris_are_stable_and_distinct() -> None:
    uris = URIs("http://x/")
    one = uris.stance("a", "h", "t", "support", 1, 9)
    assert one == uris.stance("a", "h", "t", "support", 1, 9)
    assert one != uris.stance("a", "h", "t", "oppose", 1, 9)
    assert one.startswith("http://x/id/stance/") and len(one.rsplit("/", 1)[1]) == 16
