"""A fake Telegram Bot API server on loopback, for end-to-end tests of the real bot process.

It speaks the HTTP side of the Bot API closely enough for python-telegram-bot:
`POST /bot<token>/<method>` with form-encoded, multipart or JSON bodies, answered with
`{"ok": true, "result": ...}` or `{"ok": false, "error_code": ..., "description": ...}`.

What it checks, the way Telegram does (so a bot that breaks a rule gets the same 400):

* the token in the path (401 otherwise);
* message text is 1-4096 characters after entity parsing, and HTML parses: only the tags
  Telegram supports, balanced, attributes quoted properly, `<` never bare;
* a bare `&` that does not start `&lt;`, `&gt;`, `&amp;`, `&quot;` or `&#...;` is
  rejected too.  Real Telegram keeps such an `&` as text; the fake is stricter on
  purpose, because a bare `&` in a bot's output almost always means a missing
  `html.escape` (pass `strict_ampersand=False` for Telegram's lenient behaviour);
* inline keyboards (callback_data at most 64 bytes, exactly one action a button);
* inline query answers (at most 50 results, ids 1-64 bytes and unique);
* edits of unknown or unchanged messages, answers to unknown or already answered
  callback and inline queries, replies to unknown messages, messages to unknown chats.

Every call is recorded (method, parsed parameters, time, outcome) so tests can wait for
and assert on what the bot did.  Waits are bounded; the server stops by itself when used
as a context manager; it only ever binds 127.0.0.1 and never opens a connection.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import html
import itertools
import json
import re
import secrets
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200

# Form values that are strings even when they look like JSON ("42", "true").
STRING_FIELDS = frozenset(
    {
        "text",
        "parse_mode",
        "url",
        "secret_token",
        "callback_query_id",
        "inline_query_id",
        "next_offset",
        "ip_address",
        "action",
        "language_code",
        "caption",
        "emoji",
        "name",
        "title",
        "description",
        "short_description",
        "switch_pm_text",
        "switch_pm_parameter",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
    }
)

# Update types Telegram delivers when `allowed_updates` is empty or was never set.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)

BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
MENTION = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}(?!\w)")
COMMAND_IN_TEXT = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@])")


class ApiError(Exception):
    """A Bot API error answer: HTTP status = error_code, and its description."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


# --------------------------------------------------------------------------- HTML entities

HTML_TAG_ENTITIES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\r\n\f\v"


