"""RFI's hosts and the table of its language editions: path code, language, labels.

Nothing in the extractors is hard-wired to one edition's wording: whatever
differs between editions lives here, and so does the one list of the hosts
whose documents rfiparse reads (``RFI_DOMAINS``).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote, urlsplit

import attrs

from ._text import clean_optional

__all__ = [
    "EDITIONS",
    "RFI_DOMAINS",
    "Edition",
    "decode_segment",
    "foreign_host",
    "is_rfi_host",
    "is_rfi_site",
    "is_rfi_site_name",
    "is_rfi_url",
    "rfi_path_segments",
    "url_parts",
]

RFI_DOMAINS = ("rfi.fr", "rfi.my")
"""The domains of RFI's documents: ``rfi.fr`` (every edition's articles, pages and
feeds) and ``rfi.my`` (the short links of its share buttons), each with its
subdomains. A record, page, listing or feed entry whose own URL is on any other
host is another publisher's and is refused (``ForeignSiteError``). France 24
(``france24.com``) and Monte Carlo Doualiya (``mc-doualiya.com``) run the same CMS
but are not on this list: no fixture proves every field right on their markup."""

_ARTICLE_DOMAIN = RFI_DOMAINS[0]

# RFI's site names, in every edition, hold "RFI" as a word of Latin letters
# ("RFI - 法国国际广播电台", "RFI", "RFI Español") or the full name.
_RFI_SITE_NAME = re.compile(
    r"(?<![A-Za-z])RFI(?![A-Za-z])|Radio France Internationale", re.IGNORECASE
)


def _on_domain(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def is_rfi_host(host: str) -> bool:
    """Whether ``host`` (lower-case, without port) is rfi.fr or one of its subdomains.

    Those are the hosts of RFI's articles, served over https only, whose paths
    name an edition (``/cn/…``).
    """
    return _on_domain(host, _ARTICLE_DOMAIN)


def is_rfi_site(host: str) -> bool:
    """Whether ``host`` (lower-case, without port) is one of ``RFI_DOMAINS`` or below one."""
    return any(_on_domain(host, domain) for domain in RFI_DOMAINS)


def is_rfi_site_name(name: str) -> bool:
    """Whether a page's stated site name (``og:site_name``) is one of RFI's."""
    return _RFI_SITE_NAME.search(name) is not None


def _host(url: str) -> str | None:
    """The lower-case host of an absolute URL, without port or trailing dot, else ``None``."""
    try:
        host = urlsplit(url).hostname
    except ValueError:  # a malformed IPv6 host ("http://[")
        host = url.partition("://")[2].partition("/")[0].lower()
    return host.rstrip(".") or None if host else None


def is_rfi_url(url: str | None) -> bool:
    """Whether ``url`` is an absolute URL on one of ``RFI_DOMAINS``."""
    host = _host(url) if url is not None else None
    return host is not None and is_rfi_site(host)


def foreign_host(url: str | None) -> str | None:
    """The host of ``url`` when it is on a host that is not RFI's, else ``None``.

    ``url`` is a URL as ``normalize_url()`` returns it (absolute http(s), or
    ``None``); a URL without a host is not judged.
    """
    host = _host(url) if url is not None else None
    return host if host is not None and not is_rfi_site(host) else None


@attrs.frozen(kw_only=True)
class Edition:
    """One RFI edition, as it appears in ``https://www.rfi.fr/<code>/…``.

    Only what a real document shows is stated here; a field left at its default
    (``None``, empty) means *not known*, never "the edition has none". The parser
    then applies no rule of that kind to the edition (no site suffix taken off
    its titles, no author link read in its records, no programme read from its
    URLs or titles), and the generators of ``tests/strategies.py`` draw only what
    the table states. What the project's documents attest is in the comment
    above ``EDITIONS``.
    """

    code: str
    """The first URL path segment (``"cn"``). Known for every edition."""

    language: str
    """BCP 47 language tag of the edition (``"zh-Hans"``). Known for every edition:
    the ``hreflang`` alternates of rfi.fr's pages pair each code with its tag."""

    site_name: str | None = None
    """The site's name in titles of the AFP wire items (``"法国国际广播电台"``, in
    `` – 法国国际广播电台 - RFI``); ``None``: not known."""

    author_segment: str | None = None
    """The path segment of author pages (``/cn/作者/<name>/``); ``None``: not known
    (records of the edition then credit no author: an author is read from a link
    to an author page)."""

    programmes_segment: str | None = None
    """The path segment under which programme pages live (``/cn/专栏检索/<programme>/``);
    ``None``: not known (no programme is read from the edition's URLs)."""

    programmes: frozenset[str] = frozenset()
    """Programme names known to be appended to titles as ``" - <programme>"``;
    empty: none known (only the URL's programme is taken off a title)."""


