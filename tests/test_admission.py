"""Admission control: N operations at once per client address, M overall, across processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
from contextlib import ExitStack

import pytest
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

from webapp.admission import RETRY_AFTER, Admission


def test_a_client_past_its_share_is_answered_429_with_retry_after() -> None:
    admission = Admission(overall=4, per_client=2)
    with ExitStack() as held:
        held.enter_context(admission.slot("192.0.2.1"))
        held.enter_context(admission.slot("192.0.2.1"))
        with pytest.raises(TooManyRequests) as refused:
            held.enter_context(admission.slot("192.0.2.1"))
        assert refused.value.code == 429
        assert dict(refused.value.get_headers())["Retry-After"] == str(RETRY_AFTER)
        assert "QUERIES_PER_CLIENT" in str(refused.value.description)
        held.enter_context(admission.slot("192.0.2.2"))  # another client is admitted


def test_a_full_server_answers_503_and_admits_again_when_a_slot_frees() -> None:
    admission = Admission(overall=2, per_client=2)
    with admission.slot("192.0.2.1"), admission.slot("192.0.2.2"):
        with pytest.raises(ServiceUnavailable) as refused:
            admission.slot("192.0.2.3").__enter__()
        assert dict(refused.value.get_headers())["Retry-After"] == str(RETRY_AFTER)
        assert "QUERIES_AT_ONCE" in str(refused.value.description)
    with admission.slot("192.0.2.3"):
        pass


def _hold_a_slot(admission: Admission, ready: multiprocessing.synchronize.Event) -> None:
    with admission.slot("192.0.2.1"):
        ready.set()
        signal.pause()


def test_slots_are_shared_with_forked_workers_and_freed_when_one_dies() -> None:
    fork = multiprocessing.get_context("fork")  # as gunicorn forks its preloaded workers
    admission = Admission(overall=1, per_client=1)
    ready = fork.Event()
    worker = fork.Process(target=_hold_a_slot, args=(admission, ready))
    worker.start()
    try:
        assert ready.wait(10)
        with pytest.raises(TooManyRequests):  # the other process holds this client's slot
            admission.slot("192.0.2.1").__enter__()
        with pytest.raises(ServiceUnavailable):  # and the only slot of the server
            admission.slot("192.0.2.2").__enter__()
    finally:
        os.kill(worker.pid or 0, signal.SIGKILL)
        worker.join()
    with admission.slot("192.0.2.1"):  # the dead worker's slot was taken back
        pass
