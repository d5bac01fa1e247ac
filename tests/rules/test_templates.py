"""Templates carry taint into HTML; pandas' to_html escapes; long literals are still scanned."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

HEAD = "import streamlit as st\nname = st.text_input('n')\ndf = st.data_editor({'a': [1]})\n"

FAIL = [
    pytest.param(
        "import string\n" + HEAD
        + "st.markdown(string.Template('<b>$n</b>').substitute(n=name), unsafe_allow_html=True)\n",
        [(5, 61, "STS402")], "STS402", id="string-template",
    ),
    pytest.param(
        "from jinja2 import Template\n" + HEAD
        + "st.markdown(Template('<b>{{ n }}</b>').render(n=name), unsafe_allow_html=True)\n",
        [(5, 55, "STS402")], "STS402", id="jinja2-render",
    ),
    pytest.param(
        HEAD + "st.markdown(df.to_html(escape=False), unsafe_allow_html=True)\n",
        [(4, 38, "STS402")], "STS402", id="to-html-unescaped",
    ),
    pytest.param(
        # a 3,000-character literal (an embedded file) still gets its token found
        'BLOB = "' + "x = 1; " * 400 + "@@HF@@" + '"\n',
        [(1, 7, "STS102")], "STS102", id="token-inside-a-long-literal",
    ),
]

PASS = [
    HEAD + "st.markdown(df.to_html(), unsafe_allow_html=True)\n",
    "import string\n" + HEAD
    + "st.markdown(string.Template('<b>$n</b>').substitute(n='Ada'), unsafe_allow_html=True)\n",
    # a long run without separators is skipped, not scanned character by character
    'BLOB = "' + "sk-" + "ant-" * 3000 + '"\n',
]


@pytest.mark.parametrize(("snippet", "expected", "code"), FAIL)
def test_templates_fail(snippet: str, expected: list[tuple[int, int, str]], code: str) -> None:
    check_fail(snippet, expected, code)


@pytest.mark.parametrize("snippet", PASS, ids=short_id)
def test_templates_pass(snippet: str) -> None:
    for code in ("STS402", "STS102"):
        check_pass(snippet, code)
