"""Self-tests of the fake Bot API: its checks must reject what Telegram rejects."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from .fake_bot_api import FakeBotAPI, make_token, parse_html


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(long_poll_cap=0.5) as api:
        yield api


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as c:
        yield c


def call(
    client: httpx.Client, fake: FakeBotAPI, method: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    """POST form-encoded like PTB does: strings as-is, everything else JSON-encoded."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    response = client.post(fake.url(method), data=form)
    return response.status_code, response.json()


def ok(client: httpx.Client, fake: FakeBotAPI, method: str, **params: Any) -> Any:
    status, body = call(client, fake, method, **params)
    assert status == 200, body
    assert body["ok"] is True
    return body["result"]


def rejected(client: httpx.Client, fake: FakeBotAPI, method: str, **params: Any) -> str:
    status, body = call(client, fake, method, **params)
    assert status == 400, body
    assert body == {"ok": False, "error_code": 400, "description": body["description"]}
    assert body["description"].startswith("Bad Request: ")
    return body["description"]


@pytest.fixture
def chat(fake: FakeBotAPI) -> dict[str, Any]:
    """A private chat the bot has heard from (so it may write there)."""
    user = fake.user(4242)
    chat = fake.private_chat(user)
    fake.push_message(chat, user, "hello")
    return chat


# ------------------------------------------------------------------ transport and auth


def test_token_shape() -> None:
    token = make_token()
    bot_id, secret = token.split(":")
    assert bot_id == "123456789"
    assert secret.startswith("AAH")
    assert len(secret) == 35


def test_wrong_token_is_401(fake: FakeBotAPI, client: httpx.Client) -> None:
    response = client.post(fake.url("getMe", token=make_token()))
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert fake.unauthorized == 1
    assert fake.calls() == []


def test_get_me(fake: FakeBotAPI, client: httpx.Client) -> None:
    me = ok(client, fake, "getMe")
    assert me["is_bot"] is True
    assert me["username"] == "newsqa_test_bot"
    assert me["id"] == 123456789
    assert me["supports_inline_queries"] is True
    assert me["can_join_groups"] is True


def test_unknown_method_and_path_are_404(fake: FakeBotAPI, client: httpx.Client) -> None:
    status, body = call(client, fake, "sendTelepathy")
    assert (status, body["error_code"]) == (404, 404)
    response = client.get(f"http://127.0.0.1:{fake.port}/nothing")
    assert response.status_code == 404
    assert fake.errors()[0].method == "sendTelepathy"


