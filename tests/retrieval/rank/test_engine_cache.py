import shutil
from pathlib import Path

import pytest

from retrieval import Engine
from retrieval.corpus import article_files, index_folder, stored_corpus
from retrieval.corpus.corpus import Corpus
from retrieval.corpus.index_folder import CACHE_DIR_NAME
from retrieval.rank import engine as engine_module
from retrieval.text.tokenizer import tokenize

ARTICLE = "Ann Hale kept the lighthouse at Dunmore for forty years.\nShe retired in 1990.\n"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    (tmp_path / "light.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def refuse_to_split(*args: object, **kwargs: object) -> Corpus:
    raise AssertionError("the corpus was split again instead of loaded from the cache")


def test_second_load_comes_from_the_cache(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus_dir / "broken.txt").write_bytes(b"\xff not utf-8")
    first = Engine.from_path(corpus_dir)
    assert (corpus_dir / CACHE_DIR_NAME).is_dir()
    monkeypatch.setattr(engine_module, "prepare", refuse_to_split)
    # Nor are the article files read again: one stored file holds them all.
    monkeypatch.setattr(article_files, "read_article", refuse_to_split)
    again = Engine.from_path(corpus_dir)
    assert tuple(again.articles) == tuple(first.articles)
    assert again.errors == first.errors
    assert [s.text for s in again.sentences] == [s.text for s in first.sentences]
    question = "Who kept the lighthouse at Dunmore?"
    assert again.ask(question) == first.ask(question)


def test_a_restart_makes_articles_only_when_asked_for(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(30):
        (corpus_dir / f"n{number:02d}.txt").write_text(f"Boat {number} sailed at dawn.\n")
    Engine.from_path(corpus_dir)
    made: list[str] = []
    make = stored_corpus._article
    monkeypatch.setattr(
        stored_corpus,
        "_article",
        lambda fields, *rest: made.append(fields["file"]) or make(fields, *rest),
    )
    again = Engine.from_path(corpus_dir)
    assert made == []
    assert len(again.articles) == 31
    assert again.article_numbers["n29"] == 30
    assert made == []
    answer = again.ask("Who kept the lighthouse at Dunmore?").answers[0]
    assert answer.title == "Light"
    assert "light.txt" in made
    assert len(made) < 10
    assert again.articles[-1].text == "Boat 29 sailed at dawn.\n"


def test_a_rebuild_removes_index_files_this_version_does_not_write(corpus_dir: Path) -> None:
    directory = corpus_dir / CACHE_DIR_NAME
    directory.mkdir()
    (directory / "articles.npz").write_bytes(b"an index an earlier version wrote")
    (directory / "notes.txt").write_text("not ours to delete")
    Engine.from_path(corpus_dir)
    assert sorted(p.name for p in directory.iterdir()) == [
        "corpus.npz",
        "notes.txt",
        "sentences.npz",
        "sequences.npz",
        "titles.npz",
    ]


def test_changed_corpus_is_rebuilt(corpus_dir: Path) -> None:
    Engine.from_path(corpus_dir)
    (corpus_dir / "more.txt").write_text("The ferry to Dunmore sails at noon.\n", "utf-8")
    engine = Engine.from_path(corpus_dir)
    assert any("ferry" in s.text for s in engine.sentences)


def test_other_irregular_forms_make_another_fingerprint(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = index_folder.fingerprint(corpus_dir, "settings")
    monkeypatch.setattr(index_folder, "_TERMS_DATA", "remade by base-forms")
    assert index_folder.fingerprint(corpus_dir, "settings") != before


@pytest.mark.parametrize("name", ["corpus.npz", "sentences.npz", "titles.npz", "sequences.npz"])
def test_corrupt_cache_is_rebuilt_not_trusted(corpus_dir: Path, name: str) -> None:
    first = Engine.from_path(corpus_dir)
    damaged = corpus_dir / CACHE_DIR_NAME / name
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    engine = Engine.from_path(corpus_dir)
    assert [s.text for s in engine.sentences] == [s.text for s in first.sentences]
    assert engine.ask("Who kept the lighthouse?").answers[0].text.startswith("Ann Hale")


SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def test_stored_sentence_and_title_terms_match_the_tokenizer(tmp_path: Path) -> None:
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "light.txt").write_text(ARTICLE, encoding="utf-8")
    for engine in (Engine.from_path(tmp_path), Engine.from_path(tmp_path)):
        terms = [engine._index.terms_of(i) for i in range(len(engine.sentences))]
        assert terms == [tuple(tokenize(s.text)) for s in engine.sentences]
        titles = [engine._index.title_terms(n) for n in range(len(engine.articles))]
        assert titles == [tuple(tokenize(a.title)) for a in engine.articles]


def test_sentences_know_their_article_and_position(corpus_dir: Path) -> None:
    (corpus_dir / "second.txt").write_text("One sentence here.\nAnd a second one.\n")
    sentences = Engine.from_path(corpus_dir).sentences
    assert [(s.article, s.position) for s in sentences] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert sentences[-1] == sentences[3]
    assert [s.text for s in sentences[1:3]] == ["She retired in 1990.", "One sentence here."]
    with pytest.raises(IndexError):
        sentences[4]
