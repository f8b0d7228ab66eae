import json
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.cli import main

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ask_prints_best_sentence_with_title_date_and_link() -> None:
    done = run("ask", "Where was Durov arrested?")
    assert done.returncode == 0, done.stderr
    first = done.stdout.split("\n  2.")[0]
    assert "arrested" in first
    assert "2024-08-25" in first
    assert "#:~:text=" in first
    assert "Le Bourget" in done.stdout


def test_ask_json_reads_questions_from_stdin_one_object_per_line_in_order() -> None:
    done = run(
        "ask",
        "--json",
        "--top",
        "2",
        stdin="Who is Telegram's CEO?\n\nWhat is the capital of Australia?\n",
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["question"] for r in lines] == [
        "Who is Telegram's CEO?",
        "What is the capital of Australia?",
    ]
    assert lines[0]["answered"] is True
    assert lines[1]["answered"] is False
    # Nothing in the seeds shares a word with the second question: no "closest" sentence.
    assert [len(r["answers"]) for r in lines] == [2, 0]
    for record in lines:
        for answer in record["answers"]:
            assert {"text", "score", "title", "url", "link"} <= answer.keys()
            assert isinstance(answer["score"], float)
            assert {"short", "short_start", "short_end"} <= answer.keys()


def test_ask_with_a_corpus_of_one_plain_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "note.txt"
    article.write_text(
        "Ann Brown, the lighthouse keeper, lit the lamp at dusk every day.\n", encoding="utf-8"
    )
    assert main(["ask", "--json", "--corpus", str(article), "Who lit the lamp?"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["answers"][0]["text"].startswith("Ann Brown, the lighthouse keeper")
    assert record["answers"][0]["url"] is None
    assert record["answers"][0]["link"] is None
    assert record["answers"][0]["title"] == "Note"
    short, start, end = (record["answers"][0][k] for k in ("short", "short_start", "short_end"))
    assert short == "Ann Brown"
    assert record["answers"][0]["text"][start:end] == short


def test_broken_article_is_reported_on_stderr_and_the_rest_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.txt").write_text("The lighthouse keeper lit the lamp at dusk.\n", "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa bad bytes")
    assert main(["ask", "--json", "--corpus", str(tmp_path), "Who lit the lamp?"]) == 0
    captured = capsys.readouterr()
    assert "bad.txt" in captured.err
    assert "lighthouse" in captured.out


def test_bad_top_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--top", "0", "anything"]) == 2
    assert "--top" in capsys.readouterr().err


def test_eval_prints_the_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = tmp_path / "qa.jsonl"
    questions.write_text(
        json.dumps(
            {"question": "What is the French agency for minors called?", "answers": ["OFMIN"]}
        )
        + "\n"
        + json.dumps({"question": "What is the capital of Australia?", "answers": []})
        + "\n",
        encoding="utf-8",
    )
    assert main(["eval", str(questions)]) == 0
    out = capsys.readouterr().out
    assert "hit@1" in out
    assert "1.000" in out.split("hit@1")[1].splitlines()[0]
    assert "declined when unanswerable" in out


def test_eval_squad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    context = "The lighthouse was built in 1850. Its keeper was Ann Hale. It still stands."
    squad = {
        "data": [
            {
                "title": "Lighthouse",
                "paragraphs": [
                    {
                        "context": context,
                        "qas": [
                            {
                                "question": "Who was the keeper of the lighthouse?",
                                "id": "1",
                                "answers": [
                                    {"text": "Ann Hale", "answer_start": context.index("Ann")}
                                ],
                            },
                            {
                                "question": "What colour is the lighthouse roof?",
                                "id": "2",
                                "answers": [],
                                "is_impossible": True,
                            },
                        ],
                    }
                ],
            }
        ]
    }
    path = tmp_path / "squad.json"
    path.write_text(json.dumps(squad), encoding="utf-8")
    assert main(["eval", "--squad", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 / 1" in out
    assert "1.000" in out.split("hit@1")[1].splitlines()[0]
