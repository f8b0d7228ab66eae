"""From a question to answers: the question parsed, the first stage's candidates read and
reranked, declined or answered, each answer with a link to its sentence."""
