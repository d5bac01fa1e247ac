"""Upload a CSV, clean it and download the result — with the checks in place."""
import html
import io
import os
import uuid
from pathlib import Path

import pandas as pd
import streamlit as st

MAX_BYTES = 20 * 1024 * 1024
UPLOAD_DIR = Path("uploads")
UPLOAD_DIR.mkdir(exist_ok=True)

st.title("CSV cleaner")

uploaded = st.file_uploader("CSV or Excel file", type=["csv", "xlsx"])
if uploaded is None:
    st.info("Upload a file to start.")
    st.stop()

if uploaded.size > MAX_BYTES:
    st.error("The file is larger than 20 MB.")
    st.stop()

safe_name = os.path.basename(uploaded.name)
st.markdown(f"Working on <code>{html.escape(safe_name)}</code>", unsafe_allow_html=True)
st.caption(f"Uploaded {uploaded.name} ({uploaded.size} bytes, {uploaded.type})")

dest = UPLOAD_DIR / f"{uuid.uuid4().hex}.csv"
dest.write_bytes(uploaded.getvalue())

if uploaded.name.endswith(".xlsx"):
    df = pd.read_excel(uploaded)
else:
    df = pd.read_csv(io.BytesIO(uploaded.getvalue()))

columns = st.multiselect("Columns to keep", list(df.columns), default=list(df.columns))
df = df[columns]
n_rows = st.number_input("Rows to preview", min_value=5, max_value=500, value=20)
st.dataframe(df.head(int(n_rows)))

threshold = st.slider("Minimum value", 0, 100, 10)
numeric = st.selectbox("Numeric column", df.select_dtypes("number").columns)
filtered = df.query(f"`{numeric}` >= @threshold") if numeric else df
st.write(f"{len(filtered)} rows after filtering")

label = st.text_input("Label for the export", "cleaned")
st.download_button(
    "Download CSV",
    filtered.to_csv(index=False).encode(),
    file_name=f"{os.path.basename(label)}.csv",
    mime="text/csv",
)
