"""Article text and metadata from news pages shaped like real ones."""

from __future__ import annotations

from datetime import date

import pytest
from web_server import PAGES

from retrieval.ingest.extract import ExtractionError, extract_article

BRIDGE_URL = "https://coastal-ledger.example/news/2025/03/port-elwin-bridge-repairs"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_meta_tags_give_title_date_site_and_canonical_url():
    article = extract_article(page("harbour-bridge.html"), "https://coastal-ledger.example/x?utm=1")
    assert article.title == "Port Elwin bridge to close for six weeks of repairs"
    assert article.published == date(2025, 3, 14)
    assert article.outlet == "The Coastal Ledger"
    assert article.url == BRIDGE_URL


def test_the_body_keeps_the_story_and_drops_the_page_around_it():
    text = extract_article(page("harbour-bridge.html"), BRIDGE_URL).text
    assert "corrosion in three of the bridge's steel cables" in text
    assert "18,000 vehicles a day" in text
    for chrome in (
        "Advertisement",
        "Related stories",
        "Ferry fares to rise",
        "morning newsletter",
        "Most read",
        "All rights reserved",
        "Subscribe",
        "Breaking:",
    ):
        assert chrome not in text, chrome
    # The headline is the title, not the first sentence.
    assert not text.startswith("Port Elwin bridge")


def test_a_date_written_in_the_text_and_a_title_from_the_heading():
    article = extract_article(page("lighthouse-keeper.html"), "https://northern-wire.example/k")
    assert article.title == "Last lighthouse keeper of Skerra Point retires after 41 years"
    assert article.published == date(2024, 9, 9)
    assert article.outlet == "Northern Wire"
    assert article.url == "https://northern-wire.example/k"
    assert "The light was automated in 2019" in article.text
    for chrome in ("cookies", "Trending", "Share this", "Puffin numbers", "Advertise with us"):
        assert chrome not in article.text, chrome


@pytest.mark.parametrize(
    "html",
    [
        page("section-front.html"),
        page("login.html"),
        b"",
        b"<html><body><p>Short.</p></body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00binary",
    ],
)
def test_a_page_without_an_article_says_so(html):
    with pytest.raises(ExtractionError, match="no article text"):
        extract_article(html, "https://coastal-ledger.example/news")


def test_a_short_article_of_three_sentences_is_an_article():
    article = extract_article(page("wire-brief.html"), "https://dale-courier.example/library")
    assert article.title == "Hollin Vale library reopens after flood repairs"
    assert "£84,000" in article.text
    assert article.text.count("\n") == 3
