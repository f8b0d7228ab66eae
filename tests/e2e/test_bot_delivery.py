"""End-to-end: replies Telegram refuses, and replies paced to Telegram's flood limits.

These run on the shared polling bot (see conftest.py), each failure injected for one
chat only, so no other test can trip over it.
"""

from __future__ import annotations

import itertools
import re
import time

import pytest

from .conftest import REPLY_TIMEOUT, Checked

QUESTION = "Where was Durov arrested?"
GRACE = 0.5  # how long "nothing more arrives" is watched


@pytest.mark.parametrize(
    ("status", "description"),
    [
        (403, "Forbidden: bot was blocked by the user"),
        (400, "Bad Request: chat not found"),
        (400, "Bad Request: message is too long"),
    ],
    ids=["blocked", "chat not found", "too long"],
)
def test_a_refused_chat_is_skipped_in_one_line_and_the_bot_goes_on(
    bot: Checked, status: int, description: str
) -> None:
    user, chat = bot.new_private()
    since = bot.fake.mark()
    bot.fake.fail_next("sendMessage", status, description, chat_id=chat["id"])
    bot.fake.push_message(chat, user, QUESTION)
    # Meanwhile someone else asks, and is answered.
    other_user, other_chat = bot.new_private()
    _, answer = bot.ask(other_chat, other_user, QUESTION)
    assert "Le Bourget" in answer.text
    bot.fake.wait_for("sendMessage", lambda c: c.injected, since=since, timeout=REPLY_TIMEOUT)
    time.sleep(GRACE)
    to_chat = [
        c for c in bot.fake.calls("sendMessage", since=since) if c.params["chat_id"] == chat["id"]
    ]
    assert [c.status for c in to_chat] == [status], "retried, or apologised, to a refused chat"
    lines = [line for line in bot.new_log().splitlines() if f"Chat {chat['id']}" in line]
    assert len(lines) == 1, lines
    assert "WARNING" in lines[0]
    assert description.split(": ", 1)[1].lower() in lines[0].lower()


def test_markup_telegram_refuses_is_sent_again_as_plain_text(bot: Checked) -> None:
    user, chat = bot.new_private()
    since = bot.fake.mark()
    bot.fake.fail_next(
        "sendMessage",
        400,
        'Bad Request: can\'t parse entities: Unsupported start tag "q" at byte offset 12',
        chat_id=chat["id"],
    )
    _, reply = bot.ask(chat, user, QUESTION)
    refused, resent = bot.fake.calls("sendMessage", since=since)
    assert refused.params["parse_mode"] == "HTML"
    assert reply.parse_mode is None
    assert "Le Bourget" in reply.text
    assert not re.search(r"</?(b|a|blockquote)\b|&amp;|&lt;", reply.text)
    assert reply.text == bot.fake.sent_messages(chat["id"])[0].text
    assert reply.buttons, "the buttons were lost with the markup"
    assert resent.params.get("reply_parameters") == refused.params.get("reply_parameters")


def test_a_burst_into_one_chat_is_paced_a_second_apart(bot: Checked) -> None:
    """Telegram allows about one message a second per chat; other chats do not wait."""
    user, chat = bot.new_private()
    since = bot.fake.mark()
    for _ in range(4):
        bot.fake.push_message(chat, user, QUESTION)
    other_user, other_chat = bot.new_private()
    bot.fake.push_message(other_chat, other_user, QUESTION)
    burst = bot.fake.wait_for_messages(chat["id"], since=since, count=4, timeout=REPLY_TIMEOUT + 4)
    gaps = [b.time - a.time for a, b in itertools.pairwise(burst)]
    assert min(gaps) >= 0.9, gaps  # a second apart, give or take the clock's resolution
    [other] = bot.fake.wait_for_messages(other_chat["id"], since=since)
    assert other.time < burst[-1].time, "another chat waited behind the burst"
    assert not bot.fake.errors(since, injected=True), "the burst earned errors (429s?)"
