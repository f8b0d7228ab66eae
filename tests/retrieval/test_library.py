"""A served corpus that changes: reloads see new, changed, removed and broken files."""

from __future__ import annotations

import gc
import os
import shutil
import threading
import time
import weakref

import pytest

from retrieval.library import Library, LibraryError

SEEDS = os.path.join(os.path.dirname(__file__), "..", "..", "seeds")
LIGHTHOUSE = (
    '+++\ntitle = "Lighthouse keeper retires"\n+++\n'
    "Tormod Valeur kept the Skerra Point lighthouse for 41 years before he retired on Sunday.\n"
    "The light was automated in 2019, but he stayed on to record the weather.\n"
)
QUESTION = "When was the Skerra Point light automated?"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns(".index", "*.md"))
    return folder


def test_a_new_file_is_seen_and_answered_after_reload(corpus):
    library = Library(corpus)
    assert not library.engine.ask(QUESTION).answered
    assert not library.stale()
    (corpus / "lighthouse.txt").write_text(LIGHTHOUSE)
    assert library.stale()
    report = library.reload()
    assert report.added == ("lighthouse.txt",)
    assert report.changes == 1
    assert report.articles == 3
    result = library.engine.ask(QUESTION)
    assert result.answered
    assert "automated in 2019" in result.answers[0].text
    assert not library.stale()


def test_changed_and_removed_files_are_reported(corpus):
    (corpus / "lighthouse.txt").write_text(LIGHTHOUSE)
    library = Library(corpus)
    (corpus / "lighthouse.txt").write_text(LIGHTHOUSE.replace("2019", "2018") + "More.\n")
    seed = sorted(corpus.glob("0*.txt"))[0]
    seed.unlink()
    report = library.reload()
    assert report.changed == ("lighthouse.txt",)
    assert report.removed == (seed.name,)
    assert "1 changed, 1 removed" in report.summary()
    assert "automated in 2018" in library.engine.ask(QUESTION).answers[0].text


def test_a_broken_new_file_is_skipped_and_the_rest_served(corpus):
    library = Library(corpus)
    (corpus / "broken.txt").write_bytes(b"+++\ntitle = \n+++\nText\n")
    (corpus / "lighthouse.txt").write_text(LIGHTHOUSE)
    report = library.reload()
    assert [e.path.name for e in report.errors] == ["broken.txt"]
    assert report.articles == 3
    assert library.engine.ask(QUESTION).answered
    assert library.engine.ask("Where was Durov arrested?").answered


def test_a_vanished_folder_keeps_the_corpus_being_served(corpus):
    library = Library(corpus)
    shutil.rmtree(corpus)
    with pytest.raises(LibraryError, match="does not exist"):
        library.reload()
    assert library.engine.ask("Where was Durov arrested?").answered


def test_questions_during_reloads_are_all_answered_from_a_whole_engine(corpus):
    library = Library(corpus)
    failures: list[BaseException] = []
    answered_new: list[bool] = []
    stop = threading.Event()

    def ask_repeatedly() -> None:
        while not stop.is_set():
            try:
                engine = library.engine
                result = engine.ask(QUESTION)
                # Whatever engine a question got, its answers are that engine's own sentences
                # (none before the article arrives: nothing shares its words).
                for best in result.answers[:1]:
                    assert engine.sentence_at(best.article, best.position).text == best.text
                answered_new.append(result.answered)
                # A pause between questions, so three askers do not starve the reload of the GIL.
                time.sleep(0.002)
            except BaseException as error:
                failures.append(error)
                return

    askers = [threading.Thread(target=ask_repeatedly) for _ in range(3)]
    for thread in askers:
        thread.start()
    try:
        for round_ in range(4):
            name = corpus / "lighthouse.txt"
            if round_ % 2 == 0:
                name.write_text(LIGHTHOUSE)
            else:
                name.unlink()
            library.reload()
    finally:
        stop.set()
        for thread in askers:
            thread.join(timeout=30)
    assert not failures, failures[0]
    assert True in answered_new
    assert False in answered_new


def test_a_replaced_engine_is_freed_at_once(corpus):
    # A million sentences' engine is over a gigabyte: it must not wait for the
    # garbage collector's next full pass after a reload.
    library = Library(corpus)
    library.engine.ask(QUESTION)
    replaced = weakref.ref(library.engine)
    gc.disable()
    try:
        library.reload()
        assert replaced() is None
    finally:
        gc.enable()
