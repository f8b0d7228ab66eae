"""Answer questions from news articles with exact, cited sentences ranked by BM25.

Text in, ranked cited sentences out; nothing here knows about Telegram.
"""

from retrieval.engine import Engine
from retrieval.models import Answer, Article, LoadError, Result, Sentence

__all__ = ["Answer", "Article", "Engine", "LoadError", "Result", "Sentence"]
