"""Tokens never reach the logs, whichever library logs them and however."""

from __future__ import annotations

import io
import logging
import sys
import threading
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bot_harness import FAKE_TOKEN
from telegram import Bot
from telegram.error import NetworkError
from telegram.request import HTTPXRequest

from bot.app import _polling_failed
from bot.logs import REDACTED, setup_logging
from bot.transport import RetryingRequest

OTHER_TOKEN = "987654321:" + "b_-C" * 9


@pytest.fixture
def captured():
    root = logging.getLogger()
    saved = root.handlers[:], root.level, sys.excepthook
    setup_logging("DEBUG", FAKE_TOKEN)
    stream = io.StringIO()
    root.handlers[0].setStream(stream)
    yield stream
    root.handlers[:], root.level, sys.excepthook = saved
    logging.captureWarnings(False)
    for name in ("telegram", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.NOTSET)


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


class _Failing(BaseHTTPRequestHandler):
    """Answers every Bot API call with 502, as Telegram does in a bad minute."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = b'{"ok": false, "error_code": 502, "description": "Bad Gateway"}'
        self.send_response(502)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def failing_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/bot"
    server.shutdown()
    server.server_close()


async def test_real_httpx_and_telegram_records_at_debug_are_redacted(
    captured, failing_api, monkeypatch
):
    # Even with httpx's and PTB's request logging turned all the way up.
    for name in ("httpx", "httpcore", "telegram"):
        logging.getLogger(name).setLevel(logging.DEBUG)

    async def no_pause(seconds: float) -> None:
        """Retries without waiting."""

    monkeypatch.setattr("bot.transport.asyncio.sleep", no_pause)
    bot = Bot(FAKE_TOKEN, base_url=failing_api, request=RetryingRequest(HTTPXRequest()))
    with pytest.raises(NetworkError) as failed:
        await bot.get_me()
    logging.getLogger("telegram.ext.Application").error("Failed", exc_info=failed.value)
    _polling_failed(NetworkError(f"httpx.ConnectError for {failing_api}{FAKE_TOKEN}/getUpdates"))
    output = captured.getvalue()
    assert "HTTP Request: POST" in output  # httpx did log the URLs...
    assert "/getMe" in output
    assert "Traceback" in output  # ...and the traceback was written
    assert FAKE_TOKEN not in output  # ...but never the token
    assert FAKE_TOKEN.split(":")[1] not in output
    assert output.count(REDACTED) >= 4


def test_chained_exceptions_stack_info_and_warnings_are_redacted(captured):
    try:
        try:
            raise OSError(f"GET https://api.telegram.org/bot{FAKE_TOKEN}/getMe refused")
        except OSError as cause:
            raise RuntimeError("wrapped") from cause
    except RuntimeError:
        logging.getLogger("telegram.ext.Updater").error("polling", exc_info=True, stack_info=True)
    warnings.warn(f"odd URL https://x/bot{FAKE_TOKEN}/y", UserWarning, stacklevel=1)
    output = captured.getvalue()
    assert "OSError" in output
    assert "Stack (most recent call last)" in output
    assert "odd URL" in output
    assert FAKE_TOKEN not in output


def test_a_crash_is_logged_redacted_not_printed(captured):
    try:
        raise ValueError(f"token {FAKE_TOKEN} in a crash")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    output = captured.getvalue()
    assert "CRITICAL" in output
    assert "ValueError" in output
    assert FAKE_TOKEN not in output
