"""``python -m rfiparse``: the command line (see ``rfiparse._cli`` and docs/cli.md)."""

from __future__ import annotations

import sys

from ._cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
