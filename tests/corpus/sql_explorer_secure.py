"""Sales explorer over Postgres with st.connection — bound parameters everywhere."""
import datetime as dt

import streamlit as st
from sqlalchemy import text

conn = st.connection("sales_db", type="sql")

SALES_TABLE = "analytics.sales"
TABLES = {"Orders": "orders", "Customers": "customers", "Products": "products"}
PAGE_SIZE = 50

st.title("Sales explorer")

label = st.selectbox("Table", list(TABLES))
table = TABLES[label]
page = st.number_input("Page", min_value=1, value=1)
preview = conn.query(
    f"SELECT * FROM {table} ORDER BY id LIMIT {PAGE_SIZE} OFFSET {(int(page) - 1) * PAGE_SIZE}",
    ttl=60,
)
st.dataframe(preview)

region = st.text_input("Region", "EMEA")
since = st.date_input("Since", dt.date(2024, 1, 1))
sales = conn.query(
    f"SELECT day, SUM(amount) AS total FROM {SALES_TABLE} "
    "WHERE region = :region AND day >= :since GROUP BY day ORDER BY day",
    params={"region": region, "since": since},
)
st.line_chart(sales, x="day", y="total")

customer_id = st.text_input("Customer id")
if customer_id:
    orders = conn.query(
        f"SELECT * FROM orders WHERE customer_id = {int(customer_id)}",
        ttl=0,
    )
    st.dataframe(orders)

where = "WHERE status = :status"
status = st.radio("Status", ["open", "shipped", "returned"])
st.dataframe(conn.query("SELECT * FROM orders " + where, params={"status": status}))

note = st.text_area("Add a note to the region")
if st.button("Save note") and note:
    with conn.session as session:
        session.execute(
            text("INSERT INTO notes (region, body) VALUES (:region, :body)"),
            {"region": region, "body": note},
        )
        session.commit()
    st.code(f"INSERT INTO notes (region, body) VALUES ('{region}', '{note}')", language="sql")
