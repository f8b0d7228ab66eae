"""Several updates at once, each chat's in order, and all of them finished before a stop."""

from __future__ import annotations

import asyncio

import pytest
from bot_harness import (
    GROUP_CHAT,
    PRIVATE_CHAT,
    USER,
    Recorder,
    make_settings,
    message,
    recorded_builder,
    update,
)
from telegram import Update

from bot.handlers import register_handlers
from bot.ordering import ChatOrderedProcessor


class Track:
    """Handlers that wait for the test's go-ahead and note when they start and finish."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}
        self.running = 0
        self.most = 0

    async def handle(self, name: str) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        self.events.append(f"start {name}")
        await self.gates.setdefault(name, asyncio.Event()).wait()
        self.events.append(f"end {name}")
        self.running -= 1

    def release(self, name: str) -> None:
        self.gates.setdefault(name, asyncio.Event()).set()


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_a_chat_waits_for_its_own_updates_without_holding_up_others(make_app):
    app, _ = await make_app()
    processor = ChatOrderedProcessor(workers=2)
    track = Track()
    chat_a = [update(app, message=message(f"a{i}")) for i in range(3)]
    chat_b = update(app, message=message("b", chat=GROUP_CHAT))
    tasks = [
        asyncio.create_task(processor.process_update(u, track.handle(name)))
        for u, name in [(chat_a[0], "a0"), (chat_a[1], "a1"), (chat_a[2], "a2"), (chat_b, "b")]
    ]
    await _settle()
    # a1 and a2 wait for a0 without taking the second worker: b runs at once.
    assert track.events == ["start a0", "start b"]
    assert processor.busy_chats() == 2
    track.release("a1")  # finishing early is not allowed to jump the queue
    track.release("b")
    await _settle()
    assert track.events == ["start a0", "start b", "end b"]
    track.release("a0")
    track.release("a2")
    await asyncio.gather(*tasks)
    assert track.events[3:] == ["end a0", "start a1", "end a1", "start a2", "end a2"]
    assert track.most == 2
    assert processor.busy_chats() == 0


async def test_no_more_than_the_workers_run_at_once(make_app):
    app, _ = await make_app()
    processor = ChatOrderedProcessor(workers=3)
    track = Track()
    chats = [{**PRIVATE_CHAT, "id": 500 + i} for i in range(8)]
    updates = [update(app, message=message("q", chat=chat)) for chat in chats]
    tasks = [
        asyncio.create_task(processor.process_update(u, track.handle(str(i))))
        for i, u in enumerate(updates)
    ]
    await _settle()
    assert track.running == 3
    for i in range(8):
        track.release(str(i))
    await asyncio.gather(*tasks)
    assert track.most == 3
    assert len(track.events) == 16


async def test_updates_without_a_chat_or_user_are_handled_too():
    processor = ChatOrderedProcessor(workers=1)
    track = Track()
    track.release("poll")
    await processor.process_update(Update(update_id=5), track.handle("poll"))
    await processor.process_update(object(), track.handle("poll"))
    assert track.events == ["start poll", "end poll"] * 2


# PTB warns the drained updates "won't be awaited"; stop() waits for them all the same,
# which is what this test checks (bot/app.py silences the warning the same way).
@pytest.mark.filterwarnings("ignore:Tasks created via:telegram.warnings.PTBUserWarning")
async def test_stopping_finishes_every_fetched_update_in_each_chats_order(library):
    recorder = Recorder()
    app = recorded_builder(recorder).concurrent_updates(ChatOrderedProcessor(workers=4)).build()
    register_handlers(app, library, make_settings(user_rate_limit=0))
    chats = [{**PRIVATE_CHAT, "id": 600 + i} for i in range(5)]
    asked: dict[int, list[int]] = {chat["id"]: [] for chat in chats}
    async with app:
        await app.start()
        for round_ in range(4):
            for chat in chats:
                sent = message(f"Who founded Telegram? {round_}", chat=chat, user=USER)
                asked[chat["id"]].append(sent["message_id"])
                await app.update_queue.put(update(app, message=sent))
        await app.stop()
    answered: dict[int, list[int]] = {chat["id"]: [] for chat in chats}
    for params in recorder.sent():
        answered[int(params["chat_id"])].append(params["reply_parameters"]["message_id"])
    assert answered == asked
