"""A docs chatbot done right: keys from st.secrets, escaped HTML, a real login gate."""
import html
import logging

import streamlit as st
from openai import OpenAI

logger = logging.getLogger(__name__)

st.set_page_config(page_title="Docs bot", page_icon=":robot_face:")

if not getattr(st.user, "is_logged_in", False):
    st.title("Docs bot")
    st.button("Log in with Google", on_click=st.login, args=("google",))
    st.stop()

if st.user.email.split("@")[-1] != "example.org":
    st.error("Only example.org accounts can use this bot.")
    st.stop()

api_key = st.secrets["OPENAI_API_KEY"]
client = OpenAI(api_key=api_key)
logger.info("OpenAI key configured: %s", bool(api_key))
MODEL = st.secrets.get("model", "gpt-4o-mini")

with st.sidebar:
    st.caption(f"Signed in as {st.user.name}")
    st.write("Key configured:", "OPENAI_API_KEY" in st.secrets)
    temperature = st.slider("Temperature", 0.0, 1.0, 0.2)
    user_key = st.text_input("Use your own key instead", type="password", placeholder="sk-...")
    if st.button("Log out"):
        st.logout()

if "messages" not in st.session_state:
    st.session_state.messages = [{"role": "assistant", "content": "How can I help?"}]

for msg in st.session_state.messages:
    with st.chat_message(msg["role"]):
        st.markdown(msg["content"])

if prompt := st.chat_input("Ask about the docs"):
    if prompt == "/clear":
        st.session_state.messages = []
        st.rerun()
    st.session_state.messages.append({"role": "user", "content": prompt})
    with st.chat_message("user"):
        st.markdown(f"<div class='q'>{html.escape(prompt)}</div>", unsafe_allow_html=True)
    stream = OpenAI(api_key=user_key or api_key).chat.completions.create(
        model=MODEL,
        temperature=temperature,
        messages=st.session_state.messages,
        stream=True,
    )
    with st.chat_message("assistant"):
        reply = st.write_stream(stream)
    st.session_state.messages.append({"role": "assistant", "content": reply})
    logger.info("answered %d characters for %s", len(reply), st.user.email)

st.markdown(
    "<style>.q { background: #f0f2f6; border-radius: 8px; padding: 4px 8px; }</style>",
    unsafe_allow_html=True,
)
