"""JSON Schemas (draft 2020-12) of ``Article.to_dict()`` and ``Teaser.to_dict()``.

The schemas are generated from the model itself: its attrs fields, their type
hints, the class docstrings and the field docstrings (read from the source of
``rfiparse.model``). The package ships them as ``rfiparse/schema/*.schema.json``;
``python -m rfiparse._schema`` regenerates those files, and
``python -m rfiparse._schema --check`` only tells whether they are up to date.
"""

from __future__ import annotations

import argparse
import ast
import functools
import inspect
import json
import re
import sys
import types
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from . import model
from ._fields import field_hints
from .model import Article, Teaser

__all__ = ["SCHEMA_DIR", "article_schema", "render", "teaser_schema"]

SCHEMA_DIR = Path(__file__).parent / "schema"
"""Where the package keeps the generated schema files."""

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_FILES = {"article.schema.json": "article", "teaser.schema.json": "teaser"}


def article_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every ``Article.to_dict()`` satisfies.

    Every key is required and no other is allowed; nested classes are ``$defs``.
    """
    return _root_schema(Article)


def teaser_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every ``Teaser.to_dict()`` satisfies."""
    return _root_schema(Teaser)


def render(schema: dict[str, Any]) -> str:
    """The text of a schema file: two-space indents, UTF-8 characters as written."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# -- descriptions ------------------------------------------------------------------

_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")
_LITERAL = re.compile(r"``(.+?)``")


def _plain(doc: str) -> str:
    """A docstring as one line of plain text.

    Sphinx roles and ``literals`` become Markdown-style `code`, Python's ``None``
    JSON's ``null``, and whitespace runs one space.
    """
    text = _ROLE.sub(r"`\1`", doc)
    text = _LITERAL.sub(r"`\1`", text).replace("`None`", "`null`")
    return " ".join(text.split())


@functools.cache
def _field_docs() -> dict[str, dict[str, str]]:
    """``{class name: {field name: docstring}}`` from the source of ``rfiparse.model``.

    A field's docstring is the string literal right after its annotated
    assignment, as the model writes them. Empty when the source is unavailable.
    """
    try:
        source = inspect.getsource(model)
    except (OSError, TypeError):  # pragma: no cover - source-less installs
        return {}
    docs: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        for statement, following in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                fields[statement.target.id] = inspect.cleandoc(following.value.value)
        docs[node.name] = fields
    return docs


def _describe(schema: dict[str, Any], doc: str | None) -> dict[str, Any]:
    if doc:
        return {"description": _plain(doc), **schema}
    return schema


# -- the walk ------------------------------------------------------------------------


def _root_schema(cls: type) -> dict[str, Any]:
    defs: dict[str, dict[str, Any]] = {}
    schema = {"$schema": _DIALECT, **_object_schema(cls, defs)}
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def _object_schema(cls: type, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    docs = _field_docs().get(cls.__name__, {})
    properties = {
        name: _describe(_type_schema(hint, defs), docs.get(name)) for name, hint in field_hints(cls)
    }
    doc = inspect.getdoc(cls)
    return {
        "title": cls.__name__,
        **({"description": _plain(doc)} if doc else {}),
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _type_schema(hint: Any, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The schema of what ``to_dict()`` writes for a value of type ``hint``."""
    if hint is str:
        return {"type": "string"}
    if hint is int:
        return {"type": "integer"}
    if hint is datetime:
        return {"type": "string", "format": "date-time"}
    if isinstance(hint, type) and attrs.has(hint):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: a class may be reached again while it is built
            defs[name] = _object_schema(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is Literal:
        if all(isinstance(arg, str) for arg in args):
            return {"type": "string", "enum": list(args)}
    elif origin in (Union, types.UnionType):
        return {
            "anyOf": [
                {"type": "null"} if arg is type(None) else _type_schema(arg, defs) for arg in args
            ]
        }
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    raise NotImplementedError(f"no JSON Schema for the type {hint!r}")


# -- the command ---------------------------------------------------------------------


def _generated() -> dict[str, str]:
    schemas = {"article": article_schema, "teaser": teaser_schema}
    return {name: render(schemas[which]()) for name, which in _FILES.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Write the schema files into ``rfiparse/schema/`` (or, with ``--check``, compare)."""
    parser = argparse.ArgumentParser(
        prog="python -m rfiparse._schema",
        description="Regenerate the JSON Schemas shipped in rfiparse/schema/.",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file is out of date"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, text in _generated().items():
        path = SCHEMA_DIR / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            SCHEMA_DIR.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {path}")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run python -m rfiparse._schema)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
