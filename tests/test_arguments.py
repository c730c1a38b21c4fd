"""Every public function checks its arguments alike, before any work (rfiparse._arguments)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import rfiparse

# Each public function that takes one input, called with that input and options.
ONE_INPUT: dict[str, Callable[..., Any]] = {
    "parse": rfiparse.parse,
    "parse_listing": rfiparse.parse_listing,
    "parse_feed": rfiparse.parse_feed,
    "iter_feed": lambda html, **options: tuple(rfiparse.iter_feed(html, **options)),
    "detect": rfiparse.detect,
}
NAMES = sorted(ONE_INPUT)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("html", [None, 1, bytearray(b"<p>"), ["<p>"]])
def test_input_of_another_type_is_a_type_error_naming_the_function(name: str, html: Any) -> None:
    with pytest.raises(TypeError, match=rf"^{name}\(\) takes str or bytes, not "):
        ONE_INPUT[name](html)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("max_bytes", [1.5, "10", True])
def test_max_bytes_of_another_type_is_a_type_error(name: str, max_bytes: Any) -> None:
    with pytest.raises(TypeError, match=r"^max_bytes must be an int or None, not "):
        ONE_INPUT[name]("<p>x</p>", max_bytes=max_bytes)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("html", ["<rss/>" + " " * 20, b"<p>" + b"x" * 20])
def test_input_over_max_bytes_is_refused_before_any_work(name: str, html: str | bytes) -> None:
    with pytest.raises(rfiparse.InputTooLargeError, match="more than 10 bytes"):
        ONE_INPUT[name](html, max_bytes=10)


@pytest.mark.parametrize("name", ["parse", "parse_listing"])
def test_url_of_another_type_is_a_type_error(name: str) -> None:
    with pytest.raises(TypeError, match=r"^url must be a str or None, not bytes"):
        ONE_INPUT[name]("<p>x</p>", url=b"https://www.rfi.fr/")


@pytest.mark.parametrize("name", ["parse", "parse_listing"])
@pytest.mark.parametrize(
    "url", ["not a url", "", "/fr/france/20240101-x", "ftp://www.rfi.fr/x", "https://", "data:,x"]
)
def test_url_that_is_no_absolute_http_url_is_a_value_error(name: str, url: str) -> None:
    # The caller's mistake, not the document's: a plain ValueError, no RfiParseError
    # that a loop over documents would catch and count as a bad page.
    with pytest.raises(ValueError, match=r"^url must be an absolute http or https URL") as error:
        ONE_INPUT[name]("<p>x</p>", url=url)
    assert not isinstance(error.value, rfiparse.RfiParseError)


@pytest.mark.parametrize("name", ["parse", "parse_listing"])
def test_url_value_error_comes_before_any_reading_of_the_input(name: str) -> None:
    with pytest.raises(ValueError, match="absolute http"):
        ONE_INPUT[name](b"\x00" * 100, url="www.rfi.fr/fr/x")


@pytest.mark.parametrize("max_bytes", [1.5, "10", True])
def test_parse_many_checks_max_bytes_when_called(max_bytes: Any) -> None:
    # Before a worker starts or an input is read: an empty batch is refused too.
    with pytest.raises(TypeError, match=r"^max_bytes must be an int or None, not "):
        rfiparse.parse_many([], workers=1, max_bytes=max_bytes)


def test_parse_many_names_the_types_a_worker_count_may_have() -> None:
    with pytest.raises(TypeError, match=r"^workers must be an int or None, not str"):
        rfiparse.parse_many([], workers="2")  # type: ignore[arg-type]
