"""Fixtures that run the real bot (`python -m bot`) against the fake Bot API.

Everything stays on 127.0.0.1: the fake API on an ephemeral port, the bot's webhook
listener on another.  Each bot process is shared by the session to keep the suite fast;
each test gets its own chat ids.  Every wait is bounded, and the processes are stopped
(SIGTERM, then SIGKILL) even when a test fails; teardown asserts a clean exit (code 0).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .fake_bot_api import FakeBotAPI, SentMessage
from .harness import (
    REPO,
    SEEDS,
    BotProcess,
    free_port,
    seed_articles,
    start_bot,
    wait_for_port,
)

__all__ = ["REPO", "SEEDS", "seed_articles"]

HERE = Path(__file__).parent
REPLY_TIMEOUT = 5.0
# Log lines that mean the bot hit an error it did not expect.
LOG_PROBLEM = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `e2e`: `make test-fast` leaves them out."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def finish(bot: BotProcess) -> None:
    """Stop the bot and check how it went: exit 0, no token in the log, no close/logOut."""
    code = bot.stop()
    log = bot.log()
    token_secret = bot.fake.token.split(":", 1)[1]
    assert token_secret not in log, "the bot token leaked into the log"
    assert not bot.fake.calls("close"), "the bot called close"
    assert not bot.fake.calls("logOut"), "the bot called logOut"
    assert code == 0, f"the bot exited with {code} after SIGTERM:\n{bot.log_tail()}"
    assert not bot.leftovers, f"child processes {bot.leftovers} outlived the bot"


@pytest.fixture(scope="session")
def polling_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """The bot in polling mode at LOG_LEVEL=DEBUG, shared by the session."""
    log_path = tmp_path_factory.mktemp("polling") / "bot.log"
    with FakeBotAPI() as fake:
        bot = start_bot(fake, log_path)
        try:
            yield bot
        finally:
            finish(bot)


@pytest.fixture(scope="session")
def webhook_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """The bot in webhook mode, listening on a loopback port; setWebhook goes to the fake."""
    log_path = tmp_path_factory.mktemp("webhook") / "bot.log"
    port = free_port()
    secret = secrets.token_urlsafe(24)
    with FakeBotAPI() as fake:
        bot = start_bot(
            fake,
            log_path,
            ready_method="setWebhook",
            WEBHOOK_URL="https://example.invalid/hook",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
            WEBHOOK_SECRET=secret,
        )
        bot.webhook_port, bot.webhook_secret = port, secret
        try:
            wait_for_port(port, bot)
            yield bot
        finally:
            finish(bot)


class Checked:
    """A test's view of a shared bot: fresh chat ids, and checks that nothing went wrong."""

    _next_id = iter(range(10_000, 10**9, 97))

    def __init__(self, bot: BotProcess) -> None:
        self.bot = bot
        self.fake = bot.fake
        self.mark = bot.fake.mark()
        self.log_start = len(bot.log())

    def new_user(self, first_name: str = "Alice") -> dict[str, Any]:
        return self.fake.user(next(self._next_id), first_name)

    def new_private(self, first_name: str = "Alice") -> tuple[dict[str, Any], dict[str, Any]]:
        user = self.new_user(first_name)
        return user, self.fake.private_chat(user)

    def new_group(self) -> dict[str, Any]:
        return self.fake.group_chat(-1_000_000_000_000 - next(self._next_id))

    def ask(
        self, chat: dict[str, Any], user: dict[str, Any], text: str, **kw: Any
    ) -> tuple[dict[str, Any], SentMessage]:
        """Send a message and wait for the bot's first reply in that chat."""
        since = self.fake.mark()
        update = self.fake.push_message(chat, user, text, **kw)
        reply = self.fake.wait_for_messages(chat["id"], since=since, timeout=REPLY_TIMEOUT)[0]
        return update, reply

    def new_log(self) -> str:
        return self.bot.log()[self.log_start :]

    def check(self) -> None:
        errors = [f"{c.method}: {c.error}" for c in self.fake.errors(self.mark)]
        assert not errors, f"the bot made calls the Bot API rejected: {errors}"
        problems = [line for line in self.new_log().splitlines() if LOG_PROBLEM.search(line)]
        assert not problems, "errors in the bot's log:\n" + "\n".join(problems[:20])
        assert self.bot.alive(), f"the bot died:\n{self.bot.log_tail()}"


@pytest.fixture
def bot(polling_bot: BotProcess) -> Iterator[Checked]:
    checked = Checked(polling_bot)
    yield checked
    checked.check()


@pytest.fixture
def hook(webhook_bot: BotProcess) -> Iterator[Checked]:
    checked = Checked(webhook_bot)
    yield checked
    checked.check()
