"""The API pages' docstrings as the site shows them (``docs/_ext/griffe_readable.py``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import griffe
import pytest

EXTENSION = Path(__file__).resolve().parent.parent / "docs" / "_ext" / "griffe_readable.py"
SRC = Path(__file__).resolve().parent.parent / "src"


def _extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("griffe_readable", EXTENSION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


READABLE = _extension()


@pytest.fixture(scope="module")
def package() -> griffe.Module:
    loaded = griffe.load(
        "rfiparse",
        search_paths=[SRC],
        extensions=griffe.load_extensions(READABLE.ReadableDocstrings),
    )
    assert isinstance(loaded, griffe.Module)
    return loaded


def _docstrings(obj: griffe.Object) -> list[tuple[str, str]]:
    found = [(obj.path, obj.docstring.value)] if obj.docstring is not None else []
    for member in obj.members.values():
        if not member.is_alias:
            found.extend(_docstrings(member))  # type: ignore[arg-type]
    return found


def test_doctest_example_becomes_a_fenced_block_at_its_indentation() -> None:
    text = "Intro.\n\n    >>> 1 + 1\n    2\n\nAfter."
    assert (
        READABLE.fence_doctests(text)
        == "Intro.\n\n    ```pycon\n    >>> 1 + 1\n    2\n    ```\n\nAfter."
    )


def test_doctest_example_at_the_end_is_closed() -> None:
    assert READABLE.fence_doctests(">>> x\n'y'") == "```pycon\n>>> x\n'y'\n```"


def test_roles_become_inline_code() -> None:
    text = "See :class:`concurrent.futures.ProcessPoolExecutor` and :func:`~rfiparse.parse`."
    assert (
        READABLE.plain_roles(text)
        == "See `concurrent.futures.ProcessPoolExecutor` and `rfiparse.parse`."
    )


def test_no_docstring_shows_a_bare_prompt_or_a_role(package: griffe.Module) -> None:
    for path, text in _docstrings(package):
        inside = False
        for line in text.splitlines():
            if line.strip().startswith("```"):
                inside = not inside
            assert inside or not line.lstrip().startswith(">>>"), path
        assert READABLE.plain_roles(text) == text, path


def test_a_constant_default_shows_its_value(package: griffe.Module) -> None:
    parse = package["_parse"]["parse"]
    assert str(parse.parameters["max_bytes"].default) == "16_777_216"
