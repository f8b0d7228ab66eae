"""Sending a reply into a chat, and what to do when Telegram refuses it.

Transient failures were already retried by the transport (bot/transport.py) and 429s by
the rate limiter; what reaches this module is final.  Markup Telegram cannot parse is
sent again as plain text; a chat that cannot receive the reply (the user blocked the bot,
the chat is gone, the text is refused) is logged in one line and skipped, so the bot goes
on with everyone else.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.markup import plain_text

logger = logging.getLogger(__name__)

PARSE_ERROR = "can't parse entities"


async def reply_html(message: Message, text: str, **options: Any) -> Message | None:
    """Reply to message with HTML text; None, after one log line, if it could not be delivered."""
    chat_id = message.chat_id
    try:
        return await _reply(message, text, options)
    except (BadRequest, Forbidden, ChatMigrated) as error:
        logger.warning("Chat %s skipped: %s", chat_id, error)
    except RetryAfter as error:
        logger.warning("Chat %s skipped: still flood-limited (%s)", chat_id, error)
    except NetworkError as error:
        logger.error("Chat %s: reply lost after retries: %s", chat_id, error)
    return None


async def _reply(message: Message, text: str, options: dict[str, Any]) -> Message:
    try:
        return await message.reply_html(text, **options)
    except BadRequest as error:
        if PARSE_ERROR not in str(error).lower():
            raise
        logger.warning("Chat %s: markup refused (%s); sending plain text", message.chat_id, error)
        return await message.reply_text(plain_text(text), **options)