class HtmlParseError(Exception):
    """HTML Telegram would refuse, with Telegram's wording (after "can't parse entities: ")."""


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _entity_at(text: str, i: int) -> tuple[str, int] | None:
    match = _HTML_ENTITY.match(text, i)
    if match is None:
        return None
    named, dec, hexa = match.groups()
    if named:
        return _NAMED[named], match.end()
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into (plain text, message entities).

    Follows tdlib's parser (which the Bot API server uses): errors carry the same wording
    and UTF-8 byte offsets.  Entity offsets and lengths are in UTF-16 code units.
    """
    out: list[str] = []
    pos16 = 0  # UTF-16 length of `out`
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _entity_at(text, i)
            if decoded is not None:
                char, i = decoded
                out.append(char)
                pos16 += 2 if ord(char) > 0xFFFF else 1
                continue
            if strict_ampersand:
                raise HtmlParseError(
                    f"Character '&' at byte offset {_byte_offset(text, i)} does not start an "
                    "HTML entity; write it as &amp;"
                )
        if c != "<":
            out.append(c)
            pos16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        i += 1
        if i < n and text[i] == "/":
            # End tag.
            if not stack:
                raise HtmlParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(text, begin)}"
                )
            end = text.find(">", i)
            if end == -1:
                raise HtmlParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
            name = text[i + 1 : end].rstrip(_SPACE).lower()
            open_name, start16, attrs = stack.pop()
            if name != open_name:
                raise HtmlParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            i = end + 1
            entity = _make_entity(open_name, start16, pos16 - start16, attrs, stack)
            if entity is not None:
                entities.append(entity)
            continue
        # Start tag: the name runs to the first space or '>'.
        name_end = i
        while name_end < n and text[name_end] not in _SPACE and text[name_end] != ">":
            name_end += 1
        if name_end >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        name = text[i:name_end].lower()
        if name not in HTML_TAG_ENTITIES:
            raise HtmlParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, begin)}'
            )
        attrs: dict[str, str] = {}
        i = name_end
        while True:
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                raise HtmlParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            if text[i] == ">":
                i += 1
                break
            attr_begin = i
            while i < n and text[i] not in _SPACE and text[i] not in "=>":
                i += 1
            attr = text[attr_begin:i].lower()
            if not attr:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset '
                    f"{_byte_offset(text, begin)}"
                )
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                raise HtmlParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            if text[i] != "=":
                if name == "blockquote" and attr == "expandable":
                    attrs[attr] = ""
                    continue
                raise HtmlParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {_byte_offset(text, begin)}"
                )
            i += 1
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                raise HtmlParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                )
            if text[i] in "'\"":
                quote = text[i]
                close = text.find(quote, i + 1)
                if close == -1:
                    raise HtmlParseError(
                        f"Unclosed start tag at byte offset {_byte_offset(text, begin)}"
                    )
                raw = text[i + 1 : close]
                i = close + 1
            else:
                # Unquoted values are name tokens, as in tdlib: letters, digits, '.', '-'.
                value_begin = i
                while i < n and (text[i].isalnum() or text[i] in ".-"):
                    i += 1
                if i >= n or (text[i] not in _SPACE and text[i] != ">"):
                    raise HtmlParseError(
                        f"Unexpected end of name token at byte offset {_byte_offset(text, i)}"
                    )
                raw = text[value_begin:i].lower()
            # Attribute values may carry entities; a bare '&' there is the same mistake.
            try:
                attrs[attr], _ = parse_html(
                    raw.replace("<", "&lt;"), strict_ampersand=strict_ampersand
                )
            except HtmlParseError as error:
                raise HtmlParseError(
                    f'{error} (in an attribute of the tag "{name}" at byte offset '
                    f"{_byte_offset(text, begin)})"
                ) from None
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise HtmlParseError('Tag "tg-emoji" must have attribute "emoji-id"')
        stack.append((name, pos16, attrs))
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), entities


def _make_entity(
    name: str, offset: int, length: int, attrs: dict[str, str], outer: list[Any]
) -> dict[str, Any] | None:
    if length == 0:
        return None
    kind = HTML_TAG_ENTITIES[name]
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if name == "a":
        href = attrs.get("href", "")
        if not href:
            return None  # Telegram drops links without a target.
        entity["url"] = href
    elif name == "code" and outer and outer[-1][0] == "pre":
        return None  # <pre><code class="language-x"> becomes one pre entity.
    elif name == "pre":
        entity["type"] = "pre"
    elif name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif name == "tg-emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    return entity


# --------------------------------------------------------------------------- faults


@dataclass(frozen=True)
class Drop:
    """Close the connection without answering, `after` seconds into the request."""

    after: float = 0.0


@dataclass(frozen=True)
class Delay:
    """Answer normally, but `seconds` late."""

    seconds: float


@dataclass
class _Fault:
    method: str | None  # None: any method
    chat_id: int | None  # None: any chat
    action: ApiError | Drop | Delay
    times: int

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        return (self.method is None or self.method == method) and (
            self.chat_id is None or params.get("chat_id") == self.chat_id
        )


# --------------------------------------------------------------------------- records


@dataclass
class Call:
    """One request the bot made."""

    index: int
    method: str
    params: dict[str, Any]
    time: float  # time.perf_counter() when the request arrived
    status: int = 200
    result: Any = None
    error: str | None = None
    injected: bool = False  # failed on purpose by fail_next / drop_next / outage
    delayed: float = 0.0  # seconds held back on purpose by delay_next

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class SentMessage:
    """A message the bot sent, as stored by the fake (after any edits)."""

    chat_id: int
    message_id: int
    html: str  # the text parameter exactly as sent (HTML source when parse_mode=HTML)
    text: str  # the text a user sees, entities parsed
    parse_mode: str | None
    message: dict[str, Any]  # the Message object returned to the bot
    params: dict[str, Any]
    time: float
    edits: list[dict[str, Any]] = field(default_factory=list)

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.message.get("reply_markup")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons, flattened in row order."""
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def reply_to_message_id(self) -> int | None:
        reply = self.params.get("reply_parameters")
        if isinstance(reply, dict):
            return reply.get("message_id")
        return self.params.get("reply_to_message_id")


