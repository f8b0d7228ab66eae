"""End-to-end: articles added, broken and removed while the real bot is answering."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPLY_TIMEOUT, Checked, finish
from .fake_bot_api import FakeBotAPI
from .harness import REPO, SEEDS, BotProcess, start_bot

PAGE = REPO / "tests" / "retrieval" / "ingest" / "pages" / "harbour-bridge.html"
PAGE_URL = "https://coastal-ledger.example/news/2025/03/port-elwin-bridge-repairs"
QUESTION = "How much will the bridge repairs cost?"
NEW_FACT = "4.2 million euros"
SWAP_TIMEOUT = 20.0


@pytest.fixture
def live_corpus(tmp_path: Path) -> Iterator[tuple[Checked, Path]]:
    """A bot of its own, watching a copy of the seeds five times a second."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns(".index", "*.md"))
    with FakeBotAPI() as fake:
        bot: BotProcess = start_bot(
            fake,
            tmp_path / "bot.log",
            CORPUS_DIR=str(corpus),
            CORPUS_WATCH_SECONDS="0.2",
            USER_RATE_LIMIT="0",
            TELEGRAM_RATE_LIMITER="false",
        )
        checked = Checked(bot)
        try:
            yield checked, corpus
            checked.check()
        finally:
            finish(bot)


def add_article(corpus: Path) -> subprocess.CompletedProcess[str]:
    """What an operator types: `python -m retrieval add --html PAGE --url URL`."""
    command = [sys.executable, "-m", "retrieval", "add", "--html", str(PAGE), "--url", PAGE_URL]
    return subprocess.run(
        [*command, "--corpus", str(corpus)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_an_added_article_is_answered_without_a_restart_and_no_question_fails(live_corpus):
    bot, corpus = live_corpus
    user, chat = bot.new_private()
    _, before = bot.ask(chat, user, QUESTION)
    assert NEW_FACT not in before.text
    pid = bot.bot.proc.pid

    # Questions keep arriving, each in a chat of its own, while the article is added.
    pending = []
    since = bot.fake.mark()
    deadline = time.monotonic() + SWAP_TIMEOUT
    added = False
    answered_new = False
    while time.monotonic() < deadline and not answered_new:
        asker, asker_chat = bot.new_private()
        bot.fake.push_message(asker_chat, asker, QUESTION)
        pending.append(asker_chat["id"])
        if not added and len(pending) == 5:
            assert "sentences: 6" in add_article(corpus).stdout
            added = True
        replies = bot.fake.wait_for_messages(asker_chat["id"], since=since, timeout=REPLY_TIMEOUT)
        answered_new = added and NEW_FACT in replies[0].text
        time.sleep(0.05)
    assert answered_new, "answers never came from the added article:\n" + bot.bot.log_tail()
    for chat_id in pending:
        assert bot.fake.wait_for_messages(chat_id, since=since, timeout=REPLY_TIMEOUT)
    assert bot.bot.proc.pid == pid
    assert bot.bot.alive()
    assert "Reloaded the corpus: 1 added" in bot.new_log()


def test_a_broken_file_is_logged_and_skipped_and_a_removed_one_stops_answering(live_corpus):
    bot, corpus = live_corpus
    add_article(corpus)
    (corpus / "broken.txt").write_bytes(b"+++\ntitle = [unclosed\n+++\ntext\n")
    user, chat = bot.new_private()
    deadline = time.monotonic() + SWAP_TIMEOUT
    while "broken.txt" not in bot.new_log() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "Skipped article" in bot.new_log()
    _, reply = bot.ask(chat, user, QUESTION)
    assert NEW_FACT in reply.text
    _, reply = bot.ask(chat, user, "Where was Durov arrested?")
    assert "airport" in reply.text.lower()

    for article in corpus.glob("port-elwin-*.txt"):
        article.unlink()
    while time.monotonic() < deadline:
        _, reply = bot.ask(chat, user, QUESTION)
        if NEW_FACT not in reply.text:
            break
        time.sleep(0.1)
    assert NEW_FACT not in reply.text
