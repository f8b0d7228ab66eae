"""Deep links: `https://t.me/<bot>?start=<payload>` opening the bot on a question or source."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from telegram.constants import InlineQueryResultsButtonLimit
from telegram.helpers import create_deep_linked_url

PAYLOAD = re.compile(
    rf"[A-Za-z0-9_-]{{1,{InlineQueryResultsButtonLimit.MAX_START_PARAMETER_LENGTH}}}"
)
QUESTION_PREFIX = "q-"
SOURCE_PREFIX = "src-"


@dataclass(frozen=True, slots=True)
class QuestionLink:
    """A deep link asking a question."""

    question: str


@dataclass(frozen=True, slots=True)
class SourceLink:
    """A deep link showing one article, by its key."""

    key: str


def question_payload(question: str) -> str | None:
    """The payload asking `question`, or None when it is too long to fit."""
    encoded = base64.urlsafe_b64encode(question.encode()).decode().rstrip("=")
    return _valid(QUESTION_PREFIX + encoded)


def source_payload(key: str) -> str | None:
    """The payload showing the article with `key`, or None when it does not fit."""
    return _valid(SOURCE_PREFIX + key)


def parse_payload(payload: str) -> QuestionLink | SourceLink | None:
    """What a /start payload asks for, or None when it is not one of ours."""
    if not PAYLOAD.fullmatch(payload):
        return None
    if payload.startswith(SOURCE_PREFIX):
        return SourceLink(payload.removeprefix(SOURCE_PREFIX))
    if payload.startswith(QUESTION_PREFIX):
        encoded = payload.removeprefix(QUESTION_PREFIX)
        try:
            question = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return QuestionLink(question)
    return None


def deep_link(bot_username: str, payload: str) -> str:
    """The t.me link that opens the bot with `payload`."""
    return create_deep_linked_url(bot_username, payload)


def _valid(payload: str) -> str | None:
    return payload if PAYLOAD.fullmatch(payload) else None
