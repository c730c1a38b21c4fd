"""Every exported class has resolvable type hints (for users' type checkers and tools)."""

from __future__ import annotations

import importlib
import inspect
from typing import get_type_hints

import pytest

import rfiparse

EXPORTED = [getattr(rfiparse, name) for name in rfiparse.__all__]
EXPORTED_TYPES = [t for t in EXPORTED if isinstance(t, type)]


@pytest.mark.parametrize("cls", EXPORTED_TYPES, ids=[t.__name__ for t in EXPORTED_TYPES])
def test_get_type_hints(cls: type) -> None:
    get_type_hints(cls)


def test_parse_has_complete_type_hints() -> None:
    hints = get_type_hints(rfiparse.parse)
    assert set(hints) == {"html", "url", "max_bytes", "return"}


def test_every_name_in_all_exists() -> None:
    for name in rfiparse.__all__:
        assert hasattr(rfiparse, name), name


# The optional modules: their exports too (their type hints name pyarrow and pyspark
# types only under TYPE_CHECKING, so functions are checked for complete hints, by name).
OPTIONAL_MODULES = ["rfiparse.warc", "rfiparse.arrow", "rfiparse.spark"]
OPTIONAL_EXPORTS = [
    (module, name)
    for module in OPTIONAL_MODULES
    for name in importlib.import_module(module).__all__
]


@pytest.mark.parametrize(
    ("module", "name"), OPTIONAL_EXPORTS, ids=[f"{m}.{n}" for m, n in OPTIONAL_EXPORTS]
)
def test_optional_module_exports_exist_and_are_annotated(module: str, name: str) -> None:
    value = getattr(importlib.import_module(module), name)
    if isinstance(value, type):
        get_type_hints(value)
    elif inspect.isfunction(value):
        annotations = value.__annotations__
        parameters = inspect.signature(value).parameters
        assert "return" in annotations, name
        assert set(parameters) <= set(annotations), name
