"""Building and running the Telegram Application: where updates come from and go to."""

from __future__ import annotations

import asyncio
import logging
import signal
import warnings
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.corpus_updates import watch_corpus
from bot.handlers import set_commands
from bot.ordering import ChatOrderedProcessor
from bot.settings import Settings
from bot.throttle import TelegramRateLimiter
from bot.transport import RETRIES, RetryingRequest
from retrieval import Library

logger = logging.getLogger(__name__)

# Only the updates the handlers use; Telegram remembers the last list it was given.
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
]
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# The loop-lag probe's timer: a stall is measured to within this many seconds.
LAG_TICK = 0.005
STOPPING_WARNING = (
    "Tasks created via `Application.create_task` while the application is not running"
)


def build_application(settings: Settings) -> Application:
    """An Application for the configured Bot API server: retries, flood control, command menu."""
    if not settings.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        # getUpdates keeps PTB's own request: its polling loop already retries failures.
        .request(RetryingRequest(HTTPXRequest()))
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates))
        .post_init(set_commands)
    )
    if settings.telegram_rate_limiter:
        builder = builder.rate_limiter(TelegramRateLimiter(max_retries=RETRIES))
    else:
        logger.warning(
            "TELEGRAM_RATE_LIMITER is off: for load tests against a local fake Bot API only"
        )
    return builder.build()


def run(application: Application, library: Library, settings: Settings) -> None:
    """Receive updates by webhook when WEBHOOK_URL is set, else by long polling, until a signal."""
    asyncio.run(_serve(application, library, settings))


async def _serve(application: Application, library: Library, settings: Settings) -> None:
    # Application.run_polling/run_webhook in longhand, so the start-up line is logged only
    # once updates can really flow (the webhook server listening), not before.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    async with application:
        if application.post_init:
            await application.post_init(application)
        await _receive_updates(application, settings)
        await application.start()
        background = []
        if settings.corpus_watch_seconds:
            background.append(
                asyncio.create_task(watch_corpus(library, settings.corpus_watch_seconds))
            )
        if settings.loop_lag_log_seconds:
            background.append(asyncio.create_task(log_loop_lag(settings.loop_lag_log_seconds)))
        logger.info(
            "Started @%s with %d articles and %d sentences in %s mode",
            application.bot.username,
            len(library.engine.articles),
            len(library.engine.sentences),
            settings.mode,
        )
        await stop.wait()
        logger.info("Stopping")
        for task in background:
            task.cancel()
        # Updates fetched but not yet handled are handled as stop() drains the queue, after PTB
        # has marked itself stopped, so it warns they "won't be awaited"; stop() does wait for
        # them (update_queue.join), which the SIGTERM tests check.
        warnings.filterwarnings("ignore", STOPPING_WARNING, PTBUserWarning)
        await application.updater.stop()
        await application.stop()


async def _receive_updates(application: Application, settings: Settings) -> None:
    if settings.webhook_url and settings.webhook_secret:
        await application.updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            # Listen on the same path Telegram is told to post to.
            url_path=urlsplit(settings.webhook_url).path.strip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        await application.updater.start_polling(
            allowed_updates=ALLOWED_UPDATES, error_callback=_polling_failed
        )


async def log_loop_lag(seconds: float) -> None:
    """Log the event loop's longest stall every `seconds`; runs until cancelled."""
    loop = asyncio.get_running_loop()
    while True:
        longest, end = 0.0, loop.time() + seconds
        while loop.time() < end:
            due = loop.time() + LAG_TICK
            await asyncio.sleep(LAG_TICK)
            longest = max(longest, loop.time() - due)
        logger.info("Longest event loop stall in %g s: %.1f ms", seconds, longest * 1000)


def _polling_failed(error: TelegramError) -> None:
    # PTB's default logs a traceback for every failed poll; the loop backs off and retries
    # by itself (1 s, growing to 30 s), so one line each is enough.
    logger.warning("Polling for updates failed (%s: %s); retrying", type(error).__name__, error)
