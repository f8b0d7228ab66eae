"""Irregular word forms and their base forms, from WordNet: "said" is "say", "won" is "win".

A stemmer cuts suffixes, so "travels" finds "travel"; it cannot know that
"said" is "say" or "children" is "child". WordNet's exception lists
(`verb.exc`, `noun.exc`) name those forms. The tokenizer turns each into its base
form before stemming, so that "What did Telegram say?" finds "it said", and
"Who won?" finds "wins". Forms the stemmer already joins are left out. The
list is saved as `base_forms.json`; `python -m retrieval base-forms DIR` makes it
again from WordNet's files.
"""

from __future__ import annotations

import json
from pathlib import Path

import Stemmer

BASE_FORMS_FILE = Path(__file__).with_name("base_forms.json")
# Adjectives' exceptions join comparatives to other words ("best" to "good"), which
# a question means as asked.
EXCEPTION_PARTS = ("verb", "noun")


def load_base_forms(path: Path = BASE_FORMS_FILE) -> dict[str, str]:
    """The irregular forms saved at `path`, each with its base form."""
    return json.loads(path.read_text("utf-8"))["forms"]


def from_wordnet(directory: Path) -> dict[str, str]:
    """Each one-word form of WordNet's exception files in `directory` that the English
    stemmer does not join to its (first) base form."""
    stem = Stemmer.Stemmer("english").stemWord
    forms: dict[str, str] = {}
    for part in EXCEPTION_PARTS:
        with (directory / f"{part}.exc").open(encoding="latin-1") as lines:
            for line in lines:
                form, base, *_ = line.split()
                if "_" not in form + base and form not in forms and stem(form) != stem(base):
                    forms[form] = base
    return dict(sorted(forms.items()))


def save_base_forms(forms: dict[str, str], path: Path, about: dict[str, object]) -> None:
    stored = {**about, "forms": forms}
    path.write_text(json.dumps(stored, indent=0, ensure_ascii=False) + "\n", "utf-8")
