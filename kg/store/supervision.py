"""Keep the store server running: restart it when it dies, and when a query overruns its limit.

`kg serve` owns one `oxigraph serve` process (kg.store.server). Killed by the OOM killer or a
crash, it would leave every request failing until someone restarted the service; the supervisor
restarts it on the same port, so the web tier's store URL stays right and its retries reach the
new server. A server that keeps dying is restarted after 0.5, 1, 2, then every 4 s (always
within 5 s), and at once again after it stayed up for `stable_after` seconds.

It also restarts the server on request. Oxigraph's server either runs a blocking query (an
aggregate) to its end after the client left, or, with `--timeout-s`, keeps a sleeping thread
per query for the whole limit (kg.store.server); so when the web tier gives up on a query at
its limit it asks for a restart (`ask_to_restart`, a signal to `kg serve`), which ends that
query and frees the cores. Queries of others in flight are cut too; the web tier's store retries
them (a restart takes about 0.1 s). Data is safe: Oxigraph commits each write atomically.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time

from kg.errors import StoreError
from kg.store.server import start_store_server

log = logging.getLogger(__name__)

RESTART_SIGNAL = signal.SIGUSR1
FIRST_DELAY = 0.5  # seconds before restarting a server that died soon after its last start
MOST_DELAY = 4.0  # the backoff stops growing here, so a dead server is back within 5 s
SETTLE = 1.0  # restart requests this soon after a restart are the same overrun, counted once


def ask_to_restart(supervisor_pid: int) -> None:
    """Ask the supervising process (`kg serve`) to restart its store server."""
    os.kill(supervisor_pid, RESTART_SIGNAL)


class StoreSupervisor:
    """Run `oxigraph serve` over a store folder and keep it running until `stop`."""

    def __init__(self, location: str, *, stable_after: float = 30.0,
                 poll_seconds: float = 0.1) -> None:
        self.location = location
        self.stable_after = stable_after
        self.poll_seconds = poll_seconds
        self.process: subprocess.Popen[bytes]
        self.process, self.url = start_store_server(location)
        self.port = int(self.url.rsplit(":", 1)[1])
        self.restarts = 0
        self._started = time.monotonic()
        self._delay = 0.0
        self._asked = threading.Event()
        self._stopping = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="store supervisor",
                                         daemon=True)
        self._watcher.start()

    def request_restart(self) -> None:
        """Restart the server soon (safe to call from a signal handler: it only sets a flag)."""
        self._asked.set()

    def stop(self) -> None:
        """Stop watching, then stop the server."""
        self._stopping.set()
        self._watcher.join()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait()

    def _watch(self) -> None:
        """Check the server every `poll_seconds`; restart it when it died or was asked to."""
        while not self._stopping.is_set():
            asked = self._asked.wait(self.poll_seconds)
            if self._stopping.is_set():
                return
            code = self.process.poll()
            if code is None and asked:
                self._asked.clear()
                if time.monotonic() - self._started < SETTLE:
                    continue
                log.warning("store server (pid %d): a query ran past its time limit; "
                            "restarting the server to stop it", self.process.pid)
                self.process.kill()
                self.process.wait()
                self._restart(delay=0.0)
            elif code is not None:
                delay = self._backoff()
                log.error("store server (pid %d) exited with code %d; restarting it in %.1f s",
                          self.process.pid, code, delay)
                self._restart(delay)

    def _backoff(self) -> float:
        """Wait longer each time the server dies soon after its start; not at all once stable."""
        if time.monotonic() - self._started >= self.stable_after:
            self._delay = 0.0
        else:
            self._delay = min(MOST_DELAY, self._delay * 2 or FIRST_DELAY)
        return self._delay

    def _restart(self, delay: float) -> None:
        """Start the server again on its port, after `delay` seconds unless stopping."""
        if self._stopping.wait(delay):
            return
        self._started = time.monotonic()
        try:
            self.process, _ = start_store_server(self.location, port=self.port)
        except StoreError as error:  # the old, dead process stays: the next check backs off
            log.error("store server did not start again: %s", error)
            return
        self.restarts += 1
        self._asked.clear()
        log.warning("store server restarted (pid %d, restart %d) at %s",
                    self.process.pid, self.restarts, self.url)
