"""The engine measured on question sets, and its reranker fitted on them."""
