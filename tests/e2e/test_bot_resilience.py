"""End-to-end: the real bot when the Bot API misbehaves (each test has its own process)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPLY_TIMEOUT, finish
from .fake_bot_api import FakeBotAPI, make_token
from .harness import BotProcess, launch_bot, start_bot

QUESTION = "Where was Durov arrested?"


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api


@pytest.fixture
def polling(fake: FakeBotAPI, tmp_path: Path) -> Iterator[BotProcess]:
    bot = start_bot(fake, tmp_path / "bot.log")
    try:
        yield bot
    finally:
        finish(bot)


def test_wrong_token_stops_with_a_clear_error(fake: FakeBotAPI, tmp_path: Path) -> None:
    wrong = make_token()
    bot = launch_bot(fake, tmp_path / "bot.log", TELEGRAM_BOT_TOKEN=wrong)
    try:
        code = bot.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        bot.stop()
        pytest.fail(f"the bot kept running with a rejected token:\n{bot.log_tail()}")
    log = bot.log()
    assert code != 0, log
    assert fake.unauthorized >= 1
    assert "Traceback" not in log, log
    assert "token" in log.lower(), log  # says what is wrong
    assert wrong.split(":", 1)[1] not in log


def test_bot_api_outage_is_survived(polling: BotProcess) -> None:
    fake = polling.fake
    user = fake.user(31337)
    chat = fake.private_chat(user)
    since = fake.mark()
    fake.set_outage(502)
    # Let the bot's polling hit the outage a few times (its retry interval starts at 1 s).
    fake.wait_for("getUpdates", lambda c: c.injected, since=since, count=2, timeout=10)
    assert polling.alive(), polling.log_tail()
    fake.push_message(chat, user, QUESTION)
    fake.set_outage(None)
    reply = fake.wait_for_messages(chat["id"], since=since, timeout=10)[0]
    assert "Le Bourget" in reply.text
    assert fake.errors(since) == []  # besides the outage itself
    started = time.monotonic()
    code = polling.stop()
    assert code == 0, polling.log_tail()
    assert time.monotonic() - started < 5, "slow to stop after SIGTERM"


def test_failed_send_is_not_silent(polling: BotProcess) -> None:
    """A sendMessage that fails once (Telegram's 502) still leaves the user a reply:
    the answer on a retry, or an apology."""
    fake = polling.fake
    user = fake.user(31339)
    chat = fake.private_chat(user)
    since = fake.mark()
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    fake.push_message(chat, user, QUESTION)
    reply = fake.wait_for_messages(chat["id"], since=since, timeout=REPLY_TIMEOUT)[0]
    assert reply.text.strip()
    assert polling.alive(), polling.log_tail()
    # And the bot goes on answering.
    since = fake.mark()
    fake.push_message(chat, user, QUESTION)
    assert "Le Bourget" in fake.wait_for_messages(chat["id"], since=since)[0].text


def test_flood_wait_is_retried(polling: BotProcess) -> None:
    fake = polling.fake
    user = fake.user(31338)
    chat = fake.private_chat(user)
    since = fake.mark()
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    fake.push_message(chat, user, QUESTION)
    reply = fake.wait_for_messages(chat["id"], since=since, timeout=REPLY_TIMEOUT)[0]
    assert "Le Bourget" in reply.text
    attempts = fake.calls("sendMessage", since=since)
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].time - attempts[0].time >= 0.9, "retried before retry_after"
