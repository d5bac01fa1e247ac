"""STS302 reads ``.query()``/``.eval()`` as code only on values known to be DataFrames
(RULES.md STS302): pandas constructors and readers, what their methods and items return,
``st.data_editor``, a module function returning one.  A retrieval index's or a search
client's ``.query(text)`` runs no code."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass

_HEAD = """
import pandas as pd
import streamlit as st
from rag import build_index

question = st.text_input("Filter")
"""

FRAMES = [
    pytest.param('df = pd.read_csv("sales.csv")\ndf.query(question)', 7, 9, id="reader"),
    pytest.param('df = pd.DataFrame({"a": [1, 2]})\ndf.eval(question)', 7, 8,
                 id="constructor"),
    pytest.param('df = pd.read_parquet("s.parquet")\ndf.dropna()[df.a > 1].query(question)',
                 7, 28, id="method-and-item-of-a-frame"),
    pytest.param('edited = st.data_editor(pd.DataFrame({"a": [1]}))\nedited.query(question)',
                 7, 13, id="data-editor"),
    pytest.param('def load():\n    return pd.read_excel("s.xlsx")\n\n\n'
                 'load().query(question)', 10, 13, id="helper-returning-a-frame"),
]


@pytest.mark.parametrize(("tail", "line", "col"), FRAMES)
def test_frame_query_runs_code(tail: str, line: int, col: int) -> None:
    check_fail(_HEAD + tail, [(line, col, "STS302")], "STS302")


@pytest.mark.parametrize("tail", [
    pytest.param('rag = build_index("docs/")\nanswer = rag.query(question)', id="rag-index"),
    pytest.param("answer = build_index().query(question)", id="unknown-object"),
    pytest.param('engine = build_index().as_query_engine()\nengine.query(question)',
                 id="query-engine"),
    pytest.param('df = pd.read_csv("s.csv")\ndf.query("a > 1")', id="constant-expression"),
])
def test_other_query_methods_run_no_code(tail: str) -> None:
    check_pass(_HEAD + tail, "STS302")
