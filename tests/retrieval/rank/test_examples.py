from retrieval.models import Sentence
from retrieval.rank.examples import example_questions


def sentence(text: str, article: int) -> Sentence:
    return Sentence(text=text, article=article, position=0)


SENTENCES = [
    sentence("On Monday the court heard from Pavel Durov again.", 0),
    sentence("Lawyers for Durov spoke on Monday.", 1),
    sentence("The mayor met Anne Hidalgo and French officials.", 1),
    sentence("Later the crew of the Aurora Borealis sailed.", 2),
]


def test_examples_ask_about_the_names_most_articles_mention_that_are_answered() -> None:
    asked = []

    def answered(question: str) -> bool:
        asked.append(question)
        return "Hidalgo" not in question

    examples = example_questions(SENTENCES, answered, count=2)
    # "Durov" is two articles' "Pavel Durov"; calendar words and nationalities are skipped.
    assert examples == ("What happened to Pavel Durov?", "Why is Aurora Borealis in the news?")
    assert asked[1] == "Why is Anne Hidalgo in the news?"
    assert not any("Monday" in q or "French" in q for q in asked)