def test_bodies_form_multipart_and_json(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    markup = {"inline_keyboard": [[{"text": "More", "callback_data": "more:1"}]]}
    client.post(
        fake.url("sendMessage"),
        data={"chat_id": str(chat["id"]), "text": "42", "reply_markup": json.dumps(markup)},
    )
    client.post(
        fake.url("sendMessage"),
        data={"chat_id": str(chat["id"]), "text": "true", "reply_markup": json.dumps(markup)},
        files={"unused": ("a.txt", b"payload")},
    )
    client.post(
        fake.url("sendMessage"),
        json={"chat_id": chat["id"], "text": "json", "reply_markup": markup},
    )
    sent = fake.sent_messages(chat["id"])
    assert [m.text for m in sent] == ["42", "true", "json"]  # text never JSON-decoded
    assert all(m.reply_markup == markup for m in sent)
    assert fake.calls("sendMessage")[1].params["unused"] == {"filename": "a.txt", "size": 7}


def test_server_stops_by_itself() -> None:
    with FakeBotAPI() as api:
        url = api.url("getMe")
        assert httpx.post(url, timeout=2).status_code == 200
    with pytest.raises(httpx.TransportError):
        httpx.post(url, timeout=2)


# ------------------------------------------------------------------ HTML and text limits

GOOD_HTML = [
    "plain text",
    "<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins>",
    "<s>s</s> <strike>k</strike> <del>d</del> <tg-spoiler>x</tg-spoiler>",
    '<span class="tg-spoiler">x</span> <code>c</code> <pre>p</pre>',
    '<pre><code class="language-python">print(1)</code></pre>',
    "<blockquote>q</blockquote> <blockquote expandable>long</blockquote>",
    '<a href="https://example.com/a?x=1&amp;y=2#:~:text=Le%20Bourget">link</a>',
    "<a href='https://example.com'>single quotes</a> <A HREF='https://e.x'>caps</A>",
    "<pre><code class=language-python>x = 1</code></pre>",
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    "&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#x27; &#128512;",
    "<b>bold <i>nested <u>deep</u></i></b>",
    "\u201cDurov\u2019s\u201d quote \u2014 Le Bourget\u2026",
]

BAD_HTML = [
    ("<br>", 'Unsupported start tag "br" at byte offset 0'),
    ("line<br/>break", 'Unsupported start tag "br/" at byte offset 4'),
    ("<p>x</p>", 'Unsupported start tag "p"'),
    ('<div class="x">y</div>', 'Unsupported start tag "div"'),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("é <", "Unclosed start tag at byte offset 3"),  # offsets count UTF-8 bytes
    ("AT&T", "Character '&' at byte offset 2"),
    ("fish & chips", "Character '&' at byte offset 5"),
    ("&nbsp;", "Character '&' at byte offset 0"),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>bold</i>", 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'),
    ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
    ("text</b>", "Unexpected end tag at byte offset 4"),
    ("<b>x</b", "Unclosed end tag"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ("<a href>x</a>", "Expected equal sign"),
    ('<a href="https://x.io/?a=1&b=2">x</a>', "Character '&'"),
    ('<a href="https://x.io>x</a>', "Unclosed start tag"),
    ("<a href=https://x.io>x</a>", "Unexpected end of name token at byte offset 13"),
]


@pytest.mark.parametrize("text", GOOD_HTML)
def test_supported_html_is_accepted(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any], text: str
) -> None:
    message = ok(client, fake, "sendMessage", chat_id=chat["id"], text=text, parse_mode="HTML")
    assert "<" not in message["text"].replace("&lt;", "") or text.startswith("&lt;")


@pytest.mark.parametrize(("text", "error"), BAD_HTML)
def test_bad_html_is_rejected(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any], text: str, error: str
) -> None:
    description = rejected(
        client, fake, "sendMessage", chat_id=chat["id"], text=text, parse_mode="HTML"
    )
    assert description.startswith("Bad Request: can't parse entities: ")
    assert error in description
    assert fake.sent_messages(chat["id"]) == []


def test_bare_ampersand_can_be_lenient_like_telegram() -> None:
    assert parse_html("AT&T", strict_ampersand=False) == ("AT&T", [])
    with pytest.raises(Exception, match="Unsupported start tag"):
        parse_html("1 < 2", strict_ampersand=False)


def test_html_is_not_checked_without_parse_mode(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    message = ok(client, fake, "sendMessage", chat_id=chat["id"], text="<br> & 1 < 2")
    assert message["text"] == "<br> & 1 < 2"
    assert rejected(client, fake, "sendMessage", chat_id=chat["id"], text="x", parse_mode="XML")


def test_entities_use_utf16_offsets() -> None:
    text, entities = parse_html('😀 <b>bold</b> <a href="https://e.x/">l</a>')
    assert text == "😀 bold l"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 8, "length": 1, "url": "https://e.x/"},
    ]


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("", None, "message text is empty"),
        ("   \n ", None, "message text is empty"),
        ("<b></b>", "HTML", "message text is empty"),
        ("<b> </b>", "HTML", "message text is empty"),
        ("x" * 4097, None, "message is too long"),
        ("&lt;" * 4097, "HTML", "message is too long"),
        ("é" * 4097, "HTML", "message is too long"),
        ("😀" * 2049, None, "message is too long"),  # 4098 UTF-16 code units
    ],
)
def test_text_length_limits(
    fake: FakeBotAPI,
    client: httpx.Client,
    chat: dict[str, Any],
    text: str,
    parse_mode: str | None,
    error: str,
) -> None:
    params: dict[str, Any] = {"chat_id": chat["id"], "text": text}
    if parse_mode:
        params["parse_mode"] = parse_mode
    assert rejected(client, fake, "sendMessage", **params) == f"Bad Request: {error}"


