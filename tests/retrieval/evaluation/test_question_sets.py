import json
from pathlib import Path
from types import SimpleNamespace

from retrieval.evaluation.question_sets import phrase_cases


def test_a_phrase_case_keeps_its_article_and_is_a_hit_only_there(tmp_path: Path) -> None:
    records = [
        {"question": "Who sold Opel?", "answers": ["General Motors"], "article": "opel"},
        {"question": "How do I fix a tap?", "answers": []},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    answerable, off_topic = phrase_cases(path, {"opel": 3, "other": 5})
    assert (answerable.article, off_topic.article) == ("opel", None)
    assert off_topic.is_hit is None
    said = "General Motors sold Opel."
    assert answerable.is_hit(SimpleNamespace(text=said, article=3))
    assert not answerable.is_hit(SimpleNamespace(text=said, article=5))
