"""STS401–STS406: injection (RULES.md, "STS4xx").

Report locations: STS401 the built string (f-string / BinOp / ``.format`` call);
STS402/403 the ``unsafe_allow_html=True`` keyword, the 2nd positional argument, the
``unsafe_allow_javascript=True`` keyword, or the first argument of
``components.html``/``components.iframe``; STS404 the link argument (the f-string /
concatenation holding the URL, or the URL argument); STS405/406 the tainted argument.
A call of a module function that forwards a parameter to a sink is reported at the
argument of that call.  STS403 and STS406 are opt-in: selected explicitly here.
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

# --------------------------------------------------------------------------- STS401

STS401_FAIL = [
    pytest.param(
        """
        import streamlit as st

        conn = st.connection("sql")
        name = st.text_input("Customer name")
        df = conn.query(f"SELECT * FROM customers WHERE name = '{name}'")
        """,
        [(5, 16, "STS401")],
        id="st-connection-fstring",
    ),
    pytest.param(
        """
        import sqlite3

        con = sqlite3.connect("shop.db")
        cur = con.cursor()


        def order(order_id):
            cur.execute("SELECT * FROM orders WHERE id = " + order_id)
            return cur.fetchone()
        """,
        [(8, 16, "STS401")],
        id="cursor-concat",
    ),
    pytest.param(
        """
        import sqlite3


        def logout_all(user):
            con = sqlite3.connect("app.db")
            cur = con.cursor()
            cur.execute("DELETE FROM sessions WHERE user = '%s'" % user)
        """,
        [(7, 16, "STS401")],
        id="cursor-percent",
    ),
    pytest.param(
        """
        import pandas as pd


        def by_category(engine, cat):
            query = "SELECT name, price FROM products WHERE category = '{}'".format(cat)
            return pd.read_sql(query, engine)
        """,
        [(5, 12, "STS401")],
        id="format-through-name",
    ),
    pytest.param(
        """
        import streamlit as st
        from sqlalchemy import text

        conn = st.connection("db", type="sql")
        email = st.text_input("New email")
        with conn.session as s:
            s.execute(text(f"UPDATE users SET email = '{email}' WHERE id = 1"))
            s.commit()
        """,
        [(7, 19, "STS401")],
        id="session-execute-text",
    ),
    pytest.param(
        """
        import streamlit as st

        conn = st.connection("sql")


        def run_query(sql):
            return conn.query(sql, ttl=0)


        def search(term):
            return run_query(f"SELECT * FROM docs WHERE title LIKE '%{term}%'")
        """,
        [(11, 21, "STS401")],
        id="through-module-function",
    ),
    pytest.param(
        """
        import duckdb


        def preview(path):
            return duckdb.sql(f"SELECT * FROM read_csv_auto('{path}') LIMIT 20")
        """,
        [(5, 22, "STS401")],
        id="duckdb",
    ),
    pytest.param(
        """
        from snowflake.snowpark.context import get_active_session

        session = get_active_session()


        def sales(region):
            return session.sql(f"SELECT * FROM sales WHERE region = '{region}'").to_pandas()
        """,
        [(7, 23, "STS401")],
        id="snowpark-session-sql",
    ),
    pytest.param(
        """
        def recent(cur, since):
            cur.execute(
                f"WITH recent AS (SELECT * FROM events WHERE ts > '{since}') "
                "SELECT count(*) FROM recent"
            )
        """,
        [(3, 8, "STS401")],
        id="with-as-multiline",
    ),
    pytest.param(
        """
        import pandas as pd


        def since(con, start):
            return pd.read_sql_query("SELECT * FROM t WHERE d >= '%s'" % start, con)
        """,
        [(5, 29, "STS401")],
        id="read-sql-query",
    ),
]


STS401_FAIL += [
    pytest.param(
        """
        import streamlit as st

        conn = st.connection("sql")
        table = "sales"
        table = st.text_input("Table")
        conn.query(f"SELECT * FROM {table}")
        """,
        [(6, 11, "STS401")],
        id="name-bound-twice-is-not-constant",
    ),
    pytest.param(
        """
        import pandas as pd


        def f(engine, n):
            return pd.read_sql(sql=f"SELECT * FROM t WHERE n = {n}", con=engine)
        """,
        [(5, 27, "STS401")],
        id="read-sql-keywords",
    ),
    pytest.param(
        """
        def load(cur, day, rows):
            cur.executemany("INSERT INTO t VALUES (?, ?, '" + day + "')", rows)
        """,
        [(2, 20, "STS401")],
        id="executemany",
    ),
    pytest.param(
        """
        from sqlalchemy import text


        def delete(conn, name):
            stmt = text(f"DELETE FROM users WHERE name = '{name}'")
            conn.execute(stmt)
        """,
        [(5, 16, "STS401")],
        id="text-bound-then-executed",
    ),
    pytest.param(
        """
        def f(cur, name):
            cur.execute("SELECT * FROM t WHERE name = '{name}'".format(name=name))
        """,
        [(2, 16, "STS401")],
        id="format-keyword",
    ),
    pytest.param(
        """
        def f(cur, d):
            cur.execute("SELECT * FROM t WHERE a = %(a)s" % d)
        """,
        [(2, 16, "STS401")],
        id="percent-mapping",
    ),
    pytest.param(
        """
        def f(cur, a):
            cur.execute(f"select * from t where a = '{a}'")
        """,
        [(2, 16, "STS401")],
        id="lower-case-sql",
    ),
    pytest.param(
        """
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.getOrCreate()


        def f(day):
            return spark.sql(f"SELECT * FROM events WHERE day = '{day}'")
        """,
        [(7, 21, "STS401")],
        id="spark-sql",
    ),
    pytest.param(
        """
        def f(cur, filters):
            where = " AND ".join(f"{k} = '{v}'" for k, v in filters.items())
            cur.execute("SELECT * FROM t WHERE " + where)
        """,
        [(3, 16, "STS401")],
        id="joined-where-clause",
    ),
]


STS401_FAIL += [
    pytest.param(
        """
        import streamlit as st

        conn = st.connection("sql")
        name = st.text_input("n")
        q = "SELECT * FROM t WHERE 1=1"
        if name:
            q += f" AND name = '{name}'"
        conn.query(q)
        """,
        [(7, 9, "STS401")],
        id="augmented-where-clause",
    ),
]


# user input straight into a query sink is SQL whatever its first keyword
STS401_FAIL += [
    pytest.param(
        """
        import streamlit as st
        from snowflake.snowpark.context import get_active_session

        session = get_active_session()
        role = st.text_input("Role")
        user = st.text_input("User")
        session.sql(f"GRANT ROLE {role} TO USER {user}").collect()
        """,
        [(7, 12, "STS401")],
        id="grant-with-user-input",
    ),
]


STS401_FAIL += [
    pytest.param(
        """
        import streamlit as st

        conn = st.connection("sql")
        def run(q):
            st.dataframe(conn.query(q))
        name = st.text_input("n")
        st.button("Run", on_click=run, args=(f"SELECT * FROM t WHERE n = '{name}'",))
        """,
        [(7, 37, "STS401")],
        id="callback-args",
    ),
]


# any file: modules without streamlit (db helpers) and deeper forwarding
STS401_FAIL += [
    pytest.param(
        """
        def q(cur, sql):
            cur.execute(sql)
        def q2(cur, sql):
            q(cur, sql)
        def find(cur, name):
            q2(cur, "SELECT * FROM users WHERE name = '" + name + "'")
        """,
        [(6, 12, "STS401")],
        id="two-level-forwarding",
    ),
    pytest.param(
        """
        class Repo:
            def __init__(self, con):
                self.con = con
            def find(self, name):
                return self.con.execute(f"SELECT * FROM users WHERE name = '{name}'")
        """,
        [(5, 32, "STS401")],
        id="method-on-self-connection",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS401_FAIL)
def test_STS401_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS401")


STS401_PASS = [
    'import streamlit as st\nconn = st.connection("sql")\nname = st.text_input("Name")\n'
    'df = conn.query("SELECT * FROM customers WHERE name = :name", params={"name": name})\n',
    'def order(cur, order_id):\n'
    '    cur.execute("SELECT * FROM orders WHERE id = ?", (order_id,))\n',
    'import streamlit as st\nTABLE = "sales"\nconn = st.connection("sql")\n'
    'df = conn.query(f"SELECT * FROM {TABLE} LIMIT 100")\n',
    'import streamlit as st\ntable = "sales"\nconn = st.connection("sql")\n'
    'df = conn.query(f"SELECT * FROM {table}")\n',
    'import streamlit as st\nconn = st.connection("sql")\nuid = st.text_input("Id")\n'
    'df = conn.query(f"SELECT * FROM t WHERE id = {int(uid)}")\n',
    'import streamlit as st\nname = st.text_input("Name")\n'
    'st.code(f"SELECT * FROM customers WHERE name = \'{name}\'", language="sql")\n',
    'import logging\ndef log(name):\n'
    '    logging.info(f"SELECT * FROM customers WHERE name = {name}")\n',
    'def refresh(cache, name):\n    cache.execute(f"refresh {name}")\n',
    'import streamlit as st\nconn = st.connection("sql")\nQUERIES = {"a": "SELECT 1"}\n'
    'report = st.selectbox("Report", list(QUERIES))\ndf = conn.query(QUERIES[report])\n',
    'def setup(cur):\n    cur.execute(open("schema.sql").read())\n',
    'import streamlit as st\nconn = st.connection("sql")\nwhere = "WHERE id = :id"\n'
    'df = conn.query("SELECT * FROM t " + where, params={"id": 1})\n',
    'MAX_ROWS = 500\ndef top(cur):\n    cur.execute(f"SELECT * FROM t LIMIT {MAX_ROWS}")\n',
    'import pandas as pd\ndef cheap(df, limit):\n    return df.query(f"price > {limit}")\n',
    'import streamlit as st\nname = st.text_input("Name")\n'
    'st.write(f"Select a file from {name}")\n',
]


STS401_PASS += [
    'def f(cur):\n    cur.execute("SELECT * " + "FROM t")\n',
    'SCHEMA = "prod"\nTABLE = "orders"\ndef f(cur):\n'
    '    cur.execute(f"SELECT * FROM {SCHEMA}.{TABLE}")\n',
    'def f(cur, a):\n    cur.execute("SELECT * FROM t WHERE a = %s", (a,))\n',
    'def f(cur, uid):\n    cur.execute("SELECT * FROM t WHERE id = %d" % int(uid))\n',
    'import streamlit as st\nconn = st.connection("sql")\ndef f(x):\n'
    '    return conn.query(f"{x}")\n',
]


@pytest.mark.parametrize("snippet", STS401_PASS, ids=short_id)
def test_STS401_pass(snippet: str) -> None:
    check_pass(snippet, "STS401")


# --------------------------------------------------------------------------- STS402

STS402_FAIL = [
    pytest.param(
        """
        import streamlit as st

        name = st.text_input("Your name")
        st.markdown(f"Hi <b>{name}</b>", unsafe_allow_html=True)
        """,
        [(4, 33, "STS402")],
        id="markdown-keyword",
    ),
    pytest.param(
        """
        import streamlit as st

        title = st.query_params.get("title", "")
        st.markdown(f"<h3>{title}</h3>", True)
        """,
        [(4, 33, "STS402")],
        id="markdown-2nd-positional",
    ),
    pytest.param(
        """
        import streamlit as st

        note = st.text_area("Note")
        st.write(f"<div class='note'>{note}</div>", unsafe_allow_html=True)
        """,
        [(4, 44, "STS402")],
        id="write",
    ),
    pytest.param(
        """
        import streamlit as st

        msg = st.chat_input("Message")
        st.caption(msg, unsafe_allow_html=True)
        """,
        [(4, 16, "STS402")],
        id="caption",
    ),
    pytest.param(
        """
        import streamlit as st

        comment = st.text_area("Comment")
        st.html(f"<p>{comment}</p>", unsafe_allow_javascript=True)
        """,
        [(4, 29, "STS402")],
        id="html-with-javascript",
    ),
    pytest.param(
        """
        import streamlit as st
        import streamlit.components.v1 as components

        q = st.query_params.get("q", "")
        components.html(f"<script>const q = '{q}';</script>", height=0)
        """,
        [(5, 16, "STS402")],
        id="components-html",
    ),
    pytest.param(
        """
        import streamlit as st
        import streamlit.components.v1 as components

        components.iframe(st.query_params["embed"], height=600)
        """,
        [(4, 18, "STS402")],
        id="components-iframe",
    ),
    pytest.param(
        """
        import streamlit as st
        from streamlit.components.v1 import html

        bio = st.text_area("Bio")
        html(f"<div>{bio}</div>")
        """,
        [(5, 5, "STS402")],
        id="from-components-import-html",
    ),
    pytest.param(
        """
        import streamlit as st
        from streamlit import components

        widget_html = st.text_area("Widget HTML")
        components.v1.html(widget_html)
        """,
        [(5, 19, "STS402")],
        id="from-streamlit-import-components",
    ),
    pytest.param(
        """
        import streamlit as st

        col1, col2 = st.columns(2)
        with col1:
            user = st.text_input("User")
        col2.markdown(f"**{user}**", unsafe_allow_html=True)
        st.sidebar.markdown(user, unsafe_allow_html=True)
        """,
        [(6, 29, "STS402"), (7, 26, "STS402")],
        id="containers",
    ),
    pytest.param(
        """
        from streamlit import markdown as md
        from streamlit import text_input

        x = text_input("x")
        md(f"<i>{x}</i>", unsafe_allow_html=True)
        """,
        [(5, 18, "STS402")],
        id="from-import-alias",
    ),
    pytest.param(
        """
        import streamlit as st

        st.text_input("Bio", key="bio")
        st.markdown(st.session_state.bio, unsafe_allow_html=True)
        """,
        [(4, 34, "STS402")],
        id="session-state-key",
    ),
    pytest.param(
        """
        import streamlit as st

        comment = st.text_input("Comment")
        st.markdown(
            f"<div class='card'>{comment}</div>",
            unsafe_allow_html=True,
        )
        """,
        [(6, 4, "STS402")],
        id="multi-line-call",
    ),
    pytest.param(
        """
        import streamlit as st

        up = st.file_uploader("File", type="csv")
        if up:
            st.markdown(f"Uploaded <code>{up.name}</code>", unsafe_allow_html=True)
        """,
        [(5, 52, "STS402")],
        id="upload-name",
    ),
    pytest.param(
        """
        import streamlit as st


        def card(title):
            st.markdown(f"<h3>{title}</h3>", unsafe_allow_html=True)


        card(st.text_input("Title"))
        """,
        [(8, 5, "STS402")],
        id="through-module-function",
    ),
]


# Streamlit names and containers (RULES "Shared semantics")
STS402_FAIL += [
    pytest.param(
        """
        import streamlit

        name = streamlit.text_input("Name")
        streamlit.markdown(name, unsafe_allow_html=True)
        """,
        [(4, 25, "STS402")],
        id="import-streamlit-no-alias",
    ),
    pytest.param(
        """
        import streamlit as st

        status = st.empty()
        msg = st.text_input("Status message")
        status.markdown(msg, unsafe_allow_html=True)
        """,
        [(5, 21, "STS402")],
        id="st-empty-placeholder",
    ),
    pytest.param(
        """
        import streamlit as st

        cols = st.columns(3)
        who = st.text_input("Who")
        cols[1].markdown(f"<b>{who}</b>", unsafe_allow_html=True)
        """,
        [(5, 34, "STS402")],
        id="columns-subscript",
    ),
    pytest.param(
        """
        import streamlit as st

        with st.expander("Details") as details:
            note = st.text_area("Note")
        details.markdown(note, unsafe_allow_html=True)
        """,
        [(5, 23, "STS402")],
        id="with-as-expander",
    ),
    pytest.param(
        """
        import streamlit as st

        side = st.sidebar
        bio = side.text_area("Bio")
        side.markdown(bio, unsafe_allow_html=True)
        """,
        [(5, 19, "STS402")],
        id="sidebar-alias",
    ),
    pytest.param(
        """
        import streamlit as st

        with st.form("profile"):
            motto = st.text_input("Motto")
            st.form_submit_button("Save")
        st.sidebar.expander("Profile").markdown(motto, unsafe_allow_html=True)
        """,
        [(6, 47, "STS402")],
        id="sidebar-expander-chain",
    ),
    pytest.param(
        """
        import streamlit as st


        @st.dialog("Preview")
        def preview(text):
            st.markdown(text, unsafe_allow_html=True)


        preview(st.text_area("Draft"))
        """,
        [(9, 8, "STS402")],
        id="dialog-function",
    ),
]

# propagation (RULES "User-controlled data")
STS402_FAIL += [
    pytest.param(
        """
        import streamlit as st

        banner = "<div class='b'>"
        banner += st.text_input("Banner text")
        banner += "</div>"
        st.markdown(banner, unsafe_allow_html=True)
        """,
        [(6, 20, "STS402")],
        id="augmented-assignment",
    ),
    pytest.param(
        """
        import streamlit as st

        title: str = st.query_params.get("title", "Home")
        st.markdown("<h1>%s</h1>" % title.strip().title(), unsafe_allow_html=True)
        """,
        [(4, 51, "STS402")],
        id="annotated-percent-string-methods",
    ),
    pytest.param(
        """
        import streamlit as st

        tags = st.text_input("Tags (comma separated)").split(",")
        st.markdown(" ".join(f"<span>{t}</span>" for t in tags), unsafe_allow_html=True)
        """,
        [(4, 57, "STS402")],
        id="join-over-split",
    ),
    pytest.param(
        """
        import streamlit as st

        params = st.query_params.to_dict()
        st.markdown("<p>{}</p>".format(params["msg"]), unsafe_allow_html=True)
        """,
        [(4, 47, "STS402")],
        id="to-dict-format",
    ),
    pytest.param(
        """
        import streamlit as st

        for value in st.query_params.get_all("item"):
            st.markdown(f"<li>{value}</li>", unsafe_allow_html=True)
        """,
        [(4, 37, "STS402")],
        id="get-all-for-target",
    ),
    pytest.param(
        """
        import streamlit as st

        theme = st.context.cookies.get("theme_css", "")
        st.markdown(f"<style>{theme}</style>", unsafe_allow_html=True)
        """,
        [(4, 39, "STS402")],
        id="cookie",
    ),
    pytest.param(
        """
        import streamlit as st

        ref = st.context.headers["Referer"]
        st.markdown(f"<a href='{ref}'>back</a>", unsafe_allow_html=True)
        """,
        [(4, 41, "STS402")],
        id="header",
    ),
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        edited = st.data_editor(pd.DataFrame({"name": ["a"]}))
        for name in edited["name"]:
            st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)
        """,
        [(6, 34, "STS402")],
        id="data-editor",
    ),
    pytest.param(
        """
        import streamlit as st

        up = st.file_uploader("Snippet", type=["html"])
        if up:
            st.markdown(up.getvalue().decode("utf-8"), unsafe_allow_html=True)
        """,
        [(5, 47, "STS402")],
        id="upload-content-decode",
    ),
    pytest.param(
        """
        import streamlit as st

        if (q := st.text_input("Query")) and len(q) < 100:
            st.markdown(q, unsafe_allow_html=True)
        """,
        [(4, 19, "STS402")],
        id="walrus-in-condition",
    ),
    pytest.param(
        """
        import streamlit as st

        first, last = st.text_input("First"), st.text_input("Last")
        st.markdown(f"{first} {last}", unsafe_allow_html=True)
        """,
        [(4, 31, "STS402")],
        id="tuple-unpacking",
    ),
    pytest.param(
        """
        import streamlit as st

        old = st.experimental_get_query_params()
        st.markdown(old.get("msg", [""])[0], unsafe_allow_html=True)
        """,
        [(4, 37, "STS402")],
        id="experimental-get-query-params",
    ),
    pytest.param(
        """
        import streamlit as st


        def get_name():
            return st.text_input("Name")


        def greeting():
            return f"<h2>Hello {get_name()}</h2>"


        st.markdown(greeting(), unsafe_allow_html=True)
        """,
        [(12, 24, "STS402")],
        id="returned-taint-two-levels",
    ),
    pytest.param(
        """
        import html

        import streamlit as st

        name = st.text_input("Name")
        st.markdown(f"<b>{shlex_quote(name)}</b>", unsafe_allow_html=True)
        st.markdown(f"<b>{urllib_quote(name)}</b>", unsafe_allow_html=True)


        def shlex_quote(v):
            return v.replace("'", "")


        def urllib_quote(v):
            return v.strip()
        """,
        [(6, 43, "STS402"), (7, 44, "STS402")],
        id="local-helpers-are-not-sanitizers",
    ),
    pytest.param(
        """
        import shlex

        import streamlit as st

        name = st.text_input("Name")
        st.markdown(shlex.quote(name), unsafe_allow_html=True)
        """,
        [(6, 31, "STS402")],
        id="shell-sanitizer-does-not-fit-html",
    ),
]


