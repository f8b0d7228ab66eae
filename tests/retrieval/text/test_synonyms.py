"""Synonym groups from WordNet's files, made and read back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.text.synonyms import Synonyms, from_wordnet, load_synonyms
from retrieval.text.tokenizer import tokenize

REPO = Path(__file__).resolve().parents[3]
LICENCE = "  1 This software and database is being provided to you, the LICENSEE, by  \n"
# WordNet's data lines: offset, lexicographer file, part of speech, lemma count (hex),
# then each lemma with its lex id, then pointers and the gloss.
NOUNS = (
    LICENCE
    + "00000001 18 n 03 chief_executive_officer 0 CEO 0 top_dog 0 000 | the boss\n"
    + "00000002 04 n 02 journey 0 journeying 0 000 | the act of traveling\n"
    + "00000003 04 n 01 lighthouse 0 000 | a tower with a light\n"
)
VERBS = LICENCE + "00000004 32 v 03 accuse 0 charge 1 accuse 1 000 | blame for\n"
ADJECTIVES = LICENCE + "00000005 00 s 02 galore(ip) 0 abundant 0 000 | in plenty\n"


@pytest.fixture
def wordnet(tmp_path: Path) -> Path:
    for part, text in (("noun", NOUNS), ("verb", VERBS), ("adj", ADJECTIVES), ("adv", LICENCE)):
        (tmp_path / f"data.{part}").write_text(text, encoding="latin-1")
    return tmp_path


def phrase(words: str) -> str:
    return " ".join(tokenize(words))


def test_groups_are_synsets_of_short_lemmas_as_terms(wordnet: Path) -> None:
    groups = {frozenset(g) for g in from_wordnet(wordnet).groups}
    assert groups == {
        # The three-word lemma is left out; a synset left with one phrase is no group.
        frozenset({phrase("CEO"), phrase("top dog")}),
        frozenset({phrase("accuse"), phrase("charge")}),
        frozenset({phrase("galore"), phrase("abundant")}),
    }


def test_a_phrase_finds_every_group_it_is_in_but_not_itself() -> None:
    synonyms = Synonyms([["a", "b"], ["a", "c d"], ["e", "f"]])
    assert synonyms.of("a") == {"b", "c d"}
    assert synonyms.of("c d") == {"a"}
    assert synonyms.of("z") == frozenset()


def test_saved_groups_load_the_same(wordnet: Path, tmp_path: Path) -> None:
    made = from_wordnet(wordnet)
    made.save(tmp_path / "s.json", {"source": "test"})
    assert load_synonyms(tmp_path / "s.json").groups == made.groups


def test_the_shipped_groups_hold_wordnet_synonyms() -> None:
    shipped = load_synonyms()
    assert phrase("purchase") in shipped.of(phrase("buy"))
    assert len(shipped.groups) > 10_000


def make_synonyms(wordnet: Path, output: Path) -> subprocess.CompletedProcess[str]:
    command = ["synonyms", str(wordnet), "--output", str(output)]
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *command], cwd=REPO, capture_output=True, text=True
    )


def test_command_writes_the_groups_and_names_a_missing_folder(
    wordnet: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out.json"
    done = make_synonyms(wordnet, output)
    assert done.returncode == 0, done.stderr
    assert "3 groups" in done.stdout
    assert len(load_synonyms(output).groups) == 3
    missing = tmp_path / "nowhere"
    done = make_synonyms(missing, output)
    assert done.returncode == 2
    assert str(missing) in done.stderr
    assert "Traceback" not in done.stderr