_CN_PROGRAMMES = frozenset(
    {
        "要闻解说",
        "要闻分析",
        "今日经济",
        "法国风土人情",
        "法国世界报",
        "环境与发展",
        "文化遗产",
        "亚洲周刊",
        "欧洲思想文化长廊",
        "特别节目",
        "环保天地",
    }
)

# What is known of each edition, and from where. The project's documents (the
# corpus and tests/fixtures) are all of the Chinese edition (cn), but for one
# France 24 fragment:
# * code and language: every edition, from the hreflang alternates of the cn pages.
# * cn: the AFP site name, the author and programmes path segments and the
#   programme names, from its records and pages.
# * tw: its site name and author segment are cn's words in traditional script,
#   carried over from cn; no tw document confirms them (one tw URL, in an
#   hreflang, shows a section: /tw/政治/…).
# * fr: links in cn records show two of its sections (/fr/europe/…, /fr/france/…).
# * every other edition: nothing beyond its code and language. Their AFP site
#   names, author and programme path words and programme names are not known
#   and are left unset rather than guessed. So is each edition's date line:
#   a record's date is read as DD/MM/YYYY - HH:MM in ASCII digits in every
#   edition (_dates.DATE_LINE), which only cn's records attest.
EDITIONS: dict[str, Edition] = {
    e.code: e
    for e in (
        Edition(code="fr", language="fr"),
        Edition(code="en", language="en"),
        Edition(code="es", language="es"),
        Edition(code="pt", language="pt"),
        Edition(code="br", language="pt-BR"),
        Edition(code="ro", language="ro"),
        Edition(code="ru", language="ru"),
        Edition(code="uk", language="uk"),
        Edition(code="vi", language="vi"),
        Edition(code="km", language="km"),
        Edition(code="fa", language="fa"),
        Edition(code="sw", language="sw"),
        Edition(code="ha", language="ha"),
        Edition(code="ff", language="ff"),
        Edition(code="ma", language="bm"),
        Edition(
            code="cn",
            language="zh-Hans",
            site_name="法国国际广播电台",
            author_segment="作者",
            programmes_segment="专栏检索",
            programmes=_CN_PROGRAMMES,
        ),
        Edition(
            code="tw",
            language="zh-Hant",
            site_name="法國國際廣播電台",
            author_segment="作者",
        ),
    )
}
"""Every edition rfi.fr links to from its home page (``hreflang`` alternates), by path code."""


decode_segment = functools.lru_cache(maxsize=1024)(unquote)
"""Percent-decode one path segment; cached, as editions, sections and programmes recur."""


def rfi_path_segments(url: str) -> list[str] | None:
    """The non-empty path segments of an rfi.fr URL, still percent-encoded, else ``None``.

    Callers decode (``decode_segment``) only the segments they read: an
    article's last segment is a long escaped slug that nobody needs decoded.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a malformed IPv6 host ("http://[")
        return None
    if not is_rfi_host(host or ""):
        return None
    return [s for s in parts.path.split("/") if s]


def url_parts(url: str | None) -> tuple[Edition | None, str | None, str | None]:
    """The edition, section and programme an rfi.fr URL names."""
    segments = rfi_path_segments(url) if url is not None else None
    edition = EDITIONS.get(decode_segment(segments[0])) if segments else None
    if segments is None or edition is None:
        return None, None, None
    # /<edition>/<section>/<slug>, or /<edition>/<programmes>/<programme>/<slug>
    section = decode_segment(segments[1]) if len(segments) >= 3 else None
    programme = None
    if section is not None and section == edition.programmes_segment and len(segments) >= 4:
        programme = decode_segment(segments[2])
    return edition, clean_optional(section), clean_optional(programme)
