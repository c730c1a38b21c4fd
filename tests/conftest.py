from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from goldens import FIXTURES, SEED

__all__ = ["CORPUS", "FIXTURES", "SEED"]

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SOURCES = Path(__file__).resolve().parents[1] / "src"


def _imported_package() -> Path | None:
    """The folder of the ``rfiparse`` that ``import rfiparse`` finds; ``None`` if there is none.

    Found without importing it: this runs before any test module is collected.
    """
    spec = importlib.util.find_spec("rfiparse")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def pytest_configure(config: pytest.Config) -> None:
    """Collect the package's doctests from the ``rfiparse`` that the tests import.

    ``testpaths`` names ``src`` for the doctests of ``src/rfiparse``. Where rfiparse is
    installed normally (the sdist unpacked, ``pip install ".[test]"``, ``pytest``), the
    tests import it from site-packages, and collecting ``src/rfiparse`` would import each
    module a second time ("import file mismatch"): the argument ``src`` then stands for
    the installed package, the very files the tests run against. In a checkout
    (``pip install -e .`` or ``PYTHONPATH=src``) it is ``src/rfiparse``: nothing changes.
    """
    installed = _imported_package()
    if installed is None or installed == SOURCES / "rfiparse":
        return
    here = config.invocation_params.dir
    config.args[:] = [
        str(installed) if (here / arg).resolve() == SOURCES else arg for arg in config.args
    ]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
