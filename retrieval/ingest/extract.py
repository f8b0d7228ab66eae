"""Turn a news page's HTML into an article: the body text and its metadata, via trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from retrieval.text.splitter import split

# A page is an article when it has a few sentences of running prose, however short the
# story (a brief, a wire item); index and login pages have link lists and short prompts.
MIN_PROSE_SENTENCES = 3
_PROSE_SENTENCE = re.compile(r"(?:\S+\s+){5,}\S+[.!?…\"”’)]$")


class ExtractionError(Exception):
    """A page with no article in it."""


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """What a page says: title, text, date, site, and its canonical address."""

    title: str
    text: str
    published: date | None
    outlet: str | None
    url: str | None


def extract_article(html: bytes | str, url: str | None = None) -> ExtractedArticle:
    """The article in `html` (served from `url`); raise ExtractionError if there is none."""
    # Imported when a page is added, not when the engine starts: trafilatura and what it
    # pulls in (lxml, justext, dateparser) take a fifth of a second and 25 MB to load.
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": True, "original_date": True},
    )
    text = (document.text or "") if document else ""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    title = _clean(document.title if document else None)
    # Most pages repeat the headline at the top of the body; it is already the title.
    if lines and title and lines[0] == title:
        lines = lines[1:]
    prose = [
        sentence for line in lines for sentence in split(line) if _PROSE_SENTENCE.search(sentence)
    ]
    if len(prose) < MIN_PROSE_SENTENCES:
        raise ExtractionError("no article text found on the page (is it an index or login page?)")
    return ExtractedArticle(
        title=title or prose[0][:80],
        text="\n".join(line for line in lines if line) + "\n",
        published=_date(document.date),
        outlet=_clean(document.sitename),
        url=_web_url(document.url) or _web_url(url),
    )


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _web_url(value: str | None) -> str | None:
    return value if value and value.startswith(("http://", "https://")) else None
