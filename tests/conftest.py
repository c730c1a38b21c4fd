from __future__ import annotations

from pathlib import Path

import pytest

from goldens import FIXTURES, SEED

__all__ = ["CORPUS", "FIXTURES", "SEED"]

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