def test_length_is_counted_after_entity_parsing(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    at_limit = '<a href="https://example.com/">' + "&amp;" * 4095 + "</a>!"
    assert len(at_limit) > 4096
    message = ok(client, fake, "sendMessage", chat_id=chat["id"], text=at_limit, parse_mode="HTML")
    assert len(message["text"]) == 4096
    assert ok(client, fake, "sendMessage", chat_id=chat["id"], text="x" * 4096)
    assert ok(client, fake, "sendMessage", chat_id=chat["id"], text="😀" * 2048)


def test_unknown_chat_and_reply_target(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    assert rejected(client, fake, "sendMessage", chat_id=777, text="hi") == (
        "Bad Request: chat not found"
    )
    assert (
        rejected(
            client,
            fake,
            "sendMessage",
            chat_id=chat["id"],
            text="hi",
            reply_parameters={"message_id": 999},
        )
        == "Bad Request: message to be replied not found"
    )
    message = ok(
        client,
        fake,
        "sendMessage",
        chat_id=chat["id"],
        text="hi",
        reply_parameters={"message_id": 1},
    )
    assert message["reply_to_message"]["text"] == "hello"
    assert message["from"]["is_bot"] is True
    assert message["chat"] == chat
    assert message["message_id"] == 2
    assert ok(
        client,
        fake,
        "sendMessage",
        chat_id=chat["id"],
        text="hi",
        reply_parameters={"message_id": 999, "allow_sending_without_reply": True},
    )


# ------------------------------------------------------------------ keyboards and queries


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


@pytest.mark.parametrize(
    ("button", "error"),
    [
        ({"text": "x", "callback_data": "a" * 65}, "BUTTON_DATA_INVALID"),
        ({"text": "x", "callback_data": "é" * 33}, "BUTTON_DATA_INVALID"),  # 66 bytes
        ({"text": "x", "callback_data": ""}, "BUTTON_DATA_INVALID"),
        ({"text": "x"}, "text buttons are unallowed in the inline keyboard"),
        ({"text": "x", "callback_data": "a", "url": "https://e.x"}, "exactly one"),
        ({"text": "x", "url": "javascript:alert(1)"}, "BUTTON_URL_INVALID"),
        ({"callback_data": "a"}, "Text must be a String"),
    ],
)
def test_bad_buttons_are_rejected(
    fake: FakeBotAPI,
    client: httpx.Client,
    chat: dict[str, Any],
    button: dict[str, Any],
    error: str,
) -> None:
    description = rejected(
        client, fake, "sendMessage", chat_id=chat["id"], text="hi", reply_markup=keyboard(button)
    )
    assert error in description


def test_callback_data_of_64_bytes_is_fine(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    markup = keyboard({"text": "x", "callback_data": "é" * 32})
    message = ok(client, fake, "sendMessage", chat_id=chat["id"], text="hi", reply_markup=markup)
    assert message["reply_markup"] == markup


def test_edit_message_text(fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]) -> None:
    markup = keyboard({"text": "Context", "callback_data": "ctx:0:1"})
    sent = ok(client, fake, "sendMessage", chat_id=chat["id"], text="one", reply_markup=markup)
    mid = sent["message_id"]
    assert "message to edit not found" in rejected(
        client, fake, "editMessageText", chat_id=chat["id"], message_id=mid + 50, text="x"
    )
    assert "message can't be edited" in rejected(
        client, fake, "editMessageText", chat_id=chat["id"], message_id=1, text="x"
    )  # the user's message
    assert "message is not modified" in rejected(
        client,
        fake,
        "editMessageText",
        chat_id=chat["id"],
        message_id=mid,
        text="one",
        reply_markup=markup,
    )
    assert "can't parse entities" in rejected(
        client,
        fake,
        "editMessageText",
        chat_id=chat["id"],
        message_id=mid,
        text="<x>",
        parse_mode="HTML",
    )
    edited = ok(
        client,
        fake,
        "editMessageText",
        chat_id=chat["id"],
        message_id=mid,
        text="<b>two</b>",
        parse_mode="HTML",
    )
    assert edited["text"] == "two"
    assert "edit_date" in edited
    assert "reply_markup" not in edited  # omitted markup removes the keyboard, as on Telegram
    assert fake.sent_messages(chat["id"])[0].html == "<b>two</b>"


def test_answer_callback_query_once(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    assert "query ID is invalid" in rejected(
        client, fake, "answerCallbackQuery", callback_query_id="12345"
    )
    ok(
        client,
        fake,
        "sendMessage",
        chat_id=chat["id"],
        text="q",
        reply_markup=keyboard({"text": "x", "callback_data": "d"}),
    )
    sent = fake.sent_messages(chat["id"])[0]
    update = fake.push_callback_query(sent, fake.user(4242), "d")
    query_id = update["callback_query"]["id"]
    assert "MESSAGE_TOO_LONG" in rejected(
        client, fake, "answerCallbackQuery", callback_query_id=query_id, text="x" * 201
    )
    assert ok(client, fake, "answerCallbackQuery", callback_query_id=query_id) is True
    assert "query ID is invalid" in rejected(
        client, fake, "answerCallbackQuery", callback_query_id=query_id
    )


def article(result_id: str, text: str = "answer", **extra: Any) -> dict[str, Any]:
    return {
        "type": "article",
        "id": result_id,
        "title": "Title",
        "input_message_content": {"message_text": text, **extra},
    }


@pytest.mark.parametrize(
    ("results", "error"),
    [
        ([article(str(i)) for i in range(51)], "RESULTS_TOO_MUCH"),
        ([article("x" * 65)], "RESULT_ID_INVALID"),
        ([article("é" * 33)], "RESULT_ID_INVALID"),
        ([article("")], "RESULT_ID_INVALID"),
        ([article("a"), article("b"), article("a")], "RESULT_ID_DUPLICATE"),
        ([article("a", "<i>x", parse_mode="HTML")], "can't parse entities"),
        ([article("a", "")], "message text is empty"),
    ],
)
def test_bad_inline_answers_are_rejected(
    fake: FakeBotAPI, client: httpx.Client, results: list[dict[str, Any]], error: str
) -> None:
    update = fake.push_inline_query(fake.user(5), "durov")
    description = rejected(
        client,
        fake,
        "answerInlineQuery",
        inline_query_id=update["inline_query"]["id"],
        results=results,
    )
    assert error in description


def test_inline_answer_of_50_results_once(fake: FakeBotAPI, client: httpx.Client) -> None:
    assert "query ID is invalid" in rejected(
        client, fake, "answerInlineQuery", inline_query_id="1", results=[]
    )
    query_id = fake.push_inline_query(fake.user(5), "durov")["inline_query"]["id"]
    results = [article("x" * 63 + str(i % 10) if i < 10 else str(i)) for i in range(50)]
    assert ok(client, fake, "answerInlineQuery", inline_query_id=query_id, results=results)
    assert "query ID is invalid" in rejected(
        client, fake, "answerInlineQuery", inline_query_id=query_id, results=results
    )


# ------------------------------------------------------------------ getUpdates


def test_get_updates_offset_and_limit(fake: FakeBotAPI, client: httpx.Client) -> None:
    user = fake.user(1)
    updates = [fake.push_message(fake.private_chat(user), user, f"q{i}") for i in range(5)]
    ids = [u["update_id"] for u in updates]
    assert ids == sorted(ids)
    assert len(set(ids)) == 5
    first = ok(client, fake, "getUpdates", limit=2)
    assert [u["update_id"] for u in first] == ids[:2]
    again = ok(client, fake, "getUpdates", limit=2)  # unconfirmed: delivered again
    assert [u["update_id"] for u in again] == ids[:2]
    rest = ok(client, fake, "getUpdates", offset=ids[1] + 1)
    assert [u["update_id"] for u in rest] == ids[2:]
    assert fake.delivery_counts[ids[0]] == 2
    assert fake.delivery_counts[ids[4]] == 1
    assert ok(client, fake, "getUpdates", offset=ids[4] + 1) == []
    assert fake.pending_update_count() == 0
    fake.push_message(fake.private_chat(user), user, "last")
    fake.push_message(fake.private_chat(user), user, "very last")
    assert [u["message"]["text"] for u in ok(client, fake, "getUpdates", offset=-1)] == [
        "very last"
    ]


def test_long_poll_is_bounded_and_wakes_up(fake: FakeBotAPI, client: httpx.Client) -> None:
    started = time.monotonic()
    assert ok(client, fake, "getUpdates", timeout=30) == []
    assert 0.4 <= time.monotonic() - started < 2  # capped at long_poll_cap=0.5

    user = fake.user(2)
    timer = threading.Timer(0.2, fake.push_message, (fake.private_chat(user), user, "hi"))
    timer.start()
    started = time.monotonic()
    try:
        with FakeBotAPI(long_poll_cap=5) as slow:
            timer.cancel()
            timer = threading.Timer(0.2, slow.push_message, (slow.private_chat(user), user, "hi"))
            timer.start()
            started = time.monotonic()
            got = ok(client, slow, "getUpdates", timeout=30)
            assert [u["message"]["text"] for u in got] == ["hi"]
            assert time.monotonic() - started < 1.5
    finally:
        timer.cancel()


def test_allowed_updates_filter(fake: FakeBotAPI, client: httpx.Client) -> None:
    user = fake.user(3)
    fake.push_message(fake.private_chat(user), user, "text")
    fake.push_inline_query(user, "inline")
    got = ok(client, fake, "getUpdates", allowed_updates=["message"])
    assert [next(k for k in u if k != "update_id") for u in got] == ["message"]
    assert len(fake.dropped_updates) == 1
    fake.push_update({"chat_member": {}})  # excluded by default
    assert ok(client, fake, "getUpdates", offset=got[0]["update_id"] + 1, allowed_updates=[]) == []


def test_conflicts(fake: FakeBotAPI, client: httpx.Client) -> None:
    results: list[tuple[int, dict[str, Any]]] = []

    def long_poll() -> None:
        with httpx.Client(timeout=5) as other:
            results.append(call(other, fake, "getUpdates", timeout=5))

    thread = threading.Thread(target=long_poll)
    thread.start()
    fake.wait_for("getUpdates", timeout=2, finished=False)
    time.sleep(0.05)
    assert ok(client, fake, "getUpdates", timeout=0) == []
    thread.join(timeout=5)
    assert results[0][0] == 409
    assert "terminated by other getUpdates request" in results[0][1]["description"]

    assert ok(client, fake, "setWebhook", url="https://example.invalid/hook")
    status, body = call(client, fake, "getUpdates")
    assert status == 409
    assert "webhook is active" in body["description"]


# ------------------------------------------------------------------ commands and webhooks


def test_commands_round_trip(fake: FakeBotAPI, client: httpx.Client) -> None:
    commands = [
        {"command": "start", "description": "Start"},
        {"command": "ask", "description": "Ask"},
    ]
    assert ok(client, fake, "getMyCommands") == []
    assert ok(client, fake, "setMyCommands", commands=commands) is True
    assert ok(client, fake, "getMyCommands") == commands
    assert ok(client, fake, "getMyCommands", scope={"type": "all_group_chats"}) == []
    assert "BOT_COMMAND_INVALID" in rejected(
        client, fake, "setMyCommands", commands=[{"command": "Ask-Me", "description": "x"}]
    )
    assert rejected(client, fake, "setMyCommands", commands=[{"command": "a", "description": ""}])
    assert ok(client, fake, "deleteMyCommands") is True
    assert ok(client, fake, "getMyCommands") == []


def test_webhook_settings(fake: FakeBotAPI, client: httpx.Client) -> None:
    assert "HTTPS URL" in rejected(client, fake, "setWebhook", url="http://example.invalid/")
    assert "secret token" in rejected(
        client, fake, "setWebhook", url="https://example.invalid/", secret_token="no spaces"
    )
    assert ok(client, fake, "setWebhook", url="https://example.invalid/h", secret_token="s-1_A")
    assert fake.webhook["secret_token"] == "s-1_A"
    assert ok(client, fake, "getWebhookInfo")["url"] == "https://example.invalid/h"
    assert ok(client, fake, "deleteWebhook", drop_pending_updates=True) is True
    assert fake.webhook == {}


def test_wait_for_is_bounded(fake: FakeBotAPI) -> None:
    started = time.monotonic()
    with pytest.raises(AssertionError, match=r"timed out after 0\.3s waiting for 1 x sendMessage"):
        fake.wait_for("sendMessage", timeout=0.3)
    assert time.monotonic() - started < 1


def test_new_message_marks_commands(fake: FakeBotAPI) -> None:
    user = fake.user(9)
    group = fake.group_chat(-1001)
    message = fake.new_message(group, user, "/ask@newsqa_test_bot who? /x")
    assert message["entities"] == [
        {"type": "bot_command", "offset": 0, "length": 20},
        {"type": "bot_command", "offset": 26, "length": 2},
    ]
    assert "entities" not in fake.new_message(group, user, "a/b and http://x/y me@mail.com")
    assert fake.new_message(group, user, "hi @newsqa_test_bot!")["entities"] == [
        {"type": "mention", "offset": 3, "length": 16}
    ]
    with pytest.raises(KeyError):
        fake.new_message(group, user, "re", reply_to=99)


# ------------------------------------------------------------------ python-telegram-bot against it


async def test_python_telegram_bot_talks_to_the_fake(fake: FakeBotAPI) -> None:
    user = fake.user(77, "Bob")
    fake.push_message(fake.private_chat(user), user, "/start")
    bot = telegram.Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)
    async with bot:
        assert bot.username == "newsqa_test_bot"
        updates = await bot.get_updates(timeout=1, allowed_updates=["message", "callback_query"])
        assert updates[0].message.text == "/start"
        assert updates[0].message.entities[0].type == "bot_command"
        message = await bot.send_message(
            77,
            '<b>Le Bourget</b> &amp; <a href="https://example.com/">source</a>',
            parse_mode="HTML",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("Context", callback_data="c:1")]]
            ),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            reply_parameters=telegram.ReplyParameters(updates[0].message.message_id),
        )
        assert message.text == "Le Bourget & source"
        assert message.entities[1].url == "https://example.com/"
        assert message.reply_to_message.message_id == updates[0].message.message_id
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(77, "a <br> b", parse_mode="HTML")
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
            await bot.send_message(
                77,
                "x",
                reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("x", callback_data="x" * 65)]]
                ),
            )
        edited = await message.edit_text("Context: <i>more</i>", parse_mode="HTML")
        assert edited.text == "Context: more"
        assert await bot.set_my_commands([("ask", "Ask a question")])
    sent = fake.calls("sendMessage")[0].params
    assert sent["link_preview_options"] == {"is_disabled": True}
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "c:1"
    with pytest.raises(telegram.error.InvalidToken):
        await telegram.Bot(make_token(), base_url=fake.base_url).get_me()


