"""Login with streamlit-authenticator (a third-party library), YAML config loaded safely."""
import streamlit as st
import streamlit_authenticator as stauth
import yaml
from yaml.loader import SafeLoader

with open("config.yaml") as fh:
    config = yaml.load(fh, Loader=SafeLoader)

authenticator = stauth.Authenticate(
    config["credentials"],
    config["cookie"]["name"],
    config["cookie"]["key"],
    config["cookie"]["expiry_days"],
)

authenticator.login(location="main")

if st.session_state.get("authentication_status"):
    authenticator.logout("Log out", "sidebar")
    st.write(f"Welcome *{st.session_state['name']}*")
    st.title("Reports")
elif st.session_state.get("authentication_status") is False:
    st.error("Username/password is incorrect")
    st.stop()
else:
    st.warning("Please enter your username and password")
    st.stop()

password_hint = st.text_input("Password hint (shown on the login page)")
new_password = st.text_input("New password", type="password")
repeat = st.text_input("Repeat new password", type="password")
if new_password and new_password != repeat:
    st.error("The passwords do not match")
elif new_password and len(new_password) < 12:
    st.error("Use at least 12 characters")
elif new_password:
    config["credentials"]["usernames"][st.session_state["username"]]["password"] = (
        stauth.Hasher.hash(new_password)
    )
    with open("config.yaml", "w") as fh:
        yaml.dump(config, fh, default_flow_style=False)
    st.success("Password updated")
