"""The tools measured: rfiparse, the lxml floors, and the peer extractors.

Each tool is a ``prepare`` step (not timed: turns a sample into what the tool reads
best), a ``run`` step (timed: one call on one document, as a user would make it)
and, for the accuracy comparison, an ``extract`` step that maps the tool's output
onto the fields rfiparse returns. Nothing here touches the network:
``forbid_network()`` makes any attempt fail, and every peer is configured not to try.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import re
import socket
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

import lxml.etree
import lxml.html
from _floors import capture, correct_parse
from _inputs import Sample, Shape, peer_html
from _oracle import plan

import rfiparse

__all__ = [
    "CORRECT_PARSE",
    "FIELDS",
    "NETWORK_ATTEMPTS",
    "ORACLE",
    "Extraction",
    "Tool",
    "floor_tools",
    "forbid_network",
    "html_text",
    "load_peers",
    "rewrapped",
    "rfiparse_tool",
]

FIELDS = ("headline", "lead", "published", "image", "authors", "body", "related")
"""The fields compared for accuracy, in table order."""

Kind = Literal["subject", "floor", "peer"]
CORRECT_PARSE = "correct parse"
ORACLE = "oracle"
# Where a fragment has no URL of its own, newspaper4k still needs one to start from.
_NO_URL = "https://www.rfi.fr/"
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


@dataclass(frozen=True)
class Extraction:
    """What a tool found in one document, mapped onto rfiparse's fields."""

    headline: str | None = None
    lead: str | None = None
    published: datetime | date | None = None
    """An aware or naive ``datetime``, or a ``date`` for tools that give only a day."""
    image: str | None = None
    authors: tuple[str, ...] = ()
    body: str = ""
    """The body text, one block per line."""
    related: tuple[str, ...] = ()
    """Related-article URLs."""


@dataclass(frozen=True)
class Tool:
    """One thing timed (and, for extractors, compared)."""

    name: str
    version: str
    kind: Kind
    given: str
    """What the tool is given, in words (for the reports)."""
    prepare: Callable[[Sample], Any]
    run: Callable[[Any], Any]
    extract: Callable[[Any], Extraction] | None = None
    provides: frozenset[str] = frozenset()
    """The fields of ``FIELDS`` the tool has an output for."""
    settings: str = ""
    """The settings used, in words (for the reports)."""


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


NETWORK_ATTEMPTS: list[str] = []
"""Every connection ``forbid_network()`` refused (there should be none)."""


def forbid_network() -> None:
    """Make every Internet connection from this process (and processes it forks) fail.

    Unix-domain sockets stay usable (process pools may need them). Each refusal is
    recorded in ``NETWORK_ATTEMPTS``. The public suffix list of ``tldextract`` (used
    by newspaper4k) is read from its bundled snapshot instead of being downloaded.
    """
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    internet = {socket.AF_INET, socket.AF_INET6}
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(*args: object, **kwargs: object) -> Any:
        NETWORK_ATTEMPTS.append(" ".join(map(repr, args))[:120])
        raise OSError("benchmarks: network access is forbidden")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if self.family in internet:
            refuse(address)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if self.family in internet:
            refuse(address)
        return connect_ex(self, address)

    socket.socket.connect = guarded_connect  # type: ignore[method-assign, assignment]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign, assignment]
    socket.getaddrinfo = refuse
    socket.create_connection = refuse


def _article_extraction(article: rfiparse.Article) -> Extraction:
    blocks = [article.lead, *(p.text for p in article.paragraphs)]
    return Extraction(
        headline=article.headline,
        lead=article.lead,
        published=article.published,
        image=article.image.url if article.image else None,
        authors=tuple(a.name for a in article.authors),
        body="\n".join(b for b in blocks if b),
        related=tuple(r.url for r in article.related),
    )


def rfiparse_tool() -> Tool:
    """``rfiparse.parse()`` on the input's bytes."""
    return Tool(
        name="rfiparse",
        version=rfiparse.__version__,
        kind="subject",
        given="bytes",
        prepare=lambda sample: sample.data,
        run=rfiparse.parse,
        extract=_article_extraction,
        provides=frozenset(FIELDS),
        settings="`rfiparse.parse(data)`, defaults",
    )


def _etree_html(data: bytes) -> Any:
    return lxml.etree.fromstring(data, lxml.etree.HTMLParser())


def _oracle_payload(sample: Sample) -> tuple[Callable[[bytes], object], bytes]:
    return plan(sample.data).run, sample.data


def _run_oracle(payload: tuple[Callable[[bytes], object], bytes]) -> object:
    run, data = payload
    return run(data)


