"""Questions in private chats and groups, odd messages, and who may ask."""

from __future__ import annotations

import html
import re

import pytest
from bot_harness import (
    BOT_USERNAME,
    DECLINED_QUESTION,
    GROUP_CHAT,
    PRIVATE_CHAT,
    USER,
    bot_message,
    html_problems,
    make_settings,
    message,
    update,
    visible,
)
from telegram.constants import MessageLimit

from retrieval.library import Library

QUESTION = "Who founded Telegram?"


async def test_private_question_gets_the_best_sentence_quoted_exactly(make_app, engine):
    app, recorder = await make_app()
    asked = message(QUESTION)
    await app.process_update(update(app, message=asked))
    best = engine.ask(QUESTION).answers[0]
    [sent] = recorder.sent()
    quoted = re.findall(r"<blockquote>(.*?)</blockquote>", sent["text"], re.S)
    assert visible(quoted[0]) == best.text
    assert html.escape(best.title, quote=False) in sent["text"]
    if best.published:
        assert str(best.published.year) in sent["text"]
    if best.link or best.url:
        assert f'href="{html.escape(best.link or best.url)}"' in sent["text"]
    assert not html_problems(sent["text"])
    assert sent["link_preview_options"] == {"is_disabled": True}
    # The answer replies to the question: that is how "More" finds it again.
    assert sent["reply_parameters"]["message_id"] == asked["message_id"]


async def test_answer_shows_at_most_the_configured_number_of_quotes(make_app):
    app, recorder = await make_app(make_settings(answers_per_reply=1))
    await app.process_update(update(app, message=message(QUESTION)))
    assert recorder.sent()[0]["text"].count("<blockquote>") == 1


async def test_further_quotes_skip_near_duplicates(make_app, tiny_corpus):
    corpus = tiny_corpus(
        "Durov was arrested at the airport in Paris on Saturday.\n"
        "Durov was arrested at the airport in Paris on Saturday!\n"
        "Durov was arrested at an airport in Paris on Saturday.\n"
        "Lawyers for Durov said the arrest was absurd.\n"
        "The weather was fine."
    )
    app, recorder = await make_app(make_settings(answers_per_reply=3), corpus=corpus)
    await app.process_update(update(app, message=message("Durov arrested airport Paris")))
    text = visible(recorder.sent()[0]["text"])
    assert text.count("arrested at") == 1
    assert "Lawyers for Durov" in text
    # Nothing in common with the question: it adds nothing.
    assert "weather" not in text


async def test_answer_buttons_carry_small_callback_data(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message(QUESTION)))
    buttons = [b for row in recorder.sent()[0]["reply_markup"]["inline_keyboard"] for b in row]
    labels = {b["text"] for b in buttons}
    assert "Context" in labels
    for button in buttons:
        if "callback_data" in button:
            assert len(button["callback_data"].encode()) <= 64


async def test_article_text_is_escaped(make_app, tiny_corpus):
    corpus = tiny_corpus(
        "The <b>bold</b> claim & counter-claim were filed in court on Monday.\n"
        "Nothing else happened that week at the courthouse."
    )
    app, recorder = await make_app(corpus=corpus)
    await app.process_update(update(app, message=message("claim counter-claim court")))
    text = recorder.sent()[0]["text"]
    assert "The &lt;b&gt;bold&lt;/b&gt; claim &amp; counter-claim" in text
    assert not html_problems(text)


async def test_declined_question_is_honest_and_offers_the_closest_sentence(make_app, engine):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message(DECLINED_QUESTION)))
    result = engine.ask(DECLINED_QUESTION)
    assert not result.answered
    text = recorder.sent()[0]["text"]
    assert "I couldn't find that in the articles" in text
    assert "/sources" in text
    if result.answers:
        assert html.escape(result.answers[0].text, quote=False) in text
    assert not html_problems(text)


async def test_a_question_sharing_no_word_with_the_articles_gets_no_closest_sentence(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("How do I bake sourdough bread at home?")))
    (sent,) = recorder.sent()
    text = visible(sent["text"])
    assert "I couldn't find that in the articles" in text
    assert "closest" not in text
    assert "<blockquote>" not in sent["text"]
    assert "/sources" in text


async def test_long_answers_are_split_into_valid_messages(make_app, tiny_corpus):
    endless = " ".join(f"word{i} & <tag{i}>" for i in range(1500))
    app, recorder = await make_app(corpus=tiny_corpus(endless))
    await app.process_update(update(app, message=message("word7 tag7")))
    texts = [params["text"] for params in recorder.sent()]
    assert len(texts) > 1
    for text in texts:
        assert len(text) <= MessageLimit.MAX_TEXT_LENGTH
        assert html_problems(text) == []
    # Nothing lost or garbled across the split.
    assert "word1499 & <tag1499>" in "".join(visible(text) for text in texts)
    assert "reply_markup" in recorder.sent()[-1]


