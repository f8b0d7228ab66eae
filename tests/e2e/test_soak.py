"""Soak: 5,000 questions from 200 users, mixed with malformed and oversized updates,
through the real bot process.  Every valid question is answered exactly once, the log
stays free of errors, and memory does not grow with the traffic.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import LOG_PROBLEM, finish
from .fake_bot_api import FakeBotAPI
from .harness import BotProcess, start_bot

USERS = 200
QUESTIONS_PER_USER = 25
WARM_UP = 2  # questions per user before memory is measured the first time
GROUPS = 5  # a quarter of the users ask with /ask in one of a few groups
QUESTIONS = (
    "Where was Durov arrested?",
    "Who owns Telegram?",
    "What is Durov accused of?",
    "What did Musk tweet?",
    "Which agency issued the arrest warrant?",
    "What is the capital of Australia?",
)
ANSWER_TIMEOUT = 45.0
# RSS settles a few MB higher after warm-up (caches, allocator arenas; measured here: +5 MB,
# then +0.5 MB over the last 800 questions); a leak of 10 kB a question would add 8 MB to
# the last 800 alone.
RSS_SLACK_KB = 25_000


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))


@pytest.fixture
def soak_bot(tmp_path: Path) -> Iterator[BotProcess]:
    with FakeBotAPI() as fake:
        bot = start_bot(
            fake,
            tmp_path / "soak.log",
            LOG_LEVEL="INFO",
            # Telegram's flood limits would stretch 5,000 replies over a minute or more; the
            # rate limiter is off against this loopback fake only, and has tests of its own.
            TELEGRAM_RATE_LIMITER="false",
            # Ten questions a user is the per-user limit exactly, plus the junk: turned off so
            # every valid question must be answered (the limit has tests of its own).
            USER_RATE_LIMIT="0",
        )
        try:
            yield bot
        finally:
            finish(bot)


def _junk(fake: FakeBotAPI, user: dict[str, Any], chat: dict[str, Any], rng: random.Random):
    """Updates a bot must survive: odd, oversized, or not what Telegram would ever send."""
    message = fake.new_message(chat, user, "x")
    command = {"type": "bot_command", "offset": 0, "length": 4}
    press = {"id": str(rng.random()), "from": user, "chat_instance": "x"}
    inline = {"id": str(rng.random()), "from": user, "offset": ""}
    odd_messages = [
        {"text": "Durov " * 20_000},  # 120 kB of text
        {"text": "\u202e\u200f\u200d\x00\x1b[31m<b>&amp;</b>&#0;"},
        {"text": "   \n\t  "},
        {"text": "🙂" * 2048},
        {"text": "/ask", "entities": [command]},
        {"entities": [{"type": "bold", "offset": 900, "length": 50}]},
        {"entities": [{"type": "mention", "offset": 0, "length": 1}] * 200},
        {"brand_new_field": {"nested": [1, 2, 3]}},
        {"text": 12345},  # text that is not text
        {"caption": "c" * 1024, "photo": [], "text": None},
    ]
    kinds = [
        *({"message": {**message, **odd}} for odd in odd_messages),
        {"message": {k: v for k, v in message.items() if k != "chat"}},  # no chat
        {"message": {k: v for k, v in message.items() if k != "text"}},  # nothing at all
        {"edited_message": {**message, "edit_date": int(time.time())}},
        {"channel_post": {**message, "chat": {"id": -1009, "type": "channel", "title": "c"}}},
        {"message_reaction": {"chat": chat, "message_id": 1, "date": 1}},  # not subscribed
        {"callback_query": {**press, "data": "ctx:99999:99999"}},  # a message long gone
        {"callback_query": {**press, "data": "more:abc", "message": message}},
        {"callback_query": {**press, "data": "z" * 64, "inline_message_id": "AAA"}},
        {"inline_query": {**inline, "query": "Durov " * 43}},
        {"inline_query": {**inline, "query": "", "offset": "99"}},
    ]
    return rng.choice(kinds)


def test_soak_every_valid_question_answered_once_no_errors_no_growth(soak_bot: BotProcess):
    fake, pid = soak_bot.fake, soak_bot.proc.pid
    rng = random.Random(20240824)
    users = [fake.user(900_000 + n, f"User{n}") for n in range(USERS)]
    groups = [fake.group_chat(-1_009_000_000_000 - n) for n in range(GROUPS)]
    where = {
        user["id"]: groups[n % GROUPS] if n % 4 == 0 else fake.private_chat(user)
        for n, user in enumerate(users)
    }

    def question(user: dict[str, Any], number: int) -> dict[str, Any]:
        chat = where[user["id"]]
        text = QUESTIONS[(user["id"] + number) % len(QUESTIONS)]
        return fake.push_message(chat, user, f"/ask {text}" if chat["id"] < 0 else text)

    def answered(updates: list[dict[str, Any]], timeout: float) -> dict[tuple[int, int], int]:
        """Replies per question (chat id, message id), once every question has one."""
        wanted = {(u["message"]["chat"]["id"], u["message"]["message_id"]) for u in updates}
        deadline = time.monotonic() + timeout
        while True:
            counts = {key: 0 for key in wanted}
            for sent in fake.sent_messages():
                key = (sent.chat_id, sent.reply_to_message_id)
                if key in counts:
                    counts[key] += 1
            if all(counts.values()) or time.monotonic() > deadline:
                return counts
            time.sleep(0.2)

    # Warm-up: two questions each, then the memory the bot settles at.
    warm = [question(user, number) for number in range(WARM_UP) for user in users]
    assert all(answered(warm, ANSWER_TIMEOUT).values())
    warm_rss = rss_kb(pid)

    # Then the rest in two halves, junk mixed in: memory after each half.
    rest: list[dict[str, Any]] = []
    rss = [warm_rss]
    halfway = (WARM_UP + QUESTIONS_PER_USER) // 2
    for rounds in (range(WARM_UP, halfway), range(halfway, QUESTIONS_PER_USER)):
        for number in rounds:
            for user in rng.sample(users, len(users)):
                rest.append(question(user, number))
                if rng.random() < 0.1:
                    fake.push_update(_junk(fake, user, where[user["id"]], rng))
        counts = answered(rest, ANSWER_TIMEOUT)
        missing = [key for key, count in counts.items() if count == 0]
        assert not missing, f"{len(missing)} questions unanswered, e.g. {missing[:5]}"
        rss.append(rss_kb(pid))
    time.sleep(0.5)  # any second answer would have come by now
    counts = answered(warm + rest, 0)
    assert set(counts.values()) == {1}, "a question was answered twice"
    assert len(counts) == USERS * QUESTIONS_PER_USER
    assert all(n == 1 for n in fake.delivery_counts.values()), "an update was handed out twice"

    # Memory may still settle after warm-up, but the second half adds little to the first.
    assert rss[2] <= rss[0] + RSS_SLACK_KB, f"RSS (kB) after warm-up and each half: {rss}"
    assert rss[2] <= rss[1] + RSS_SLACK_KB // 3, f"RSS (kB) after warm-up and each half: {rss}"
    problems = [line for line in soak_bot.log().splitlines() if LOG_PROBLEM.search(line)]
    assert not problems, "\n".join(problems[:10])
    assert not fake.errors(), [f"{c.method}: {c.error}" for c in fake.errors()[:5]]
    assert soak_bot.alive()
