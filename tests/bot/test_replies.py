"""Replies built from answers: the short answer leads, in bold, and is marked in the quote."""

from __future__ import annotations

from bot_harness import html_problems

from bot import replies
from bot.markup import single_message, to_html, to_text
from retrieval import Answer, Result, Span

SENTENCE = "The party won “312 seats” in Zoë Łukasiewicz’s region on Sunday."


def answer(short: Span | None, text: str = SENTENCE) -> Answer:
    return Answer(
        text=text,
        score=1.0,
        article=0,
        position=0,
        title="Election <results> & more",
        url="https://example.com/a",
        link="https://example.com/a#:~:text=The%20party",
        short=short,
    )


def span_of(part: str, text: str = SENTENCE) -> Span:
    start = text.index(part)
    return Span(part, start, start + len(part))


def test_the_short_answer_leads_in_bold_and_is_marked_inside_the_quote() -> None:
    html = to_html(replies.answers_doc([answer(span_of("312"))]))
    assert html.startswith("<b>312</b>\n<blockquote>")
    assert "<blockquote>The party won “<b>312</b> seats” in Zoë Łukasiewicz’s region" in html
    assert html_problems(html) == []


def test_a_span_at_the_start_or_the_end_of_the_sentence_keeps_the_quote_exact() -> None:
    for part in ("The party", "on Sunday."):
        html = to_html(replies.answers_doc([answer(span_of(part))]))
        quoted = html.split("<blockquote>")[1].split("</blockquote>")[0]
        assert quoted.replace("<b>", "").replace("</b>", "") == SENTENCE
        assert f"<b>{part}</b>" in quoted


def test_without_a_span_the_reply_is_the_quote_as_before() -> None:
    html = to_html(replies.answers_doc([answer(None)]))
    assert html.startswith(f"<blockquote>{SENTENCE}</blockquote>")
    assert to_html(replies.answers_doc([answer(span_of("312"))], short=False)) == html


def test_a_declined_question_shows_its_closest_sentence_without_a_short_answer() -> None:
    declined = Result("Who won?", False, (answer(span_of("312")),))
    html = to_html(replies.declined_doc(declined))
    assert "<b>312</b>" not in html
    assert SENTENCE in html


def test_the_terminal_marks_the_span_inside_the_quote_with_asterisks() -> None:
    text = to_text(replies.answers_doc([answer(span_of("Zoë Łukasiewicz"))], compact=True))
    lines = text.splitlines()
    assert lines[0] == "Zoë Łukasiewicz"
    assert lines[1] == "  > The party won “312 seats” in *Zoë Łukasiewicz*’s region on Sunday."


def test_a_reply_with_a_span_stays_within_one_telegram_message() -> None:
    long_text = "Word " * 900 + "ends with 312 seats."
    doc = replies.answers_doc([answer(span_of("312", long_text), long_text)])
    message = single_message(doc)
    assert len(message) <= 4096
    assert html_problems(message) == []
    assert message.startswith("<b>312</b>")
