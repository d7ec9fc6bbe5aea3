"""Admission control for SPARQL operations: at most N at once per client address, M overall.

A few clients flooding long queries must not take every worker thread, nor every core of the
store, from everyone else. Beyond QUERIES_PER_CLIENT the client is answered 429 (it is the one
asking too much), beyond QUERIES_AT_ONCE 503 (the server is full): both with Retry-After.

The slots live in shared memory made with the application, so the limits hold across the
processes forked after it: `kg serve` preloads the application before gunicorn forks its
workers. (An application built in each process, as another WSGI server may do, counts per
process.) A slot names the process holding it; slots of a process that died are taken back.
Client addresses are kept as CRC-32 hashes: two addresses that collide share their count.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

EXTENSION = "kg.admission"
RETRY_AFTER = 2  # seconds: about the time a light query takes to free its slot, with margin


class Admission:
    """Slots for running operations, shared by the processes forked after it was made."""

    def __init__(self, overall: int, per_client: int) -> None:
        self.overall = max(1, overall)
        self.per_client = max(1, per_client)
        self._lock = multiprocessing.Lock()
        self._holders = multiprocessing.RawArray(ctypes.c_long, self.overall)  # pid, 0: free
        self._clients = multiprocessing.RawArray(ctypes.c_uint32, self.overall)

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """Hold a slot for `client` while the block runs, or refuse with 429 or 503."""
        index = self._take(zlib.crc32(client.encode()))
        try:
            yield
        finally:
            with self._lock:
                self._holders[index] = 0

    def _take(self, client: int) -> int:
        with self._lock:
            if self._refusal(client) is not None:
                self._free_slots_of_dead_processes()
            if (refusal := self._refusal(client)) is not None:
                raise refusal
            index = next(i for i in range(self.overall) if not self._holders[i])
            self._holders[index] = os.getpid()
            self._clients[index] = client
            return index

    def _refusal(self, client: int) -> TooManyRequests | ServiceUnavailable | None:
        held = [i for i in range(self.overall) if self._holders[i]]
        if sum(1 for i in held if self._clients[i] == client) >= self.per_client:
            return TooManyRequests(
                f"this client already runs {self.per_client} SPARQL operations at once "
                "(QUERIES_PER_CLIENT); wait for one to finish", retry_after=RETRY_AFTER)
        if len(held) >= self.overall:
            return ServiceUnavailable(
                f"the server already runs {self.overall} SPARQL operations at once "
                "(QUERIES_AT_ONCE); try again shortly", retry_after=RETRY_AFTER)
        return None

    def _free_slots_of_dead_processes(self) -> None:
        for index in range(self.overall):
            if pid := self._holders[index]:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    self._holders[index] = 0


def init_app(app: Flask) -> None:
    """Make the application's slots now, before any worker process is forked."""
    app.extensions[EXTENSION] = Admission(int(app.config["QUERIES_AT_ONCE"]),
                                          int(app.config["QUERIES_PER_CLIENT"]))


def admission() -> Admission:
    """Return the slots of the application handling this request."""
    found: Admission = current_app.extensions[EXTENSION]
    return found
