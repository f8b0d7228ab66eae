from pathlib import Path

import pytest

from retrieval import Engine

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def seeds_engine() -> Engine:
    return Engine.from_path(SEEDS)
