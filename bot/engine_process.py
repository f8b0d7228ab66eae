"""Answering questions in a second process, so the event loop only talks to Telegram.

`Engine.ask` is pure Python and holds the GIL for a millisecond or more a question (more
on a large corpus); on the event loop that time is taken from every other chat's
updates and replies. `EngineProcess` runs such calls in one child process, forked from
the bot once per engine: the child shares the engine's arrays with the bot (copy on
write) instead of loading a second copy, and always answers from exactly the engine the
bot holds. After a reload (`renew`) a new child is forked from the new engine, and the
old one finishes what it was given, then exits.

Calls and answers travel over two pipes that the event loop reads and writes itself, as
pickled frames answered in order. A `ProcessPoolExecutor` did this before with two
helper threads in the bot and locked queues on both sides: 0.3 ms of the bot's CPU a
call against 0.05 ms here, and its threads took the GIL from the event loop under load.

The child ignores SIGINT and SIGTERM (the bot stops it after answering what it fetched)
and exits when its pipe from the bot closes: when the bot stops it, or dies. If the
child dies, the call is answered in the bot's own process and the next call forks a new
child: no question is lost. Where `fork` is not available (Windows, and macOS where it
is unsafe), or with ENGINE_PROCESS=false, calls run in the bot's process.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import pickle
import signal
import stat
import struct
import sys
import threading
import time
import warnings
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any, BinaryIO, Concatenate, ParamSpec, TypeVar

from retrieval import Engine, Library

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
FORK_WARNING = r".*use of fork\(\) may lead to deadlocks"
FRAME = struct.Struct("!I")  # each pickled call or answer is preceded by its length
# How long `close` waits for the child to answer what it was given before killing it.
CLOSE_TIMEOUT = 10.0

# Every pipe end the bot holds to a child: a child forked later must not hold them, or
# an older child would never see its pipe close.
_bot_ends: set[int] = set()


def fork_available() -> bool:
    """Whether a forked child is safe here: Linux (macOS system libraries may not be)."""
    return sys.platform.startswith("linux")


class ChildGone(Exception):
    """The child stopped before answering."""


class EngineProcess:
    """Runs `function(engine, ...)` on the library's current engine in a forked child."""

    def __init__(self, library: Library, enabled: bool = True) -> None:
        self._library = library
        self._enabled = enabled and fork_available()
        self._child: _Child | None = None

    async def call(
        self, function: Callable[Concatenate[Engine, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`function(engine, *args, **kwargs)` on the engine serving now, in the child."""
        engine = self._library.engine
        if not self._enabled:
            return function(engine, *args, **kwargs)
        try:
            child = self._child_for(engine)
        except OSError as error:  # no fork: out of memory or processes
            logger.warning("No engine process (%s); answering in the bot", error)
            return function(engine, *args, **kwargs)
        try:
            return await child.call(function, args, kwargs)
        except ChildGone:  # logged where it was noticed; the next call forks anew
            return function(engine, *args, **kwargs)

    def renew(self) -> None:
        """After a reload: fork the child for the new engine now and let the old one go.

        Call it from the event loop, which reads the child's answers."""
        if not self._enabled:
            return
        try:
            self._child_for(self._library.engine)
        except OSError as error:
            logger.warning("No engine process (%s); the next question tries again", error)

    def close(self) -> None:
        """Stop the child after the calls it was given; later calls start a new one."""
        if self._child is not None:
            child, self._child = self._child, None
            child.stop(wait=True)

    def _child_for(self, engine: Engine) -> _Child:
        child, loop = self._child, asyncio.get_running_loop()
        if child is not None and child.serves(engine, loop):
            return child
        if child is not None:
            # A child serving an event loop that is gone cannot deliver its answers:
            # it is stopped outright.
            child.stop(wait=child.loop is not loop)
        self._child = None  # if the fork fails, the next call tries again
        self._child = _Child.fork(engine, loop)
        return self._child


class _Child:
    """One forked child and the bot's ends of its two pipes."""

    def __init__(
        self, pid: int, engine: Engine, calls: int, answers: int, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.pid = pid
        # Weak: after a reload the old engine (a gigabyte at a million sentences) must be
        # freed at once, not when the old child has answered its last question.
        self._engine = weakref.ref(engine)
        self._calls: int | None = calls
        self._answers: int | None = answers
        self.loop = loop
        self._unsent = bytearray()
        self._writing = False  # whether the loop watches for room in the calls pipe
        self._received = bytearray()
        self._waiting: deque[asyncio.Future[Any]] = deque()
        self._stopping = False
        os.set_blocking(calls, False)
        os.set_blocking(answers, False)
        loop.add_reader(answers, self._read)

    @classmethod
    def fork(cls, engine: Engine, loop: asyncio.AbstractEventLoop) -> _Child:
        calls_in, calls = os.pipe()
        answers, answers_out = os.pipe()
        # Frozen, the inherited objects are never walked by the child's garbage
        # collector: a walk would copy every page they sit on and stall answers for
        # 100 ms or more.
        gc.freeze()
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns that forking a process with threads may deadlock the
                # child on a lock another thread held. The child takes none of them: it
                # only runs the engine, and logging's and the import system's locks are
                # reset at fork.
                warnings.filterwarnings("ignore", FORK_WARNING, DeprecationWarning)
                pid = os.fork()
        except OSError:
            gc.unfreeze()
            for fd in (calls_in, calls, answers, answers_out):
                os.close(fd)
            raise
        if pid == 0:
            code = 1
            try:
                _adopt(bot_ends={calls, answers, *_bot_ends})
                _serve(engine, os.fdopen(calls_in, "rb"), answers_out)
                code = 0
            finally:
                os._exit(code)
        gc.unfreeze()
        os.close(calls_in)
        os.close(answers_out)
        _bot_ends.update((calls, answers))
        return cls(pid, engine, calls, answers, loop)

    def serves(self, engine: Engine, loop: asyncio.AbstractEventLoop) -> bool:
        """Whether this child can take calls for `engine` from `loop`, which reads its
        answers."""
        return (
            not self._stopping
            and self._calls is not None
            and self.loop is loop
            and self._engine() is engine
        )

    def call(self, function: Callable[..., Any], args: tuple, kwargs: dict) -> asyncio.Future:
        answer = self.loop.create_future()
        frame = pickle.dumps((function, args, kwargs), pickle.HIGHEST_PROTOCOL)
        self._unsent += FRAME.pack(len(frame)) + frame
        self._waiting.append(answer)
        if len(self._unsent) == FRAME.size + len(frame):
            self._write()
        return answer

    def stop(self, wait: bool = False) -> None:
        """Close the child's pipe: it answers what it was sent, then exits. Waiting, calls
        not yet sent fail (`ChildGone`: the caller answers them itself)."""
        self._stopping = True
        if wait:
            self._unsent.clear()
        if not self._unsent:
            self._close_calls()
        if not wait:
            return
        deadline = time.monotonic() + CLOSE_TIMEOUT
        while self._answers is not None and time.monotonic() < deadline:
            self._read()
            time.sleep(0.002)
        if self._answers is not None:
            logger.warning("The engine process did not stop in %.0f s; killed", CLOSE_TIMEOUT)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._gone()
        _wait_for(self.pid)

    def _write(self) -> None:
        try:
            written = os.write(self._calls, self._unsent)
        except BlockingIOError:
            written = 0
        except OSError:  # the child is gone: its answers pipe reports it
            self._unsent.clear()
            self._close_calls()
            return
        del self._unsent[:written]
        if self._unsent:
            if not self._writing:
                self.loop.add_writer(self._calls, self._write)
                self._writing = True
            return
        if self._writing:
            self.loop.remove_writer(self._calls)
            self._writing = False
        if self._stopping:
            self._close_calls()

    def _read(self) -> None:
        if self._answers is None:
            return
        ended = False
        while not ended:
            try:
                chunk = os.read(self._answers, 1 << 16)
            except BlockingIOError:
                break
            self._received += chunk
            ended = not chunk
        # Answers that came in just before the child exited are still delivered.
        while len(self._received) >= FRAME.size:
            (size,) = FRAME.unpack_from(self._received)
            if len(self._received) < FRAME.size + size:
                break
            ok, value = pickle.loads(self._received[FRAME.size : FRAME.size + size])
            del self._received[: FRAME.size + size]
            _settle(self._waiting.popleft(), ok, value)
        if ended:
            self._gone()

    def _close_calls(self) -> None:
        if self._calls is not None:
            if self._writing:
                with contextlib.suppress(RuntimeError):  # the loop is closed
                    self.loop.remove_writer(self._calls)
            _release(self._calls)
            self._calls = None

    def _gone(self) -> None:
        """The child closed its answers pipe: it exited, or died."""
        self._close_calls()
        if self._answers is not None:
            with contextlib.suppress(RuntimeError):
                self.loop.remove_reader(self._answers)
            _release(self._answers)
            self._answers = None
        if not self._stopping:
            logger.warning(
                "The engine process stopped; the bot answers what it had, and the next "
                "question starts a new one"
            )
        while self._waiting:
            _settle(self._waiting.popleft(), False, ChildGone())
        _reap(self.pid)


def _settle(answer: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if answer.done():  # the caller was cancelled
        return
    with contextlib.suppress(RuntimeError):  # the loop is closed: no one is waiting
        if ok:
            answer.set_result(value)
        else:
            answer.set_exception(value)


def _release(fd: int) -> None:
    _bot_ends.discard(fd)
    os.close(fd)


def _reap(pid: int) -> None:
    """Collect the exited child's status, waiting for it in a thread if it is not done."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return
    if not done:
        threading.Thread(target=_wait_for, args=(pid,), daemon=True).start()


def _wait_for(pid: int) -> None:
    deadline = time.monotonic() + CLOSE_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
        except ChildProcessError:
            return
        time.sleep(0.01)
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _adopt(bot_ends: set[int]) -> None:
    # Signals are the bot's to handle; asyncio's wake-up socket is the bot's too.
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for fd in bot_ends:
        with contextlib.suppress(OSError):
            os.close(fd)
    _close_sockets()


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


def _serve(engine: Engine, calls: BinaryIO, answers: int) -> None:
    """Answer calls in order until the bot closes the pipe (or dies)."""
    while header := calls.read(FRAME.size):
        (size,) = FRAME.unpack(header)
        try:
            function, args, kwargs = pickle.loads(calls.read(size))
            frame = pickle.dumps((True, function(engine, *args, **kwargs)), pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # the bot raises it where it made the call
            frame = _failure(error)
        _write_all(answers, FRAME.pack(len(frame)) + frame)


def _failure(error: Exception) -> bytes:
    try:
        return pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
    except Exception:  # an error that cannot travel is described instead
        described = RuntimeError(f"{type(error).__name__}: {error}")
        return pickle.dumps((False, described), pickle.HIGHEST_PROTOCOL)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
