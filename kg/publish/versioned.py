"""Values computed from the whole data, kept until the data changes.

Aggregates (figures, rankings, VoID statistics) and date-sorted lists cost seconds at scale and
are asked for on every visit; only a write changes them, and every write stamps the store
(`Store.modified`). One cache serves them all, keyed on what was computed and the data version.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerVersion(Generic[T]):
    """Remember computed values by key and data version, the oldest forgotten first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: dict[tuple[Hashable, str], T] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: str, compute: Callable[[], T]) -> T:
        """Return the value for this key at this data version, computing it when missing.

        Two threads asking at once may both compute it; both get a correct value.
        """
        entry = (key, version)
        with self._lock:
            if entry in self._values:
                return self._values[entry]
        value = compute()
        with self._lock:
            while len(self._values) >= self._size:
                del self._values[next(iter(self._values))]  # the oldest first
            self._values[entry] = value
        return value
