"""The More, Context and Source buttons under answers, and paging through /sources."""

from __future__ import annotations

import html
from typing import Any

from bot_harness import (
    GROUP_CHAT,
    bot_message,
    callback,
    html_problems,
    make_settings,
    message,
    update,
    visible,
)

from bot.keyboards import answer_keyboard, article_ref
from bot.replies import SOURCES_PER_PAGE
from retrieval.library import Library

QUESTION = "What did Durov say about France?"


async def _ask(app, recorder, text: str = QUESTION, chat=None) -> tuple[dict, dict[str, Any]]:
    """Ask a question; return the question message and the bot's answer as Telegram holds it."""
    asked = message(text, **({"chat": chat} if chat else {}))
    await app.process_update(update(app, message=asked))
    sent = recorder.sent()[-1]
    answer = bot_message(
        visible(sent["text"]),
        chat=asked["chat"],
        reply_to=asked,
        reply_markup=sent["reply_markup"],
    )
    recorder.calls.clear()
    return asked, answer


def _buttons(markup: dict) -> dict[str, dict]:
    return {b["text"]: b for row in markup["inline_keyboard"] for b in row}


async def test_more_sends_the_next_answers_as_a_reply_to_the_question(make_app, engine):
    app, recorder = await make_app(make_settings(answers_per_reply=1))
    asked, answer = await _ask(app, recorder)
    more = _buttons(answer["reply_markup"])["More"]["callback_data"]
    await app.process_update(callback(app, more, answer))
    [sent] = recorder.sent()
    shown_first = answer["text"]
    assert sent["reply_parameters"]["message_id"] == asked["message_id"]
    second = visible(sent["text"])
    assert second.split("\n")[0] not in shown_first
    ranked = [a.text for a in engine.ask(QUESTION, top_k=10).answers]
    assert any(text in second for text in ranked[1:])
    assert recorder.sent("answerCallbackQuery")


async def test_more_keeps_going_until_nothing_is_left(make_app):
    # Up to 25 presses by one user: over the per-user limit, which has tests of its own.
    app, recorder = await make_app(make_settings(answers_per_reply=2, user_rate_limit=0))
    asked, answer = await _ask(app, recorder)
    seen = [answer["text"]]
    for _ in range(30):
        buttons = _buttons(answer["reply_markup"])
        if "More" not in buttons:
            break
        await app.process_update(callback(app, buttons["More"]["callback_data"], answer))
        [sent] = recorder.sent()
        seen.append(visible(sent["text"]))
        answer = bot_message(seen[-1], reply_to=asked, reply_markup=sent["reply_markup"])
        recorder.calls.clear()
    else:
        raise AssertionError("More never ran out")
    assert len(seen) == len(set(seen))
    # A stale More past the end says so instead of sending nothing silently.
    await app.process_update(callback(app, "more:48", answer))
    assert recorder.sent() == []
    assert "all I found" in recorder.sent("answerCallbackQuery")[0]["text"]


async def test_more_without_the_question_says_so_politely(make_app):
    app, recorder = await make_app()
    orphan = bot_message("An answer whose question is gone")
    await app.process_update(callback(app, "more:3", orphan))
    assert recorder.sent() == []
    [toast] = recorder.sent("answerCallbackQuery")
    assert "ask it again" in toast["text"]
    assert toast["show_alert"] is True


async def test_context_edits_the_answer_to_show_surrounding_sentences(make_app, engine):
    app, recorder = await make_app()
    _, answer = await _ask(app, recorder)
    data = _buttons(answer["reply_markup"])["Context"]["callback_data"]
    assert len(data.encode()) <= 64
    await app.process_update(callback(app, data, answer))
    [edit] = recorder.sent("editMessageText")
    _, ref, position = data.split(":")
    article = next(i for i, a in enumerate(engine.articles) if article_ref(a.key) == ref)
    sentences = engine.context(article, int(position))
    assert len(sentences) > 1
    quoted = next(s for s in sentences if s.position == int(position))
    assert f"<b>{html.escape(quoted.text, quote=False)}</b>" in edit["text"]
    for sentence in sentences:
        assert html.escape(sentence.text, quote=False) in edit["text"]
    assert not html_problems(edit["text"])
    assert edit["message_id"] == answer["message_id"]
    assert "Context" not in _buttons(edit["reply_markup"])


