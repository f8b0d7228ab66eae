"""Articles to indexable sentences and their terms, on every core for large corpora.

Splitting and tokenizing cost tens of microseconds a sentence in Python, most of a
large build. Each article is worked on alone, so worker processes take batches of
articles; this process then drops sentences that repeat an earlier article's and
keeps the results in article order. Small corpora are done here, with no processes
to start: both ways give the same corpus and the same terms.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from retrieval.corpus.corpus import Corpus, SpansAndKeys, first_occurrences
from retrieval.corpus.sentence_spans import kept_sentences
from retrieval.models import Article, LoadError
from retrieval.text.tokenizer import tokenize

log = logging.getLogger(__name__)

# Below this much text, starting processes costs more than they save.
PARALLEL_MIN_CHARS = 8_000_000
_BATCH_CHARS = 2_000_000

# An article's sentences as worked out in a worker: spans, repeat keys, and terms
# (one line a sentence, terms joined by spaces: one string pickles fast).
Prepared = tuple[list[tuple[int, int]], list[str], str]


def prepare(
    articles: Sequence[Article], errors: Sequence[LoadError] = (), workers: int | None = None
) -> tuple[Corpus, list[str]]:
    """The corpus of `articles` and the terms of each of its sentences, in order, as
    one string a sentence with the terms joined by spaces (`terms_of` splits one).

    A million sentences' terms as lists would be twenty million string objects; as
    strings they are a million. `workers` None: all cores for a large corpus, else none.
    """
    if workers is None:
        large = sum(len(a.text) for a in articles) >= PARALLEL_MIN_CHARS
        workers = (os.cpu_count() or 1) if large else 0
    texts = [article.text for article in articles]
    if workers > 1:
        try:
            rows, terms = _keep_first_occurrences(_in_processes(texts, workers))
        except (BrokenProcessPool, OSError) as error:
            # Worker processes may be impossible here (no /dev/shm, a memory limit);
            # the work itself can always be done in this process.
            log.warning("preparing in worker processes failed (%s); doing it here", error)
            rows, terms = _keep_first_occurrences(map(_prepare, texts))
    else:
        rows, terms = _keep_first_occurrences(map(_prepare, texts))
    spans_array = np.frombuffer(rows, dtype=np.int64).reshape(-1, 3).copy()
    return Corpus.from_spans(articles, spans_array, errors), terms


def _keep_first_occurrences(prepared: Iterable[Prepared]) -> tuple[array[int], list[str]]:
    # The terms of the article first_occurrences is going through: it takes articles in order.
    current: list[str] = []

    def spans_and_keys() -> Iterator[SpansAndKeys]:
        for spans, keys, lines in prepared:
            current[:] = lines.split("\n") if spans else []
            yield spans, keys

    # (article, start, end) of each sentence, flat: a million tuples would be 140 MB
    # scattered among the terms' strings, never given back to the system.
    rows = array("q")
    terms: list[str] = []
    for article, start, end, number in first_occurrences(spans_and_keys()):
        rows.extend((article, start, end))
        terms.append(current[number])
    return rows, terms


def terms_of(line: str) -> list[str]:
    """The terms in one of `prepare`'s strings."""
    return line.split(" ") if line else []


def _prepare(text: str) -> Prepared:
    spans, keys = kept_sentences(text)
    lines = "\n".join(" ".join(tokenize(text[start:end])) for start, end in spans)
    return spans, keys, lines


def _prepare_batch(texts: list[str]) -> list[Prepared]:
    return [_prepare(text) for text in texts]


def _in_processes(texts: list[str], workers: int) -> Iterator[Prepared]:
    # spawn, not fork: the bot reloads from a worker thread, and forking a process
    # with threads can copy a lock some other thread holds.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for batch in pool.map(_prepare_batch, _batches(texts)):
            yield from batch


def _batches(texts: list[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text)
        if size >= _BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
