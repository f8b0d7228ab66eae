"""The aiohttp transport against the fake Bot API: what PTB sends arrives, failures map to
PTB's errors, and no error message carries the token."""

from __future__ import annotations

import traceback
from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData

from bot.aiohttp_request import AiohttpRequest

from .fake_bot_api import FakeBotAPI
from .harness import free_port


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    request = AiohttpRequest(read_timeout=0.5)
    async with Bot(
        fake.token, base_url=fake.base_url, request=request, get_updates_request=AiohttpRequest()
    ) as opened:
        yield opened


def _token_free(fake: FakeBotAPI, error: BaseException) -> None:
    secret = fake.token.split(":", 1)[1]
    shown = "".join(traceback.format_exception(error))
    assert secret not in shown
    assert secret not in repr(error)


async def test_parameters_arrive_with_their_types(fake, bot):
    user = fake.user(501, "Ann")
    fake.push_update({"message": fake.new_message(fake.private_chat(user), user, "hi")})
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])
    sent = await bot.send_message(
        501, "<b>Ünïcode</b> &amp; more", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )
    assert sent.text == "Ünïcode & more"
    call = fake.calls("sendMessage")[-1]
    assert call.params["chat_id"] == 501
    assert call.params["text"] == "<b>Ünïcode</b> &amp; more"
    assert call.params["reply_markup"] == keyboard.to_dict()


async def test_files_go_as_multipart(fake, bot):
    assert await bot.set_webhook("https://example.org/hook", certificate=b"PEM" * 100)
    call = fake.calls("setWebhook")[-1]
    assert call.params["url"] == "https://example.org/hook"
    assert call.params["certificate"]["size"] == 300


async def test_server_errors_are_returned_to_ptb_not_raised(fake):
    fake.fail_next("getMe", 502, "Bad Gateway")
    request = AiohttpRequest()
    await request.initialize()
    try:
        status, body = await request.do_request(fake.url("getMe"), "POST", RequestData())
    finally:
        await request.shutdown()
    assert status == 502
    assert b"Bad Gateway" in body


async def test_a_slow_answer_times_out(fake, bot):
    fake.delay_next("getMe", 2.0)
    with pytest.raises(TimedOut) as raised:
        await bot.get_me()
    _token_free(fake, raised.value)


async def test_a_dropped_connection_is_a_network_error_without_the_token(fake, bot):
    fake.drop_next("getMe")
    with pytest.raises(NetworkError) as raised:
        await bot.get_me()
    assert "aiohttp" in str(raised.value)
    _token_free(fake, raised.value)


async def test_no_server_is_a_network_error_without_the_token(fake):
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.do_request(
                f"http://127.0.0.1:{free_port()}/bot{fake.token}/getMe", "POST"
            )
    finally:
        await request.shutdown()
    _token_free(fake, raised.value)


async def test_a_request_before_initialize_is_refused(fake):
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request(fake.url("getMe"), "POST")


async def test_proxies_come_from_the_environment_once(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    request = AiohttpRequest()
    await request.initialize()
    try:
        assert request._proxy_for("https://api.telegram.org/botX/getMe") == (
            "http://proxy.example:3128"
        )
        assert request._proxy_for("http://127.0.0.1:8081/botX/getMe") is None
        monkeypatch.delenv("HTTPS_PROXY")
        assert request._proxy_for("https://api.telegram.org/botX/getMe") is not None
    finally:
        await request.shutdown()


async def test_an_error_quoting_the_url_has_the_token_cut_out(fake):
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match="InvalidUrl") as raised:
            await request.do_request(f"http://127.0.0.1:99999/bot{fake.token}/getMe", "POST")
    finally:
        await request.shutdown()
    assert "<Bot API URL>" in str(raised.value)
    _token_free(fake, raised.value)