def floor_tools() -> list[Tool]:
    """The floors rfiparse is measured against, from the bare parse to the oracle.

    ``lxml.html`` and ``lxml.etree`` parse the input's bytes as they are (a record,
    which declares no charset, is read as ISO-8859-1); ``correct parse`` makes the
    parse rfiparse makes (``_floors``); ``oracle`` builds rfiparse's ``Article`` with
    every decision known (``_oracle``). Preparing the last two (not timed) raises
    ``OracleError`` or ``RuntimeError`` where they cannot be built for an input.
    """
    version = ".".join(map(str, lxml.etree.LXML_VERSION[:3]))
    return [
        Tool(
            name="lxml.html",
            version=version,
            kind="floor",
            given="bytes",
            prepare=lambda sample: sample.data,
            run=lxml.html.fromstring,
            settings="`lxml.html.fromstring(data)`",
        ),
        Tool(
            name="lxml.etree",
            version=version,
            kind="floor",
            given="bytes",
            prepare=lambda sample: sample.data,
            run=_etree_html,
            settings="`lxml.etree.fromstring(data, lxml.etree.HTMLParser())`",
        ),
        Tool(
            name=CORRECT_PARSE,
            version=version,
            kind="floor",
            given="bytes",
            prepare=lambda sample: capture(sample.data),
            run=correct_parse,
            settings=(
                "`lxml.etree.fromstring(markup, parser)` of the bytes `rfiparse.parse()` hands "
                "to libxml2 (a record's HTML after its header, glued tags repaired; a page "
                "less what the parser cuts), with rfiparse's own `HTMLParser` "
                '(`encoding="utf-8"`, comments and processing instructions removed): '
                "both captured from one `parse()` of the input, not timed "
                "(`benchmarks/_floors.py`)"
            ),
        ),
        Tool(
            name=ORACLE,
            version=rfiparse.__version__,
            kind="floor",
            given="bytes",
            prepare=_oracle_payload,
            run=_run_oracle,
            settings=(
                "the `Article` `rfiparse.parse()` returns, built by code generated for the "
                "input with every decision known, where each value stands found from "
                "`parse()`'s output (not timed): the header split, the correct parse, one "
                "read of each needed element, text cleaning, URL normalisation, date parsing, "
                "the attrs objects; checked equal to `parse()`'s article "
                "(`benchmarks/_oracle.py`)"
            ),
        ),
    ]


def _payload(sample: Sample) -> tuple[str, str | None]:
    """What a peer is given: the decoded input (fragments wrapped) and the input's own URL."""
    return peer_html(sample), sample.url


def rewrapped(tool: Tool, wrap: Collection[Shape]) -> Tool:
    """The same peer, given the input wrapped in a document for the shapes in ``wrap`` only."""
    return replace(tool, prepare=lambda sample: (peer_html(sample, wrap), sample.url))


def _text(value: object) -> str | None:
    """A peer's text value, or ``None`` for an empty one or a non-string."""
    if not isinstance(value, str):
        return None
    return value if value.strip() else None


def _date_of(value: object) -> datetime | date | None:
    """A peer's date output: a ``datetime`` as given, an ISO day string as a ``date``."""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if _DATE_ONLY.fullmatch(text):
            return date.fromisoformat(text)
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def html_text(html: str) -> str:
    """The text of an HTML fragment, one line per block element.

    ``<br>`` counts as a space (as in rfiparse's text contract), comments are dropped.
    """
    if not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br":
            element.tail = " " + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


# -- trafilatura -------------------------------------------------------------------


def _trafilatura_tool() -> Tool:
    import trafilatura

    def run(payload: tuple[str, str | None]) -> Any:
        html, url = payload
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            favor_precision=False,
            favor_recall=False,
        )

    def extract(document: Any) -> Extraction:
        if document is None:
            return Extraction()
        author = _text(document.author)
        return Extraction(
            headline=_text(document.title),
            lead=_text(document.description),
            published=_date_of(document.date),
            image=_text(document.image),
            authors=tuple(a.strip() for a in author.split(";") if a.strip()) if author else (),
            body=document.text or "",
        )

    return Tool(
        name="trafilatura",
        version=_version("trafilatura"),
        kind="peer",
        given="str",
        prepare=_payload,
        run=run,
        extract=extract,
        provides=frozenset({"headline", "lead", "published", "image", "authors", "body"}),
        settings=(
            "`bare_extraction(html, url=url, with_metadata=True, include_comments=False, "
            "include_tables=True, include_images=False, include_links=False)`: the default, "
            "balanced mode (neither `favor_precision` nor `favor_recall`, fallback "
            "extractors on, `fast=False`); comments off since RFI articles have none"
        ),
    )


