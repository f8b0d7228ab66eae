"""Answer questions from news articles with exact, cited sentences ranked by BM25.

Text in, ranked cited sentences out; nothing here knows about Telegram.
"""

from retrieval.models import Answer, Article, LoadError, Result, Sentence
from retrieval.rank.engine import Engine

__all__ = ["Answer", "Article", "Engine", "LoadError", "Result", "Sentence"]
