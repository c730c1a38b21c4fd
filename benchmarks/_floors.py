"""The parse rfiparse makes: the bytes it hands to libxml2, and its parser, captured.

The floor ``lxml.html.fromstring(data)`` reads a record's bytes as ISO-8859-1 (a
record declares no charset) and builds ``lxml.html``'s element classes: a
different, and dearer, parse than rfiparse's. The *correct parse* is the one
rfiparse really makes: ``lxml.etree.fromstring(markup, parser)`` of exactly the
bytes its ``parse()`` hands to libxml2 (a record's HTML after its header, its
glued tags repaired; a page less the text of its head's style sheets, or whatever
cut the parser makes), with rfiparse's own ``HTMLParser`` (``encoding="utf-8"``,
comments and processing instructions removed, no network, no ``huge_tree``, no
id collection, no default doctype).

Rather than re-derive those bytes (and go stale when the parser changes what it
cuts), ``capture()`` runs ``rfiparse.parse()`` once with ``lxml.etree.fromstring``
wrapped, outside any timing, and keeps every HTML parse it makes: the bytes and
the parser object. Decoding, the header split and the cuts are not in the floor;
the parse of what they give is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.etree

import rfiparse

__all__ = ["ParseStep", "capture", "correct_parse"]


@dataclass(frozen=True)
class ParseStep:
    """One HTML parse ``rfiparse.parse()`` makes: the bytes given to libxml2, and the parser."""

    markup: bytes
    parser: lxml.etree.HTMLParser


def capture(
    data: bytes, parse: Callable[[bytes], object] = rfiparse.parse
) -> tuple[ParseStep, ...]:
    """Every HTML parse ``parse(data)`` makes, in order (not timed).

    :raises RuntimeError: ``parse`` made no HTML parse through ``lxml.etree.fromstring``
        (the capture no longer sees rfiparse's parser: this module must follow it).
    """
    original = lxml.etree.fromstring
    steps: list[ParseStep] = []

    def recording(text: Any, parser: Any = None, **kwargs: Any) -> Any:
        if isinstance(parser, lxml.etree.HTMLParser) and isinstance(text, bytes):
            steps.append(ParseStep(markup=bytes(text), parser=parser))
        return original(text, parser, **kwargs)

    lxml.etree.fromstring = recording
    try:
        parse(data)
    finally:
        lxml.etree.fromstring = original
    if not steps:
        raise RuntimeError("rfiparse.parse() made no HTML parse that could be captured")
    return tuple(steps)


def correct_parse(steps: Sequence[ParseStep]) -> object:
    """Make the parses of ``steps`` again; return the last tree (the timed floor)."""
    fromstring = lxml.etree.fromstring
    root = None
    for step in steps:
        root = fromstring(step.markup, step.parser)
    return root