# --------------------------------------------------------------------------- server


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    api: FakeBotAPI

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A bot killed mid-request (a test's SIGKILL) resets its connections: not a
        # fault of the fake's worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        self._handle()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self) -> None:
        body = self._read_body()
        answer = self.server.api.handle_http(
            self.command, self.path, self.headers.get("Content-Type", ""), body
        )
        if answer is None:
            self.close_connection = True  # dropped on purpose: no status line, nothing
            return
        status, payload = answer
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        # Status line, headers and body in one write: split writes meet delayed ACKs
        # and cost ~40 ms a request on loopback.
        head = (
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode("ascii")
        self.wfile.write(head + data)


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            params[name] = {"filename": part.get_filename(), "size": len(payload)}
        else:
            params[name] = payload.decode(part.get_content_charset() or "utf-8")
    return params


def _coerce(params: dict[str, Any]) -> dict[str, Any]:
    """Form values are strings; non-string parameters arrive JSON-encoded."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str) and key not in STRING_FIELDS:
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        out[key] = value
    return out


class FakeBotAPI:
    """A Bot API on 127.0.0.1 that the tests own.  Use as a context manager."""

    def __init__(
        self,
        token: str | None = None,
        *,
        username: str = "newsqa_test_bot",
        first_name: str = "NewsQA Test",
        validate_html: bool = True,
        strict_ampersand: bool = True,
        long_poll_cap: float = 1.0,
        require_known_chats: bool = True,
        latency: float = 0.0,
    ) -> None:
        self.token = token or make_token()
        self.bot_id = int(self.token.split(":", 1)[0])
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.validate_html = validate_html
        self.strict_ampersand = strict_ampersand
        self.long_poll_cap = long_poll_cap
        self.require_known_chats = require_known_chats
        self.latency = latency  # seconds every call waits, like a server far away

        self._cond = threading.Condition(threading.RLock())
        self._calls: list[Call] = []
        self._pending: list[dict[str, Any]] = []  # queued updates, by update_id
        self._next_update_id = 100_000
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._closed = False
        self.unauthorized = 0  # requests with a wrong token
        self._faults: list[_Fault] = []
        self._outage: ApiError | None = None
        self.delivery_counts: dict[int, int] = {}
        self.handout_times: dict[int, float] = {}  # update_id -> first handed out
        self.dropped_updates: list[dict[str, Any]] = []  # not in allowed_updates
        self.chats: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._next_message_id: dict[int, int] = {}
        self._sent: list[SentMessage] = []
        self._sent_by_key: dict[tuple[int, int], SentMessage] = {}
        self._callback_ids: set[str] = set()
        self._inline_ids: set[str] = set()
        self._ids = itertools.count(1)
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {}

        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            name.lower(): getattr(self, f"_api_{name}")
            for name in (
                "getMe",
                "getUpdates",
                "sendMessage",
                "editMessageText",
                "editMessageReplyMarkup",
                "answerCallbackQuery",
                "answerInlineQuery",
                "sendChatAction",
                "setMyCommands",
                "getMyCommands",
                "deleteMyCommands",
                "setWebhook",
                "deleteWebhook",
                "getWebhookInfo",
                "setMyDescription",
                "setMyShortDescription",
                "setChatMenuButton",
                "close",
                "logOut",
            )
        }

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> FakeBotAPI:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.api = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """For TELEGRAM_BASE_URL: a `{token}` template, as PTB's base_url accepts."""
        return f"http://127.0.0.1:{self.port}/bot{{token}}"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot{{token}}"

    def url(self, method: str, token: str | None = None) -> str:
        return f"http://127.0.0.1:{self.port}/bot{token or self.token}/{method}"

    # ---------------------------------------------------------------- HTTP entry

    def handle_http(
        self, verb: str, path: str, content_type: str, body: bytes
    ) -> tuple[int, dict[str, Any]] | None:
        """The status and JSON answer to one request, or None to drop the connection."""
        arrived = time.perf_counter()
        parsed = urllib.parse.urlsplit(path)
        parts = parsed.path.split("/")
        # ["", "bot<token>", "<method>"]
        if len(parts) != 3 or not parts[1].startswith("bot"):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if not secrets.compare_digest(parts[1][3:].encode(), self.token.encode()):
            with self._cond:
                self.unauthorized += 1
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = parts[2]
        try:
            params = self._parse_params(parsed.query, content_type, body)
        except ValueError as error:
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {error}"}
        with self._cond:
            call = Call(next(self._ids), method, params, arrived)
            self._calls.append(call)
            self._cond.notify_all()
            fault = self._take_fault(method, params)
        if isinstance(fault, Drop):
            time.sleep(fault.after)
            with self._cond:
                call.status, call.error, call.injected = 0, "connection dropped", True
                self._cond.notify_all()
            return None
        if isinstance(fault, Delay):
            call.delayed = fault.seconds
            time.sleep(fault.seconds)
        if self.latency:
            time.sleep(self.latency)
        handler = self._handlers.get(method.lower())
        try:
            if isinstance(fault, ApiError):
                call.injected = True
                raise fault
            if handler is None:
                raise ApiError(404, "Not Found")
            result = handler(params)
        except ApiError as error:
            payload: dict[str, Any] = {
                "ok": False,
                "error_code": error.code,
                "description": error.description,
            }
            if error.parameters:
                payload["parameters"] = error.parameters
            with self._cond:
                call.status, call.error = error.code, error.description
                self._cond.notify_all()
            return error.code, payload
        with self._cond:
            call.result = result
            self._cond.notify_all()
        return 200, {"ok": True, "result": result}

    @staticmethod
    def _parse_params(query: str, content_type: str, body: bytes) -> dict[str, Any]:
        params: dict[str, Any] = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        kind = content_type.split(";")[0].strip().lower()
        if kind == "application/json":
            if body.strip():
                loaded = json.loads(body)
                if not isinstance(loaded, dict):
                    raise ValueError("JSON body must be an object")
                return {**_coerce(params), **loaded}
        elif kind == "multipart/form-data":
            params.update(_parse_multipart(content_type, body))
        elif body:
            params.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return _coerce(params)

    # ---------------------------------------------------------------- test side: faults

    def fail_next(
        self,
        method: str | None,
        status: int = 502,
        description: str = "Bad Gateway",
        *,
        times: int = 1,
        retry_after: int | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` (any method if None; only those to
        `chat_id` if given) with an error, e.g. 429 "Too Many Requests: retry after N" with
        `retry_after=N`.  Faults queue up and are used in the order they were set."""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        self._add_fault(method, chat_id, ApiError(status, description, parameters), times)

    def drop_next(
        self,
        method: str | None,
        *,
        times: int = 1,
        after: float = 0.0,
        chat_id: int | None = None,
    ) -> None:
        """Close the connection of the next `times` calls without answering, `after` seconds
        in (a long poll cut off mid-wait, say).  The call itself is not carried out."""
        self._add_fault(method, chat_id, Drop(after), times)

    def delay_next(
        self, method: str | None, seconds: float, *, times: int = 1, chat_id: int | None = None
    ) -> None:
        """Hold the next `times` calls for `seconds` before handling them as usual."""
        self._add_fault(method, chat_id, Delay(seconds), times)

    def set_outage(self, status: int | None = 502, description: str | None = None) -> None:
        """Fail every call with `status` (502 Bad Gateway by default) until called with None."""
        with self._cond:
            if status is None:
                self._outage = None
            else:
                self._outage = ApiError(status, description or HTTPStatus(status).phrase)

    def _add_fault(
        self, method: str | None, chat_id: int | None, action: ApiError | Drop | Delay, times: int
    ) -> None:
        with self._cond:
            self._faults.append(_Fault(method, chat_id, action, times))

    def _take_fault(self, method: str, params: dict[str, Any]) -> ApiError | Drop | Delay | None:
        if self._outage is not None:
            return self._outage
        for fault in self._faults:
            if fault.matches(method, params):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault.action
        return None

    # ---------------------------------------------------------------- test side: updates

    @staticmethod
    def user(user_id: int, first_name: str = "Alice", username: str | None = None) -> dict:
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "en",
        }
        if username:
            user["username"] = username
        return user

    @staticmethod
    def private_chat(user: dict[str, Any]) -> dict[str, Any]:
        return {"id": user["id"], "type": "private", "first_name": user["first_name"]}

    @staticmethod
    def group_chat(chat_id: int, title: str = "News fans", kind: str = "supergroup") -> dict:
        assert chat_id < 0, "group chat ids are negative"
        return {"id": chat_id, "type": kind, "title": title}

    def make_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Give an update its update_id (unless set) and remember its chats, messages and
        query ids, without queueing it (for webhook deliveries).  Returns it."""
        with self._cond:
            if "update_id" not in update:
                self._next_update_id += 1
                update = {"update_id": self._next_update_id, **update}
            else:
                self._next_update_id = max(self._next_update_id, update["update_id"])
            self._register(update)
            return update

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates; assigns update_id unless given.  Returns it."""
        with self._cond:
            update = self.make_update(update)
            self._pending.append(update)
            self._cond.notify_all()
        return update

    def push_updates(self, updates: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.push_update(u) for u in updates]

    def new_message(
        self,
        chat: dict[str, Any],
        user: dict[str, Any],
        text: str | None = None,
        *,
        reply_to: int | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Build a user's Message; bot commands and @mentions get their entities, as
        Telegram adds them."""
        with self._cond:
            message_id = self._allocate_message_id(chat["id"])
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat,
                "from": user,
            }
            if text is not None:
                message["text"] = text
                entities = sorted(
                    (
                        {
                            "type": kind,
                            "offset": _utf16_len(text[: m.start()]),
                            "length": _utf16_len(m.group()),
                        }
                        for kind, pattern in (
                            ("bot_command", COMMAND_IN_TEXT),
                            ("mention", MENTION),
                        )
                        for m in pattern.finditer(text)
                    ),
                    key=lambda e: e["offset"],
                )
                if entities:
                    message["entities"] = entities
            if reply_to is not None:
                replied = self._messages.get((chat["id"], reply_to))
                if replied is None:
                    raise KeyError(f"no message {reply_to} in chat {chat['id']}")
                message["reply_to_message"] = replied
            message.update(fields)
            return message

    def push_message(
        self,
        chat: dict[str, Any],
        user: dict[str, Any],
        text: str | None = None,
        *,
        reply_to: int | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Queue a message update from `user` in `chat`.  Returns the update."""
        message = self.new_message(chat, user, text, reply_to=reply_to, **fields)
        return self.push_update({"message": message})

    def push_callback_query(
        self, sent: SentMessage, user: dict[str, Any], data: str
    ) -> dict[str, Any]:
        """Queue a press on an inline button of a message the bot sent."""
        query = {
            "id": str(next(self._ids) * 7919 + 10**15),
            "from": user,
            "message": sent.message,
            "chat_instance": str(-sent.chat_id * 31 + 17),
            "data": data,
        }
        return self.push_update({"callback_query": query})

    def push_inline_query(self, user: dict[str, Any], query: str, offset: str = "") -> dict:
        inline = {
            "id": str(next(self._ids) * 104729 + 2 * 10**15),
            "from": user,
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        return self.push_update({"inline_query": inline})

    def _allocate_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 0) + 1
        self._next_message_id[chat_id] = message_id
        return message_id

    def _register(self, update: dict[str, Any]) -> None:
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            message = update.get(key)
            if message:
                self._register_message(message)
        callback = update.get("callback_query")
        if callback:
            self._callback_ids.add(callback["id"])
            if callback.get("message"):
                chat = callback["message"]["chat"]
                self.chats.setdefault(chat["id"], chat)
        inline = update.get("inline_query")
        if inline:
            self._inline_ids.add(inline["id"])

    def _register_message(self, message: dict[str, Any]) -> None:
        chat = message.get("chat")
        if not isinstance(chat, dict):
            return  # a malformed message, queued as it is for the bot to cope with
        self.chats[chat["id"]] = chat
        key = (chat["id"], message["message_id"])
        self._messages[key] = message
        if message["message_id"] > self._next_message_id.get(chat["id"], 0):
            self._next_message_id[chat["id"]] = message["message_id"]

    # ---------------------------------------------------------------- test side: assertions

    def mark(self) -> int:
        """The number of calls so far; pass as `since` to look only at later calls."""
        with self._cond:
            return len(self._calls)

    def calls(self, method: str | None = None, since: int = 0) -> list[Call]:
        with self._cond:
            return [c for c in self._calls[since:] if method is None or c.method == method]

    def errors(self, since: int = 0, *, injected: bool = False) -> list[Call]:
        """Calls answered with an error (the bot broke a rule or used an unknown method);
        failures injected with fail_next/set_outage only when `injected` is true."""
        with self._cond:
            return [
                c for c in self._calls[since:] if c.status != 200 and (injected or not c.injected)
            ]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        timeout: float = 5.0,
        since: int = 0,
        count: int = 1,
        finished: bool = True,
    ) -> list[Call]:
        """Wait (at most `timeout` s) for `count` calls of `method` matching `predicate`.

        With `finished` (the default) a call counts only once the fake has answered it.
        Raises AssertionError listing recent calls on timeout.
        """
        deadline = time.monotonic() + timeout

        def matching() -> list[Call]:
            return [
                c
                for c in self._calls[since:]
                if c.method == method
                and (not finished or c.result is not None or c.error is not None)
                and (predicate is None or predicate(c))
            ]

        with self._cond:
            while True:
                found = matching()
                if len(found) >= count:
                    return found[:count]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    recent = ", ".join(
                        f"{c.method}{'' if c.ok else ' -> ' + str(c.error)}"
                        for c in self._calls[-15:]
                    )
                    raise AssertionError(
                        f"timed out after {timeout}s waiting for {count} x {method} "
                        f"(found {len(found)}); recent calls: [{recent}]"
                    )
                self._cond.wait(min(remaining, 0.5))

    def wait_for_messages(
        self, chat_id: int, *, count: int = 1, timeout: float = 5.0, since: int = 0
    ) -> list[SentMessage]:
        """Wait for `count` successful sendMessage calls to `chat_id` after `since`."""
        calls = self.wait_for(
            "sendMessage",
            lambda c: c.ok and c.params.get("chat_id") == chat_id,
            timeout=timeout,
            since=since,
            count=count,
        )
        with self._cond:
            return [self._sent_by_key[(chat_id, c.result["message_id"])] for c in calls]

    def sent_messages(self, chat_id: int | None = None) -> list[SentMessage]:
        with self._cond:
            return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def confirmed_offset(self) -> int:
        """The highest offset the bot passed to getUpdates: every update below it is
        confirmed, and Telegram would never hand it out again."""
        with self._cond:
            offsets = [
                c.params.get("offset") for c in self._calls if c.method == "getUpdates" and c.ok
            ]
            return max((o for o in offsets if isinstance(o, int)), default=0)

    def pending_update_count(self) -> int:
        with self._cond:
            return len(self._pending)

    # ---------------------------------------------------------------- validation helpers

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise bad_request("chat not found")
        chat = self.chats.get(chat_id)
        if chat is None:
            if self.require_known_chats:
                raise bad_request("chat not found")
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
            self.chats[chat_id] = chat
        return chat

    def _render_text(self, text: Any, parse_mode: Any) -> tuple[str, list[dict[str, Any]]]:
        if text is None or text == "":
            raise bad_request("message text is empty")
        if not isinstance(text, str):
            text = json.dumps(text)
        entities: list[dict[str, Any]] = []
        mode = parse_mode.lower() if isinstance(parse_mode, str) and parse_mode else None
        if mode == "html":
            if self.validate_html:
                try:
                    plain, entities = parse_html(text, strict_ampersand=self.strict_ampersand)
                except HtmlParseError as error:
                    raise bad_request(f"can't parse entities: {error}") from None
            else:
                plain = html.unescape(re.sub(r"<[^>]*>", "", text))
        elif mode in (None, "markdown", "markdownv2"):
            plain = text  # Markdown is not checked by the fake.
        else:
            raise bad_request("unsupported parse_mode")
        if not plain.strip():
            raise bad_request("message text is empty")
        # Telegram counts the parsed text in UTF-16 code units: an emoji takes two.
        if _utf16_len(plain) > MAX_MESSAGE_LENGTH:
            raise bad_request("message is too long")
        return plain, entities

    def _check_markup(self, markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request(
                    'field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays'
                )
            for row in rows:
                for button in row:
                    text = button.get("text") if isinstance(button, dict) else button
                    if not isinstance(text, str) or not text.strip():
                        raise bad_request("can't parse keyboard button: Text must be a String")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request(
                    'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
                )
            for row in rows:
                for button in row:
                    self._check_button(button)
        return markup

    @staticmethod
    def _check_button(button: Any) -> None:
        if not isinstance(button, dict) or not isinstance(button.get("text"), str):
            raise bad_request("can't parse inline keyboard button: Text must be a String")
        if not button["text"].strip():
            raise bad_request("BUTTON_TEXT_INVALID")
        actions = [key for key in button if key in BUTTON_ACTIONS]
        if not actions:
            raise bad_request("text buttons are unallowed in the inline keyboard")
        if len(actions) > 1:
            raise bad_request(
                "can't parse inline keyboard button: InlineKeyboardButton must have exactly "
                "one optional field"
            )
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not (
                1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
            ):
                raise bad_request("BUTTON_DATA_INVALID")
        if "url" in button:
            url = button["url"]
            if not isinstance(url, str) or not re.match(r"(?i)(https?|tg)://\S+$", url):
                raise bad_request("BUTTON_URL_INVALID")

    # ---------------------------------------------------------------- methods

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset")
        limit = params.get("limit", 100)
        timeout = params.get("timeout", 0)
        allowed = params.get("allowed_updates")
        if not isinstance(limit, int) or not isinstance(timeout, int | float):
            raise bad_request("wrong parameter type")
        limit = max(1, min(100, limit))
        with self._cond:
            if self.webhook.get("url"):
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(allowed) & UPDATE_TYPES if allowed else None
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()  # an older long poll ends with 409, like Telegram's
            if isinstance(offset, int) and offset != 0:
                if offset > 0:
                    self._pending = [u for u in self._pending if u["update_id"] >= offset]
                else:
                    self._pending = self._pending[offset:]
            deadline = time.monotonic() + min(max(timeout, 0), self.long_poll_cap)
            while True:
                batch = self._deliverable(limit)
                if batch or self._closed:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
                if self._poll_generation != generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that "
                        "only one bot instance is running",
                    )
            now = time.perf_counter()
            for update in batch:
                uid = update["update_id"]
                self.delivery_counts[uid] = self.delivery_counts.get(uid, 0) + 1
                self.handout_times.setdefault(uid, now)
            return batch

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        if allowed is None:
            allowed = UPDATE_TYPES - DEFAULT_EXCLUDED_UPDATES
        batch = []
        keep = []
        for update in self._pending:
            kind = next((k for k in update if k != "update_id"), None)
            if kind not in allowed:
                self.dropped_updates.append(update)  # Telegram never sends these
                continue
            keep.append(update)
            if len(batch) < limit:
                batch.append(update)
        self._pending = keep
        return batch

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            chat = self._chat(params.get("chat_id"))
            plain, entities = self._render_text(params.get("text"), params.get("parse_mode"))
            markup = self._check_markup(params.get("reply_markup"))
            preview = params.get("link_preview_options")
            if preview is not None and not isinstance(preview, dict):
                raise bad_request("can't parse link preview options JSON object")
            reply_to = self._reply_target(chat["id"], params)
            message_id = self._allocate_message_id(chat["id"])
            message: dict[str, Any] = {
                "message_id": message_id,
                "from": self.bot_user,
                "chat": chat,
                "date": int(time.time()),
                "text": plain,
            }
            if entities:
                message["entities"] = entities
            if markup and "inline_keyboard" in markup:
                message["reply_markup"] = markup
            if preview is not None:
                message["link_preview_options"] = preview
            if reply_to is not None:
                message["reply_to_message"] = reply_to
            self._messages[(chat["id"], message_id)] = message
            sent = SentMessage(
                chat["id"],
                message_id,
                params["text"],
                plain,
                params.get("parse_mode"),
                message,
                params,
                time.perf_counter(),
            )
            self._sent.append(sent)
            self._sent_by_key[(chat["id"], message_id)] = sent
            return message

    def _reply_target(self, chat_id: int, params: dict[str, Any]) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if reply is None and "reply_to_message_id" in params:
            reply = {"message_id": params["reply_to_message_id"]}
        if reply is None:
            return None
        if not isinstance(reply, dict) or not isinstance(reply.get("message_id"), int):
            raise bad_request("can't parse reply parameters JSON object")
        target_chat = reply.get("chat_id", chat_id)
        target = self._messages.get((target_chat, reply["message_id"]))
        if target is None and not (
            reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply")
        ):
            raise bad_request("message to be replied not found")
        return target

    def _edited_target(self, params: dict[str, Any]) -> SentMessage:
        if "inline_message_id" in params:
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params.get("chat_id"))
        message_id = params.get("message_id")
        key = (chat["id"], message_id)
        if key not in self._messages:
            raise bad_request("message to edit not found")
        sent = self._sent_by_key.get(key)
        if sent is None:
            raise bad_request("message can't be edited")
        return sent

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            sent = self._edited_target(params)
            plain, entities = self._render_text(params.get("text"), params.get("parse_mode"))
            markup = self._check_markup(params.get("reply_markup"))
            new_markup = markup if markup and "inline_keyboard" in markup else None
            old = sent.message
            if (
                plain == old.get("text")
                and entities == old.get("entities", [])
                and new_markup == old.get("reply_markup")
            ):
                raise bad_request(
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            message = {k: v for k, v in old.items() if k not in ("entities", "reply_markup")}
            message["text"] = plain
            message["edit_date"] = int(time.time())
            if entities:
                message["entities"] = entities
            if new_markup:
                message["reply_markup"] = new_markup
            sent.edits.append(params)
            sent.message = message
            sent.html = params["text"]
            sent.text = plain
            sent.parse_mode = params.get("parse_mode")
            self._messages[(sent.chat_id, sent.message_id)] = message
            return message

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            sent = self._edited_target(params)
            markup = self._check_markup(params.get("reply_markup"))
            new_markup = markup if markup and "inline_keyboard" in markup else None
            if new_markup == sent.message.get("reply_markup"):
                raise bad_request(
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            message = {k: v for k, v in sent.message.items() if k != "reply_markup"}
            message["edit_date"] = int(time.time())
            if new_markup:
                message["reply_markup"] = new_markup
            sent.edits.append(params)
            sent.message = message
            self._messages[(sent.chat_id, sent.message_id)] = message
            return message

    @staticmethod
    def _check_query_id(query_id: Any, pending: set[Any]) -> None:
        """A query can be answered once, while Telegram still waits for the answer."""
        if query_id not in pending:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        with self._cond:
            query_id = params.get("callback_query_id")
            self._check_query_id(query_id, self._callback_ids)
            text = params.get("text")
            if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
                raise bad_request("MESSAGE_TOO_LONG")
            self._callback_ids.discard(query_id)  # one answer per query
            return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        with self._cond:
            query_id = params.get("inline_query_id")
            self._check_query_id(query_id, self._inline_ids)
            results = params.get("results")
            if not isinstance(results, list):
                raise bad_request("can't parse inline query results JSON object")
            if len(results) > MAX_INLINE_RESULTS:
                raise bad_request("RESULTS_TOO_MUCH")
            seen: set[str] = set()
            for result in results:
                if not isinstance(result, dict):
                    raise bad_request("can't parse inline query result")
                result_id = result.get("id")
                if not isinstance(result_id, str) or not (
                    1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES
                ):
                    raise bad_request("RESULT_ID_INVALID")
                if result_id in seen:
                    raise bad_request("RESULT_ID_DUPLICATE")
                seen.add(result_id)
                if result.get("type") == "article":
                    if not result.get("title"):
                        raise bad_request("RESULT_TITLE_EMPTY")
                    content = result.get("input_message_content")
                    if not isinstance(content, dict) or "message_text" not in content:
                        raise bad_request("MESSAGE_EMPTY")
                    self._render_text(content["message_text"], content.get("parse_mode"))
                self._check_markup(result.get("reply_markup"))
            next_offset = params.get("next_offset")
            if next_offset is not None and len(str(next_offset).encode()) > 64:
                raise bad_request("NEXT_OFFSET_INVALID")
            self._inline_ids.discard(query_id)
            return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self._chat(params.get("chat_id"))
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not BOT_COMMAND.fullmatch(
                str(command.get("command", ""))
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description is empty or too long")
        with self._cond:
            self.commands[self._commands_key(params)] = commands
        return True

    def _api_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self._cond:
            return self.commands.get(self._commands_key(params), [])

    def _api_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self.commands.pop(self._commands_key(params), None)
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url", "")
        if not isinstance(url, str):
            raise bad_request("bad webhook: invalid URL")
        if url and not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not SECRET_TOKEN.fullmatch(str(secret)):
            raise bad_request("bad webhook: secret token contains unallowed characters")
        with self._cond:
            if not url:
                self.webhook = {}
            else:
                self.webhook = dict(params)
            if params.get("drop_pending_updates"):
                self._pending.clear()
            self._poll_generation += 1
            self._cond.notify_all()
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self.webhook = {}
            if params.get("drop_pending_updates"):
                self._pending.clear()
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            info: dict[str, Any] = {
                "url": self.webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._pending),
            }
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
            return info

    def _api_setMyDescription(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setMyShortDescription(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setChatMenuButton(self, params: dict[str, Any]) -> bool:
        return True

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True  # recorded; tests assert the bot never calls it

    def _api_logOut(self, params: dict[str, Any]) -> bool:
        return True  # recorded; tests assert the bot never calls it


def make_token(bot_id: int = 123456789) -> str:
    """A token-shaped random string: `<bot id>:AAH` + 32 URL-safe characters."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return f"{bot_id}:AAH" + "".join(secrets.choice(alphabet) for _ in range(32))
