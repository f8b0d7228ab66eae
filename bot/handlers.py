"""Telegram update handlers, all registered in one place by `register_handlers`."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import wraps
from time import perf_counter

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import (
    ChatAction,
    ChatType,
    InlineQueryLimit,
    InlineQueryResultLimit,
    ParseMode,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import replies
from bot.corpus_updates import add_from_link, reload_corpus
from bot.deep_links import (
    QuestionLink,
    SourceLink,
    deep_link,
    parse_payload,
    question_payload,
    source_payload,
)
from bot.delivery import reply_html
from bot.flood import UserRateLimit, Verdict
from bot.keyboards import (
    CONTEXT_PATTERN,
    MORE_PATTERN,
    SOURCES_PATTERN,
    answer_keyboard,
    article_by_ref,
    examples_keyboard,
    sources_keyboard,
    without_context,
)
from bot.markup import Doc, html_messages, single_message, to_text
from bot.questions import problem_with, question_from_text
from bot.settings import Settings
from retrieval import (
    DuplicateArticleError,
    Engine,
    ExtractionError,
    FetchError,
    Library,
    LibraryError,
)

logger = logging.getLogger(__name__)

DEPS = "deps"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
INLINE_RESULTS = 10
MAX_REMEMBERED_REFUSALS = 100_000
COMMANDS = (
    BotCommand("start", "Welcome and example questions"),
    BotCommand("ask", "Ask a question (in groups: /ask your question)"),
    BotCommand("sources", "The articles I know"),
    BotCommand("help", "How to ask"),
    BotCommand("about", "How answers are found"),
)
ADMIN_COMMANDS = (
    BotCommand("add", "Add the article at a link (admins)"),
    BotCommand("reload", "Reload the articles folder (admins)"),
)
Context = ContextTypes.DEFAULT_TYPE
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup
Callback = Callable[[Update, Context], Awaitable[None]]


@dataclass
class Deps:
    """What the handlers share: the corpus, the settings, and no message text."""

    library: Library
    settings: Settings
    flood: UserRateLimit
    # Chat ids already told they are not allowed, so each hears it only once.
    refused: set[int] = field(default_factory=set)

    @property
    def engine(self) -> Engine:
        """The engine answering now; a handler reads it once, so a reload cannot split a reply."""
        return self.library.engine


def register_handlers(application: Application, library: Library, settings: Settings) -> None:
    """Register every handler of the bot on an Application built elsewhere.

    Handlers that reply are wrapped in `limited`, so each user's questions count against
    USER_RATE_LIMIT only when the bot would really answer them.  Inline queries do not
    count: Telegram sends one at each pause in typing, and answering them posts nothing.
    """
    flood = UserRateLimit(settings.user_rate_limit, settings.user_rate_window)
    application.bot_data[DEPS] = Deps(library, settings, flood)
    new = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    application.add_handler(TypeHandler(Update, only_readable_updates), group=-2)
    application.add_handler(TypeHandler(Update, only_allowed_chats), group=-1)
    application.add_handlers(
        [
            CommandHandler("start", limited(start), filters=new),
            CommandHandler("help", limited(help_command), filters=new),
            CommandHandler("sources", limited(sources), filters=new),
            CommandHandler("about", limited(about), filters=new),
            CommandHandler("ask", limited(ask), filters=new),
            CommandHandler("add", limited(admins_only(add)), filters=new),
            CommandHandler("reload", limited(admins_only(reload)), filters=new),
            MessageHandler(new & private & filters.COMMAND, limited(unknown_command)),
            MessageHandler(new & private & filters.TEXT, limited(ask)),
            MessageHandler(
                new & groups & filters.TEXT & ~filters.COMMAND & ADDRESSED, limited(ask)
            ),
            MessageHandler(
                new & private & ~filters.TEXT & ~filters.StatusUpdate.ALL, limited(not_text)
            ),
            MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, limited(edited)),
            CallbackQueryHandler(limited(more_button), pattern=MORE_PATTERN),
            CallbackQueryHandler(limited(context_button), pattern=CONTEXT_PATTERN),
            CallbackQueryHandler(limited(sources_button), pattern=SOURCES_PATTERN),
            CallbackQueryHandler(stale_button),
            InlineQueryHandler(inline_query),
        ]
    )
    application.add_error_handler(on_error)


class _AddressedToBot(filters.MessageFilter):
    """Group messages meant for the bot: replies to it, or mentioning it."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".lower() if bot.username else None
        entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
        return any(
            (entity.user is not None and entity.user.id == bot.id) or text.lower() == mention
            for entity, text in entities.items()
        )


