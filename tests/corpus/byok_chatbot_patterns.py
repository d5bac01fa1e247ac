"""Bring-your-own-key chatbot patterns seen across many public repos."""
import os
from typing import Optional

import openai
import streamlit as st


def get_openai_key() -> Optional[str]:
    key: Optional[str] = os.getenv("OPENAI_API_KEY")
    if key is None or key == "" or key == "sk-***":
        api_key = st.sidebar.text_input("OpenAI API key", value="sk-***", key="api_key")
        if api_key != "sk-***":
            key = api_key
            st.session_state["OPENAI_API_KEY"] = key
    return key


def sidebar() -> None:
    with st.sidebar:
        api_key = st.text_input("OpenAI API Key", key="chatbot_api_key", type="password")
        if api_key:
            os.environ["OPENAI_API_KEY"] = st.session_state["chatbot_api_key"]
        "[Get an OpenAI API key](https://platform.openai.com/account/api-keys)"
        st.text_input("Or paste a project key", placeholder="sk-proj-NDE*********")


sidebar()
key = get_openai_key()
if not st.session_state.get("api_key", "").startswith("sk-"):
    st.warning("Please enter your OpenAI API key!", icon="⚠")

with st.sidebar:
    prefilled = st.text_input(
        "Team key (pre-filled)",
        type="password",
        value=st.secrets["OPENAI_API_KEY"],  # expect: STS105
    )
    demo = st.text_input(
        "Demo key",
        type="password",
        value="sk-" "proj-A1b2C3d4E5A1b2C3d4E5T3Blbk" "FJK1l2M3n4O5K1l2M3n4O5",  # expect: STS102
    )

openai.api_key = key or prefilled or demo
if prompt := st.chat_input():
    st.chat_message("user").write(prompt)
