"""The oracle floor: the same ``Article``, built with every decision already known.

For one input, ``plan()`` (not timed) finds *where* each value of the ``Article``
that ``rfiparse.parse()`` returns stands in the input, and writes a Python function
that does only the work left once every decision is made, straight-line, as if
written by hand for that input:

- the header split: a record's header and its HTML are known ranges of the bytes
  (the header, where a value is read from it, is decoded; the HTML is not);
- the correct parse (``_floors``): ``lxml.etree.fromstring`` of the bytes rfiparse
  hands to libxml2, rebuilt from known ranges of the input (with the few bytes
  the glued-tag repair inserts), with rfiparse's own parser;
- one read of each needed element, reached by a path of child indices found
  from rfiparse's own output on that input (``root[1][0][3]``), then of its text,
  tail or attribute (a value spread over several text nodes, as a paragraph with
  inline markup, is their ``"".join()``; a value that is part of one, as a
  section in a URL, a slice of it);
- text cleaning, URL normalisation, date parsing (rfiparse's own helpers:
  ``clean_text``, ``normalize_url``, ``paris_datetime``, ``iso_datetime``,
  ``epoch_ms_to_utc``), ``int()`` of digits, percent- and entity-decoding;
- the attrs objects (``Article``, ``Paragraph`` …), only with the fields that are set.

Only *where* is precomputed, never *what*: the function's constants are child
indices, attribute names, slice offsets, the paragraph and media ``kind`` s (a
decision), the line break ``<br>`` stands for (a space), and the bytes the
glued-tag repair inserts. Every string, number and date of the result is read
from the input in the timed call. A value no reader finds (one that rfiparse
derives by a rule the oracle has no reader for) makes the plan fail:
``OracleError``, never a copied value; and ``plan()`` checks that the function's
``Article`` equals ``rfiparse.parse()``'s, or raises.
"""

from __future__ import annotations

import ast
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, unquote

import attrs
import lxml.etree
from _floors import ParseStep, capture

import rfiparse
from rfiparse import model
from rfiparse._dates import epoch_ms_to_utc, iso_datetime, paris_datetime
from rfiparse._editions import EDITIONS
from rfiparse._text import clean_text
from rfiparse._urls import RFI_BASE, normalize_url

__all__ = ["OracleError", "OraclePlan", "check_constants", "compile_oracle", "plan"]

# Nodes of text scanned after a paragraph's first one, looking for the rest of it.
_JOIN_WINDOW = 400
# Fields whose value is a decision (a kind among a few), written as a constant.
_DECISIONS = frozenset({("Paragraph", "kind"), ("Media", "kind")})
_URL_FIELDS = frozenset({"url", "short_url"})
_BR = "<br>"
# Bytes compared to tell an insertion from a cut, and the most bytes inserted at once.
_PROBE = 32
_MAX_INSERT = 16
# A URL inside a longer string: absolute, up to a blank, bracket or quote.
_URL_TOKEN = re.compile(r"https?://[^\s()\[\]\"'<>]+")


class OracleError(Exception):
    """The oracle cannot be built for this input (a value it cannot locate), or disagrees."""


@dataclass(frozen=True)
class OraclePlan:
    """The oracle of one input: its function, and what it was built from."""

    run: Callable[[bytes], model.Article]
    """Call it with the input's bytes: the ``Article``."""
    source: str
    """The function's Python source (for reading, and for the record)."""
    steps: tuple[ParseStep, ...]


# -- where the strings are -------------------------------------------------------------


@dataclass(frozen=True)
class _Node:
    """A string of the input: a text, tail or attribute of an element, or the header."""

    code: str
    """The expression that reads it, in the generated function."""
    value: str
    path: tuple[int, ...] | None = None
    """The element's child-index path (``None`` for the header)."""