ADDRESSED = _AddressedToBot(name="ADDRESSED")


def limited(callback: Callback) -> Callback:
    """Wrap a handler so a user over USER_RATE_LIMIT gets one "slow down", then silence."""

    @wraps(callback)
    async def within_limit(update: Update, context: Context) -> None:
        deps = _deps(context)
        user = update.effective_user
        verdict = deps.flood.check(user.id) if user else Verdict.ANSWER
        if verdict is Verdict.ANSWER:
            await callback(update, context)
            return
        note = replies.slow_down_doc(deps.flood.limit, deps.flood.window)
        warn = verdict is Verdict.WARN
        if warn:
            logger.info("A user went over USER_RATE_LIMIT: told to slow down")
        if update.callback_query:
            # Even in silence a button must be answered, or it keeps spinning.
            await update.callback_query.answer(to_text(note) if warn else None)
        elif update.effective_message and warn:
            await _send(update.effective_message, note)

    return within_limit


def admins_only(callback: Callback) -> Callback:
    """Wrap a command so users missing from ADMIN_USER_IDS are told it is for admins."""

    @wraps(callback)
    async def for_admins(update: Update, context: Context) -> None:
        user = update.effective_user
        if user is not None and user.id in _deps(context).settings.admin_user_ids:
            await callback(update, context)
        else:
            await _send(_message(update), replies.ADMINS_ONLY)

    return for_admins


async def only_readable_updates(update: Update, context: Context) -> None:
    """Drop updates Telegram never sends (a message without a chat, text that is not text)."""
    message = update.effective_message
    if message is None:
        return
    text_ok = all(isinstance(v, str | None) for v in (message.text, message.caption))
    if message.chat is not None and text_ok:
        return
    logger.warning("Dropped malformed update %d", update.update_id)
    raise ApplicationHandlerStop


async def set_commands(application: Application) -> None:
    """Publish the command menu, with /add and /reload in admins' private chats.

    A failure is logged, as the bot works without it (an admin who never opened a
    chat with the bot is "chat not found" until they do).
    """
    menus = [(COMMANDS, None)]
    deps = application.bot_data.get(DEPS)
    admins = sorted(deps.settings.admin_user_ids) if deps else []
    menus += [(COMMANDS + ADMIN_COMMANDS, BotCommandScopeChat(admin)) for admin in admins]
    for commands, scope in menus:
        try:
            await application.bot.set_my_commands(commands, scope=scope)
        except TelegramError as error:
            logger.warning("Could not set the command menu: %s", error)


async def only_allowed_chats(update: Update, context: Context) -> None:
    """Turn away chats missing from ALLOWED_CHAT_IDS, politely and only once each."""
    deps = _deps(context)
    if not deps.settings.allowed_chat_ids:
        return
    chat = update.effective_chat or update.effective_user
    if chat is not None and chat.id in deps.settings.allowed_chat_ids:
        return
    first_time = chat is not None and chat.id not in deps.refused
    if chat is not None:
        # Bounded: a flood of strangers must not grow memory without end; forgetting
        # costs one of them a second refusal.
        if len(deps.refused) >= MAX_REMEMBERED_REFUSALS:
            deps.refused.clear()
        deps.refused.add(chat.id)
    if update.callback_query:
        await update.callback_query.answer(to_text(replies.NOT_ALLOWED) if first_time else None)
    elif update.inline_query:
        await update.inline_query.answer([], is_personal=True)
    elif update.message and first_time:
        await _send(update.message, replies.NOT_ALLOWED)
    raise ApplicationHandlerStop


async def start(update: Update, context: Context) -> None:
    """Greet with example questions, or follow a deep link to a question or a source."""
    message = _message(update)
    link = parse_payload(" ".join(context.args or []))
    if isinstance(link, QuestionLink):
        await _answer(message, context, link.question)
        return
    if isinstance(link, SourceLink):
        await _show_source(message, context, link.key)
        return
    engine = _deps(context).engine
    examples = engine.examples
    name = message.from_user.first_name if message.from_user else None
    private = message.chat.type == ChatType.PRIVATE
    await _send(
        message,
        replies.start_doc(engine, examples, name),
        examples_keyboard(examples, selective=not private),
    )


async def help_command(update: Update, context: Context) -> None:
    """Explain what the bot knows and how to ask it."""
    engine = _deps(context).engine
    doc = replies.help_doc(engine, engine.examples, context.bot.username)
    await _send(_message(update), doc)


async def about(update: Update, context: Context) -> None:
    """Explain how answers are found."""
    await _send(_message(update), replies.about_doc(_deps(context).engine))


