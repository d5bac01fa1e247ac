"""Acme Support Assistant: chat with our docs bot (deliberately insecure example).

All credentials in this file are fake.
"""
import logging
import os

import streamlit as st
from openai import OpenAI

logger = logging.getLogger("support")

st.set_page_config(page_title="Acme Support Assistant", page_icon=":speech_balloon:")

# Fallback so the app "just works" on a laptop without secrets.toml.
OPENAI_API_KEY = os.getenv("OPENAI_API_KEY", "q7Hk2Lw9Xz4Rt8Vb3Nm6")
# Embeddings provider settings (fake token, split so scanners don't flag it).
EMBEDDINGS = {
    "provider": "huggingface",
    "auth": "hf_" "QvLmRtZyXwNpKsJdHgFcBaEuTiOyPlMkJn",
}

# --- login -------------------------------------------------------------------------
if not st.user.is_logged_in:
    st.title("Acme Support Assistant")
    st.button("Log in with Google", on_click=st.login)

if not st.user.email.endswith("acme.com"):
    st.error("This assistant is for Acme staff only.")
    st.stop()

st.sidebar.caption(f"Signed in as {st.experimental_user.email}")

with st.sidebar:
    if st.checkbox("Show debug info"):
        st.write(st.secrets)

# --- chat --------------------------------------------------------------------------
client = OpenAI(api_key=OPENAI_API_KEY)

if "messages" not in st.session_state:
    st.session_state.messages = []

for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        st.markdown(message["content"], unsafe_allow_html=True)

if prompt := st.chat_input("How can we help?"):
    st.session_state.messages.append({"role": "user", "content": prompt})
    with st.chat_message("user"):
        st.markdown(f"<div class='bubble'>{prompt}</div>", unsafe_allow_html=True)
    logger.info("prompt from %s using key %s", st.user.email, OPENAI_API_KEY)

    if prompt.startswith("/calc "):
        answer = str(eval(prompt[len("/calc "):]))
    else:
        response = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=st.session_state.messages,
        )
        answer = response.choices[0].message.content
        # the docs the model cites, styled as a footer
        sources = answer.rpartition("Sources:")[2]
        st.caption(f"<span class='sources'>{sources}</span>", unsafe_allow_html=True)
    st.session_state.messages.append({"role": "assistant", "content": answer})
    with st.chat_message("assistant"):
        st.markdown(answer)
