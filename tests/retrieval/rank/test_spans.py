"""The short answer: the part of a sentence that answers a question, or none."""

from __future__ import annotations

import pytest

from retrieval.rank.spans import Span, find_span


def _short(question: str, sentence: str) -> str | None:
    span = find_span(question, sentence)
    if span is not None:
        assert sentence[span.start : span.end] == span.text
    return None if span is None else span.text


@pytest.mark.parametrize(
    ("question", "sentence", "answer"),
    [
        # who -> a name, never the question's own words
        (
            "Who designed the bridge?",
            "The bridge was designed by Gustave Eiffel and opened to traffic in 1884.",
            "Gustave Eiffel",
        ),
        (
            "Who founded the bakery?",
            "The bakery on Mill Lane, a local favourite, was founded by Margit Halvorsen.",
            "Margit Halvorsen",
        ),
        (
            "Who is the mayor of Tarrowby?",
            "Tarrowby mayor Denise Okafor opened the new library on Friday.",
            "Denise Okafor",
        ),
        # how many / how much -> a number with its unit or hedge
        (
            "How far did the walkers go on the first day?",
            "On the first day the walkers covered 42 kilometres along the coast.",
            "42 kilometres",
        ),
        (
            "How much did the council pay for the land?",
            "The council paid €2.5 million for the land in a deal signed last week.",
            "€2.5 million",
        ),
        (
            "By what percentage did sales fall?",
            "Sales at the chain fell by more than 12 percent over the winter.",
            "more than 12 percent",
        ),
        # when -> a date
        (
            "When did the ferry service resume?",
            "The ferry service resumed on 14 March 2021 after a long winter pause.",
            "14 March 2021",
        ),
        (
            "In what year was the lighthouse built?",
            "The lighthouse was built in 1867 by a local engineer named Peter Lund.",
            "1867",
        ),
        # where -> a place
        (
            "Where did the orchestra perform?",
            "The orchestra performed in Valparaíso before a crowd of students.",
            "Valparaíso",
        ),
        # which X -> the name the noun X names
        (
            "Which river floods the town every spring?",
            "Every spring the Ossel River floods the lower town.",
            "Ossel River",
        ),
        # why -> a short clause after "because"
        (
            "Why was the match postponed?",
            "The match was postponed because the pitch was frozen, the club said.",
            "the pitch was frozen",
        ),
        # how -> the means, after "by"
        (
            "How did the students raise the money?",
            "The students raised the money by selling homemade jam at the market.",
            "selling homemade jam at the market",
        ),
    ],
)
def test_each_answer_type(question: str, sentence: str, answer: str) -> None:
    assert _short(question, sentence) == answer


def test_span_at_the_very_start_of_the_sentence() -> None:
    sentence = "Ingrid Vasquez won the regional chess title on her first attempt."
    span = find_span("Who won the regional chess title?", sentence)
    assert span == Span("Ingrid Vasquez", 0, len("Ingrid Vasquez"))


def test_span_at_the_very_end_of_the_sentence() -> None:
    sentence = "The regional chess title went to Ingrid Vasquez"
    span = find_span("Who won the regional chess title?", sentence)
    assert span is not None
    assert span.text == "Ingrid Vasquez"
    assert span.end == len(sentence)


def test_number_at_the_end_before_the_full_stop() -> None:
    sentence = "The new bridge cost 48 million."
    span = find_span("How much did the new bridge cost?", sentence)
    assert span == Span("48 million", 20, 30)


def test_curly_quotes_and_apostrophes() -> None:
    sentence = "“We will rebuild,” said Siân O’Connell, the village’s mayor, on Tuesday."
    assert _short("Who is the village’s mayor?", sentence) == "Siân O’Connell"


def test_non_ascii_name() -> None:
    sentence = "The prize was awarded to Zoë Łukasiewicz for her work on soil bacteria."
    span = find_span("Who was awarded the prize?", sentence)
    assert span is not None
    assert span.text == "Zoë Łukasiewicz"
    assert sentence[span.start : span.end] == "Zoë Łukasiewicz"


def test_question_whose_words_fill_the_sentence_has_no_span() -> None:
    assert find_span("Who designed the bridge?", "The bridge was designed.") is None
    assert find_span("When did Ana Moreau arrive?", "Ana Moreau arrived.") is None


def test_never_the_question_own_words() -> None:
    # The only name and the only date are the question's own.
    sentence = "Oskar Lindqvist designed the bridge in 1902 and later regretted it."
    assert find_span("Who did Oskar Lindqvist marry in 1902?", sentence) is None


def test_no_span_when_nothing_of_the_kind_is_offered() -> None:
    sentence = "The committee met again to discuss the proposal in detail."
    assert find_span("How many people attended the meeting?", sentence) is None
    assert find_span("When did the committee meet?", sentence) is None
    assert find_span("Why did the committee meet?", sentence) is None


def test_a_year_is_not_a_count() -> None:
    sentence = "In 2019, 3,400 runners finished the race."
    assert _short("How many runners finished the race in 2019?", sentence) == "3,400"


def test_the_candidate_beside_the_question_words_wins() -> None:
    sentence = (
        "Marta Ruiz opened the gallery in Lisbon, and the sculpture garden was "
        "designed by Tomas Berg."
    )
    assert _short("Who designed the sculpture garden?", sentence) == "Tomas Berg"


def test_what_follows_the_question_preposition() -> None:
    sentence = "In winter the rangers share the cabin with a family of foxes."
    assert _short("What do the rangers share the cabin with?", sentence) == "a family of foxes"
    sentence = "The grant pays for research on new vaccines, which the council approved."
    assert _short("The grant pays for what?", sentence) == "research on new vaccines"


def test_what_follows_the_question_verb() -> None:
    sentence = "In 1931 Mara Lind invented the folding ladder, which sold well."
    assert _short("What did Mara Lind invent?", sentence) == "the folding ladder"
    # "invention", the same term, less the "of" after it
    sentence = "Lind is best known for her invention of the folding ladder."
    assert _short("What did Lind invent?", sentence) == "the folding ladder"


def test_where_with_no_name_takes_the_words_after_in() -> None:
    sentence = "The old maps are stored in a locked cabinet."
    assert _short("Where are the old maps stored?", sentence) == "a locked cabinet"


def test_the_last_word_after_a_determiner_is_no_verb() -> None:
    sentence = "The navy bought a folding ladder that Lind designed."
    assert find_span("What did Lind design for the navy?", sentence) is None


def test_no_phrase_when_the_verb_or_preposition_is_not_there() -> None:
    sentence = "The mill on the river closed in the spring."
    assert find_span("What did the mill produce?", sentence) is None
    assert find_span("What did the mill trade with?", sentence) is None


def test_span_is_frozen_and_slotted() -> None:
    span = Span("x", 0, 1)
    with pytest.raises(AttributeError):
        span.text = "y"  # type: ignore[misc]
    assert not hasattr(span, "__dict__")


def test_empty_inputs() -> None:
    assert find_span("", "") is None
    assert find_span("Who?", "") is None
    assert find_span("", "Anna Berg came.") is None


def test_a_name_opening_the_sentence_is_a_name_when_it_is_no_english_word() -> None:
    sentence = "Kowalczyk founded the firm in 2013 together with his brother Nikolai."
    assert find_span("Who founded the firm?", sentence) == Span("Kowalczyk", 0, 9)
    # A common word opening a sentence is no name.
    assert find_span(
        "Who closed the road?", "Police closed the road after Anna Berg fell."
    ) != Span("Police", 0, 6)
