"""Who may use the bot (ALLOWED_CHAT_IDS), and updates Telegram would never send."""

from __future__ import annotations

import logging

from bot_harness import (
    GROUP_CHAT,
    PRIVATE_CHAT,
    USER,
    bot_message,
    callback,
    make_settings,
    message,
    update,
    visible,
)

from bot import handlers

QUESTION = "Who founded Telegram?"
STRANGER = {"id": 666, "is_bot": False, "first_name": "Eve"}
STRANGER_CHAT = {"id": 666, "type": "private", "first_name": "Eve"}


def _only(*chat_ids: int):
    return make_settings(allowed_chat_ids=",".join(str(i) for i in chat_ids))


async def test_other_chats_get_one_polite_refusal(make_app):
    app, recorder = await make_app(_only(1, 2))
    await app.process_update(update(app, message=message(QUESTION)))
    await app.process_update(update(app, message=message("/start")))
    [sent] = recorder.sent()
    assert "private" in visible(sent["text"])
    assert "<blockquote>" not in sent["text"]


async def test_a_group_not_listed_is_refused_once_too(make_app):
    app, recorder = await make_app(_only(PRIVATE_CHAT["id"]))
    for _ in range(2):
        await app.process_update(update(app, message=message(f"/ask {QUESTION}", chat=GROUP_CHAT)))
    [sent] = recorder.sent()
    assert int(sent["chat_id"]) == GROUP_CHAT["id"]
    assert "private" in visible(sent["text"])


async def test_allowed_chats_are_answered(make_app):
    app, recorder = await make_app(_only(PRIVATE_CHAT["id"]))
    await app.process_update(update(app, message=message(QUESTION)))
    assert "<blockquote>" in recorder.sent()[0]["text"]


async def test_anyone_in_an_allowed_group_is_answered(make_app):
    app, recorder = await make_app(_only(GROUP_CHAT["id"]))
    asked = message(f"/ask {QUESTION}", chat=GROUP_CHAT, user=STRANGER)
    await app.process_update(update(app, message=asked))
    assert "<blockquote>" in recorder.sent()[0]["text"]


async def test_buttons_from_other_chats_are_refused_once_then_just_stop_spinning(make_app):
    app, recorder = await make_app(_only(1))
    answer = bot_message(chat=STRANGER_CHAT, reply_to=message(QUESTION, chat=STRANGER_CHAT))
    for data in ("more:3", "ctx:0:1", "src:1"):
        await app.process_update(callback(app, data, answer, user=STRANGER))
    answers = recorder.sent("answerCallbackQuery")
    assert len(answers) == 3
    assert "private" in answers[0]["text"]
    assert [a.get("text") for a in answers[1:]] == [None, None]
    # No button did its job: nothing was sent or edited.
    assert recorder.methods() == ["answerCallbackQuery"] * 3


async def test_inline_queries_from_other_users_get_nothing(make_app):
    app, recorder = await make_app(_only(1))
    for _ in range(2):
        query = {"id": "9", "from": STRANGER, "query": QUESTION, "offset": ""}
        await app.process_update(update(app, inline_query=query))
    answered = recorder.sent("answerInlineQuery")
    assert [a["results"] for a in answered] == [[], []]
    assert all(a["is_personal"] for a in answered)  # not cached for allowed users


async def test_inline_queries_from_allowed_users_are_answered(make_app):
    app, recorder = await make_app(_only(USER["id"]))
    query = {"id": "9", "from": USER, "query": QUESTION, "offset": ""}
    await app.process_update(update(app, inline_query=query))
    [answered] = recorder.sent("answerInlineQuery")
    assert answered["results"]


async def test_updates_telegram_never_sends_are_dropped_with_one_line(make_app, caplog):
    app, recorder = await make_app()
    chatless = {"message_id": 1, "date": 1, "from": USER, "text": QUESTION}
    numeric = {**message(QUESTION), "text": 12345}
    captioned = {**message(None), "caption": ["not", "text"]}
    for broken in (chatless, numeric, captioned):
        await app.process_update(update(app, message=broken))
    assert recorder.methods() == []
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.levelname for r in lines] == ["WARNING"] * 3
    assert all("malformed" in r.getMessage() and r.exc_info is None for r in lines)
    # Odd but possible updates still work: a group message from an anonymous admin (no user).
    anonymous = message(f"/ask {QUESTION}", chat=GROUP_CHAT, sender_chat=GROUP_CHAT)
    del anonymous["from"]
    await app.process_update(update(app, message=anonymous))
    assert "<blockquote>" in recorder.sent()[0]["text"]


async def test_the_memory_of_refused_chats_is_bounded(make_app, monkeypatch):
    monkeypatch.setattr(handlers, "MAX_REMEMBERED_REFUSALS", 3)
    app, recorder = await make_app(_only(1))
    for chat_id in range(100, 110):
        chat = {"id": chat_id, "type": "private", "first_name": "Eve"}
        user = {"id": chat_id, "is_bot": False, "first_name": "Eve"}
        await app.process_update(update(app, message=message(QUESTION, chat=chat, user=user)))
    assert len(recorder.sent()) == 10
    assert len(app.bot_data[handlers.DEPS].refused) <= 3
