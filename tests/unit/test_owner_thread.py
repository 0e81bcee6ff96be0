from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from warp_report.owner_thread import OwnerThread


def test_calls_from_many_threads_run_on_one_thread():
    owner = OwnerThread("t")
    with ThreadPoolExecutor(max_workers=4) as pool:
        idents = set(pool.map(lambda _: owner.run(threading.get_ident), range(20)))
    assert len(idents) == 1
    assert idents.pop() != threading.get_ident()


def test_a_call_from_inside_a_call_does_not_wait_on_itself():
    owner = OwnerThread("t")
    assert owner.run(lambda: owner.run(lambda: 41) + 1) == 42


def test_errors_reach_the_caller():
    owner = OwnerThread("t")

    def boom():
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        owner.run(boom)
    assert owner.run(lambda: "still serving") == "still serving"


def test_awaited_calls_leave_the_loop_free():
    owner = OwnerThread("t")
    gate = threading.Event()

    async def main():
        job = asyncio.create_task(owner.arun(gate.wait, 5))
        await asyncio.sleep(0.05)  # the loop runs while the owner thread blocks
        assert not job.done()
        gate.set()
        return await job, await owner.arun(threading.get_ident)

    ok, ident = asyncio.run(main())
    assert ok is True and ident != threading.get_ident()
