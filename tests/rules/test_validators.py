"""Validators (RULES.md "Validators"): a value that passed an allow-list membership
test, an anchored ``re.match``/``re.fullmatch``, ``str.isalnum()`` and the like, or a
call whose name says it validates, is clean inside the branch the check guards and
after a failing branch that stops.  Near misses keep firing: the result ignored, a
failing branch that goes on, a use before the check, a check of another name, a list
that is not constant, an unanchored pattern, ``re.search``."""
from __future__ import annotations

import textwrap

import pytest

from helpers import check_fail, check_pass

# STS405 on a workspace folder named in the query string, with the check in front.
_PATH_HEAD = """
import os
import re
import sys
import streamlit as st

WORKSPACES = {"alpha", "beta", "gamma"}
"""

VALIDATED = [
    pytest.param(
        """
        def is_safe_workspace_name(name):
            return bool(re.fullmatch(r"[a-z0-9_-]{1,40}", name))

        ws = st.query_params.get("workspace", "default")
        if not is_safe_workspace_name(ws):
            st.error("Bad workspace name")
            st.stop()
        open(os.path.join("workspaces", ws, "params.json"))
        """,
        id="name-says-validates-then-st-stop",
    ),
    pytest.param(
        """
        ws = st.query_params.get("workspace", "default")
        if is_valid_workspace(ws):
            open(os.path.join("workspaces", ws, "params.json"))
        """,
        id="inside-the-guarded-branch",
    ),
    pytest.param(
        """
        ws = st.query_params.get("workspace", "default")
        if ws not in WORKSPACES:
            raise ValueError("unknown workspace")
        open(os.path.join("workspaces", ws))
        """,
        id="not-in-module-constant-then-raise",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if ws in ("alpha", "beta"):
            open(os.path.join("workspaces", ws))
        """,
        id="in-literal-tuple",
    ),
    pytest.param(
        """
        def load(ws):
            allowed = ["alpha", "beta"]
            if ws not in allowed:
                return None
            return open(os.path.join("workspaces", ws)).read()

        load(st.text_input("Workspace"))
        """,
        id="local-constant-list-then-return",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if re.match(r"^[a-z]+$", ws):
            open(os.path.join("workspaces", ws))
        """,
        id="anchored-re-match",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if not re.fullmatch(r"[a-z]+", ws):
            sys.exit(1)
        open(os.path.join("workspaces", ws))
        """,
        id="re-fullmatch-then-sys-exit",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if ws and ws.isalnum():
            open(os.path.join("workspaces", ws))
        """,
        id="isalnum-in-and",
    ),
    pytest.param(
        """
        for ws in st.text_area("Workspaces").splitlines():
            if not ws.isidentifier():
                continue
            open(os.path.join("workspaces", ws))
        """,
        id="isidentifier-then-continue",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if not ws or not validate_workspace(ws):
            st.stop()
        open(os.path.join("workspaces", ws))
        """,
        id="or-of-failures-then-stop",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if workspace_allowed(ws):
            pass
        else:
            st.stop()
        open(os.path.join("workspaces", ws))
        """,
        id="else-branch-stops",
    ),
    # either check passing validates what both check
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if ws in WORKSPACES or re.fullmatch(r"[a-z]{3,20}", ws):
            open(os.path.join("workspaces", ws))
        """,
        id="or-of-two-checks-of-one-name",
    ),
    # the test fails only when one of the two checks passed: either way a validator
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if not (ws.isalnum() and len(ws) < 30) and not ws.isidentifier():
            st.stop()
        open(os.path.join("workspaces", ws))
        """,
        id="and-of-failures-then-stop",
    ),
]


@pytest.mark.parametrize("snippet", VALIDATED)
def test_validated_value_is_clean(snippet: str) -> None:
    check_pass(_PATH_HEAD + textwrap.dedent(snippet), "STS405")


