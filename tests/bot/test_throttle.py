"""Telegram's flood limits: one message a second per chat on top of PTB's AIORateLimiter."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.ext import AIORateLimiter

from bot.throttle import PRUNE_AT, ChatPacer, TelegramRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_messages_to_one_chat_are_a_second_apart_and_other_chats_are_not_held_up():
    clock = Clock()
    pacer = ChatPacer(clock=clock)
    assert [pacer.reserve(42) for _ in range(3)] == [0.0, 1.0, 2.0]
    assert pacer.reserve(-100) == 0.0
    clock.now += 0.5
    assert pacer.reserve(42) == 2.5  # booked behind the three before it
    clock.now += 10
    assert pacer.reserve(42) == 0.0


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2, 3]), st.floats(min_value=0, max_value=2.5)), max_size=40
    )
)
def test_booked_slots_of_a_chat_never_come_closer_than_the_interval(requests):
    clock = Clock()
    pacer = ChatPacer(clock=clock)
    slots: dict[int, list[float]] = {}
    for chat, gap in requests:
        clock.now += gap
        wait = pacer.reserve(chat)
        assert wait >= 0
        slots.setdefault(chat, []).append(clock.now + wait)
    for times in slots.values():
        assert all(b - a >= pacer.interval - 1e-9 for a, b in itertools.pairwise(times))


def test_chats_whose_slot_has_passed_are_forgotten():
    clock = Clock()
    pacer = ChatPacer(clock=clock)
    for chat in range(PRUNE_AT + 1):
        pacer.reserve(chat)
    clock.now += 2
    pacer.reserve(-1)
    assert pacer.tracked_chats() == 1


async def _through(limiter: TelegramRateLimiter, endpoint: str, data: dict[str, Any]) -> str:
    async def call(*args: Any, **kwargs: Any) -> str:
        return endpoint

    return await limiter.process_request(call, (), {}, endpoint, data, None)


async def test_the_limiter_paces_messages_into_a_chat_and_nothing_else(slept):
    clock = Clock()
    limiter = TelegramRateLimiter(max_retries=3, pacer=ChatPacer(clock=clock))
    assert isinstance(limiter, AIORateLimiter)  # overall and group limits, 429 retries
    await _through(limiter, "sendMessage", {"chat_id": 42, "text": "a"})
    await _through(limiter, "sendMessage", {"chat_id": 42, "text": "b"})
    await _through(limiter, "editMessageText", {"chat_id": 42, "message_id": 1, "text": "c"})
    await _through(limiter, "answerCallbackQuery", {"callback_query_id": "1"})
    await _through(limiter, "sendMessage", {"chat_id": 7, "text": "d"})
    assert slept == [1.0, 2.0]
