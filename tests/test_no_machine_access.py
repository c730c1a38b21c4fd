"""Nothing is read from the machine: no file, no FIFO, no network, whatever the input names.

A feed's DTD, its parameter and external entities, XInclude, style-sheet
processing instructions, and an HTML page's doctype and links all name
resources; the parsers open none of them. Each check runs ``parse``,
``parse_listing`` and ``parse_feed``.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import rfiparse

RFI_URL = "https://www.rfi.fr/cn/中国/20231119-example"
ITEM = (
    f"<item><title>标题</title><link>{RFI_URL}</link>"
    "<description>&lt;p&gt;正文。&lt;/p&gt;</description></item>"
)


def _feeds(target: str) -> dict[str, str]:
    """Feeds that name ``target`` in every way XML can."""
    return {
        "dtd": (
            f'<!DOCTYPE rss SYSTEM "{target}"><rss version="2.0"><channel>{ITEM}</channel></rss>'
        ),
        "public dtd": (
            f'<!DOCTYPE rss PUBLIC "-//X//DTD X//EN" "{target}">'
            f'<rss version="2.0"><channel>{ITEM}</channel></rss>'
        ),
        "parameter entity": (
            f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{target}"> %p;]>'
            f'<rss version="2.0"><channel>{ITEM}</channel></rss>'
        ),
        "external entity": (
            f'<!DOCTYPE rss [<!ENTITY e SYSTEM "{target}">]>'
            f'<rss version="2.0"><channel>{ITEM.replace("标题", "标题&e;")}</channel></rss>'
        ),
        "xinclude": (
            '<rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel>'
            + ITEM.replace("</item>", f'<xi:include href="{target}"/></item>')
            + "</channel></rss>"
        ),
        "stylesheet": (
            f'<?xml-stylesheet type="text/xsl" href="{target}"?>'
            f'<rss version="2.0"><channel>{ITEM}</channel></rss>'
        ),
        "broken, then repaired": (
            f'<!DOCTYPE rss SYSTEM "{target}"><rss version="2.0"><channel>'
            f"{ITEM.replace('正文', 'AT&T')}</channel></rss>"
        ),
        "broken past repair": f'<!DOCTYPE rss SYSTEM "{target}"><rss version="2.0"><channel>{ITEM}',
    }


def _pages(target: str) -> dict[str, str]:
    """HTML that names ``target`` as a doctype, an entity and links."""
    body = (
        "<div>19/11/2023 - 15:34</div><div><p>正文。</p>"
        f'<img src="{target}"><iframe src="{target}"></iframe></div>'
    )
    return {
        "doctype": f'<!DOCTYPE html SYSTEM "{target}"><html><body>{body}</body></html>',
        "entity": (
            f'<!DOCTYPE html [<!ENTITY e SYSTEM "{target}">]><html><body>&e;{body}</body></html>'
        ),
        "links": (
            f'<html><head><link rel="stylesheet" href="{target}">'
            f'<script src="{target}"></script></head><body>{body}</body></html>'
        ),
        "fragment": f'<!DOCTYPE html SYSTEM "{target}">{body}',
    }


def _documents(target: str) -> list[tuple[str, Callable[[str], Any], str]]:
    """(case, function, document) for every function and every way of naming ``target``."""
    cases: list[tuple[str, Callable[[str], Any], str]] = []
    for name, feed in _feeds(target).items():
        cases.append((f"parse_feed/{name}", _feed_outcome, feed))
    for name, page in _pages(target).items():
        cases.append((f"parse/{name}", _outcome(rfiparse.parse), page))
        cases.append((f"parse_listing/{name}", _outcome(rfiparse.parse_listing), page))
    return cases


def _outcome(function: Callable[[str], Any]) -> Callable[[str], Any]:
    def call(document: str) -> Any:
        try:
            return function(document)
        except rfiparse.RfiParseError as error:
            return (type(error), str(error))

    return call


def _feed_outcome(document: str) -> Any:
    try:
        return list(rfiparse.parse_feed(document))
    except rfiparse.IncompleteFeedError as error:
        return (type(error), str(error), error.articles)
    except rfiparse.RfiParseError as error:
        return (type(error), str(error))


class _FifoWatch:
    """A FIFO, and a thread that notices whether anything but ``finish()`` opens it.

    The thread opens the FIFO's writing end, which blocks until a reader opens
    the other. A parser that opened the FIFO gets an empty document at once (the
    thread closes its end), so a regression fails the test instead of hanging it.
    """

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.opened_by_another = False
        self._finishing = threading.Event()
        self._thread = threading.Thread(target=self._wait_for_reader, daemon=True)
        self._thread.start()

    def _wait_for_reader(self) -> None:
        descriptor = os.open(self.path, os.O_WRONLY)
        if not self._finishing.is_set():
            self.opened_by_another = True
        os.close(descriptor)

    def finish(self) -> bool:
        """Release the thread; whether a reader other than this call had opened the FIFO."""
        self._finishing.set()
        descriptor = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        self._thread.join()
        os.close(descriptor)
        return self.opened_by_another


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
@pytest.mark.parametrize(
    ("case", "function", "document"),
    _documents("/tmp/FIFO"),
    ids=[case for case, _, _ in _documents("/tmp/FIFO")],
)
def test_a_fifo_the_input_names_is_never_opened(
    tmp_path: Path, case: str, function: Callable[[str], Any], document: str
) -> None:
    fifo = tmp_path / "fifo"
    watch = _FifoWatch(fifo)
    try:
        function(document.replace("/tmp/FIFO", str(fifo)))
    finally:
        opened = watch.finish()
    assert not opened


@pytest.mark.parametrize(
    ("case", "function", "document"),
    _documents("TARGET"),
    ids=[case for case, _, _ in _documents("TARGET")],
)
def test_whether_a_named_file_exists_changes_nothing(
    tmp_path: Path, case: str, function: Callable[[str], Any], document: str
) -> None:
    present = tmp_path / "present.dtd"
    # Half a declaration: a parser that read it would fail, or read "LEAK".
    present.write_text('<!ENTITY e "LEAK"> <!ELEMENT', encoding="utf-8")
    missing = tmp_path / "missing.dtd"  # a name of the same length
    for name in (str, Path.as_uri):
        with_file = repr(function(document.replace("TARGET", name(present))))
        without_file = repr(function(document.replace("TARGET", name(missing))))
        assert with_file.replace("present", "missing") == without_file
        assert "LEAK" not in with_file


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP socket listening on 127.0.0.1, on a port the system picked."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    try:
        yield server
    finally:
        server.close()


def _connection_waiting(listener: socket.socket) -> bool:
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


@pytest.mark.enable_socket
def test_no_connection_is_made_to_a_url_the_input_names(listener: socket.socket) -> None:
    host, port = listener.getsockname()
    documents = _documents(f"http://{host}:{port}/x.dtd") + _documents(f"ftp://{host}:{port}/x")
    for case, function, document in documents:
        function(document)
        assert not _connection_waiting(listener), case


@needs_fifo
def test_the_resolver_alone_keeps_a_parser_that_would_load_the_dtd_from_it(
    tmp_path: Path,
) -> None:
    # The second lock: with collect_ids=False lxml asks libxml2 for the DTD.
    from lxml import etree

    from rfiparse._libxml import NO_EXTERNAL_RESOURCES

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, collect_ids=False)
    parser.resolvers.add(NO_EXTERNAL_RESOURCES)
    fifo = tmp_path / "fifo"
    watch = _FifoWatch(fifo)
    try:
        root = etree.fromstring(f'<!DOCTYPE r SYSTEM "{fifo}"><r>x</r>'.encode(), parser)
    finally:
        opened = watch.finish()
    assert not opened
    assert root.text == "x"
