"""Which charset bytes are read with: what counts as a declaration, as browsers decide it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rfiparse
from rfiparse._encoding import decode_bytes, encoding_of

TEXT = "中文段落，第一句。"
BODY = f"<div><p>{TEXT}</p></div>"


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in rfiparse.parse(data).paragraphs]


# -- what is not a declaration never changes the decoding of valid UTF-8 -------------

NOT_DECLARATIONS = [
    '<!-- <meta charset="gbk"> -->',
    "<!--<meta charset=gbk>-->",
    "<p title='<meta charset=\"gbk\">'></p>",
    '<div data-x="<meta charset=gbk>"></div>',
    '<meta name="description" content="text/html; charset=gbk">',  # content, no http-equiv
    '<meta property="og:title" content="a charset=gbk story">',
    '<meta http-equiv="refresh" content="0; charset=gbk">',
    '<meta name="x" data-charset="gbk">',
    "<metacharset=gbk>",
    "<meta>charset=gbk",
    '<p>Set <code>&lt;meta charset="gbk"&gt;</code>, or charset=gbk.</p>',
    '<meta charset="gbk',  # the window ends inside the quote
    '<!-- <meta charset="gbk">',  # an unclosed comment hides the rest
    ' <?xml version="1.0" encoding="gbk"?>',  # an XML declaration not at the start
    '<?xml version="1.0"?><x encoding="gbk">',  # "encoding" after the declaration's ">"
]


@pytest.mark.parametrize("prefix", NOT_DECLARATIONS)
def test_what_is_not_a_declaration_leaves_utf8(prefix: str) -> None:
    data = (prefix + BODY).encode()
    assert encoding_of(data) == "utf-8"
    assert TEXT in decode_bytes(data)


def test_a_declaration_in_a_comment_does_not_turn_utf8_into_mojibake() -> None:
    # The reproduction: valid UTF-8, a <meta charset> only inside a comment.
    data = f'<!-- <meta charset="gbk"> --><div><p>{TEXT}</p></div>'.encode()
    assert _paragraphs(data) == [TEXT]


def test_a_declaration_in_an_attribute_does_not_turn_utf8_into_mojibake() -> None:
    data = f"<div title='<meta charset=\"big5\">'><p>{TEXT}</p></div>".encode()
    assert _paragraphs(data) == [TEXT]


def test_a_meta_content_without_http_equiv_does_not_declare() -> None:
    data = f'<meta name="keywords" content="charset=gb2312"><div><p>{TEXT}</p></div>'.encode()
    assert _paragraphs(data) == [TEXT]


# -- what is a declaration is followed, as browsers follow it ------------------------

DECLARATIONS = [
    ('<meta charset="gbk">', "gb18030"),
    ("<meta charset=GB2312>", "gb18030"),
    ("<META CHARSET='Big5'>", "big5hkscs"),
    ('<meta charset="gbk"/>', "gb18030"),
    ('<meta/charset="gbk">', "gb18030"),
    ('<meta charset=" gbk ">', "gb18030"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb18030"),
    ("<meta content=\"text/html;charset='big5'\" http-equiv=content-type>", "big5hkscs"),
    ("<meta http-equiv=Content-Type content='text/html; charset = shift_jis'>", "cp932"),
    ('<meta charset="iso-8859-1">', "cp1252"),
    ('<meta charset="us-ascii">', "cp1252"),
    ('<meta charset="latin1">', "cp1252"),
    ('<meta charset="iso-8859-9">', "cp1254"),
    ('<meta charset="euc-kr">', "cp949"),
    ('<meta charset="x-user-defined">', "cp1252"),
    ('<meta charset="utf-16">', "utf-8"),  # the declaration was read as ASCII: not UTF-16
    ('<meta charset="utf-16be">', "utf-8"),
    ('<meta charset="unicode-1-1-utf-8">', "utf-8"),
    ('<?xml version="1.0" encoding="gb2312"?>', "gb18030"),
    ("<?xml version='1.0' encoding = 'big5'?>", "big5hkscs"),
    ('<?xml version="1.0" encoding="utf-16"?>', "utf-8"),
    # after markup that must be stepped over whole
    ('<!DOCTYPE html><html lang="zh"><head><meta charset="gbk">', "gb18030"),
    ('<!-- <meta charset="big5"> --><meta charset="gbk">', "gb18030"),
    ("<!--><meta charset=gbk>", "gb18030"),  # "<!-->" is a whole comment
    ('<p title="a > b"><meta charset="gbk">', "gb18030"),
    ('<p title=\'<meta charset="big5">\'><meta charset="gbk">', "gb18030"),
    ('<?php echo 1 ?><meta charset="gbk">', "gb18030"),
    ('</p foo="<meta charset=big5>"><meta charset="gbk">', "gb18030"),
    # the first meta that declares counts; an unknown label does not stop the scan
    ('<meta charset="gbk"><meta charset="big5">', "gb18030"),
    ('<meta charset="x-unknown"><meta charset="gbk">', "gb18030"),
    ('<meta charset="utf-7"><meta charset="gbk">', "gb18030"),
    ('<meta charset="gbk" charset="big5">', "gb18030"),  # a repeated attribute is ignored
    (
        '<meta charset="big5" content="text/html; charset=gbk" http-equiv="content-type">',
        "big5hkscs",
    ),
    (
        '<meta content="text/html; charset=gbk" http-equiv="content-type" charset="big5">',
        "big5hkscs",
    ),
    # a meta declaration wins over an XML one
    ('<?xml version="1.0" encoding="big5"?><meta charset="gbk">', "gb18030"),
    # as the Standard's prescan (and so browsers), text inside <script> is not special
    ("<script>var s = '<meta charset=\"gbk\">';</script>", "gb18030"),
]


@pytest.mark.parametrize(("prefix", "codec"), DECLARATIONS)
def test_a_declaration_is_found_as_the_prescan_finds_it(prefix: str, codec: str) -> None:
    assert encoding_of((prefix + BODY).encode()) == codec


@pytest.mark.parametrize(
    ("charset", "codec"),
    [("gb18030", "gb18030"), ("gbk", "gb18030"), ("big5", "big5"), ("shift_jis", "cp932")],
)
def test_a_document_in_a_declared_charset_decodes_right(charset: str, codec: str) -> None:
    data = f'<html><head><meta charset="{charset}"></head><body>{BODY}</body></html>'
    assert _paragraphs(data.encode(codec)) == [TEXT]


def test_a_latin1_declared_document_decodes_as_windows_1252() -> None:
    data = '<meta charset="iso-8859-1"><div><p>Café – “déjà vu”</p></div>'.encode("cp1252")
    assert _paragraphs(data) == ["Café – “déjà vu”"]


def test_valid_utf8_under_a_real_conflicting_declaration_follows_the_declaration() -> None:
    # Browsers read the bytes in the declared charset, valid UTF-8 or not: so does parse().
    data = '<meta charset="windows-1252"><div><p>Café</p></div>'.encode()
    assert _paragraphs(data) == ["CafÃ©"]


@pytest.mark.parametrize("label", ["utf-7", "cp037", "iso-2022-kr", "hz-gb-2312", "x-no-such"])
def test_a_label_browsers_do_not_decode_with_is_no_declaration(label: str) -> None:
    assert encoding_of(f'<meta charset="{label}">{BODY}'.encode()) == "utf-8"


def test_a_byte_order_mark_wins_over_a_declaration() -> None:
    assert encoding_of(b'\xef\xbb\xbf<meta charset="gbk">') == "utf-8-sig"


def test_a_utf16_xml_declaration_without_a_bom_is_read_as_utf16() -> None:
    data = '<?xml version="1.0"?><div><p>中文</p></div>'
    assert encoding_of(data.encode("utf-16-le")) == "utf-16-le"
    assert encoding_of(data.encode("utf-16-be")) == "utf-16-be"


def test_a_declaration_in_the_first_8_kb_is_found_and_one_after_is_not() -> None:
    filler = "<p>" + "x" * 8000 + "</p>"
    assert encoding_of(f'{filler}<meta charset="gbk">'.encode()) == "gb18030"
    assert encoding_of(f'{filler}{filler}<meta charset="gbk">'.encode()) == "utf-8"


# -- hostile shapes: the scan ends, with the right answer --------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<meta " * 200_000,
        b"<meta charset=" * 100_000,
        b'<a x="' + b'"' * 1_000_000,
        b"<a x=" + b"'" * 1_000_000,
        b"<!--" + b"-" * 1_000_000,
        b"<" * 1_000_000,
        b"<a " + b"b=c " * 300_000,
        b'<p title="<meta ">' * 60_000,
    ],
    ids=[
        "meta-run",
        "charset-run",
        "double-quotes",
        "single-quotes",
        "dashes",
        "lt",
        "attrs",
        "metas-in-values",
    ],
)
def test_hostile_runs_declare_nothing(data: bytes) -> None:
    assert encoding_of(data) == "utf-8"


# -- properties ------------------------------------------------------------------------

_LABELS = st.sampled_from(["gbk", "gb2312", "big5", "shift_jis", "euc-kr", "iso-8859-1"])
_WORDS = st.text(st.sampled_from("abc =/'\"<>-!?"), max_size=30)


def _hidden(label: str, how: int, noise: str) -> str:
    """A ``<meta charset>`` that is not one: in a comment or in a quoted attribute value."""
    noise = noise.replace('"', "").replace("'", "")
    in_comment = noise.replace("-", "").replace(">", "")  # nothing that ends the comment
    return [
        f'<!--{in_comment}<meta charset="{label}">{in_comment}-->',
        f"<p title='{noise}<meta charset={label}>'>",
        f'<div data-x="<meta charset={label}>{noise}" class=a>',
        f'<meta name="x" content="text/html; charset={label}">',
    ][how]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_LABELS, st.integers(0, 3), _WORDS), max_size=5))
def test_hidden_declarations_never_change_the_decoding(
    hidden: list[tuple[str, int, str]],
) -> None:
    prefix = "".join(_hidden(*item) for item in hidden)
    data = (prefix + BODY).encode()
    assert encoding_of(data) == "utf-8"
    assert _paragraphs(data) == [TEXT]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_LABELS, st.integers(0, 3), _WORDS), max_size=5))
def test_a_real_declaration_after_hidden_ones_is_found(hidden: list[tuple[str, int, str]]) -> None:
    prefix = "".join(_hidden(*item) for item in hidden)
    data = (prefix + '<meta charset="gbk">' + BODY).encode("gb18030")
    assert encoding_of(data) == "gb18030"
    assert _paragraphs(data) == [TEXT]
