"""Team admin page (auth done by hand)."""
import streamlit as st

st.set_page_config(page_title="Admin", layout="wide")

if not st.user.is_logged_in:  # expect: STS201,STS203
    st.warning("Please sign in to manage the team.")
    if st.button("Sign in with Okta"):
        st.session_state["after_login"] = "admin"  # expect: STS208
        st.login("okta")

st.title(f"Welcome {st.experimental_user.name}")  # expect: STS202

email = st.user.email
is_staff = email.endswith("initech.com")  # expect: STS204
is_admin = st.query_params.get("admin") == "true"  # expect: STS207
forwarded = st.context.headers.get("X-Forwarded-Email", "")
if forwarded in {"boss@initech.com", "it@initech.com"}:  # expect: STS207
    is_admin = True

master = st.sidebar.text_input("Master password", type="password")
if master == "Peter-Gibbons-1999!":  # expect: STS205
    is_admin = True
elif master and master == st.secrets["admin"]["password"]:  # expect: STS206
    is_admin = True

if not (is_staff and is_admin):
    st.stop()

st.header("Team")
members = st.data_editor([{"name": "Milton", "role": "staff"}], num_rows="dynamic")
st.write(members)


def sign_out():
    st.session_state["flash"] = "Signed out"  # expect: STS208
    st.logout()


st.sidebar.button("Sign out", on_click=sign_out)
