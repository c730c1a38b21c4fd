"""Every exported class has resolvable type hints (for users' type checkers and tools)."""

from __future__ import annotations

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
