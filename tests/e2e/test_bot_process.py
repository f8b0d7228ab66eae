"""End-to-end: the real `python -m bot` process against the fake Bot API.

Each test uses fresh chat ids on a bot process shared by the session, and (through the
`bot`/`hook` fixtures) fails if the bot made a call the Bot API rejected, logged an
error, or died.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import REPLY_TIMEOUT, Checked
from .fake_bot_api import SentMessage
from .harness import seed_articles

DUROV = "Where was Durov arrested?"
OFF_TOPIC = "What is the capital of Australia?"
# "couldn't" with a straight or a curly apostrophe.
DECLINED = re.compile(
    r"could(?:n['\u2019]t| not) find|not found|no (?:good )?match|don['\u2019]t know", re.I
)
GRACE = 0.5  # how long "no reply" is watched after a later update was answered


def _squash(text: str) -> str:
    return " ".join(text.split())


CORPUS = [_squash(a["text"]) for a in seed_articles()]
TITLES = [a["title"] for a in seed_articles()]


def entity_texts(sent: SentMessage, kind: str) -> list[str]:
    """The visible text of each entity of `kind` (offsets are UTF-16 code units)."""
    raw = sent.text.encode("utf-16-le")
    return [
        raw[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in sent.message.get("entities", [])
        if e["type"] == kind
    ]


def quotes(sent: SentMessage) -> list[str]:
    return entity_texts(sent, "blockquote") + entity_texts(sent, "expandable_blockquote")


def assert_exact_quotes(sent: SentMessage) -> list[str]:
    """Every quote in the reply is a run of text copied exactly from one article."""
    found = quotes(sent)
    assert found, f"no quotation in the reply: {sent.html!r}"
    for quoted in found:
        assert len(quoted.strip()) > 20, quoted
        assert any(_squash(quoted) in article for article in CORPUS), (
            f"not an exact quote of any article: {quoted!r}"
        )
    return found


def links(sent: SentMessage) -> list[str]:
    return [e["url"] for e in sent.message.get("entities", []) if e["type"] == "text_link"]


def button(sent: SentMessage, prefix: str) -> dict[str, Any]:
    matches = [b for b in sent.buttons if b.get("callback_data", "").startswith(prefix)]
    assert matches, f"no button with callback_data {prefix}...: {sent.buttons}"
    return matches[0]


def replies_in(bot: Checked, chat_id: int, since: int) -> list[SentMessage]:
    calls = bot.fake.calls("sendMessage", since=since)
    ids = {c.result["message_id"] for c in calls if c.ok and c.params.get("chat_id") == chat_id}
    return [m for m in bot.fake.sent_messages(chat_id) if m.message_id in ids]


# ------------------------------------------------------------------ start-up


def test_startup_calls_and_log_line(bot: Checked) -> None:
    fake = bot.fake
    methods = [c.method for c in fake.calls()]
    assert methods[0] == "getMe", methods[:5]
    assert "deleteWebhook" in methods
    commands = fake.wait_for("setMyCommands", timeout=REPLY_TIMEOUT)[0]
    assert commands.ok
    names = {c["command"] for c in commands.params["commands"]}
    assert {"start", "ask", "sources", "help"} <= names
    assert not fake.calls("close")
    assert not fake.calls("logOut")
    assert not fake.calls("setWebhook")
    # The line is logged once updates flow, just after the first getUpdates went out.
    start_lines = bot.bot.wait_for_line(r"newsqa_test_bot.*\bpolling\b", REPLY_TIMEOUT)
    assert start_lines, f"no start-up line naming the bot and polling:\n{bot.bot.log_tail()}"
    numbers = re.findall(r"\b\d+\b", start_lines[0].split("newsqa_test_bot", 1)[1])
    assert str(len(TITLES)) in numbers, start_lines[0]  # the article count
    assert len(numbers) >= 2, start_lines[0]  # and the sentence count


def test_token_is_never_logged_at_debug(bot: Checked) -> None:
    user, chat = bot.new_private()
    bot.ask(chat, user, DUROV)
    log = bot.bot.log()
    assert "DEBUG" in log, "LOG_LEVEL=DEBUG did not log at DEBUG"
    token = bot.fake.token
    for secret in (token, token.split(":", 1)[1], token.replace(":", "%3A")):
        assert secret not in log, "the bot token appears in the log"


def test_question_text_is_never_logged_at_debug(bot: Checked) -> None:
    user, chat = bot.new_private()
    marker = "quokkazebrafinch"
    bot.ask(chat, user, f"Where was Durov arrested, asks {marker}?")
    assert "DEBUG" in bot.bot.log()
    assert marker not in bot.bot.log().casefold(), "a user's question appears in the log"


# ------------------------------------------------------------------ private chats


def test_private_question_gets_exact_quote_and_link(bot: Checked) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, DUROV)
    assert reply.parse_mode == "HTML"
    assert "Le Bourget" in reply.text
    assert "<a href=" in reply.html
    found = assert_exact_quotes(reply)
    assert any("Le Bourget" in q for q in found)
    assert any(url.startswith("https://") for url in links(reply))
    assert len(bot.fake.sent_messages(chat["id"])) == 1


def test_reply_leads_with_the_short_answer_in_bold_and_marks_it_in_the_quote(
    bot: Checked,
) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, "Which airport was Durov arrested at?")
    entities = reply.message.get("entities", [])
    lead, *_ = [e for e in entities if e["type"] == "bold"]
    assert lead["offset"] == 0
    assert entity_texts(reply, "bold")[0] == "Le Bourget"
    quote = next(e for e in entities if e["type"] in ("blockquote", "expandable_blockquote"))
    inside = [
        e
        for e in entities
        if e["type"] == "bold"
        and quote["offset"] <= e["offset"]
        and e["offset"] + e["length"] <= quote["offset"] + quote["length"]
    ]
    assert [e["length"] for e in inside] == [lead["length"]]
    assert_exact_quotes(reply)


def test_a_declined_question_has_no_short_answer(bot: Checked) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, OFF_TOPIC)
    assert DECLINED.search(reply.text)
    entities = reply.message.get("entities", [])
    assert not [e for e in entities if e["type"] == "bold" and e["offset"] == 0]


def test_off_topic_question_is_declined_with_closest_quote(bot: Checked) -> None:
    user, chat = bot.new_private()
    # "expected" shares a word with the articles, so a closest sentence is offered.
    _, reply = bot.ask(chat, user, "What weather is expected in Lyon tomorrow?")
    assert DECLINED.search(reply.text), reply.text
    assert_exact_quotes(reply)


def test_a_question_sharing_no_word_with_the_articles_is_declined_without_a_quote(
    bot: Checked,
) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, OFF_TOPIC)
    assert DECLINED.search(reply.text), reply.text
    assert "<blockquote>" not in reply.html
    assert "/sources" in reply.text


def test_start_shows_buttons(bot: Checked) -> None:
    user, chat = bot.new_private("Zoe")
    _, reply = bot.ask(chat, user, "/start")
    markup = reply.params.get("reply_markup") or {}
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    buttons = [b for row in rows for b in row]
    assert buttons, f"/start shows no buttons: {markup}"
    # A tapped button must lead somewhere: a callback the bot answers or a question it answers.
    first = buttons[0]
    since = bot.fake.mark()
    if "callback_data" in first:
        update = bot.fake.push_callback_query(reply, user, first["callback_data"])
        bot.fake.wait_for(
            "answerCallbackQuery",
            lambda c: c.params["callback_query_id"] == update["callback_query"]["id"],
            since=since,
            timeout=REPLY_TIMEOUT,
        )
    else:
        text = first["text"] if isinstance(first, dict) else first
        _, answer = bot.ask(chat, user, text)
        assert_exact_quotes(answer)


def test_sources_lists_both_titles(bot: Checked) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, "/sources")
    visible = _squash(html.unescape(reply.text))
    for title in TITLES:
        assert _squash(title) in visible, f"{title!r} missing from /sources"


@pytest.mark.parametrize("command", ["/help", "/about", "/nosuchcommand"])
def test_other_commands_reply(bot: Checked, command: str) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, command)
    assert reply.text.strip()


def test_html_in_question_is_harmless(bot: Checked) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, "Was <b>Durov</b> & co. arrested at Le Bourget? <br> 1<2")
    assert "went wrong" not in reply.text.lower()
    assert_exact_quotes(reply)


def test_very_long_message_gets_a_note(bot: Checked) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, "Durov Telegram arrest " * 180)  # 3960 characters
    assert "went wrong" not in reply.text.lower()


def test_context_button_edits_the_answer(bot: Checked) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, DUROV)
    quoted = quotes(reply)[0]
    data = button(reply, "ctx")["callback_data"]
    since = bot.fake.mark()
    update = bot.fake.push_callback_query(reply, user, data)
    query_id = update["callback_query"]["id"]
    bot.fake.wait_for(
        "answerCallbackQuery",
        lambda c: c.ok and c.params["callback_query_id"] == query_id,
        since=since,
        timeout=REPLY_TIMEOUT,
    )
    edit = bot.fake.wait_for(
        "editMessageText",
        lambda c: c.params.get("message_id") == reply.message_id,
        since=since,
        timeout=REPLY_TIMEOUT,
    )[0]
    assert edit.ok, edit.error
    assert reply.edits, "the answer was not edited"
    assert _squash(quoted) in _squash(reply.text)
    assert len(reply.text) > len(quoted)  # the sentences around it were added
    assert not any(b.get("callback_data", "").startswith("ctx") for b in reply.buttons)
    # Only the edit: no new message.
    time.sleep(0.2)
    assert len(bot.fake.sent_messages(chat["id"])) == 1
    assert len(bot.fake.calls("answerCallbackQuery", since=since)) == 1


def test_more_button_sends_further_quotes(bot: Checked) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, DUROV)
    data = button(reply, "more")["callback_data"]
    since = bot.fake.mark()
    update = bot.fake.push_callback_query(reply, user, data)
    bot.fake.wait_for(
        "answerCallbackQuery",
        lambda c: c.ok and c.params["callback_query_id"] == update["callback_query"]["id"],
        since=since,
        timeout=REPLY_TIMEOUT,
    )
    more = bot.fake.wait_for_messages(chat["id"], since=since)[0]
    new_quotes = assert_exact_quotes(more)
    assert not set(new_quotes) & set(quotes(reply)), "More repeated the first quotes"


def test_unknown_button_is_answered(bot: Checked) -> None:
    user, chat = bot.new_private()
    _, reply = bot.ask(chat, user, DUROV)
    since = bot.fake.mark()
    update = bot.fake.push_callback_query(reply, user, "gone:1")
    bot.fake.wait_for(
        "answerCallbackQuery",
        lambda c: c.ok and c.params["callback_query_id"] == update["callback_query"]["id"],
        since=since,
        timeout=REPLY_TIMEOUT,
    )


# ------------------------------------------------------------------ inline mode


def test_inline_query_answered(bot: Checked) -> None:
    user = bot.new_user()
    since = bot.fake.mark()
    update = bot.fake.push_inline_query(user, DUROV)
    call = bot.fake.wait_for(
        "answerInlineQuery",
        lambda c: c.params["inline_query_id"] == update["inline_query"]["id"],
        since=since,
        timeout=REPLY_TIMEOUT,
    )[0]
    assert call.ok, call.error
    results = call.params["results"]
    assert 1 <= len(results) <= 50
    texts = [r["input_message_content"]["message_text"] for r in results]
    assert any("Le Bourget" in t for t in texts)


def test_inline_query_off_topic_and_empty(bot: Checked) -> None:
    user = bot.new_user()
    since = bot.fake.mark()
    ids = [bot.fake.push_inline_query(user, q)["inline_query"]["id"] for q in (OFF_TOPIC, "")]
    calls = bot.fake.wait_for(
        "answerInlineQuery",
        lambda c: c.params["inline_query_id"] in ids,
        since=since,
        count=2,
        timeout=REPLY_TIMEOUT,
    )
    assert all(c.ok and len(c.params["results"]) <= 50 for c in calls)


# ------------------------------------------------------------------ groups


def test_group_ask_command_answered(bot: Checked) -> None:
    user, group = bot.new_user(), bot.new_group()
    for text in (f"/ask {DUROV}", f"/ask@newsqa_test_bot {DUROV}"):
        update, reply = bot.ask(group, user, text)
        assert "Le Bourget" in reply.text
        assert reply.reply_to_message_id == update["message"]["message_id"]
        assert_exact_quotes(reply)


def test_group_plain_message_ignored(bot: Checked) -> None:
    user, group = bot.new_user(), bot.new_group()
    since = bot.fake.mark()
    bot.fake.push_message(group, user, DUROV)
    bot.fake.push_message(group, user, "Nice weather today")
    # A later update that is answered shows the earlier ones were handled.
    sentinel = bot.fake.push_message(group, user, "/ask Who owns Telegram?")
    bot.fake.wait_for_messages(group["id"], since=since)
    time.sleep(GRACE)
    sent = replies_in(bot, group["id"], since)
    assert [m.reply_to_message_id for m in sent] == [sentinel["message"]["message_id"]]


def test_group_reply_to_bot_and_mention_answered(bot: Checked) -> None:
    user, group = bot.new_user(), bot.new_group()
    _, first = bot.ask(group, user, "/ask Who owns Telegram?")
    update, reply = bot.ask(group, user, DUROV, reply_to=first.message_id)
    assert "Le Bourget" in reply.text
    assert reply.reply_to_message_id == update["message"]["message_id"]
    _, mentioned = bot.ask(group, user, f"@newsqa_test_bot {DUROV}")
    assert "Le Bourget" in mentioned.text


def test_group_reply_to_someone_else_ignored(bot: Checked) -> None:
    alice, bob, group = bot.new_user("Alice"), bot.new_user("Bob"), bot.new_group()
    since = bot.fake.mark()
    said = bot.fake.push_message(group, alice, "I read about Durov")
    bot.fake.push_message(group, bob, DUROV, reply_to=said["message"]["message_id"])
    sentinel = bot.fake.push_message(group, bob, "/ask Who owns Telegram?")
    bot.fake.wait_for_messages(group["id"], since=since)
    time.sleep(GRACE)
    sent = replies_in(bot, group["id"], since)
    assert [m.reply_to_message_id for m in sent] == [sentinel["message"]["message_id"]]


# ------------------------------------------------------------------ robustness


def _media(kind: str) -> dict[str, Any]:
    file = {"file_id": f"AgAD{kind}", "file_unique_id": f"u{kind}"}
    if kind == "sticker":
        return {
            "sticker": {
                **file,
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
                "emoji": "👍",
            }
        }
    if kind == "photo":
        return {"photo": [{**file, "width": 90, "height": 90}], "caption": "Durov?"}
    if kind == "voice":
        return {"voice": {**file, "duration": 3, "mime_type": "audio/ogg"}}
    if kind == "location":
        return {"location": {"latitude": 48.97, "longitude": 2.44}}
    raise ValueError(kind)


@pytest.mark.parametrize("where", ["private", "group"])
def test_non_text_messages_do_not_break_the_bot(bot: Checked, where: str) -> None:
    user = bot.new_user()
    chat = bot.fake.private_chat(user) if where == "private" else bot.new_group()
    since = bot.fake.mark()
    media = [
        bot.fake.push_message(chat, user, None, **_media(k))
        for k in ("sticker", "photo", "voice", "location")
    ]
    edited = bot.fake.new_message(chat, user, "edited text")
    bot.fake.push_update({"edited_message": {**edited, "edit_date": int(time.time())}})
    bot.fake.push_message(chat, user, f"/ask {DUROV}")
    # The replies to the media come first, one a second (Telegram's limit per chat): wait
    # for the answer itself, the sixth message.
    answer = bot.fake.wait_for(
        "sendMessage",
        lambda c: c.ok and c.params["chat_id"] == chat["id"] and "Le Bourget" in c.result["text"],
        since=since,
        timeout=REPLY_TIMEOUT + len(media) + 1,
    )[0]
    reply = next(
        m for m in bot.fake.sent_messages(chat["id"]) if m.message_id == answer.result["message_id"]
    )
    time.sleep(GRACE)
    sent = replies_in(bot, chat["id"], since)
    others = [m for m in sent if m.message_id != reply.message_id]
    assert len(others) <= len(media) + 1, [m.text for m in others]  # at most one reply each
    for message in others:
        assert "went wrong" not in message.text.lower(), message.text
    if where == "group":
        assert others == [], "the bot spoke up in a group without being addressed"


def test_each_update_answered_exactly_once(bot: Checked) -> None:
    questions = [DUROV, "Who owns Telegram?", "What did Musk tweet?", OFF_TOPIC]
    since = bot.fake.mark()
    pushed = []
    for i in range(20):
        user, chat = bot.new_private()
        pushed.append(bot.fake.push_message(chat, user, questions[i % len(questions)]))
    chats = [u["message"]["chat"]["id"] for u in pushed]
    for chat_id in chats:
        bot.fake.wait_for_messages(chat_id, since=since, timeout=10)
    time.sleep(GRACE)
    counts = {chat_id: len(replies_in(bot, chat_id, since)) for chat_id in chats}
    assert set(counts.values()) == {1}, counts
    deliveries = [bot.fake.delivery_counts.get(u["update_id"]) for u in pushed]
    assert deliveries == [1] * len(pushed), "an update was handed out more than once"


# ------------------------------------------------------------------ webhook mode


@pytest.fixture
def webhook_client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5, trust_env=False) as client:
        yield client


def _post(hook: Checked, client: httpx.Client, update: dict[str, Any], secret: str | None):
    path = urlsplit(hook.bot.env["WEBHOOK_URL"]).path
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    return client.post(
        f"http://127.0.0.1:{hook.bot.webhook_port}{path}", json=update, headers=headers
    )


def test_webhook_is_registered_with_secret(hook: Checked) -> None:
    fake = hook.fake
    call = fake.wait_for("setWebhook", timeout=REPLY_TIMEOUT)[0]
    assert call.ok, call.error
    assert call.params["url"] == "https://example.invalid/hook"
    assert call.params["secret_token"] == hook.bot.webhook_secret
    assert not fake.calls("getUpdates"), "getUpdates used in webhook mode"
    assert fake.calls("setMyCommands")
    # Logged once the webhook server listens, just after setWebhook went out.
    assert hook.bot.wait_for_line("newsqa_test_bot.*webhook", REPLY_TIMEOUT), (
        "no start-up line naming the bot and webhook mode"
    )


def test_webhook_rejects_missing_or_wrong_secret(
    hook: Checked, webhook_client: httpx.Client
) -> None:
    user, chat = hook.new_private()
    since = hook.fake.mark()
    forged = hook.fake.make_update({"message": hook.fake.new_message(chat, user, DUROV)})
    assert _post(hook, webhook_client, forged, None).status_code == 403
    forged = hook.fake.make_update({"message": hook.fake.new_message(chat, user, DUROV)})
    assert _post(hook, webhook_client, forged, "wrong-secret").status_code == 403
    # A genuine update afterwards is answered; the forged ones never were.
    other_user, other_chat = hook.new_private()
    genuine = hook.fake.make_update(
        {"message": hook.fake.new_message(other_chat, other_user, DUROV)}
    )
    assert _post(hook, webhook_client, genuine, hook.bot.webhook_secret).status_code == 200
    hook.fake.wait_for_messages(other_chat["id"], since=since)
    time.sleep(GRACE)
    assert replies_in(hook, chat["id"], since) == []


def test_webhook_update_with_secret_is_answered(
    hook: Checked, webhook_client: httpx.Client
) -> None:
    user, chat = hook.new_private()
    since = hook.fake.mark()
    update = hook.fake.make_update({"message": hook.fake.new_message(chat, user, DUROV)})
    response = _post(hook, webhook_client, update, hook.bot.webhook_secret)
    assert response.status_code == 200
    reply = hook.fake.wait_for_messages(chat["id"], since=since)[0]
    assert "Le Bourget" in reply.text
    assert_exact_quotes(reply)
    time.sleep(GRACE)
    assert len(replies_in(hook, chat["id"], since)) == 1


def test_webhook_secret_is_not_logged(hook: Checked) -> None:
    secret = hook.bot.webhook_secret
    assert secret
    assert secret not in hook.bot.log(), "the webhook secret appears in the log"
