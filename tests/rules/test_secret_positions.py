"""STS105/STS106: a list of tuples holding a secret at one place (a provider's name, its
key, its model) unpacked in a loop: only the name bound to that place is the secret;
the provider's name logged in an error message is not."""
from __future__ import annotations

from helpers import check_fail

ATTEMPTS = """
import logging

import streamlit as st


def api_key(provider):
    return st.secrets.get(provider + "_api_key")


attempts = []
if api_key("openai"):
    attempts.append(("openai", api_key("openai"), "gpt-4o"))
attempts.append(("gemini", st.secrets["gemini_key"], "gemini-2.5-flash"))
for provider, key, model in attempts:
    try:
        st.write(f"Asking {provider} ({model})")
    except Exception as exc:
        logging.warning("%s failed: %s", provider, exc)
        print(f"{provider} failed with key {key}")
for attempt in attempts:
    st.write(attempt)
"""


def test_only_the_place_holding_the_secret_is_reported() -> None:
    check_fail(ATTEMPTS, [(19, 14, "STS106"), (21, 13, "STS105")], "STS105")