def test_injected_failures(fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    status, body = call(client, fake, "sendMessage", chat_id=chat["id"], text="hi")
    assert status == 429
    assert body["parameters"] == {"retry_after": 3}
    assert ok(client, fake, "sendMessage", chat_id=chat["id"], text="hi")
    fake.set_outage(502)
    assert call(client, fake, "getMe")[0] == 502
    assert call(client, fake, "getUpdates")[0] == 502
    fake.set_outage(None)
    assert ok(client, fake, "getMe")
    assert fake.errors() == []  # injected failures are not the bot's fault
    assert len(fake.errors(injected=True)) == 3


def test_faults_can_target_one_chat_and_queue_up(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    other = fake.private_chat(fake.user(4343))
    fake.push_message(other, fake.user(4343), "hello")
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=chat["id"])
    fake.fail_next("sendMessage", 500, "Internal Server Error")
    assert ok(client, fake, "getMe")  # not sendMessage: untouched
    assert call(client, fake, "sendMessage", chat_id=other["id"], text="hi")[0] == 500
    assert call(client, fake, "sendMessage", chat_id=chat["id"], text="hi")[0] == 403
    assert ok(client, fake, "sendMessage", chat_id=chat["id"], text="hi")
    fake.set_outage(500)
    assert call(client, fake, "getMe")[1]["description"] == "Internal Server Error"
    fake.set_outage(None)


def test_dropped_connections_answer_nothing_and_do_nothing(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    fake.drop_next("sendMessage", times=2)
    for _ in range(2):
        with pytest.raises(httpx.RemoteProtocolError):
            call(client, fake, "sendMessage", chat_id=chat["id"], text="lost")
    assert fake.sent_messages(chat["id"]) == []
    dropped = fake.calls("sendMessage")
    assert [(c.status, c.injected) for c in dropped] == [(0, True), (0, True)]
    assert fake.errors() == []
    assert ok(client, fake, "sendMessage", chat_id=chat["id"], text="kept")


def test_delayed_calls_are_answered_as_usual(
    fake: FakeBotAPI, client: httpx.Client, chat: dict[str, Any]
) -> None:
    fake.delay_next("sendMessage", 0.2)
    assert ok(client, fake, "sendMessage", chat_id=chat["id"], text="late")["text"] == "late"
    [late] = fake.calls("sendMessage")
    assert late.delayed == 0.2
    assert late.ok
    assert not late.injected


def test_confirmed_offset_is_the_highest_offset_asked_for(
    fake: FakeBotAPI, client: httpx.Client
) -> None:
    assert fake.confirmed_offset() == 0
    user = fake.user(77)
    first = fake.push_message(fake.private_chat(user), user, "one")
    ok(client, fake, "getUpdates", timeout=0)
    ok(client, fake, "getUpdates", offset=first["update_id"] + 1, timeout=0)
    ok(client, fake, "getUpdates", offset=first["update_id"], timeout=0)  # never goes back
    assert fake.confirmed_offset() == first["update_id"] + 1


def test_latency_makes_every_call_wait() -> None:
    with FakeBotAPI(latency=0.2) as slow, httpx.Client(timeout=5) as client:
        started = time.monotonic()
        assert ok(client, slow, "getMe")
        assert time.monotonic() - started >= 0.2
