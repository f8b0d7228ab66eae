"""Answer questions from news articles with exact, cited sentences ranked by BM25.

Text in, ranked cited sentences out; nothing here knows about Telegram. A question goes
through the subpackages in order: `text` (terms), `corpus` (articles and their sentences),
`index` (BM25 posting lists), `fields` (the first stage), `rank` (the question, the
reranker, the answers); `ingest` adds articles from the web and `evaluation` measures.
What a user of the engine needs is here.
"""

from retrieval.ingest.add import AddedArticle, DuplicateArticleError, add_article
from retrieval.ingest.extract import ExtractionError, extract_article
from retrieval.ingest.fetch import FetchError, Page, fetch_page
from retrieval.library import Library, LibraryError, ReloadReport
from retrieval.models import Answer, Article, LoadError, Result, Sentence, Span
from retrieval.rank.distinct_answers import SPARE_ANSWERS, distinct_answers
from retrieval.rank.engine import Engine

__all__ = [
    "SPARE_ANSWERS",
    "AddedArticle",
    "Answer",
    "Article",
    "DuplicateArticleError",
    "Engine",
    "ExtractionError",
    "FetchError",
    "Library",
    "LibraryError",
    "LoadError",
    "Page",
    "ReloadReport",
    "Result",
    "Sentence",
    "Span",
    "add_article",
    "distinct_answers",
    "extract_article",
    "fetch_page",
]
