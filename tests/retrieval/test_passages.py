from retrieval.corpus import Corpus
from retrieval.models import Article
from retrieval.passages import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_repeated_captions_are_kept_once() -> None:
    caption = "Pavel Durov, the CEO of Telegram (pictured), was arrested late Saturday."
    text = f"Story begins here today.\n\n{caption}\n\n{caption}\n\nThe story goes on."
    corpus = Corpus.from_articles([Article("a", "A", text, path=None)])  # type: ignore[arg-type]
    assert [s.text for s in corpus.sentences].count(caption) == 1


def test_near_exact_repeat_is_dropped() -> None:
    text = (
        "Musk tweeted “#FreePavel” with a short clip of Durov speaking to Tucker Carlson.\n"
        "Musk tweeted “#FreePavel” with a short clip of Durov speaking to Tucker Carlson\n"
    )
    corpus = Corpus.from_articles([Article("a", "A", text, path=None)])  # type: ignore[arg-type]
    assert len(corpus.sentences) == 1


def test_newsletter_footer_and_photo_credit_and_fragments_are_dropped() -> None:
    text = (
        "Durov founded the app in 2013 together with his brother Nikolai (Stock photo)\n"
        "Musk tweeted\n"
        "The app is popular.\n"
        "If you’re reading this, you’re already ahead. Stay there with our newsletter."
    )
    assert sentences(text) == [
        "Durov founded the app in 2013 together with his brother Nikolai",
        "The app is popular.",
    ]


def test_content_that_mentions_sponsors_is_kept() -> None:
    text = "QuickBooks sponsored a contest, and the winner's advertisement aired for free."
    assert sentences(text) == [text]


def test_attribution_line_stays_with_the_quoted_post() -> None:
    text = (
        "Police raided the office. This is not a free country.\n"
        "— Pavel Durov (@durov) February 3, 2026\n"
        "Durov was reacting to the news."
    )
    assert sentences(text) == [
        "Police raided the office. This is not a free country.\n"
        "— Pavel Durov (@durov) February 3, 2026",
        "Durov was reacting to the news.",
    ]


def test_lead_in_stays_with_the_quotation_it_introduces() -> None:
    text = "In a comment, Pavel Durov added:\n“These people will stop at nothing.”\nThen more."
    assert sentences(text)[0] == (
        "In a comment, Pavel Durov added:\n“These people will stop at nothing.”"
    )


def test_every_sentence_is_an_exact_quote() -> None:
    text = "First, a fact.  Second (pictured) fact!\nThird fact here (Getty Images)"
    corpus = Corpus.from_articles([Article("a", "A", text, path=None)])  # type: ignore[arg-type]
    for sentence in corpus.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
