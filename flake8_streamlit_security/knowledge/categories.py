"""Sink categories: what a user-controlled value is still dangerous for.

A value's taint is a set of these; a sanitizer removes the categories it makes safe.
"""
from __future__ import annotations

from typing import Any

HTML = "html"
LINK = "link"
CMD = "cmd"
# An argument of a fixed program: an element after the first of a list-form command with
# no shell.  Dangerous only as an option ("-rf", "--upload-pack=..."): a value that starts
# with the program's own text (a folder it joined the name to, a constant prefix) is safe.
ARG = "arg"
PATH = "path"
URL = "url"
CODE = "code"
DESER = "deser"
ARCHIVE = "archive"
SQL = "sql"  # parameter flows into a query sink (summaries only)
# A parameter that stands where a statement takes a name or a clause (``FROM {table}``):
# reported at a call that passes user input, never for a developer's value (STS401).
SQL_NAME = "sql name"
# Untrusted content (STS407): a model's reply or a fetched body.  Dangerous as HTML, and
# as code run on the server (STS302: what a model wrote, exec'd),
# and not user input: user input does not carry it, and it carries no other category.
CONTENT = "content"
ALL: frozenset[str] = frozenset({HTML, LINK, CMD, ARG, PATH, URL, CODE, DESER, ARCHIVE})
PCATS: frozenset[str] = ALL | {SQL, CONTENT}
# What an HTML sanitizer makes safe: user input and untrusted content, as HTML.
HTML_SAFE: frozenset[str] = frozenset({HTML, CONTENT})
EMPTY: frozenset[Any] = frozenset()
