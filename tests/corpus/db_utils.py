"""db.py shared by the pages of a Streamlit app — it does not import streamlit itself."""
import logging
import os
import sqlite3

log = logging.getLogger(__name__)

DB_PATH = os.getenv("APP_DB", "app.db")
USERS = "users"
ORDERS_COLUMNS = "id, customer, total"


def connect():
    return sqlite3.connect(DB_PATH)


def get_user(con, username):
    return con.execute(f"SELECT * FROM {USERS} WHERE username = '{username}'").fetchone()  # expect: STS401


def get_user_safe(con, username):
    return con.execute(f"SELECT * FROM {USERS} WHERE username = ?", (username,)).fetchone()


def orders_between(con, start, end):
    sql = "SELECT %s FROM orders WHERE day BETWEEN '%s' AND '%s'" % (ORDERS_COLUMNS, start, end)  # expect: STS401
    return con.execute(sql).fetchall()


def order_count(con):
    return con.execute(f"SELECT count(*) FROM orders LIMIT {100}").fetchone()[0]


def delete_order(con, order_id):
    con.execute("DELETE FROM orders WHERE id = ?", (int(order_id),))
    log.info("deleted order %s", order_id)


def describe(con, table):
    log.debug(f"SELECT * FROM {table} LIMIT 0")
    return [row[1] for row in con.execute("PRAGMA table_info(orders)")]
