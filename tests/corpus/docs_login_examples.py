"""st.login examples as written in the Streamlit docs (they read is_logged_in directly)."""
import streamlit as st


def login_screen():
    st.header("This app is private.")
    st.subheader("Please log in.")
    st.button("Log in with Google", on_click=st.login)


if not st.user.is_logged_in:  # expect: STS201
    if st.button("Log in with Google"):
        st.login()
    st.stop()

if st.button("Log out"):
    st.logout()
st.markdown(f"Welcome! {st.user.name}")

if not st.user.is_logged_in:  # expect: STS201
    login_screen()
else:
    st.header(f"Welcome, {st.user.name}!")
    st.button("Log out", on_click=st.logout)
    st.json(st.user.to_dict())
