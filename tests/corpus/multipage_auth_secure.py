"""Entry point of a multipage app with st.navigation and OIDC login."""
import logging

import streamlit as st

log = logging.getLogger("portal")


def login_page():
    st.title("Customer portal")
    st.button("Log in", on_click=st.login)


def logout():
    st.logout()


is_logged_in = getattr(st.user, "is_logged_in", False)

if is_logged_in:
    st.session_state.setdefault("visits", 0)
    st.session_state["visits"] += 1
    pages = [
        st.Page("pages/orders.py", title="Orders"),
        st.Page("pages/invoices.py", title="Invoices"),
    ]
    st.sidebar.button("Log out", on_click=logout)
    st.sidebar.caption(f"{st.user.name} · visit {st.session_state['visits']}")
    log.info("login ok for %s", st.user.email)
else:
    pages = [st.Page(login_page, title="Log in")]

nav = st.navigation(pages)
nav.run()
