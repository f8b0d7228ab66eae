"""A tiny neutral document model, rendered to Telegram HTML or to plain terminal text.

Replies are built once as blocks of styled spans; the renderers escape every piece of
text at the last moment, so article text can never break the markup, and long replies
are split between spans or words, never inside a tag or an entity.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from telegram.constants import MessageLimit

Style = Literal["plain", "bold", "italic", "code", "link"]
MESSAGE_LIMIT: int = MessageLimit.MAX_TEXT_LENGTH
ELLIPSIS = "…"
_TAGS: dict[Style, str] = {"bold": "b", "italic": "i", "code": "code"}
_WORDS = re.compile(r"\S+\s*|\s+")
_TAG = re.compile(r"<[^>]*>")
# Control and format characters (zero-width spaces, direction marks): nothing to see alone.
_INVISIBLE = frozenset({"Cc", "Cf"})


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style; links carry their URL."""

    text: str
    style: Style = "plain"
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One line of a reply, optionally shown as a quotation."""

    spans: tuple[Span, ...] = ()
    quote: bool = False


Doc = tuple[Block, ...]


def line(*parts: Span | str) -> Block:
    """A block of spans; bare strings are plain text."""
    return Block(tuple(Span(part) if isinstance(part, str) else part for part in parts))


def quote(text: str) -> Block:
    """A block quoting text exactly."""
    return Block((Span(text),), quote=True)


def bold(text: str) -> Span:
    """Bold text."""
    return Span(text, "bold")


def italic(text: str) -> Span:
    """Italic text."""
    return Span(text, "italic")


def code(text: str) -> Span:
    """Monospace text, for commands and examples."""
    return Span(text, "code")


def link(text: str, url: str) -> Span:
    """Text that opens url."""
    return Span(text, "link", url)


BLANK = Block()


def span_html(span: Span) -> str:
    """One span as Telegram HTML."""
    text = html.escape(span.text, quote=False)
    if span.style == "link" and span.url:
        return f'<a href="{html.escape(span.url)}">{text}</a>'
    tag = _TAGS.get(span.style)
    return f"<{tag}>{text}</{tag}>" if tag else text


def block_html(block: Block) -> str:
    """One block as Telegram HTML."""
    inner = "".join(span_html(span) for span in block.spans)
    return f"<blockquote>{inner}</blockquote>" if block.quote else inner


def to_html(doc: Doc) -> str:
    """The whole document as one HTML string, however long."""
    return "\n".join(block_html(block) for block in doc).strip("\n")


def to_text(doc: Doc) -> str:
    """The document as plain text for a terminal: quotes indented, links spelled out, and
    bold inside a quote (the short answer) between asterisks."""
    lines = []
    for block in doc:
        text = "".join(_span_text(span, block.quote) for span in block.spans)
        lines.append("\n".join(f"  > {part}" for part in text.split("\n")) if block.quote else text)
    return "\n".join(lines).strip("\n")


def plain_text(html_text: str) -> str:
    """What Telegram would show for html_text, as plain text: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", html_text))


def _span_text(span: Span, quoted: bool = False) -> str:
    if span.style == "link" and span.url:
        return f"{span.text} <{span.url}>"
    return f"*{span.text}*" if quoted and span.style == "bold" else span.text


def telegram_length(text: str) -> int:
    """Length as Telegram counts it, in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def html_messages(doc: Doc, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The document as HTML messages of at most `limit` characters each, split between lines.

    A message with nothing to see (blank lines, empty quotes, zero-width characters only)
    is left out: Telegram refuses it as empty.
    """
    messages: list[str] = []
    current, shows = "", False
    for part in (part for block in doc for part in _fit_block(block, limit)):
        piece = block_html(part)
        candidate = f"{current}\n{piece}" if current else piece
        if telegram_length(candidate.strip("\n")) <= limit:
            current, shows = candidate, shows or _shows(part)
            continue
        if shows:
            messages.append(current.strip("\n"))
        current, shows = piece, _shows(part)
    if shows:
        messages.append(current.strip("\n"))
    return messages


def single_message(doc: Doc, limit: int = MESSAGE_LIMIT) -> str:
    """The document as one HTML message, cut short with an ellipsis if it would not fit."""
    messages = html_messages(doc, limit - len(ELLIPSIS))
    if not messages:
        return ""
    return messages[0] + (ELLIPSIS if len(messages) > 1 else "")


def _shows(block: Block) -> bool:
    """Whether a block has a character a reader would see."""
    return any(
        not char.isspace() and unicodedata.category(char) not in _INVISIBLE
        for span in block.spans
        for char in span.text
    )


def _fit_block(block: Block, limit: int) -> Iterator[Block]:
    if telegram_length(block_html(block)) <= limit:
        yield block
        return
    budget = limit - telegram_length(block_html(Block((), block.quote)))
    parts: list[list[Span]] = [[]]
    used = 0
    for span in block.spans:
        for piece in _fit_span(span, budget):
            size = telegram_length(span_html(piece))
            if used + size > budget and parts[-1]:
                parts.append([])
                used = 0
            parts[-1].append(piece)
            used += size
    for spans in parts:
        yield Block(tuple(spans), block.quote)


def _fit_span(span: Span, budget: int) -> Iterator[Span]:
    if telegram_length(span_html(span)) <= budget:
        yield span
        return
    room = budget - telegram_length(span_html(Span("", span.style, span.url)))
    if room < budget // 2:
        # A link whose URL eats most of the budget reads better as plain text.
        span, room = Span(span.text), budget
    for chunk in _chunks(span.text, room):
        yield Span(chunk, span.style, span.url)


def _chunks(text: str, room: int) -> Iterator[str]:
    """Pieces of text whose escaped form fits room, cut between words where possible."""
    return _pack(_words(text, room), room)


def _words(text: str, room: int) -> Iterator[str]:
    for word in _WORDS.findall(text):
        if _escaped_length(word) <= room:
            yield word
        else:
            # A "word" longer than a message (a URL, a run of symbols): cut by character.
            yield from _pack(word, room)


def _pack(items: Iterable[str], room: int) -> Iterator[str]:
    # Escaping works character by character, so escaped lengths simply add up.
    current, used = "", 0
    for item in items:
        size = _escaped_length(item)
        if current and used + size > room:
            yield current
            current, used = "", 0
        current += item
        used += size
    if current:
        yield current


def _escaped_length(text: str) -> int:
    return telegram_length(html.escape(text, quote=False))
