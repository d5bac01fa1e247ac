"""Sample apps and small file helpers for the integration tests (running flake8 and the
command, and reading their output, is ``helpers.run_flake8`` / ``run_cli`` / ``parse_flake8``)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from helpers import src

DATA = Path(__file__).resolve().parent / "data"

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
