"""Fixtures for driving the bot offline through Application.process_update."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from bot_harness import SEEDS, Recorder, make_settings, recorded_builder
from telegram.ext import Application

from bot.handlers import register_handlers
from bot.settings import Settings
from retrieval import Engine
from retrieval.library import Library

AppFactory = Callable[..., Awaitable[tuple[Application, Recorder]]]


@pytest.fixture(scope="session")
def library() -> Library:
    return Library(SEEDS)


@pytest.fixture(scope="session")
def engine(library: Library) -> Engine:
    return library.engine


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses asked of asyncio.sleep, recorded instead of slept."""
    asked: list[float] = []

    async def sleep(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    return asked


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Settings read the environment; the runner's own variables must not leak in.
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
async def make_app(library: Library) -> AsyncIterator[AppFactory]:
    """Build initialised Applications with a Recorder; shut them down afterwards."""
    apps: list[Application] = []

    async def build(
        settings: Settings | None = None, corpus: Library | None = None
    ) -> tuple[Application, Recorder]:
        recorder = Recorder()
        app = recorded_builder(recorder).build()
        settings = settings or make_settings()
        register_handlers(app, corpus or library, settings)
        await app.initialize()
        apps.append(app)
        return app, recorder

    yield build
    for app in apps:
        await app.shutdown()


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Callable[[str], Library]:
    """Serve a one-article corpus written for the test."""

    def build(text: str) -> Library:
        (tmp_path / "tiny.txt").write_text(text, encoding="utf-8")
        return Library(tmp_path / "tiny.txt")

    return build
