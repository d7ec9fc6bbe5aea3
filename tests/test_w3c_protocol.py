"""The W3C SPARQL 1.1 Protocol tests (34 of them) against the real server, update token set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from w3c import PROTOCOL_MANIFEST, ManifestTest, Server, load_manifest, run_test, serve_with_summary

ABSENT = f"{PROTOCOL_MANIFEST} is absent (../shared holds the W3C manifests)"
pytestmark = [pytest.mark.server, pytest.mark.slow,
              pytest.mark.skipif(not PROTOCOL_MANIFEST.is_file(), reason=ABSENT)]
OUTCOMES: dict[str, list[str]] = {}


def _tests() -> list[ManifestTest]:
    return list(load_manifest(PROTOCOL_MANIFEST)) if PROTOCOL_MANIFEST.is_file() else []


@pytest.fixture(scope="module")
def server(live_server, request) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    """The live server's endpoints, with the update token, and a summary printed at the end."""
    yield from serve_with_summary(live_server, request, "W3C protocol", OUTCOMES)


def test_the_manifest_lists_34_tests() -> None:
    if not PROTOCOL_MANIFEST.is_file():
        pytest.skip(ABSENT)
    assert len(_tests()) == 34


@pytest.mark.parametrize("test", _tests() or [None], ids=lambda t: t.id if t else "absent")
def test_w3c_protocol(server: Server, test: ManifestTest | None) -> None:
    if test is None:
        pytest.skip(ABSENT)
    problems = run_test(server, test)
    OUTCOMES[test.id] = problems
    assert not problems, f"{test.name}: " + "\n".join(problems)
