"""Articles from the web: a page fetched safely, its article extracted, and added to a corpus
folder as a file."""
