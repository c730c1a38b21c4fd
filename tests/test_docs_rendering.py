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


def test_blankline_marker_shows_as_a_blank_line() -> None:
    assert READABLE.fence_doctests(">>> print('a\\n\\nb')\na\n<BLANKLINE>\nb") == (
        "```pycon\n>>> print('a\\n\\nb')\na\n\nb\n```"
    )


def test_an_attrs_field_with_a_default_shows_the_default(package: griffe.Module) -> None:
    assert str(package["model"]["Paragraph"]["kind"].value) == "'paragraph'"


def test_a_required_attrs_field_shows_no_value(package: griffe.Module) -> None:
    assert package["model"]["Media"]["kind"].value is None


def test_no_attribute_shows_an_attrs_field_call(package: griffe.Module) -> None:
    def attributes(obj: griffe.Object) -> list[griffe.Attribute]:
        found: list[griffe.Attribute] = [obj] if isinstance(obj, griffe.Attribute) else []
        for member in obj.members.values():
            if not member.is_alias:
                found.extend(attributes(member))  # type: ignore[arg-type]
        return found

    for attribute in attributes(package):
        assert "attrs.field" not in str(attribute.value), attribute.path


@pytest.mark.parametrize(
    "module",
    ["model", "warc", "errors"],
    ids=["rfiparse.model", "rfiparse.warc", "rfiparse.errors"],
)
def test_every_public_field_has_a_docstring(package: griffe.Module, module: str) -> None:
    # mkdocstrings leaves out members without a docstring: a field without one
    # would be missing from the reference pages.
    undocumented = [
        attribute.path
        for name in package[module].exports or ()
        if isinstance(cls := package[module][name], griffe.Class)
        for attribute in cls.members.values()
        if isinstance(attribute, griffe.Attribute)
        and not attribute.name.startswith("_")
        and attribute.docstring is None
    ]
    assert not undocumented