NOT_VALIDATED = [
    pytest.param(
        """
        ws = st.query_params.get("workspace", "default")
        is_safe_workspace_name(ws)
        open(os.path.join("workspaces", ws))
        """,
        [(10, 32, "STS405")],
        id="result-ignored",
    ),
    pytest.param(
        """
        ws = st.query_params.get("workspace", "default")
        if not is_safe_workspace_name(ws):
            st.warning("That name looks odd")
        open(os.path.join("workspaces", ws))
        """,
        [(11, 32, "STS405")],
        id="failing-branch-goes-on",
    ),
    pytest.param(
        """
        ws = st.query_params.get("workspace", "default")
        open(os.path.join("workspaces", ws))
        if not is_safe_workspace_name(ws):
            st.stop()
        """,
        [(9, 32, "STS405")],
        id="use-before-the-check",
    ),
    pytest.param(
        """
        ws = st.query_params.get("workspace", "default")
        other = st.query_params.get("other", "x")
        if not is_safe_workspace_name(other):
            st.stop()
        open(os.path.join("workspaces", ws))
        """,
        [(12, 32, "STS405")],
        id="another-name-checked",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        known = st.text_area("Known").split(",")
        if ws in known:
            open(os.path.join("workspaces", ws))
        """,
        [(11, 36, "STS405")],
        id="membership-in-user-list",
    ),
    pytest.param(
        """
        def open_in(ws, known):
            if ws in known:
                return open(os.path.join("workspaces", ws))

        open_in(st.text_input("Workspace"), load_names())
        """,
        [(12, 8, "STS405")],
        id="membership-in-a-parameter",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if re.match(r"[a-z]+", ws):
            open(os.path.join("workspaces", ws))
        """,
        [(10, 36, "STS405")],
        id="unanchored-re-match",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if re.search(r"^[a-z]+$", ws):
            open(os.path.join("workspaces", ws))
        """,
        [(10, 36, "STS405")],
        id="re-search",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if ws.isalnum():
            pass
        open(os.path.join("workspaces", ws))
        """,
        [(11, 32, "STS405")],
        id="after-a-passing-branch-that-does-not-stop",
    ),
    pytest.param(
        """
        ws = st.text_input("Workspace")
        if ws.isalnum() or ws.startswith("tmp"):
            open(os.path.join("workspaces", ws))
        """,
        [(10, 36, "STS405")],
        id="or-of-checks",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), NOT_VALIDATED)
def test_unvalidated_value_still_fires(snippet: str, expected: list[tuple[int, int, str]]
                                       ) -> None:
    check_fail(_PATH_HEAD + textwrap.dedent(snippet), expected, "STS405")


_SQL_APP = """
import sqlite3
import streamlit as st

con = sqlite3.connect("shop.db")
table = st.text_input("Table")
if not check_table(table):
    st.stop()
con.execute(f"SELECT * FROM {table}")
"""


def test_streamlit_validators_option() -> None:
    check_fail(_SQL_APP, [(8, 12, "STS401")], "STS401")
    check_pass(_SQL_APP, "STS401", validators="check_table")
    check_pass(_SQL_APP, "STS401", validators="myapp.checks.check_table")
    check_fail(_SQL_APP, [(8, 12, "STS401")], "STS401", validators="check_tables")


def test_validated_across_sinks() -> None:
    """One check makes the value clean for HTML, links and SQL alike."""
    check_pass(
        """
        import streamlit as st

        THEMES = {"light": "#fff", "dark": "#000"}
        theme = st.query_params.get("theme", "light")
        if theme not in THEMES:
            theme = "light"
            st.stop()
        st.markdown(f"<div class='{theme}'>hi</div>", unsafe_allow_html=True)
        st.markdown(f"[home](/{theme})")
        """,
        "STS40",
    )


