"""Pseudo-terminals for the command-line tests: what a program showed on one."""

from __future__ import annotations

import os

__all__ = ["drain"]


def drain(leader: int) -> bytes:
    """Everything a pseudo-terminal's program showed, read from its ``leader`` end."""
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # Linux: the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    return shown