async def test_context_for_a_vanished_article_answers_politely(make_app):
    app, recorder = await make_app()
    _, answer = await _ask(app, recorder)
    await app.process_update(callback(app, "ctx:00000000ff:0", answer))
    assert recorder.sent("editMessageText") == []
    assert "no longer available" in recorder.sent("answerCallbackQuery")[0]["text"]


async def test_source_is_a_url_button_landing_on_the_quote(make_app, engine):
    best = engine.ask(QUESTION).answers[0]
    markup = answer_keyboard(best, 3)
    assert markup is not None
    labels = [b.text for row in markup.inline_keyboard for b in row]
    target = best.link or best.url
    assert ("Source" in labels) == bool(target)
    app, recorder = await make_app()
    _, answer = await _ask(app, recorder)
    source = _buttons(answer["reply_markup"]).get("Source")
    if target:
        assert source == {"text": "Source", "url": target}


def test_source_button_uses_the_sentence_link(engine):
    best = engine.ask(QUESTION).answers[0]
    linked = type(best)(
        text=best.text,
        score=best.score,
        article=best.article,
        position=best.position,
        title=best.title,
        url="https://example.com/a?b=1&c=2",
        link="https://example.com/a?b=1&c=2#:~:text=Hello%2C%20world",
    )
    markup = answer_keyboard(linked, None)
    assert markup is not None
    urls = [b.url for row in markup.inline_keyboard for b in row if b.url]
    assert urls == ["https://example.com/a?b=1&c=2#:~:text=Hello%2C%20world"]


async def test_more_works_in_groups_too(make_app):
    app, recorder = await make_app(make_settings(answers_per_reply=1))
    asked, answer = await _ask(app, recorder, f"/ask {QUESTION}", chat=GROUP_CHAT)
    more = _buttons(answer["reply_markup"])["More"]["callback_data"]
    await app.process_update(callback(app, more, answer))
    [sent] = recorder.sent()
    assert sent["reply_parameters"]["message_id"] == asked["message_id"]
    assert "<blockquote>" in sent["text"]


async def test_sources_pages_turn_by_editing(make_app, tiny_corpus, tmp_path):
    for number in range(SOURCES_PER_PAGE + 3):
        (tmp_path / f"article_{number:02d}.txt").write_text(f"Article number {number} text.")
    corpus = Library(tmp_path)
    app, recorder = await make_app(corpus=corpus)
    await app.process_update(update(app, message=message("/sources")))
    [first] = recorder.sent()
    buttons = _buttons(first["reply_markup"])
    assert set(buttons) == {"Next »"}
    listing = bot_message(visible(first["text"]), reply_markup=first["reply_markup"])
    await app.process_update(callback(app, buttons["Next »"]["callback_data"], listing))
    [edit] = recorder.sent("editMessageText")
    articles = corpus.engine.articles
    assert html.escape(articles[-1].title, quote=False) in edit["text"]
    assert html.escape(articles[0].title, quote=False) not in edit["text"]
    assert set(_buttons(edit["reply_markup"])) == {"« Previous"}


async def test_unknown_button_data_stops_the_spinner(make_app):
    app, recorder = await make_app()
    await app.process_update(callback(app, "v1-something-old", bot_message()))
    assert "expired" in recorder.sent("answerCallbackQuery")[0]["text"]


async def test_a_failing_button_still_gets_an_answer(make_app, monkeypatch):
    app, recorder = await make_app()
    _, answer = await _ask(app, recorder)

    def explode(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr("bot.replies.context_doc", explode)
    await app.process_update(
        callback(app, _buttons(answer["reply_markup"])["Context"]["callback_data"], answer)
    )
    [toast] = recorder.sent("answerCallbackQuery")
    assert "went wrong" in toast["text"]
