"""gunicorn's threaded worker, reading each request whole before a thread takes it.

gthread hands a connection to a thread once its first byte arrives, and the thread then blocks
until the headers and the body are in: 200 clients sending one header line a second held every
thread of `kg serve`, and a normal client's request timed out (measured: 15 s, every time).
This worker reads requests in its poller, without blocking, and hands one to a thread only
when its headers and body are complete, or past the size limits (the thread then refuses it
with 414, 431 or 413). A client that has not sent its whole request within REQUEST_SECONDS is
disconnected. Slow clients then cost a socket and their buffered bytes, not a thread; each
worker holds at most `--worker-connections` of them (gunicorn's default: 1000).

Plain HTTP/1.x only (as `kg serve` speaks it): TLS and HTTP/2 belong to the proxy in front.
"""

from __future__ import annotations

import re
import selectors
import socket
import time
from functools import partial
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker

REQUEST_SECONDS = 30.0  # to send a whole request: 16 MiB at 0.5 MiB/s, headers at any speed
HEADERS_END = b"\r\n\r\n"
CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.M)
CHUNKED = re.compile(rb"^transfer-encoding:[^\r\n]*chunked", re.IGNORECASE | re.M)
CHUNKED_END = b"0\r\n\r\n"
EXPECT_CONTINUE = re.compile(rb"^expect:[ \t]*100-continue", re.IGNORECASE | re.M)
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class BufferedRequestWorker(ThreadWorker):  # type: ignore[misc]  # gunicorn has no types
    """gthread, with requests read whole in the poller before a thread serves them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading: dict[TConn, tuple[bytearray, float]] = {}

    def enqueue_req(self, conn: TConn) -> None:
        """Read the request in the poller first (bytes a body drain read ahead: a thread)."""
        if conn.initialized and conn.parser.unreader.buf.getvalue():
            super().enqueue_req(conn)
            return
        conn.sock.setblocking(False)
        self.reading[conn] = (bytearray(), time.monotonic() + REQUEST_SECONDS)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._read_some, conn))

    def _read_some(self, conn: TConn, _sock: socket.socket) -> None:
        """Take what the client sent; hand the request to a thread once it is whole."""
        buffer, _ = self.reading[conn]
        try:
            chunk = conn.sock.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:  # the client left
            self._drop(conn)
            return
        buffer += chunk
        if self._whole(conn, buffer):
            del self.reading[conn]
            self.poller.unregister(conn.sock)
            conn.buffered_request = bytes(buffer)
            super().enqueue_req(conn)

    def _whole(self, conn: TConn, buffer: bytearray) -> bool:
        """Tell whether the buffer holds a whole request, or more than the limits allow."""
        end = buffer.find(HEADERS_END)
        cfg = self.cfg
        if end < 0:
            most = cfg.limit_request_line + cfg.limit_request_fields * (
                cfg.limit_request_field_size + 2)
            return len(buffer) > most
        head, body = bytes(buffer[:end]), len(buffer) - end - len(HEADERS_END)
        most_body = getattr(self.wsgi, "config", {}).get("MAX_CONTENT_LENGTH") or 0
        if CHUNKED.search(head):
            return buffer.endswith(CHUNKED_END) or body > most_body
        length = CONTENT_LENGTH.search(head)
        wanted = int(length.group(1)) if length else 0
        if wanted > most_body:  # refused on its Content-Length, unread
            return True
        if body < wanted and EXPECT_CONTINUE.search(head) and not body:
            try:  # RFC 9110 §10.1.1: the client may wait for it before it sends the body
                conn.sock.send(CONTINUE)
            except OSError:
                pass  # a client that cannot take 19 bytes sends its body or times out
        return body >= wanted

    def handle(self, conn: TConn) -> Any:
        """Serve a request from the bytes read in the poller."""
        buffered: bytes | None = getattr(conn, "buffered_request", None)
        if buffered is not None:
            del conn.buffered_request
            conn.data_ready = True  # the socket is drained: do not wait for it to be readable
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(buffered)
        return super().handle(conn)

    def murder_pending(self) -> None:
        """Also disconnect clients that did not send their request in time."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c, (_, deadline) in self.reading.items() if deadline < now]:
            self._drop(conn)

    def _drop(self, conn: TConn) -> None:
        del self.reading[conn]
        try:
            self.poller.unregister(conn.sock)
        except (OSError, KeyError, ValueError):
            pass  # already unregistered
        self.nr_conns -= 1
        conn.close()
