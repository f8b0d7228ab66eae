"""Example questions for a corpus: about the names its articles mention most, and only those
the engine answers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from retrieval.models import Sentence

TEMPLATES = (
    "What happened to {}?",
    "Why is {} in the news?",
    "What do the articles say about {}?",
)
# Names in the middle of a sentence (after a lower-case word), so sentence-initial
# capitals like "The" don't count.
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}")
# Calendar words and nationality adjectives read badly in the templates.
_SKIP = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    r"|May|June|July|August|September|October|November|December)|\w+(?:ian|ean|ese|ish|ench|ican)"
)
CANDIDATES = 12


def example_questions(
    sentences: Iterable[Sentence], answered: Callable[[str], bool], count: int = 3
) -> tuple[str, ...]:
    """Up to `count` questions about the most mentioned names in `sentences` that are
    `answered`."""
    questions: list[str] = []
    for name in _common_names(sentences)[:CANDIDATES]:
        question = TEMPLATES[len(questions) % len(TEMPLATES)].format(name)
        if answered(question):
            questions.append(question)
        if len(questions) == count:
            break
    return tuple(questions)


def _common_names(sentences: Iterable[Sentence]) -> list[str]:
    """Names ranked by how many articles mention them, then how often."""
    mentions: Counter[str] = Counter()
    articles: dict[str, set[int]] = {}
    for sentence in sentences:
        for name in _NAME.findall(sentence.text):
            if _SKIP.fullmatch(name):
                continue
            mentions[name] += 1
            articles.setdefault(name, set()).add(sentence.article)
    # "Durov" is the same person as "Pavel Durov": credit the full name with both.
    for name in [n for n in mentions if " " in n]:
        surname = name.rsplit(" ", 1)[1]
        if surname in mentions:
            mentions[name] += mentions.pop(surname)
            articles[name] |= articles.pop(surname)
    ranked = sorted(mentions, key=lambda n: (-len(articles[n]), -mentions[n], n))
    # Keep one spelling per name: skip names contained in a higher-ranked one.
    chosen: list[str] = []
    for name in ranked:
        if not any(name in other or other in name for other in chosen):
            chosen.append(name)
    return chosen
