"""Team admin page: identity from st.user, secrets compared in constant time."""
import hmac

import streamlit as st

ADMINS = set(st.secrets.get("admins", []))
ALLOWED_DOMAIN = "initech.com"


def require_login() -> None:
    if not getattr(st.user, "is_logged_in", False):
        st.warning("Please sign in to manage the team.")
        st.button("Sign in with Okta", on_click=st.login, args=("okta",))
        st.stop()


def domain_ok(email: str) -> bool:
    return email.rsplit("@", 1)[-1].lower() == ALLOWED_DOMAIN


def break_glass_ok(entered: str) -> bool:
    expected = st.secrets["admin"]["break_glass_password"]
    return hmac.compare_digest(entered.encode(), expected.encode())


require_login()
email = st.user.email
if not domain_ok(email) or not email.endswith("@" + ALLOWED_DOMAIN):
    st.error("Initech accounts only.")
    st.stop()

tab = st.query_params.get("tab", "team")
if tab == "admin" and email not in ADMINS:
    st.error("You are not an admin.")
    st.stop()

if st.session_state.get("flash"):
    st.toast(st.session_state.pop("flash"))

with st.expander("Break-glass access"):
    entered = st.text_input("Break-glass password", type="password")
    if entered and break_glass_ok(entered):
        st.session_state["break_glass"] = True
    if entered == "":
        st.caption("Leave empty unless IT asked you to use it.")

st.title(f"Welcome {st.user.name}")
st.write("Configured admins:", len(ADMINS))
st.write("OIDC configured:", "auth" in st.secrets)
lang = st.context.headers.get("Accept-Language", "en")
if lang.startswith("de"):
    st.caption("Deutsch verfügbar")
if "Mobile" in st.context.headers.get("User-Agent", ""):
    st.caption("Mobile layout")
if st.context.cookies.get("theme") == "dark":
    st.caption("Dark mode")

if st.sidebar.button("Sign out"):
    st.logout()
