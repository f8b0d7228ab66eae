"""BM25Okapi scoring whose cost follows the postings of the query's terms, not the corpus.

``rank_bm25.BM25Okapi.get_scores`` walks every document in Python for every query
token. Here each term's BM25 weight in each document that contains it,
``idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))``, is computed once
at build time and stored as a posting list (document ids ascending, float64
weights). A query adds up the postings of its tokens.

The numbers are BM25Okapi's, bit for bit in practice: the same float64 operations
in the same order for each weight, the average idf summed in the order rank-bm25
meets the terms (first occurrence in the corpus, which is how ``build`` numbers
them), and each document's contributions added in query order, a repeated query
token once per occurrence.

``top_k`` avoids touching most postings of very frequent terms (MaxScore): it
scores the documents of the query's rarest terms exactly, and stops as soon as
the k-th best of those beats every score a document holding only the remaining,
frequent terms could reach (the sum of those terms' largest weights).

The index saves to one ``.npz`` file (no pickle) that carries the caller's
fingerprint, a format version and a SHA-256 of its content; ``load`` returns None
instead of anything it cannot vouch for.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, islice
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from retrieval.array_store import load_arrays, save_arrays

__all__ = [
    "BM25Index",
    "ProgressCallback",
    "counts_of",
    "okapi_idf",
    "term_counts",
    "term_sequences",
]

FORMAT_NAME = "retrieval.index"
FORMAT_VERSION = 2

# progress(stage, fraction done in [0, 1])
ProgressCallback = Callable[[str, float], None]

_CHUNK_DOCS = 65_536  # documents per step while mapping tokens to ids (progress granularity)
_CHUNK_POSTINGS = 1 << 22  # postings per step while computing weights (bounds temporaries)
_DENSE_FRACTION = 6  # terms in at least 1 of 6 documents get a dense weight vector ...
_DENSE_MAX_TERMS = 12  # ... the 12 most frequent of them at most (8 bytes x documents each)
_ARRAYS = ("indptr", "postings", "weights", "idf", "term_ids", "terms_utf8", "term_ends")
_DTYPES = {
    "meta": np.uint8,
    "indptr": np.int64,
    "postings": np.int32,
    "weights": np.float64,
    "idf": np.float64,
    "term_ids": np.int64,
    "terms_utf8": np.uint8,
    "term_ends": np.int64,
}


def term_sequences(
    docs: Iterable[Sequence[str]],
    *,
    progress: bool | ProgressCallback = False,
    total: int | None = None,
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Every document's tokens as term ids, in order: (ids, indptr, vocabulary).

    Document d's ids are ``ids[indptr[d]:indptr[d + 1]]``. Term ids follow first
    occurrence in the corpus, the order in which BM25Okapi meets them. `docs` is
    read once, a chunk at a time, so it may be a generator: a million token lists
    need never exist at once. `total` (the number of documents) only drives progress.
    """
    report = _reporter(progress)
    # A defaultdict whose factory is its own __len__ hands each new token the next
    # id, so the whole mapping runs in C: no Python object per token.
    ids_of: defaultdict[str, int] = defaultdict()
    ids_of.default_factory = ids_of.__len__
    id_chunks: list[np.ndarray] = [np.empty(0, dtype=np.int32)]
    length_chunks: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    done = 0
    source = iter(docs)
    while chunk := list(islice(source, _CHUNK_DOCS)):
        lengths = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        id_chunks.append(
            np.fromiter(
                map(ids_of.__getitem__, chain.from_iterable(chunk)),
                dtype=np.int32,
                count=int(lengths.sum()),
            )
        )
        length_chunks.append(lengths)
        done += len(chunk)
        if total and done < total:
            report("tokens", done / total)
    report("tokens", 1.0)
    lengths = np.concatenate(length_chunks)
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    # A plain dict: looking up an unknown term must not add it.
    return np.concatenate(id_chunks), indptr, dict(ids_of)


