"""A constant prefix decides what a user value can do in a URL (STS404, STS406).

``f"https://api.github.com/users/{u}"`` keeps the scheme and the host fixed: the value
can only change the path, so it is neither a ``javascript:`` link nor a forged request.
A value that supplies the scheme or the host still is.
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

HEAD = "import requests\nimport streamlit as st\nu = st.text_input('u')\n"

FAIL = [
    pytest.param(HEAD + "requests.get(u)\n", [(4, 13, "STS406")], id="whole-url"),
    pytest.param(HEAD + 'requests.get(f"https://{u}/x")\n', [(4, 13, "STS406")],
                 id="user-host"),
    pytest.param(HEAD + 'requests.get(f"{u}/api")\n', [(4, 13, "STS406")], id="user-scheme"),
    pytest.param(HEAD + 'requests.get("http://" + u)\n', [(4, 13, "STS406")],
                 id="scheme-only-prefix"),
]

PASS = [
    HEAD + 'requests.get(f"https://api.github.com/users/{u}")\n',
    HEAD + 'requests.get("https://api.example.com/search?q=" + u)\n',
    HEAD + 'requests.post(f"https://hooks.example.com/{u}", json={})\n',
]


@pytest.mark.parametrize(("snippet", "expected"), FAIL)
def test_user_controlled_host_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS406")


@pytest.mark.parametrize("snippet", PASS, ids=short_id)
def test_fixed_host_pass(snippet: str) -> None:
    check_pass(snippet, "STS406")
