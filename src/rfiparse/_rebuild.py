"""Rebuild attrs values of ``rfiparse.model`` from their ``to_dict()`` mappings.

``rebuild(cls, data)`` is the inverse of ``to_dict()`` (and of
``json.loads(value.to_json())``) for any class of the model: the conversion is
driven by the class itself (its attrs fields and their type hints, as
``_fields.field_hints()`` reads them for ``to_dict()`` too), so a field added to
``rfiparse.model`` is read back without a change here. ``rfiparse.model`` builds
``Article.from_dict()`` and ``Teaser.from_dict()`` on it; this module knows no
class of the model.

It enforces the contracts ``rfiparse.parse()`` guarantees (``rfiparse.model``'s
docstring), so that a value rebuilt from a dict is as safe to use as a parsed one:
every ``url`` and ``short_url`` under the URL contract (absolute ``http``/``https``,
ASCII without blanks, controls or characters a URL escapes; a ``javascript:`` or
``data:`` URL is refused), every other string under the text contract (one line,
trimmed, blanks collapsed, no control character, not empty), integers not negative,
datetimes aware, kinds among their values.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypeVar, Union, cast, get_args, get_origin

import attrs

from ._fields import field_hints
from ._json import MAX_JSON_DEPTH, nests_too_deep
from ._text import is_clean_text
from .errors import RfiParseError

__all__ = ["field_error", "rebuild", "rebuild_json"]

_T = TypeVar("_T")

# Exactly what datetime.isoformat() writes for an aware datetime: seconds always,
# microseconds only when not zero, and an offset (with seconds and microseconds
# only when it has them). The offset is read here, not by datetime.fromisoformat():
# that drops an offset under one second (``+00:00:00.000001`` gives UTC) on every
# version to 3.13, and from 3.11 on accepts much more ("Z", week dates) than 3.10.
_ISO_DATETIME = re.compile(
    r"(?P<local>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{6})?)"
    r"(?P<sign>[+-])(?P<hours>\d{2}):(?P<minutes>\d{2})"
    r"(?::(?P<seconds>\d{2})(?:\.(?P<micro>\d{6}))?)?",
    re.ASCII,
)


# The fields under the URL contract; every other string field is under the text contract.
_URL_FIELDS = frozenset({"url", "short_url"})
# An absolute http(s) URL made of what a URL in normal form is made of
# (``rfiparse._urls.normalize_url()`` escapes the rest): ASCII letters and digits,
# unreserved and reserved characters, and "%". Groups: scheme, host, port, the rest.
_HTTP_URL = re.compile(
    r"(https?)://"
    r"(?:[A-Za-z0-9\-._~%!$&'()*+,;=:]*@)?"
    r"([A-Za-z0-9\-._~%!$&'()*+,;=]+|\[[0-9A-Fa-f:.]+\])"
    r"(?::([0-9]{0,5}))?"
    r"([/?#][A-Za-z0-9\-._~%!$&'()*+,;=:@/?#\[\]]*)?",
    re.ASCII,
)
_SHOWN_CHARACTERS = 80  # of a refused string, in an error message


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def field_error(path: str, message: str) -> RfiParseError:
    """The ``RfiParseError`` for a value at ``path`` (``paragraphs[3].kind``): ``message``."""
    return RfiParseError(f"{path or '<root>'}: {message}")


def _kind_of(value: object) -> str:
    """How a JSON reader would name the type of ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _expected(hint: Any) -> str:
    """A description of what ``hint`` accepts, for error messages."""
    if hint is str:
        return "a string"
    if hint is int:
        return "an integer"
    if hint is datetime:
        return "an ISO 8601 datetime string"
    origin = get_origin(hint)
    if origin is Literal:
        return "one of " + ", ".join(repr(arg) for arg in get_args(hint))
    if origin in (Union, types.UnionType):
        return " or ".join(
            "null" if arg is type(None) else _expected(arg) for arg in get_args(hint)
        )
    if origin is tuple:
        return "an array"
    return "an object"


def rebuild(cls: type[_T], data: object, path: str = "") -> _T:
    """An instance of the attrs class ``cls`` from its ``to_dict()`` mapping.

    ``path`` names where ``data`` stands, for error messages (``""``: the root).
    """
    if not isinstance(data, Mapping):
        raise field_error(path, f"expected an object, got {_kind_of(data)}")
    fields = field_hints(cast(type, cls))
    names = {name for name, _ in fields}
    for key in data:
        if key not in names:
            shown = key if isinstance(key, str) else repr(key)
            raise field_error(
                _join(path, shown), f"unknown key (known: {', '.join(sorted(names))})"
            )
    kwargs: dict[str, Any] = {}
    for name, hint in fields:
        field_path = _join(path, name)
        if name not in data:
            raise field_error(field_path, "missing")
        kwargs[name] = _convert(hint, data[name], field_path, url=name in _URL_FIELDS)
    try:
        return cast(_T, cast(Any, cls)(**kwargs))
    except (TypeError, ValueError) as exc:  # pragma: no cover - every field is checked above
        raise field_error(path, str(exc)) from exc


