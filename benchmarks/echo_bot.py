"""The least a python-telegram-bot bot can do: echo each message, as PTB's echobot does.

`python -m benchmarks.bot_load` runs it against the same fake Bot API as the real bot, so
the table shows what python-telegram-bot and its httpx networking alone cost a message on
this machine: the floor under the real bot's latency. It reads the same TELEGRAM_*
variables, and has no rate limiter: never point it at real Telegram.
"""

from __future__ import annotations

import os
import signal

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo the user's message, quoting it as the bot quotes a question."""
    await update.message.reply_text(update.message.text, do_quote=True)


def main() -> None:
    """Echo messages until SIGTERM or SIGINT."""
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
        .concurrent_updates(8)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling(stop_signals=(signal.SIGINT, signal.SIGTERM))


if __name__ == "__main__":
    main()
