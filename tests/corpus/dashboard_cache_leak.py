"""Per-user dashboard whose caches leak data between users."""
import streamlit as st

conn = st.connection("crm", type="sql")


@st.cache_data(ttl=600)
def my_accounts():
    owner = st.user.email  # expect: STS601
    return conn.query("SELECT * FROM accounts WHERE owner = :o", params={"o": owner})


@st.cache_data
def pipeline(_user, stage):  # expect: STS601
    return conn.query(
        "SELECT * FROM deals WHERE owner = :o AND stage = :s",
        params={"o": _user, "s": stage},
    )


@st.cache_resource
def tenant_client():
    tenant = st.query_params.get("tenant", "default")  # expect: STS601
    return {"tenant": tenant}


@st.cache_data
def filters():
    return dict(st.session_state)  # expect: STS601


@st.cache_data
def region_totals(region):
    return conn.query("SELECT * FROM totals WHERE region = :r", params={"r": region})


st.title("My pipeline")
stage = st.selectbox("Stage", ["lead", "qualified", "won"])
st.dataframe(my_accounts())
st.dataframe(pipeline(st.user.email, stage))
st.dataframe(region_totals(st.query_params.get("region", "EMEA")))
st.write(tenant_client(), filters())
