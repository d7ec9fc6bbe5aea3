"""HTTP exchanges with a remote SPARQL 1.1 store: requests, keep-alive connections, retries.

SPARQLWrapper builds each request (direct POSTs to Oxigraph's server, form POSTs elsewhere);
this module sends it over the store's own connections, retries what may succeed on a second
try, and reads the answer by its media type with Oxigraph's parsers.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from SPARQLWrapper import SPARQLWrapper

from kg.errors import QueryLimitExceeded, QuerySyntaxError, StoreError
from kg.store.results import QueryResult, TriplesResult
from kg.store.virtuoso import plain_blank_nodes

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.5"
ANY_ACCEPT = f"{RESULTS_ACCEPT}, {GRAPH_ACCEPT}"
# How stores word a query over their limits (Virtuoso's cost estimate, time-outs).
LIMIT_SIGNS = ("exceeds the limit", "timed out", "Timeout", "timeout")


@dataclass
class Answer:
    """One HTTP answer from the store: status, headers and body."""

    status: int
    headers: http.client.HTTPMessage  # case-insensitive, as both transports give it
    body: bytes

    @property
    def media_type(self) -> str:
        """The Content-Type without its parameters."""
        return self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()


class Failure(Exception):
    """A failed exchange with the store, and whether trying again may help."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None,
                 limit: bool = False) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.limit = limit or (status is not None and any(s in message for s in LIMIT_SIGNS))


class Client(SPARQLWrapper):
    """SPARQLWrapper building the request, sent over this store's own connections.

    SPARQLWrapper installs a process-wide urllib opener for Digest auth, which would share
    credentials with every other request of the process and race between threads; this
    client sends through the store's keep-alive connections (or, for Digest, its own
    opener) and keeps status and headers of failed answers.
    """

    def __init__(self, endpoint: str, update_endpoint: str,
                 transport: Connections | urllib.request.OpenerDirector) -> None:
        super().__init__(endpoint, updateEndpoint=update_endpoint)
        self._transport = transport

    def exchange(self) -> Answer:
        """Send the request; return the answer or raise Failure."""
        request = self._createRequest()
        try:
            if isinstance(self._transport, Connections):
                answer = self._transport.send(request, float(self.timeout or 60))
                if answer.status >= 400:
                    body = answer.body.decode("utf-8", "replace").strip()
                    raise Failure(body or f"HTTP {answer.status}",
                                   transient=_transient(answer.status, body),
                                   status=answer.status)
                return answer
            with self._transport.open(request, timeout=self.timeout) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace").strip()
            raise Failure(body or error.reason, transient=_transient(error.code, body),
                           status=error.code) from error
        except TimeoutError as error:  # connected, but no answer in time: do not send it again
            raise Failure(f"no answer within {self.timeout} s", transient=False,
                           limit=True) from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Failure(f"unreachable: {reason}", transient=True) from error


class _Kept:
    """The connections one thread keeps open, closed when the thread ends or the store closes."""

    def __init__(self) -> None:
        self.connections: dict[tuple[str, str], http.client.HTTPConnection] = {}

    def close(self) -> None:
        """Close every kept connection."""
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()

    __del__ = close