async def sources(update: Update, context: Context) -> None:
    """List the articles, a page at a time, with links to read and share them."""
    engine = _deps(context).engine
    doc = replies.sources_doc(engine, 0, _share_links(engine, 0, context.bot.username))
    await _send(_message(update), doc, sources_keyboard(0, replies.sources_pages(engine)))


async def ask(update: Update, context: Context) -> None:
    """Answer a question: `/ask <question>` in any chat, or plain text in a private one."""
    message = _message(update)
    await _answer(message, context, question_from_text(message.text, context.bot.username) or "")


async def add(update: Update, context: Context) -> None:
    """Add the article at a link to the corpus (admins only)."""
    message = _message(update)
    url = " ".join(context.args or []).strip()
    if not url:
        await _send(message, replies.ADD_USAGE)
        return
    # Downloading and indexing take seconds: show that something is happening.
    with contextlib.suppress(TelegramError):
        await message.reply_chat_action(ChatAction.TYPING)
    deps = _deps(context)
    try:
        added = await add_from_link(deps.library, url)
    except (FetchError, ExtractionError, DuplicateArticleError, LibraryError) as error:
        await _send(message, replies.not_added_doc(str(error)))
        return
    await _send(message, replies.added_doc(added.article, added.sentences))


async def reload(update: Update, context: Context) -> None:
    """Reload the articles from CORPUS_DIR without a restart (admins only)."""
    message = _message(update)
    deps = _deps(context)
    try:
        report = await reload_corpus(deps.library)
    except LibraryError as error:
        await _send(message, replies.not_reloaded_doc(str(error)))
        return
    await _send(message, replies.reloaded_doc(report))


async def unknown_command(update: Update, context: Context) -> None:
    """Point to /help for commands the bot does not have."""
    await _send(_message(update), replies.UNKNOWN_COMMAND)


async def not_text(update: Update, context: Context) -> None:
    """Reply to stickers, photos, voice notes and the like that only text can be searched."""
    await _send(_message(update), replies.NOT_TEXT)


async def edited(update: Update, context: Context) -> None:
    """Explain that edits are not re-answered."""
    await _send(_message(update), replies.EDITED)


async def more_button(update: Update, context: Context) -> None:
    """Send the next answers, re-reading the question from the message the answer replied to."""
    query = update.callback_query
    deps = _deps(context)
    offset = int(context.match.group(1)) if context.match else 0
    asked = query.message.reply_to_message if isinstance(query.message, Message) else None
    question = question_from_text(asked.text if asked else None, context.bot.username)
    if asked is None or not question or problem_with(question):
        await query.answer(to_text(replies.QUESTION_GONE), show_alert=True)
        return
    reply = replies.reply_to_question(
        deps.engine, question, deps.settings.answers_per_reply, offset
    )
    if not reply.shown or not reply.answered:
        await query.answer(to_text(replies.NO_MORE))
        return
    await query.answer()
    keyboard = answer_keyboard(reply.shown[0], reply.next_offset)
    await _send(asked, reply.doc, keyboard, quote=True)


async def context_button(update: Update, context: Context) -> None:
    """Show the sentences around the quote by editing the answer."""
    query = update.callback_query
    engine = _deps(context).engine
    ref, position = context.match.groups() if context.match else ("", "0")
    article = article_by_ref(engine, ref)
    if article is None or not engine.context(article, int(position)):
        await query.answer("That quote is no longer available.")
        return
    doc = replies.context_doc(engine, article, int(position))
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    await query.answer()
    await _edit(query, doc, without_context(markup))


async def sources_button(update: Update, context: Context) -> None:
    """Turn the pages of the article list."""
    query = update.callback_query
    engine = _deps(context).engine
    pages = replies.sources_pages(engine)
    page = min(int(context.match.group(1)) if context.match else 0, pages - 1)
    doc = replies.sources_doc(engine, page, _share_links(engine, page, context.bot.username))
    await query.answer()
    await _edit(query, doc, sources_keyboard(page, pages))


async def stale_button(update: Update, context: Context) -> None:
    """Answer buttons whose data this version does not know, so they stop spinning."""
    await update.callback_query.answer("This button has expired. Please ask again.")


