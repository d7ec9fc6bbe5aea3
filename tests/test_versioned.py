"""The one cache of values computed from the whole data: kept per data version, bounded."""

from __future__ import annotations

from kg.publish.versioned import PerVersion


def test_a_value_is_computed_once_per_data_version() -> None:
    cache: PerVersion[int] = PerVersion(4)
    calls: list[str] = []

    def compute(version: str) -> int:
        calls.append(version)
        return len(calls)

    assert cache.get("figures", "v1", lambda: compute("v1")) == 1
    assert cache.get("figures", "v1", lambda: compute("v1")) == 1
    assert cache.get("figures", "v2", lambda: compute("v2")) == 2  # a write changed the data
    assert calls == ["v1", "v2"]


def test_the_oldest_values_are_forgotten_first() -> None:
    cache: PerVersion[str] = PerVersion(2)
    for key in ("a", "b", "c"):
        cache.get(key, "v", lambda key=key: key.upper())
    recomputed: list[str] = []
    cache.get("a", "v", lambda: recomputed.append("a") or "A")
    cache.get("c", "v", lambda: recomputed.append("c") or "C")
    assert recomputed == ["a"]
