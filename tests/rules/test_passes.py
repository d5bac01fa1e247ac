"""Summaries across a module: callers and callees in any order, recursion, ``self.attr``
written after it is read, loops -- the findings, and that the passes over a module
settle before their cap (:attr:`Analyzer.MAX_PASSES`).

A call site needs its callee's summary.  Function bodies are analyzed at the end of the
body that defines them; a callee still waiting there when a caller is analyzed is
analyzed first, with the environment it would get anyway (``Analyzer.summary_now``),
instead of costing another pass over the whole module; so are the methods that assign a
``self.attr`` before it is first read.  A function whose own analysis changed what it
read (its summary, through recursion; a ``self.attr`` it assigns after reading it) is
analyzed again at once, keeping what the callees analyzed on demand meanwhile found.
Calls made from the module body itself still take a second pass (their callee must see
every global).
"""
from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_streamlit_security.engine import Analyzer
from flake8_streamlit_security.engine.scope import Facts
from flake8_streamlit_security.rules import FAMILIES
from helpers import results


def codes(source: str) -> list[str]:
    return [code for _line, _col, code in results(textwrap.dedent(source))]


class _CountingFacts(Facts):
    passes = 0

    def new_pass(self) -> None:
        self.passes += 1
        super().new_pass()


def passes(source: str) -> int:
    """How many passes over the module its analysis took."""
    an = Analyzer(ast.parse(textwrap.dedent(source)), streamlit=True)
    for family in FAMILIES:
        family(an)
    an.facts = facts = _CountingFacts()
    an.run()
    return facts.passes


def settles(source: str) -> bool:
    """The passes stopped because the facts settled, not because they ran out."""
    return passes(source) < Analyzer.MAX_PASSES


CALLER_FIRST = """
    import streamlit as st

    def render():
        show(st.text_input("Name"))

    def show(text):
        st.markdown(wrap(text), unsafe_allow_html=True)

    def wrap(text):
        return f"<b>{text}</b>"

    def main():
        render()
"""


def test_callers_before_callees_find_the_flow() -> None:
    assert "STS402" in codes(CALLER_FIRST)
    assert settles(CALLER_FIRST)


def test_recursion_still_reaches_a_fixed_point() -> None:
    source = """
        import streamlit as st

        def nest(value, depth):
            if depth:
                return nest(value, depth - 1)
            return value

        st.markdown(nest(st.text_input("Name"), 3), unsafe_allow_html=True)
    """
    assert settles(source)
    assert "STS402" in codes(source)


@pytest.mark.parametrize("order", ["callee first", "caller first"])
def test_definition_order_does_not_change_findings(order: str) -> None:
    callee = """
        def run_query(conn, name):
            return conn.query(f"SELECT * FROM users WHERE name = '{name}'")
    """
    caller = """
        def page():
            conn = st.connection("sql")
            run_query(conn, st.text_input("Name"))
    """
    parts = [callee, caller] if order == "callee first" else [caller, callee]
    source = "import streamlit as st\n" + "".join(textwrap.dedent(p) for p in parts)
    assert "STS401" in codes(source)


def test_recursion_inside_functions_settles() -> None:
    source = """
        import streamlit as st

        def nest(value, depth):
            if depth:
                return nest(value, depth - 1)
            return value

        def page():
            st.markdown(nest(st.text_input("Name"), 3), unsafe_allow_html=True)
    """
    assert settles(source)
    assert "STS402" in codes(source)


def test_attribute_assigned_after_its_first_read_settles() -> None:
    source = """
        import streamlit as st

        class Store:
            def __init__(self):
                self._rows = None

            def rows(self):
                if self._rows is None:
                    self._rows = st.text_input("Filter")
                return self._rows

            def show(self):
                st.markdown(self._rows, unsafe_allow_html=True)
    """
    assert settles(source)
    assert "STS402" in codes(source)


def test_a_recursive_chain_settles_and_names_each_function_once() -> None:
    """A recursive function reaching a sink: its recursive call adds the chain
    ``walk -> read -> open`` once, not ``walk -> walk -> ... -> read -> open``,
    one more ``walk`` for every pass, until the passes ran out."""
    source = """
        import streamlit as st

        def read(path):
            return open(path).read()

        def walk(node):
            read(node.path)
            for child in node.children:
                walk(child)

        def page():
            walk(st.text_input("Path"))
    """
    assert settles(source)
    from flake8_streamlit_security.plugin import Plugin

    text = textwrap.dedent(source)
    found = Plugin(ast.parse(text), text.splitlines(True), "app.py").run()
    assert [message for _line, _col, message, _cls in found] == [
        "STS405 user-controlled file path in walk -> read -> open() (path traversal); "
        "use os.path.basename() and a fixed folder"
    ]


def test_a_callee_analyzed_on_demand_keeps_its_findings_when_its_caller_repeats() -> None:
    """``walk`` is analyzed again at once (its recursive call changed its summary);
    ``run`` was analyzed on demand during its first analysis and is not analyzed
    again, so what ``run`` found stays."""
    source = """
        import subprocess
        import streamlit as st

        def walk(node):
            run(node)
            for child in node.children:
                walk(child)

        def run(node):
            subprocess.run(st.text_input("Command"), shell=True)
            return eval(node)

        def page():
            walk(st.text_input("Root"))
    """
    assert settles(source)
    assert codes(source) == ["STS303", "STS302"]


def test_a_method_reading_an_attribute_assigned_by_a_later_method() -> None:
    """Before ``self.host`` is first read, the methods that assign it are analyzed."""
    source = """
        import subprocess
        import streamlit as st

        class Tools:
            def __init__(self):
                self.host = "localhost"

            def ping(self):
                subprocess.run(f"ping -c 1 {self.host}", shell=True)

            def sidebar(self):
                self.host = st.sidebar.text_input("Host")
    """
    assert settles(source)
    assert codes(source) == ["STS303"]


LOOP_BINDS_NOTHING = """
    import streamlit as st

    for row in rows:
        st.write(row)
        st.markdown(row.title, unsafe_allow_html=True)
"""
LOOP_CARRIES_A_VALUE = """
    import streamlit as st

    shown = "<b>start</b>"
    for _ in range(3):
        st.markdown(shown, unsafe_allow_html=True)
        shown = st.text_input("Next")
"""
LOOP_REBINDS_THE_SAME = """
    import streamlit as st

    label = "Name"
    while True:
        label = "Name"
        st.text(label)
"""
LOOP_WRITES_STATE_READ_BEFORE = """
    import streamlit as st

    for _ in range(3):
        st.markdown(st.session_state.get("shown", ""), unsafe_allow_html=True)
        st.session_state["shown"] = st.text_input("Next")
"""


def test_a_value_carried_by_a_loop_still_reaches_the_sink() -> None:
    assert codes(LOOP_CARRIES_A_VALUE) == ["STS402"]
    assert codes(LOOP_WRITES_STATE_READ_BEFORE) == ["STS402"]
    assert codes(LOOP_BINDS_NOTHING) == ["STS403"]  # dynamic, not user input
    assert codes(LOOP_REBINDS_THE_SAME) == []