def okapi_idf(df: np.ndarray, n_docs: int, epsilon: float) -> tuple[np.ndarray, float]:
    """BM25Okapi's idf of each term (0 for terms in no document) and its average idf.

    idf = ln(N - n + 0.5) - ln(n + 0.5) with math.log, averaged over the terms in
    the order met, then every negative idf replaced by epsilon * average. Few
    distinct n values, so math.log on those alone.
    """
    idf = np.zeros(len(df))
    present = df > 0
    if not present.any():
        return idf, 0.0
    distinct, where = np.unique(df[present], return_inverse=True)
    raw = np.array([math.log(n_docs - n + 0.5) - math.log(n + 0.5) for n in distinct.tolist()])[
        where
    ]
    # cumsum adds one after another, exactly like rank-bm25's loop (sum() would not)
    average_idf = float(np.cumsum(raw)[-1]) / len(raw)
    raw[raw < 0] = epsilon * average_idf
    idf[present] = raw
    return idf, average_idf


def counts_of(ids: np.ndarray, indptr: np.ndarray, n_terms: int) -> sp.csr_matrix:
    """The count matrix (documents x terms) of term-id sequences."""
    ones = np.ones(len(ids), dtype=np.int32)
    # Copies: scipy keeps the arrays it is given, and sum_duplicates rewrites them in place.
    shape = (len(indptr) - 1, n_terms)
    counts = sp.csr_matrix((ones, ids.copy(), indptr.copy()), shape=shape)
    counts.sum_duplicates()
    return counts


def term_counts(
    docs: Sequence[Sequence[str]], *, progress: bool | ProgressCallback = False
) -> tuple[sp.csr_matrix, dict[str, int], np.ndarray]:
    """Count matrix (documents x terms), vocabulary and document lengths of tokenized docs.

    Term ids follow first occurrence in the corpus, the order in which BM25Okapi
    meets them, so ``BM25Index.from_counts`` on this reproduces its average idf.
    Callers that need a second field (say a sentence plus its neighbours) can sum
    rows of this matrix instead of tokenizing again.
    """
    report = _reporter(progress)
    ids, indptr, vocabulary = term_sequences(docs, progress=report, total=len(docs))
    counts = counts_of(ids, indptr, len(vocabulary))
    report("counts", 1.0)
    return counts, vocabulary, np.diff(indptr)


