"""`python -m bot`: run the bot on Telegram, or chat in the terminal when no token is set."""

from __future__ import annotations

import logging
import signal
import sys
from time import perf_counter

from telegram.error import InvalidToken, TelegramError

from bot.app import build_application, run
from bot.corpus_updates import prepare
from bot.handlers import register_handlers
from bot.logs import setup_logging
from bot.settings import Settings, SettingsError, load_settings
from bot.terminal import run_terminal
from retrieval import Library

logger = logging.getLogger("bot")

NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set: put it in the environment or in .env (see .env.example), "
    "or run from a terminal to chat locally."
)


def main() -> int:
    """Run the bot and return the process exit status; SIGINT and SIGTERM exit cleanly."""
    # Until the event loop installs its own handlers, make SIGTERM interrupt like Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return _main()
    except KeyboardInterrupt:
        return 0


def _main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.token)
    if not settings.token and not sys.stdin.isatty():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    library = load_library(settings)
    if library is None:
        return 2
    prepare(library)
    if not settings.token:
        return run_terminal(library, settings, sys.stdin, sys.stdout)
    application = build_application(settings)
    register_handlers(application, library, settings)
    try:
        run(application, library, settings)
    except InvalidToken:
        logger.error("Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather")
        return 2
    except TelegramError as error:
        logger.error("Stopped: %s", error)
        return 1
    return 0


def load_library(settings: Settings) -> Library | None:
    """Load the corpus, logging each file that failed; None (after one line) if impossible."""
    if not settings.corpus_dir.exists():
        print(f"CORPUS_DIR {settings.corpus_dir} does not exist", file=sys.stderr)
        return None
    started = perf_counter()
    try:
        library = Library(settings.corpus_dir)
    except (OSError, ValueError) as error:
        print(f"Could not load CORPUS_DIR {settings.corpus_dir}: {error}", file=sys.stderr)
        return None
    engine = library.engine
    for failure in engine.errors:
        logger.warning("Skipped article %s: %s", failure.path, failure.reason)
    if not engine.articles:
        logger.warning("No articles in %s: every question will be declined", settings.corpus_dir)
    logger.info(
        "Loaded %d articles, %d sentences from %s in %.0f ms",
        len(engine.articles),
        len(engine.sentences),
        settings.corpus_dir,
        (perf_counter() - started) * 1000,
    )
    return library


if __name__ == "__main__":
    sys.exit(main())
