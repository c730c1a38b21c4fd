"""The URL contract: absolute, https for rfi.fr, one slash, UTF-8 escapes, http(s) only."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rfiparse._editions import is_rfi_host, rfi_path_segments
from rfiparse._urls import _normalize, normalize_url

BASE = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-x"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://www.rfi.fr//cn/%E4%B8%AD/x", "https://www.rfi.fr/cn/%E4%B8%AD/x"),
        ("/cn/%E4%B8%AD", "https://www.rfi.fr/cn/%E4%B8%AD"),
        ("https://www.rfi.fr/tw/尼古拉", "https://www.rfi.fr/tw/%E5%B0%BC%E5%8F%A4%E6%8B%89"),
        ("https://s.rfi.fr/a/Mus%C3%A9e%20b c.jpg", "https://s.rfi.fr/a/Mus%C3%A9e%20b%20c.jpg"),
        ("//s.rfi.fr/x.jpg", "https://s.rfi.fr/x.jpg"),
        ("http://csdata.org/", "http://csdata.org/"),
        ("HTTP://WWW.RFI.FR:80/cn", "https://www.rfi.fr/cn"),
        ("https://example.com/?q=é#à", "https://example.com/?q=%C3%A9#%C3%A0"),
        ("  https://example.com/a\n/b ", "https://example.com/a/b"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("https://Sub_Domain.Example.COM./p", "https://sub_domain.example.com/p"),
        ("https://example.com/a\ud800b", "https://example.com/ab"),
        ("http://www.rfi.fr/\ud800/cn/x", "https://www.rfi.fr/cn/x"),
        ("https://example.com/a\x00b", "https://example.com/ab"),
    ],
)
def test_normalize_url(raw: str, expected: str) -> None:
    assert normalize_url(raw, BASE) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "whatsapp://send?text=x",
        "mailto:a@b.c",
        "data:image/gif;base64,R0lG",
        "",
        "   ",
        "http://[::1",
        "http:///nohost",
        "https://><div class=/",
        "https://a b/",
        "https://exa<mple.com/",
    ],
)
def test_non_http_or_broken_urls_are_refused(raw: str) -> None:
    assert normalize_url(raw, BASE) is None


@given(
    st.one_of(
        st.text(alphabet=st.sampled_from(list("/.%:?#&=aAé中 -_~h")), max_size=30),
        st.builds(
            "{}{}".format,
            st.sampled_from(
                ["http://", "https://", "/", "//", "", "HTTPS://", "http://www.rfi.fr//"]
            ),
            st.text(alphabet=st.sampled_from(list("/.%:?#&=aAé中 -_~wrfi")), max_size=30),
        ),
    ),
    st.sampled_from([BASE, "https://example.com/a/b", "http://www.rfi.fr/x"]),
)
@settings(max_examples=500, deadline=None)
def test_fast_paths_agree_with_the_full_normalisation(raw: str, base: str) -> None:
    # The full path (_normalize) is the definition; the shortcuts must not differ from it.
    assert normalize_url(raw, base) == _normalize(raw, base)


def _segments_by_urlsplit(url: str) -> list[str] | None:
    parts = urlsplit(url)
    if not is_rfi_host(parts.hostname or ""):
        return None
    return [s for s in parts.path.split("/") if s]


@given(
    st.builds(
        "{}{}{}".format,
        st.sampled_from(["https://", "http://", "HTTPS://", "https:/", "ftp://", ""]),
        st.sampled_from(["www.rfi.fr", "rfi.fr", "WWW.RFI.FR", "u@www.rfi.fr", "rfi.fr:8", ""]),
        st.text(alphabet=st.sampled_from(list("/?#%:@ \t\x00\x7fa中-")), max_size=20),
    )
)
@settings(max_examples=500, deadline=None)
def test_path_segments_agree_with_urlsplit(url: str) -> None:
    # urlsplit() is the definition; the regex shortcut for plain URLs must not differ.
    assert rfi_path_segments(url) == _segments_by_urlsplit(url)
