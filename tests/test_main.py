"""``python -m rfiparse`` is the command line of :mod:`rfiparse._cli` (tested in test_cli.py)."""

from __future__ import annotations

import rfiparse.__main__
import rfiparse._cli


def test_the_module_runs_the_command_line() -> None:
    assert rfiparse.__main__.main is rfiparse._cli.main
