"""Rendering documents to Telegram HTML and plain text, and splitting long replies."""

from __future__ import annotations

from bot_harness import html_problems, visible
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.markup import (
    Block,
    Span,
    bold,
    html_messages,
    line,
    link,
    quote,
    single_message,
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
