"""Look up customers and orders in the warehouse."""
import os

import streamlit as st

conn = st.connection("warehouse", type="sql")

st.title("SQL explorer")


@st.cache_data(ttl=600)
def load_my_orders():
    email = st.user.email
    return conn.query(f"SELECT * FROM orders WHERE customer_email = '{email}'")


st.subheader("My orders")
st.dataframe(load_my_orders())

customer = st.text_input("Customer name")
if customer:
    df = conn.query(f"SELECT * FROM customers WHERE name = '{customer}'")
    st.dataframe(df)

report_url = st.query_params.get("report", "https://reports.acme.com/latest")
st.link_button("Open the full report", report_url)

table = st.text_input("Table to export", "orders")
if st.button("Export to CSV"):
    os.system(f"psql -c '\\copy {table} to /tmp/{table}.csv csv header'")
    st.success("Exported")
