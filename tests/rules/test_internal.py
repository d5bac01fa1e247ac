"""STS000: an internal error becomes one finding instead of aborting the flake8 run."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, messages, short_id


def _deep(depth: int) -> str:
    return "import streamlit as st\nx = " + " + ".join(["st.text_input('a')"] * depth) + "\neval(x)\n"


STS000_FAIL = [
    pytest.param(_deep(2000), [(1, 0, "STS000")], id="recursion-2000"),
    pytest.param(_deep(2500), [(1, 0, "STS000")], id="recursion-2500"),
]


@pytest.mark.parametrize(("snippet", "expected"), STS000_FAIL)
def test_STS000_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS000")
    [message] = [m for m in messages(snippet) if m.startswith("STS000")]
    assert "RecursionError" in message


def test_STS000_on_unexpected_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong inside, run() yields one STS000 naming the exception type."""
    from flake8_streamlit_security import plugin

    def boom(*_a: object, **_k: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(plugin, "analyze", boom)
    got = messages("import streamlit as st\nst.write('hi')\n")
    assert len(got) == 1 and got[0].startswith("STS000")
    assert "ZeroDivisionError" in got[0]


STS000_PASS = [
    _deep(50),
    "import streamlit as st\n" + "\n".join(f"v{i} = st.text_input('{i}')" for i in range(500)) + "\n",
    'import streamlit as st\nst.markdown(*args, **kwargs)\nst.file_uploader()\n',
    "",
    "# just a comment\n",
]


@pytest.mark.parametrize("snippet", STS000_PASS, ids=short_id)
def test_STS000_pass(snippet: str) -> None:
    check_pass(snippet, "STS000")
