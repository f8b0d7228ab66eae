"""BM25Okapi over tokenized documents: term ids, weights, posting lists, search and storage."""
