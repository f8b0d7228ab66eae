"""Irregular word forms from WordNet's exception files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.text.base_forms import from_wordnet, load_base_forms
from retrieval.text.stop_words import STOP_WORDS

REPO = Path(__file__).resolve().parents[3]
# WordNet's exception lines: the inflected form, then its base forms.
VERBS = "abided abide\nsaid say\nwon win\nwent_on go_on\nrose rise\n"
NOUNS = "children child\naxes ax axis\nsaid sayid\nlives life\naides-de-camp aide-de-camp\n"
# Index lines: lemma, part, senses, pointer count, pointers, senses, senses tagged, ids.
LICENCE = "  1 This software and database is being provided to you\n"
VERB_INDEX = "live v 2 1 @ 2 2 02614387 02617567\n"
NOUN_INDEX = "rose n 1 1 @ 1 1 12648045\nwon n 1 1 @ 1 0 13735980\n"


@pytest.fixture
def wordnet(tmp_path: Path) -> Path:
    files = {
        "verb.exc": VERBS,
        "noun.exc": NOUNS,
        "index.verb": LICENCE + VERB_INDEX,
        "index.noun": LICENCE + NOUN_INDEX,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="latin-1")
    return tmp_path


def test_forms_the_stemmer_cannot_join_keep_their_first_base_form(wordnet: Path) -> None:
    assert from_wordnet(wordnet) == {
        # "abided" stems like "abide" already; phrases and hyphenated forms are left
        # out; "rose" (the flower) and "lives" (stem "live") are words of their own,
        # "won" (the currency) is never used; the verb's "said" comes first.
        "axes": "ax",
        "children": "child",
        "said": "say",
        "won": "win",
    }


def test_the_shipped_forms_hold_wordnet_exceptions() -> None:
    shipped = load_base_forms()
    assert shipped["told"] == "tell"
    assert shipped["children"] == "child"
    assert "rose" not in shipped
    assert "left" not in shipped
    assert not set(shipped) & STOP_WORDS
    assert all(form.replace("'", "").isalpha() for form in shipped)


def make_base_forms(wordnet: Path, output: Path) -> subprocess.CompletedProcess[str]:
    command = ["base-forms", str(wordnet), "--output", str(output)]
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *command], cwd=REPO, capture_output=True, text=True
    )


def test_command_writes_the_forms_and_names_a_missing_folder(wordnet: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    done = make_base_forms(wordnet, output)
    assert done.returncode == 0, done.stderr
    assert "4 irregular forms" in done.stdout
    assert load_base_forms(output)["won"] == "win"
    missing = tmp_path / "nowhere"
    done = make_base_forms(missing, output)
    assert done.returncode == 2
    assert str(missing) in done.stderr
    assert "Traceback" not in done.stderr
