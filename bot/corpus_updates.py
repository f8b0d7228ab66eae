"""Keeping the served corpus current: reloads on request or when CORPUS_DIR changes, and
articles added from links.  The slow parts run in a worker thread, so the bot keeps
answering (from the engine it had) while a new one is built.
"""

from __future__ import annotations

import asyncio
import gc
import logging

from retrieval import (
    AddedArticle,
    Library,
    LibraryError,
    ReloadReport,
    add_article,
    extract_article,
    fetch_page,
)

logger = logging.getLogger(__name__)


def prepare(library: Library) -> None:
    """Work out, off the event loop, what the handlers would work out there on first use of
    a newly loaded engine, then freeze what is alive out of the garbage collector's passes.

    The example questions read every sentence and the summary every article: seconds at a
    million sentences. A full collection walking that engine's objects stalled the event
    loop for a quarter second; frozen, they are never walked, and still freed when nothing
    refers to them (as a replaced engine is).
    """
    engine = library.engine
    # Cached properties, worked out on first reading.
    _ = engine.examples, engine.summary
    gc.freeze()


def _reload(library: Library) -> ReloadReport:
    report = library.reload()
    prepare(library)
    return report


async def reload_corpus(library: Library) -> ReloadReport:
    """Rebuild the engine from CORPUS_DIR and swap it in; log what changed and what broke."""
    report = await asyncio.to_thread(_reload, library)
    log_reload(report)
    return report


def log_reload(report: ReloadReport) -> None:
    """What a reload changed and which files it skipped, in the log."""
    logger.info("Reloaded the corpus: %s", report.summary())
    for failure in report.errors:
        logger.warning("Skipped article %s: %s", failure.path, failure.reason)


def reload_if_stale(library: Library) -> bool:
    """Reload when article files were added, changed or removed; whether it reloaded.

    A failed reload is logged, and the engine already serving stays.
    """
    try:
        if not library.stale():
            return False
        log_reload(_reload(library))
        return True
    except LibraryError as error:
        logger.warning("Corpus not reloaded: %s", error)
    except Exception:
        # The watcher must outlive one bad reload; the old engine keeps serving.
        logger.exception("Corpus reload failed; still serving the previous corpus")
    return False


async def watch_corpus(library: Library, seconds: float) -> None:
    """Reload whenever article files are added, changed or removed; runs until cancelled."""
    while True:
        await asyncio.sleep(seconds)
        await asyncio.to_thread(reload_if_stale, library)


async def add_from_link(library: Library, url: str) -> AddedArticle:
    """Download, extract and store the article at `url`, then serve it.

    Raises FetchError, ExtractionError or DuplicateArticleError with a reason to show.
    Links from chats never reach loopback or private addresses.
    """
    page = await asyncio.to_thread(fetch_page, url, allow_loopback=False)
    extracted = await asyncio.to_thread(extract_article, page.content, page.url)
    added = await asyncio.to_thread(add_article, library.path, extracted)
    logger.info("Added an article with %d sentences", added.sentences)
    await reload_corpus(library)
    return added
