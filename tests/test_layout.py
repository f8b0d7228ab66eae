"""The code is laid out as the pipeline runs: each part of `retrieval` imports only the parts
before it, no module imports itself back, no module grows past 350 lines, and `bot` sees
only what `retrieval/__init__.py` exports."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RETRIEVAL = ROOT / "retrieval"
MAX_LINES = 350
# Shared by every stage: the values that cross module lines, and the checksummed store.
BASE = {"models", "array_store"}
# A question's way through the engine; a stage may import the stages before it.
PIPELINE = ["text", "corpus", "index", "fields", "rank"]
# Adding articles needs their text and their files, never the index or the ranking.
INGEST_MAY_IMPORT = {"text", "corpus"}
# Above the engine, free to use all of it: serving a folder, measuring, the command line.
TOP = {"library", "evaluation", "cli", "__init__", "__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(RETRIEVAL.rglob("*.py"))}


def part_of(module: str) -> str:
    """The part of retrieval a module belongs to: its subpackage, or its own name."""
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def imported(path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The retrieval modules `path` imports, anywhere in it (a lazy import counts too)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "retrieval")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "retrieval":
                continue
            for alias in node.names:
                # `from retrieval.fields import span_field` imports a module, not a name.
                submodule = f"{node.module}.{alias.name}"
                yield submodule if submodule in known else node.module


def may_import(importer: str, imported_part: str) -> bool:
    if importer in TOP or imported_part == importer or imported_part in BASE:
        return True
    if importer == "ingest":
        return imported_part in INGEST_MAY_IMPORT
    if importer in PIPELINE and imported_part in PIPELINE:
        return PIPELINE.index(imported_part) < PIPELINE.index(importer)
    return False


def test_every_part_of_retrieval_is_placed() -> None:
    parts = {part_of(module) for module in modules()}
    assert parts == BASE | set(PIPELINE) | {"ingest"} | TOP


def test_each_part_imports_only_the_parts_before_it() -> None:
    known = modules()
    wrong = [
        f"{module} imports {target}"
        for module, path in known.items()
        for target in imported(path, known)
        if not may_import(part_of(module), part_of(target))
    ]
    assert wrong == []


def test_no_module_imports_itself_back() -> None:
    known = modules()
    graph = {module: set(imported(path, known)) - {module} for module, path in known.items()}
    done: set[str] = set()

    def cycle_from(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for target in sorted(graph.get(module, ())):
            found = cycle_from(target, [*path, module])
            if found:
                return found
        done.add(module)
        return None

    cycles = [cycle for module in graph if (cycle := cycle_from(module, []))]
    assert cycles == []


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        module: lines
        for module, path in modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_bot_imports_only_the_public_face_of_retrieval() -> None:
    reaching = [
        f"{path.name}: {target}"
        for path in sorted((ROOT / "bot").glob("*.py"))
        for target in imported(path, {})
        if target != "retrieval"
    ]
    assert reaching == []


def test_trafilatura_is_loaded_only_when_a_page_is_extracted() -> None:
    script = (
        "import sys, retrieval, bot.app\n"
        "print('trafilatura' in sys.modules)\n"
        "try:\n"
        "    retrieval.extract_article('<html></html>')\n"
        "except retrieval.ExtractionError:\n"
        "    pass\n"
        "print('trafilatura' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
