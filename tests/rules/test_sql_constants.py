"""STS401 constants (RULES.md STS401): SQL that interpolates only the developer's own
values is not reported -- literals, ALL_CAPS names, ``st.secrets`` values (directly,
through a module-level name, through a helper returning them), Enum members, option
widget choices, placeholder lists repeated from a constant, numbers, validated values.
A user's value among them still is; any statement counts, ``PRAGMA`` included."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers import check_fail, check_pass, results, src

_HEAD = """
import enum
import sqlite3

import streamlit as st
from settings import ORDERS_TABLE

con = sqlite3.connect("shop.db")
PROJECT = st.secrets["bigquery"]["project"]
DATASET = st.secrets["bigquery"]["dataset"]


class Status(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


def orders_table():
    return f"{PROJECT}.{DATASET}.orders"
"""

CONSTANT = [
    pytest.param('con.execute(f"SELECT * FROM {PROJECT}.{DATASET}.orders")',
                 id="secrets-through-module-names"),
    pytest.param('con.execute(f"SELECT * FROM {st.secrets[\'tables\'][\'orders\']}")',
                 id="secrets-directly"),
    pytest.param("def load():\n"
                 "    return con.execute(f\"SELECT * FROM {orders_table()}\")",
                 id="helper-returning-secrets"),
    pytest.param('con.execute(f"SELECT * FROM {ORDERS_TABLE} WHERE id = ?", (1,))',
                 id="imported-all-caps"),
    pytest.param("con.execute(f\"SELECT * FROM t WHERE s = '{Status.OPEN.value}'\")",
                 id="enum-member-value"),
    pytest.param('col = st.selectbox("Sort by", ["day", "total"])\n'
                 'con.execute(f"SELECT * FROM t ORDER BY {col}")',
                 id="selectbox-choice"),
    pytest.param('ids = st.session_state.get("ids", [])\n'
                 'con.execute(f"SELECT * FROM t WHERE id IN ({\', \'.join(\'?\' * len(ids))})",'
                 ' ids)',
                 id="question-marks-repeated"),
    pytest.param('ids = st.session_state.get("ids", [])\n'
                 'marks = ",".join(["%s"] * len(ids))\n'
                 'con.execute(f"DELETE FROM t WHERE id IN ({marks})", ids)',
                 id="percent-s-list-repeated"),
    pytest.param('n = int(st.text_input("Rows"))\n'
                 'con.execute(f"SELECT * FROM t LIMIT {n}")',
                 id="int"),
    pytest.param('table = st.text_input("Table")\n'
                 'if table not in ("orders", "refunds"):\n'
                 '    raise ValueError(table)\n'
                 'con.execute(f"PRAGMA table_info({table})")',
                 id="allow-listed-then-raise"),
]


@pytest.mark.parametrize("tail", CONSTANT)
def test_constants_are_not_reported(tail: str) -> None:
    check_pass(_HEAD + tail, "STS401")


NOT_CONSTANT = [
    pytest.param('name = st.text_input("Customer")\n'
                 "con.execute(f\"SELECT * FROM {PROJECT}.{DATASET}.orders WHERE n = '{name}'\")",
                 (20, 12), id="user-value-among-constants"),
    pytest.param('table = st.text_input("Table")\n'
                 'con.execute(f"PRAGMA table_info({table})")',
                 (20, 12), id="pragma"),
    pytest.param('TABLE = st.query_params.get("table", "orders")\n'
                 'con.execute(f"SELECT * FROM {TABLE}")',
                 (20, 12), id="all-caps-holding-user-input"),
    pytest.param('name = st.text_input("Customer")\n'
                 'con.execute("SELECT * FROM t WHERE n = \'" + name * 2 + "\'")',
                 (20, 12), id="user-value-repeated"),
    pytest.param('kind = st.text_input("Kind")\n'
                 'con.execute(f"SELECT * FROM t WHERE s = \'{Status[kind].label}\'")',
                 (20, 12), id="not-an-enum-value"),
]


@pytest.mark.parametrize(("tail", "at"), NOT_CONSTANT)
def test_non_constants_are_reported(tail: str, at: tuple[int, int]) -> None:
    check_fail(_HEAD + tail, [(*at, "STS401")], "STS401")


_HTML = """
import streamlit as st

rows = st.data_editor([{"km": 1.5}])
total = rows[0]["km"]
"""


@pytest.mark.parametrize("body", [
    'f"<b>{total:.3f}</b> km"', 'f"<b>{total:,}</b> km"', 'f"<b>{total:>8.1%}</b>"',
])
def test_numeric_format_is_not_html(body: str) -> None:
    check_pass(_HTML + f"st.markdown({body}, unsafe_allow_html=True)\n", "STS402")


@pytest.mark.parametrize("body", ['f"<b>{total}</b> km"', 'f"<b>{total:>8}</b>"',
                                  'f"<b>{total:s}</b>"'])
def test_text_format_is_still_html(body: str) -> None:
    check_fail(textwrap.dedent(_HTML) + f"st.markdown({body}, unsafe_allow_html=True)\n",
               [(5, 14 + len(body), "STS402")], "STS402")


PARAMETER_HELPERS = """
import sqlite3

import streamlit as st

con = sqlite3.connect("shop.db")


def count_rows(table):
    return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def latest(table, column="created_at"):
    return con.execute(f"SELECT * FROM {table} ORDER BY {column} DESC LIMIT 5").fetchall()


def search(name):
    return con.execute(f"SELECT * FROM customers WHERE name = '{name}'").fetchall()


def export(table):
    return con.execute(f"SELECT * FROM {table}").fetchall()


st.metric("Orders", count_rows("orders"))
st.metric("Customers", count_rows("customers"))
st.table(latest("orders", column="updated_at"))
st.table(search("alice"))
st.table(search(st.text_input("Customer")))
"""


def test_sql_built_from_parameters_every_call_fills_with_constants_is_not_reported() -> None:
    """A helper whose every call in the module passes a constant builds constant SQL;
    one call with the user's text makes it a finding.  A table name from a parameter
    (``export``, which no call here reveals) is a name, not a value: not reported
    (test_sql_names.py)."""
    check_fail(PARAMETER_HELPERS, [(17, 23, "STS401")], "STS401")


def test_a_key_a_helper_fetched_from_the_database_is_the_databases() -> None:
    """A helper handed the connection looks a row up with the value bound and returns
    its key: what a DB-API cursor fetches is the app's own data, a constant for SQL,
    even though the helper cannot know its parameter is a connection.  A text input
    beside it is still reported."""
    check_fail(
        """
        import streamlit as st


        def lookup_id(conn, name):
            cur = conn.cursor()
            cur.execute("SELECT id FROM tests WHERE name = %s", (name,))
            row = cur.fetchone()
            return row[0] if row else None


        def all_ids(conn):
            return [r[0] for r in conn.cursor().fetchall()]


        def save(conn):
            test_id = lookup_id(conn, st.selectbox("Test", ["CBC", "Lipid"]))
            patient = int(st.number_input("Patient"))
            note = st.text_input("Note")
            cur = conn.cursor()
            cur.execute(f"INSERT INTO lab (patient, test) VALUES ({patient}, {test_id})")
            cur.execute(f"DELETE FROM lab WHERE test IN ({', '.join(map(str, all_ids(conn)))})")
            cur.execute(f"INSERT INTO notes (test, body) VALUES ({test_id}, '{note}')")


        save(st.connection("db", type="sql").raw_connection)
        """,
        [(22, 16, "STS401")],
        "STS401",
    )


def test_a_key_fetched_by_a_helper_in_another_module(tmp_path: Path) -> None:
    """The same across files: the page imports the lookup helper."""
    (tmp_path / "dbutil.py").write_text(
        "def lookup_id(conn, name):\n"
        "    cur = conn.cursor()\n"
        "    cur.execute('SELECT id FROM tests WHERE name = ?', (name,))\n"
        "    rows = cur.fetchall()\n"
        "    return rows[0][0] if rows else None\n", encoding="utf-8")
    page = src("""
        import sqlite3

        import streamlit as st
        from dbutil import lookup_id

        conn = sqlite3.connect("lab.db")
        test_id = lookup_id(conn, st.selectbox("Test", ["CBC", "Lipid"]))
        conn.execute(f"INSERT INTO lab (test) VALUES ({test_id})")
        conn.execute(f"INSERT INTO lab (test) VALUES ({st.text_input('Test id')})")
        """)
    (tmp_path / "page.py").write_text(page, encoding="utf-8")
    assert results(page, "STS401", filename=str(tmp_path / "page.py")) == [(9, 13, "STS401")]


def test_a_statement_split_into_parts_inside_a_helper_is_still_built_sql() -> None:
    """A helper that splits its built statement and runs each part (or the first) runs
    what its parameter made: reported when a call passes the user's text, not when
    every call passes a constant."""
    check_fail(
        """
        import pandas as pd
        import streamlit as st


        def run_all(item_id, conn):
            script = f"SELECT * FROM items WHERE id = {item_id}; SELECT 1"
            for part in script.split(";"):
                pd.read_sql(part, conn)


        def run_first(item_id, conn):
            script = f"SELECT * FROM items WHERE id = {item_id}"
            return pd.read_sql(script.split(";")[0], conn)


        def fixed(item_id, conn):
            script = f"SELECT * FROM items WHERE id = {item_id}"
            return pd.read_sql(script.split(";")[0], conn)


        run_all(st.text_input("Item"), None)
        run_first(st.text_input("Item"), None)
        fixed("42", None)
        """,
        [(6, 13, "STS401"), (12, 13, "STS401")],
        "STS401",
    )


def test_the_servers_clock_and_durations_are_no_text() -> None:
    """A time the server computed (``datetime.now() - timedelta(hours=h)``,
    ``date.today()``) formats into SQL as digits and signs, whatever number the span
    was given; a date the user typed as text is still reported."""
    check_fail(
        """
        from datetime import date, datetime, timedelta

        import streamlit as st

        conn = st.connection("db", type="sql")
        hours = st.slider("Hours", 1, 48)
        since = datetime.now() - timedelta(hours=hours)
        conn.query(f"SELECT * FROM trades WHERE ts >= '{since}'")
        conn.query(f"SELECT * FROM trades WHERE day = '{date.today()}'")
        typed = st.text_input("Day")
        conn.query(f"SELECT * FROM trades WHERE day = '{typed}'")
        """,
        [(11, 11, "STS401")],
        "STS401",
    )


def test_a_literal_default_every_call_leaves_is_a_constant() -> None:
    """``def count(table="trades")`` called as ``count()``, or a default forwarded to the
    function that builds the SQL (``save(df)`` -> ``add_columns(table, ...)``), is the
    developer's literal; a call passing the user's text still reports it."""
    check_fail(
        """
        import sqlite3

        import streamlit as st


        def add_columns(table_name, wanted):
            cur = sqlite3.connect("app.db").cursor()
            cur.execute(f"SELECT name FROM pragma_table_info('{table_name}')")
            return wanted


        def save(df, table_name="trades"):
            add_columns(table_name, set(df.columns))


        def count(table="trades"):
            return sqlite3.connect("app.db").execute(f"SELECT count(*) FROM {table} WHERE 1 = '1'")


        def count_where(name, table="trades"):
            return sqlite3.connect("app.db").execute(f"SELECT * FROM {table} WHERE n = '{name}'")


        save(st.session_state.df)
        count()
        count_where("fixed")
        count_where(st.text_input("Name"))
        """,
        [(21, 45, "STS401")],
        "STS401",
    )
