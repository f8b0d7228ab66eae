from datetime import date
from pathlib import Path

import pytest

from retrieval import Engine
from retrieval.corpus.article_files import load_articles

GOOD = """+++
title = "Durov arrested"
outlet = "Example News"
published = 2024-08-25
url = "https://example.com/durov"
+++
Durov was arrested at Le Bourget airport outside Paris on Saturday night.
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_front_matter_is_read(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", GOOD)
    (article,), errors = load_articles(tmp_path)
    assert errors == []
    assert article.title == "Durov arrested"
    assert article.outlet == "Example News"
    assert article.published == date(2024, 8, 25)
    assert article.url == "https://example.com/durov"
    assert article.text.startswith("Durov was arrested")


def test_plain_text_file_is_titled_from_its_name(tmp_path: Path) -> None:
    write(tmp_path, "paris_court-ruling.txt", "The court ruled on Monday in Paris.\n")
    (article,), errors = load_articles(tmp_path)
    assert errors == []
    assert article.title == "Paris court ruling"
    assert article.url is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "no text"),
        (b"   \n\n", "no text"),
        ("Caf\xe9 cr\xe8me is served.".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ('+++\ntitle = "unclosed\n+++\nText here.', "front matter"),
        ("+++\ntitle = 'x'\nText with no closing fence.", "never closed"),
        ('+++\npublished = "not a date"\n+++\nText here.', "published"),
        ('+++\nurl = "not a url"\n+++\nText here.', "url"),
        ('+++\ntitle = "Only metadata"\n+++\n', "no text"),
    ],
)
def test_broken_file_is_named_and_the_others_still_load(
    tmp_path: Path, content: bytes | str, reason: str
) -> None:
    write(tmp_path, "good.txt", GOOD)
    broken = write(tmp_path, "broken.txt", content)
    articles, errors = load_articles(tmp_path)
    assert [a.title for a in articles] == ["Durov arrested"]
    assert len(errors) == 1
    assert errors[0].path == broken
    assert reason.lower() in errors[0].reason.lower()
    assert "broken.txt" in str(errors[0])


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("retrieval.corpus.article_files.MAX_ARTICLE_BYTES", 100)
    write(tmp_path, "huge.txt", "Words and more words. " * 20)
    articles, errors = load_articles(tmp_path)
    assert articles == []
    assert "limit" in errors[0].reason


def test_missing_corpus_is_an_error_not_an_exception(tmp_path: Path) -> None:
    articles, errors = load_articles(tmp_path / "nowhere")
    assert articles == []
    assert "no such" in errors[0].reason


def test_other_files_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "README.md", "# not an article")
    write(tmp_path, ".draft.txt", "Hidden draft text.")
    articles, errors = load_articles(tmp_path)
    assert len(articles) == 1
    assert errors == []


def test_engine_over_a_folder_with_a_broken_file_answers_from_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, "bad.txt", b"\xff\xfe\x00binary")
    engine = Engine.from_path(tmp_path)
    assert len(engine.errors) == 1
    result = engine.ask("Where was Durov arrested?")
    assert result.answers
    assert "Le Bourget" in result.answers[0].text


def test_a_link_to_a_file_outside_the_folder_is_skipped_and_named(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "good.txt", GOOD)
    secret = write(tmp_path, "passwd", "root:x:0:0:root:/root:/bin/bash\n")
    (corpus / "link.txt").symlink_to(secret)
    (corpus / "inside.txt").symlink_to(corpus / "good.txt")
    engine = Engine.from_path(corpus)
    assert sorted(a.key for a in engine.articles) == ["good", "inside"]
    (error,) = engine.errors
    assert error.path == corpus / "link.txt"
    assert "outside the corpus folder" in error.reason
    assert all("root:x" not in s.text for s in engine.sentences)
