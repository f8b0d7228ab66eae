"""Score the engine on question sets: hit@1, hit@3, MRR@10 and how often it declines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.evaluation.question_sets import Case, HitTest
from retrieval.models import Sentence
from retrieval.rank.engine import Engine

RANK_DEPTH = 10


@dataclass(frozen=True)
class Scores:
    rows: list[tuple[str, str]]

    def table(self) -> str:
        width = max(len(name) for name, _ in self.rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in self.rows)


def _share(count: float, total: int) -> str:
    return f"{count / total:.3f}" if total else "-"


def _first_rank(ranked: Sequence[Sentence], test: HitTest) -> int | None:
    return next((rank for rank, s in enumerate(ranked, start=1) if test(s)), None)


def evaluate(engine: Engine, cases: Sequence[Case]) -> Scores:
    """Ask every case's question and score the answers and the declines."""
    ranks: list[int | None] = []
    text_hits = text_cases = 0
    declined = {"answerable": 0, "unanswerable": 0, "off-topic": 0}
    counts = dict.fromkeys(declined, 0)
    for case in cases:
        result = engine.ask(case.question, top_k=RANK_DEPTH)
        kind = "off-topic" if case.off_topic else "unanswerable"
        if case.is_hit is not None:
            kind = "answerable"
            ranked = [engine.sentence_at(a.article, a.position) for a in result.answers]
            ranks.append(_first_rank(ranked, case.is_hit))
            if case.is_text_hit is not None:
                text_cases += 1
                text_hits += bool(ranked) and (
                    case.is_hit(ranked[0]) or case.is_text_hit(ranked[0])
                )
        counts[kind] += 1
        declined[kind] += not result.answered
    answerable = len(ranks)
    rows = [
        ("questions answerable / unanswerable", f"{answerable} / {counts['unanswerable']}"),
        ("hit@1", _share(sum(r == 1 for r in ranks), answerable)),
        ("hit@3", _share(sum(r is not None and r <= 3 for r in ranks), answerable)),
        ("MRR@10", _share(sum(1 / r for r in ranks if r is not None), answerable)),
    ]
    if text_cases:
        rows.append(("hit@1, answer text in sentence", _share(text_hits, text_cases)))
    rows += [
        ("declined when answerable", _share(declined["answerable"], answerable)),
        ("declined when unanswerable", _share(declined["unanswerable"], counts["unanswerable"])),
    ]
    if counts["off-topic"]:
        rows.append(
            (
                f"declined when off-topic ({counts['off-topic']})",
                _share(declined["off-topic"], counts["off-topic"]),
            )
        )
    return Scores(rows)
