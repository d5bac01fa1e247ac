"""STS401: where a dynamic part stands in a statement.

Placeholders bind values.  A table or column name, a keyword or a whole clause the
program assembles (``FROM {table}``, ``ORDER BY {column}``, ``WHERE {clause}``) cannot be
bound: it is the developer's choice unless the user controls it.  So a name from the
developer's code (a parameter, an attribute, a loop over the schema) is not reported;
a name the user types is, at the statement or at the call that passes it to a helper,
with advice to check it against an allow-list.  A value formatted in is reported as
before, and so is a clause that carries one (``f"AND day = '{day}'"``).
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, messages

BASE_MODEL = """
import sqlite3

con = sqlite3.connect("crm.db")


class Repository:
    def __init__(self, table_name):
        self.table_name = table_name

    def insert(self, data):
        fields = ", ".join(data.keys())
        marks = ", ".join(["?"] * len(data))
        sql = f"INSERT INTO {self.table_name} ({fields}) VALUES ({marks})"
        con.execute(sql, tuple(data.values()))

    def filter_by(self, field, value):
        query = f"SELECT * FROM {self.table_name} WHERE {field} = ? ORDER BY id DESC"
        return con.execute(query, (value,)).fetchall()

    def distinct(self, field):
        return con.execute(
            f"SELECT DISTINCT {field} FROM {self.table_name} WHERE {field} IS NOT NULL"
        ).fetchall()

    def delete(self, record_id: int):
        con.execute(f"DELETE FROM {self.table_name} WHERE id = {record_id}")

    def page(self, where=None, order_by="id", limit: int = 50):
        query = f"SELECT * FROM {self.table_name}"
        if where:
            query += f" WHERE {where}"
        query += f" ORDER BY {order_by} LIMIT {limit}"
        return con.execute(query).fetchall()
"""


def test_names_and_clauses_from_the_developers_code_are_not_reported() -> None:
    """A generic repository class: table, columns and clauses come from the code that
    calls it; every value is bound, or annotated as a number."""
    check_pass(BASE_MODEL, "STS401")


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM {table}",
        "SELECT {columns} FROM events",
        'SELECT * FROM "{table}"',
        "SELECT * FROM `{table}`",
        "SELECT * FROM t ORDER BY {column} {direction}",
        "SELECT * FROM t WHERE {clause}",
        "SELECT * FROM t WHERE {column} = ?",
        "SELECT * FROM t WHERE a = 1 AND {clause}",
        "INSERT INTO {table} ({columns}) VALUES (?, ?)",
        "UPDATE {table} SET {column} = ? WHERE id = ?",
        "SELECT COUNT({column}) FROM t",
        "CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY)",
        "PRAGMA table_info({table})",
    ],
)
def test_a_parameter_standing_for_a_name_is_not_reported(statement: str) -> None:
    names = ", ".join(sorted({"table", "columns", "column", "direction", "clause"}))
    check_pass(
        f"""
        def run(con, {names}):
            return con.execute(f{statement!r})
        """,
        "STS401",
    )


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM t WHERE name = '{value}'",
        'SELECT * FROM t WHERE name = "{value}"',
        "SELECT * FROM t WHERE id = {value}",
        "SELECT * FROM t WHERE id IN ({value})",
        "SELECT * FROM t WHERE name LIKE '%{value}%'",
        "SELECT * FROM t LIMIT {value}",
        "SELECT * FROM t WHERE d BETWEEN '2024-01-01' AND '{value}'",
        "INSERT INTO t (a, b) VALUES (1, {value})",
        "UPDATE t SET a = {value} WHERE id = 1",
        "SELECT * FROM t WHERE lower(name) = lower({value})",
    ],
)
def test_a_parameter_standing_for_a_value_is_reported(statement: str) -> None:
    check_fail(
        f"""
        def run(con, value):
            return con.execute(f{statement!r})
        """,
        [(2, 23, "STS401")],
        "STS401",
    )


def test_a_clause_that_carries_a_value_is_reported_wherever_it_is_placed() -> None:
    check_fail(
        """
        def invoices(con, period, filters):
            where = f"WHERE month = '{period}'" if period else ""
            first = con.execute(f"SELECT * FROM invoices {where}")
            cond = " AND ".join(f"{k} = '{v}'" for k, v in filters.items())
            second = con.execute("SELECT * FROM invoices WHERE " + cond)
            extra = " AND status = '" + filters["status"] + "'"
            third = con.execute("SELECT * FROM invoices WHERE 1 = 1" + extra)
            return first, second, third
        """,
        [(3, 24, "STS401"), (5, 25, "STS401"), (7, 24, "STS401")],
        "STS401",
    )


USER_NAMES = """
import sqlite3

