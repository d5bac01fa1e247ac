"""STS601: per-user state inside ``st.cache_data``/``st.cache_resource`` (RULES.md, "STS6xx").

Reported at the per-user read (the ``st.user``/``st.session_state``/``st.context``/
``st.query_params`` expression) or at the ``_user``-like parameter.
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

STS601_FAIL = [
    pytest.param(
        """
        import streamlit as st

        conn = st.connection("sql")


        @st.cache_data
        def load_orders():
            email = st.user.email
            return conn.query("SELECT * FROM orders WHERE email = :e", params={"e": email})
        """,
        [(8, 12, "STS601")],
        id="st-user",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_data(ttl=600)
        def tenant_report():
            tenant = st.session_state["tenant"]
            return build_report(tenant)
        """,
        [(6, 13, "STS601")],
        id="session-state",
    ),
    pytest.param(
        """
        import requests
        import streamlit as st


        @st.cache_resource
        def api_client():
            token = st.context.headers.get("Authorization")
            return requests.Session(), token
        """,
        [(7, 12, "STS601")],
        id="context-headers",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def regional_sales():
            region = st.query_params.get("region", "eu")
            return region
        """,
        [(6, 13, "STS601")],
        id="query-params",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def fetch_tickets(_user, status):
            return [t for t in TICKETS if t.owner == _user and t.status == status]
        """,
        [(5, 18, "STS601")],
        id="underscore-user-param",
    ),
    pytest.param(
        """
        from streamlit import cache_data


        @cache_data
        def inbox(_email, folder="inbox"):
            return [_email, folder]
        """,
        [(5, 10, "STS601")],
        id="from-import-underscore-email",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_resource(show_spinner=False)
        def get_profile(_token):
            return _token
        """,
        [(5, 16, "STS601")],
        id="underscore-token",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def dashboard(kind):
            if kind == "mine":
                return load(st.session_state.role)
            return load("all")
        """,
        [(7, 20, "STS601")],
        id="nested-read",
    ),
]


STS601_FAIL += [
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def load():
            def inner():
                return st.session_state.get("x")
            return inner()
        """,
        [(7, 15, "STS601")],
        id="nested-function",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def load():
            return getattr(st.user, "email", None)
        """,
        [(6, 19, "STS601")],
        id="getattr-user",
    ),
    pytest.param(
        """
        import streamlit as st
        from streamlit import session_state as ss


        @st.cache_resource
        def load():
            return ss["tenant"]
        """,
        [(7, 11, "STS601")],
        id="from-import-session-state-alias",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def report():
            st.session_state.last_run = "now"
            return {
                "user": st.session_state.user,
                "team": st.session_state.team,
                "role": st.session_state["role"],
            }
        """,
        [(8, 16, "STS601")],
        id="one-finding-per-function-at-its-first-read",
    ),
]


# Content-addressed keys: a digest parameter fixes what the read returns, but only a
# digest does (an id names different rows for different visitors).
STS601_FAIL += [
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def outline(report_id):
            return st.session_state.reports[report_id]
        """,
        [(6, 11, "STS601")],
        id="keyed-by-an-id-not-a-digest",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def outline(_upload_hash):
            return st.session_state[f"text-{_upload_hash}"]
        """,
        [(6, 11, "STS601")],
        id="digest-parameter-left-out-of-the-key",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.cache_data
        def outline(content_md5):
            notes = st.session_state[f"notes-{content_md5}"]
            return notes + st.session_state.signature
        """,
        [(7, 19, "STS601")],
        id="a-later-read-not-keyed-by-the-digest",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS601_FAIL)
def test_STS601_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS601")


STS601_PASS = [
    """
    import streamlit as st


    @st.cache_data
    def load_orders(email):
        return email


    orders = load_orders(st.user.email)
    """,
    """
    import streamlit as st
    from sqlalchemy import create_engine


    @st.cache_resource
    def get_engine():
        return create_engine(st.secrets["db_url"])
    """,
    """
    import streamlit as st


    def greeting():
        return f"Hello {st.user.name}"
    """,
    """
    import streamlit as st


    @st.cache_data
    def load(_conn, _engine, table):
        return _conn.query(f"SELECT * FROM {table}")
    """,
    """
    import streamlit as st


    @st.cache_data
    def load(_db, user_email):
        return _db.get(user_email)
    """,
    """
    import streamlit as st


    @st.cache_data(show_spinner=False)
    def model_name():
        return st.secrets.get("model", "gpt-4o-mini")
    """,
    """
    import pandas as pd
    import streamlit as st


    @st.cache_data
    def load_sales(path):
        try:
            return pd.read_csv(path)
        except ValueError as error:
            st.session_state.errors.append(str(error))
            st.session_state["last_error"] = str(error)
            return pd.DataFrame()
    """,
]


