"""``parse_feed()``: the RFI articles of an RSS 2.0, RSS 1.0 or Atom feed.

Feeds mix outlets. An entry is taken as RFI's when its link is on an
``rfi.fr`` host, or when its HTML names an ``rfi.fr`` source: a feed-archive
record's ``[headline](url)`` line, or the same header as a Markdown renderer
leaves it at the top of the HTML (``<p><a href="url">headline</a> ——</p>``,
as in Jekyll-built feeds that republish archive records; the header is taken
out before the HTML is parsed). Every other entry is skipped.

The XML is parsed without resolving entities, loading no DTD and opening
nothing (no file or network access), and without lifting libxml2's size limits.
It is parsed strictly: a feed that is not well-formed is repaired where the
intent is plain (``rfiparse._xmlrepair``) and parsed strictly again; one still
broken (cut off midway, say) raises ``IncompleteFeedError`` with the articles
of the entries that could be read. libxml2's recovering parser is never trusted
silently: after its first error it reads the rest of a feed wrongly.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Literal, TypeGuard

import attrs
from lxml import etree

from ._arguments import DEFAULT_MAX_BYTES, check_input
from ._dates import iso_datetime
from ._editions import EDITIONS, is_rfi_url
from ._headline import clean_headline
from ._html import Element, parse_html, text_content
from ._libxml import NO_EXTERNAL_RESOURCES, hit_resource_limit
from ._parse import parse
from ._record import split_record
from ._refusals import begins_with_markup
from ._urls import normalize_url
from ._xmlrepair import decode_xml, repair_xml
from .errors import IncompleteFeedError, InputTooComplexError, NotAnArticleError, RfiParseError
from .model import Article

__all__ = ["iter_feed", "parse_feed"]

_ATOM_NAMESPACES = frozenset(
    {"http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#", None}  # 1.0, 0.3, none
)
_RSS1 = "http://purl.org/rss/1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
_RDF_ABOUT = f"{{{_RDF}}}about"

# An RFC 822 date whose zone is "-0000": UTC, with no local offset known.
_RFC822_UNKNOWN_ZONE = re.compile(r"-0000\s*$")
# The record header as a Markdown renderer leaves it: "[headline](url)" over
# "------" becomes <p><a href="url">headline</a> ——</p> (or a setext <h2>),
# the first element of the HTML, after the record's <!--ms--> comment.
_LEADING_BLOCK = re.compile(
    r"\A\s*(?:<!--(?:(?!-->).)*-->\s*)*(<(p|h2)\b[^>]*>.*?</\2\s*>)", re.S | re.I
)
_RULE_DASHES = re.compile(r"\s*[-‐‑‒–—―]{2,}\s*")

_FeedKind = Literal["atom", "rss", "rdf"]

_local = threading.local()


@attrs.frozen(kw_only=True)
class _Entry:
    """What a feed says about one entry, before its HTML is parsed."""

    link: str | None = None
    title: str | None = None
    html: str = ""
    published: datetime | None = None


def _parser(*, utf8: bool, recover: bool) -> etree.XMLParser:
    """Return this thread's XML parser that reads nothing but the bytes it is given.

    ``utf8`` overrides any declared encoding; ``recover`` is libxml2's recovery
    mode. No DTD is loaded and no entity resolved: ``collect_ids`` stays on,
    since turning it off makes lxml ask libxml2 to load the external DTD subset
    (``load_dtd=False`` notwithstanding), and the resolver answers any request
    for an external resource with an empty document, whatever the libxml2
    version. Its size limits stay on (no ``huge_tree``).
    """
    name = f"parser_{utf8:d}{recover:d}"
    parser: etree.XMLParser | None = getattr(_local, name, None)
    if parser is None:
        parser = etree.XMLParser(
            encoding="utf-8" if utf8 else None,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            dtd_validation=False,
            attribute_defaults=False,
            recover=recover,
            remove_comments=True,
            remove_pis=True,
            collect_ids=True,
        )
        parser.resolvers.add(NO_EXTERNAL_RESOURCES)
        setattr(_local, name, parser)
    return parser


def _parse_xml(data: bytes, *, utf8: bool, recover: bool) -> Element | None:
    """The root element of ``data``, or ``None`` where it is not well-formed (or holds none).

    :raises InputTooComplexError: libxml2 stopped at one of its size limits.
    """
    parser = _parser(utf8=utf8, recover=recover)
    try:
        root: Element | None = etree.fromstring(data, parser)
    except etree.LxmlError:
        root = None
    if hit_resource_limit(parser.error_log):
        raise InputTooComplexError(
            "the feed holds a text, attribute value or name longer than the XML parser's "
            "10,000,000-byte limit, or elements nested more than 256 deep: the parser "
            "stopped reading there; nothing was returned"
        )
    return root


def _xml_root(xml: str | bytes) -> tuple[Element, bool]:
    """Parse the feed's XML: its root element, and whether the whole feed was read.

    The feed is parsed strictly; if it is not well-formed, its repaired text is
    (``_xmlrepair``). If that fails too, the tree libxml2's recovery makes of
    the repaired text is returned, with ``False``: entries may be missing.

    :raises RfiParseError: the input holds no XML element.
    :raises InputTooComplexError: libxml2 stopped at one of its size limits.
    """
    if isinstance(xml, str):
        # The text is already decoded: whatever encoding its declaration names,
        # it is read back as the UTF-8 it is encoded to here.
        root = _parse_xml(xml.encode("utf-8", errors="replace"), utf8=True, recover=False)
    else:
        root = _parse_xml(xml, utf8=False, recover=False)
    if root is not None:
        return root, True
    repaired = repair_xml(xml if isinstance(xml, str) else decode_xml(xml)).encode("utf-8")
    root = _parse_xml(repaired, utf8=True, recover=False)
    if root is not None:
        return root, True
    root = _parse_xml(repaired, utf8=True, recover=True)
    if root is None:
        raise RfiParseError("the input is not an RSS or Atom feed: it holds no XML element")
    return root, False


def _node_text(element: Element) -> str:
    """The element's text, child elements' text included; unresolved entities are dropped."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_node_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _plain(element: Element | None) -> str | None:
    """Plain text of an RSS element, or ``None`` where it is absent or blank."""
    if element is None:
        return None
    text = _node_text(element).strip()
    return text or None


