"""Ad-hoc inventory search over SQLite and DuckDB (string-built SQL)."""
import sqlite3

import duckdb
import pandas as pd
import streamlit as st

DB_PATH = "inventory.db"


@st.cache_resource
def get_connection():
    return sqlite3.connect(DB_PATH, check_same_thread=False)


def find_items(con, term, sort):
    sql = "SELECT sku, name, qty FROM items WHERE name LIKE '%" + term + "%' ORDER BY " + sort  # expect: STS401
    return pd.read_sql_query(sql, con)


def run(query):
    return get_connection().execute(query).fetchall()


st.title("Inventory")
term = st.text_input("Search")
sort = st.selectbox("Sort by", ["name", "qty"])
if term:
    st.dataframe(find_items(get_connection(), term, sort))

sku = st.query_params.get("sku")
if sku:
    rows = run(f"SELECT * FROM items WHERE sku = '{sku}'")  # expect: STS401
    st.write(rows)

qty = st.number_input("Set quantity", 0, 10_000)
if sku and st.button("Update"):
    cur = get_connection().cursor()
    cur.execute("UPDATE items SET qty = %d WHERE sku = '%s'" % (qty, sku))  # expect: STS401
    get_connection().commit()

path = st.text_input("Parquet file to compare", "exports/latest.parquet")
diff = duckdb.sql(f"SELECT * FROM read_parquet('{path}') EXCEPT SELECT * FROM items_view")  # expect: STS401
st.dataframe(diff.df())
