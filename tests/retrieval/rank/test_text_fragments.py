from urllib.parse import unquote

from retrieval.rank.text_fragments import text_fragment_link


def test_no_url_no_link() -> None:
    assert text_fragment_link(None, "Anything at all.") is None


def test_short_sentence_is_the_whole_fragment_and_reserved_characters_are_encoded() -> None:
    link = text_fragment_link("https://example.com/a", "The 41-year-old, Q&A.")
    assert link == "https://example.com/a#:~:text=The%2041%2Dyear%2Dold%2C%20Q%26A."


def test_long_sentence_uses_start_and_end_words() -> None:
    sentence = (
        "Durov, the CEO of Telegram, was arrested at Le Bourget airport outside Paris "
        "shortly after landing in a private jet on Saturday night."
    )
    link = text_fragment_link("https://example.com/a#top", sentence)
    assert link is not None
    base, directive = link.split("#:~:text=")
    assert base == "https://example.com/a"
    start, end = directive.split(",")
    assert unquote(start) == "Durov, the CEO of"
    assert unquote(end) == "jet on Saturday night."
    assert sentence.startswith(unquote(start))
    assert sentence.endswith(unquote(end))
