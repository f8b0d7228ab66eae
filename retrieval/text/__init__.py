"""Text to terms: sentences, words, their base forms, stop words and synonyms."""