class Connections:
    """Keep-alive HTTP connections to the store, one per thread and host.

    A new TCP connection per request (urllib's way) costs more than a small query does;
    http.client connections are not thread-safe, so each thread keeps its own.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: weakref.WeakSet[_Kept] = weakref.WeakSet()

    def _kept(self) -> _Kept:
        kept: _Kept | None = getattr(self._local, "kept", None)
        if kept is None:
            kept = self._local.kept = _Kept()
            self._all.add(kept)
        return kept

    def send(self, request: urllib.request.Request, timeout: float) -> Answer:
        """Send a built request, once more on a new connection if a kept one had gone stale."""
        parts = urllib.parse.urlsplit(request.full_url)
        key = (parts.scheme, parts.netloc)
        kept = self._kept().connections
        selector = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {name.title(): value for name, value in request.header_items()}  # as urllib
        while True:
            connection = kept.pop(key, None)
            reused = connection is not None
            if connection is None:
                kind = (http.client.HTTPSConnection if parts.scheme == "https"
                        else http.client.HTTPConnection)
                connection = kind(parts.hostname or "localhost", parts.port, timeout=timeout)
            try:
                connection.request(request.get_method(), selector, request.data, headers)
                response = connection.getresponse()
                body = _read_within(response, time.monotonic() + timeout, timeout)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                connection.close()
                if reused:  # the store closed an idle connection: it never saw this request
                    continue
                raise
            except BaseException:
                connection.close()
                raise
            if response.will_close:
                connection.close()
            else:
                kept[key] = connection
            return Answer(response.status, response.headers, body)

    def close(self) -> None:
        """Close the connections of every thread."""
        for kept in list(self._all):
            kept.close()


def _read_within(response: http.client.HTTPResponse, deadline: float, timeout: float) -> bytes:
    """Read a whole body, giving up at the deadline even while bytes keep coming.

    A socket timeout only bounds each wait; a store streaming a huge answer never trips it.
    Giving up closes the connection, and a store that streams its answer then stops writing.
    """
    chunks = []
    while chunk := response.read(1 << 16):
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError(f"the answer was still coming after {timeout:g} s")
    return b"".join(chunks)


def _transient(status: int, body: str) -> bool:
    """Tell whether trying again may help: 5xx, except Virtuoso's definitive SQL errors.

    Virtuoso answers 500 for every engine error; its SQLSTATE says which are worth retrying
    (40001 deadlock, 08xxx connection are; syntax, access and limit errors are not).
    """
    if status < 500:
        return False
    match = re.match(r"Virtuoso (\w{5}) Error", body)
    return match is None or match.group(1) == "40001" or match.group(1).startswith("08")


def retrying(call: Callable[[], Answer], attempts: int, location: str, text: str) -> Answer:
    """Call the store up to `attempts` times, backing off 0.2 s, 0.8 s, 3.2 s… between them."""
    delay = 0.2
    for attempt in range(attempts):
        try:
            return call()
        except Failure as failure:
            if failure.status == 400:
                raise QuerySyntaxError(_reason(str(failure), text)) from failure
            if failure.limit:
                raise QueryLimitExceeded(
                    f"the store refused or stopped the query: {_reason(str(failure), text)}"
                ) from failure
            if failure.status in (401, 403):
                raise StoreError(f"store {location} refused the credentials "
                                 f"({failure.status}): {_first_line(str(failure))}") from failure
            if not failure.transient:
                raise StoreError(f"store {location} answered {failure.status}: "
                                 f"{_first_line(str(failure))}") from failure
            if attempt == attempts - 1:
                what = (str(failure) if failure.status is None
                        else f"failing ({failure.status}: {_first_line(str(failure))})")
                raise StoreError(f"store {location} is {what} after {attempts} "
                                 f"attempt{'s' if attempts > 1 else ''}") from failure
        time.sleep(delay)
        delay *= 4
    raise AssertionError("unreachable")


def parse_answer(answer: Answer) -> QueryResult:
    """Read an answer by its media type: SPARQL results (JSON, XML) or N-Triples."""
    try:
        if answer.media_type in ("application/n-triples", "text/plain"):
            quads = ox.parse(answer.body, ox.RdfFormat.N_TRIPLES)
            return TriplesResult([q.triple for q in quads])
        if answer.media_type == "application/sparql-results+xml":
            return ox.parse_query_results(answer.body, ox.QueryResultsFormat.XML)
        if answer.media_type == "application/sparql-results+json":
            body = answer.body
            if b"nodeID://" in body:
                body = plain_blank_nodes(body)
            return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except SyntaxError as error:
        raise StoreError(f"the store's answer does not parse as {answer.media_type}: "
                         f"{error}") from error
    raise StoreError(f"the store answered {answer.media_type or 'no media type'}, "
                     "not SPARQL results or N-Triples")


def _first_line(text: str) -> str:
    """Keep the first line of a store's message, so errors stay one line."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:300]


def _reason(message: str, text: str) -> str:
    """Keep the store's own words about a syntax error, without the query it echoes back."""
    head = message.split("SPARQL query:", 1)[0]
    return " ".join(head.split())[:500] or f"the store rejected: {text[:80]}"
