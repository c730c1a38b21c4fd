"""What every lxml parser of rfiparse needs: no access to the machine, and libxml2's limits.

- ``NO_EXTERNAL_RESOURCES``: a resolver that answers every request for an
  external resource (a DTD, an external entity, a parameter entity) with an
  empty document, before libxml2's own loader could open a file or a URL. It is
  the second lock: the parsers are also built so that they never ask for one.
- ``check_attribute_counts()``: refuses, before parsing, a start tag with more
  attributes than libxml2's HTML parser reads in reasonable time (it compares
  each attribute with every earlier one of the tag: quadratic time).
- ``hit_resource_limit()``: whether libxml2 stopped at one of its limits (a
  text node, attribute value, comment or name over 10,000,000 bytes; elements
  nested more than 256 deep), past which it silently drops the rest of the
  document; ``may_have_hit_depth_limit()``, where libxml2 2.12 did not log it.
- ``KEEPS_INVALID_UTF8``: whether this libxml2 puts invalid UTF-8 into its trees
  (2.12 and 2.13 do), so that the bytes must be made valid first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from .errors import InputTooComplexError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from lxml.etree._docloader import _InputDocument

__all__ = [
    "KEEPS_INVALID_UTF8",
    "MAX_ATTRIBUTES",
    "NO_EXTERNAL_RESOURCES",
    "check_attribute_counts",
    "hit_resource_limit",
    "may_have_hit_depth_limit",
]


class _NoExternalResources(etree.Resolver):
    """Resolve every external resource to an empty document: nothing is opened or fetched.

    lxml asks its resolvers before libxml2's default loader; an answer of
    ``None`` (or ``resolve_empty()``) would fall through to that loader, which
    opens local files and FIFOs. An empty string does not: the same answer,
    whether the named file exists or not.
    """

    def resolve(
        self, system_url: str | None, public_id: str | None, context: object
    ) -> _InputDocument:
        return self.resolve_string(b"", context)


NO_EXTERNAL_RESOURCES = _NoExternalResources()
"""The resolver every parser of rfiparse carries (stateless: one instance serves all)."""


def _keeps_invalid_utf8() -> bool:
    """Whether this libxml2's HTML parser copies invalid UTF-8 bytes into the tree.

    libxml2 2.14 reads each such byte as U+FFFD. 2.12 and 2.13 (the libxml2 of lxml 5.0
    to 5.4) copy it into a text as it is, where lxml cannot read it
    (``UnicodeDecodeError``), and 2.12 reads an attribute value holding one as
    ISO-8859-1. Asked of the library itself, once, at import, rather than guessed from
    its version number.
    """
    root = etree.fromstring(b"<p>\xac</p>", etree.HTMLParser(encoding="utf-8"))
    try:
        "".join(root.itertext())
    except UnicodeDecodeError:
        return True
    return False


KEEPS_INVALID_UTF8 = _keeps_invalid_utf8()
"""Whether UTF-8 bytes must be made valid before this libxml2 parses them."""

# libxml2 2.13+ reports its limits as XML_ERR_RESOURCE_LIMIT (114; lxml 5 does
# not name it); 2.12 reports the size limits as XML_ERR_NO_MEMORY ("Huge input
# lookup", "huge text node") and the depth limit as XML_ERR_INTERNAL_ERROR. Each
# time, the parser stopped there and the tree misses the rest of the document.
_RESOURCE_LIMIT = 114
_LIMIT_ERRORS = frozenset(
    {
        _RESOURCE_LIMIT,
        int(etree.ErrorTypes.ERR_NO_MEMORY),
        int(etree.ErrorTypes.ERR_INTERNAL_ERROR),
    }
)


# libxml2 2.12 also logs XML_ERR_NO_MEMORY, as a bare "Memory allocation failed", for a
# start tag cut off by the end of the input (a truncated page): nothing follows it, so
# nothing is lost. Its size limits say "Huge input lookup" or "huge text node".
_NAMES_NO_LIMIT_BY_MESSAGE = etree.LIBXML_VERSION < (2, 13)
_HUGE = re.compile(r"huge", re.IGNORECASE)


def _is_limit(error: etree._LogEntry) -> bool:
    if error.type not in _LIMIT_ERRORS:
        return False
    if _NAMES_NO_LIMIT_BY_MESSAGE and error.type == int(etree.ErrorTypes.ERR_NO_MEMORY):
        return _HUGE.search(error.message) is not None
    return True


def hit_resource_limit(error_log: etree._ListErrorLog) -> bool:
    """Whether the parse that left ``error_log`` stopped at one of libxml2's limits.

    Read off the errors' codes, not their messages nor the input's size; but on
    libxml2 2.12, whose "out of memory" code also stands for a start tag cut off by
    the end of the input, that code counts only where the message names a huge
    input.
    """
    return any(_is_limit(error) for error in error_log)


# libxml2 2.12 logs no error past the hundredth of a parse: where a document's start tags
# are elements it does not know (HTML5's aside, section, nav...: one error each), the
# depth limit's error is never logged, and only the tree shows that the parser stopped,
# 256 levels below the root. 2.13 and later log it whatever came before.
_LOGS_EVERY_ERROR = etree.LIBXML_VERSION >= (2, 13)
_ERROR_LOG_CAP = 100
_AT_DEPTH_CAP = etree.XPath("/*" * 257)  # the root, then 256 levels below it


def may_have_hit_depth_limit(error_log: etree._ListErrorLog, root: etree._Element) -> bool:
    """Whether libxml2 2.12 may have stopped at its depth limit without logging it.

    True only before libxml2 2.13, where ``error_log`` is full (a hundred errors)
    and the tree ``root`` reaches the deepest level the parser builds: such a
    document cannot be told from one cut there, and is refused as one. The walk is
    linear, and done only in that case.
    """
    if _LOGS_EVERY_ERROR or len(error_log) < _ERROR_LOG_CAP:
        return False
    return bool(_AT_DEPTH_CAP(root))


MAX_ATTRIBUTES = 256
"""The most attributes a start tag may have (rfi.fr's pages have at most 14).

Above a few hundred, libxml2's HTML parser spends more time comparing each
attribute with the earlier ones than reading them: 80,000 take 18 s."""

# Each attribute follows a blank or '/', or the closing quote of the value before
# it (in libxml2 2.12's reading too): a document with fewer of those bytes in all
# cannot have a tag with too many attributes. Counting them (by deleting them,
# cheaper than the regular expression) spares most records the pass. And
# each attribute takes two bytes at least, so a shorter tag cannot hold too many.
_BEFORE_ATTRIBUTE = b" \t\n\r\f/\"'"
_LONG_TAG_BYTES = 2 * MAX_ATTRIBUTES
# Past this size every real document has far more of those bytes: counting them
# would only add to the pass.
_COUNT_FIRST_BYTES = 65_536
# HTML as libxml2 2.14 (the HTML5 tokenizer) reads it, as far as tags go: one
# match per comment, bogus comment (``<!x>``, ``<?x>``, doctype), end tag or
# start tag; only a start tag is captured. A tag is its name, then attributes,
# each name running to a blank, '/', '>' or '=' (a name may begin with '='),
# each value quoted (a quoted value may hold '>') or plain; an end tag's
# attributes are read as a start tag's are, and ignored. Nothing follows the
# repeated attribute and each section runs to the end of the input when it is
# not closed, so the first path the engine takes is a match: it never
# backtracks but over the blanks after a name that no '=' follows, each match
# takes time linear in its length, and matches do not overlap: one pass over a
# document is linear.
_SEPARATORS = rb"[\t\n\f\r /]*"
_VALUE = rb"(?:\"[^\"]*\"?|'[^']*'?|[^\t\n\f\r >]*)"
# The value's '=' most often follows the name at once: tried first, it saves
# the engine a look past the blanks after every name.
_ATTRIBUTE = (
    rb"[^\t\n\f\r />][^\t\n\f\r />=]*"
    rb"(?:=(?:\"[^\"]*\"?|'[^']*'?|[\t\n\f\r ]*" + _VALUE + rb")"
    rb"|[\t\n\f\r ]+=[\t\n\f\r ]*" + _VALUE + rb")?"
)
# At most one attribute past the limit is read: a tag that long is refused
# whatever follows, and a repeat without a bound would keep the engine's state
# for every attribute of a megabyte-long tag.
_TAG = (
    rb"[A-Za-z][^\t\n\f\r />]*(?:" + _SEPARATORS + _ATTRIBUTE + rb"){0,%d}" % (MAX_ATTRIBUTES + 1)
)
# The '<' is written once, before the alternatives: the engine then looks for
# it at C speed (with a '<' at the head of each alternative, it would test every
# byte).
_TOKEN = re.compile(
    rb"<(?:!--(?:>|->|.*?(?:--!?>|\Z))"  # a comment; HTML5 also ends it at "--!>"
    rb"|[!?][^>]*>?"  # a bogus comment, a doctype: up to the first '>'
    rb"|/(?:" + _TAG + rb"|[^>]*>?)"  # an end tag, or "</" and a bogus comment
    rb"|(" + _TAG + rb"))",  # a start tag, without its '<'
    re.S,
)
_TAG_NAME = re.compile(rb"[A-Za-z][^\t\n\f\r />]*")
_ATTRIBUTES = re.compile(_SEPARATORS + _ATTRIBUTE)


def _attribute_count(tag: bytes) -> int:
    """How many attributes ``tag`` (a start tag without its '<', as ``_TOKEN`` captures it) has.

    Counting stops past ``MAX_ATTRIBUTES``.
    """
    name = _TAG_NAME.match(tag)
    assert name is not None  # _TOKEN captured the tag, which begins the same way
    count = 0
    for _ in _ATTRIBUTES.finditer(tag, name.end()):
        count += 1
        if count > MAX_ATTRIBUTES:
            break
    return count


def check_attribute_counts(data: bytes) -> None:
    """Refuse HTML with a start tag of more than ``MAX_ATTRIBUTES`` attributes.

    One linear pass over ``data``, before any parsing; only tags long enough
    to hold that many attributes are counted. The pass reads tags as libxml2
    2.14's HTML5 tokenizer does, but for the text of ``<script>``, ``<style>``
    and the like, which it reads as markup: there it may count attributes that
    libxml2 never reads, and a crafted script text could hide a later tag from
    it. Older libxml2 (2.12, 2.13) read some malformed tags differently.

    :raises InputTooComplexError: a start tag has more than ``MAX_ATTRIBUTES`` attributes.
    """
    if len(data) <= _LONG_TAG_BYTES:
        return
    if len(data) <= _COUNT_FIRST_BYTES and (
        len(data) - len(data.translate(None, _BEFORE_ATTRIBUTE)) <= MAX_ATTRIBUTES
    ):
        return
    # The start tags, at C speed (a comment, end tag or the like gives b""): a
    # page has about two thousand, a few of them long (a srcset), none too long.
    tags = _TOKEN.findall(data)
    if max(map(len, tags), default=0) < _LONG_TAG_BYTES:
        return
    for tag in tags:
        if len(tag) >= _LONG_TAG_BYTES and _attribute_count(tag) > MAX_ATTRIBUTES:
            raise InputTooComplexError(
                f"a start tag (<{tag[:20].decode('latin-1')}…) has more than {MAX_ATTRIBUTES} "
                "attributes, which the HTML parser reads in quadratic time; nothing was parsed"
            )