async def test_group_ask_command_is_answered(make_app, engine):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message(f"/ask {QUESTION}", chat=GROUP_CHAT)))
    [sent] = recorder.sent()
    assert engine.ask(QUESTION).answers[0].text in visible(sent["text"])


async def test_group_ask_addressed_to_the_bot_by_name_is_answered(make_app):
    app, recorder = await make_app()
    text = f"/ask@{BOT_USERNAME} {QUESTION}"
    await app.process_update(update(app, message=message(text, chat=GROUP_CHAT)))
    assert len(recorder.sent()) == 1


async def test_empty_ask_explains_how_to_ask(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/ask", chat=GROUP_CHAT)))
    assert "Ask me something" in visible(recorder.sent()[0]["text"])


async def test_plain_group_message_is_ignored(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message(QUESTION, chat=GROUP_CHAT)))
    assert recorder.methods() == []


async def test_group_message_mentioning_the_bot_is_answered(make_app, engine):
    app, recorder = await make_app()
    text = f"@{BOT_USERNAME} {QUESTION}"
    await app.process_update(update(app, message=message(text, chat=GROUP_CHAT)))
    [sent] = recorder.sent()
    assert engine.ask(QUESTION).answers[0].text in visible(sent["text"])


async def test_group_message_mentioning_someone_else_is_ignored(make_app):
    app, recorder = await make_app()
    text = f"@someone_else {QUESTION}"
    await app.process_update(update(app, message=message(text, chat=GROUP_CHAT)))
    assert recorder.methods() == []


async def test_group_reply_to_the_bot_is_answered(make_app):
    app, recorder = await make_app()
    earlier = bot_message(chat=GROUP_CHAT)
    asked = message(QUESTION, chat=GROUP_CHAT, reply_to=earlier)
    await app.process_update(update(app, message=asked))
    [sent] = recorder.sent()
    assert sent["reply_parameters"]["message_id"] == asked["message_id"]


async def test_group_reply_to_someone_else_is_ignored(make_app):
    app, recorder = await make_app()
    earlier = message("hi all", chat=GROUP_CHAT, user={**USER, "id": 7})
    await app.process_update(
        update(app, message=message(QUESTION, chat=GROUP_CHAT, reply_to=earlier))
    )
    assert recorder.methods() == []


@pytest.mark.parametrize(
    "extra",
    [
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 2}},
    ],
    ids=["sticker", "photo", "voice"],
)
async def test_non_text_messages_get_a_friendly_note_in_private_and_silence_in_groups(
    make_app, extra
):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message(None, **extra)))
    await app.process_update(update(app, message=message(None, chat=GROUP_CHAT, **extra)))
    [sent] = recorder.sent()
    assert "only read text" in visible(sent["text"])
    assert int(sent["chat_id"]) == PRIVATE_CHAT["id"]


async def test_edited_messages_are_not_answered_again(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, edited_message=message(QUESTION, edit_date=1_700_000_100)))
    [sent] = recorder.sent()
    assert "only answer new messages" in visible(sent["text"])
    assert "<blockquote>" not in sent["text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("🙂🎉👍", "only search for words"),
        ("?!... ---", "only search for words"),
        ("why " * 1000, "longer than a question"),
    ],
    ids=["emoji", "punctuation", "4000 characters"],
)
async def test_unanswerable_text_gets_a_short_friendly_reply(make_app, text, expected):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message(text)))
    [sent] = recorder.sent()
    assert expected in visible(sent["text"])


class _BrokenEngine:
    def ask(self, question: str, top_k: int = 5):
        raise RuntimeError("engine on fire")


async def test_failing_handler_is_logged_without_text_and_apologised_for(
    make_app, monkeypatch, caplog
):
    app, recorder = await make_app()
    monkeypatch.setattr(Library, "engine", property(lambda library: _BrokenEngine()))
    await app.process_update(update(app, message=message("secret question text")))
    assert "something went wrong" in visible(recorder.sent()[0]["text"])
    [failure] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "message update" in failure.getMessage()
    assert failure.exc_info is not None
    assert all("secret question text" not in r.getMessage() for r in caplog.records)


async def test_group_commands_for_other_bots_are_ignored(make_app):
    app, recorder = await make_app()
    earlier = bot_message(chat=GROUP_CHAT)
    for text in ("/weather@other_bot Paris", "/ask@other_bot who?"):
        asked = message(text, chat=GROUP_CHAT, reply_to=earlier)
        await app.process_update(update(app, message=asked))
    assert recorder.methods() == []
