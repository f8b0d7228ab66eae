"""BM25 over four fields of every sentence: its own words, its neighbourhood, its
article's title and its whole article.

A sentence that says "He was accused of ..." names nobody; its neighbours, its
title and its article do. Those fields are scored by BM25 too; the first stage
adds the neighbourhood and title with smaller weights, so they lift a sentence
without outranking one that matches on its own, and the reranker weighs all four.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.array_store import load_arrays, save_arrays
from retrieval.fields.article_field import ArticleField, article_df
from retrieval.fields.neighbourhood import NeighbourhoodField, neighbourhood_df
from retrieval.index.bm25_index import BM25Index
from retrieval.index.store import load_index, save_index
from retrieval.index.term_ids import counts_of, term_sequences


@dataclass(frozen=True)
class FieldWeights:
    """How much the weaker fields count next to the sentence's own words."""

    neighbours: float = 0.4
    title: float = 0.25
    k1: float = 0.9
    b: float = 0.4


_FIELDS = ("sentences", "titles")
_SEQUENCES = "sequences.npz"


def _names(vocabulary: dict[str, int]) -> list[str]:
    """Each term of `vocabulary`, by its id."""
    names = [""] * len(vocabulary)
    for term, number in vocabulary.items():
        names[number] = term
    return names


@dataclass(frozen=True)
class DocumentFrequencies:
    """How many neighbourhoods and how many articles hold each term of the sentence
    vocabulary: all the neighbourhood and whole-article fields keep besides the terms."""

    neighbourhoods: np.ndarray
    articles: np.ndarray

    def fit(self, terms: int) -> bool:
        return len(self.neighbourhoods) == terms and len(self.articles) == terms


