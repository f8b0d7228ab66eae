"""End-to-end: the terminal chat (`python -m bot` with no token, on a pseudo-terminal)
answers from articles added, changed and removed while it runs, as the bot does."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .harness import SEEDS

PROMPT = b"you> "
WATCH_SECONDS = 0.5
# Several watch intervals, plus a reload, on a busy machine.
PICKUP_TIMEOUT = 20.0
NEW_FACT = "The Skerra Point lighthouse was automated in 2019, after 112 years of keepers."
QUESTION = "When did the Skerra Point lighthouse stop having keepers?"


class TerminalChat:
    """`python -m bot` on a pseudo-terminal; every read is bounded."""

    def __init__(self, corpus: Path) -> None:
        env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        env.update(
            PYTHONUNBUFFERED="1",
            CORPUS_DIR=str(corpus),
            CORPUS_WATCH_SECONDS=str(WATCH_SECONDS),
            LOG_LEVEL="WARNING",
        )
        self._master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=corpus.parent,  # no .env of the checkout's
            env=env,
            close_fds=True,
        )
        os.close(slave)

    def read_until_prompt(self, timeout: float = 30.0) -> str:
        output = b""
        deadline = time.monotonic() + timeout
        while not output.endswith(PROMPT):
            left = deadline - time.monotonic()
            assert left > 0, f"no prompt within {timeout} s: {output[-400:]!r}"
            ready, _, _ = select.select([self._master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self._master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"the chat ended: {output[-400:]!r}"
                output += chunk
        return output.decode("utf-8", "replace").replace("\r\n", "\n")

    def ask(self, text: str) -> str:
        os.write(self._master, text.encode() + b"\n")
        return self.read_until_prompt()

    def ask_until(self, text: str, test, timeout: float = PICKUP_TIMEOUT) -> str:
        """Ask again every half second until the reply passes `test` or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            reply = self.ask(text)
            if test(reply) or time.monotonic() > deadline:
                return reply
            time.sleep(0.5)

    def close(self) -> int:
        try:
            os.write(self._master, b"/quit\n")
            return self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.send_signal(signal.SIGKILL)
            return self.process.wait(timeout=10)
        finally:
            os.close(self._master)


@pytest.fixture
def chat(tmp_path: Path):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus", ignore=shutil.ignore_patterns(".index"))
    terminal = TerminalChat(corpus)
    try:
        terminal.read_until_prompt(timeout=60)
        yield terminal, corpus
    finally:
        assert terminal.close() == 0


def test_an_article_added_changed_and_removed_while_chatting_is_picked_up(chat) -> None:
    terminal, corpus = chat
    assert "I couldn't find that" in terminal.ask(QUESTION)
    (corpus / "lighthouse.txt").write_text(f"Lighthouse news.\n{NEW_FACT}\n", encoding="utf-8")
    added = terminal.ask_until(QUESTION, lambda reply: "112 years" in reply)
    assert "in 2019, after 112 years" in added.replace("*", "")
    (corpus / "lighthouse.txt").write_text(
        f"Lighthouse news.\n{NEW_FACT.replace('112', '113')}\n", encoding="utf-8"
    )
    changed = terminal.ask_until(QUESTION, lambda reply: "113 years" in reply)
    assert "113 years" in changed
    (corpus / "lighthouse.txt").unlink()
    removed = terminal.ask_until(QUESTION, lambda reply: "113 years" not in reply)
    assert "I couldn't find that" in removed


def test_terminal_replies_cite_briefly_and_link_each_article_once(chat) -> None:
    terminal, _ = chat
    reply = terminal.ask("Where was Durov arrested?")
    assert reply.count("https://") == reply.count("\n[") >= 1
    assert "#:~:text=" not in reply