def test_a_comprehension_filter_validates_the_items_it_lets_through() -> None:
    """``[k for k in keys if k in ALLOWED]``: the kept names are allow-listed; a filter
    that checks nothing (``if k``) keeps them user input."""
    check_fail(
        """
        import sqlite3

        import streamlit as st

        ALLOWED = {"title", "author"}
        conn = sqlite3.connect("books.db")
        fields = {st.text_input("Field"): st.text_input("Value")}
        cols = [k for k in fields if k in ALLOWED]
        conn.execute(f"UPDATE books SET {', '.join(c + ' = ?' for c in cols)} WHERE id = 1")
        raw = [k for k in fields if k]
        conn.execute(f"UPDATE books SET {', '.join(c + ' = ?' for c in raw)} WHERE id = 1")
        """,
        [(11, 13, "STS401")],
        "STS401",
    )


def test_percent_encoding_is_no_markup_unless_it_keeps_some() -> None:
    check_fail(
        """
        import urllib.parse

        import streamlit as st
        import streamlit.components.v1 as components

        user = st.text_input("User")
        components.html(f"<script>document.cookie='u={urllib.parse.quote(user)}'</script>")
        components.html(f"<script>let u='{urllib.parse.quote(user, safe='<>')}'</script>")
        """,
        [(8, 16, "STS402")],
        "STS402",
    )


def test_a_row_found_by_the_value_validates_it() -> None:
    """A query parameter that must match a row of the app's table (looked up by
    equality, the value bound) before it names a folder; a LIKE lookup, a use before
    the test, and a test of another name validate nothing."""
    check_fail(
        """
        import os
        import sqlite3

        import streamlit as st

        conn = sqlite3.connect("app.db")


        def by_id():
            chat_id = st.query_params.get("chat_id")
            row = conn.execute("SELECT * FROM chat WHERE id = ?", (chat_id,)).fetchone()
            if not row:
                st.error("Chat not found")
                st.stop()
            os.makedirs(os.path.join("sections", f"chat_{chat_id}"), exist_ok=True)


        def by_cursor():
            slug = st.query_params.get("slug")
            cur = conn.cursor()
            cur.execute("SELECT 1 FROM pages WHERE slug = :slug", {"slug": slug})
            found = cur.fetchone()
            if found is None:
                return
            open(os.path.join("pages", slug))


        def near_misses():
            term = st.query_params.get("term")
            hit = conn.execute("SELECT id FROM docs WHERE title LIKE ?", (term,)).fetchone()
            open(os.path.join("early", term))
            if hit:
                open(os.path.join("docs", term))
            other = st.query_params.get("other")
            row = conn.execute("SELECT id FROM docs WHERE id = ?", (term,)).fetchone()
            if row:
                open(os.path.join("docs", other))
        """,
        [(31, 31, "STS405"), (33, 34, "STS405"), (37, 34, "STS405")],
        "STS405",
    )


def test_a_lookup_helper_validates_what_its_caller_passed() -> None:
    """``read_chat(chat_id)`` returns the row its parameter found (every return a
    lookup, or None): a caller that stops when nothing came back has a valid id.  A
    helper that may also return something else validates nothing."""
    check_fail(
        """
        import os
        import sqlite3

        import streamlit as st


        def read_chat(chat_id):
            conn = sqlite3.connect("app.db")
            cursor = conn.cursor()
            cursor.execute("SELECT * FROM chat WHERE id = ?", (chat_id,))
            result = cursor.fetchone()
            conn.close()
            return result


        def read_or_default(chat_id):
            conn = sqlite3.connect("app.db")
            row = conn.execute("SELECT * FROM chat WHERE id = ?", (chat_id,)).fetchone()
            return row or {"id": chat_id}


        def chat_page(chat_id):
            if not read_chat(chat_id):
                st.error("Chat not found")
                return
            os.makedirs(os.path.join("chats", chat_id), exist_ok=True)
            chat = read_or_default(chat_id)
            if chat:
                os.makedirs(os.path.join("drafts", chat_id), exist_ok=True)


        chat_page(st.query_params["chat_id"])
        """,
        [(32, 10, "STS405")],
        "STS405",
    )
