"""The short link (``https://rfi.my/CEAH``) that an article's share buttons pass on.

Each share button links to a network's share URL and passes the article's short
link in it, percent-encoded, with a suffix naming the network
(``rfi.my/CEAH.F`` for Facebook, ``.X`` for X, ``.W`` for WhatsApp, ``.BS`` for
Bluesky …): as a whole query value (Facebook ``href=``, X and Twitter ``url=``)
or as a word of a text (WhatsApp and Telegram ``text=``, e-mail ``body=``,
``title - https://rfi.my/CEAH.W``).

Full pages mark their share block with a class (``t-content__shares``) and every
link in it is read. Records and fragments lost their classes: there, a share
button is known by its link alone, a share URL of one of the networks of
``SHARE_LINK_MARKERS``, wherever it stands (with or without the ``分享 :`` label,
with text, an icon or an inline SVG inside). Either way the same rule reads the
short link out of the links (``short_url()``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from ._html import Element

__all__ = [
    "SHARE_LINK_MARKERS",
    "is_share_link",
    "query",
    "query_values",
    "share_links",
    "short_url",
]

SHARE_LINK_MARKERS = (
    "facebook.com/dialog/share",
    "facebook.com/dialog/send",
    "facebook.com/sharer",
    "x.com/intent",
    "twitter.com/intent",
    "whatsapp://",
    "web.whatsapp.com/send",
    "api.whatsapp.com/send",
    "linkedin.com/shareArticle",
    "linkedin.com/sharing",
    "t.me/share",
    "telegram.me/share",
    "bsky.app/intent",
    "mailto:?",
)
"""What the share URL of each network RFI's buttons use holds (a substring of the
link): the links that mark a block as share buttons. ``mailto:?`` is an e-mail
with no recipient: a share by e-mail, not a contact address."""

_URL_WHITESPACE = re.compile(r"[\t\n\r]")
# A query value that may hold a short link: its host, '.' written or escaped. (A
# host escaped letter by letter, "%72fi.my", is not read.)
_MENTIONS_SHORT_HOST = re.compile(r"rfi(?:\.|%2[eE])my", re.IGNORECASE)
# A short link standing as a word of a decoded value (a whole value is one word):
# scheme and host in any case, the code as written, then the network's suffix.
_SHORT_LINK = re.compile(r"(?<!\S)(?i:https?://rfi\.my)/([A-Za-z0-9]+)(?:\.[A-Za-z]{1,3})?(?!\S)")


def is_share_link(href: str) -> bool:
    """Whether ``href`` is a share button's link: it holds one of ``SHARE_LINK_MARKERS``."""
    for marker in SHARE_LINK_MARKERS:  # noqa: SIM110 - a loop is cheaper than any() here
        if marker in href:
            return True
    return False


def share_links(root: Element) -> list[str]:
    """The ``href`` of every link at or below ``root`` that is a share button's.

    (A share button's link: ``is_share_link()``.)
    """
    found = []
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if href and is_share_link(href):
            found.append(href)
    return found


def query(href: str) -> str:
    """The query of a link, as ``urlsplit(href).query`` reads it; never raises.

    ``urlsplit()`` refuses links whose host it cannot read (``http://[``); the
    query is read without looking at the host: what follows the first ``?``,
    up to the fragment, once tabs and line breaks are taken out.
    """
    return _URL_WHITESPACE.sub("", href).partition("#")[0].partition("?")[2]


def query_values(query: str, *, mentioning: re.Pattern[str] | None = None) -> list[str]:
    """The non-empty values of a query string, decoded: those of ``parse_qs(query)``.

    With ``mentioning``, only the values whose text *as written* (still escaped)
    it finds something in. Names are not decoded (nobody reads them), and a value
    is decoded only where it has something to decode: share links carry long
    queries of escaped text.
    """
    values = []
    for field in query.split("&"):
        name_value = field.split("=", 1)
        if len(name_value) != 2 or not name_value[1]:
            continue
        value = name_value[1]
        if mentioning is not None and mentioning.search(value) is None:
            continue
        value = value.replace("+", " ")
        values.append(unquote(value) if "%" in value else value)
    return values


def short_url(hrefs: Iterable[str | None]) -> str | None:
    """The short link the share links ``hrefs`` pass on, when they agree on one.

    Every query value of every link is read (decoded); a short link is
    ``http(s)://rfi.my/<code>``, with or without the network's suffix
    (``.F``, ``.W``, ``.BS``), standing as the whole value or as one of its
    words. Links of other shorteners, and short links with a path after the
    code, are none. The answer is ``https://rfi.my/<code>``; ``None`` where no
    link passes one, or where the links pass different codes (no guess is made).
    """
    codes: set[str] = set()
    for href in hrefs:
        if not href:
            continue
        for value in query_values(query(href), mentioning=_MENTIONS_SHORT_HOST):
            codes.update(match.group(1) for match in _SHORT_LINK.finditer(value))
    return f"https://rfi.my/{codes.pop()}" if len(codes) == 1 else None