import streamlit as st

con = sqlite3.connect("shop.db")


def preview(table, limit: int = 10):
    return con.execute(f"SELECT * FROM {table} LIMIT {limit}").fetchall()


table = st.text_input("Table")
st.table(con.execute(f"SELECT * FROM {table}").fetchall())
column = st.query_params.get("sort", "id")
st.table(con.execute("SELECT * FROM orders ORDER BY " + column).fetchall())
st.table(preview(st.text_input("Other table")))
st.table(preview(st.selectbox("Known table", ["orders", "customers"])))
st.table(preview("orders"))
"""


def test_a_name_the_user_controls_is_reported() -> None:
    """At the statement, or at the call passing the user's text to a helper that puts
    it where a name goes; a name picked from a selectbox's options is the developer's."""
    check_fail(USER_NAMES, [(13, 21, "STS401"), (15, 21, "STS401"), (16, 17, "STS401")],
               "STS401")


def test_a_user_controlled_name_is_advised_an_allow_list_not_placeholders() -> None:
    found = [m for m in messages(USER_NAMES) if "STS401" in m]
    assert len(found) == 3
    for message in found:
        assert "cannot be bound" in message and "allow-list" in message, message
        assert "placeholders" not in message, message
    assert "preview -> .execute()" in found[2]


def test_a_statement_with_a_user_value_among_names_is_advised_placeholders() -> None:
    found = messages(
        """
        import sqlite3

        import streamlit as st

        con = sqlite3.connect("shop.db")
        table = st.text_input("Table")
        name = st.text_input("Name")
        con.execute(f"SELECT * FROM {table} WHERE name = '{name}'")
        """
    )
    assert [m for m in found if "STS401" in m] == [
        "STS401 SQL built from strings reaches .execute(); bind the values: ? "
        "(sqlite3) or %s (psycopg, MySQL) placeholders plus a tuple of arguments"
    ]


def test_format_and_concatenation_follow_the_same_places() -> None:
    check_fail(
        """
        def run(con, table, name, n: int):
            con.execute("SELECT * FROM {} WHERE id = 1".format(table))
            con.execute("SELECT * FROM {t} LIMIT {n}".format(t=table, n=n))
            con.execute("SELECT * FROM " + table + " WHERE id = 1")
            con.execute("SELECT * FROM t WHERE name = '{}'".format(name))
            con.execute("SELECT * FROM t WHERE name = '" + name + "'")
        """,
        [(5, 16, "STS401"), (6, 16, "STS401")],
        "STS401",
    )


@pytest.mark.parametrize(
    "annotation", ["int", "float", "Optional[int]", "int | None", "datetime.date", "bool"]
)
def test_a_parameter_annotated_as_a_number_or_a_date_is_no_injection(annotation: str) -> None:
    check_pass(
        f"""
        import datetime
        from typing import Optional


        def recent(con, n: {annotation}):
            return con.execute(f"SELECT * FROM t WHERE day > '{{n}}' LIMIT {{n}}")
        """,
        "STS401",
    )


def test_a_parameter_annotated_as_text_is_still_a_value() -> None:
    check_fail(
        """
        from typing import Optional


        def by_name(con, name: Optional[str]):
            return con.execute(f"SELECT * FROM t WHERE name = '{name}'")
        """,
        [(5, 23, "STS401")],
        "STS401",
    )


def test_bind_markers_named_after_the_columns_are_not_values() -> None:
    check_pass(
        """
        from sqlalchemy import text


        def insert(conn, table, data):
            columns = ", ".join(data.keys())
            markers = ", ".join([f":{key}" for key in data.keys()])
            conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({markers})"), data)
            named = ", ".join(f"%({key})s" for key in data)
            conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({named})", data)
            sets = ", ".join(f"{key} = :{key}" for key in data)
            conn.execute(text(f"UPDATE {table} SET {sets} WHERE id = :id"), data)
        """,
        "STS401",
    )


def test_a_clause_carrying_a_value_passed_to_a_helper_is_reported_at_the_call() -> None:
    """The helper puts its parameter where a clause goes; the caller builds that clause
    around a value (``f"Id = '{record_id}'"``): reported at the call, with the
    placeholder advice.  A constant clause passed the same way is fine."""
    check_fail(
        """
        def fetch(sf, where_extra="", limit: int = 20):
            clause = f"AND {where_extra}" if where_extra else ""
            return sf.query(f"SELECT Id FROM User WHERE IsActive = true {clause} LIMIT {limit}")


        def one(sf, record_id):
            return fetch(sf, where_extra=f"Id = '{record_id}'", limit=1)


        def sales(sf):
            return fetch(sf, where_extra="Profile.Name = 'Sales'")
        """,
        [(7, 33, "STS401")],
        "STS401",
    )


def test_a_template_filled_in_with_replace_follows_the_same_places() -> None:
    check_fail(
        """
        import pandas as pd
        import streamlit as st

        item = st.text_input("Item code")
        table = "stock_2024"
        sql = "SELECT * FROM items WHERE code = '@ITEM'".replace("@ITEM", item)
        pd.read_sql(sql, "sqlite:///erp.db")
        by_table = "SELECT * FROM @TABLE".replace("@TABLE", table.upper())
        pd.read_sql(by_table, "sqlite:///erp.db")
        """,
        [(6, 6, "STS401")],
        "STS401",
    )


def test_conditions_collected_in_a_list_carry_their_values() -> None:
    """A helper appends ``f"name LIKE '%{search}%'"`` to a list of conditions and joins
    them into the WHERE clause: the caller's text reaches the statement.  A ``LIMIT``
    whose parameter defaults to a number is a number."""
    check_fail(
        """
        import streamlit as st

        conn = st.connection("db", type="sql")


        def sessions(search=None, limit=5000):
            conditions = ["active = 1"]
            if search:
                conditions.append(f"name LIKE '%{search}%'")
            where = " AND ".join(conditions)
            return conn.query(f"SELECT * FROM sessions WHERE {where} LIMIT {limit}")


        def recent(limit=50):
            return conn.query(f"SELECT * FROM sessions ORDER BY id DESC LIMIT {limit}")


        sessions(st.text_input("Search"))
        recent()
        """,
        [(11, 22, "STS401")],
        "STS401",
    )


def test_the_keys_of_a_dict_of_fields_are_the_programs_column_names() -> None:
    """An update helper that puts the keys of its dict argument in ``SET`` and binds the
    values: a dict display with constant keys (the values typed by the user) is safe; a
    key the user typed, or one added with a key that is not constant, is reported."""
    check_fail(
        """
        import sqlite3

        import streamlit as st
        from sqlalchemy import text

        conn = sqlite3.connect("jobs.db")


        def update(conn, row_id, updates):
            sets = ", ".join(f"{k} = :{k}" for k in updates)
            conn.execute(text(f"UPDATE jobs SET {sets} WHERE id = :id"), {**updates, "id": row_id})


        status = st.text_input("Status")
        mode = st.selectbox("Mode", ["remote", "office"])
        update(conn, 1, {"status": status, "work_mode": mode})
        field = st.text_input("Field")
        update(conn, 1, {field: status})
        extra = {"status": status}
        extra[field] = 1
        update(conn, 1, extra)
        for column in {"status": status}:
            conn.execute(f"UPDATE jobs SET {column} = NULL")
        """,
        [(18, 16, "STS401"), (21, 16, "STS401")],
        "STS401",
    )


def test_a_subquery_in_an_in_list_has_names_of_its_own() -> None:
    """``IN (...)`` holds values, but ``IN (SELECT ... FROM {table})`` holds a query
    whose own text decides: the table there is a name; a value in its WHERE is a value."""
    head = '''
        from sqlalchemy import text


        def prune(conn, settings, name):
            table = settings.table
        '''
    check_pass(head + '''
            conn.execute(text(
                f"DELETE FROM {table} WHERE ctid IN ("
                f"  SELECT ctid FROM (SELECT ctid, row_number() OVER () AS rn"
                f"    FROM {table} WHERE project = :p) x WHERE x.rn > 1)"), {"p": name})
        ''', "STS401")
    check_fail(head + '''
            conn.execute(text(
                f"DELETE FROM {table} WHERE id IN (SELECT id FROM users WHERE n = '{name}')"))
        ''', [(8, 8, "STS401")], "STS401")


def test_printf_formatting_follows_the_same_places() -> None:
    # "%" fills each conversion in turn (or by name from a dict): a column list made
    # from the program's own keys is a name, the user's text in a value's place is not
    check_fail(
        """
        def run(con, table, name, columns: dict):
            con.execute("SELECT * FROM %s WHERE id = ?" % table, (1,))
            con.execute("SELECT * FROM %(t)s LIMIT 5" % {"t": table})
            con.execute("INSERT INTO t (%s) VALUES (%s)" % (", ".join(columns),
                                                          ", ".join("?" * len(columns))))
            con.execute("SELECT * FROM t WHERE name = '%s'" % name)
            con.execute("SELECT * FROM %s WHERE name = '%s'" % (table, name))
            con.execute("SELECT * FROM t WHERE name = '%(n)s'" % {"n": name})
        """,
        [(6, 16, "STS401"), (7, 16, "STS401"), (8, 16, "STS401")],
        "STS401",
    )


def test_a_record_of_an_upload_is_inserted_under_the_programs_own_column_names() -> None:
    # joining a dict joins its keys: the column list is the program's, the upload's
    # name and size are bound
    check_pass(
        """
        import sqlite3

        import streamlit as st

        db = sqlite3.connect("files.db")
        doc = st.file_uploader("Document", type=["pdf"])
        if doc is not None:
            record = {"filename": doc.name, "size": doc.size, "kind": doc.type}
            names = ", ".join(record)
            marks = ", ".join("?" for _ in record)
            db.execute(f"INSERT INTO documents ({names}) VALUES ({marks})",
                       tuple(record.values()))
            db.execute("INSERT INTO documents (%s) VALUES (%s)" % (names, marks),
                       tuple(record.values()))
        """,
        "STS401",
    )


def test_a_column_list_the_user_keys_is_reported() -> None:
    check_fail(
        """
        import sqlite3

        import streamlit as st

        db = sqlite3.connect("files.db")
        field = st.text_input("Field")
        record = {field: st.text_input("Value")}
        db.execute("INSERT INTO notes (%s) VALUES (?)" % ", ".join(record),
                   tuple(record.values()))
        """,
        [(8, 11, "STS401")],
        "STS401",
    )


def test_an_insert_helper_lists_the_keys_of_the_dict_each_call_passes() -> None:
    """``", ".join(data.keys())`` in a helper: the column names are the keys each call's
    dict display writes; the values are bound.  A key the user chose, or a table name
    the user typed, is still reported at the call."""
    check_fail(
        """
        import streamlit as st
        from sqlalchemy import text

        engine = st.connection("db", type="sql").engine


        def insert(table, data):
            cols = ", ".join(data.keys())
            marks = ", ".join(f":{k}" for k in data)
            with engine.begin() as c:
                c.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({marks})"), data)


        insert("categories", {"name": st.text_input("Category"), "active": True})
        insert("categories", {st.text_input("Field"): 1})
        insert(st.text_input("Table"), {"name": "x"})
        """,
        [(15, 21, "STS401"), (16, 7, "STS401")],
        "STS401",
    )
