"""The model's classes as data: their attrs fields, type hints, and the dict each writes.

One home for what every reader of ``rfiparse.model`` needs: ``field_hints()`` gives a
class's fields with their resolved type hints (``_serialize`` reads dicts back with
them, ``_schema`` describes the dicts with them) and ``dict_writer()`` builds, once
per class, the function behind each ``to_dict()``. A field added to the model is
written, read back and described without a change anywhere else.

This module imports nothing from the package, so that ``rfiparse.model`` may import it.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs

__all__ = ["DictWriter", "dict_writer", "field_hints"]

DictWriter = Callable[[Any], dict[str, Any]]
"""A function from an instance of one model class to its JSON-ready ``dict``."""


@functools.cache
def field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """``(name, type hint)`` of each attrs field of ``cls``, in declaration order.

    The hints are resolved (``from __future__ import annotations`` leaves strings).
    """
    hints = get_type_hints(cls)
    return tuple((field.name, hints[field.name]) for field in attrs.fields(cls))


def dict_writer(cls: type) -> DictWriter:
    """The function that writes an instance of the attrs class ``cls`` as a ``dict``.

    The ``dict`` has one key per field, in declaration order, every field present:
    ``None`` stays ``None``, a datetime becomes its ISO 8601 string
    (``datetime.isoformat()``, the offset included), a tuple a list, a nested model
    object its own ``dict``; strings and integers are kept. A hint of any other
    shape raises ``NotImplementedError``. No class may hold itself, directly or not
    (none of the model's does): its writer would need itself to be built.

    Built once per class, as attrs builds ``__init__``: the source of one function
    returning one ``dict`` display (``{"text": self.text, "links": [...]}``) is
    written from ``field_hints(cls)`` and compiled, so that it runs as fast as the
    same function written by hand. The source holds only field and class names.
    """
    return _compiled_writer(cls)


@functools.cache  # behind dict_writer(), whose argument mypy then reads as a plain type
def _compiled_writer(cls: type) -> DictWriter:
    """``dict_writer(cls)``, compiled on the first call for ``cls`` and kept."""
    namespace: dict[str, Any] = {}
    items = ", ".join(
        f"{name!r}: {_written(hint, f'self.{name}', namespace)}" for name, hint in field_hints(cls)
    )
    source = f"def write(self):\n    return {{{items}}}\n"
    exec(compile(source, f"<to_dict of {cls.__qualname__}>", "exec"), namespace)
    writer: DictWriter = namespace["write"]
    return writer


def _written(hint: Any, value: str, namespace: dict[str, Any]) -> str:
    """The expression of what JSON holds for ``value``, an expression of type ``hint``.

    A nested class's writer is put in ``namespace`` under the name the expression uses.
    """
    if hint is str or hint is int:
        return value
    if hint is datetime:
        return f"{value}.isoformat()"
    if isinstance(hint, type) and attrs.has(hint):
        writer = f"_write{len(namespace)}_{hint.__name__}"  # unique, should names clash
        namespace[writer] = _compiled_writer(hint)
        return f"{writer}({value})"
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is Literal and all(isinstance(arg, str) for arg in args):
        return value
    if origin in (Union, types.UnionType):
        others = [arg for arg in args if arg is not type(None)]
        if len(others) == 1:
            written = _written(others[0], value, namespace)
            return value if written == value else f"None if {value} is None else {written}"
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        written = _written(args[0], "item", namespace)
        return f"list({value})" if written == "item" else f"[{written} for item in {value}]"
    raise NotImplementedError(f"no JSON form for the type {hint!r}")
