"""/start, /help, /sources, /about, deep links and unknown commands."""

from __future__ import annotations

import html
from datetime import date

from bot_harness import (
    BOT_USERNAME,
    GROUP_CHAT,
    html_problems,
    message,
    update,
    visible,
)

from bot.deep_links import deep_link, question_payload, source_payload
from bot.handlers import set_commands
from retrieval.library import Library


async def test_start_offers_three_answerable_examples_as_buttons(make_app, engine):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/start")))
    [sent] = recorder.sent()
    rows = sent["reply_markup"]["keyboard"]
    examples = [row[0]["text"] for row in rows]
    assert len(examples) == 3
    assert len(set(examples)) == 3
    assert all(engine.ask(example).answered for example in examples)
    assert "Hi, Ada!" in visible(sent["text"])
    assert sent["parse_mode"] == "HTML"


async def test_start_in_a_group_shows_the_keyboard_only_to_the_asker(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/start", chat=GROUP_CHAT)))
    [sent] = recorder.sent()
    assert sent["reply_markup"]["selective"] is True
    assert sent["reply_parameters"]["message_id"] > 0


async def test_help_explains_how_to_ask_in_every_kind_of_chat(make_app, engine):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/help")))
    text = visible(" ".join(params["text"] for params in recorder.sent()))
    assert f"{len(engine.articles)} news articles" in text
    # Where the articles come from and when, read off the articles themselves.
    for outlet in {a.outlet for a in engine.articles if a.outlet}:
        assert outlet in text
    dates = sorted(a.published for a in engine.articles if a.published)
    assert f"published {dates[0].day} {dates[0]:%b %Y} to {dates[-1].day}" in text
    assert "/ask" in text
    assert f"@{BOT_USERNAME}" in text
    assert "/sources" in text


async def test_sources_lists_every_article_with_title_and_links(make_app, engine):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/sources")))
    text = "\n".join(params["text"] for params in recorder.sent())
    assert not html_problems(text)
    for article in engine.articles:
        assert html.escape(article.title, quote=False) in text
        if article.url:
            assert f'href="{html.escape(article.url)}"' in text
        share = deep_link(BOT_USERNAME, source_payload(article.key))
        assert f'href="{html.escape(share)}"' in text


async def test_sources_dates_an_article_by_its_publication_never_by_its_file(make_app, tmp_path):
    (tmp_path / "dated.txt").write_text(
        '+++\ntitle = "Dated"\npublished = 2024-08-25\n+++\nThe bridge opened on Monday.\n'
    )
    (tmp_path / "undated.txt").write_text("The ferry stopped running on Tuesday.\n")
    app, recorder = await make_app(corpus=Library(tmp_path))
    await app.process_update(update(app, message=message("/sources")))
    dated, undated = visible(recorder.sent()[0]["text"]).split("\n\n")[1:3]
    assert "25 Aug 2024" in dated
    today = date.today()
    assert f"{today:%b %Y}" not in undated
    assert "added" not in undated


async def test_about_says_answers_are_exact_bm25_quotes(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/about")))
    text = visible(recorder.sent()[0]["text"])
    assert "BM25" in text
    assert "exact" in text.lower()


async def test_deep_link_to_a_question_answers_it(make_app, engine):
    app, recorder = await make_app()
    question = "Who founded Telegram?"
    payload = question_payload(question)
    await app.process_update(update(app, message=message(f"/start {payload}")))
    best = engine.ask(question).answers[0]
    [sent] = recorder.sent()
    assert best.text in visible(sent["text"])


async def test_deep_link_to_a_source_introduces_the_article(make_app, engine):
    app, recorder = await make_app()
    article = engine.articles[-1]
    await app.process_update(update(app, message=message(f"/start {source_payload(article.key)}")))
    [sent] = recorder.sent()
    assert html.escape(article.title, quote=False) in sent["text"]


async def test_deep_link_to_an_unknown_source_says_so(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/start src-no_such_article")))
    assert "/sources" in visible(recorder.sent()[0]["text"])
    assert "don't know that article" in visible(recorder.sent()[0]["text"])


async def test_garbled_deep_link_falls_back_to_the_greeting(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/start q-%%%")))
    assert "Hi, Ada!" in visible(recorder.sent()[0]["text"])


async def test_unknown_command_points_to_help_in_private_only(make_app):
    app, recorder = await make_app()
    await app.process_update(update(app, message=message("/frobnicate")))
    await app.process_update(update(app, message=message("/frobnicate", chat=GROUP_CHAT)))
    [sent] = recorder.sent()
    assert "/help" in visible(sent["text"])
    assert int(sent["chat_id"]) > 0


async def test_startup_sets_the_command_menu(make_app):
    app, recorder = await make_app()
    await set_commands(app)
    [params] = recorder.sent("setMyCommands")
    commands = {c["command"] for c in params["commands"]}
    assert commands == {"start", "ask", "sources", "help", "about"}
