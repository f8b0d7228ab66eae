"""Arbitrary text through the tokenizer, the splitter and the article reader: nothing raises,
sentences stay exact quotes, and what comes out is well formed."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.corpus.article_files import ArticleLoadError, parse_article
from retrieval.corpus.corpus import Corpus
from retrieval.corpus.sentence_spans import sentence_spans
from retrieval.models import Article
from retrieval.rank.text_fragments import text_fragment_link
from retrieval.text.splitter import split_spans
from retrieval.text.tokenizer import tokenize

# Letters, punctuation, quotes, control characters, RTL marks, zero-width
# joiners and the odd HTML-looking fragment.
TRICKY = st.sampled_from(
    [
        "\u200d",
        "\u200b",
        "\u202e",
        "\u2066",
        "\ufeff",
        "\x00",
        "\x1b",
        "\r",
        "\n",
        "\t",
        "“",
        "”",
        "’",
        "‘",
        "—",
        "…",
        "<b>",
        "</a>",
        "&amp;",
        "Mr.",
        "U.S.",
        "3.5",
        "#tag",
        "@who",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), TRICKY), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_tokenizer_never_raises_and_yields_clean_terms(text: str) -> None:
    for term in tokenize(text):
        assert term
        assert not any(ch.isspace() for ch in term)


@FAST
@given(TEXT)
def test_split_spans_are_ordered_trimmed_slices(text: str) -> None:
    previous_end = 0
    for start, end in split_spans(text):
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace()
        assert not text[end - 1].isspace()
        previous_end = end


@FAST
@given(TEXT)
def test_sentences_are_exact_quotes_of_the_article(text: str) -> None:
    for start, end in sentence_spans(text):
        assert 0 <= start < end <= len(text)
    corpus = Corpus.from_articles([Article("a", "A", text, Path("a.txt"))])
    for sentence in corpus.sentences:
        assert text[sentence.start : sentence.end] == sentence.text


@FAST
@given(TEXT)
def test_article_reader_accepts_or_names_the_problem(text: str) -> None:
    for raw in (text, "+++\n" + text, f'+++\ntitle = "x"\n+++\n{text}'):
        problem = ""
        try:
            article = parse_article(raw, Path("x.txt"))
        except ArticleLoadError as error:
            problem = str(error)
        assert problem or article.text.strip()


@FAST
@given(TEXT)
def test_links_are_ascii_and_carry_no_raw_separators(text: str) -> None:
    link = text_fragment_link("https://example.com/a", text)
    assert link is not None
    assert link.isascii()
    directive = link.partition("#:~:text=")[2]
    assert " " not in directive
    assert "&" not in directive
    assert directive.count(",") <= 1


def test_a_100_kb_article_splits_without_trouble() -> None:
    text = ("Durov’s app, Telegram, has about 950 million users. “It is absurd,” he said. " * 1400)[
        :100_000
    ]
    corpus = Corpus.from_articles([Article("a", "A", text, Path("a.txt"))])
    assert corpus.sentences
    assert all(text[s.start : s.end] == s.text for s in corpus.sentences)
