"""Bot API calls ride out network errors and 5xx answers: a few retries with growing slept."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bot_harness import FAKE_TOKEN
from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest

from bot import transport
from bot.transport import RetryingRequest

OK = (200, json.dumps({"ok": True, "result": True}).encode())


def _error(status: int, description: str, **parameters: Any) -> tuple[int, bytes]:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, json.dumps(body).encode()


class Scripted(BaseRequest):
    """Answers each request with the next outcome of a script: (status, body) or an exception."""

    def __init__(self, *outcomes: tuple[int, bytes] | Exception) -> None:
        self.outcomes = list(outcomes)
        self.attempts = 0

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(self, url: str, method: str, request_data=None, **timeouts: Any):
        self.attempts += 1
        outcome = self.outcomes.pop(0) if self.outcomes else OK
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


async def _send(inner: Scripted) -> Any:
    bot = Bot(FAKE_TOKEN, request=RetryingRequest(inner), get_updates_request=Scripted())
    return await bot.send_message(chat_id=42, text="hi")


@pytest.mark.parametrize(
    "failure",
    [
        _error(500, "Internal Server Error"),
        _error(502, "Bad Gateway"),
        _error(504, "Gateway Timeout"),
        NetworkError("httpx.RemoteProtocolError: Server disconnected without sending a response."),
        TimedOut(),
    ],
    ids=["500", "502", "504", "dropped connection", "timeout"],
)
async def test_transient_failures_are_retried_with_growing_pauses(slept, failure):
    inner = Scripted(failure, failure, failure)
    assert await _send(inner) is True
    assert inner.attempts == 4
    assert slept == [0.5, 1.0, 2.0]


async def test_retries_are_bounded_then_the_failure_is_the_callers(slept):
    inner = Scripted(*[_error(502, "Bad Gateway")] * 10)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await _send(inner)
    assert inner.attempts == 1 + transport.RETRIES
    inner = Scripted(*[TimedOut()] * 10)
    with pytest.raises(TimedOut):
        await _send(inner)
    assert inner.attempts == 1 + transport.RETRIES


@pytest.mark.parametrize(
    ("failure", "raised"),
    [
        (_error(400, "Bad Request: chat not found"), BadRequest),
        (_error(429, "Too Many Requests: retry after 3", retry_after=3), RetryAfter),
    ],
    ids=["400", "429"],
)
# PTB's own RetryAfter warns about a future type change of `retry_after`.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_answers_that_retrying_cannot_fix_are_not_retried(slept, failure, raised):
    # A 429 is the rate limiter's: it waits as long as Telegram says, not our slept.
    inner = Scripted(failure)
    with pytest.raises(raised):
        await _send(inner)
    assert inner.attempts == 1
    assert slept == []


async def test_each_retry_is_one_line_naming_the_method_not_the_token(slept, caplog):
    inner = Scripted(_error(502, "Bad Gateway"), NetworkError("httpx.ReadError: reset"))
    await _send(inner)
    lines = [r for r in caplog.records if r.name == "bot.transport"]
    assert [r.levelname for r in lines] == ["WARNING", "WARNING"]
    assert all("sendMessage" in r.getMessage() for r in lines)
    assert all(FAKE_TOKEN not in r.getMessage() and r.exc_info is None for r in lines)
    assert "retry 1 of 3" in lines[0].getMessage()
    assert "ReadError" in lines[1].getMessage()


async def test_the_wrapper_passes_its_inner_request_through(slept):
    inner = Scripted()
    request = RetryingRequest(inner)
    assert request.read_timeout == inner.read_timeout
    inner.outcomes = [_error(503, "Service Unavailable")]
    async with request:
        assert await request.do_request("https://x/bot1:2/getMe", "POST") == OK
    assert inner.attempts == 2
