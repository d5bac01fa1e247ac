"""Snowflake admin helper (Streamlit in Snowflake style) with string-built SQL."""
import streamlit as st
from snowflake.snowpark.context import get_active_session

session = get_active_session()
st.title("Warehouse admin")

warehouses = session.sql("SHOW WAREHOUSES").collect()
names = [w["name"] for w in warehouses]
wh = st.selectbox("Warehouse", names)
size = st.selectbox("Size", ["XSMALL", "SMALL", "MEDIUM", "LARGE"])
if st.button("Resize"):
    session.sql(f"ALTER WAREHOUSE {wh} SET WAREHOUSE_SIZE = {size}").collect()

role = st.text_input("Grant role to user")
user = st.text_input("User")
if role and user and st.button("Grant"):
    session.sql(f"GRANT ROLE {role} TO USER {user}").collect()  # expect: STS401

table = st.text_input("Table to preview", "ANALYTICS.PUBLIC.ORDERS")
limit = st.number_input("Rows", 10, 1000, 100)
df = session.sql(f"SELECT * FROM {table} LIMIT {int(limit)}").to_pandas()  # expect: STS401
st.dataframe(df)

comment = st.text_area("Comment for the audit log")
if comment:
    session.sql("INSERT INTO audit.log (comment) VALUES (?)", params=[comment]).collect()
