"""Links that open the source article at the quoted sentence (URL text fragments)."""

from __future__ import annotations

from urllib.parse import quote

# Up to this many words the whole sentence is the fragment; longer ones are
# matched by their first and last words (`text=START,END`), which keeps the
# link short and survives small differences in the middle of the page text.
_WHOLE_SENTENCE_WORDS = 10
_EDGE_WORDS = 4


def _encode(part: str) -> str:
    # The fragment syntax gives "-", "," and "&" meanings of their own.
    return quote(part, safe="").replace("-", "%2D")


def text_fragment_link(url: str | None, sentence: str) -> str | None:
    """`url` with a `#:~:text=` fragment for `sentence`; None without a URL."""
    if not url:
        return None
    base = url.split("#", 1)[0]
    # A merged attribution line sits in another block of the page; point at the first line.
    words = sentence.strip().split("\n", 1)[0].split()
    if not words:
        return base
    if len(words) <= _WHOLE_SENTENCE_WORDS:
        directive = _encode(" ".join(words))
    else:
        start = " ".join(words[:_EDGE_WORDS])
        end = " ".join(words[-_EDGE_WORDS:])
        directive = f"{_encode(start)},{_encode(end)}"
    return f"{base}#:~:text={directive}"