class FieldIndex:
    """Sentence and title BM25 indexes, and the neighbourhood and whole-article fields."""

    def __init__(
        self,
        article_of: np.ndarray,
        indexes: dict[str, BM25Index],
        sequences: tuple[np.ndarray, np.ndarray],
        document_frequencies: DocumentFrequencies,
        title_sequences: tuple[np.ndarray, np.ndarray],
        weights: FieldWeights = FieldWeights(),
    ) -> None:
        self.article_of = np.asarray(article_of, dtype=np.int64)
        self.weights = weights
        self.sentences = indexes["sentences"]
        self.titles = indexes["titles"]
        # Each sentence's terms in order, as ids: the reranker reads candidates' terms
        # from here instead of tokenizing their text again for every question, and the
        # neighbourhood and whole-article fields count their term frequencies from them.
        self._term_ids, self._term_starts = sequences
        self.document_frequencies = document_frequencies
        bm25 = {"k1": weights.k1, "b": weights.b}
        self.neighbours = NeighbourhoodField(
            document_frequencies.neighbourhoods, self.article_of, *sequences, **bm25
        )
        self.articles = ArticleField(
            document_frequencies.articles, self.article_of, self.titles.n_docs, *sequences, **bm25
        )
        self._term_names = _names(self.sentences.vocabulary)
        # Each title's terms as ids of the title vocabulary, likewise: a question's
        # candidates come from articles no question touched before, and tokenizing
        # their titles again cost more than their articles' text.
        self._title_ids, self._title_starts = title_sequences
        self._title_names = _names(self.titles.vocabulary)

    def terms_of(self, sentence: int) -> tuple[str, ...]:
        """The terms of sentence `sentence`, in order, as the tokenizer gave them."""
        start, end = self._term_starts[sentence : sentence + 2].tolist()
        return tuple(map(self._term_names.__getitem__, self._term_ids[start:end].tolist()))

    def title_terms(self, article: int) -> tuple[str, ...]:
        """The terms of article `article`'s title, in its order."""
        start, end = self._title_starts[article : article + 2].tolist()
        return tuple(map(self._title_names.__getitem__, self._title_ids[start:end].tolist()))

    def term_numbers(self, terms: Iterable[str]) -> dict[int, str]:
        """The sentence vocabulary's numbers of those of `terms` it has."""
        vocabulary = self.sentences.vocabulary
        return {vocabulary[t]: t for t in terms if t in vocabulary}

    def information(self, term: str) -> float:
        """How much a question term says: its inverse document frequency over sentences."""
        # A term the corpus never uses weighs as much as one it uses once: the
        # question asks about something, and nothing here mentions it.
        n = self.sentences.n_docs
        df = max(self.sentences.doc_freq(term), 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def which_in(self, wanted: dict[int, str], first: int, last: int) -> set[str]:
        """Which of the `wanted` terms (see `term_numbers`) sentences `first` to `last` hold."""
        start, end = self._term_starts[first], self._term_starts[last + 1]
        return {wanted[n] for n in wanted.keys() & set(self._term_ids[start:end].tolist())}

    @classmethod
    def build(
        cls,
        sentence_terms: Iterable[Sequence[str]],
        article_of: np.ndarray,
        title_terms: Sequence[Sequence[str]],
        weights: FieldWeights = FieldWeights(),
        progress: bool = False,
    ) -> FieldIndex:
        article_of = np.asarray(article_of, dtype=np.int64)
        bm25 = {"k1": weights.k1, "b": weights.b}
        ids, starts, vocabulary = term_sequences(
            sentence_terms, progress=progress, total=len(article_of)
        )
        counts = counts_of(ids, starts, len(vocabulary))
        sentences = BM25Index.from_counts(counts, vocabulary, np.diff(starts), copy=False, **bm25)
        del counts
        titles = BM25Index.build(title_terms, **bm25)
        indexes = {"sentences": sentences, "titles": titles}
        postings = sentences.posting_lists()
        frequencies = DocumentFrequencies(
            neighbourhood_df(*postings, article_of), article_df(*postings, article_of)
        )
        title_ids = [titles.vocabulary[term] for terms in title_terms for term in terms]
        title_sequences = (
            np.array(title_ids, dtype=np.int32),
            np.cumsum([0, *map(len, title_terms)], dtype=np.int64),
        )
        return cls(article_of, indexes, (ids, starts), frequencies, title_sequences, weights)

    def save(self, directory: Path, fingerprint: str) -> list[str]:
        """Save the indexes in `directory`; the names of the files written."""
        names = [f"{name}.npz" for name in _FIELDS]
        for field, name in zip(_FIELDS, names, strict=True):
            save_index(getattr(self, field), directory / name, fingerprint)
        sequences = {
            "ids": self._term_ids,
            "starts": self._term_starts,
            "neighbour_df": self.document_frequencies.neighbourhoods,
            "article_df": self.document_frequencies.articles,
            "title_ids": self._title_ids,
            "title_starts": self._title_starts,
        }
        save_arrays(directory / _SEQUENCES, fingerprint, sequences)
        return [*names, _SEQUENCES]

    @classmethod
    def load(
        cls,
        directory: Path,
        fingerprint: str,
        article_of: Callable[[], np.ndarray | None],
        weights: FieldWeights,
    ) -> FieldIndex | None:
        """The indexes saved in `directory` for `fingerprint`, or None if any is unusable.

        `article_of` gives each sentence's article, once the files are read (two at a
        time): it may wait for another thread to load them. Reading and checking
        them is mostly I/O and hashing, which run outside the GIL: a million
        sentences load in half the time on two cores.
        """
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = {
                name: pool.submit(load_index, directory / f"{name}.npz", fingerprint)
                for name in _FIELDS
            }
            sequences = pool.submit(
                load_arrays,
                directory / _SEQUENCES,
                fingerprint,
                ("ids", "starts", "neighbour_df", "article_df", "title_ids", "title_starts"),
            )
            indexes = {name: job.result() for name, job in jobs.items()}
            stored = sequences.result()
        articles = article_of()
        if articles is None or stored is None or None in indexes.values():
            return None
        ids, starts = stored["ids"], stored["starts"]
        frequencies = DocumentFrequencies(stored["neighbour_df"], stored["article_df"])
        sentences = indexes["sentences"]
        if sentences.n_docs != len(articles) or len(starts) != len(articles) + 1:
            return None
        terms = len(sentences.vocabulary)
        if not frequencies.fit(terms) or (ids.size and int(ids.max()) >= terms):
            return None
        title_ids, title_starts = stored["title_ids"], stored["title_starts"]
        titles = indexes["titles"]
        if len(title_starts) != titles.n_docs + 1 or title_starts[-1] != len(title_ids):
            return None
        if title_ids.size and int(title_ids.max()) >= len(titles.vocabulary):
            return None
        return cls(
            articles, indexes, (ids, starts), frequencies, (title_ids, title_starts), weights
        )

    def candidates(self, terms: Sequence[str], pool: int) -> Candidates:
        """The `pool` best sentences for `terms` by the weighted sum of the fields, best first.

        Candidates are the sentence field's best (found without touching most
        postings of frequent terms) and their neighbours; each is then scored
        exactly on every field.
        """
        own_ids, _ = self.sentences.top_k(terms, pool)
        # The neighbours of the best sentences: "He was accused ..." after the sentence
        # that names him. (A top_k over a neighbourhood index found no better
        # candidates on either question set, and the index cost half a gigabyte.)
        around = (self.neighbours.first[own_ids], self.neighbours.last[own_ids])
        ids = np.union1d(own_ids, np.concatenate(around))
        own = self.sentences.scores_of(terms, ids)
        vocabulary = self.sentences.vocabulary
        numbers = [vocabulary[t] for t in terms if t in vocabulary]
        near = self.neighbours.scores_of(numbers, ids)
        # Only the candidates' own articles are scored, not every article.
        articles, which = np.unique(self.article_of[ids], return_inverse=True)
        title = self.titles.scores_of(terms, articles)[which]
        article = self.articles.scores_of(numbers, articles)[which]
        total = own + self.weights.neighbours * near + self.weights.title * title
        best = np.argpartition(-total, pool - 1)[:pool] if ids.size > pool else np.arange(ids.size)
        best = best[np.lexsort((ids[best], -total[best]))]
        return Candidates(ids[best], own[best], near[best], title[best], article[best])


@dataclass(frozen=True)
class Candidates:
    """First-stage candidates, best first, with each field's BM25 score."""

    ids: np.ndarray
    sentence: np.ndarray
    neighbours: np.ndarray
    title: np.ndarray
    article: np.ndarray
