"""Call graphs that are ordinary in real code and adversarial for summaries: diamonds,
long chains, recursion.  The analysis stays bounded (time and summary size grow with
the functions and calls, not with the number of paths) and reports one stable chain."""
from __future__ import annotations

import ast
import time
from typing import Any

import pytest

from flake8_streamlit_security.engine import Analyzer
from flake8_streamlit_security.engine.calls import ELIDED, MAX_CHAIN
from flake8_streamlit_security.rules import FAMILIES
from tests.helpers import messages


def diamonds(layers: int, callers_first: bool = True) -> str:
    """``f_i`` calls ``f_{i-1}`` and ``g_i``; ``g_i`` calls ``f_{i-1}``: 2**i paths from
    ``f_i`` down to the ``eval`` in ``f_0``."""
    f_0 = "def f_0(x):\n    return eval(x)\n"
    defs = [f"def f_{i}(x):\n    f_{i - 1}(x)\n    return g_{i}(x)\n\n\n"
            f"def g_{i}(x):\n    return f_{i - 1}(x)\n" for i in range(1, layers)]
    body = "\n\n".join([*reversed(defs), f_0] if callers_first else [f_0, *defs])
    return (f"import streamlit as st\n\n\n{body}\n\n"
            f"f_{layers - 1}(st.text_input(\"q\"))\n")


def chain(length: int) -> str:
    defs = "\n\n".join(f"def f_{i}(x):\n    return f_{i - 1}(x)\n" for i in range(1, length))
    return (f"import streamlit as st\n\n\ndef f_0(x):\n    return eval(x)\n\n\n{defs}\n\n"
            f"f_{length - 1}(st.text_input(\"q\"))\n")


def _summaries(source: str) -> list[int]:
    """The number of sink chains each function's summary keeps."""
    an = Analyzer(ast.parse(source), streamlit=True)
    for family in FAMILIES:
        family(an)
    try:
        an.run()
        return [sum(len(v) for v in s.sinks.values()) for s in an.facts.summaries.values()]
    finally:
        an.close()


@pytest.mark.parametrize("callers_first", [True, False])
@pytest.mark.parametrize("layers", [14, 40])
def test_diamonds_stay_small_and_fast(layers: int, callers_first: bool) -> None:
    source = diamonds(layers, callers_first)
    start = time.perf_counter()
    found = messages(source)
    elapsed = time.perf_counter() - start
    assert [m.split()[0] for m in found] == ["STS302"]
    assert f"f_{layers - 1} -> f_{layers - 2} -> {ELIDED} -> f_0 -> eval()" in found[0]
    # one chain per parameter, sink and category (eval runs user input and code a
    # model wrote: two): the summaries do not double with every layer
    assert max(_summaries(source)) == max(_summaries(diamonds(2, callers_first))) == 2
    assert elapsed < 10, elapsed  # was exponential: 30 s for 12 layers, killed at 14


def test_a_long_chain_is_reported_once_with_a_short_message() -> None:
    found = messages(chain(300))
    assert [m.split()[0] for m in found] == ["STS302"]
    assert "f_299 -> f_298 -> ... -> f_0 -> eval()" in found[0]
    assert found[0].count(" -> ") == MAX_CHAIN - 1


@pytest.mark.parametrize("source", [
    # recursion
    "import streamlit as st\n\n\ndef walk(x, n):\n    if n:\n        return walk(x, n - 1)\n"
    "    return eval(x)\n\n\nwalk(st.text_input('q'), 3)\n",
    # mutual recursion
    "import streamlit as st\n\n\ndef even(x, n):\n    return eval(x) if not n else odd(x, n - 1)"
    "\n\n\ndef odd(x, n):\n    return even(x, n - 1)\n\n\nodd(st.text_input('q'), 3)\n",
])
def test_recursion_settles_with_one_finding(source: str) -> None:
    assert [m.split()[0] for m in messages(source)] == ["STS302"]


def test_the_message_is_the_same_whatever_the_order_of_definitions() -> None:
    first = messages(diamonds(6, callers_first=True))
    second = messages(diamonds(6, callers_first=False))
    assert [m.split(" by ")[1] for m in first] == [m.split(" by ")[1] for m in second]


def test_a_long_qualified_name_in_a_chain_is_shown_not_redacted() -> None:
    name = "copy_local_mzML_files_from_directory_into_the_workspace"
    found = messages(
        f"import shutil\nimport streamlit as st\n\n\ndef {name}(src):\n"
        f"    shutil.copy2(src, 'workspace')\n\n\n{name}(st.text_input('Folder'))\n")
    assert [m.split()[0] for m in found] == ["STS405"]
    assert f"{name} -> shutil.copy2()" in found[0], found


def test_a_long_name_before_a_method_sink_is_shown_not_redacted() -> None:
    """``helper -> .execute()``: a method's leading dot keeps the chain a chain of
    names (it was once masked whole as a credential would be)."""
    name = "insert_the_rows_of_a_dataframe_into_sql_server"
    found = messages(
        f"import sqlite3\nimport streamlit as st\n\ncon = sqlite3.connect('a.db')\n\n\n"
        f"def {name}(table):\n    con.execute(f'DELETE FROM {{table}}')\n\n\n"
        f"{name}(st.text_input('Table'))\n")
    assert [m.split()[0] for m in found] == ["STS401"]
    assert f"{name} -> .execute()" in found[0], found


def _analyses(source: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times each function's body was analyzed."""
    counts: dict[str, int] = {}
    original = Analyzer.function_body

    def counting(self: Analyzer, s: Any, *args: Any) -> Any:
        counts[s.name] = counts.get(s.name, 0) + 1
        return original(self, s, *args)

    monkeypatch.setattr(Analyzer, "function_body", counting)
    an = Analyzer(ast.parse(source), streamlit=True)
    for family in FAMILIES:
        family(an)
    try:
        an.run()
    finally:
        an.close()
    return counts


@pytest.mark.parametrize("source", [
    diamonds(300), diamonds(300, callers_first=False), chain(1000),
], ids=["diamonds-callers-first", "diamonds-callees-first", "chain"])
def test_deep_call_graphs_are_followed_with_each_function_analyzed_a_few_times(
        source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of layers: the finding is still reported (no RecursionError, no
    STS000), and no function is analyzed more than a fixed number of times, so time
    grows with the functions, not with their depth."""
    found = messages(source)
    assert [m.split()[0] for m in found] == ["STS302"]
    assert "-> f_0 -> eval()" in found[0]
    counts = _analyses(source, monkeypatch)
    assert len(counts) >= 599  # every function of the graph was analysed
    assert max(counts.values()) <= 3, max(counts.values())
