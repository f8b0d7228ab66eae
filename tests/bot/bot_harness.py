"""Helpers for driving the bot offline: a recording request object, update builders, HTML checks."""

from __future__ import annotations

import html
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from bot.settings import Settings

ROOT = Path(__file__).absolute().parents[2]
SEEDS = ROOT / "seeds"
FAKE_TOKEN = "123456:" + "A" * 35
BOT_ID = 123456
BOT_USERNAME = "news_qa_bot"
USER = {"id": 42, "is_bot": False, "first_name": "Ada"}
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "News QA", "username": BOT_USERNAME}
PRIVATE_CHAT = {"id": 42, "type": "private", "first_name": "Ada"}
GROUP_CHAT = {"id": -100200300, "type": "supergroup", "title": "Readers"}
DECLINED_QUESTION = "xyzzy plugh frobnicate quux?"
ALLOWED_TAGS = {"b", "i", "code", "a", "blockquote"}


class Recorder(BaseRequest):
    """A request object that records each Bot API call and answers like Telegram would,
    or fails the calls it was told to (`fail_next`)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._ids = itertools.count(1000)
        self._failures: list[tuple[str, int | Exception, str]] = []

    def fail_next(self, method: str, failure: int | Exception, description: str = "") -> None:
        """Fail the next call of method: with an HTTP status and description, or by raising."""
        self._failures.append((method, failure, description))

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        self.calls.append((name, params))
        failure = next((f for f in self._failures if f[0] == name), None)
        if failure is not None:
            self._failures.remove(failure)
            _, status, description = failure
            if isinstance(status, Exception):
                raise status
            error = {"ok": False, "error_code": status, "description": description}
            return status, json.dumps(error).encode()
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return {**BOT_USER, "can_join_groups": True, "supports_inline_queries": True}
        if name in {"sendMessage", "editMessageText"}:
            chat_id = int(params.get("chat_id", PRIVATE_CHAT["id"]))
            chat = PRIVATE_CHAT if chat_id > 0 else GROUP_CHAT
            return {
                "message_id": int(params.get("message_id", next(self._ids))),
                "date": 1_700_000_000,
                "chat": {**chat, "id": chat_id},
                "from": BOT_USER,
                "text": re.sub(r"<[^>]+>", "", str(params.get("text", ""))),
            }
        return True

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """The parameters of every call to method, in order."""
        return [params for name, params in self.calls if name == method]

    def methods(self) -> list[str]:
        """The Bot API methods called, in order, start-up calls excluded."""
        return [name for name, _ in self.calls if name != "getMe"]


def recorded_builder(recorder: Recorder) -> ApplicationBuilder:
    """An ApplicationBuilder whose every Bot API call goes to `recorder`."""
    return ApplicationBuilder().token(FAKE_TOKEN).request(recorder).get_updates_request(recorder)


def make_settings(**values: Any) -> Settings:
    """Settings from keyword values only, ignoring any .env file."""
    return Settings(_env_file=None, **values)


_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def message(
    text: str | None = "hello",
    chat: dict[str, Any] = PRIVATE_CHAT,
    user: dict[str, Any] = USER,
    reply_to: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A message as Telegram sends it, with command and mention entities filled in."""
    data: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": 1_700_000_000,
        "chat": chat,
        "from": user,
        **extra,
    }
    if text is not None:
        data["text"] = text
        entities = [
            {"type": "bot_command", "offset": m.start(), "length": len(m.group())}
            for m in re.finditer(r"^/\w+(?:@\w+)?", text)
        ]
        entities += [
            {"type": "mention", "offset": m.start(), "length": len(m.group())}
            for m in re.finditer(r"@\w+", text)
            if m.start() > 0 or not text.startswith("/")
        ]
        if entities:
            data["entities"] = entities
    if reply_to is not None:
        data["reply_to_message"] = reply_to
    return data


def bot_message(text: str = "An answer", chat: dict[str, Any] = PRIVATE_CHAT, **extra: Any):
    """A message the bot sent earlier."""
    return message(text, chat=chat, user=BOT_USER, **extra)


def update(app: Application, **fields: Any) -> Update:
    """An Update of the given kind, bound to the app's bot."""
    return Update.de_json({"update_id": next(_update_ids), **fields}, app.bot)


def callback(
    app: Application, data: str, on: dict[str, Any], user: dict[str, Any] = USER
) -> Update:
    """A button press on message `on`."""
    query = {"id": "77", "from": user, "chat_instance": "ci", "data": data, "message": on}
    return update(app, callback_query=query)


class TagChecker(HTMLParser):
    """Collects problems with Telegram HTML: unknown, unbalanced or unclosed tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"unknown tag {tag}")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")


def html_problems(text: str) -> list[str]:
    """What is wrong with text as Telegram HTML; empty when it is valid."""
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    problems = checker.problems + [f"unclosed <{tag}>" for tag in checker.stack]
    if re.search(r"&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)", text):
        problems.append("bare &")
    if re.search(r"<(?!/?(?:b|i|code|blockquote|a)\b)", text):
        problems.append("bare <")
    return problems


def visible(text: str) -> str:
    """The text a person sees once Telegram has parsed the HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))
