"""How a long index build reports its progress: a caller's callback, a bar on a terminal, or
nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable

# progress(stage, fraction done in [0, 1])
ProgressCallback = Callable[[str, float], None]


def reporter(progress: bool | ProgressCallback) -> ProgressCallback:
    """The callback to report through: the caller's, a terminal bar, or nothing."""
    if callable(progress):
        return progress
    if progress and sys.stderr.isatty():
        return _TerminalBar()
    return _quiet


def _quiet(stage: str, fraction: float) -> None:
    pass


class _TerminalBar:
    """A one-line progress bar on stderr, redrawn only when it changes."""

    def __init__(self) -> None:
        self._last: tuple[str, int] | None = None

    def __call__(self, stage: str, fraction: float) -> None:
        filled = int(max(0.0, min(1.0, fraction)) * 30)
        if (stage, filled) == self._last:
            return
        self._last = (stage, filled)
        bar = "#" * filled + "." * (30 - filled)
        end = "\n" if filled == 30 else ""
        sys.stderr.write(f"\rbm25 {stage:<8} [{bar}] {fraction:4.0%}{end}")
        sys.stderr.flush()
