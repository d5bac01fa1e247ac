"""What the baseline's fingerprint reads of a finding: the code, the enclosing function or
class, and the reported line with literals emptied, comments and spaces dropped."""
from __future__ import annotations

import pytest

from flake8_streamlit_security.baseline import Scopes, fingerprint, normalise

from helpers import src


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('API_KEY = "@@OPENAI@@"', 'API_KEY=""'),
        ("password='@@PW@@'  # old", "password=''"),
        ('st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)',
         'st.markdown(f"",unsafe_allow_html=True)'),
        ('x = "a \\" b" + "#"', 'x=""+""'),
        ("    run(  a,b )  ", "run(a,b)"),
        ("# old key: @@HF@@", ""),
    ],
)
def test_normalise(line: str, expected: str) -> None:
    assert normalise(src(line)) == expected


def test_a_literals_value_is_not_its_identity() -> None:
    """A hash of a short password could be guessed back: the value is never hashed."""
    assert fingerprint("STS205", "login", 'if pw == "admin123":') == \
        fingerprint("STS205", "login", "if pw == 'hunter2':".replace("'", '"'))
    assert fingerprint("STS205", "login", 'if pw == "x":') != \
        fingerprint("STS205", "check", 'if pw == "x":')
    assert fingerprint("STS205", "", 'if pw == "x":') != fingerprint("STS206", "", 'if pw == "x":')


def test_scopes_name_the_innermost_function_or_class() -> None:
    scopes = Scopes(src(
        """
        import streamlit as st


        class Page:
            title = "x"

            def render(self):
                def inner():
                    return 1
                return inner()


        async def load():
            pass
        st.write(1)
        """
    ))
    assert [scopes.at(n) for n in range(1, 16)] == [
        "", "", "", "Page", "Page", "Page", "Page.render", "Page.render.inner",
        "Page.render.inner", "Page.render", "", "", "load", "load", "",
    ]


def test_a_file_python_cannot_parse_has_no_scopes() -> None:
    assert Scopes("def broken(:\n").at(1) == ""
