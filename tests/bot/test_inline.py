"""Inline mode: `@bot question` in any chat."""

from __future__ import annotations

import html

from bot_harness import DECLINED_QUESTION, USER, html_problems, update
from telegram.constants import InlineQueryLimit, InlineQueryResultLimit, MessageLimit

from bot.deep_links import parse_payload

QUESTION = "Why was Durov arrested in France?"


def _inline(app, query: str):
    return update(
        app,
        inline_query={"id": "9", "from": USER, "query": query, "offset": "", "chat_type": "sender"},
    )


async def test_inline_query_offers_the_top_answers(make_app, engine):
    app, recorder = await make_app()
    await app.process_update(_inline(app, QUESTION))
    [answered] = recorder.sent("answerInlineQuery")
    results = answered["results"]
    assert 0 < len(results) <= InlineQueryLimit.RESULTS
    ids = [result["id"] for result in results]
    assert len(ids) == len(set(ids))
    assert all(1 <= len(i.encode()) <= InlineQueryResultLimit.MAX_ID_LENGTH for i in ids)
    best = engine.ask(QUESTION).answers[0]
    first = results[0]
    assert first["type"] == "article"
    content = first["input_message_content"]
    assert html.escape(best.text, quote=False) in content["message_text"]
    assert content["parse_mode"] == "HTML"
    assert len(content["message_text"]) <= MessageLimit.MAX_TEXT_LENGTH
    assert not html_problems(content["message_text"])


async def test_inline_query_the_engine_declines_offers_to_open_the_bot(make_app):
    app, recorder = await make_app()
    await app.process_update(_inline(app, DECLINED_QUESTION))
    [answered] = recorder.sent("answerInlineQuery")
    assert answered["results"] == []
    payload = answered["button"]["start_parameter"]
    assert parse_payload(payload).question == DECLINED_QUESTION


async def test_empty_inline_query_gets_no_results_and_no_error(make_app):
    app, recorder = await make_app()
    await app.process_update(_inline(app, "   "))
    [answered] = recorder.sent("answerInlineQuery")
    assert answered["results"] == []


async def test_an_inline_result_is_titled_by_its_short_answer_and_posts_it_in_bold(
    make_app, engine
):
    question = "Which airport was Durov arrested at?"
    app, recorder = await make_app()
    await app.process_update(_inline(app, question))
    [answered] = recorder.sent("answerInlineQuery")
    best = engine.ask(question).answers[0]
    assert best.short is not None
    first = answered["results"][0]
    assert first["title"] == best.short.text
    assert best.text in first["description"]
    posted = first["input_message_content"]["message_text"]
    assert posted.startswith(f"<b>{html.escape(best.short.text)}</b>\n<blockquote>")
    assert not html_problems(posted)
