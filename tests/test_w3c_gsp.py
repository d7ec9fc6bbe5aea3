"""The W3C Graph Store Protocol tests (direct and indirect identification) against the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from w3c import GSP_MANIFEST, ManifestTest, Server, load_manifest, run_test, serve_with_summary

ABSENT = f"{GSP_MANIFEST} is absent (../shared holds the W3C manifests)"
pytestmark = [pytest.mark.server, pytest.mark.slow,
              pytest.mark.skipif(not GSP_MANIFEST.is_file(), reason=ABSENT)]
OUTCOMES: dict[str, list[str]] = {}


def _tests() -> list[ManifestTest]:
    return list(load_manifest(GSP_MANIFEST)) if GSP_MANIFEST.is_file() else []


@pytest.fixture(scope="module")
def server(live_server, request) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    """The live server's endpoints, with the update token, and a summary printed at the end."""
    yield from serve_with_summary(live_server, request, "W3C graph store protocol", OUTCOMES)


@pytest.mark.parametrize("test", _tests() or [None], ids=lambda t: t.id if t else "absent")
def test_w3c_graph_store_protocol(server: Server, test: ManifestTest | None) -> None:
    if test is None:
        pytest.skip(ABSENT)
    # Each test expects a fresh graph store (its first PUT must answer 201 Created).
    status, _, body = server.send("POST", server.sparql_path,
                                  {"content-type": "application/sparql-update"}, b"DROP ALL")
    assert status == 204, body
    problems = run_test(server, test)
    OUTCOMES[test.id] = problems
    assert not problems, f"{test.name}: " + "\n".join(problems)