class _Document:
    """The input's tree (parsed as the oracle parses it) and its strings, found once."""

    def __init__(self, root: Any, header: str) -> None:
        self.root = root
        self.paths: set[tuple[int, ...]] = set()
        self.uses: set[str] = set()
        self.texts: list[_Node] = []
        """Every text and tail in document order; a ``<br>`` as ``_BR``."""
        self.attributes: list[_Node] = []
        self.header: list[_Node] = []
        if header:
            self.header = [
                _Node("head", header),
                _Node("head_u", html.unescape(header)),
            ]
        self._walk(root, ())
        self.json: list[_Node] = []
        self.json_vars: dict[str, _Node] = {}
        """The JSON objects read (``j0 = json.loads(...)``), by variable, and the text read."""
        for node in self.texts:
            self._json(node)

    def _json(self, node: _Node) -> None:
        """The leaves of the JSON object ``node`` holds, if it holds one."""
        text = node.value.strip()
        if not text.startswith(("{", "[")):
            return
        try:
            parsed = json.loads(text)
        except ValueError:
            return
        var = f"j{len(self.json_vars)}"
        self.json_vars[var] = node

        def leaves(value: Any, code: str) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    leaves(item, f"{code}[{key!r}]")
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    leaves(item, f"{code}[{index}]")
            elif isinstance(value, str):
                self.json.append(_Node(code, value, node.path))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                self.json.append(_Node(f"str({code})", str(value), node.path))

        leaves(parsed, var)

    def _walk(self, element: Any, path: tuple[int, ...]) -> None:
        tag = element.tag
        name = _var(path)
        if isinstance(tag, str):
            if tag == "br":
                self.texts.append(_Node("' '", _BR, path))
            for key, value in element.items():
                self.attributes.append(_Node(f"{name}.get({key!r})", value, path))
            if element.text:
                self.texts.append(_Node(f"{name}.text", element.text, path))
            for index, child in enumerate(element):
                self._walk(child, (*path, index))
        if path and element.tail:
            self.texts.append(_Node(f"{name}.tail", element.tail, path))

    def strings(self) -> Iterator[_Node]:
        """Every string: the header first, then attributes, texts and JSON values."""
        yield from self.header
        yield from self.attributes
        yield from (t for t in self.texts if t.value != _BR)
        yield from self.json

    def use(self, node: _Node) -> str:
        """Note that ``node`` is read; the expression that reads it."""
        if node.path is not None:
            self.paths.add(node.path)
        if node.code.startswith("head"):
            self.uses.add(node.code)
        for var in self.json_vars:
            if node.code.startswith((var + "[", f"str({var}[")):
                self.uses.add(var)
                self.use(self.json_vars[var])
        return node.code


def _var(path: tuple[int, ...]) -> str:
    return "e_" + "_".join(map(str, path)) if path else "root"


def _normal(text: str) -> str:
    return " ".join(text.split())


def _safe(reader: Callable[[str], Any], text: str) -> Any:
    try:
        return reader(text)
    except (ValueError, OverflowError, TypeError):
        return None


# -- readers: a string of the input to a value ------------------------------------------


def _int_reader(text: str) -> int | None:
    return int(text) if text.isdigit() and text.isascii() else None


def _mmss(text: str) -> int | None:
    minutes, _, seconds = text.strip().partition(":")
    if minutes.isdigit() and seconds.isdigit() and len(seconds) == 2:
        return int(minutes) * 60 + int(seconds)
    return None


def _epoch(text: str) -> datetime | None:
    return epoch_ms_to_utc(int(text)) if text.isdigit() and text.isascii() else None