STS402_FAIL += [
    pytest.param(
        """
        import streamlit as st

        name = st.text_input("n")
        st.markdown(body=name, unsafe_allow_html=True)
        """,
        [(4, 23, "STS402")],
        id="body-keyword",
    ),
    pytest.param(
        """
        import streamlit as st

        prompt = st.chat_input("Say")
        st.chat_message("user").markdown(prompt, unsafe_allow_html=True)
        """,
        [(4, 41, "STS402")],
        id="chat-message-chain",
    ),
    pytest.param(
        """
        import streamlit as st
        import streamlit.components.v1

        streamlit.components.v1.html(st.text_area("HTML"))
        """,
        [(4, 29, "STS402")],
        id="components-without-alias",
    ),
    pytest.param(
        """
        import streamlit as st
        from streamlit.components.v1 import iframe

        iframe(st.query_params["u"])
        """,
        [(4, 7, "STS402")],
        id="iframe-from-import",
    ),
    pytest.param(
        """
        import streamlit as st

        st.markdown(st.query_params.msg, unsafe_allow_html=True)
        """,
        [(3, 33, "STS402")],
        id="query-params-attribute-access",
    ),
    pytest.param(
        """
        import streamlit as st

        for k, v in st.query_params.items():
            st.markdown(f"{k}={v}", unsafe_allow_html=True)
        """,
        [(4, 28, "STS402")],
        id="query-params-items",
    ),
    pytest.param(
        """
        import streamlit as st

        KEY = "bio"
        st.text_area("Bio", key=KEY)
        st.markdown(st.session_state[KEY], unsafe_allow_html=True)
        """,
        [(5, 35, "STS402")],
        id="widget-key-through-a-constant",
    ),
    pytest.param(
        """
        import streamlit as st

        x = st.text_input("x")
        st.caption(f"<i>{x}</i>", True)
        """,
        [(4, 26, "STS402")],
        id="caption-2nd-positional",
    ),
]


