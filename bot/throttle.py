"""Staying inside Telegram's flood limits, so a burst of replies does not earn 429s.

PTB's AIORateLimiter covers 30 messages a second overall and 20 a minute per group, and
retries a 429 after the time Telegram asks for; it does not space the messages to one
chat, so `ChatPacer` adds Telegram's third limit: one message a second per chat.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

# Telegram's guidance: avoid sending more than one message per second to the same chat.
CHAT_INTERVAL = 1.0
# Methods that put a message into a chat; answers to buttons and inline queries are not paced.
PACED_METHODS = frozenset({"sendMessage", "editMessageText"})
# Past this many remembered chats, the ones whose next slot has passed are forgotten.
PRUNE_AT = 1024


class ChatPacer:
    """Hands out each chat's sending slots `interval` seconds apart, first come first served."""

    def __init__(
        self, interval: float = CHAT_INTERVAL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._next_slot: dict[int | str, float] = {}

    def reserve(self, chat_id: int | str) -> float:
        """Book the chat's next slot and return how many seconds to wait for it."""
        now = self._clock()
        if len(self._next_slot) > PRUNE_AT:
            self._next_slot = {k: v for k, v in self._next_slot.items() if v > now}
        slot = max(now, self._next_slot.get(chat_id, now))
        self._next_slot[chat_id] = slot + self.interval
        return slot - now

    def tracked_chats(self) -> int:
        """How many chats have a slot booked."""
        return len(self._next_slot)


class TelegramRateLimiter(AIORateLimiter):
    """AIORateLimiter (overall and group limits, 429 retries) plus one message a second per chat."""

    __slots__ = ("pacer",)

    def __init__(self, max_retries: int, pacer: ChatPacer | None = None) -> None:
        super().__init__(max_retries=max_retries)
        self.pacer = pacer or ChatPacer()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        chat_id = data.get("chat_id")
        if endpoint in PACED_METHODS and isinstance(chat_id, int | str):
            wait = self.pacer.reserve(chat_id)
            if wait > 0:
                await asyncio.sleep(wait)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
