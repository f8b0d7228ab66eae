"""A local chat in the terminal, for trying the bot without a Telegram token."""

from __future__ import annotations

import threading
from typing import TextIO

from bot import replies
from bot.corpus_updates import reload_if_stale
from bot.markup import Doc, to_text
from bot.questions import problem_with, question_from_text
from bot.settings import Settings
from retrieval import Engine, Library

BANNER = """\
No TELEGRAM_BOT_TOKEN is set, so this is a local chat in the terminal, answering exactly
as the bot would. To go live, get a token from @BotFather, put TELEGRAM_BOT_TOKEN=<token>
in .env (see .env.example) or the environment, and run `make run` again.
Commands: /help, /ask, /sources, /about, /quit (or Ctrl-D).
"""
PROMPT = "you> "
QUIT = {"/quit", "/exit"}


def run_terminal(library: Library, settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    """Chat on stdin/stdout until /quit or end of input; returns the exit status.

    Like the bot, the chat re-reads CORPUS_DIR every CORPUS_WATCH_SECONDS.
    """
    stop = threading.Event()
    if settings.corpus_watch_seconds:
        threading.Thread(
            target=watch_corpus, args=(library, settings.corpus_watch_seconds, stop), daemon=True
        ).start()
    try:
        return _chat(library, settings, stdin, stdout)
    finally:
        stop.set()


def _chat(library: Library, settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    examples = library.engine.examples
    stdout.write(BANNER + "\n" + to_text(replies.start_doc(library.engine, examples)) + "\n\n")
    while True:
        stdout.write(PROMPT)
        stdout.flush()
        line = stdin.readline()
        text = line.strip()
        if not line or text in QUIT:
            stdout.write("\n")
            return 0
        if text:
            stdout.write(to_text(reply(library.engine, settings, examples, text)) + "\n\n")


def watch_corpus(library: Library, seconds: float, stop: threading.Event) -> None:
    """Reload whenever article files are added, changed or removed, until `stop` is set."""
    while not stop.wait(seconds):
        reload_if_stale(library)


def reply(engine: Engine, settings: Settings, examples: tuple[str, ...], text: str) -> Doc:
    """What the bot would say to text in a private chat, cited compactly for a terminal."""
    command, _, argument = text.partition(" ")
    if command == "/start":
        return replies.start_doc(engine, examples)
    if command == "/help":
        return replies.help_doc(engine, examples, terminal=True)
    if command == "/about":
        return replies.about_doc(engine)
    if command == "/sources":
        page = int(argument) - 1 if argument.strip().isdigit() else 0
        return replies.sources_doc(engine, min(max(page, 0), replies.sources_pages(engine) - 1))
    question = question_from_text(text)
    if question is None:
        return replies.UNKNOWN_COMMAND
    problem = problem_with(question)
    if problem:
        return replies.problem_doc(problem)
    return replies.reply_to_question(engine, question, settings.answers_per_reply, compact=True).doc