# widget callbacks: on_click=/on_change= with args=/kwargs= call the function
STS402_FAIL += [
    pytest.param(
        """
        import streamlit as st

        def show(x):
            st.markdown(x, unsafe_allow_html=True)
        name = st.text_input("n")
        st.button("Show", on_click=show, args=(name,))
        """,
        [(6, 39, "STS402")],
        id="callback-args",
    ),
    pytest.param(
        """
        import streamlit as st

        def show(text=""):
            st.markdown(f"<p>{text}</p>", unsafe_allow_html=True)
        comment = st.text_area("Comment")
        st.button("Preview", on_click=show, kwargs={"text": comment})
        """,
        [(6, 52, "STS402")],
        id="callback-kwargs",
    ),
]


STS402_FAIL += [
    pytest.param(
        """
        import html

        import streamlit as st

        def card(title, body):
            return f"<h3>{html.escape(title)}</h3><p>{body}</p>"
        x = st.text_input("x")
        st.markdown(card("Title", x), unsafe_allow_html=True)
        """,
        [(8, 30, "STS402")],
        id="helper-escapes-only-the-other-parameter",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS402_FAIL)
def test_STS402_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS402")


STS402_PASS = [
    'import streamlit as st\n'
    'st.markdown("<style>.big{font-size:2em}</style>", unsafe_allow_html=True)\n',
    'import html\nimport streamlit as st\nname = st.text_input("Name")\n'
    'st.markdown(f"Hi {html.escape(name)}", unsafe_allow_html=True)\n',
    'import streamlit as st\nname = st.text_input("Name")\n'
    'st.markdown(f"Hi {name}", unsafe_allow_html=False)\n',
    'import streamlit as st\nname = st.text_input("Name")\nst.markdown(f"Hi {name}")\n',
    'import streamlit as st\ncomment = st.text_area("Comment")\nst.html(f"<p>{comment}</p>")\n',
    'import streamlit as st\ncomment = st.text_area("Comment")\n'
    'st.html(f"<p>{comment}</p>", unsafe_allow_javascript=False)\n',
    'import markdown\nimport streamlit as st\ntext = st.text_area("Markdown")\n'
    'rendered = markdown.markdown(text)\n',
    'import streamlit as st\n\ndef markdown(body, unsafe_allow_html=False):\n    return body\n\n'
    'name = st.text_input("Name")\nmarkdown(name, unsafe_allow_html=True)\n',
    'import streamlit as st\nscore = st.slider("Score", 0, 10)\n'
    'st.markdown(f"<b>{score}</b>", unsafe_allow_html=True)\n',
    'import streamlit as st\nn = int(st.text_input("n") or 0)\n'
    'st.markdown(f"<b>{n}</b>", unsafe_allow_html=True)\n',
    'import streamlit as st\nimport streamlit.components.v1 as components\n'
    'components.html("<script>console.log(1)</script>", height=0)\n',
    'import bleach\nimport streamlit as st\nraw = st.text_area("Bio")\n'
    'st.markdown(bleach.clean(raw), unsafe_allow_html=True)\n',
    'import nh3\nimport streamlit as st\nraw = st.text_area("Bio")\nsafe = nh3.clean(raw)\n'
    "st.markdown(safe, unsafe_allow_html=True)\n",
    'import streamlit as st\nfrom markupsafe import escape\nraw = st.text_area("Bio")\n'
    'st.markdown(f"<p>{escape(raw)}</p>", unsafe_allow_html=True)\n',
    'import streamlit as st\nname = st.text_input("Name")\n'
    'st.markdown(f"<b>{len(name)}</b> chars", unsafe_allow_html=True)\n',
    'import streamlit as st\nname = st.text_input("Name")\nst.caption(f"<b>{name}</b>", False)\n',
]


STS402_PASS += [
    # "st" here is a project helper, not streamlit
    'import streamlit\nfrom myproject import st\nname = streamlit.text_input("Name")\n'
    'st.markdown(name, unsafe_allow_html=True)\n',
    # number_input / selectbox / multiselect / radio / checkbox / date_input are not sources
    'import streamlit as st\nn = st.number_input("n")\n'
    'c = st.selectbox("c", ["<b>a</b>", "<i>b</i>"])\n'
    'm = st.multiselect("m", ["x", "y"])\nr = st.radio("r", ["p", "q"])\nd = st.date_input("d")\n'
    'st.markdown(f"{n}{c}{m}{r}{d}", unsafe_allow_html=True)\n',
    # session_state keys of non-source widgets
    'import streamlit as st\nst.selectbox("Theme", ["<b>dark</b>", "light"], key="theme")\n'
    'st.markdown(st.session_state.theme, unsafe_allow_html=True)\n',
    # tuple unpacking keeps the constant element clean
    'import streamlit as st\nname, greeting = st.text_input("Name"), "<b>Hello</b>"\n'
    'st.markdown(greeting, unsafe_allow_html=True)\n',
    # the tainted value was overwritten with a constant
    'import streamlit as st\nmsg = st.text_input("Message")\nmsg = "<b>Thanks!</b>"\n'
    'st.markdown(msg, unsafe_allow_html=True)\n',
    # comparisons and membership tests are sanitizers
    'import streamlit as st\nq = st.text_input("q")\nflag = q == "yes"\n'
    'st.markdown(f"<b>{flag}</b> {q in {\'a\', \'b\'}}", unsafe_allow_html=True)\n',
    'import streamlit as st\nq = st.text_input("q")\n'
    'st.markdown(f"<b>{float(q or 0):.2f}</b>", unsafe_allow_html=True)\n',
    'import html\nimport streamlit as st\nup = st.file_uploader("f", type="txt")\nif up:\n'
    '    st.markdown(f"<code>{html.escape(up.name)}</code>", unsafe_allow_html=True)\n',
    # a tainted value used only inside the function, not passed to the HTML sink
    'import streamlit as st\n\ndef card(title, body):\n'
    '    st.markdown(f"<h3>{title}</h3>", unsafe_allow_html=True)\n'
    '    st.write(body)\n\ncard("Static title", st.text_input("Body"))\n',
]


STS402_PASS += [
    # st.write's extra positional arguments are more data, not unsafe_allow_html
    'import streamlit as st\nname = st.text_input("n")\nst.write(name, True)\n',
]


STS402_PASS += [
    'import html\nimport streamlit as st\ndef esc(s):\n    return html.escape(s)\n'
    'x = st.text_input("x")\n'
    'st.markdown(esc(x), unsafe_allow_html=True)\n',
]


@pytest.mark.parametrize("snippet", STS402_PASS, ids=short_id)
def test_STS402_pass(snippet: str) -> None:
    check_pass(snippet, "STS402")


# --------------------------------------------------------------------------- STS403 (opt-in)

STS403_FAIL = [
    pytest.param(
        """
        import streamlit as st


        def render_card(row):
            card_html = f"<div class='card'><h4>{row['title']}</h4></div>"
            st.markdown(card_html, unsafe_allow_html=True)
        """,
        [(6, 27, "STS403")],
        id="card-html",
    ),
    pytest.param(
        """
        import streamlit as st

        score = st.slider("Score", 0, 10)
        st.markdown(f"<b>{score}</b>", True)
        """,
        [(4, 31, "STS403")],
        id="slider-positional",
    ),
    pytest.param(
        """
        import plotly.express as px
        import streamlit as st
        import streamlit.components.v1 as components

        fig = px.line(x=[1, 2], y=[3, 4])
        chart_html = fig.to_html()
        components.html(chart_html, height=400)
        """,
        [(7, 16, "STS403")],
        id="components-html",
    ),
    pytest.param(
        """
        import streamlit as st


        def load_template():
            with open("templates/page.html") as fh:
                return fh.read()


        page = load_template()
        st.html(page, unsafe_allow_javascript=True)
        """,
        [(10, 14, "STS403")],
        id="html-with-javascript",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS403_FAIL)
def test_STS403_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS403")


STS403_PASS = [
    'import streamlit as st\nst.markdown("<hr class=\'sep\'>", unsafe_allow_html=True)\n',
    'import streamlit as st\nCSS = "<style>.x{color:red}</style>"\n'
    'st.markdown(CSS, unsafe_allow_html=True)\n',
    'import streamlit as st\nstyle = "<style>.x{color:red}</style>"\n'
    'st.markdown(style, unsafe_allow_html=True)\n',
    'import streamlit as st\nBASE_CSS = ".x{color:red}"\n'
    'st.markdown(f"<style>{BASE_CSS}</style>", unsafe_allow_html=True)\n',
    'import html\nimport streamlit as st\ndef card(title):\n'
    '    st.markdown(f"<h4>{html.escape(title)}</h4>", unsafe_allow_html=True)\n',
    'import streamlit as st\ndef card(body):\n    st.html(body)\n',
    'import streamlit as st\ndef card(body):\n    st.markdown(body, unsafe_allow_html=False)\n',
    'import streamlit as st\ndef card(body):\n    st.markdown(body)\n',
]


STS403_PASS += [
    # the helper escapes its only non-constant input
    'import html\nimport streamlit as st\ndef card(title, body):\n'
    '    return f"<h3>{html.escape(title)}</h3><p>{body}</p>"\nx = st.text_input("x")\n'
    'st.markdown(card(x, "static"), unsafe_allow_html=True)\n',
]


@pytest.mark.parametrize("snippet", STS403_PASS, ids=short_id)
def test_STS403_pass(snippet: str) -> None:
    check_pass(snippet, "STS403")


# --------------------------------------------------------------------------- STS404

STS404_FAIL = [
    pytest.param(
        """
        import streamlit as st

        st.markdown(f"[Continue]({st.query_params['next']})")
        """,
        [(3, 12, "STS404")],
        id="markdown-link",
    ),
    pytest.param(
        """
        import streamlit as st

        url = st.text_input("Website")
        st.link_button("Visit", url)
        """,
        [(4, 24, "STS404")],
        id="link-button",
    ),
    pytest.param(
        """
        import streamlit as st

        st.page_link(st.query_params.get("next", "app.py"), label="Back")
        """,
        [(3, 13, "STS404")],
        id="page-link",
    ),
    pytest.param(
        """
        import streamlit as st

        avatar_url = st.text_input("Avatar URL")
        st.write(f"![avatar]({avatar_url})")
        """,
        [(4, 9, "STS404")],
        id="image",
    ),
    pytest.param(
        """
        import streamlit as st

        link = st.query_params.get("docs", "")
        st.sidebar.markdown("[Docs](" + link + ")")
        """,
        [(4, 20, "STS404")],
        id="concatenation",
    ),
    pytest.param(
        """
        import streamlit as st

        tab1, tab2 = st.tabs(["Edit", "Preview"])
        site = tab1.text_input("Homepage")
        tab2.link_button("Open homepage", site)
        """,
        [(5, 34, "STS404")],
        id="tabs",
    ),
]


STS404_FAIL += [
    pytest.param(
        'import streamlit as st\n'
        'st.page_link(page=st.query_params.get("next", "app.py"), label="Back")\n',
        [(2, 18, "STS404")],
        id="page-link-keyword",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS404_FAIL)
def test_STS404_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS404")


STS404_PASS = [
    'import streamlit as st\nDOCS_URL = "https://docs.streamlit.io"\n'
    'st.markdown(f"[Docs]({DOCS_URL})")\n',
    'import streamlit as st\nst.link_button("Open", "https://streamlit.io")\n',
    'import streamlit as st\nname = st.text_input("Name")\nst.markdown(f"Hello **{name}**")\n',
    'import streamlit as st\nname = st.text_input("Name")\n'
    'st.markdown(f"[{name}](https://example.com/profile)")\n',
    'import urllib.parse\nimport streamlit as st\nq = st.text_input("Search")\n'
    'st.link_button("Search", f"https://www.google.com/search?q={urllib.parse.quote(q)}")\n',
    'import streamlit as st\nlabel = st.text_input("Label")\n'
    'st.page_link("pages/admin.py", label=label)\n',
]


STS404_PASS += [
    # the scheme is validated, exactly as the message asks
    'import streamlit as st\nu = st.text_input("u")\nif u.startswith(("http://", "https://")):\n'
    '    st.link_button("Go", u)\n',
    'import streamlit as st\nfrom urllib.parse import urlparse\nu = st.text_input("u")\n'
    'if urlparse(u).scheme in ("http", "https"):\n    st.markdown(f"[Open]({u})")\n',
    # not links
    'import streamlit as st\nu = st.text_input("u")\nst.markdown(f"<a href=\'{u}\'>x</a>")\n',
    'import streamlit as st\nu = st.text_input("Image URL")\nst.image(u)\n',
]


# a constant prefix fixes the scheme (and host): no javascript: link is possible
STS404_PASS += [
    'import streamlit as st\nusername = st.text_input("GitHub user")\n'
    'st.link_button("Profile", f"https://github.com/{username}")\n',
    'import streamlit as st\nregion = st.query_params.get("region", "EU")\n'
    'st.link_button("Share", f"?region={region}")\n',
    'import streamlit as st\nq = st.text_input("q")\n'
    'st.markdown(f"[Search](https://duckduckgo.com/?q={q})")\n',
    'import streamlit as st\nq = st.text_input("q")\n'
    'st.markdown("[Search](https://duckduckgo.com/?q=" + q + ")")\n',
]


@pytest.mark.parametrize("snippet", STS404_PASS, ids=short_id)
def test_STS404_pass(snippet: str) -> None:
    check_pass(snippet, "STS404")


# --------------------------------------------------------------------------- STS405

STS405_FAIL = [
    pytest.param(
        """
        import os

        import streamlit as st

        f = st.file_uploader("Upload a CSV", type="csv")
        if f is not None:
            with open(os.path.join("uploads", f.name), "wb") as out:
                out.write(f.getbuffer())
        """,
        [(7, 38, "STS405")],
        id="os-path-join-upload-name",
    ),
    pytest.param(
        """
        from pathlib import Path

        import streamlit as st

        uploaded = st.file_uploader("Image", type="png")
        if uploaded:
            dest = Path("data") / uploaded.name
        """,
        [(7, 26, "STS405")],
        id="pathlib-div",
    ),
    pytest.param(
        """
        import streamlit as st

        f = st.file_uploader("Upload", type="txt")
        if f:
            with open(f"/tmp/{f.name}", "wb") as out:
                out.write(f.getvalue())
        """,
        [(5, 14, "STS405")],
        id="open-fstring",
    ),
    pytest.param(
        """
        import os

        import streamlit as st

        os.remove(st.text_input("File to delete"))
        """,
        [(5, 10, "STS405")],
        id="os-remove",
    ),
    pytest.param(
        """
        import shutil

        import streamlit as st

        dest_name = st.text_input("Save as")
        shutil.copy("template.xlsx", dest_name)
        """,
        [(6, 29, "STS405")],
        id="shutil-copy",
    ),
    pytest.param(
        """
        import pathlib

        import streamlit as st

        content = pathlib.Path(st.query_params["file"]).read_text()
        """,
        [(5, 23, "STS405")],
        id="pathlib-path-query-param",
    ),
    pytest.param(
        """
        from pathlib import Path

        import streamlit as st

        UPLOAD_DIR = "uploads"
        files = st.file_uploader("Images", type=["png"], accept_multiple_files=True)
        for img in files:
            Path(UPLOAD_DIR, img.name).write_bytes(img.getvalue())
        """,
        [(8, 21, "STS405")],
        id="multiple-files-loop",
    ),
]


STS405_FAIL += [
    pytest.param(
        """
        import streamlit as st

        name = st.query_params.get("file", "report.pdf")
        with open(f"reports/{name}", "rb") as fh:
            st.download_button("Download", fh, file_name=name)
        """,
        [(4, 10, "STS405")],
        id="download-by-query-param",
    ),
    pytest.param(
        """
        import os

        import streamlit as st

        folder = st.text_input("Folder")
        f = st.file_uploader("f", type="csv")
        if f:
            open(os.path.join("data", folder, os.path.basename(f.name)), "wb")
        """,
        [(8, 30, "STS405")],
        id="basename-does-not-clean-the-other-argument",
    ),
    pytest.param(
        """
        import shutil

        import streamlit as st

        shutil.rmtree(st.text_input("Directory to clean"))
        """,
        [(5, 14, "STS405")],
        id="shutil-rmtree",
    ),
]


STS405_FAIL += [
    pytest.param(
        """
        from pathlib import Path

        import streamlit as st

        file = st.file_uploader("f", type="csv")
        if file:
            file_path = Path("/tmp/uploads") / file.file_id / file.name
        """,
        [(7, 54, "STS405")],
        id="file-id-is-server-generated-name-is-not",
    ),
    pytest.param(
        """
        import streamlit as st

        def save(file):
            with open(file.name, "wb") as f:
                f.write(file.getbuffer())
        up = st.file_uploader("f", type="csv")
        if up:
            save(up)
        """,
        [(8, 9, "STS405")],
        id="helper-saving-under-the-upload-name",
    ),
]


STS405_FAIL += [
    pytest.param(
        # near-misses of the name-making shapes below: a URL's path, a replacement of
        # something else than the separator, a pattern that keeps "/" and "."
        """
        import os
        import re
        from urllib.parse import urlparse

        import streamlit as st

        url = st.text_input("URL")
        open(os.path.join("pages", urlparse(url).path))
        open(os.path.join("pages", url.replace("..", "")))
        open(os.path.join("pages", re.sub(r"\\s+", "_", url)))
        """,
        [(8, 27, "STS405"), (9, 27, "STS405"), (10, 27, "STS405")],
        id="url-path-dots-removed-spaces-replaced",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS405_FAIL)
def test_STS405_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS405")


STS405_PASS = [
    'import os\nimport streamlit as st\nf = st.file_uploader("CSV", type="csv")\nif f:\n'
    '    with open(os.path.join("uploads", os.path.basename(f.name)), "wb") as out:\n'
    "        out.write(f.getbuffer())\n",
    'from pathlib import Path\nimport streamlit as st\nfrom werkzeug.utils import secure_filename\n'
    'f = st.file_uploader("CSV", type="csv")\nif f:\n'
    '    dest = Path("uploads") / secure_filename(f.name)\n',
    'import os\nimport pathlib\nimport streamlit as st\nUPLOAD_DIR = "uploads"\n'
    'f = st.file_uploader("CSV", type="csv")\nif f:\n    safe = pathlib.PurePath(f.name).name\n'
    '    open(os.path.join(UPLOAD_DIR, safe), "wb").write(f.getvalue())\n',
    'import streamlit as st\nwith open("data/config.json") as fh:\n    cfg = fh.read()\n',
    'import os\nimport uuid\nimport streamlit as st\nUPLOAD_DIR = "uploads"\n'
    'f = st.file_uploader("CSV", type="csv")\n'
    'if f:\n    open(os.path.join(UPLOAD_DIR, f"{uuid.uuid4()}.csv"), "wb").write(f.getvalue())\n',
    'import streamlit as st\nf = st.file_uploader("CSV", type="csv")\nif f:\n'
    '    st.write(f"Uploaded {f.name}")\n',
    'import pandas as pd\nimport streamlit as st\nf = st.file_uploader("CSV", type="csv")\n'
    'if f:\n    df = pd.read_csv(f)\n',
    'import os\nimport streamlit as st\nreport = st.selectbox("Report", os.listdir("reports"))\n'
    'with open(os.path.join("reports", report)) as fh:\n    st.text(fh.read())\n',
]


STS405_PASS += [
    # a name made of a URL (host part, path with "/" replaced) or of words (\W+ gone):
    # one file name, as basename() leaves
    """
    import os
    import re
    from pathlib import Path
    from urllib.parse import urlparse

    import streamlit as st

    url = st.text_input("Page to save")
    if url:
        name = urlparse(url).path.strip("/").replace("/", "_") or "index"
        with open(os.path.join("pages", f"{name}.html"), "w") as fh:
            fh.write("...")
        with open(os.path.join("sites", f"{urlparse(url).netloc}.json"), "w") as fh:
            fh.write("{}")
    request = st.text_area("Project")
    if request:
        (Path("generated") / re.sub(r"\\W+", "_", request)).mkdir(parents=True)
    """,
]


STS405_PASS += [
    # tempfile names are generated; splitext()'s extension cannot hold a path separator
    """
    import os
    import tempfile

    import streamlit as st

    up = st.file_uploader("Document", type=["pdf", "docx"])
    if up:
        suffix = os.path.splitext(up.name)[1]
        with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as tmp:
            tmp.write(up.getvalue())
        text = open(tmp.name, "rb").read()
    """,
    """
    import tempfile

    import streamlit as st

    up = st.file_uploader("PDF", type="pdf")
    if up:
        with tempfile.NamedTemporaryFile(delete=False, suffix=".pdf") as tmp:
            tmp.write(up.getvalue())
            tmp_path = tmp.name
        pages = open(tmp_path, "rb").read()
    """,
    """
    import os

    import streamlit as st

    up = st.file_uploader("f", type="csv")
    if up:
        ext = os.path.splitext(up.name)[1]
        open(os.path.join("data", "upload" + ext), "wb").write(up.getvalue())
    """,
]


@pytest.mark.parametrize("snippet", STS405_PASS, ids=short_id)
def test_STS405_pass(snippet: str) -> None:
    check_pass(snippet, "STS405")


# --------------------------------------------------------------------------- STS406 (opt-in)

STS406_FAIL = [
    pytest.param(
        """
        import requests
        import streamlit as st

        resp = requests.get(st.text_input("URL"))
        """,
        [(4, 20, "STS406")],
        id="requests-get",
    ),
    pytest.param(
        """
        import httpx
        import streamlit as st

        url = st.query_params.get("feed")
        resp = httpx.get(url, timeout=5)
        """,
        [(5, 17, "STS406")],
        id="httpx",
    ),
    pytest.param(
        """
        import urllib.request

        import streamlit as st

        u = st.text_input("Image URL")
        data = urllib.request.urlopen(u).read()
        """,
        [(6, 30, "STS406")],
        id="urlopen",
    ),
    pytest.param(
        """
        import requests
        import streamlit as st

        base = st.text_input("Server")
        payload = {"q": 1}
        requests.post(f"{base}/api/v1/run", json=payload)
        """,
        [(6, 14, "STS406")],
        id="requests-post-fstring",
    ),
    pytest.param(
        """
        import asyncio

        import aiohttp
        import streamlit as st


        async def fetch(url):
            async with aiohttp.ClientSession() as session:
                async with session.get(url) as resp:
                    return await resp.text()


        src_url = st.text_input("Source URL")
        st.write(asyncio.run(fetch(src_url)))
        """,
        [(14, 27, "STS406")],
        id="aiohttp-through-function",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS406_FAIL)
def test_STS406_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS406")


STS406_PASS = [
    'import requests\nimport streamlit as st\n'
    'r = requests.get("https://api.github.com/repos/streamlit/streamlit")\n',
    'import requests\nimport streamlit as st\nAPI_URL = "https://api.example.com/search"\n'
    'query = st.text_input("Query")\nr = requests.get(API_URL, params={"q": query}, timeout=10)\n',
    'import requests\nimport urllib.parse\nimport streamlit as st\nq = st.text_input("Query")\n'
    'r = requests.get(f"https://api.example.com/search?q={urllib.parse.quote(q)}")\n',
    'import requests\nimport streamlit as st\nBASE = "https://api.example.com"\n'
    'r = requests.get(BASE + "/items", timeout=5)\n',
    'import requests\nimport streamlit as st\nregion = st.selectbox("Region", ["eu", "us"])\n'
    'r = requests.get(f"https://{region}.api.example.com/status")\n',
]


@pytest.mark.parametrize("snippet", STS406_PASS, ids=short_id)
def test_STS406_pass(snippet: str) -> None:
    check_pass(snippet, "STS406")


# STS401 advice per driver: each names the driver's own placeholders.
_DRIVER_APP = """
import sqlite3

import sqlalchemy
import streamlit as st

con = sqlite3.connect("shop.db")
conn = st.connection("shop", type="sql")
name = st.text_input("Customer")
{sink}
"""


@pytest.mark.parametrize(("sink", "advice"), [
    pytest.param('con.execute(f"SELECT * FROM c WHERE n = \'{name}\'")',
                 "reaches .execute(); bind the values: ? (sqlite3) or %s (psycopg, MySQL) "
                 "placeholders plus a tuple of arguments", id="dbapi-cursor"),
    pytest.param('con.executescript(f"DELETE FROM c WHERE n = \'{name}\'")',
                 "reaches .executescript(); executescript() cannot bind values: run each "
                 "statement with execute(), ? placeholders and a tuple of arguments",
                 id="sqlite-script"),
    pytest.param('conn.query(f"SELECT * FROM c WHERE n = \'{name}\'")',
                 "reaches .query(); bind the values: :name placeholders and params={...} "
                 "(st.connection, SQLAlchemy)", id="st-connection"),
    pytest.param('sqlalchemy.text(f"SELECT * FROM c WHERE n = \'{name}\'")',
                 "reaches sqlalchemy.text(); bind the values: :name placeholders in text() "
                 "and a dict of values passed to execute()", id="sqlalchemy-text"),
])
def test_STS401_message_names_the_drivers_placeholders(sink: str, advice: str) -> None:
    from helpers import messages

    found = [m for m in messages(_DRIVER_APP.replace("{sink}", sink)) if m.startswith("STS401")]
    assert found == ["STS401 SQL built from strings " + advice]
