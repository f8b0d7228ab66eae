"""Add an extracted article to a corpus folder as one file in the project's format."""

from __future__ import annotations

import json
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from retrieval.corpus.article_files import ARTICLE_SUFFIX, load_articles, read_article
from retrieval.corpus.corpus import Corpus
from retrieval.ingest.extract import ExtractedArticle
from retrieval.models import Article

MAX_NAME_LENGTH = 60
# Two adds at once must not both pass the duplicate check.
_adding = threading.Lock()
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref)$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class DuplicateArticleError(Exception):
    """The article is already in the corpus, in `existing`."""

    def __init__(self, existing: Path, why: str) -> None:
        super().__init__(f"already in the corpus as {existing.name} ({why})")
        self.existing = existing


@dataclass(frozen=True, slots=True)
class AddedArticle:
    """An article written to the corpus, as it now loads, and how many sentences it has."""

    article: Article
    sentences: int


def add_article(
    folder: Path, extracted: ExtractedArticle, now: datetime | None = None
) -> AddedArticle:
    """Write `extracted` into `folder`; raise DuplicateArticleError if it is already there."""
    with _adding:
        folder.mkdir(parents=True, exist_ok=True)
        existing, _ = load_articles(folder)
        _refuse_duplicate(existing, extracted)
        path = _free_path(folder, extracted.title)
        partial = folder / f".{path.name}.partial"
        partial.write_text(_file_text(extracted, now or datetime.now(UTC)), encoding="utf-8")
        # The folder only ever holds whole files: a reload never reads half an article.
        os.replace(partial, path)
    article = read_article(path)
    return AddedArticle(article, len(Corpus.from_articles([article]).sentences))


def canonical_url(url: str) -> str:
    """`url` without what does not change the page: case of the host, fragment, tracking."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and (parts.scheme, parts.port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/"), query, ""))


def _refuse_duplicate(existing: list[Article], extracted: ExtractedArticle) -> None:
    url = canonical_url(extracted.url) if extracted.url else None
    words = _words(extracted.text)
    for article in existing:
        if url and article.url and canonical_url(article.url) == url:
            raise DuplicateArticleError(article.path, "same URL")
        if _words(article.text) == words:
            raise DuplicateArticleError(article.path, "same text")


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def _free_path(folder: Path, title: str) -> Path:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > MAX_NAME_LENGTH:
        # Cut at a word boundary, so the name does not end in half a word.
        slug = slug[: MAX_NAME_LENGTH + 1].rsplit("-", 1)[0]
    stem = slug or "article"
    path = folder / f"{stem}{ARTICLE_SUFFIX}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{ARTICLE_SUFFIX}"
        number += 1
    return path


def _file_text(extracted: ExtractedArticle, added: datetime) -> str:
    fields: list[tuple[str, str]] = [("title", _toml_string(extracted.title))]
    if extracted.outlet:
        fields.append(("outlet", _toml_string(extracted.outlet)))
    if extracted.published:
        fields.append(("published", extracted.published.isoformat()))
    if extracted.url:
        fields.append(("url", _toml_string(extracted.url)))
    fields.append(("added", added.astimezone(UTC).replace(microsecond=0).isoformat()))
    header = "\n".join(f"{key} = {value}" for key, value in fields)
    return f"+++\n{header}\n+++\n{extracted.text}"


def _toml_string(value: str) -> str:
    # A JSON string without control characters is a valid TOML basic string.
    return json.dumps(_CONTROL.sub(" ", value), ensure_ascii=False)
