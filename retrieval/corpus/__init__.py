"""Articles to a corpus: article files read, cut into the sentences worth answering with, and
stored beside the folder they came from."""
