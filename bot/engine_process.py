"""Answering questions in a second process, so the event loop only talks to Telegram.

`Engine.ask` is pure Python and holds the GIL for a millisecond or more a question (more
on a large corpus); on the event loop that time is taken from every other chat's
updates and replies. `EngineProcess` runs such calls in one child process, forked from
the bot once per engine: the child shares the engine's arrays with the bot (copy on
write) instead of loading a second copy, and always answers from exactly the engine the
bot holds. After a reload (`renew`) a new child is forked from the new engine, and the
old one finishes what it was given, then exits.

The child ignores SIGINT and SIGTERM (the bot stops it after answering what it fetched)
and exits by itself if the bot dies. If it dies, the call is answered in the bot's own
process and the next call forks a new child: no question is lost. Where `fork` is not
available (Windows, and macOS where it is unsafe), or with ENGINE_PROCESS=false, calls
run in the bot's process.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
import warnings
import weakref
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Concatenate, ParamSpec, TypeVar

from retrieval import Engine
from retrieval.library import Library

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
# How often the child checks that the bot is still there.
PARENT_CHECK_SECONDS = 1.0
FORK_WARNING = r".*use of fork\(\) may lead to deadlocks"

_engine: Engine | None = None  # in the child: the engine it was forked with


def fork_available() -> bool:
    """Whether a forked child is safe here: Linux (macOS system libraries may not be)."""
    return sys.platform.startswith("linux")


class EngineProcess:
    """Runs `function(engine, ...)` on the library's current engine in a forked child."""

    def __init__(self, library: Library, enabled: bool = True) -> None:
        self._library = library
        self._enabled = enabled and fork_available()
        self._pool: ProcessPoolExecutor | None = None
        # Weak: after a reload the old engine (a gigabyte at a million sentences) must be
        # freed at once, not when the next question retires the old child.
        self._pool_engine: weakref.ref[Engine] | None = None

    async def call(
        self, function: Callable[Concatenate[Engine, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`function(engine, *args, **kwargs)` on the engine serving now, in the child."""
        engine = self._library.engine
        if not self._enabled:
            return function(engine, *args, **kwargs)
        try:
            pool = self._pool_for(engine)
        except OSError as error:  # no fork: out of memory or processes
            logger.warning("No engine process (%s); answering in the bot", error)
            return function(engine, *args, **kwargs)
        try:
            return await asyncio.get_running_loop().run_in_executor(
                pool, _run, function, args, kwargs
            )
        except BrokenProcessPool:
            logger.warning("The engine process stopped; answering in the bot and starting anew")
            self._retire(pool)
            return function(engine, *args, **kwargs)

    def renew(self) -> None:
        """After a reload: fork the child for the new engine now and let the old one go."""
        if not self._enabled:
            return
        try:
            self._pool_for(self._library.engine)
        except OSError as error:
            logger.warning("No engine process (%s); the next question tries again", error)

    def close(self) -> None:
        """Stop the child after the calls it was given; later calls start a new one."""
        if self._pool is not None:
            self._retire(self._pool, wait=True)

    def _pool_for(self, engine: Engine) -> ProcessPoolExecutor:
        if self._pool is not None and self._pool_engine and self._pool_engine() is engine:
            return self._pool
        if self._pool is not None:
            self._retire(self._pool)
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_adopt,
            initargs=(os.getpid(),),
        )
        self._pool_engine = weakref.ref(engine)
        # The fork happens at the first submit and hands the child this module's `_engine`
        # without pickling; the bot keeps no reference of its own. Frozen, the inherited
        # objects are never walked by the child's garbage collector: a walk would copy
        # every page they sit on and stall answers for 100 ms or more.
        global _engine
        _engine = engine
        gc.freeze()
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns that forking a process with threads may deadlock the
                # child on a lock another thread held. The child takes none of them: it
                # only runs the engine, and logging's and the import system's locks are
                # reset at fork.
                warnings.filterwarnings("ignore", FORK_WARNING, DeprecationWarning)
                self._pool.submit(os.getpid)
        except OSError:
            self._retire(self._pool)
            raise
        finally:
            gc.unfreeze()
            _engine = None
        return self._pool

    def _retire(self, pool: ProcessPoolExecutor, wait: bool = False) -> None:
        if pool is self._pool:
            self._pool, self._pool_engine = None, None
        pool.shutdown(wait=wait)


def _adopt(parent: int) -> None:
    # Signals are the bot's to handle; asyncio's wake-up socket is the bot's too.
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _close_sockets()
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _close_sockets() -> None:
    # The fork copied the bot's sockets (Bot API connections, the webhook listener). Held
    # here, a connection the bot closes would stay open, and the listener bound, for the
    # child's lifetime. The child talks to the bot over pipes only.
    try:
        descriptors = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in descriptors:
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _run(function: Callable[..., T], args: tuple, kwargs: dict) -> T:
    assert _engine is not None, "called outside an engine process"
    return function(_engine, *args, **kwargs)
