"""The local terminal chat shares the handlers' replies, minus the HTML."""

from __future__ import annotations

import io

from bot_harness import DECLINED_QUESTION, make_settings, message, update, visible

from bot.terminal import BANNER, run_terminal

QUESTION = "Who founded Telegram?"


def _chat(engine, *lines: str) -> str:
    stdout = io.StringIO()
    status = run_terminal(
        engine, make_settings(), io.StringIO("".join(f"{text}\n" for text in lines)), stdout
    )
    assert status == 0
    return stdout.getvalue()


def test_banner_says_how_to_go_live(engine):
    output = _chat(engine)
    assert output.startswith(BANNER)
    assert "TELEGRAM_BOT_TOKEN" in output
    assert "make run" in output


async def test_answers_match_the_telegram_reply_word_for_word(engine, make_app):
    output = _chat(engine, QUESTION, "/quit", "never read")
    app, recorder = await make_app()
    await app.process_update(update(app, message=message(QUESTION)))
    telegram = visible(recorder.sent()[0]["text"])
    best = engine.ask(QUESTION).answers[0]
    assert "\n".join(f"  > {part}" for part in best.text.split("\n")) in output
    # Same words and order; only quote markers and link URLs differ.
    terminal_words = [w for w in output.split() if w != ">" and not w.startswith("<http")]
    telegram_words = telegram.split()
    start = terminal_words.index(telegram_words[0])
    assert terminal_words[start : start + len(telegram_words)] == telegram_words
    assert "never read" not in output


def test_declined_and_odd_input_get_the_same_notes_as_on_telegram(engine):
    output = _chat(engine, DECLINED_QUESTION, "🙂", "/sources", "/nonsense")
    assert "I couldn't find that in the articles" in output
    assert "only search for words" in output
    assert engine.articles[0].title in output
    assert "/help lists what I can do" in output


def test_help_and_about_work_offline(engine):
    output = _chat(engine, "/help", "/about")
    assert "How to ask" in output
    assert "BM25" in output
