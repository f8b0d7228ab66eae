"""What the reranker reads of each sentence the first stage proposes: its terms and words, the
names a leading pronoun stands for, what it names of the kind of answer asked for, what it
gives numbers of, and which of the question's terms it, its neighbours and its article's
title hold."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial

from retrieval.corpus.corpus import Corpus, Sentences
from retrieval.fields.field_index import Candidates, FieldIndex
from retrieval.rank.answer_types import REPORTED_SPEECH, AnswerType, counted, mentions
from retrieval.rank.question import Question
from retrieval.rank.reranker import Candidate
from retrieval.text.tokenizer import normalize, tokenize

_LEADING_PRONOUN = re.compile(r"[\"“‘']?(?:he|she|they|it|his|her|its|their)\b", re.IGNORECASE)
# A quotation whose speaker is a pronoun ("... around Europe," it added.) is named in the
# sentence before, like a sentence that opens with one.
_PRONOUN_SPEAKER = re.compile(
    rf"(?:[,.!?][”\"’]|[”\"’],)\s+(?:he|she|they|it)\s+(?:{REPORTED_SPEECH})\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")


class CandidateReader:
    """Reads the first stage's candidates for the reranker, remembering what does not
    depend on the question."""

    def __init__(self, corpus: Corpus, index: FieldIndex) -> None:
        self._index = index
        self._article_of = corpus.sentences.article_of
        # Caches of functions of the index and corpus, not of the engine's methods: a
        # cache holding the engine would make a cycle, and a replaced engine would
        # linger until the garbage collector's next full pass.
        self._title_terms = lru_cache(maxsize=65_536)(index.title_terms)
        # Candidates recur across questions; what the reranker reads of them, whatever
        # the question, is worth keeping around. What the caches keep is tuples of strings,
        # which the garbage collector stops tracking: a full pass that walked the sets in
        # them stalled the bot's event loop for 30-60 ms at a million sentences.
        self._facts = lru_cache(maxsize=16_384)(partial(_facts_of, corpus, index))

    def read(self, question: Question, found: Candidates) -> list[Candidate]:
        """Each candidate of `found`, in its order, as the reranker sees it for `question`."""
        wanted = self._index.term_numbers(question.information)
        candidates = []
        for n, i in enumerate(found.ids.tolist()):
            facts = self._facts(i)
            candidates.append(
                Candidate(
                    terms=facts.terms,
                    words=frozenset(facts.words),
                    context_terms=self._context_terms(i, question, wanted),
                    sentence_bm25=float(found.sentence[n]),
                    neighbours_bm25=float(found.neighbours[n]),
                    title_bm25=float(found.title[n]),
                    article_bm25=float(found.article[n]),
                    referents=frozenset(facts.referents),
                    mentioned=facts.mentions(question.answer_type) if question.answer_type else (),
                    counted=frozenset(facts.counted) if question.units else frozenset(),
                )
            )
        return candidates

    def names_found(self, sentence_id: int, question: Question) -> float:
        """The share of the question's names that the sentence's article holds anywhere."""
        if not question.names:
            return 0.0
        article = int(self._article_of[sentence_id])
        first, last = self._index.articles.first[article], self._index.articles.last[article]
        found = self._index.which_in(
            self._index.term_numbers(question.names), int(first), int(last)
        )
        found.update(question.names.intersection(self._title_terms(article)))
        return len(found) / len(question.names)

    def terms_near(self, sentence_id: int, question: Question, radius: int) -> frozenset[str]:
        """The question's terms that its article's title or the sentences within `radius`
        of the sentence, in its article, hold."""
        article = int(self._article_of[sentence_id])
        first = max(int(self._index.articles.first[article]), sentence_id - radius)
        last = min(int(self._index.articles.last[article]), sentence_id + radius)
        wanted = self._index.term_numbers(question.information)
        return self._terms_between(first, last, article, question, wanted)

    def _context_terms(
        self, sentence_id: int, question: Question, wanted: dict[int, str]
    ) -> frozenset[str]:
        """The question's terms that a sentence, its neighbours or its article's title hold.

        Only the question's terms are looked for: its coverage is all they serve.
        `wanted` is `term_numbers` of the question's terms.
        """
        neighbourhood = self._index.neighbours
        first, last = neighbourhood.first[sentence_id], neighbourhood.last[sentence_id]
        article = int(self._article_of[sentence_id])
        return self._terms_between(int(first), int(last), article, question, wanted)

    def _terms_between(
        self, first: int, last: int, article: int, question: Question, wanted: dict[int, str]
    ) -> frozenset[str]:
        found = self._index.which_in(wanted, first, last)
        title = self._title_terms(article)
        return frozenset(found.union(t for t in title if t in question.information))


@dataclass(frozen=True)
class _SentenceFacts:
    """What the reranker reads of a sentence, whatever the question."""

    text: str
    terms: tuple[str, ...]
    words: tuple[str, ...]
    referents: tuple[str, ...]
    # Each kind's mentions, worked out when a question first asks for that kind.
    _mentions: dict[AnswerType, tuple[str, ...]] = field(default_factory=dict)

    def mentions(self, kind: AnswerType) -> tuple[str, ...]:
        found = self._mentions.get(kind)
        if found is None:
            found = self._mentions[kind] = mentions(self.text, kind)
        return found

    @cached_property
    def counted(self) -> tuple[str, ...]:
        """The terms of what the sentence gives a number of (`answer_types.counted`)."""
        return tuple(set(tokenize(" ".join(counted(self.text)), remember=False)))


def _facts_of(corpus: Corpus, index: FieldIndex, sentence_id: int) -> _SentenceFacts:
    text = corpus.sentences.text(sentence_id)
    return _SentenceFacts(
        text=text,
        terms=index.terms_of(sentence_id),
        words=tuple(set(normalize(text).split())),
        referents=_referents(corpus.sentences, sentence_id, text),
    )


def _referents(sentences: Sentences, sentence_id: int, text: str) -> tuple[str, ...]:
    """Name terms of the sentence before, when this one opens with a pronoun or quotes one."""
    if sentences.positions[sentence_id] == 0 or not (
        _LEADING_PRONOUN.match(text) or _PRONOUN_SPEAKER.search(text)
    ):
        return ()
    before = sentences.text(sentence_id - 1)
    return tuple(set(tokenize(" ".join(_NAME.findall(before)))))
