"""What the bot says, as neutral documents shared by the Telegram handlers and the terminal chat."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.markup import BLANK, ELLIPSIS, Block, Doc, Span, bold, code, italic, line, link, quote
from bot.questions import MAX_QUESTION_LENGTH, Problem
from retrieval import SPARE_ANSWERS, Answer, Article, Engine, ReloadReport, Result, distinct_answers

SOURCES_PER_PAGE = 10
# A terminal line: a quote's source line is cut to fit it.
SHORT_LINE = 80


@dataclass(frozen=True, slots=True)
class QuestionReply:
    """The reply to a question: what to show, and what the buttons under it need."""

    doc: Doc
    answered: bool
    shown: tuple[Answer, ...]
    next_offset: int | None


def reply_to_question(
    engine: Engine, question: str, count: int, offset: int = 0, *, compact: bool = False
) -> QuestionReply:
    """Answer a question with up to `count` distinct sentences, starting `offset` answers in.

    `compact` replies (the terminal's) cite each quote in one short line and give each
    article's link once, at the end.
    """
    wanted = offset + count
    # Every page asks within the engine's one reranked pool: a larger top_k reranks a
    # larger pool, whose order could differ, and "More" would repeat or skip quotes.
    most = engine.settings.pool
    result = engine.ask(question, top_k=min(most, wanted * SPARE_ANSWERS + 1))
    if not result.answered:
        return QuestionReply(declined_doc(result, compact), False, result.answers[:1], None)
    answers = distinct_answers(result)
    shown = tuple(answers[offset:wanted])
    if not shown:
        return QuestionReply(NO_MORE, True, (), None)
    more = wanted if len(answers) > wanted and wanted < most else None
    return QuestionReply(answers_doc(shown, compact), True, shown, more)


def answers_doc(answers: Sequence[Answer], compact: bool = False, *, short: bool = True) -> Doc:
    """Quotes with their citations, the best first; each led by its short answer in bold,
    marked inside the quote, unless `short` is off or the engine found none."""
    links = _article_links(answers) if compact else {}
    blocks: list[Block] = []
    for answer in answers:
        if blocks:
            blocks.append(BLANK)
        cited = short_citation(answer, links.get(answer.url)) if compact else citation(answer)
        blocks += [*_quoted(answer, short), cited]
    if links:
        blocks += [BLANK, *(line(f"[{number}] {url}") for url, number in links.items())]
    return tuple(blocks)


def _quoted(answer: Answer, short: bool) -> list[Block]:
    """The answer's sentence quoted exactly, after its short answer when there is one."""
    span = answer.short if short else None
    if span is None:
        return [quote(answer.text)]
    text = answer.text
    parts = (Span(text[: span.start]), bold(span.text), Span(text[span.end :]))
    return [line(bold(span.text)), Block(tuple(p for p in parts if p.text), quote=True)]


def declined_doc(result: Result, compact: bool = False) -> Doc:
    """An honest "not found", offering the closest sentence (no short answer: it is not one)."""
    blocks = [line("I couldn't find that in the articles.")]
    if result.answers:
        closest = answers_doc(result.answers[:1], compact, short=False)
        blocks += [line("The closest sentence I have:"), *closest]
    blocks += [BLANK, line("/sources lists what I know about.")]
    return tuple(blocks)


def citation(answer: Answer) -> Block:
    """Title, outlet, date and a link landing on the quoted sentence."""
    parts: list[Span | str] = ["— ", bold(answer.title)]
    parts += [f" · {detail}" for detail in (answer.outlet, _date(answer.published)) if detail]
    target = answer.link or answer.url
    if target:
        parts += [" · ", link("open at this sentence" if answer.link else "open article", target)]
    return line(*parts)


def short_citation(answer: Answer, link_number: int | None) -> Block:
    """One line of at most SHORT_LINE characters: title cut to fit, outlet, date, link number."""
    details = "".join(f" · {d}" for d in (answer.outlet, _date(answer.published)) if d)
    number = f" [{link_number}]" if link_number else ""
    # A title keeps a few words however long the outlet's name.
    room = max(SHORT_LINE - len("— ") - len(details) - len(number), 24)
    return line("— ", bold(_cut(answer.title, room)), details, number)


def _cut(text: str, room: int) -> str:
    """text, or as many of its words as fit in `room` characters with an ellipsis."""
    if len(text) <= room:
        return text
    kept = text[: max(room - len(ELLIPSIS), 0) + 1].rsplit(maxsplit=1)[0]
    return kept.rstrip(" ,;:–—-") + ELLIPSIS


def _article_links(answers: Iterable[Answer]) -> dict[str, int]:
    """Each quoted article's address, numbered in the order the quotes cite them."""
    links: dict[str, int] = {}
    for answer in answers:
        if answer.url and answer.url not in links:
            links[answer.url] = len(links) + 1
    return links


def context_doc(engine: Engine, article: int, position: int) -> Doc:
    """The sentences around a quote, the quote itself in bold."""
    sentences = engine.context(article, position)
    spans: list[Span] = []
    for sentence in sentences:
        if spans:
            spans.append(Span(" "))
        spans.append(bold(sentence.text) if sentence.position == position else Span(sentence.text))
    found = engine.articles[article]
    blocks = [line("Around the quote in ", bold(found.title), ":"), Block(tuple(spans), quote=True)]
    if found.url:
        blocks.append(line(link("Open the article", found.url)))
    return tuple(blocks)


def source_doc(engine: Engine, article: int) -> Doc:
    """One article introduced: title, outlet, date, link, and how to ask about it."""
    found = engine.articles[article]
    details = " · ".join(d for d in (found.outlet, _date(found.published)) if d)
    blocks = [line(bold(found.title))]
    if details:
        blocks.append(line(details))
    if found.url:
        blocks.append(line(link("Read the article", found.url)))
    blocks += [BLANK, line("Ask me anything about it, or see /sources for the rest.")]
    return tuple(blocks)


def sources_doc(engine: Engine, page: int, share: dict[int, str] | None = None) -> Doc:
    """One page of the article list; `share` maps article numbers to deep links."""
    count = len(engine.articles)
    if not count:
        return (line("I have no articles loaded yet."),)
    first = page * SOURCES_PER_PAGE
    blocks = [line(f"I know {_plural(count, 'article')}:")]
    for index in range(first, min(first + SOURCES_PER_PAGE, count)):
        found = engine.articles[index]
        facts = (
            found.outlet,
            _date(found.published),
            _plural(engine.sentences_in(index), "sentence"),
        )
        details: list[Span | str] = [f" · {d}" for d in facts if d]
        if found.url:
            details += [" · ", link("read", found.url)]
        if share and index in share:
            details += [" · ", link("share", share[index])]
        blocks += [BLANK, line(f"{index + 1}. ", bold(found.title), *details)]
    if sources_pages(engine) > 1:
        blocks += [BLANK, line(italic(f"Page {page + 1} of {sources_pages(engine)}"))]
    return tuple(blocks)


def sources_pages(engine: Engine) -> int:
    """How many pages /sources has."""
    return max(1, -(-len(engine.articles) // SOURCES_PER_PAGE))


def start_doc(engine: Engine, examples: Iterable[str], name: str | None = None) -> Doc:
    """The greeting, with example questions to try."""
    hello = f"Hi, {name}!" if name else "Hi!"
    blocks = [
        line(
            f"{hello} I answer questions about {_plural(len(engine.articles), 'news article')} "
            "with exact quotes from them."
        ),
    ]
    examples = list(examples)
    if examples:
        blocks += [BLANK, line("Try one of these, or ask your own:")]
        blocks += [line("• ", italic(example)) for example in examples]
    blocks += [BLANK, line("/help explains how to ask; /sources lists the articles.")]
    return tuple(blocks)


def help_doc(
    engine: Engine,
    examples: Iterable[str],
    bot_username: str | None = None,
    *,
    terminal: bool = False,
) -> Doc:
    """What the bot knows and how to ask it; the terminal has no buttons, groups or inline mode."""
    summary = engine.summary
    outlets, first, last = summary.outlets, summary.first_published, summary.last_published
    knows = f"I know {_plural(len(engine.articles), 'news article')}"
    if outlets:
        shown = ", ".join(outlets[:5]) + (" and others" if len(outlets) > 5 else "")
        knows += f" from {shown}"
    if first and last:
        knows += f", published {_date(first)}" + (f" to {_date(last)}" if last != first else "")
    blocks = [
        line(knows + "."),
        BLANK,
        line(bold("How to ask")),
        line("Write a question in plain words, the way you would search. For example:"),
        *[line("• ", italic(example)) for example in examples],
        BLANK,
    ]
    if terminal:
        return (
            *blocks,
            line(
                "I reply with the sentences that match best, quoted exactly, each with its "
                "article, and the articles' links."
            ),
            BLANK,
            line(bold("Commands")),
            line(code("/ask your question"), " asks, as plain text does"),
            line(code("/sources"), " lists the articles (", code("/sources 2"), " the next page)"),
            line(code("/about"), " explains how answers are found"),
            line(code("/quit"), " (or Ctrl-D) ends the chat"),
        )
    blocks += [
        line(
            "I reply with the sentence that matches best, quoted exactly, its article and a "
            "link that opens the article at that sentence. Under it: ",
            bold("More"),
            " for further sentences, ",
            bold("Context"),
            " for the sentences around the quote, ",
            bold("Source"),
            " to open the article.",
        ),
        BLANK,
        line(bold("In groups")),
        line("Use ", code("/ask your question"), ", mention me, or reply to one of my messages."),
    ]
    if bot_username:
        blocks += [
            BLANK,
            line(bold("In any chat")),
            line("Type ", code(f"@{bot_username} your question"), " and pick an answer to share."),
        ]
    blocks += [
        BLANK,
        line("/sources lists the articles · /about explains how answers are found"),
    ]
    return tuple(blocks)


def about_doc(engine: Engine) -> Doc:
    """How answers are found."""
    return (
        line(bold("How answers are found")),
        line(
            f"The {_plural(len(engine.articles), 'article')} are split into "
            f"{_plural(len(engine.sentences), 'sentence')}. Your question is matched against "
            "every sentence with BM25, a classic search-ranking formula: words you use that are "
            "rare in the articles count most, and short sentences are not drowned out by long ones."
        ),
        BLANK,
        line(
            "Quotes are exact: I copy the best sentences word for word and never rewrite or "
            "invent text. When nothing matches well enough I say so and show the closest "
            "sentence instead of guessing."
        ),
        BLANK,
        line(
            "Links use text fragments (",
            code("#:~:text="),
            "), so most browsers scroll straight to the quoted sentence.",
        ),
        BLANK,
        line("Privacy: I don't store the text of your messages."),
    )


def problem_doc(problem: Problem) -> Doc:
    """A friendly note on text that cannot be asked."""
    return (_PROBLEMS[problem],)


_PROBLEMS = {
    Problem.EMPTY: line("Ask me something about the articles — a few words are enough."),
    Problem.TOO_LONG: line(
        "That's longer than a question. Please ask in a sentence or two "
        f"(under {MAX_QUESTION_LENGTH} characters)."
    ),
    Problem.NO_WORDS: line("I can only search for words. Try asking in a sentence."),
}


def slow_down_doc(limit: int, window: float) -> Doc:
    """A friendly note to someone asking faster than the per-user limit allows."""
    return (
        line(
            f"You're asking faster than I can keep up with ({_plural(limit, 'question')} every "
            f"{window:g} seconds). Please wait a little, then ask again."
        ),
    )


NO_MORE = (line("That's all I found for this question."),)
NOT_TEXT = (line("I can only read text. Send me a question in words."),)
EDITED = (line("I only answer new messages. Send the question again for a fresh answer."),)
UNKNOWN_COMMAND = (line("I don't know that command. /help lists what I can do."),)
NOT_ALLOWED = (line("Sorry, this bot is private and only answers in certain chats."),)
QUESTION_GONE = (
    line(
        "I can't see the original question any more (I don't keep messages). Please ask it again."
    ),
)
UNKNOWN_SOURCE = (line("I don't know that article. /sources lists the ones I have."),)
FAILED = (line("Sorry, something went wrong on my side. Please try again."),)
ADMINS_ONLY = (line("Sorry, that command is for the bot's admins."),)
ADD_USAGE = (line("Send ", code("/add https://…"), " with the link of a news article."),)


def added_doc(article: Article, sentences: int) -> Doc:
    """An article added by /add: what it is and that it can be asked about now."""
    details = " · ".join(d for d in (article.outlet, _date(article.published)) if d)
    blocks = [line("Added ", bold(article.title), f" ({_plural(sentences, 'sentence')}).")]
    if details:
        blocks.append(line(details))
    blocks += [BLANK, line("You can ask about it now.")]
    return tuple(blocks)


def not_added_doc(reason: str) -> Doc:
    """Why /add wrote nothing."""
    return (line("Not added: ", reason, "."),)


def reloaded_doc(report: ReloadReport) -> Doc:
    """What /reload found, and any files it had to skip."""
    blocks = [line(f"Reloaded: {report.summary()}.")]
    blocks += [line("Skipped ", code(e.path.name), f": {e.reason}") for e in report.errors]
    return tuple(blocks)


def not_reloaded_doc(reason: str) -> Doc:
    """Why /reload kept the articles it had."""
    return (line("Not reloaded: ", reason, "."),)


def _date(day: date | None) -> str | None:
    return f"{day.day} {day:%b %Y}" if day else None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
