"""Buttons, and the small callback data they carry (never message text)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from retrieval import Answer, Engine

# Callback data, all well under Telegram's 64 bytes: `more:<offset>`,
# `ctx:<article ref>:<position>`, `src:<page>`.  An article ref names the article's file,
# not its number, which a reload of the corpus may give to another article.
MORE = "more"
CONTEXT = "ctx"
SOURCES = "src"
MORE_PATTERN = rf"^{MORE}:(\d{{1,4}})$"
REF_LENGTH = 10
CONTEXT_PATTERN = rf"^{CONTEXT}:([0-9a-f]{{{REF_LENGTH}}}):(\d{{1,9}})$"
SOURCES_PATTERN = rf"^{SOURCES}:(\d{{1,6}})$"


def answer_keyboard(
    answer: Answer | None, next_offset: int | None, context: bool = True
) -> InlineKeyboardMarkup | None:
    """More / Context / Source buttons for a reply whose best quote is `answer`."""
    buttons = []
    if next_offset is not None:
        buttons.append(InlineKeyboardButton("More", callback_data=f"{MORE}:{next_offset}"))
    if answer is not None and context:
        buttons.append(
            InlineKeyboardButton(
                "Context", callback_data=f"{CONTEXT}:{article_ref(answer.key)}:{answer.position}"
            )
        )
    target = answer and (answer.link or answer.url)
    if target and _openable(target):
        buttons.append(InlineKeyboardButton("Source", url=target))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def without_context(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The same buttons minus Context, for a message already showing it."""
    if markup is None:
        return None
    rows = [
        [b for b in row if not (b.callback_data or "").startswith(f"{CONTEXT}:")]
        for row in markup.inline_keyboard
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def sources_keyboard(page: int, pages: int) -> InlineKeyboardMarkup | None:
    """Previous / Next buttons for the article list."""
    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton("« Previous", callback_data=f"{SOURCES}:{page - 1}"))
    if page + 1 < pages:
        buttons.append(InlineKeyboardButton("Next »", callback_data=f"{SOURCES}:{page + 1}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def examples_keyboard(examples: Iterable[str], selective: bool) -> ReplyKeyboardMarkup | None:
    """Example questions as reply-keyboard buttons: tapping one sends it as a message.

    `selective` shows the keyboard only to the person it answers (in groups), whose tap
    then arrives as a reply to the bot, which privacy mode lets through.
    """
    rows = [[KeyboardButton(example)] for example in examples]
    if not rows:
        return None
    return ReplyKeyboardMarkup(
        rows,
        resize_keyboard=True,
        one_time_keyboard=True,
        selective=selective,
        input_field_placeholder="Ask about the articles…",
    )


def _openable(url: str) -> bool:
    # Telegram rejects the whole message if a URL button is not http(s).
    return url.startswith(("https://", "http://"))


def article_ref(key: str) -> str:
    """A short, stable name for the article whose file is `key`, for callback data."""
    return hashlib.sha256(key.encode()).hexdigest()[:REF_LENGTH]


# Per engine, so a reload's new articles are found; dropped with the engine.
_NUMBERS_BY_REF: WeakKeyDictionary[Engine, dict[str, int]] = WeakKeyDictionary()


def article_by_ref(engine: Engine, ref: str) -> int | None:
    """The number of the article `article_ref` named, if `engine` has it."""
    numbers = _NUMBERS_BY_REF.get(engine)
    if numbers is None:
        numbers = {article_ref(key): n for key, n in engine.article_numbers.items()}
        _NUMBERS_BY_REF[engine] = numbers
    return numbers.get(ref)
