"""``--format=sts-json``: one JSON object per finding, one per line (JSON Lines).

Each object holds ``path`` (POSIX, relative to the working directory), ``line``
(1-based; 0 for a whole file), ``column`` (1-based), ``code`` and ``message``.  Like
the SARIF and GitHub formats it never copies source text (``--show-source`` is
ignored), and every message and path passes the one redaction step.
"""
from __future__ import annotations

import json

# flake8 is annotated but ships no py.typed marker.
from flake8.formatting.base import BaseFormatter  # type: ignore[import-untyped, unused-ignore]
from flake8.violation import Violation  # type: ignore[import-untyped, unused-ignore]

from flake8_streamlit_security.findings import redact
from flake8_streamlit_security.formatters import display_path


def json_record(error: Violation) -> str:
    """One finding as a one-line JSON object."""
    return json.dumps({
        "path": display_path(error.filename),
        "line": error.line_number,
        "column": max(error.column_number, 1),
        "code": error.code,
        "message": redact(error.text),
    }, ensure_ascii=True)


class JsonFormatter(BaseFormatter):  # type: ignore[misc, unused-ignore]
    """``--format=sts-json``: JSON Lines, one object per finding."""

    def handle(self, error: Violation) -> None:
        # Never calls show_source(): the source line may hold a secret.
        self.write(self.format(error), None)

    def format(self, error: Violation) -> str | None:
        return json_record(error)