class _Planner:
    """Finds, for each value of the expected ``Article``, the code that reads it."""

    def __init__(self, document: _Document, url: str | None) -> None:
        self.doc = document
        self.url = url
        self.unlocated: list[str] = []

    # Each finder returns the expression reading the value, or None.

    def _whole(self, value: Any, readers: list[tuple[str, Callable[[str], Any]]]) -> str | None:
        for node in self.doc.strings():
            for wrap, reader in readers:
                if _safe(reader, node.value) == value:
                    return wrap.format(self.doc.use(node))
        return None

    def _sliced(self, value: str, reader: Callable[[str], Any], wrap: str, raw: str) -> str | None:
        """``raw`` found inside a string, as it is or percent-encoded, read by ``reader``.

        Percent-encoded, only its slice is decoded (``unquote(href[66:97])``), as a
        reader of one URL segment would.
        """
        if not raw:
            return None
        encoded = re.compile(re.escape(quote(raw, safe="")), re.IGNORECASE)
        for node in self.doc.strings():
            start = node.value.find(raw)
            if start >= 0:
                end = start + len(raw)
                if _safe(reader, node.value[start:end]) == value:
                    return wrap.format(f"{self.doc.use(node)}[{start}:{end}]")
            found = encoded.search(node.value)
            if found is not None and _safe(reader, unquote(found.group())) == value:
                code = f"unquote({self.doc.use(node)}[{found.start()}:{found.end()}])"
                return wrap.format(code)
        return None

    def _sliced_text(self, value: str) -> str | None:
        """A text that is part of a string, whitespace runs in it written as any blanks."""
        words = value.split(" ")
        pattern = re.compile(r"\s+".join(map(re.escape, words)))
        for node in self.doc.strings():
            found = pattern.search(node.value)
            if found is not None and clean_text(found.group()) == value:
                code = self.doc.use(node)
                return f"clean_text({code}[{found.start()}:{found.end()}])"
        return None

    def _joined(self, value: str) -> str | None:
        """A text spread over several text nodes in document order (some skipped)."""
        texts = self.doc.texts
        for start, first in enumerate(texts):
            head = _normal(first.value) if first.value != _BR else ""
            if not head or not value.startswith(head):
                continue
            chosen = [first]
            joined = first.value
            for node in texts[start + 1 : start + 1 + _JOIN_WINDOW]:
                piece = " " if node.value == _BR else node.value
                candidate = _normal(joined + piece)
                if value.startswith(candidate):
                    chosen.append(node)
                    joined += piece
                    if clean_text(joined) == value:
                        codes = ", ".join(self.doc.use(n) for n in chosen)
                        return f"clean_text(''.join(({codes},)))"
        return None

    def text(self, value: str) -> str | None:
        found = self._whole(value, [("clean_text({})", clean_text), ("{}", str)])
        return (
            found
            or self._joined(value)
            or self._sliced_text(value)
            or self._sliced(value, str, "{}", value)
        )

    def url_value(self, value: str, base: str | None) -> str | None:
        bases: list[tuple[str, str | None]] = [("None", None)]
        if self.url is not None and base is not None:
            bases.insert(0, ("url", self.url))
        bases.append(("RFI_BASE", RFI_BASE))
        for code, known in bases:
            found = self._whole(
                value, [(f"normalize_url({{}}, {code})", lambda s, b=known: normalize_url(s, b))]
            )
            if found:
                return found
        return self._url_token(value)

    def _url_token(self, value: str) -> str | None:
        """A URL written inside a longer string (a record's header line), normalised."""
        for node in self.doc.strings():
            for token in _URL_TOKEN.finditer(node.value):
                if _safe(lambda s: normalize_url(s, None), token.group()) == value:
                    self.doc.use(node)
                    return f"normalize_url({node.code}[{token.start()}:{token.end()}], None)"
        return self._sliced(value, str, "{}", value)

    def integer(self, value: int) -> str | None:
        readers: list[tuple[str, Callable[[str], Any]]] = [("int({})", _int_reader)]
        return (
            self._whole(value, readers)
            or self._sliced(value, _int_reader, "int({})", str(value))
            or self._whole(value, [("_mmss({})", _mmss)])
        )

    def moment(self, value: datetime) -> str | None:
        found = self._whole(
            value,
            [
                ("paris_datetime({})", paris_datetime),
                ("iso_datetime({})", iso_datetime),
                ("_epoch({})", _epoch),
            ],
        )
        if found:
            return found
        ms = int(value.timestamp() * 1000)
        return self._sliced(value, _epoch, "_epoch({})", str(ms))

    # The article, field by field.

    def value(self, owner: str, field: str, value: Any, base: str | None) -> str | None:
        if value is None:
            return "None"
        if (owner, field) == ("Article", "url"):
            return "url"  # read once, first (the base of the other URLs)
        if (owner, field) in _DECISIONS:
            return repr(value)
        if isinstance(value, tuple):
            items = [self.value(owner, field, item, base) for item in value]
            if any(item is None for item in items):
                return None
            return "(" + "".join(f"{item}, " for item in items) + ")"
        if attrs.has(type(value)):
            return self.instance(value, base)
        if isinstance(value, datetime):
            found = self.moment(value)
        elif isinstance(value, int):
            found = self.integer(value)
        elif field in _URL_FIELDS:
            found = self.url_value(value, base)
        elif owner == "Article" and field == "language":
            found = self.text(value) or self._edition_language(value)
        else:
            found = self.text(value)
        if found is None:
            self.unlocated.append(f"{owner}.{field} = {value!r}")
        return found

    def _edition_language(self, value: str) -> str | None:
        """The language the edition's table gives (``EDITIONS[code].language``)."""
        for code, edition in EDITIONS.items():
            if edition.language == value:
                found = self.text(code)
                if found:
                    return f"EDITIONS[{found}].language"
        return None

    def instance(self, value: Any, base: str | None) -> str | None:
        cls = type(value)
        arguments = []
        for field in attrs.fields(cls):
            item = getattr(value, field.name)
            if item == field.default:
                continue
            code = self.value(cls.__name__, field.name, item, base)
            if code is None:
                return None
            arguments.append(f"{field.name}={code}")
        return f"{cls.__name__}(" + ", ".join(arguments) + ")"


