"""STS601 and ``_session`` parameters: a user's session, or a database session?

RULES.md lists ``_session`` as user-like.  Streamlit-in-Snowflake and SQLAlchemy apps
pass their *database* session as ``_session`` to cached loaders on purpose (it cannot
be hashed and is shared by design); those are recognised by how the body uses it.
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

FAIL = [
    pytest.param(
        "import streamlit as st\n\n@st.cache_data\ndef prefs(_session):\n"
        "    return _session['theme']\n",
        [(4, 10, "STS601")],
        id="session-mapping",
    ),
]

PASS = [
    "import streamlit as st\n\n@st.cache_data\ndef load(_session, table):\n"
    "    return _session.table(table).to_pandas()\n",
    "import streamlit as st\nfrom sqlalchemy import select\n\n@st.cache_data\n"
    "def users(_session):\n    return _session.scalars(select(1)).all()\n",
    "import streamlit as st\nfrom snowflake.snowpark import Session\n\n@st.cache_data\n"
    "def rows(_session: Session):\n    return _session.collect()\n",
]


@pytest.mark.parametrize(("snippet", "expected"), FAIL)
def test_user_session_parameter_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS601")


@pytest.mark.parametrize("snippet", PASS, ids=short_id)
def test_database_session_parameter_pass(snippet: str) -> None:
    check_pass(snippet, "STS601")
