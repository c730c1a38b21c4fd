"""Print the versions a test run depends on: Python, libxml2 and the installed packages."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from lxml import etree

NAMES = ["lxml", "cssselect", "attrs", "tzdata", "tqdm", "pytest", "pytest-socket"]
NAMES += ["hypothesis", "jsonschema", "griffelib", "fastwarc", "pyarrow", "numpy", "pyspark"]
NAMES += ["pandas", "fsspec"]


def _version(name: str) -> str:
    """``name``'s installed version, or "-" where it is not installed."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


libxml2 = ".".join(map(str, etree.LIBXML_VERSION))
print(f"Python {platform.python_version()}, libxml2 {libxml2}:")
print(", ".join(f"{name} {_version(name)}" for name in NAMES))
