import pytest

from retrieval.text.splitter import split, split_spans


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Mr. Smith went to Washington. He arrived at 3.5 p.m. on Monday.",
            ["Mr. Smith went to Washington.", "He arrived at 3.5 p.m. on Monday."],
        ),
        (
            "J. K. Rowling wrote it. Pavel V. Durov agreed.",
            ["J. K. Rowling wrote it.", "Pavel V. Durov agreed."],
        ),
        (
            "“It is absurd,” he said. “We comply.” Then he left.",
            ["“It is absurd,” he said.", "“We comply.”", "Then he left."],
        ),
        (
            "The U.S. Army said so. He moved to the U.S. Then he left.",
            ["The U.S. Army said so.", "He moved to the U.S.", "Then he left."],
        ),
        (
            "It costs $1.5 billion. Shares fell 2.5%.",
            ["It costs $1.5 billion.", "Shares fell 2.5%."],
        ),
        ("Wait... what? Yes! OK.", ["Wait... what?", "Yes!", "OK."]),
        ('He said "Stop." and left.', ['He said "Stop." and left.']),
        (
            "Musk posted: ‘Liberté Liberté! Liberté?’ Then more.",
            ["Musk posted: ‘Liberté Liberté! Liberté?’", "Then more."],
        ),
        ("A heading\nThe first line. The second.", ["A heading", "The first line.", "The second."]),
        ("Dr. No, e.g. a villain, met Gen. Smith.", ["Dr. No, e.g. a villain, met Gen. Smith."]),
    ],
)
def test_split(text: str, sentences: list[str]) -> None:
    assert split(text) == sentences


def test_spans_are_exact_slices_without_surrounding_space() -> None:
    text = "  First one.   Second one!\n\n  Third?  "
    spans = split_spans(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one!", "Third?"]


def test_empty_and_blank_text() -> None:
    assert split("") == []
    assert split(" \n\t ") == []