def _atom_title(element: Element | None) -> str | None:
    """Plain text of an Atom text construct (``type`` text, html or xhtml)."""
    if element is None:
        return None
    kind = element.get("type", "text")
    if kind == "xhtml":
        return _plain(element)
    text = _node_text(element)
    if kind in ("html", "text/html"):
        root = parse_html(text)
        text = text_content(root) if root is not None else ""
    return text.strip() or None


def _atom_html(element: Element | None) -> str | None:
    """The HTML an Atom ``<content>`` or ``<summary>`` holds, or ``None``."""
    if element is None or element.get("src") is not None:
        return None
    kind = element.get("type", "text")
    if kind == "xhtml":
        parts = [etree.tostring(child, method="html", encoding="unicode") for child in element]
        markup = "".join(parts)
    elif kind in ("html", "text/html"):
        markup = _node_text(element)
    else:  # plain text: one paragraph of it
        text = _node_text(element)
        markup = f"<p>{html.escape(text, quote=False)}</p>" if text.strip() else ""
    return markup if markup.strip() else None


def _feed_datetime(text: str | None) -> datetime | None:
    """An aware datetime from an RFC 3339 or RFC 822 date, keeping its offset."""
    if text is None:
        return None
    value = iso_datetime(text)
    if value is not None:
        return value
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc) if _RFC822_UNKNOWN_ZONE.search(text) else None
    return value


