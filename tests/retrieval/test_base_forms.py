"""Irregular word forms from WordNet's exception files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.base_forms import from_wordnet, load_base_forms

REPO = Path(__file__).resolve().parents[2]
# WordNet's exception lines: the inflected form, then its base forms.
VERBS = "abided abide\nsaid say\nwon win\nwent_on go_on\n"
NOUNS = "children child\naxes ax axis\nsaid sayid\n"


@pytest.fixture
def wordnet(tmp_path: Path) -> Path:
    (tmp_path / "verb.exc").write_text(VERBS, encoding="latin-1")
    (tmp_path / "noun.exc").write_text(NOUNS, encoding="latin-1")
    return tmp_path


def test_forms_the_stemmer_cannot_join_keep_their_first_base_form(wordnet: Path) -> None:
    assert from_wordnet(wordnet) == {
        # "abided" stems like "abide" already; phrases are left out; the verb's
        # "said" comes first.
        "axes": "ax",
        "children": "child",
        "said": "say",
        "won": "win",
    }


def test_the_shipped_forms_hold_wordnet_exceptions() -> None:
    shipped = load_base_forms()
    assert shipped["told"] == "tell"
    assert shipped["children"] == "child"
    assert len(shipped) > 1_000


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
