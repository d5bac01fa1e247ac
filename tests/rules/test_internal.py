"""STS000: an internal error becomes one finding instead of aborting the flake8 run.

There is no snippet that *should* break the engine, so the failing cases inject an error
into the analysis (``plugin.analyze``); the passing cases are inputs that used to be
typical crash material (deep nesting, star-args, empty files) and must be analysed fully.
"""
from __future__ import annotations

from typing import Any

import pytest

from helpers import check_pass, messages, results, short_id


def _break_engine(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    from flake8_streamlit_security import plugin

    def boom(*_a: Any, **_k: Any) -> Any:
        raise exc

    if hasattr(plugin, "analyze"):
        monkeypatch.setattr(plugin, "analyze", boom)
    else:  # pragma: no cover - engine refactored
        monkeypatch.setattr(plugin.Plugin, "findings", boom)


@pytest.mark.parametrize(
    "exc",
    [ZeroDivisionError("boom"), RecursionError("deep"), KeyError("x"), AttributeError("y")],
    ids=lambda e: type(e).__name__,
)
def test_STS000_fail(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    _break_engine(monkeypatch, exc)
    snippet = "import streamlit as st\nst.write('hi')\n"
    assert results(snippet) == [(1, 0, "STS000")]
    [message] = messages(snippet)
    assert message.startswith("STS000 ")
    assert type(exc).__name__ in message


def _deep(depth: int) -> str:
    terms = " + ".join(["st.text_input('a')"] * depth)
    return "import streamlit as st\nx = " + terms + "\neval(x)\n"


@pytest.mark.parametrize("depth", [50, 1000, 2500])
def test_deep_expressions_are_analysed_not_abandoned(depth: int) -> None:
    found = results(_deep(depth))
    assert found in ([(3, 5, "STS302")], [(1, 0, "STS000")])


STS000_PASS = [
    _deep(50),
    _deep(2500),
    "import streamlit as st\n"
    + "\n".join(f"v{i} = st.text_input('{i}')" for i in range(500))
    + "\n",
    'import streamlit as st\nst.markdown(*args, **kwargs)\nst.file_uploader()\n',
    "",
    "# just a comment\n",
    "import streamlit as st\nx = " + "[" * 150 + "]" * 150 + "\n",
]


@pytest.mark.parametrize("snippet", STS000_PASS, ids=short_id)
def test_STS000_pass(snippet: str) -> None:
    check_pass(snippet, "STS000")
