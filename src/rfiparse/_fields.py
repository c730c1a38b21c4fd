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
import operator
import types
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs

__all__ = ["DictWriter", "dict_writer", "field_hints"]

DictWriter = Callable[[Any], dict[str, Any]]
"""A function from an instance of one model class to its JSON-ready ``dict``."""

# A conversion of one field's value into what JSON holds; None: the value as it is.
_Conversion = Callable[[Any], Any] | None


@functools.cache
def field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """``(name, type hint)`` of each attrs field of ``cls``, in declaration order.

    The hints are resolved (``from __future__ import annotations`` leaves strings).
    """
    hints = get_type_hints(cls)
    return tuple((field.name, hints[field.name]) for field in attrs.fields(cls))


@functools.cache
def dict_writer(cls: type) -> DictWriter:
    """The function that writes an instance of the attrs class ``cls`` as a ``dict``.

    The ``dict`` has one key per field, in declaration order, every field present:
    ``None`` stays ``None``, a datetime becomes its ISO 8601 string
    (``datetime.isoformat()``, the offset included), a tuple a list, a nested model
    object its own ``dict``; strings and integers are kept. Built once per class
    from ``field_hints(cls)``; a hint of any other shape raises ``NotImplementedError``.
    """
    fields = field_hints(cls)
    names = tuple(name for name, _ in fields)
    values = operator.attrgetter(*names)  # every model class has two fields or more
    conversions = tuple(
        (name, convert) for name, hint in fields if (convert := _conversion(hint)) is not None
    )

    def write(instance: Any) -> dict[str, Any]:
        # Setting a key again keeps its place, so the order stays the fields' order.
        data = dict(zip(names, values(instance), strict=True))
        for name, convert in conversions:
            data[name] = convert(data[name])
        return data

    return write


def _conversion(hint: Any) -> _Conversion:
    """How a value of type ``hint`` becomes what JSON holds (``None``: as it is)."""
    if hint is str or hint is int:
        return None
    if hint is datetime:
        return datetime.isoformat
    if isinstance(hint, type) and attrs.has(hint):
        return dict_writer(hint)
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is Literal and all(isinstance(arg, str) for arg in args):
        return None
    if origin in (Union, types.UnionType):
        others = [arg for arg in args if arg is not type(None)]
        if len(others) == 1:
            return _or_none(_conversion(others[0]))
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _as_list(_conversion(args[0]))
    raise NotImplementedError(f"no JSON form for the type {hint!r}")


def _or_none(convert: _Conversion) -> _Conversion:
    """``convert`` for an optional value: ``None`` stays ``None``."""
    if convert is None:
        return None

    def convert_unless_none(value: Any) -> Any:
        return None if value is None else convert(value)

    return convert_unless_none


def _as_list(convert: _Conversion) -> Callable[[tuple[Any, ...]], list[Any]]:
    """A tuple as a list, each item converted by ``convert``."""
    if convert is None:
        return list
    return functools.partial(_converted_list, convert)


def _converted_list(convert: Callable[[Any], Any], items: tuple[Any, ...]) -> list[Any]:
    return list(map(convert, items))
