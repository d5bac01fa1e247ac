"""Class-based apps: values stored on ``self`` in one method reach sinks in another.

Many real apps wrap pages in a class (``self.query = st.text_input(...)`` in
``__init__``, the rendering in other methods).  ``self.attr`` is followed across the
methods of its class, flow-insensitively (methods run in any order).
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

FAIL = [
    pytest.param(
        """
        import streamlit as st


        class Page:
            def __init__(self):
                self.query = st.text_input("Filter")

            def render(self):
                st.markdown(f"<p>{self.query}</p>", unsafe_allow_html=True)
        """,
        [(9, 44, "STS402")],
        "STS402",
        id="init-to-render",
    ),
    pytest.param(
        """
        import subprocess
        import streamlit as st


        class Tools:
            def ping(self):
                subprocess.run(f"ping -c 1 {self.host}", shell=True)

            def sidebar(self):
                self.host = st.sidebar.text_input("Host")
        """,
        [(7, 23, "STS303")],
        "STS303",
        id="read-before-write-in-source-order",
    ),
    pytest.param(
        """
        import pickle
        import streamlit as st


        class Loader:
            def __init__(self, label):
                self.upload = st.file_uploader(label, type=["pkl"])

            def load(self):
                if self.upload:
                    return pickle.loads(self.upload.getvalue())
        """,
        [(11, 32, "STS301")],
        "STS301",
        id="upload-object-on-self",
    ),
    pytest.param(
        """
        import subprocess

        import streamlit as st


        class Card:
            def __init__(self, title, *, host="localhost"):
                self.title = title.strip()
                self.host = host

            def render(self):
                st.markdown(f"<h3>{self.title}</h3>", unsafe_allow_html=True)

            def ping(self):
                subprocess.run(f"ping -c 1 {self.host}", shell=True)


        def page():
            Card("Welcome").render()
            Card(st.text_input("Title")).render()
            Card("Status", host=st.query_params.get("host", "")).ping()
        """,
        [(12, 46, "STS402"), (15, 23, "STS303")],
        "STS4,STS303",
        id="constructor-arguments-carried-into-the-instance",
    ),
    pytest.param(
        """
        import streamlit as st
        from openai import OpenAI


        class Brief:
            def __init__(self):
                self.summary = ""
                self.notes = []


        def draft(topic):
            brief = Brief()
            reply = OpenAI().chat.completions.create(model="m", messages=[topic])
            brief.summary = reply.choices[0].message.content
            brief.notes.append(reply.choices[0].message.content)
            return brief


        b = draft(st.text_area("Topic"))
        st.markdown(f"<p>{b.summary}</p>", unsafe_allow_html=True)
        for note in b.notes:
            st.markdown(f"<li>{note}</li>", unsafe_allow_html=True)
        """,
        [(20, 35, "STS407"), (22, 36, "STS407")],
        "STS407",
        id="attributes-set-on-an-instance-a-helper-returns",
    ),
    pytest.param(
        """
        import streamlit as st


        class Chat:
            def __init__(self):
                self.history = []

            def add(self, text):
                self.history.append(text)

            def show(self):
                for line in self.history:
                    st.markdown(f"<p>{line}</p>", unsafe_allow_html=True)


        chat = Chat()
        chat.history.append(st.chat_input("Say"))
        chat.show()
        """,
        [(13, 42, "STS402")],
        "STS402",
        id="appended-to-an-attribute-outside-the-class",
    ),
    pytest.param(
        """
        import streamlit as st


        def as_items(values):
            out = []
            for value in values:
                out.append(f"<li>{value}</li>")
            return "<ul>" + "".join(out) + "</ul>"


        st.markdown(as_items(["a", "b"]), unsafe_allow_html=True)
        st.markdown(as_items([st.text_input("Tag")]), unsafe_allow_html=True)
        """,
        [(12, 46, "STS402")],
        "STS402",
        id="a-parameter-appended-to-a-list-in-a-helper",
    ),
]

PASS = [
    pytest.param(
        """
        import streamlit as st


        class Page:
            def __init__(self):
                self.title = "Sales"

            def header(self):
                st.markdown(f"<h1>{self.title}</h1>", unsafe_allow_html=True)
        """,
        "STS403",
        id="constant-attribute",
    ),
    pytest.param(
        """
        import html
        import streamlit as st


        class Page:
            def __init__(self):
                self.query = html.escape(st.text_input("Filter"))

            def render(self):
                st.markdown(f"<p>{self.query}</p>", unsafe_allow_html=True)
        """,
        "STS402",
        id="escaped-before-stored",
    ),
    pytest.param(
        """
        import subprocess
        import streamlit as st


        class Other:
            def __init__(self):
                self.host = st.text_input("Host")


        class Tools:
            def __init__(self):
                self.host = "localhost"

            def ping(self):
                subprocess.run(f"ping -c 1 {self.host}", shell=True)
        """,
        "STS303",
        id="same-attribute-name-other-class",
    ),
    pytest.param(
        """
        import html

        import streamlit as st


        class Card:
            def __init__(self, title, note):
                self.title = html.escape(title)
                self.note = note

            def render(self):
                st.markdown(f"<h3>{self.title}</h3><p>{self.note}</p>",
                            unsafe_allow_html=True)


        Card(st.text_input("Title"), "Updated daily").render()
        Card("Sales", note="Figures in EUR").render()
        """,
        "STS402",
        id="constructor-escapes-what-it-stores-and-the-rest-is-constant",
    ),
    pytest.param(
        """
        import html

        import streamlit as st


        class Brief:
            def __init__(self):
                self.summary = ""


        class Other:
            summary = ""


        b = Brief()
        b.summary = html.escape(st.text_area("Topic"))
        o = Other()
        o.summary = st.text_area("Raw")
        st.markdown(f"<p>{b.summary}</p>", unsafe_allow_html=True)
        """,
        "STS402",
        id="escaped-before-set-on-the-instance-and-another-class",
    ),
]


@pytest.mark.parametrize(("snippet", "expected", "code"), FAIL)
def test_class_attribute_flows_fail(snippet: str, expected: list[tuple[int, int, str]],
                                    code: str) -> None:
    check_fail(snippet, expected, code)


@pytest.mark.parametrize(("snippet", "code"), PASS, ids=short_id)
def test_class_attribute_flows_pass(snippet: str, code: str) -> None:
    check_pass(snippet, code)
