"""Irregular word forms and their base forms, from WordNet: "said" is "say", "won" is "win".

A stemmer cuts suffixes, so "travels" finds "travel"; it cannot know that
"said" is "say" or "children" is "child". WordNet's exception lists
(`verb.exc`, `noun.exc`) name those forms. The tokenizer turns each into its base
form before stemming, so that "What did Telegram say?" finds "it said", and
"Who won?" finds "wins". Forms the stemmer already joins are left out, and so are
forms that are words of their own ("rose", "left", "lives"): those whose stem is that of
a noun or verb WordNet's tagged corpus uses. The list is saved as `base_forms.json`;
`python -m retrieval base-forms DIR` makes it again from WordNet's files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import Stemmer

from retrieval.text.stop_words import STOP_WORDS

BASE_FORMS_FILE = Path(__file__).with_name("base_forms.json")
# Adjectives' exceptions join comparatives to other words ("best" to "good"), which
# a question means as asked.
EXCEPTION_PARTS = ("verb", "noun")
# What the tokenizer makes one word of; "aides-de-camp" never reaches the list.
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def load_base_forms(path: Path = BASE_FORMS_FILE) -> dict[str, str]:
    """The irregular forms saved at `path`, each with its base form."""
    return json.loads(path.read_text("utf-8"))["forms"]


def _used_headwords(directory: Path) -> Iterator[str]:
    """The one-word nouns and verbs of WordNet's `index.*` files with a sense tagged in
    its corpus (SemCor): "rose" the flower is, "won" the currency is not."""
    for part in EXCEPTION_PARTS:
        with (directory / f"index.{part}").open(encoding="latin-1") as lines:
            for line in lines:
                if line.startswith(" "):  # the licence at the top of the file
                    continue
                lemma, _, _, pointers, *rest = line.split()
                tagged_senses = int(rest[int(pointers) + 1])
                if tagged_senses and "_" not in lemma:
                    yield lemma


def from_wordnet(directory: Path) -> dict[str, str]:
    """Each one-word form of WordNet's exception files in `directory` with its (first)
    base form, where the English stemmer does not join the two and the form is not a
    used word of its own."""
    stem = Stemmer.Stemmer("english").stemWord
    own_words = {stem(word) for word in _used_headwords(directory)}
    forms: dict[str, str] = {}
    for part in EXCEPTION_PARTS:
        with (directory / f"{part}.exc").open(encoding="latin-1") as lines:
            for line in lines:
                form, base, *_ = line.split()
                if (
                    form not in forms
                    and _WORD.fullmatch(form)
                    and "_" not in base
                    and form not in STOP_WORDS
                    and stem(form) != stem(base)
                    and stem(form) not in own_words
                ):
                    forms[form] = base
    return dict(sorted(forms.items()))


def save_base_forms(forms: dict[str, str], path: Path, about: dict[str, object]) -> None:
    """Write `forms` to `path` as JSON, with `about` (their source) beside them."""
    stored = {**about, "forms": forms}
    path.write_text(json.dumps(stored, indent=0, ensure_ascii=False) + "\n", "utf-8")
