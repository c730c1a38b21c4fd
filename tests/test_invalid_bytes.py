"""Bytes no HTML tree can hold are dropped before parsing, whatever the input's size.

``without_invalid_bytes`` looks for them before copying when the input is large;
it must give exactly what deleting them outright gives.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

import rfiparse
from goldens import fixture
from rfiparse._html import _valid_utf8, without_invalid_bytes

CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b" + bytes(range(0x0E, 0x20))
NON_CHARACTERS = re.compile(b"\xef\xbf[\xbe\xbf]")
LARGE = 40_000  # above the size from which bytes are looked for first

# Pieces that meet at the boundaries that matter: control bytes, the lead byte 0xEF
# (often: it also starts fullwidth punctuation), and non-characters split by controls.
PIECES = st.sampled_from(
    [
        b"<p>",
        b"text",
        b" ",
        b"\t\n\r\x0c",
        b"\x00",
        b"\x01",
        b"\x1f",
        b"\x0b",
        b"\x7f",
        b"\xef",
        b"\xbf",
        b"\xbe",
        b"\xef\xbc\x8c",  # the fullwidth comma
        b"\xef\xbf\xbe",  # U+FFFE
        b"\xef\xbf\xbf",  # U+FFFF
        b"\xef\xbf\xbd",  # U+FFFD: kept
        "中文".encode(),
    ]
)


def reference(data: bytes) -> bytes:
    """The definition: delete the control bytes, then every non-character match."""
    return NON_CHARACTERS.sub(b"", data.translate(None, CONTROL_BYTES))


@st.composite
def inputs(draw: st.DrawFn) -> bytes:
    """Pieces, often padded past the look-first size, the padding anywhere."""
    pieces = draw(st.lists(PIECES, max_size=200))
    if draw(st.booleans()):
        filler = draw(st.sampled_from([b"a", b"<div> </div>", "，".encode()]))
        pieces.insert(draw(st.integers(0, len(pieces))), filler * (LARGE // len(filler)))
    return b"".join(pieces)


@settings(max_examples=300, deadline=None)
@given(inputs())
@example(b"a" * LARGE + b"\xef\xbf\xbe")
@example("，".encode() * LARGE + b"\xef\xbf\xbf")  # past the leads checked one by one
@example(b"a" * LARGE + b"\xef\x01\xbf\xbe")  # a control byte inside a non-character
@example(b"a" * LARGE + b"\xef\xbf")
def test_same_bytes_as_deleting_them_outright(data: bytes) -> None:
    assert without_invalid_bytes(data) == reference(data)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_same_bytes_on_any_small_input(data: bytes) -> None:
    assert without_invalid_bytes(data) == reference(data)


def test_a_real_page_is_returned_as_it_is() -> None:
    page = fixture("page_cn_taiwan_defense_budget.html").read_bytes()
    assert without_invalid_bytes(page) is page


def test_a_control_byte_in_a_large_page_does_not_reach_the_article() -> None:
    page = fixture("page_cn_taiwan_defense_budget.html").read_bytes()
    clean = rfiparse.parse(page)
    dirty = rfiparse.parse(
        page.replace(b"</head>", b"\x01</head>", 1).replace(b"</p>", b"\x02</p>")
    )
    assert dirty == clean


def test_bytes_not_utf8_in_a_page_read_as_replacement_characters() -> None:
    # libxml2 2.12 and 2.13 copy such bytes into the tree, which lxml cannot read
    # (UnicodeDecodeError): the oldest dependencies' run checks what 2.14 does itself.
    page = fixture("page_cn_taiwan_defense_budget.html").read_bytes()
    clean = rfiparse.parse(page)
    text = clean.paragraphs[1].text
    start = text[:8].encode()
    assert page.count(start) == 1
    dirty = rfiparse.parse(page.replace(start, b"\xac\xac" + start))
    assert dirty.paragraphs[1].text == "\ufffd\ufffd" + text
    assert (
        dirty.paragraphs[:1] + dirty.paragraphs[2:] == clean.paragraphs[:1] + clean.paragraphs[2:]
    )


@given(st.binary(max_size=64))
def test_valid_utf8_gives_utf8_and_keeps_what_is_utf8(data: bytes) -> None:
    made = _valid_utf8(data)
    assert made.decode("utf-8") == data.decode("utf-8", errors="replace")
