"""A BM25Index saved to one file of the array store and loaded back only when it can be
vouched for: the store checks the caller's fingerprint and the checksum, this the format
version and that the arrays fit together."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np

from retrieval.array_store import load_arrays, save_arrays
from retrieval.index.bm25_index import BM25Index
from retrieval.index.postings import Postings
from retrieval.index.weights import Okapi

FORMAT_NAME = "retrieval.index"
FORMAT_VERSION = 2
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


def save_index(index: BM25Index, path: Path, fingerprint: str) -> None:
    """Write the index to ``path`` atomically, tagged with the caller's fingerprint.

    The fingerprint should name everything the index depends on (corpus, tokenizer,
    k1/b/epsilon); ``load_index`` with a different one returns None.
    """
    terms = list(index.vocabulary)
    text = "".join(terms)
    meta = {"format": FORMAT_NAME, "version": FORMAT_VERSION, **asdict(index.okapi)}
    postings = index.postings
    arrays = {
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8),
        "indptr": postings.indptr,
        "postings": postings.postings,
        "weights": postings.weights,
        "idf": postings.idf,
        "term_ids": np.fromiter(index.vocabulary.values(), np.int64, len(terms)),
        "terms_utf8": np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8),
        "term_ends": np.cumsum(np.fromiter(map(len, terms), np.int64, len(terms))),
    }
    save_arrays(path, fingerprint, arrays)


def load_index(path: Path, fingerprint: str) -> BM25Index | None:
    """The index saved at ``path`` with this fingerprint, or None if it cannot be trusted.

    Missing, truncated, corrupt, other-version and other-fingerprint files all give
    None; nothing here raises.
    """
    arrays = load_arrays(path, fingerprint, _DTYPES)
    if arrays is None:
        return None
    try:
        return _index_of(arrays)
    except Exception:
        return None


def _index_of(arrays: dict[str, np.ndarray]) -> BM25Index | None:
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
    okapi = Okapi(**{field.name: meta[field.name] for field in fields(Okapi)})
    n_docs = okapi.n_docs
    indptr, postings, weights, idf = (arrays[a] for a in ("indptr", "postings", "weights", "idf"))
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
    return BM25Index(okapi, vocabulary, Postings(n_docs, indptr, postings, weights, idf))
