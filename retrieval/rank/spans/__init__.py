"""The short answer: the part of a sentence that answers a question.

A reader who asks "How many seats did the party win?" wants to read "312" before the
sentence it came from ("seats" the question already says: SQuAD's annotators leave it
out, and adding it lost exact matches on the fit sets). Extractive readers (DrQA, Chen et
al. 2017; the SQuAD systems, Rajpurkar et al. 2016) return that span. This package finds
it with rules, in the way of rule-based answer typing (Moldovan, Harabagiu et al. 2000,
LASSO and Falcon; Hovy et al. 2001, Webclopedia): the question says what kind of answer
it wants (`question`), the sentence offers candidates of that kind (`candidates`: names,
numbers with their units, dates, places, a clause after "because", the words after the
question's verb or preposition), and the candidate nearest the words the question shares
with the sentence wins (`choice`). A candidate must say something the question does not,
and when none is clearly best there is no span: a wrong bold answer is worse than none.

The rules and weights were fit on SQuAD v1.1 dev questions from articles outside
eval/squad/squad-dev-subset.json and on eval/news/fit.jsonl, never on the subset, dev_qa
or the news held-out half (``python -m benchmarks.spans`` measures all of them).
"""

from retrieval.models import Span
from retrieval.rank.spans.choice import find_span, span_in
from retrieval.rank.spans.question import Question, read

__all__ = ["Question", "Span", "find_span", "read", "span_in"]
