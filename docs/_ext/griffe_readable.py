"""A griffe extension for the API pages: docstrings as readers of the site see them.

mkdocstrings renders docstrings as Markdown, where the doctest examples that
pytest runs (``>>>`` lines) would read as nested block quotes, and Sphinx roles
(``:class:`X```) show raw. This extension, run when griffe has loaded the
package (``mkdocs.yml``: ``extensions``), rewrites each docstring in place:

* every doctest example (from a ``>>>`` line to the next blank line) becomes a
  fenced ``pycon`` code block, at its own indentation;
* ``:class:`X```, ``:func:`X``` and the other cross-reference roles become ```X```;
* a parameter whose default is a module constant (``max_bytes=DEFAULT_MAX_BYTES``)
  shows the constant's value (``16_777_216``), which is what a caller wants to know;
* a doctest's ``<BLANKLINE>`` marker shows as the blank line it stands for;
* a field declared with ``attrs.field(...)`` shows its default (``= "paragraph"``),
  or none when it is required, not the call with its private validators.

The source is not changed: ``help()`` and the doctests read the docstrings as written.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|data|mod|exc|attr|obj):`~?([^`]+)`")
_PROMPT = re.compile(r"^(\s*)>>> ")
_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_FIELD_CALLS = frozenset({"attrs.field", "attr.ib", "attr.attrib", "field"})


def fence_doctests(text: str) -> str:
    """``text`` with each doctest example inside a fenced ``pycon`` block."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        prompt = _PROMPT.match(lines[i])
        if prompt is None:
            out.append(lines[i])
            i += 1
            continue
        indent = prompt.group(1)
        out.append(f"{indent}```pycon")
        while i < len(lines) and lines[i].strip():
            out.append("" if lines[i].strip() == "<BLANKLINE>" else lines[i])
            i += 1
        out.append(f"{indent}```")
    return "\n".join(out)


def plain_roles(text: str) -> str:
    """``text`` with Sphinx cross-reference roles as plain inline code."""
    return _ROLE.sub(r"`\1`", text)


def field_default(value: object) -> object:
    """What a class attribute's value shows: an ``attrs.field()`` call as its default.

    ``attrs.field(default=X, ...)`` shows ``X``; ``attrs.field(factory=F, ...)``
    shows ``F()``; an ``attrs.field()`` with neither (a required field) shows
    nothing (``None``). Any other value is returned as it is.
    """
    if not isinstance(value, griffe.ExprCall) or str(value.function) not in _FIELD_CALLS:
        return value
    for argument in value.arguments:
        if isinstance(argument, griffe.ExprKeyword):
            if argument.name == "default":
                return argument.value
            if argument.name == "factory":
                return f"{argument.value}()"
    return None


def _objects(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _objects(member)


def _constant_value(obj: griffe.Object, name: str) -> str | None:
    """The value of the module constant ``name`` seen from ``obj``'s module, as Python."""
    module = importlib.import_module(obj.module.path)
    value = getattr(module, name, None)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    return f"{value:_}" if isinstance(value, int) else repr(value)


class ReadableDocstrings(griffe.Extension):
    """Rewrite docstrings and constant defaults once the package is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Run once griffe has loaded the whole package."""
        for obj in _objects(pkg):
            if obj.docstring is not None:
                obj.docstring.value = fence_doctests(plain_roles(obj.docstring.value))
            if isinstance(obj, griffe.Attribute):
                obj.value = field_default(obj.value)  # type: ignore[assignment]
            if isinstance(obj, griffe.Function):
                for parameter in obj.parameters:
                    default = str(parameter.default) if parameter.default is not None else ""
                    if _NAME.fullmatch(default):
                        value = _constant_value(obj, default)
                        if value is not None:
                            parameter.default = value