# -- newspaper4k -------------------------------------------------------------------


def _newspaper_tool() -> Tool:
    import jieba  # noqa: F401  (language="zh" needs it; without it, skip the peer)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nltk is not installed": only its NLP needs it
        import newspaper

    def run(payload: tuple[str, str | None]) -> Any:
        html, url = payload
        article = newspaper.Article(
            url or _NO_URL, language="zh", fetch_images=False, follow_meta_refresh=False
        )
        article.download(input_html=html)
        article.parse()
        return article

    def extract(article: Any) -> Extraction:
        return Extraction(
            headline=_text(article.title),
            lead=_text(article.meta_description),
            published=_date_of(article.publish_date),
            image=_text(article.top_image),
            authors=tuple(article.authors),
            body=article.text or "",
        )

    return Tool(
        name="newspaper4k",
        version=_version("newspaper4k"),
        kind="peer",
        given="str",
        prepare=_payload,
        run=run,
        extract=extract,
        provides=frozenset({"headline", "lead", "published", "image", "authors", "body"}),
        settings=(
            '`Article(url, language="zh", fetch_images=False, follow_meta_refresh=False)`, '
            "`download(input_html=html)`, `parse()`: Chinese tokenisation (jieba; the "
            "default English settings find no body in Chinese text), images not downloaded"
        ),
    )


# -- readability-lxml --------------------------------------------------------------


def _readability_tool() -> Tool:
    import readability

    def run(payload: tuple[str, str | None]) -> tuple[str, str]:
        html, url = payload
        document = readability.Document(html, url=url)
        return document.summary(), document.short_title()

    def extract(result: tuple[str, str]) -> Extraction:
        summary, title = result
        return Extraction(
            headline=None if title == "[no-title]" else _text(title),
            body=html_text(summary),
        )

    return Tool(
        name="readability-lxml",
        version=_version("readability-lxml"),
        kind="peer",
        given="str",
        prepare=_payload,
        run=run,
        extract=extract,
        provides=frozenset({"headline", "body"}),
        settings=(
            "`Document(html, url=url)`, then `.summary()` and `.short_title()` "
            "(the title without the site name)"
        ),
    )


# -- goose3 ------------------------------------------------------------------------


def _goose_tool() -> Tool:
    import jieba  # noqa: F401  (StopWordsChinese needs it; without it, skip the peer)
    from goose3 import Goose
    from goose3.text import StopWordsChinese

    goose = Goose(
        {
            "target_language": "zh",
            "use_meta_language": False,
            "stopwords_class": StopWordsChinese,
            "enable_image_fetching": False,
        }
    )

    def run(payload: tuple[str, str | None]) -> Any:
        html, url = payload
        return goose.extract(url=url, raw_html=html)

    def extract(article: Any) -> Extraction:
        image = article.opengraph.get("image")
        if isinstance(image, list):
            image = image[0] if image else None
        published = article.publish_datetime_utc or _date_of(article.publish_date)
        return Extraction(
            headline=_text(article.title),
            lead=_text(article.meta_description),
            published=published,
            image=_text(image),
            authors=tuple(article.authors),
            body=article.cleaned_text or "",
        )

    return Tool(
        name="goose3",
        version=_version("goose3"),
        kind="peer",
        given="str",
        prepare=_payload,
        run=run,
        extract=extract,
        provides=frozenset({"headline", "lead", "published", "image", "authors", "body"}),
        settings=(
            "one `Goose({target_language: zh, use_meta_language: False, stopwords_class: "
            "StopWordsChinese, enable_image_fetching: False})` made once, then "
            "`extract(url=url, raw_html=html)` (Chinese word segmentation by jieba; "
            "the default English stop words find no body in Chinese text)"
        ),
    )


_PEERS: dict[str, Callable[[], Tool]] = {
    "trafilatura": _trafilatura_tool,
    "newspaper4k": _newspaper_tool,
    "readability-lxml": _readability_tool,
    "goose3": _goose_tool,
}


def _quiet_peers() -> None:
    """Keep the peers' own logging (warnings on odd input, jieba's progress) off stderr."""
    for name in ("trafilatura", "htmldate", "courlan", "newspaper", "goose3", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.ERROR)


def load_peers() -> tuple[list[Tool], dict[str, str]]:
    """The peers that import, and for the others the reason they are skipped."""
    tools: list[Tool] = []
    skipped: dict[str, str] = {}
    _quiet_peers()
    for name, build in _PEERS.items():
        try:
            tools.append(build())
        except ImportError as error:
            skipped[name] = f"not installed ({error})"
    return tools, skipped
