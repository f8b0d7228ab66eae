"""Turning a message's text into a question, and spotting text that is not one."""

from __future__ import annotations

import re
from enum import Enum

from bot.deep_links import QuestionLink, parse_payload

# Long enough for any real question; longer text is a pasted article, not a question.
MAX_QUESTION_LENGTH = 500
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]+)(?:@(?P<bot>\w+))?(?:\s+(?P<rest>.*))?$", re.S)
_WORD = re.compile(r"[^\W_]", re.UNICODE)


class Problem(Enum):
    """Why some text cannot be asked."""

    EMPTY = "empty"
    TOO_LONG = "too long"
    NO_WORDS = "no words"


def question_from_text(text: str | None, bot_username: str | None = None) -> str | None:
    """The question a message asks: its text without `/ask`, `/start q-…` or @mentions.

    Returns None for text that is not a question to this bot (another command).
    """
    if text is None:
        return None
    text = text.strip()
    command = _COMMAND.match(text)
    if command:
        rest = command["rest"] or ""
        if command["name"].lower() == "ask":
            text = rest
        elif command["name"].lower() == "start":
            link = parse_payload(rest.strip())
            if not isinstance(link, QuestionLink):
                return None
            text = link.question
        else:
            return None
    if bot_username:
        text = re.sub(rf"@{re.escape(bot_username)}\b", " ", text, flags=re.I)
    return " ".join(text.split())


def problem_with(question: str) -> Problem | None:
    """What makes a question unanswerable before asking the engine, if anything."""
    if not question:
        return Problem.EMPTY
    if len(question) > MAX_QUESTION_LENGTH:
        return Problem.TOO_LONG
    if not _WORD.search(question):
        return Problem.NO_WORDS
    return None
