"""URL resolution and normalisation (the URL contract of ``rfiparse.model``)."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ._editions import is_rfi_host
from ._text import strip_invalid_chars

__all__ = ["RFI_BASE", "normalize_url"]

RFI_BASE = "https://www.rfi.fr/"
"""Base of relative links in RFI markup when the input carries no URL of its own."""

# Kept as they are: reserved characters and '%' (so existing escapes survive).
_SAFE = "!#$%&'()*+,/:;=?@[]~"
_LEADING_SLASHES = re.compile(r"^/{2,}")
_URL_WHITESPACE = re.compile(r"[\t\n\r]")
_HOST_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?")
_IPV6 = re.compile(r"[0-9a-f:.]+")


# URLs already in normal form: absolute, ASCII, nothing to escape, a plain host
# name and a path that does not start with '//'. Most RFI links are.
_NORMAL_PATH_CHARS = r"[A-Za-z0-9\-._~%!$&'()*+,;=:@/?#\[\]]*"
_NORMAL_URL = re.compile(
    r"https?://([a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)(?:/(?!/)" + _NORMAL_PATH_CHARS + ")?"
)
# An absolute URL whose path starts with several slashes (its group: those slashes).
_DOUBLED_SLASHES = re.compile(r"https?://[a-z0-9_.-]*(//+)")
# A root-relative link whose path is as in _NORMAL_URL.
_NORMAL_PATH = re.compile(r"/(?!/)" + _NORMAL_PATH_CHARS)


def normalize_url(raw: str | None, base: str | None) -> str | None:
    """Resolve ``raw`` against ``base`` and normalise it, or ``None`` if it is not http(s).

    https for rfi.fr hosts, one slash after the host, non-ASCII characters
    percent-encoded as UTF-8, existing escapes kept.

    Total: whatever ``raw`` and ``base`` hold, the answer is ``None`` or a URL
    that ``urlsplit()`` and its ``port`` read without raising; nothing raises.
    """
    if raw is None or raw.startswith("data:"):  # lazy images' inline GIFs: not http(s)
        return None
    if raw.endswith(("?", "#")) or "?#" in raw:
        return _normalize(raw, base)  # urlunsplit drops an empty query or fragment
    # RFI's Chinese links are often written unescaped ("/cn/政治/…"): escaped,
    # most are in normal form.
    url = raw if raw.isascii() else _escaped(raw)
    if url is None:
        return _normalize(raw, base)
    if url[:1] == "/":
        if url[1:2] != "/" and base is not None and "/." not in url:
            # A root-relative link ("/cn/…") against an already normal base.
            origin = _origin(base)
            if origin is not None and _NORMAL_PATH.fullmatch(url) is not None:
                return origin + url
        return _normalize(raw, base)
    fast = _NORMAL_URL.fullmatch(url)
    if fast is None and (doubled := _DOUBLED_SLASHES.match(url)) is not None:
        # "http://www.rfi.fr//cn/…", as 2020 records write it: one slash after the host.
        url = url[: doubled.start(1)] + "/" + url[doubled.end(1) :]
        fast = _NORMAL_URL.fullmatch(url)
    if fast is not None:
        host_end = fast.end(1)
        if url[4] == ":" and is_rfi_host(fast.group(1)):
            url = "https" + url[4:]  # rfi.fr is served over https only
            host_end += 1
        return url if host_end < len(url) else url + "/"
    return _normalize(raw, base)


def _escaped(raw: str) -> str | None:
    """``raw`` with its non-ASCII characters percent-encoded, when that is all it needs.

    ``None`` when ``raw`` holds anything else that the full normalisation would
    change (blanks, controls, format characters), or when its ASCII characters
    alone are not of a URL in normal form.
    """
    if not raw.isprintable():
        return None
    ascii_only = raw.encode("ascii", "ignore").decode("ascii")
    if not _NORMAL_URL.fullmatch(ascii_only if ascii_only[:1] != "/" else "https://h" + ascii_only):
        return None
    return quote(raw, safe=_SAFE)


@functools.lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    """``scheme://host`` of a base URL already in normal form, else ``None``."""
    match = _already_normal(base)
    return base[: match.end(1)] if match is not None else None


def _already_normal(url: str) -> re.Match[str] | None:
    match = _NORMAL_URL.fullmatch(url)
    if match is None or (url[4] == ":" and is_rfi_host(match.group(1))):
        return None
    return match


def _normalize(raw: str, base: str | None) -> str | None:
    # Characters no URL can hold (controls, lone surrogates) go first, so that
    # nothing is decided on a form of the URL that is not the one returned.
    raw = _URL_WHITESPACE.sub("", strip_invalid_chars(raw)).strip()
    if not raw:
        return None
    if base is not None:  # what urljoin() keeps of it is quoted below, as raw is
        base = strip_invalid_chars(base)
    try:
        parts = urlsplit(urljoin(base, raw) if base else raw)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if _IPV6.fullmatch(host) and ":" in host:
        host = f"[{host}]"
    elif not _HOST_NAME.fullmatch(host):
        return None
    if is_rfi_host(host):
        scheme = "https"
        port = None if port in (80, 443) else port
    netloc = host if port is None else f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username
        if parts.password is not None:
            userinfo += ":" + parts.password
        netloc = quote(userinfo, safe=_SAFE, errors="strict") + "@" + netloc
    path = _LEADING_SLASHES.sub("/", parts.path) or "/"
    return urlunsplit(
        (
            scheme,
            netloc,
            quote(path, safe=_SAFE, errors="strict"),
            quote(parts.query, safe=_SAFE, errors="strict"),
            quote(parts.fragment, safe=_SAFE, errors="strict"),
        )
    )
