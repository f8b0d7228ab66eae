"""When Telegram refuses a reply: plain text for bad markup, one log line and a skip otherwise."""

from __future__ import annotations

import logging

import pytest
from bot_harness import GROUP_CHAT, USER, html_problems, message, update, visible
from telegram.error import NetworkError, TimedOut

QUESTION = "Who founded Telegram?"
PARSE_ERROR = 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 3'


async def test_markup_telegram_cannot_parse_is_resent_as_plain_text(make_app, caplog):
    app, recorder = await make_app()
    recorder.fail_next("sendMessage", 400, PARSE_ERROR)
    await app.process_update(update(app, message=message(QUESTION)))
    refused, plain = recorder.sent()
    assert refused["parse_mode"] == "HTML"
    assert "parse_mode" not in plain
    assert plain["text"] == visible(refused["text"])
    assert "<" not in plain["text"].replace(" < ", "")
    assert "&amp;" not in plain["text"]
    # Everything else stays: the buttons, the reply to the question, no preview.
    for key in ("reply_markup", "reply_parameters", "link_preview_options"):
        assert plain[key] == refused[key]
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert line.levelno == logging.WARNING
    assert "plain text" in line.getMessage()


@pytest.mark.parametrize(
    ("status", "description"),
    [
        (403, "Forbidden: bot was blocked by the user"),
        (400, "Bad Request: chat not found"),
        (400, "Bad Request: message is too long"),
        (403, "Forbidden: bot was kicked from the supergroup chat"),
    ],
    ids=["blocked", "chat not found", "too long", "kicked"],
)
async def test_a_chat_that_cannot_receive_is_logged_once_and_skipped(
    make_app, caplog, status, description
):
    app, recorder = await make_app()
    recorder.fail_next("sendMessage", status, description)
    await app.process_update(update(app, message=message(QUESTION)))
    assert len(recorder.sent()) == 1  # no retry, no apology
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.levelname for r in problems] == ["WARNING"]
    assert problems[0].exc_info is None
    assert str(USER["id"]) in problems[0].getMessage()
    assert description.split(": ", 1)[1].lower() in problems[0].getMessage().lower()
    # The bot goes on with everyone else.
    other = {"id": 99, "type": "private", "first_name": "Bo"}
    await app.process_update(update(app, message=message(QUESTION, chat=other)))
    assert "<blockquote>" in recorder.sent()[-1]["text"]


async def test_a_long_reply_stops_at_the_first_refused_part(make_app, tiny_corpus):
    endless = " ".join(f"word{i} & <tag{i}>" for i in range(1500))
    app, recorder = await make_app(corpus=tiny_corpus(endless))
    recorder.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await app.process_update(update(app, message=message("word7 tag7")))
    assert len(recorder.sent()) == 1


async def test_a_reply_lost_to_the_network_is_one_error_line_without_traceback(make_app, caplog):
    app, recorder = await make_app()
    # What reaches delivery has already been retried by the transport (see test_transport).
    recorder.fail_next("sendMessage", NetworkError("httpx.ConnectError: connection refused"))
    await app.process_update(update(app, message=message(f"/ask {QUESTION}", chat=GROUP_CHAT)))
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert line.levelname == "ERROR"
    assert line.exc_info is None
    assert "lost" in line.getMessage()


async def test_a_timeout_is_treated_like_any_network_failure(make_app, caplog):
    app, recorder = await make_app()
    recorder.fail_next("sendMessage", TimedOut())
    await app.process_update(update(app, message=message(QUESTION)))
    assert [r.levelname for r in caplog.records if r.levelno >= logging.WARNING] == ["ERROR"]


async def test_plain_text_fallback_keeps_what_the_reader_sees(make_app, tiny_corpus):
    corpus = tiny_corpus(
        "The <b>bold</b> claim & counter-claim were filed in court on Monday.\n"
        "Nothing else happened that week at the courthouse."
    )
    app, recorder = await make_app(corpus=corpus)
    recorder.fail_next("sendMessage", 400, PARSE_ERROR)
    await app.process_update(update(app, message=message("claim counter-claim court")))
    refused, plain = recorder.sent()
    assert not html_problems(refused["text"])
    assert "The <b>bold</b> claim & counter-claim" in plain["text"]
