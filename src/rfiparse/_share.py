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
import string
from collections.abc import Iterable

from ._html import Element

__all__ = [
    "SHARE_LINK_MARKERS",
    "is_share_link",
    "query",
    "share_links",
    "short_link_values",
    "short_url",
    "unescape",
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
# A run of percent-escapes: the bytes of one or more characters.
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# rfi.my as a query value may write it (lower-cased): '.' written or escaped.
_SHORT_HOSTS = ("rfi.my", "rfi%2emy")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# A short link as a whole word of a decoded value (a whole value is one word):
# scheme and host in any (ASCII) case, the code as written, then the network's suffix.
_SHORT_LINK = re.compile(r"(?ai:https?://rfi\.my)/([A-Za-z0-9]+)(?:\.[A-Za-z]{1,3})?")


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
    if "\t" in href or "\n" in href or "\r" in href:  # rare: no regex pass otherwise
        href = _URL_WHITESPACE.sub("", href)
    return href.partition("#")[0].partition("?")[2]


def short_link_values(query: str) -> list[str]:
    """The decoded values of ``query`` that, as written, name rfi.my: what may hold a short link.

    The values are those ``parse_qs(query)`` gives (fields split at ``&``, the
    value after a field's first ``=``, ``+`` and ``%xx`` decoded), kept where the
    value as written names rfi.my ('.' written or escaped, any case; a host escaped
    letter by letter, ``%72fi.my``, is not read). Only the fields that name it are
    cut out and decoded: share links carry long queries of escaped titles.
    """
    # Lower-case ASCII only: str.lower() may lengthen other letters ("İ"), and the
    # positions found in ``lower`` must be those of ``query``.
    lower = query.lower() if query.isascii() else query.translate(_ASCII_LOWER)
    values = []
    at = _named_at(lower, 0, len(lower))
    while at >= 0:
        start = query.rfind("&", 0, at) + 1
        end = query.find("&", at)
        end = len(query) if end < 0 else end
        name, equals, value = query[start:end].partition("=")
        if equals and _named_at(lower, start + len(name) + 1, end) >= 0:  # in the value
            value = value.replace("+", " ")
            values.append(unescape(value) if "%" in value else value)
        at = _named_at(lower, end, len(lower))
    return values


def _named_at(lower: str, start: int, end: int) -> int:
    """Where in ``lower[start:end]`` rfi.my is first named (as ``_SHORT_HOSTS`` write it), or -1."""
    plain = lower.find(_SHORT_HOSTS[0], start, end)
    escaped = lower.find(_SHORT_HOSTS[1], start, end)
    return plain if escaped < 0 or 0 <= plain < escaped else escaped


def unescape(value: str) -> str:
    """``value`` with its percent-escapes decoded, as ``urllib.parse.unquote()`` does.

    Each run of escapes is read as UTF-8 (invalid bytes become U+FFFD), anything
    else is kept as written. ``unquote()`` decodes escape by escape in Python; here
    one run, such as a whole escaped title, is one conversion.
    """
    return _ESCAPES.sub(_decode_escapes, value)


def _decode_escapes(run: re.Match[str]) -> str:
    # fromhex() skips blanks: replacing each '%' by one copies the run as it is,
    # where deleting it rebuilds the string (a third of an escaped title's cost).
    return bytes.fromhex(run.group().replace("%", " ")).decode("utf-8", "replace")


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
    # Networks' links often pass the same query (WhatsApp's app and web links):
    # each distinct one is read once.
    queries = {query(href) for href in hrefs if href}
    for each in queries:
        for value in short_link_values(each):
            for word in value.split():  # the blanks of a regex's \s, at C speed
                match = _SHORT_LINK.fullmatch(word)
                if match is not None:
                    codes.add(match.group(1))
    return f"https://rfi.my/{codes.pop()}" if len(codes) == 1 else None
