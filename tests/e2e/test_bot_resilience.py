"""End-to-end: the real bot when the Bot API misbehaves (each test has its own process)."""

from __future__ import annotations

import itertools
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPLY_TIMEOUT, finish
from .fake_bot_api import FakeBotAPI, make_token
from .harness import BotProcess, launch_bot, start_bot

QUESTION = "Where was Durov arrested?"
GRACE = 0.5  # how long "no second reply" is watched


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
    # One line per failed poll, no tracebacks: the outage is weather, not a bug.
    assert polling.log().count("Polling for updates failed (NetworkError: Bad Gateway)") >= 2
    assert "Traceback" not in polling.log()
    # A bot stuck in its retries would be killed after STOP_TIMEOUT, exiting with -9.
    code = polling.stop()
    assert code == 0, polling.log_tail()


def test_get_updates_faults_are_ridden_out_and_each_question_answered_once(
    polling: BotProcess,
) -> None:
    fake = polling.fake
    since = fake.mark()
    fake.fail_next("getUpdates", 500, "Internal Server Error")
    fake.drop_next("getUpdates", after=0.3)  # a long poll cut off mid-wait
    fake.fail_next("getUpdates", 504, "Gateway Timeout")
    fake.delay_next("getUpdates", 1.5)  # then a slow answer
    fake.wait_for("getUpdates", lambda c: c.injected, since=since, timeout=REPLY_TIMEOUT)
    # Questions arrive while polling fails.
    pushed = []
    for number in range(5):
        user = fake.user(41000 + number)
        pushed.append(fake.push_message(fake.private_chat(user), user, QUESTION))
    for update in pushed:
        chat_id = update["message"]["chat"]["id"]
        assert "Le Bourget" in fake.wait_for_messages(chat_id, since=since, timeout=15)[0].text
    time.sleep(GRACE)
    for update in pushed:
        assert len(fake.sent_messages(update["message"]["chat"]["id"])) == 1
        assert fake.delivery_counts[update["update_id"]] == 1
    # The bot kept polling, pausing longer after each failure (PTB: 1 s, then x1.5).
    polls = fake.calls("getUpdates", since=since)
    failed = [c for c in polls if c.injected]
    assert len(failed) == 3
    through = polls[polls.index(failed[-1]) + 1]  # the first poll after the faults
    gaps = [b.time - a.time for a, b in itertools.pairwise([*failed, through])]
    assert min(gaps) >= 0.9, gaps
    assert gaps[-1] > gaps[0], gaps
    log = polling.log()
    assert log.count("Polling for updates failed") == 3
    assert "Traceback" not in log


def test_transient_send_failures_are_retried_and_delivered_once(polling: BotProcess) -> None:
    fake = polling.fake
    user = fake.user(31339)
    chat = fake.private_chat(user)
    since = fake.mark()
    fake.fail_next("sendMessage", 500, "Internal Server Error", chat_id=chat["id"])
    fake.drop_next("sendMessage", chat_id=chat["id"])
    fake.fail_next("sendMessage", 502, "Bad Gateway", chat_id=chat["id"])
    fake.push_message(chat, user, QUESTION)
    reply = fake.wait_for_messages(chat["id"], since=since, timeout=REPLY_TIMEOUT + 4)[0]
    assert "Le Bourget" in reply.text
    attempts = fake.calls("sendMessage", since=since)
    assert [c.status for c in attempts] == [500, 0, 502, 200]
    gaps = [b.time - a.time for a, b in itertools.pairwise(attempts)]
    assert gaps[0] >= 0.45, gaps  # 0.5 s, then 1 s, then 2 s
    assert gaps[1] >= 0.9, gaps
    assert gaps[2] >= 1.8, gaps
    time.sleep(GRACE)
    assert len(fake.sent_messages(chat["id"])) == 1
    log = polling.log()
    assert log.count("Bot API sendMessage failed") == 3
    assert "Traceback" not in log


def test_a_send_that_keeps_failing_is_given_up_in_one_line(polling: BotProcess) -> None:
    fake = polling.fake
    user = fake.user(31340)
    chat = fake.private_chat(user)
    since = fake.mark()
    fake.fail_next("sendMessage", 502, "Bad Gateway", times=4, chat_id=chat["id"])
    fake.push_message(chat, user, QUESTION)
    fake.wait_for("sendMessage", since=since, count=4, timeout=REPLY_TIMEOUT + 4)
    # The bot goes on: the next question is answered.
    fake.push_message(chat, user, QUESTION)
    reply = fake.wait_for_messages(chat["id"], since=since, timeout=REPLY_TIMEOUT)[0]
    assert "Le Bourget" in reply.text
    log = polling.log()
    [lost] = [line for line in log.splitlines() if "ERROR" in line]
    assert "lost after retries" in lost
    assert "Traceback" not in log


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


def test_sigterm_mid_traffic_then_restart_answers_each_question_exactly_once(
    fake: FakeBotAPI, tmp_path: Path
) -> None:
    questions = 40
    users = [fake.user(52000 + n) for n in range(questions)]
    pushed: list[dict] = []
    stop_feeding = threading.Event()

    def feed() -> None:
        # Questions keep arriving, a chat each, before, during and after the shutdown.
        for user in users:
            pushed.append(fake.push_message(fake.private_chat(user), user, QUESTION))
            if stop_feeding.wait(0.05):
                return

    first = start_bot(fake, tmp_path / "first.log")
    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        fake.wait_for("sendMessage", lambda c: c.ok, count=8, timeout=REPLY_TIMEOUT)
        # Slow the next replies down, so some are surely on their way when SIGTERM lands.
        fake.delay_next("sendMessage", 0.5, times=3)
        fake.wait_for("sendMessage", lambda c: c.delayed > 0, timeout=REPLY_TIMEOUT, finished=False)
    except AssertionError:
        stop_feeding.set()
        raise
    finally:
        code = first.stop()  # SIGTERM while questions keep coming
    assert code == 0, first.log_tail()
    in_flight = [c for c in fake.calls("sendMessage") if c.delayed > 0]
    assert in_flight, "no reply was in flight at SIGTERM"
    assert all(c.ok for c in in_flight), "an in-flight reply was abandoned"
    first_answers = {c.params["chat_id"] for c in fake.calls("sendMessage") if c.ok}
    # Every update the first run answered was confirmed before it exited: Telegram would
    # not hand it out again.
    answered_ids = [u["update_id"] for u in pushed if u["message"]["chat"]["id"] in first_answers]
    assert fake.confirmed_offset() > max(answered_ids)
    assert fake.calls("getUpdates")[-1].params.get("timeout") == 0  # PTB's confirming call

    feeder.join(timeout=10)
    assert len(pushed) == questions
    restart = fake.mark()
    second = start_bot(fake, tmp_path / "second.log")
    try:
        for user in users:
            fake.wait_for_messages(user["id"], timeout=REPLY_TIMEOUT)
        time.sleep(GRACE)
    finally:
        finish(second)
    second_answers = [c.params["chat_id"] for c in fake.calls("sendMessage", since=restart) if c.ok]
    assert second_answers, "SIGTERM came too late: the first run answered everything"
    assert not set(second_answers) & first_answers, "answered again after the restart"
    counts = {user["id"]: len(fake.sent_messages(user["id"])) for user in users}
    assert set(counts.values()) == {1}, counts
    for log in (first.log(), second.log()):
        assert "Traceback" not in log
