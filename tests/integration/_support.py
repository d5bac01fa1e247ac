"""Helpers for the integration tests: real flake8 and the CLI as subprocesses."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from helpers import src

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
TIMEOUT = 120  # seconds, for any one subprocess

# A Streamlit app with a hardcoded key (STS101/STS102), a password in a URL
# (STS103), user input rendered as HTML (STS402) and an unused import (F401).
INSECURE_APP = src(
    """
    import json
    import streamlit as st

    OPENAI_API_KEY = "@@OPENAI@@"
    DB_URL = "postgresql://app:@@DBPW@@@db.internal/prod"
    name = st.text_input("Name")
    st.markdown(f"Hi {name}", unsafe_allow_html=True)
    """
)
INSECURE_SECRETS = (src("@@OPENAI@@"), src("@@DBPW@@"))

# A value that is not constant rendered as HTML: the opt-in audit rule's territory.
AUDIT_APP = INSECURE_APP + (
    "\n\ndef card(title):\n"
    '    return f"<div>{title}</div>"\n\n\n'
    'st.markdown(card("x"), unsafe_allow_html=True)\n'
)

CLEAN_APP = src(
    """
    import streamlit as st

    st.title("Hello")
    """
)

_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<text>.*)$")


@dataclass(frozen=True)
class Line:
    """One default-format flake8 line."""

    path: str
    line: int
    col: int
    code: str
    text: str


def parse_default(stdout: str) -> list[Line]:
    lines = []
    for raw in stdout.splitlines():
        match = _LINE.match(raw)
        assert match, f"not a flake8 line: {raw!r}"
        lines.append(
            Line(match["path"], int(match["line"]), int(match["col"]), match["code"], match["text"])
        )
    return lines


def run(
    argv: Sequence[str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAKE8")}
    return subprocess.run(
        list(argv),
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def flake8(
    args: Sequence[str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "flake8", *args], cwd, stdin)


def cli(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "flake8_streamlit_security.cli", *args], cwd)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def assert_no_secret(text: str, secrets: Sequence[str] = INSECURE_SECRETS) -> None:
    for secret in secrets:
        assert secret not in text
        # nor a long fragment of it
        assert secret[: len(secret) // 2] not in text