# -- the markup, from ranges of the input -------------------------------------------------


def _common(data: bytes, position: int, markup: bytes, done: int) -> int:
    """How many bytes from ``data[position:]`` and ``markup[done:]`` are the same."""
    low, high = 0, min(len(data) - position, len(markup) - done)
    while low < high:
        middle = (low + high + 1) // 2
        if data[position : position + middle] == markup[done : done + middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _pieces(data: bytes, markup: bytes) -> list[tuple[int, int] | bytes]:
    """``markup`` as ranges of ``data`` (in order) and the few bytes inserted between them.

    Where they differ, a few bytes inserted into ``markup`` (the glued-tag repair's
    spaces) are taken as such, else the bytes of ``data`` up to where ``markup``
    goes on are taken as cut (a record's header, a page's style sheets).

    :raises OracleError: ``markup`` is no such edit of ``data``.
    """
    pieces: list[tuple[int, int] | bytes] = []
    position, done = 0, 0
    while done < len(markup):
        same = _common(data, position, markup, done)
        if same:
            pieces.append((position, position + same))
            position, done = position + same, done + same
            continue
        probe = data[position : position + _PROBE]
        inserted = markup.find(probe, done + 1, done + _MAX_INSERT + len(probe)) if probe else -1
        if inserted >= 0:
            pieces.append(markup[done:inserted])
            done = inserted
            continue
        resumed = data.find(markup[done : done + _PROBE], position)
        if resumed < 0:
            raise OracleError("the parsed bytes are not the input's with some cut or inserted")
        position = resumed
    return pieces


def _markup_code(pieces: list[tuple[int, int] | bytes], size: int) -> str:
    if len(pieces) == 1 and isinstance(pieces[0], tuple):
        start, end = pieces[0]
        return "data" if (start, end) == (0, size) else f"data[{start}:{end}]"
    parts = [f"view[{p[0]}:{p[1]}]" if isinstance(p, tuple) else repr(p) for p in pieces]
    return "b''.join((" + ", ".join(parts) + ",))"


def _element_lines(paths: set[tuple[int, ...]]) -> list[str]:
    """Assignments reaching every element of ``paths`` from the root, each step once."""
    needed: set[tuple[int, ...]] = set()
    for path in paths:
        for depth in range(1, len(path) + 1):
            needed.add(path[:depth])
    return [
        f"    {_var(path)} = {_var(path[:-1])}[{path[-1]}]"
        for path in sorted(needed, key=lambda p: (len(p), p))
    ]


_NAMESPACE: dict[str, Any] = {
    "clean_text": clean_text,
    "normalize_url": normalize_url,
    "paris_datetime": paris_datetime,
    "iso_datetime": iso_datetime,
    "_epoch": _epoch,
    "_mmss": _mmss,
    "unquote": unquote,
    "unescape": html.unescape,
    "RFI_BASE": RFI_BASE,
    "EDITIONS": EDITIONS,
    "json": json,
    **{name: getattr(model, name) for name in model.__all__},
}


def plan(data: bytes) -> OraclePlan:
    """The oracle of ``data``, checked against ``rfiparse.parse(data)`` (not timed).

    :raises OracleError: a value of the article could not be located in the input,
        or the oracle's article differs from ``rfiparse.parse()``'s.
    """
    expected = rfiparse.parse(data)
    steps = capture(data)
    step = steps[-1]
    markup = step.markup
    pieces = _pieces(data, markup)
    first = pieces[0]
    header_end = first[0] if isinstance(first, tuple) else 0
    header = data[:header_end].decode("utf-8", errors="replace")
    root = lxml.etree.fromstring(markup, step.parser)
    document = _Document(root, header)
    planner = _Planner(document, expected.url)
    url_code = planner.url_value(expected.url, None) if expected.url else "None"
    article = planner.instance(expected, base="url")
    if article is None or url_code is None:
        raise OracleError("values not located: " + "; ".join(planner.unlocated))
    lines = ["def oracle(data):"]
    if not isinstance(first, tuple) or len(pieces) > 1:
        lines.append("    view = memoryview(data)")
    lines.append(f"    root = fromstring({_markup_code(pieces, len(data))}, parser)")
    if "head" in document.uses or "head_u" in document.uses:
        lines.append(f"    head = data[:{header_end}].decode('utf-8', 'replace')")
    if "head_u" in document.uses:
        lines.append("    head_u = unescape(head)")
    lines += _element_lines(document.paths)
    for var, node in document.json_vars.items():
        if var in document.uses:
            lines.append(f"    {var} = json.loads({node.code})")
    lines.append(f"    url = {url_code}")
    lines.append(f"    return {article}")
    source = "\n".join(lines) + "\n"
    check_constants(source)
    run = compile_oracle(source, step.parser)
    got = run(data)
    if got != expected:
        raise OracleError(f"the oracle's article differs from parse()'s:\n{got}\n{expected}")
    return OraclePlan(run=run, source=source, steps=steps)


def compile_oracle(source: str, parser: lxml.etree.HTMLParser) -> Callable[[bytes], model.Article]:
    """The function ``source`` (from ``plan()``) defines, parsing with ``parser``."""
    namespace = {**_NAMESPACE, "fromstring": lxml.etree.fromstring, "parser": parser}
    exec(compile(source, "<oracle>", "exec"), namespace)  # code plan() wrote
    run: Callable[[bytes], model.Article] = namespace["oracle"]
    return run


# The only strings an oracle may hold: the decisions (kinds), how the header is decoded,
# what a <br> stands for and the joiner of text nodes; any other is an attribute's name
# (in a .get() call) or a key of a JSON object (a subscript).
_ALLOWED_STRINGS = frozenset(
    {"utf-8", "replace", " ", "", *model.ParagraphKind.__args__}
) | frozenset(model.MediaKind.__args__)


def check_constants(source: str) -> None:
    """Refuse an oracle that holds a value instead of reading it.

    Its constants may be numbers (child indices, slice offsets), attribute names
    (the argument of ``.get()``), keys of a JSON object (subscripts), the strings of
    ``_ALLOWED_STRINGS`` and, among the bytes given to the parser, only blanks (the
    spaces the glued-tag repair inserts).

    :raises OracleError: ``source`` holds any other constant.
    """
    tree = ast.parse(source)
    names = {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
    }
    names |= {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in names:
            continue
        value = node.value
        if isinstance(value, bytes) and not value.strip():
            continue
        if isinstance(value, str) and value in _ALLOWED_STRINGS:
            continue
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            continue
        raise OracleError(f"the oracle holds a value instead of reading it: {value!r}")
