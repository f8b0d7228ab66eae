"""Read article files: optional TOML front matter between `+++` lines, then the text."""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, HttpUrl, ValidationError

from retrieval.models import Article, LoadError

ARTICLE_SUFFIX = ".txt"
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_FENCE = "+++"
_FRONT_MATTER = re.compile(r"\+\+\+\n(.*?)^\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)


class ArticleLoadError(Exception):
    """An article file that cannot be used, with a reason a person can act on."""


class _FrontMatter(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: HttpUrl | None = None


def title_from_file_name(path: Path) -> str:
    words = path.stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else path.name


def parse_article(raw: str, path: Path) -> Article:
    """Build an Article from a file's decoded text; raise ArticleLoadError if it is unusable."""
    meta = _FrontMatter()
    text = raw
    if raw.startswith(_FENCE + "\n"):
        match = _FRONT_MATTER.match(raw)
        if match is None:
            raise ArticleLoadError(f"front matter opened with '{_FENCE}' is never closed")
        meta = _parse_front_matter(match.group(1))
        text = raw[match.end() :]
    if not text.strip():
        raise ArticleLoadError("the article has no text")
    return Article(
        key=path.stem,
        title=meta.title or title_from_file_name(path),
        text=text,
        path=path,
        outlet=meta.outlet,
        published=meta.published,
        url=str(meta.url) if meta.url else None,
    )


def _parse_front_matter(header: str) -> _FrontMatter:
    try:
        fields = tomllib.loads(header)
    except tomllib.TOMLDecodeError as error:
        raise ArticleLoadError(f"broken front matter (TOML): {error}") from None
    try:
        return _FrontMatter.model_validate(fields)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'front matter'}: {e['msg']}" for e in error.errors()
        )
        raise ArticleLoadError(f"broken front matter: {problems}") from None


def read_article(path: Path) -> Article:
    """Read one article file; raise ArticleLoadError naming what is wrong with it."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleLoadError(
                f"file is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit for an article"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ArticleLoadError(f"cannot read the file: {error.strerror or error}") from None
    if b"\x00" in data:
        raise ArticleLoadError("looks like a binary file, not text")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleLoadError(
            f"not UTF-8 text (invalid byte at offset {error.start}); save the file as UTF-8"
        ) from None
    return parse_article(raw.replace("\r\n", "\n"), path)


def is_article_name(name: str) -> bool:
    """Whether a file called `name` in a corpus folder is an article (hidden files are not)."""
    return name.endswith(ARTICLE_SUFFIX) and not name.startswith(".")


def article_files(path: Path) -> list[Path]:
    """The article files under `path`: the file itself, or a folder's visible `.txt` files."""
    if path.is_file():
        return [path]
    # One directory read; is_file() comes from it without a stat for each of thousands.
    with os.scandir(path) as entries:
        names = sorted(e.name for e in entries if is_article_name(e.name) and e.is_file())
    return [path / name for name in names]


def load_articles(path: Path) -> tuple[list[Article], list[LoadError]]:
    """Load every article under `path`; a broken file becomes a LoadError, the rest still load."""
    if not path.exists():
        return [], [LoadError(path, "no such file or folder")]
    articles: list[Article] = []
    errors: list[LoadError] = []
    folder = path.resolve() if path.is_dir() else None
    for file in article_files(path):
        try:
            if folder is not None and not file.resolve().is_relative_to(folder):
                # A link in the folder must not publish files from elsewhere (/etc/passwd).
                raise ArticleLoadError("links to a file outside the corpus folder")
            articles.append(read_article(file))
        except ArticleLoadError as error:
            errors.append(LoadError(file, str(error)))
    return articles, errors
