"""KPI dashboard: cached loaders keyed by their arguments, constant HTML only."""
import pandas as pd
import plotly.express as px
import streamlit as st
import streamlit.components.v1 as components

DOCS_URL = "https://docs.example.com/kpis"
CARD_CSS = """
<style>
.kpi { border: 1px solid #ddd; border-radius: 6px; padding: 8px; }
</style>
"""
conn = st.connection("warehouse", type="sql")


@st.cache_data(ttl=3600)
def load_kpis(team: str, quarter: str) -> pd.DataFrame:
    return conn.query(
        "SELECT * FROM kpis WHERE team = :team AND quarter = :quarter",
        params={"team": team, "quarter": quarter},
    )


@st.cache_resource
def get_model(_conn, name: str):
    return {"conn": _conn, "name": name, "key": "model_key" in st.secrets["forecast"]}


st.set_page_config(page_title="KPIs", layout="wide")
st.markdown(CARD_CSS, unsafe_allow_html=True)

tab = st.query_params.get("tab", "overview")
team = st.sidebar.selectbox("Team", ["Growth", "Platform", "Sales"])
quarter = st.sidebar.radio("Quarter", ["Q1", "Q2", "Q3", "Q4"])
df = load_kpis(team, quarter)
model = get_model(conn, "prophet")

col1, col2, col3 = st.columns(3)
col1.metric("Revenue", f"${df['revenue'].sum():,.0f}")
col2.metric("Users", int(df["users"].sum()))
col3.markdown(f"<div class='kpi'>{len(df)} rows</div>", unsafe_allow_html=True)

fig = px.bar(df, x="week", y="revenue", title=f"{team} revenue, {quarter}")
st.plotly_chart(fig, use_container_width=True)

components.html(
    "<script src='https://cdn.example.com/widget.js'></script><div id='w'></div>",
    height=120,
)
st.markdown(f"[How these KPIs are computed]({DOCS_URL})")
st.link_button("Open in Looker", "https://looker.example.com/dashboards/42")
st.page_link("pages/2_Details.py", label=f"Details for {team}")

comment = st.text_area("Leave a comment")
if comment:
    st.markdown(f"**You said:** {comment}")
    st.html(f"<blockquote>{comment}</blockquote>")
