"""Methods of the module's own classes: a call whose receiver is known (``self``, an
instance of a class defined here, the class itself) is followed like a call of a
module function; a receiver the analysis does not know is never guessed at."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, messages

FAIL = [
    pytest.param("""
        import streamlit as st


        class Chat:
            def show(self, reply):
                self._bubble(reply)

            def _bubble(self, text):
                st.markdown(f"<div class='bubble'>{text}</div>", unsafe_allow_html=True)


        chat = Chat()
        chat.show(st.chat_input("Say something"))
    """, [(13, 10, "STS402")], "STS402", id="self-method-through-an-instance"),
    pytest.param("""
        import sqlite3

        import streamlit as st


        class Repo:
            def __init__(self, path):
                self.conn = sqlite3.connect(path)

            def find(self, name):
                return self.conn.execute(f"SELECT * FROM users WHERE name = '{name}'")


        class Users(Repo):
            pass


        Users("app.db").find(st.text_input("Name"))
    """, [(11, 33, "STS401")], "STS401", id="inherited-method"),
    pytest.param("""
        import subprocess

        import streamlit as st


        class Tools:
            @classmethod
            def ping(cls, host):
                subprocess.run(f"ping -c 1 {host}", shell=True)

            @staticmethod
            def run(cmd):
                subprocess.run(cmd, shell=True)


        host = st.text_input("Host")
        Tools.ping(host)
        Tools().run(host)
    """, [(17, 11, "STS303"), (18, 12, "STS303")], "STS303", id="class-and-static-methods"),
    pytest.param("""
        import streamlit as st


        class Calculator:
            def __call__(self, formula):
                return eval(formula)


        calc = Calculator()
        calc(st.text_input("Formula"))
    """, [(10, 5, "STS302")], "STS302", id="calling-an-instance"),
    pytest.param("""
        import pickle

        import streamlit as st


        class Loader:
            @staticmethod
            def load(data):
                return pickle.loads(data)

            def open(self, upload):
                return self.load(upload.getvalue())


        Loader().open(st.file_uploader("Model", type=["pkl"]))
    """, [(15, 14, "STS301")], "STS301", id="method-named-like-a-builtin"),
]


@pytest.mark.parametrize("snippet, expected, code", FAIL)
def test_methods_fail(snippet: str, expected: list[tuple[int, int, str]], code: str) -> None:
    check_fail(snippet, expected, code)


def test_the_message_names_the_class() -> None:
    found = [m for m in messages(FAIL[0].values[0]) if m.startswith("STS402")]
    assert found == ["STS402 user input rendered as raw HTML by Chat.show -> Chat._bubble -> "
                     "st.markdown() (XSS); escape it with html.escape()"]


PASS = [
    pytest.param("""
        import html

        import streamlit as st


        class Chat:
            def show(self, reply):
                st.markdown(f"<p>{html.escape(reply)}</p>", unsafe_allow_html=True)


        Chat().show(st.chat_input("Say something"))
    """, "STS402", id="escaped-in-the-method"),
    pytest.param("""
        import streamlit as st


        class Report:
            def render(self, title):
                st.markdown(f"<h1>{title}</h1>", unsafe_allow_html=True)


        name = st.text_input("Name")
        Report().render("Monthly report")
        st.write(name)
    """, "STS402", id="constant-argument"),
    pytest.param("""
        import streamlit as st
        from vendor_sdk import Client

        client = Client()
        client.render(st.text_input("Name"))
    """, "STS402", id="unknown-receiver-is-not-guessed"),
    pytest.param("""
        import streamlit as st


        class Store:
            def __init__(self, path):
                self.path = path

            def save(self, data):
                with open(self.path, "w") as fh:
                    fh.write(data)


        Store("notes.txt").save(st.text_area("Notes"))
    """, "STS405", id="content-not-path"),
    pytest.param("""
        import streamlit as st


        class Query:
            TABLE = "users"

            def compile(self, text):
                return len(text)

            def run(self, text):
                return compile(text, "<query>", "eval") if False else self.compile(text)


        Query().compile(st.text_input("q"))
    """, "STS302", id="a-method-named-like-a-builtin-is-not-the-builtin"),
]


@pytest.mark.parametrize("snippet, code", PASS)
def test_methods_pass(snippet: str, code: str) -> None:
    check_pass(snippet, code)
