"""Handling several updates at once while each chat's updates keep their order.

Most of a reply's time is spent waiting on Telegram (the request, the one-message-a-second
pacing), so other chats should not queue behind it; but two questions in one chat must be
answered in the order they were asked.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Up to `workers` updates at a time, one at a time per chat (per user outside chats)."""

    def __init__(self, workers: int) -> None:
        # PTB takes its own semaphore before calling do_process_update, so an update waiting
        # there for its chat's turn would hold a worker and let one busy chat stall the rest.
        # Its bound is therefore left open and the real one taken only once it is the chat's turn.
        super().__init__(sys.maxsize)
        self.workers = workers
        self._free = asyncio.Semaphore(workers)
        self._chats: dict[int, _Turns] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates, then for a free worker, then handle it."""
        key = _chat_key(update)
        if key is None:
            async with self._free:
                await coroutine
            return
        turns = self._chats.setdefault(key, _Turns())
        turns.queued += 1
        try:
            async with turns.lock, self._free:
                await coroutine
        finally:
            turns.queued -= 1
            if not turns.queued:
                del self._chats[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down: Application.stop has already waited for every update."""

    def busy_chats(self) -> int:
        """How many chats have updates being handled or waiting."""
        return len(self._chats)


class _Turns:
    """A chat's lock (asyncio locks are first come, first served) and how many updates use it."""

    __slots__ = ("lock", "queued")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.queued = 0


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    where = update.effective_chat or update.effective_user
    return where.id if where else None