class BM25Index:
    """BM25Okapi over tokenized documents, scored through posting lists."""

    k1: float
    b: float
    epsilon: float
    n_docs: int
    avgdl: float
    average_idf: float
    vocabulary: dict[str, int]

    # The share of the adding-up cost that rarest-first may spend: all of it when
    # it is sure to finish (scores), half when it may stop early or give up (top_k).
    _exhaustive_share = 1.0
    _maxscore_share = 0.5

    def __init__(
        self,
        *,
        k1: float,
        b: float,
        epsilon: float,
        n_docs: int,
        avgdl: float,
        average_idf: float,
        vocabulary: dict[str, int],
        indptr: np.ndarray,
        postings: np.ndarray,
        weights: np.ndarray,
        idf: np.ndarray,
    ) -> None:
        """Assemble an index from its arrays; use ``build``, ``from_counts`` or ``load``."""
        self.k1, self.b, self.epsilon = float(k1), float(b), float(epsilon)
        self.n_docs = int(n_docs)
        self.avgdl = float(avgdl)
        self.average_idf = float(average_idf)
        self.vocabulary = vocabulary
        self._indptr = indptr
        self._postings = postings
        self._weights = weights
        self._idf = idf
        df = np.diff(indptr)
        self._df = df
        # Largest weight of each term: MaxScore's bound. Negative weights never
        # raise a score, so they bound at 0.
        self._max_weight = np.zeros(len(df))
        nonempty = np.flatnonzero(df)
        if len(nonempty):
            self._max_weight[nonempty] = np.maximum.reduceat(weights, indptr[nonempty])
        np.maximum(self._max_weight, 0.0, out=self._max_weight)
        # The most frequent terms also get a dense weight vector (0 where absent):
        # adding one is a single pass instead of a scatter, and looking a document
        # up is an index instead of a binary search. Adding 0.0 changes no sum.
        self._dense: dict[int, np.ndarray] = {}
        frequent = np.flatnonzero(df * _DENSE_FRACTION >= max(self.n_docs, 1))
        for t in frequent[np.argsort(-df[frequent], kind="stable")][:_DENSE_MAX_TERMS].tolist():
            vec = np.zeros(self.n_docs)
            vec[self._docs(t)] = self._w(t)
            self._dense[t] = vec

    # ------------------------------------------------------------------ building

    @classmethod
    def build(
        cls,
        docs: Sequence[Sequence[str]],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        progress: bool | ProgressCallback = False,
    ) -> BM25Index:
        """Index tokenized documents; ``progress`` is True (a bar on a terminal) or a callback."""
        report = _reporter(progress)
        counts, vocabulary, lengths = term_counts(docs, progress=report)
        return cls.from_counts(
            counts, vocabulary, lengths, k1=k1, b=b, epsilon=epsilon, progress=report
        )

    @classmethod
    def from_counts(
        cls,
        counts: sp.csr_matrix | sp.spmatrix | sp.sparray,
        vocabulary: dict[str, int],
        doc_lengths: np.ndarray | Sequence[int],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        progress: bool | ProgressCallback = False,
        copy: bool = True,
    ) -> BM25Index:
        """Index a count matrix: rows are documents, columns term ids, values term frequencies.

        ``copy=False`` lets the index take over a CSC ``counts`` (and change it) instead
        of copying it: a large build then holds one copy of the counts, not two.

        The average idf (for BM25Okapi's floor) runs over the columns that occur
        in some document, summed in column order. Terms whose column is empty,
        or that are missing from ``vocabulary``, score 0 like unknown terms.
        """
        if not k1 >= 0 or not 0 <= b <= 1:
            raise ValueError(f"need k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        report = _reporter(progress)
        n_docs, n_terms = counts.shape
        lengths = np.asarray(doc_lengths).ravel()
        if lengths.shape != (n_docs,) or (n_docs and not np.issubdtype(lengths.dtype, np.integer)):
            raise ValueError("doc_lengths needs one integer length per row of counts")
        if any(not 0 <= i < n_terms for i in vocabulary.values()):
            raise ValueError("vocabulary has term ids outside the columns of counts")
        if n_docs >= 2**31:
            raise ValueError("document ids are stored as int32: at most 2**31 - 1 documents")
        # Counts stay integers (when they are): a float64 copy of every count would
        # double the peak memory of a large build. Each chunk converts its own.
        csc = sp.csc_matrix(counts, copy=copy)
        csc.eliminate_zeros()
        csc.sum_duplicates()  # also sorts each column's document ids
        if csc.nnz and csc.data.min() < 0:
            raise ValueError("counts must not be negative")
        indptr = csc.indptr.astype(np.int64)
        postings = csc.indices.astype(np.int32, copy=False)
        tf = csc.data
        del csc
        df = np.diff(indptr)

        idf, average_idf = okapi_idf(df, n_docs, epsilon)

        total_length = int(lengths.sum())  # exact, like rank-bm25's running int sum
        avgdl = total_length / n_docs if n_docs else 0.0
        weights = np.empty(len(tf))
        if len(tf):
            # The same float64 operations in the same order as get_scores:
            # idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)))
            norm = k1 * (1 - b + b * lengths / avgdl)
            bounds = np.searchsorted(indptr, np.arange(0, len(tf), _CHUNK_POSTINGS), "right") - 1
            bounds = np.unique(np.append(bounds, n_terms))
            for c0, c1 in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
                p0, p1 = indptr[c0], indptr[c1]
                t = tf[p0:p1].astype(np.float64)
                w = t * (k1 + 1)
                w /= t + norm[postings[p0:p1]]
                w *= np.repeat(idf[c0:c1], df[c0:c1])
                weights[p0:p1] = w
                report("weights", p1 / len(tf))
        report("weights", 1.0)
        return cls(
            k1=k1,
            b=b,
            epsilon=epsilon,
            n_docs=n_docs,
            avgdl=avgdl,
            average_idf=average_idf,
            vocabulary=dict(vocabulary),
            indptr=indptr,
            postings=postings,
            weights=weights,
            idf=idf,
        )

    # ------------------------------------------------------------------ lookups

    def idf(self, term: str) -> float:
        """BM25Okapi's idf of a term after the epsilon floor; 0.0 for unknown terms."""
        i = self.vocabulary.get(term)
        return 0.0 if i is None else float(self._idf[i])

    def doc_freq(self, term: str) -> int:
        """Number of documents containing the term."""
        i = self.vocabulary.get(term)
        return 0 if i is None else int(self._df[i])

    def _term_ids(self, query: Iterable[str]) -> list[int]:
        """Ids of the known query tokens with postings, in query order, repeats kept."""
        get, df = self.vocabulary.get, self._df
        return [i for i in map(get, query) if i is not None and df[i]]

    def posting_lists(self) -> tuple[np.ndarray, np.ndarray]:
        """(indptr, postings): term t's documents are postings[indptr[t]:indptr[t + 1]],
        ascending."""
        return self._indptr, self._postings

    def _docs(self, t: int) -> np.ndarray:
        return self._postings[self._indptr[t] : self._indptr[t + 1]]

    def _w(self, t: int) -> np.ndarray:
        return self._weights[self._indptr[t] : self._indptr[t + 1]]

    # ------------------------------------------------------------------ scoring
    #
    # Two ways to the same numbers. "Rarest first" takes the query's distinct
    # terms from the shortest posting list up and scores each new document
    # exactly, once, looking its weights up in the other terms' lists: cost
    # follows the postings of the rare terms. "Add up" scatters every posting into
    # an array over all documents: cost follows all the query's postings plus one
    # pass over the corpus, cheaper when the query holds very frequent terms.
    # Either way each document's contributions are added in query order, and
    # skipping a term a document lacks adds nothing (x + 0.0 == x).

    def dense_scores(self, query: Sequence[str]) -> np.ndarray:
        """Scores of all documents, as BM25Okapi.get_scores returns them."""
        return self._add_up(self._term_ids(query))

    def scores(self, query: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(document ids ascending, scores) of the documents holding some query term."""
        terms = self._term_ids(query)
        if not terms:
            return _nothing()
        docs, scores, done = self._rarest_first(terms, None)
        if done:
            order = np.argsort(docs, kind="stable")
            return docs[order].astype(np.int64), scores[order]
        acc = self._add_up(terms)
        docs = self._matched(acc, terms)
        return docs, acc[docs]

    def top_k(self, query: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best (document ids, scores), best first, ties to the lower id.

        Only documents holding some query term are ranked, so fewer than k may come back.
        """
        terms = self._term_ids(query)
        if not terms or k <= 0:
            return _nothing()
        docs, scores, done = self._rarest_first(terms, k)
        if done:
            return _best(docs, scores, k)
        acc = self._add_up(terms)
        # Any value that k scores reach bounds the k-th best from below: the k-th
        # best of the documents already scored, or of a strided sample of all.
        floor = _kth_largest(acc[:: max(1, len(acc) // (4 * math.isqrt(k * len(acc)) + 1))], k)
        floor = max(floor, _kth_largest(scores, k))
        # Unmatched documents score 0: a positive floor keeps them out.
        docs = np.flatnonzero(acc >= floor) if floor > 0 else self._matched(acc, terms)
        return _best(docs, acc[docs], k)

    def scores_of(self, query: Sequence[str], docs: np.ndarray) -> np.ndarray:
        """Exact scores of the given documents (ids ascending), 0 where no term matches."""
        docs = np.asarray(docs, dtype=np.int32)
        total = np.zeros(len(docs))
        rows: dict[int, np.ndarray] = {}
        for t in self._term_ids(query):
            row = rows.get(t)
            if row is None:
                row = rows[t] = self._lookup(docs, t)
            total += row
        return total

    def _rarest_first(
        self, terms: Sequence[int], k: int | None
    ) -> tuple[np.ndarray, np.ndarray, bool]:
        """(documents, exact scores, done) from taking terms rarest first.

        k None: every matching document, or nothing and done=False when adding up
        is cheaper. k given: MaxScore. A document holding none of the terms taken
        scores at most the float sum, in query order, of the other tokens' largest
        weights (rounding is monotone, so no margin is needed); once the k-th best
        score found beats that, the top k are among the documents found. Gives up
        (done=False, with what it found) when its work passes a share of adding up.
        """
        rarest = sorted(set(terms), key=lambda t: (self._df[t], t))
        rank = {t: i for i, t in enumerate(rarest)}
        # Rough costs in nanoseconds, measured on a 2-core x86 VM.
        add_up = 2.0 * self.n_docs + sum(
            0.7 * self.n_docs if t in self._dense else 4.0 * float(self._df[t]) for t in terms
        )
        step_cost = [
            float(self._df[t]) * (3 + sum(5 if u in self._dense else 50 for u in rarest[i + 1 :]))
            for i, t in enumerate(rarest)
        ]
        if k is None:
            # All or nothing: without k every step will be taken.
            budget = math.inf if sum(step_cost) <= self._exhaustive_share * add_up else 0.0
        else:
            budget = self._maxscore_share * add_up
        seen = np.zeros(self.n_docs, dtype=bool)
        found_docs: list[np.ndarray] = [np.empty(0, dtype=np.int32)]
        found_scores: list[np.ndarray] = [np.empty(0)]
        best = np.empty(0)  # the k highest scores found so far
        spent, done = 0.0, False
        for i, t in enumerate(rarest):
            spent += step_cost[i]
            if spent > budget:
                break
            have = self._docs(t)
            fresh = ~seen[have]
            new = have[fresh]
            seen[new] = True
            scores = np.zeros(len(new))
            rows: dict[int, np.ndarray] = {}
            for u in terms:
                if rank[u] < i:
                    continue  # new documents are not in the terms taken before
                row = rows.get(u)
                if row is None:
                    row = rows[u] = self._w(t)[fresh] if u == t else self._lookup(new, u)
                scores += row
            found_docs.append(new)
            found_scores.append(scores)
            if k is not None:
                best = np.concatenate([best, scores])
                if len(best) > k:
                    best = np.partition(best, len(best) - k)[len(best) - k :]
                if len(best) == k and best.min() > self._ceiling(terms, rank, i + 1):
                    done = True
                    break
        else:
            done = True
        return np.concatenate(found_docs), np.concatenate(found_scores), done

    def _ceiling(self, terms: Sequence[int], rank: dict[int, int], taken: int) -> float:
        """Highest score of a document holding none of the ``taken`` rarest terms."""
        bound = 0.0
        for t in terms:
            if rank[t] >= taken:
                bound += float(self._max_weight[t])
        return bound

    def _add_up(self, terms: Sequence[int]) -> np.ndarray:
        # add.at adds element by element in order: each document's contributions
        # land in query order, as in get_scores.
        acc = np.zeros(self.n_docs)
        for t in terms:
            dense = self._dense.get(t)
            if dense is None:
                np.add.at(acc, self._docs(t), self._w(t))
            else:
                acc += dense
        return acc

    def _matched(self, acc: np.ndarray, terms: Sequence[int]) -> np.ndarray:
        """Documents holding some of the terms, given their added-up scores."""
        distinct = set(terms)
        if all(self._idf[t] > 0 for t in distinct):
            return np.flatnonzero(acc)  # positive weights only: matched <=> nonzero
        mask = np.zeros(self.n_docs, dtype=bool)
        for t in distinct:
            mask[self._docs(t)] = True
        return np.flatnonzero(mask)

    def _lookup(self, docs: np.ndarray, t: int) -> np.ndarray:
        """Term t's weight in each of the given documents (ascending int32 ids), 0 if absent."""
        dense = self._dense.get(t)
        if dense is not None:
            return dense[docs]
        have = self._docs(t)
        pos = np.searchsorted(have, docs)
        hit = pos < len(have)
        hit[hit] = have[pos[hit]] == docs[hit]
        row = np.zeros(len(docs))
        row[hit] = self._w(t)[pos[hit]]
        return row

    # ------------------------------------------------------------------ persistence

    def save(self, path: Path | str, fingerprint: str) -> None:
        """Write the index to ``path`` atomically, tagged with the caller's fingerprint.

        The fingerprint should name everything the index depends on (corpus,
        tokenizer, k1/b/epsilon); ``load`` with a different one returns None.
        """
        terms = list(self.vocabulary)
        text = "".join(terms)
        meta = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "k1": self.k1,
            "b": self.b,
            "epsilon": self.epsilon,
            "n_docs": self.n_docs,
            "avgdl": self.avgdl,
            "average_idf": self.average_idf,
        }
        arrays = {
            "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8),
            "indptr": self._indptr,
            "postings": self._postings,
            "weights": self._weights,
            "idf": self._idf,
            "term_ids": np.fromiter(self.vocabulary.values(), np.int64, len(terms)),
            "terms_utf8": np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8),
            "term_ends": np.cumsum(np.fromiter(map(len, terms), np.int64, len(terms))),
        }
        save_arrays(Path(path), fingerprint, arrays)

    @classmethod
    def load(cls, path: Path | str, fingerprint: str) -> BM25Index | None:
        """The index saved at ``path`` with this fingerprint, or None if it cannot be trusted.

        Missing, truncated, corrupt, other-version and other-fingerprint files all
        give None; nothing here raises.
        """
        arrays = load_arrays(Path(path), fingerprint, _DTYPES)
        if arrays is None:
            return None
        try:
            return cls._from_arrays(arrays)
        except Exception:
            return None

    @classmethod
    def _from_arrays(cls, arrays: dict[str, np.ndarray]) -> BM25Index | None:
        for name, arr in arrays.items():
            if arr.dtype != _DTYPES[name] or arr.ndim != 1:
                return None
        meta = json.loads(arrays["meta"].tobytes().decode())
        if (
            not isinstance(meta, dict)
            or meta.get("format") != FORMAT_NAME
            or meta.get("version") != FORMAT_VERSION
        ):
            return None
        n_docs = meta["n_docs"]
        indptr, postings, weights, idf = (arrays[a] for a in _ARRAYS[:4])
        term_ids, term_ends = arrays["term_ids"], arrays["term_ends"]
        n_terms = len(idf)
        # The checksum vouches for the bytes; these guard against a writer bug
        # making arrays that would index out of bounds.
        if (
            not isinstance(n_docs, int)
            or len(indptr) != n_terms + 1
            or indptr[0] != 0
            or indptr[-1] != len(postings)
            or len(weights) != len(postings)
            or np.any(np.diff(indptr) < 0)
            or (len(postings) and (postings.min() < 0 or postings.max() >= n_docs))
            or len(term_ends) != len(term_ids)
            or (len(term_ids) and (term_ids.min() < 0 or term_ids.max() >= n_terms))
        ):
            return None
        text = arrays["terms_utf8"].tobytes().decode("utf-8", "surrogatepass")
        if len(term_ends) and term_ends[-1] != len(text):
            return None
        starts = [0, *term_ends[:-1].tolist()]
        terms = [text[a:e] for a, e in zip(starts, term_ends.tolist(), strict=True)]
        vocabulary = dict(zip(terms, term_ids.tolist(), strict=True))
        if len(vocabulary) != len(terms):
            return None
        return cls(
            k1=meta["k1"],
            b=meta["b"],
            epsilon=meta["epsilon"],
            n_docs=n_docs,
            avgdl=meta["avgdl"],
            average_idf=meta["average_idf"],
            vocabulary=vocabulary,
            indptr=indptr,
            postings=postings,
            weights=weights,
            idf=idf,
        )


def _nothing() -> tuple[np.ndarray, np.ndarray]:
    return np.empty(0, dtype=np.int64), np.empty(0)


def _kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest value, or -inf if there are fewer than k."""
    if len(values) < k:
        return -math.inf
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _best(docs: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k highest scores, best first, ties to the lower id."""
    if len(scores) > k:
        # argpartition's pick among ties at the k-th score is arbitrary: keep
        # everything above it, then the lowest ids of those equal to it.
        kth = scores[np.argpartition(scores, len(scores) - k)[len(scores) - k]]
        above = scores > kth
        need = k - int(above.sum())
        tied = docs[scores == kth]
        if len(tied) > need:
            tied = np.partition(tied, need - 1)[:need]
        docs = np.concatenate([docs[above], tied])
        scores = np.concatenate([scores[above], np.full(len(tied), kth)])
    order = np.lexsort((docs, -scores))
    return docs[order].astype(np.int64), scores[order]


def _reporter(progress: bool | ProgressCallback) -> ProgressCallback:
    """The callback to report through: the caller's, a terminal bar, or nothing."""
    if callable(progress):
        return progress
    if progress and sys.stderr.isatty():
        return _TerminalBar()
    return _quiet


def _quiet(stage: str, fraction: float) -> None:
    pass


class _TerminalBar:
    """A one-line progress bar on stderr, redrawn only when it changes."""

    def __init__(self) -> None:
        self._last: tuple[str, int] | None = None

    def __call__(self, stage: str, fraction: float) -> None:
        filled = int(max(0.0, min(1.0, fraction)) * 30)
        if (stage, filled) == self._last:
            return
        self._last = (stage, filled)
        bar = "#" * filled + "." * (30 - filled)
        end = "\n" if filled == 30 else ""
        sys.stderr.write(f"\rbm25 {stage:<8} [{bar}] {fraction:4.0%}{end}")
        sys.stderr.flush()