def rebuild_json(cls: type[_T], text: str | bytes | bytearray) -> _T:
    """``rebuild(cls, json.loads(text))``, every failure an ``RfiParseError``.

    ``text`` is JSON text, or its UTF-8 bytes. Not valid JSON (or bytes that are
    not UTF-8), and arrays or objects nested deeper than ``_json.MAX_JSON_DEPTH``
    (which no ``to_json()`` writes, and which would exhaust Python's recursion
    before decoding ends) are ``RfiParseError`` s too; a value that is neither
    text nor bytes is a ``TypeError``.
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise field_error("", f"the JSON is not UTF-8: {exc}") from None
    elif not isinstance(text, str):
        raise TypeError(f"expected JSON as str or bytes, got {type(text).__name__}")
    if nests_too_deep(text):
        raise field_error("", f"the JSON nests deeper than {MAX_JSON_DEPTH} levels, or is cut off")
    try:
        data = json.loads(text)
    except ValueError as exc:  # json.JSONDecodeError, or an integer too long to read
        raise field_error("", f"not valid JSON: {exc}") from None
    return rebuild(cls, data)


def _convert(hint: Any, value: object, path: str, *, url: bool = False) -> Any:
    """``value`` (as ``to_dict()`` writes a field of type ``hint``) back as that type.

    A string is checked against the URL contract where ``url``, else the text contract.
    """
    if hint is str:
        if isinstance(value, str):
            return _url(value, path) if url else _text(value, path)
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                raise field_error(path, f"expected an integer not negative, got {value}")
            return value
    elif hint is datetime:
        if isinstance(value, str):
            return _datetime(value, path)
    elif attrs.has(hint):
        return rebuild(hint, value, path)
    else:
        origin = get_origin(hint)
        args = get_args(hint)
        if origin is Literal:
            if any(type(value) is type(arg) and value == arg for arg in args):
                return value
        elif origin in (Union, types.UnionType):
            if value is None and type(None) in args:
                return None
            others = [arg for arg in args if arg is not type(None)]
            if len(others) != 1:  # pragma: no cover - the model has no such union
                raise NotImplementedError(f"{path}: unsupported type {hint!r}")
            if value is not None:
                return _convert(others[0], value, path, url=url)
        elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            if isinstance(value, (list, tuple)):
                return tuple(
                    _convert(args[0], item, f"{path}[{i}]") for i, item in enumerate(value)
                )
        else:  # pragma: no cover - the model has no other field type
            raise NotImplementedError(f"{path}: unsupported type {hint!r}")
    shown = repr(value) if isinstance(value, str) else _kind_of(value)
    raise field_error(path, f"expected {_expected(hint)}, got {shown}")


def _shown(value: str) -> str:
    """``repr(value)``, cut short for an error message."""
    if len(value) > _SHOWN_CHARACTERS:
        return repr(value[:_SHOWN_CHARACTERS]) + "..."
    return repr(value)


def _text(value: str, path: str) -> str:
    """``value`` if it is under the text contract, else an error naming ``path``."""
    if not is_clean_text(value):
        raise field_error(
            path,
            "expected text on one line, trimmed, blanks collapsed, without control"
            f" characters, not empty; got {_shown(value)}",
        )
    return value


def _url_problem(value: str) -> str | None:
    """What breaks the URL contract in ``value``, or ``None`` if nothing does."""
    if not value.startswith(("http://", "https://")):
        return "expected an absolute http or https URL"
    url = _HTTP_URL.fullmatch(value)
    if url is None:
        return "expected a URL in normal form (a host; ASCII without blanks or controls)"
    scheme, host, port, rest = url.groups()
    if port and int(port) > 65535:
        return "expected a URL with a valid port"
    if rest is not None and rest.startswith("//"):
        return "expected a URL with one slash after the host"
    host = host.lower()
    if scheme == "http" and (host == "rfi.fr" or host.endswith(".rfi.fr")):
        return "expected https for an rfi.fr URL"
    return None


def _url(value: str, path: str) -> str:
    """``value`` if it is under the URL contract, else an error naming ``path``."""
    problem = _url_problem(value)
    if problem is not None:
        raise field_error(path, f"{problem}, got {_shown(value)}")
    return value


def _datetime(value: str, path: str) -> datetime:
    match = _ISO_DATETIME.fullmatch(value)
    if match is None:
        raise field_error(
            path,
            "expected an ISO 8601 datetime with its UTC offset"
            f" (YYYY-MM-DDTHH:MM:SS+HH:MM), got {value!r}",
        )
    try:
        # The local part alone: YYYY-MM-DDTHH:MM:SS[.ffffff] reads alike on 3.10 to 3.13.
        local = datetime.fromisoformat(match["local"])
        offset = timedelta(
            hours=int(match["hours"]),
            minutes=int(match["minutes"]),
            seconds=int(match["seconds"] or 0),
            microseconds=int(match["micro"] or 0),
        )
        zone = timezone(-offset if match["sign"] == "-" else offset) if offset else timezone.utc
    except ValueError as exc:
        raise field_error(path, f"invalid datetime {value!r}: {exc}") from None
    return local.replace(tzinfo=zone)