def _atom_link(entry: Element, ns: str) -> str | None:
    """The entry's ``rel="alternate"`` link, resolved against ``xml:base``."""
    for link in entry.iterchildren(f"{ns}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return normalize_url(link.get("href"), link.base)
    return None


def _atom_entry(entry: Element, ns: str) -> _Entry:
    """Read an Atom ``<entry>`` (``ns`` is the feed's ``{namespace}`` prefix)."""
    markup = _atom_html(entry.find(f"{ns}content")) or _atom_html(entry.find(f"{ns}summary"))
    published = _plain(entry.find(f"{ns}published")) or _plain(entry.find(f"{ns}updated"))
    return _Entry(
        link=_atom_link(entry, ns),
        title=_atom_title(entry.find(f"{ns}title")),
        html=markup or "",
        published=_feed_datetime(published),
    )


def _rss_link(item: Element, ns: str) -> str | None:
    """The item's ``<link>``, else a permalink ``<guid>``, else RSS 1.0's ``rdf:about``."""
    link = _plain(item.find(f"{ns}link"))
    if link is None:
        guid = item.find(f"{ns}guid")
        if guid is not None and guid.get("isPermaLink", "true").strip().lower() != "false":
            link = _plain(guid)
    if link is None:
        link = item.get(_RDF_ABOUT)
    return normalize_url(link, None)


def _rss_item(item: Element, ns: str) -> _Entry:
    """Read an RSS ``<item>`` (``ns`` is ``""`` for RSS 2.0, RSS 1.0's prefix otherwise)."""
    markup = _plain(item.find(_CONTENT_ENCODED)) or _plain(item.find(f"{ns}description"))
    published = _plain(item.find(f"{ns}pubDate")) or _plain(item.find(_DC_DATE))
    return _Entry(
        link=_rss_link(item, ns),
        title=_plain(item.find(f"{ns}title")),
        html=markup or "",
        published=_feed_datetime(published),
    )


def _qname(element: Element) -> tuple[str | None, str]:
    """The element's namespace and local name, read off ``{namespace}local``.

    The recovering XML parser can leave names that ``etree.QName`` refuses
    (``<:``), so the tag is split by hand.
    """
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return None, tag


def _feed_kind(root: Element) -> _FeedKind | None:
    """Which feed format ``root`` is the root of, or ``None`` for anything else."""
    namespace, local = _qname(root)
    if local == "feed" and namespace in _ATOM_NAMESPACES:
        return "atom"
    if local == "rss" and namespace is None:
        return "rss"
    if local == "RDF" and namespace == _RDF:
        return "rdf"
    return None


def _entries(root: Element, kind: _FeedKind) -> Iterator[_Entry]:
    """The feed's entries, in page order, each read when it is reached."""
    if kind == "atom":
        namespace = _qname(root)[0]
        ns = f"{{{namespace}}}" if namespace else ""
        for entry in root.iterchildren(f"{ns}entry"):
            yield _atom_entry(entry, ns)
    elif kind == "rss":
        for channel in root.iterchildren("channel"):
            for item in channel.iterchildren("item"):
                yield _rss_item(item, "")
    else:
        ns = f"{{{_RSS1}}}"
        for item in root.iterchildren(f"{ns}item"):
            yield _rss_item(item, ns)


def _is_rfi(url: str | None) -> TypeGuard[str]:
    """Whether ``url`` is on one of RFI's hosts (``RFI_DOMAINS``)."""
    return url is not None and is_rfi_url(url)


def _header_link(block: str) -> str | None:
    """The URL of a rendered record header (``block`` is the HTML's first element), or ``None``."""
    body = parse_html(block)
    element = body[0] if body is not None and len(body) else None
    if element is None or (element.text and not element.text.isspace()):
        return None
    children = [c for c in element if isinstance(c.tag, str)]
    if len(children) != 1 or children[0].tag != "a":
        return None
    tail = children[0].tail or ""
    # A paragraph keeps the rule as dashes after the link; a setext <h2> consumed it.
    rule = _RULE_DASHES.fullmatch(tail) is not None if element.tag == "p" else not tail.strip()
    if not rule:
        return None
    return normalize_url(children[0].get("href"), None)


def _rendered_header(markup: str) -> tuple[str | None, str]:
    """The URL of a rendered record header at the top of ``markup``, and ``markup`` without it.

    The header is the feed's, not the article's: it is taken out of the HTML as
    ``parse()`` takes a record's ``[headline](url)`` line out.
    """
    match = _LEADING_BLOCK.match(markup)
    url = _header_link(match.group(1)) if match is not None else None
    if match is None or url is None:
        return None, markup
    return url, markup[: match.start(1)] + markup[match.end(1) :]


def _rfi_source(entry: _Entry) -> tuple[str, str] | None:
    """The rfi.fr URL the entry stands for and the HTML to parse, or ``None`` if not RFI's."""
    header_url, markup = _rendered_header(entry.html)
    if _is_rfi(entry.link):
        return entry.link, markup
    if _is_rfi(header_url):
        return header_url, markup
    record_url = normalize_url(split_record(entry.html).url, None)
    if _is_rfi(record_url):
        return record_url, entry.html
    return None


def _complete(article: Article, entry: _Entry) -> Article:
    """Fill what the entry's HTML lacks (headline, programme, date) from the feed."""
    headline, programme, published = article.headline, article.programme, article.published
    if headline is None and entry.title is not None:
        edition = EDITIONS.get(article.edition) if article.edition is not None else None
        headline, title_programme = clean_headline(
            entry.title, edition=edition, url_programme=programme
        )
        if programme is None and headline is not None:
            programme = title_programme
    if published is None:
        published = entry.published
    if (headline, programme, published) == (article.headline, article.programme, article.published):
        return article
    return attrs.evolve(article, headline=headline, programme=programme, published=published)


def _articles(root: Element, kind: _FeedKind) -> Iterator[Article]:
    """Parse each RFI entry's HTML and complete it from the feed; skip the rest."""
    for entry in _entries(root, kind):
        source = _rfi_source(entry)
        if source is None:
            continue
        link, markup = source
        if not begins_with_markup(markup):
            # An RSS <description> of text (a summary): the entry's text, one paragraph
            # of it. parse() alone refuses text that does not begin with a tag.
            markup = f"<p>{markup}</p>"
        try:
            article = parse(markup, url=link, max_bytes=None)
        except NotAnArticleError:
            continue
        yield _complete(article, entry)


def parse_feed(
    xml: str | bytes, *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> tuple[Article, ...]:
    """Parse an RSS 2.0, RSS 1.0 or Atom feed and return its RFI articles, in feed order.

    ``tuple(iter_feed(xml))``: every entry parsed before the call returns, as
    ``parse_listing()`` returns every teaser (``parse_*`` functions return the
    whole result; ``iter_*`` ones yield it lazily). Its rules, and what it
    raises, are ``iter_feed()``'s; an entry too complex to parse raises here,
    where ``iter_feed()`` would first yield the entries before it.

    >>> feed = (
    ...     '<rss version="2.0"><channel><item><title>Titre</title>'
    ...     "<link>https://www.rfi.fr/fr/france/20240102-titre</link>"
    ...     "<description>&lt;p&gt;Un paragraphe.&lt;/p&gt;</description>"
    ...     "</item></channel></rss>"
    ... )
    >>> [(a.headline, a.paragraphs[0].text) for a in parse_feed(feed)]
    [('Titre', 'Un paragraphe.')]
    """
    return tuple(_read_feed(xml, max_bytes=max_bytes, caller="parse_feed"))


def iter_feed(xml: str | bytes, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """Parse an RSS 2.0, RSS 1.0 or Atom feed and yield its RFI articles, in feed order.

    ``xml`` is the feed as ``bytes`` (its XML declaration or byte-order mark
    names the encoding; UTF-8 otherwise) or as ``str`` (any encoding the
    declaration names is ignored: the text is already decoded). The XML is
    read at once; entries are parsed one by one as the iterator is consumed
    (``parse_feed()`` parses them all at once).

    Only RFI entries are yielded: those whose link is on an ``rfi.fr`` host, or
    whose HTML names an ``rfi.fr`` source URL (a record header, or a rendered
    ``<p><a href>headline</a> ——</p>`` header, which is then left out). Each
    entry's HTML (Atom ``<content>`` or ``<summary>``; RSS ``<content:encoded>``
    or ``<description>``) goes through ``rfiparse.parse()`` with that URL. Then
    the feed fills what the HTML lacks, never overriding it: the headline from
    the entry's ``<title>`` (site and programme suffixes removed as by
    ``parse()``, which may also set the programme), and the
    publication time from ``<published>``, ``<updated>``, ``<pubDate>`` or
    ``<dc:date>``, with the offset the feed gives. Entries whose HTML is not an
    article are skipped.

    Entities are never resolved, no DTD is loaded and nothing is read but
    ``xml``: no file, no network.

    A feed that is not well-formed is repaired where the intent is plain (a
    bare ``&``, an HTML entity such as ``&nbsp;``, a stray ``<`` or ``]]>``, a
    control character, undecodable bytes) and read whole. One still broken
    after that (cut off midway, say) may have lost entries: then the entries
    that could be read are parsed at once, and ``IncompleteFeedError`` is
    raised by this call, its ``articles`` holding their RFI articles in feed
    order. Nothing is ever dropped silently.

    ``max_bytes`` bounds the feed's size (``str`` counts its UTF-8 bytes); a
    larger feed is refused before any parsing. ``None`` lifts the limit.

    :raises TypeError: ``xml`` is neither ``str`` nor ``bytes``, or ``max_bytes`` is
        not an ``int``.
    :raises InputTooLargeError: the feed is larger than ``max_bytes``.
    :raises InputTooComplexError: a text, attribute value or name of the feed is
        longer than libxml2's 10,000,000-byte limit, or an entry's HTML is too
        complex to parse (see ``rfiparse.parse()``); the latter when that entry is reached.
    :raises IncompleteFeedError: the feed is damaged past repair; ``articles``
        holds what could be read.
    :raises RfiParseError: the input is not an RSS or Atom feed.
    """
    return _read_feed(xml, max_bytes=max_bytes, caller="iter_feed")


def _read_feed(xml: str | bytes, *, max_bytes: int | None, caller: str) -> Iterator[Article]:
    """``iter_feed()``, its arguments checked in the name of ``caller``."""
    check_input(xml, None, caller=caller, max_bytes=max_bytes)
    root, whole = _xml_root(xml)
    kind = _feed_kind(root)
    if kind is None:
        name = _qname(root)[1]
        raise RfiParseError(f"the input is not an RSS or Atom feed: its root element is <{name}>")
    if not whole:
        articles = tuple(_articles(root, kind))
        raise IncompleteFeedError(
            "the feed is not well-formed even after repair (cut off, or damaged), so some "
            f"of its entries may be lost; the {len(articles)} RFI article(s) of the entries "
            "that could be read are in this error's `articles`",
            articles=articles,
        )
    return _articles(root, kind)
