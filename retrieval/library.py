"""A corpus folder that changes while it is served: reload builds a new engine, then swaps.

Readers take `library.engine` once per question and keep that engine to the end of it, so
a question asked during a reload is answered from the old index, never a half-built one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from retrieval.corpus.index_folder import file_states
from retrieval.models import LoadError
from retrieval.rank.engine import Engine


class LibraryError(Exception):
    """The corpus folder cannot be read at all; the engine already serving stays."""


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a reload found: files added, changed and removed, and the files it skipped."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    errors: tuple[LoadError, ...]
    articles: int
    sentences: int
    seconds: float

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)

    def summary(self) -> str:
        """One line for logs and admins: counts, never article text."""
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.removed)} removed",
        ]
        skipped = f", {len(self.errors)} skipped" if self.errors else ""
        return (
            f"{', '.join(parts)}{skipped}; now {self.articles} articles, "
            f"{self.sentences} sentences ({self.seconds:.1f} s)"
        )


class Library:
    """The engine over a corpus folder, replaced whole when the folder's files change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._reloading = threading.Lock()
        self._state = file_states(path)
        self._engine = Engine.from_path(path)

    @property
    def engine(self) -> Engine:
        """The engine answering now; hold on to it for the length of one question."""
        return self._engine

    def stale(self) -> bool:
        """Whether article files were added, changed or removed since the last load."""
        return file_states(self.path) != self._state

    def reload(self) -> ReloadReport:
        """Build an engine from the folder as it is now and swap it in when it is complete."""
        with self._reloading:
            if not self.path.exists():
                raise LibraryError(f"{self.path} does not exist; still serving the last corpus")
            started = perf_counter()
            before, after = self._state, file_states(self.path)
            engine = Engine.from_path(self.path)
            # One reference assignment: a reader gets the old engine or the new, never a mix.
            self._engine, self._state = engine, after
        changed = tuple(sorted(n for n in after.keys() & before.keys() if after[n] != before[n]))
        return ReloadReport(
            added=tuple(sorted(after.keys() - before.keys())),
            changed=changed,
            removed=tuple(sorted(before.keys() - after.keys())),
            errors=engine.errors,
            articles=len(engine.articles),
            sentences=len(engine.sentences),
            seconds=perf_counter() - started,
        )
