"""Sink categories: what a user-controlled value is still dangerous for.

A value's taint is a set of these; a sanitizer removes the categories it makes safe.
"""
from __future__ import annotations

from typing import Any

HTML = "html"
LINK = "link"
CMD = "cmd"
PATH = "path"
URL = "url"
CODE = "code"
DESER = "deser"
ARCHIVE = "archive"
SQL = "sql"  # parameter flows into a query sink (summaries only)
ALL: frozenset[str] = frozenset({HTML, LINK, CMD, PATH, URL, CODE, DESER, ARCHIVE})
PCATS: frozenset[str] = ALL | {SQL}
EMPTY: frozenset[Any] = frozenset()
