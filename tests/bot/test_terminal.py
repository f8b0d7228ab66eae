"""The local terminal chat answers like the bot, in a form that reads well in a terminal."""

from __future__ import annotations

import io
import re
import threading

from bot_harness import DECLINED_QUESTION, make_settings, message, update, visible

from bot.replies import SHORT_LINE
from bot.terminal import BANNER, PROMPT, run_terminal, watch_corpus
from retrieval.library import Library

QUESTION = "Who founded Telegram?"
SOURCE_LINE = re.compile(r"^— .*", re.M)
QUOTE_LINE = re.compile(r"^  > (.*)$", re.M)


def _chat(library, *lines: str) -> str:
    stdout = io.StringIO()
    settings = make_settings(corpus_watch_seconds=0)
    stdin = io.StringIO("".join(f"{text}\n" for text in lines))
    assert run_terminal(library, settings, stdin, stdout) == 0
    # A terminal echoes what was typed, so each reply starts on a line of its own.
    return stdout.getvalue().replace(PROMPT, PROMPT + "\n")


def test_banner_says_how_to_go_live(library):
    output = _chat(library)
    assert output.startswith(BANNER)
    assert "TELEGRAM_BOT_TOKEN" in output
    assert "make run" in output


async def test_quotes_the_same_sentences_as_the_telegram_reply(library, make_app):
    output = _chat(library, QUESTION, "/quit", "never read")
    app, recorder = await make_app()
    await app.process_update(update(app, message=message(QUESTION)))
    telegram = visible(recorder.sent()[0]["text"])
    # The short answer is marked in the quote between asterisks; the sentence is as written.
    quoted = [re.sub(r"\*([^*]+)\*", r"\1", q) for q in QUOTE_LINE.findall(output)]
    assert len(quoted) >= 2
    assert all(sentence in telegram for sentence in quoted)
    assert [telegram.index(sentence) for sentence in quoted] == sorted(
        telegram.index(sentence) for sentence in quoted
    )
    assert "never read" not in output


def test_each_quote_has_one_short_source_line_and_each_article_one_link(library):
    output = _chat(library, QUESTION)
    sources = SOURCE_LINE.findall(output)
    assert len(sources) == len(QUOTE_LINE.findall(output)) >= 2
    assert all(len(source) <= SHORT_LINE for source in sources)
    assert any(source.rstrip().endswith("]") for source in sources)
    urls = re.findall(r"https?://\S+", output)
    assert urls, "the articles' links are given"
    assert len(urls) == len(set(urls)), "each article's link once"
    assert "#:~:text=" not in output
    for number, url in enumerate(urls, 1):
        assert f"[{number}] {url}" in output


def test_declined_and_odd_input_get_the_same_notes_as_on_telegram(library):
    output = _chat(library, DECLINED_QUESTION, "🙂", "/sources", "/nonsense")
    assert "I couldn't find that in the articles" in output
    assert "only search for words" in output
    assert library.engine.articles[0].title in output
    assert "/help lists what I can do" in output


def test_help_lists_the_terminal_commands_and_no_buttons(library):
    output = _chat(library, "/help", "/about")
    assert "How to ask" in output
    assert "/ask" in output
    assert "/quit" in output
    for button in ("More", "Context", "Source "):
        assert button not in output.split("How answers are found")[0]
    assert "BM25" in output


def test_ask_command_asks(library):
    assert QUOTE_LINE.findall(_chat(library, f"/ask {QUESTION}")) == QUOTE_LINE.findall(
        _chat(library, QUESTION)
    )


def test_the_watcher_reloads_an_added_article_and_stops_when_told(tmp_path):
    (tmp_path / "first.txt").write_text("The ferry stopped running on Tuesday.\n")
    library = Library(tmp_path)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_corpus, args=(library, 0.01, stop))
    watcher.start()
    try:
        (tmp_path / "second.txt").write_text("The lighthouse was automated in 2019.\n")
        for _ in range(500):
            if len(library.engine.articles) == 2:
                break
            stop.wait(0.01)
        assert len(library.engine.articles) == 2
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert not watcher.is_alive()
