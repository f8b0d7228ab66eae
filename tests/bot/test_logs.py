"""Tokens never reach the logs, whichever library logs them and however."""

from __future__ import annotations

import io
import logging

import pytest
from bot_harness import FAKE_TOKEN

from bot.logs import REDACTED, setup_logging

OTHER_TOKEN = "987654321:" + "b_-C" * 9


@pytest.fixture
def captured():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    setup_logging("DEBUG", FAKE_TOKEN)
    stream = io.StringIO()
    root.handlers[0].setStream(stream)
    yield stream
    root.handlers[:], root.level = saved
    logging.getLogger("telegram").setLevel(logging.NOTSET)
    logging.getLogger("httpx").setLevel(logging.NOTSET)
    logging.getLogger("httpcore").setLevel(logging.NOTSET)


def test_tokens_are_redacted_in_messages_args_and_tracebacks(captured):
    telegram = logging.getLogger("telegram.ext.ExtBot")
    telegram.warning("Calling https://api.telegram.org/bot%s/getMe", FAKE_TOKEN)
    logging.getLogger("bot").debug(f"token in the message itself: {OTHER_TOKEN}")
    try:
        raise ValueError(f"bad url https://api.telegram.org/bot{FAKE_TOKEN}/x")
    except ValueError:
        logging.getLogger("bot").exception("failed")
    output = captured.getvalue()
    assert FAKE_TOKEN not in output
    assert OTHER_TOKEN not in output
    assert output.count(REDACTED) == 3
    assert "/getMe" in output
    assert "ValueError" in output


def test_the_configured_token_is_redacted_even_if_oddly_shaped(captured):
    root = logging.getLogger()
    setup_logging("DEBUG", "short:tok")
    root.handlers[0].setStream(captured)
    logging.getLogger("bot").info("value %s", "short:tok")
    assert "short:tok" not in captured.getvalue()


def test_httpx_request_lines_are_quiet(captured):
    logging.getLogger("httpx").info(
        "HTTP Request: POST https://api.telegram.org/bot%s/getUpdates", FAKE_TOKEN
    )
    assert captured.getvalue() == ""
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING


def test_debug_level_keeps_updates_with_message_text_out(captured):
    logging.getLogger("telegram.ext.Application").debug("Processing update %s", "private words")
    logging.getLogger("bot.handlers").debug("a debug line of our own")
    output = captured.getvalue()
    assert "private words" not in output
    assert "a debug line of our own" in output
