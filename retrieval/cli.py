"""Command line: `ask` questions of a corpus, `add` articles from the web, `eval` the engine
on question sets, `train` the reranker."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from retrieval.evaluation.question_sets import (
    off_topic_cases,
    phrase_cases,
    squad_corpus,
    squad_titles,
)
from retrieval.evaluation.scores import evaluate
from retrieval.evaluation.training import train
from retrieval.ingest.add import DuplicateArticleError, add_article
from retrieval.ingest.extract import ExtractionError, extract_article
from retrieval.ingest.fetch import FetchError, fetch_page
from retrieval.models import Result
from retrieval.rank.engine import Engine
from retrieval.rank.reranker import WEIGHTS_FILE
from retrieval.text.base_forms import BASE_FORMS_FILE, save_base_forms
from retrieval.text.base_forms import from_wordnet as base_forms_from_wordnet
from retrieval.text.synonyms import SYNONYMS_FILE, from_wordnet

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "seeds"
DEFAULT_TOP = 5
_WORDNET = "Princeton WordNet 3.0 (wordnet.princeton.edu)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m retrieval", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer questions from the articles")
    ask.add_argument("questions", nargs="*", help="questions; none: one per line on stdin")
    ask.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder or file")
    ask.add_argument("--top", type=int, default=DEFAULT_TOP, help="answers per question")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")

    add = commands.add_parser("add", help="add an article from a web page")
    add.add_argument("url", nargs="?", help="the page to download")
    add.add_argument("--html", type=Path, help="a page saved earlier (no download); needs --url")
    add.add_argument("--url", dest="page_url", help="with --html: the address the page came from")
    add.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder to add to")
    add.add_argument(
        "--allow-loopback",
        action="store_true",
        help="allow 127.0.0.1/localhost pages (local testing; never private networks)",
    )

    score = commands.add_parser("eval", help="score the engine on a question file")
    score.add_argument("file", type=Path, help="JSON lines like dev_qa.jsonl, or SQuAD JSON")
    score.add_argument("--squad", action="store_true", help="FILE is SQuAD JSON (ReQA-style)")
    score.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="for JSON lines")
    score.add_argument(
        "--off-topic",
        type=Path,
        metavar="SQUAD",
        help="with --squad: also ask questions of this file's other articles (should decline)",
    )

    fit = commands.add_parser("train", help="fit the reranker on SQuAD and news questions")
    fit.add_argument("squad", type=Path, help="SQuAD JSON to learn from")
    fit.add_argument(
        "--hold-out",
        type=Path,
        action="append",
        default=[],
        help="SQuAD JSON whose articles to skip",
    )
    fit.add_argument(
        "--news",
        nargs=2,
        type=Path,
        metavar=("ARTICLES", "QUESTIONS"),
        help="also learn from these news questions (the news set's fit half only)",
    )
    fit.add_argument("--output", type=Path, default=WEIGHTS_FILE)

    words = commands.add_parser(
        "synonyms", help="make the synonym groups from WordNet 3.0's data files"
    )
    words.add_argument("wordnet", type=Path, help="folder holding data.noun, data.verb, ...")
    words.add_argument("--output", type=Path, default=SYNONYMS_FILE)

    forms = commands.add_parser(
        "base-forms", help="make the irregular word forms from WordNet 3.0's exception files"
    )
    forms.add_argument("wordnet", type=Path, help="folder holding verb.exc and noun.exc")
    forms.add_argument("--output", type=Path, default=BASE_FORMS_FILE)
    return parser


def _synonyms(wordnet: Path, output: Path) -> int:
    try:
        synonyms = from_wordnet(wordnet)
    except (OSError, ValueError, IndexError) as error:
        print(f"could not read WordNet in {wordnet}: {error}", file=sys.stderr)
        return 2
    synonyms.save(output, {"source": _WORDNET})
    print(f"{len(synonyms.groups)} groups of synonyms written to {output}")
    return 0


def _base_forms(wordnet: Path, output: Path) -> int:
    try:
        forms = base_forms_from_wordnet(wordnet)
    except (OSError, ValueError) as error:
        print(f"could not read WordNet in {wordnet}: {error}", file=sys.stderr)
        return 2
    save_base_forms(forms, output, {"source": _WORDNET})
    print(f"{len(forms)} irregular forms written to {output}")
    return 0


def _questions(given: Sequence[str]) -> Iterator[str]:
    if given:
        yield from given
        return
    for line in sys.stdin:
        if line.strip():
            yield line.strip()


def _print_text(result: Result) -> None:
    print(f"Q: {result.question}")
    if not result.answered:
        print(
            "  I couldn't find that in the articles."
            + (" The closest I found:" if result.answers else "")
        )
    for rank, answer in enumerate(result.answers, start=1):
        date = answer.published.isoformat() if answer.published else "undated"
        print(f"  {rank}. “{answer.text}”")
        print(f"     {answer.title} ({date})  {answer.link or answer.url or 'no link'}")
    print()


def _load(path: Path) -> Engine:
    engine = Engine.from_path(path)
    for error in engine.errors:
        print(f"skipped {error}", file=sys.stderr)
    return engine


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "ask":
        if args.top < 1:
            print("--top must be at least 1", file=sys.stderr)
            return 2
        engine = _load(args.corpus)
        for question in _questions(args.questions):
            result = engine.ask(question, top_k=args.top)
            if args.json:
                print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
            else:
                _print_text(result)
        return 0
    if args.command == "add":
        return _add(args)
    if args.command == "train":
        print(train(args.squad, args.hold_out, args.output, args.news))
        return 0
    if args.command == "synonyms":
        return _synonyms(args.wordnet, args.output)
    if args.command == "base-forms":
        return _base_forms(args.wordnet, args.output)
    if not args.file.is_file():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    if args.squad:
        articles, cases = squad_corpus(args.file)
        if args.off_topic:
            cases += off_topic_cases(args.off_topic, exclude=squad_titles(args.file))
        engine = Engine.from_articles(articles)
    else:
        engine = _load(args.corpus)
        cases = phrase_cases(args.file, engine.article_numbers)
    print(evaluate(engine, cases).table())
    return 0


def _add(args: argparse.Namespace) -> int:
    if (args.html is None) == (args.url is None):
        print("give a URL, or --html FILE --url URL for a saved page", file=sys.stderr)
        return 2
    try:
        if args.html is not None:
            if not args.page_url:
                print("--html needs --url: the address the page was saved from", file=sys.stderr)
                return 2
            html, url = args.html.read_bytes(), args.page_url
        else:
            page = fetch_page(args.url, allow_loopback=args.allow_loopback)
            html, url = page.content, page.url
        added = add_article(args.corpus, extract_article(html, url))
    except OSError as error:
        # Reading the saved page or writing the article file.
        print(f"not added: {error.filename}: {error.strerror or error}", file=sys.stderr)
        return 1
    except (FetchError, ExtractionError, DuplicateArticleError) as error:
        print(f"not added: {error}", file=sys.stderr)
        return 1
    article = added.article
    print(f"added {article.path}")
    print(f"  title:     {article.title}")
    print(f"  published: {article.published.isoformat() if article.published else 'undated'}")
    print(f"  outlet:    {article.outlet or 'unknown'}")
    print(f"  url:       {article.url or 'none'}")
    print(f"  sentences: {added.sentences}")
    return 0
