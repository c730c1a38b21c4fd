"""Same input, same result: in every run, process and thread."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import rfiparse
from goldens import ARTICLE_KINDS, fixture, inputs

ARTICLES = inputs(*ARTICLE_KINDS)
LISTING = fixture("listing_cn_homepage.html")
FEEDS = inputs("feed")


def _everything(paths: list[Path]) -> list[Any]:
    results: list[Any] = [rfiparse.parse(p.read_bytes()).to_dict() for p in paths]
    results.append([t.to_dict() for t in rfiparse.parse_listing(LISTING.read_bytes())])
    results += [[a.to_dict() for a in rfiparse.parse_feed(f.read_bytes())] for f in FEEDS]
    return results


def _one(path: Path) -> Any:
    if path == LISTING:
        return [t.to_dict() for t in rfiparse.parse_listing(path.read_bytes())]
    if path.suffix == ".xml":
        return [a.to_dict() for a in rfiparse.parse_feed(path.read_bytes())]
    return rfiparse.parse(path.read_bytes()).to_dict()


def test_eight_threads_give_the_serial_results() -> None:
    inputs = [*ARTICLES, LISTING, *FEEDS] * 4
    serial = [_one(p) for p in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(_one, inputs))
    assert threaded == serial


def test_another_process_gives_the_same_results() -> None:
    script = (
        "import json, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from test_concurrency import ARTICLES, _everything\n"
        "print(json.dumps(_everything(ARTICLES), ensure_ascii=False))\n"
    )
    here = str(Path(__file__).parent)
    result = subprocess.run(
        [sys.executable, "-c", script, here], capture_output=True, check=True, text=True
    )
    assert json.loads(result.stdout) == json.loads(json.dumps(_everything(ARTICLES)))


def test_the_suite_runs_with_the_network_switched_off() -> None:
    import socket

    import pytest_socket

    with (
        pytest.warns(UserWarning, match="socket"),
        pytest.raises(pytest_socket.SocketBlockedError),
    ):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
