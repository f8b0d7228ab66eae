"""Questions answered in a forked child: from the engine the bot holds, and never lost."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import pickle
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.corpus_updates import reload_corpus
from bot.engine_process import FRAME, EngineProcess, _Child, fork_available
from retrieval import Engine
from retrieval.library import Library
from tests.e2e.harness import outliving, process_running

pytestmark = pytest.mark.skipif(not fork_available(), reason="answers in the bot's process here")

ARTICLE = "+++\ntitle = '{title}'\n+++\n{body}\n"


def _pid(engine: Engine) -> int:
    return os.getpid()


def _articles(engine: Engine) -> int:
    return len(engine.articles)


def _frozen(engine: Engine) -> int:
    return gc.get_freeze_count()


def _best(engine: Engine, question: str) -> str:
    return engine.ask(question, top_k=1).answers[0].text


def _echo(engine: Engine, value: str, *, times: int = 1) -> str:
    return value * times


def _refuse(engine: Engine, reason: str) -> None:
    raise ValueError(reason)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "one.txt").write_text(
        ARTICLE.format(title="Harbour", body="The old harbour in Oslo was rebuilt in 1998."),
        encoding="utf-8",
    )
    return tmp_path


async def test_calls_run_in_one_child_process(library):
    answering = EngineProcess(library)
    try:
        first, second = await answering.call(_pid), await answering.call(_pid)
        best = await answering.call(_best, "Where was Durov arrested?")
    finally:
        answering.close()
    assert first == second != os.getpid()
    assert best == _best(library.engine, "Where was Durov arrested?")


async def test_calls_beyond_what_a_pipe_holds_are_answered_each_in_its_place(library):
    # 64 kB fit in a pipe: the rest of the calls wait for room, and long answers arrive
    # in pieces.
    answering = EngineProcess(library)
    try:
        sent = [f"{n:06d}" * 40 for n in range(3000)]
        answers = await asyncio.gather(*(answering.call(_echo, s, times=50) for s in sent))
        assert [a == s * 50 for a, s in zip(answers, sent, strict=True)] == [True] * len(sent)
    finally:
        answering.close()


async def test_an_error_in_the_child_is_raised_to_the_caller(library):
    answering = EngineProcess(library)
    try:
        child = await answering.call(_pid)
        with pytest.raises(ValueError, match="no such article"):
            await answering.call(_refuse, "no such article")
        assert await answering.call(_pid) == child
    finally:
        answering.close()


async def test_an_answer_read_together_with_the_childs_exit_is_delivered(library):
    # The child writes its last answer and exits: the bot may read both at once.
    calls_in, calls = os.pipe()
    answers, answers_out = os.pipe()
    child = _Child(os.getpid(), library.engine, calls, answers, asyncio.get_running_loop())
    try:
        pending = child.call(_pid, (), {})
        frame = pickle.dumps((True, 42))
        os.write(answers_out, FRAME.pack(len(frame)) + frame)
        os.close(answers_out)
        assert await asyncio.wait_for(pending, 10) == 42
    finally:
        os.close(calls_in)


def test_a_new_event_loop_gets_a_child_of_its_own(library):
    # The child's answers are read by the event loop that forked it; once that loop is
    # gone, calls from another must not wait for them forever.
    answering = EngineProcess(library)
    try:
        first = asyncio.run(answering.call(_pid))
        second = asyncio.run(asyncio.wait_for(answering.call(_pid), 30))
    finally:
        answering.close()
    assert first != second
    assert not process_running(first)


async def test_a_cancelled_call_leaves_the_others_their_answers(library):
    answering = EngineProcess(library)
    try:
        first = asyncio.ensure_future(answering.call(_echo, "first"))
        second = asyncio.ensure_future(answering.call(_echo, "second"))
        await asyncio.sleep(0)
        first.cancel()
        assert await second == "second"
        assert await answering.call(_echo, "third") == "third"
    finally:
        answering.close()


async def test_a_child_forked_later_does_not_keep_an_earlier_one_alive(library, caplog):
    # The later child inherits the bot's pipes to the earlier one; holding them, it would
    # keep that child waiting for calls after the bot closed its end, until killed.
    earlier, later = EngineProcess(library), EngineProcess(library)
    try:
        earlier_child = await earlier.call(_pid)
        later_child = await later.call(_pid)
        with caplog.at_level(logging.WARNING):
            earlier.close()
        assert not process_running(earlier_child)
        assert "killed" not in caplog.text
        assert await later.call(_pid) == later_child
    finally:
        earlier.close()
        later.close()


async def test_the_child_never_walks_what_it_inherited(library):
    # A garbage collection walking the inherited heap would copy it page by page.
    answering = EngineProcess(library)
    try:
        assert await answering.call(_frozen) > 0
    finally:
        answering.close()
    assert gc.get_freeze_count() == 0


async def test_disabled_it_answers_in_the_bot(library):
    answering = EngineProcess(library, enabled=False)
    assert await answering.call(_pid) == os.getpid()


async def test_after_a_reload_the_child_answers_from_the_new_engine(folder):
    library = Library(folder)
    answering = EngineProcess(library)
    try:
        before = await answering.call(_pid)
        assert await answering.call(_articles) == 1
        (folder / "two.txt").write_text(
            ARTICLE.format(title="Bridge", body="A new bridge over the fjord opened in 2004."),
            encoding="utf-8",
        )
        await reload_corpus(library, answering)
        # The old child, and the old engine's memory with it, goes at once.
        assert not await asyncio.to_thread(outliving, [before], 10)
        assert await answering.call(_articles) == 2
    finally:
        answering.close()


async def test_the_bot_keeps_no_reference_to_the_engine_it_forked(library):
    # At a million sentences an engine is a gigabyte: after a reload the bot must free
    # the old one at once (tests/retrieval/test_library.py), not when the next question
    # retires the old child.
    engine = library.engine
    held = sys.getrefcount(engine)
    answering = EngineProcess(library)
    try:
        await answering.call(_articles)
        assert sys.getrefcount(engine) == held
    finally:
        answering.close()


async def test_a_killed_child_loses_no_question(library, caplog):
    answering = EngineProcess(library)
    try:
        child = await answering.call(_pid)
        os.kill(child, signal.SIGKILL)
        with caplog.at_level(logging.WARNING):
            # Answered in the bot while the child is gone, then by a new child.
            assert await answering.call(_articles) == len(library.engine.articles)
        assert "engine process stopped" in caplog.text
        assert await answering.call(_pid) not in (child, os.getpid())
    finally:
        answering.close()


async def test_when_fork_fails_the_bot_answers_and_tries_again_next_time(
    library, monkeypatch, caplog
):
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    answering = EngineProcess(library)
    try:
        with monkeypatch.context() as patched, caplog.at_level(logging.WARNING):
            patched.setattr(os, "fork", no_fork)
            assert await answering.call(_pid) == os.getpid()
        assert "No engine process" in caplog.text
        assert await answering.call(_pid) != os.getpid()
    finally:
        answering.close()


async def test_the_child_ignores_stop_signals_and_closing_stops_it(library):
    answering = EngineProcess(library)
    child = await answering.call(_pid)
    os.kill(child, signal.SIGTERM)
    os.kill(child, signal.SIGINT)
    assert await answering.call(_pid) == child
    answering.close()
    assert not process_running(child)


async def test_the_child_holds_none_of_the_bots_sockets(library):
    listener = socket.create_server(("127.0.0.1", 0))
    answering = EngineProcess(library)
    try:
        child = await answering.call(_pid)
        held = _sockets_of(child)
    finally:
        answering.close()
        listener.close()
    assert held == []


def _sockets_of(pid: int) -> list[Path]:
    return [fd for fd in Path(f"/proc/{pid}/fd").iterdir() if _is_socket(fd)]


def _is_socket(path: Path) -> bool:
    try:
        return stat.S_ISSOCK(path.stat().st_mode)
    except OSError:
        return False


def test_the_child_exits_when_the_bot_dies(tmp_path):
    # A bot killed outright cannot stop its child: the child must notice on its own.
    script = textwrap.dedent(
        """
        import asyncio, os, sys
        from pathlib import Path
        from bot.engine_process import EngineProcess
        from retrieval.library import Library

        def pid(engine):
            return os.getpid()

        async def main():
            answering = EngineProcess(Library(Path("seeds")))
            print(await answering.call(pid), flush=True)
            os._exit(0)

        asyncio.run(main())
        """
    )
    repo = Path(__file__).resolve().parents[2]
    # Output to a file: the child holds what it inherits, and a pipe would stay open.
    printed = tmp_path / "child.txt"
    with printed.open("w") as out:
        subprocess.run([sys.executable, "-c", script], cwd=repo, stdout=out, timeout=60)
    child = int(printed.read_text().split()[0])
    assert not outliving([child], 10), "the child outlived the bot"
