"""Rendering documents to Telegram HTML and plain text, and splitting long replies."""

from __future__ import annotations

import unicodedata

from bot_harness import html_problems, visible
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.markup import (
    MESSAGE_LIMIT,
    Block,
    Span,
    bold,
    html_messages,
    line,
    link,
    plain_text,
    quote,
    single_message,
    span_html,
    telegram_length,
    to_html,
    to_text,
)

styles = st.sampled_from(["plain", "bold", "italic", "code", "link"])
texts = st.text(alphabet=st.sampled_from("ab <>&\"'é😀\n"), max_size=300)
spans = st.builds(
    lambda text, style: Span(text, style, "https://e.com/?a=1&b=<2>" if style == "link" else None),
    texts,
    styles,
)
blocks = st.builds(lambda s, q: Block(tuple(s), q), st.lists(spans, max_size=6), st.booleans())


def test_every_piece_of_text_is_escaped():
    doc = (line(bold("<b>&"), " x < y ", link("a&b", 'https://e.com/?q="1"&r=2')),)
    assert to_html(doc) == (
        '<b>&lt;b&gt;&amp;</b> x &lt; y <a href="https://e.com/?q=&quot;1&quot;&amp;r=2">'
        "a&amp;b</a>"
    )


def test_plain_text_spells_out_links_and_marks_quotes():
    doc = (quote("Exact words."), line("— ", bold("Title"), " · ", link("open", "https://e.com")))
    assert to_text(doc) == "  > Exact words.\n— Title · open <https://e.com>"


def test_short_documents_stay_in_one_message():
    doc = (quote("One."), line("Two."))
    assert html_messages(doc) == ["<blockquote>One.</blockquote>\nTwo."]


def test_a_huge_quote_is_split_inside_the_block_with_tags_reopened():
    doc = (quote("Lorem & ipsum " * 1000),)
    messages = html_messages(doc, limit=500)
    assert len(messages) > 1
    for text in messages:
        assert len(text) <= 500
        assert text.startswith("<blockquote>")
        assert text.endswith("</blockquote>")
        assert html_problems(text) == []
    assert "".join(visible(m) for m in messages) == "Lorem & ipsum " * 1000


def test_a_word_longer_than_a_message_is_cut_without_breaking_entities():
    messages = html_messages((line("&" * 5000),), limit=100)
    assert all(len(m) <= 100 and not html_problems(m) for m in messages)
    assert "".join(visible(m) for m in messages) == "&" * 5000


def test_single_message_marks_what_it_cut():
    text = single_message((line("word " * 2000),), limit=300)
    assert len(text) <= 300
    assert text.endswith("…")


@settings(max_examples=100, deadline=None)
@given(st.lists(blocks, max_size=8), st.integers(min_value=60, max_value=400))
def test_split_messages_fit_are_valid_and_lose_nothing(doc, limit):
    messages = html_messages(tuple(doc), limit=limit)
    for text in messages:
        assert telegram_length(text) <= limit
        assert html_problems(text) == []
        assert text.strip("\n") == text
    # Splitting only moves line breaks and whitespace between messages.
    joined = "".join(visible(m) for m in messages)
    whole = visible(to_html(tuple(doc)))
    assert "".join(joined.split()) == "".join(whole.split())


# ---------------------------------------------------------------- hostile text, property-based

# Any Unicode but lone surrogates (which cannot travel as UTF-8 JSON to Telegram at all):
# control characters, RTL and LTR marks, zero-width joiners, combining marks, astral emoji.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
tricky = st.sampled_from(
    [
        "\u200f",  # right-to-left mark
        "\u202e",  # right-to-left override
        "\u200d",  # zero-width joiner
        "\u200b",  # zero-width space
        "\ufeff",  # byte order mark
        "\x00",
        "\x1b[31m",
        "\r\n",
        "\t",
        "👩\u200d👩\u200d👧",  # one family emoji: 8 UTF-16 code units
        "é",  # e + combining acute
        "𝕏",
        "<b>",
        "</b>",
        "<a href='javascript:x'>",
        "</a>",
        "<tg-spoiler>",
        "<blockquote expandable>",
        "&",
        "&amp;",
        "&lt;",
        "&#x1F600;",
        "&#0;",
        "&nbsp;",
        "<",
        ">",
        '"',
        "'",
        "  ",
        "\n\n",
    ]
)
hostile_text = st.one_of(any_text, st.lists(tricky, max_size=40).map("".join))
urls = st.one_of(
    st.just("https://example.com/a?b=1&c=<2>#:~:text=x,y"),
    any_text.map(lambda t: "https://e.com/" + t),
)
hostile_spans = st.builds(
    lambda text, style, url: Span(text, style, url if style == "link" else None),
    hostile_text,
    styles,
    urls,
)
hostile_docs = st.lists(
    st.builds(lambda s, q: Block(tuple(s), q), st.lists(hostile_spans, max_size=5), st.booleans()),
    max_size=6,
).map(tuple)


def _seen(text: str) -> str:
    """The characters a reader sees: no whitespace, control or format characters."""
    return "".join(
        c for c in text if not c.isspace() and unicodedata.category(c) not in {"Cc", "Cf"}
    )


def _assert_sendable(text: str, limit: int) -> None:
    """What Telegram accepts: valid HTML, at most `limit` UTF-16 code units after parsing."""
    assert html_problems(text) == [], text
    assert telegram_length(visible(text)) <= limit
    assert telegram_length(text) <= limit  # the source too, which is what the splitter counts


@settings(max_examples=150, deadline=None)
@given(hostile_docs, st.integers(min_value=60, max_value=500))
def test_hostile_text_never_raises_never_breaks_html_never_exceeds_the_limit(doc, limit):
    messages = html_messages(doc, limit=limit)
    for text in messages:
        _assert_sendable(text, limit)
        assert _seen(visible(text)), "an empty message, which Telegram refuses"
    # Nothing a reader would see is lost or garbled.
    assert _seen("".join(visible(m) for m in messages)) == _seen(visible(to_html(doc)))
    _assert_sendable(single_message(doc, limit=limit), limit)


@settings(max_examples=8, deadline=None)
@given(st.lists(tricky, max_size=12).map(lambda parts: "".join(parts) + "w"), styles)
def test_a_100_kb_string_splits_into_telegram_sized_valid_messages(unit, style):
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    doc = (Block((Span(text, style, "https://e.com/" if style == "link" else None),), True),)
    messages = html_messages(doc)
    assert len(messages) >= 100_000 // MESSAGE_LIMIT
    for message in messages:
        _assert_sendable(message, MESSAGE_LIMIT)
    assert "".join(visible(m) for m in messages).replace("\n", "") == text.replace("\n", "")


@settings(max_examples=100, deadline=None)
@given(hostile_text)
def test_plain_text_fallback_shows_exactly_the_text(text):
    assert plain_text(span_html(Span(text))) == text
    assert plain_text(span_html(Span(text, "link", "https://e.com/?a=<b>"))) == text
