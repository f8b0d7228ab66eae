"""Running the real bot (`python -m bot`) against the fake Bot API: shared by the e2e
tests and `benchmarks/bot_load.py` (so nothing here imports pytest).

Everything stays on 127.0.0.1, every wait is bounded, and `BotProcess.stop` always ends
the process (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fake_bot_api import FakeBotAPI

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
START_TIMEOUT = 30.0  # loading the corpus and the first getUpdates
STOP_TIMEOUT = 10.0
# The engine builds a large corpus in worker processes, which end with the bot; the rest
# is slack for a busy machine.
CHILD_EXIT_TIMEOUT = 5.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bot_env(fake: FakeBotAPI, **extra: str) -> dict[str, str]:
    """A minimal environment: no proxies, no real token, only the fake's loopback URLs."""
    env = {
        key: os.environ[key]
        for key in ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")
        if key in os.environ
    }
    env.update(
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_BASE_URL=fake.base_url,
        TELEGRAM_BASE_FILE_URL=fake.base_file_url,
        TELEGRAM_TEST_ENV="false",
        CORPUS_DIR=str(SEEDS),
        LOG_LEVEL="DEBUG",
    )
    env.update(extra)
    return env


@dataclass
class BotProcess:
    """A running `python -m bot` and the fake API it talks to."""

    proc: subprocess.Popen[bytes]
    fake: FakeBotAPI
    log_path: Path
    env: dict[str, str]
    webhook_port: int | None = None
    webhook_secret: str | None = None
    exit_code: int | None = field(default=None)
    # Child processes (corpus-building workers) still running a few seconds after the bot exited.
    leftovers: list[int] = field(default_factory=list)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def wait_for_line(self, pattern: str, timeout: float) -> list[str]:
        """The log's lines matching `pattern` (a regex), once there is one or `timeout`
        seconds have passed."""
        deadline = time.monotonic() + timeout
        while True:
            lines = [line for line in self.log().splitlines() if re.search(pattern, line)]
            if lines or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def children(self) -> list[int]:
        """The bot's live child processes (Linux /proc; none elsewhere)."""
        pids: list[int] = []
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*"):
            try:
                pids += [int(pid) for pid in (task / "children").read_text().split()]
            except OSError:
                continue
        return pids

    def stop(self) -> int:
        """SIGTERM, wait (bounded), SIGKILL if needed.  Returns the exit code; children
        still running CHILD_EXIT_TIMEOUT later are killed and listed in `leftovers`."""
        children = self.children()
        try:
            self.exit_code = self._stop()
        finally:
            self.leftovers = outliving(children, CHILD_EXIT_TIMEOUT)
        return self.exit_code

    def _stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=STOP_TIMEOUT)
                return -9
        return self.proc.returncode


def process_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), or None if
    there is no such process (or no /proc)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_running(pid: int) -> bool:
    """Whether `pid` runs (Linux /proc); an exited orphan may linger as a zombie where
    nothing reaps it (PID 1 in a container), which counts as exited."""
    fields = process_stat(pid)
    return fields is not None and fields[0] != "Z"


def outliving(pids: list[int], seconds: float) -> list[int]:
    """Those of `pids` still running after up to `seconds`; they are killed."""
    deadline = time.monotonic() + seconds
    while any(process_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if process_running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def launch_bot(
    fake: FakeBotAPI, log_path: Path, *, module: str = "bot", **extra_env: str
) -> BotProcess:
    """Start `python -m bot` (or another module) from the repository root, stdout and
    stderr into log_path."""
    env = bot_env(fake, **extra_env)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return BotProcess(proc, fake, log_path, env)


def start_bot(
    fake: FakeBotAPI,
    log_path: Path,
    *,
    ready_method: str = "getUpdates",
    module: str = "bot",
    timeout: float = START_TIMEOUT,
    **extra_env: str,
) -> BotProcess:
    """Start the bot and wait (at most `timeout` seconds) until it has called `ready_method`."""
    bot = launch_bot(fake, log_path, module=module, **extra_env)
    proc = bot.proc
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fake.wait_for(ready_method, timeout=0.2, finished=False)
                return bot
            except AssertionError:
                pass
            if not bot.alive():
                raise AssertionError(
                    f"the bot exited with code {proc.returncode} before calling {ready_method}:\n"
                    + bot.log_tail()
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the bot did not call {ready_method} within {timeout}s:\n" + bot.log_tail()
                )
    except BaseException:
        bot.stop()
        raise


def wait_for_port(port: int, bot: BotProcess, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if not bot.alive():
                raise AssertionError(f"the bot exited:\n{bot.log_tail()}") from None
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def seed_articles() -> list[dict[str, Any]]:
    """The seed articles' front matter and text, read independently of the bot's loader."""
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        meta: dict[str, Any] = {}
        match = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n", raw, re.S)
        if match:
            meta = tomllib.loads(match.group(1))
            raw = raw[match.end() :]
        articles.append({**meta, "text": raw, "path": path})
    return articles
