"""Report builder: looks dangerous at a glance, is safe on a closer look."""
import html
import subprocess
from pathlib import Path

import pandas as pd
import streamlit as st

conn = st.connection("reports", type="sql")
ALLOWED_TABLES = {"Revenue": "revenue_daily", "Signups": "signups_daily"}
STYLE = Path(__file__).with_name("style.css").read_text()
st.markdown(f"<style>{STYLE}</style>", unsafe_allow_html=True)


def badge(text: str) -> str:
    return f"<span class='badge'>{html.escape(text)}</span>"


label = st.selectbox("Report", list(ALLOWED_TABLES))
table = ALLOWED_TABLES[label]
days = st.slider("Days", 7, 90, 30)
df = conn.query(f"SELECT * FROM {table} WHERE day >= current_date - :days", params={"days": days})

owner = st.text_input("Report owner")
st.markdown(badge(owner), unsafe_allow_html=True)
title = st.text_input("Title", "Weekly report")
st.markdown(f"<h2>{html.escape(title)}</h2>", unsafe_allow_html=True)

fmt = st.radio("Format", ["pdf", "html"])
if st.button("Render"):
    Path("out").mkdir(exist_ok=True)
    df.to_csv("out/report.csv", index=False)
    subprocess.run(["quarto", "render", "report.qmd", "--to", fmt], check=True)
    st.success("Rendered")

note = st.text_area("Notes (Markdown)")
st.markdown(note)
st.html(f"<aside>{note}</aside>")
st.download_button("CSV", df.to_csv(index=False), file_name=f"{table}.csv")

n = st.text_input("Show the top N rows", "10")
if n.isdigit():
    st.dataframe(df.head(int(n)))
st.caption(f"{len(owner)} characters in the owner name")
st.write(pd.__version__)