async def inline_query(update: Update, context: Context) -> None:
    """Offer the top answers as results that post the quote with its source."""
    query = update.inline_query
    question = question_from_text(query.query) or ""
    if problem_with(question):
        await query.answer([])
        return
    started = perf_counter()
    top_k = INLINE_RESULTS * replies.SPARE_ANSWERS
    result = _deps(context).engine.ask(question, top_k=top_k)
    answers = replies.distinct_answers(result)[:INLINE_RESULTS] if result.answered else []
    _log_question("inline", result.answered, len(answers), started)
    results = [
        InlineQueryResultArticle(
            id=f"{answer.article}:{answer.position}"[: InlineQueryResultLimit.MAX_ID_LENGTH],
            # The short answer, when there is one, is what a reader picks a result by.
            title=answer.short.text if answer.short else answer.text,
            description=" · ".join(
                filter(None, (answer.text if answer.short else None, answer.title, answer.outlet))
            ),
            input_message_content=InputTextMessageContent(
                single_message(replies.answers_doc([answer])),
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
            ),
            reply_markup=answer_keyboard(answer, None, context=False),
        )
        for answer in answers
    ][: InlineQueryLimit.RESULTS]
    button = None
    if not results:
        # Declined: open the bot on the same question, where it explains and suggests /sources.
        button = InlineQueryResultsButton(
            text="Not found in the articles. Open the bot",
            start_parameter=question_payload(question) or "start",
        )
    await query.answer(results, button=button)


async def on_error(update: object, context: Context) -> None:
    """Log a failed update by kind, never its text, and apologise in private chats."""
    kind = next((k for k in Update.ALL_TYPES if getattr(update, k, None)), type(update).__name__)
    logger.error("Failed to handle a %s update", kind, exc_info=context.error)
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    # The apology may fail too (that may be what broke); it must not raise from here.
    with contextlib.suppress(TelegramError):
        if update.callback_query:
            await update.callback_query.answer(to_text(replies.FAILED))
        elif update.message and chat and chat.type == ChatType.PRIVATE:
            await _send(update.message, replies.FAILED)


async def _answer(message: Message, context: Context, question: str) -> None:
    deps = _deps(context)
    problem = problem_with(question)
    if problem:
        await _send(message, replies.problem_doc(problem))
        return
    started = perf_counter()
    reply = replies.reply_to_question(deps.engine, question, deps.settings.answers_per_reply)
    _log_question(message.chat.type, reply.answered, len(reply.shown), started)
    best = reply.shown[0] if reply.shown else None
    # Replying to the question is what lets "More" find it again without storing it.
    await _send(message, reply.doc, answer_keyboard(best, reply.next_offset), quote=True)


async def _show_source(message: Message, context: Context, key: str) -> None:
    engine = _deps(context).engine
    index = engine.article_numbers.get(key)
    if index is None:
        await _send(message, replies.UNKNOWN_SOURCE)
        return
    url = engine.articles[index].url
    # A preview of the article itself is the one preview that helps.
    preview = LinkPreviewOptions(url=url, prefer_small_media=True) if url else NO_PREVIEW
    await _send(message, replies.source_doc(engine, index), preview=preview)


async def _send(
    message: Message,
    doc: Doc,
    markup: Markup | None = None,
    quote: bool | None = None,
    preview: LinkPreviewOptions = NO_PREVIEW,
) -> None:
    """Send doc as one or more HTML messages, buttons under the last one.

    A chat that cannot receive it is skipped after the first refusal (see bot/delivery.py).
    """
    chunks = html_messages(doc)
    for number, chunk in enumerate(chunks, start=1):
        sent = await reply_html(
            message,
            chunk,
            do_quote=quote,
            allow_sending_without_reply=True,
            reply_markup=markup if number == len(chunks) else None,
            link_preview_options=preview,
        )
        if sent is None:
            return


async def _edit(query: CallbackQuery, doc: Doc, markup: InlineKeyboardMarkup | None) -> None:
    """Replace a button's message with doc; an unchanged message is not an error."""
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(
            single_message(doc),
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=NO_PREVIEW,
        )


def _share_links(engine: Engine, page: int, bot_username: str | None) -> dict[int, str]:
    if not bot_username:
        return {}
    first = page * replies.SOURCES_PER_PAGE
    links = {}
    for index in range(first, min(first + replies.SOURCES_PER_PAGE, len(engine.articles))):
        payload = source_payload(engine.articles[index].key)
        if payload:
            links[index] = deep_link(bot_username, payload)
    return links


def _log_question(where: str, answered: bool, quotes: int, started: float) -> None:
    ms = (perf_counter() - started) * 1000
    logger.info("Question in %s: answered=%s quotes=%d in %.0f ms", where, answered, quotes, ms)


def _message(update: Update) -> Message:
    # The filters these handlers are registered with guarantee a message.
    message = update.effective_message
    assert message is not None
    return message


def _deps(context: Context) -> Deps:
    return context.bot_data[DEPS]