STS601_PASS += [
    # state read under a key made from a digest of the content the cache is keyed by
    """
    import hashlib

    import streamlit as st


    @st.cache_data
    def page_texts(pdf_hash: str) -> list[str]:
        raw = st.session_state[f"pdf-bytes-{pdf_hash}"]
        return raw.decode("utf-8", "replace").split("\\f")


    pdf = st.file_uploader("PDF", type=["pdf"])
    if pdf is not None:
        blob = pdf.getvalue()
        digest = hashlib.sha256(blob).hexdigest()
        st.session_state[f"pdf-bytes-{digest}"] = blob
        st.write(page_texts(digest))
    """,
    """
    import streamlit as st


    @st.cache_resource
    def vector_index(doc_checksum):
        return build_index(st.session_state.docs_by_checksum[doc_checksum])
    """,
    """
    import streamlit as st


    @st.cache_data
    def embed(file_sha256):
        return encode(st.session_state.get(file_sha256))
    """,
]


@pytest.mark.parametrize("snippet", STS601_PASS, ids=short_id)
def test_STS601_pass(snippet: str) -> None:
    check_pass(snippet, "STS601")


def test_session_state_keys_that_only_hold_constants_are_settings() -> None:
    """An app-wide folder kept in session state (set from constants only) is the same for
    every visitor: a cached function reading it shares nothing.  A key a widget fills, or
    one built from a visitor's value, is per-user; the function's first such read is
    reported."""
    check_fail(
        """
        import os

        import streamlit as st

        PREFIX = "labels."
        if "home" not in st.session_state:
            st.session_state["home"] = "."
        st.session_state[PREFIX + "data"] = os.path.join(st.session_state["home"], "data")
        st.text_input("Your name", key="name")
        st.session_state["mine"] = os.path.join("users", st.session_state.get("name", "x"))


        @st.cache_data
        def done_tasks():
            return os.listdir(st.session_state[PREFIX + "data"] + "/DONE")


        @st.cache_data
        def my_tasks():
            root = st.session_state.get(PREFIX + "data")
            return [root] + os.listdir(st.session_state["mine"])
        """,
        [(21, 31, "STS601")],
        "STS601",
    )


def test_a_widget_with_a_key_computed_at_run_time_fills_computed_reads() -> None:
    """Widgets made in a loop (``key=PREFIX + str(i)``): a read of session state under
    the key spelled the same way is one of them, user input; another key computed at run
    time (the app's own folders, by name) and a constant key (a counter) are not."""
    check_fail(
        """
        import streamlit as st

        PREFIX = "target."
        up = st.file_uploader("Notes", type=["txt"])
        for i in range(3):
            st.text_input("Save as", key=PREFIX + str(i))
        if up:
            for i in range(3):
                with open(st.session_state[PREFIX + str(i)], "w") as out:
                    out.write(up.getvalue().decode())
        st.session_state.setdefault("saved", 0)
        open(f"logs/{st.session_state['saved']}.txt", "a")
        for folder in ("inbox", "done"):
            st.button("Open", key=PREFIX + folder)
            open(st.session_state[PREFIX + "dir." + folder] + "/index.txt")
        """,
        [(9, 18, "STS405")],
        "STS405",
    )


def test_a_membership_test_that_only_guards_a_cleanup_is_no_dependency() -> None:
    check_fail(
        """
        import sqlite3

        import streamlit as st


        @st.cache_resource
        def connection():
            if "db_error" in st.session_state:
                del st.session_state.db_error
            return sqlite3.connect("app.db")


        @st.cache_data
        def greeting():
            if "name" in st.session_state:
                return "hello " + st.session_state.name
            return "hello"
        """,
        [(15, 17, "STS601")],
        "STS601",
    )


def test_reading_back_what_the_function_itself_set_is_no_dependency() -> None:
    """A cached function that stores a token it fetched from its own arguments and reads
    it back depends on its arguments; one that reads a key before setting it does not."""
    check_fail(
        """
        import requests
        import streamlit as st


        def get_token(app_id, secret):
            return requests.post("https://x.example/t", json={"id": app_id, "s": secret}).text


        @st.cache_data
        def table(app_id, secret, table_id):
            st.session_state.tenant_token = get_token(app_id, secret)
            headers = {"Authorization": f"Bearer {st.session_state.tenant_token}"}
            return requests.get(f"https://x.example/{table_id}", headers=headers).json()


        @st.cache_data
        def pending():
            rows = st.session_state["rows"]
            st.session_state["rows"] = []
            return rows


        st.session_state.setdefault("rows", [])
        st.session_state["rows"].append(st.text_input("Row"))
        """,
        [(18, 11, "STS601")],
        "STS601",
    )


def test_a_history_grown_with_setdefault_and_append_is_per_user() -> None:
    """``st.session_state.setdefault("history", []).append(bet)`` and a history rebuilt
    from loaded rows hold the visitor's data, not a constant: a cached function reading
    it is reported."""
    check_fail(
        """
        import json

        import streamlit as st


        def record(bet):
            st.session_state.setdefault("history", []).append(bet)


        def restore(path):
            merged = []
            for row in json.load(open(path)):
                merged.append(row)
            st.session_state.history = [h for h in merged if h.get("player")]


        @st.cache_data(ttl=300)
        def roi(history=None):
            if history is None:
                history = st.session_state.get("history", [])
            return len(history)
        """,
        [(20, 18, "STS601")],
        "STS601",
    )
