"""The benchmark suite of issue 5: `python -m bench.run` (see docs/performance.md)."""
