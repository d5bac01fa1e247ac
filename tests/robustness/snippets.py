"""A generator of Streamlit-flavoured Python programs, driven by any chooser.

:func:`program` builds a module from Streamlit sources (widgets, query parameters,
uploads, secrets, session state), transformations (f-strings, ``+``, ``%``,
``.format``, sanitizers), sinks (raw HTML, SQL, shell, eval, pickle, files, URLs,
logs) and structure (functions, cached functions, loops, branches, ``with``, ``try``,
``match``, comprehensions, lambdas, classes, login gates).  ``choose(options)`` picks
one option: hypothesis drives it in the property tests (``draw(sampled_from(...))``),
``random.Random.choice`` drives it where a plain seeded sample is needed.

Fake credentials are assembled from pieces at import time.
"""
from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
Choose = Callable[[Sequence[T]], T]

FAKE_SECRETS = (
    "sk-" + "proj-" + "Ab12Cd34Ef56Gh78Ij90" + "T3Blbk" + "FJ" + "Kl12Mn34Op56Qr78St90",
    "h" + "f_" + "QvLmRtZyXwNpKsJdHgFcBaEuQvLmRtZyXw",
    "gh" + "p_" + "x7Kq2Lm9Pzx7Kq2Lm9Pzx7Kq2Lm9Pzx7Kq2L",
    "Tr0ub4" + "dor&3xQ9z",
)

IMPORTS = """import hashlib
import hmac
import html
import logging
import os
import pickle
import sqlite3
import subprocess

import pandas as pd
import requests
import streamlit as st
import streamlit.components.v1 as components
"""

SOURCES = (
    'st.text_input("Name")', 'st.text_area("Text", key="{v}_key")', 'st.chat_input("Ask")',
    'st.query_params.get("q", "")', 'st.query_params["{v}"]', 'st.file_uploader("File")',
    'st.session_state.get("{v}")', 'st.secrets["api_key"]', 'os.environ["DB_PASSWORD"]',
    'os.getenv("OPENAI_API_KEY", "{secret}")', 'st.context.headers.get("X-User")',
    'st.selectbox("Pick", ["a", "b"])', 'st.number_input("N", 0, 10)', '"constant"',
    'st.user.get("email", "")', '{other}', 'st.experimental_user.email', '"{secret}"',
)
TRANSFORMS = (
    '{x}', 'f"<b>{{{x}}}</b>"', '"SELECT * FROM t WHERE a = \'" + {x} + "\'"',
    '"%s" % {x}', '"{{}}".format({x})', 'html.escape({x})', 'int({x})', 'str({x}).strip()',
    '{x}.read()', '{x}.getvalue()', '{x}.name', 'os.path.join("uploads", {x})',
    '[{x}, {x}]', '{{"k": {x}}}', '({x} if {x} else "")', '({x} or "")', 'f"{{{x}!r:>10}}"',
    '(lambda s: s)({x})', '[c for c in {x}]', '{x}[1:]', 'hashlib.sha256({x}).hexdigest()',
)
SINKS = (
    'st.markdown({x}, unsafe_allow_html=True)', 'st.write({x})', 'components.html({x})',
    'eval({x})', 'exec({x})', 'subprocess.run({x}, shell=True)', 'os.system({x})',
    'pickle.loads({x})', 'open({x}, "wb")', 'requests.get({x})', 'print({x})',
    'logging.info({x})', 'conn.execute({x})', 'pd.read_sql({x}, conn)',
    'st.link_button("Go", {x})', 'st.image({x})', 'st.text_input("Echo", value={x})',
    'hmac.compare_digest({x}, st.secrets["password"])', 'pd.DataFrame().query({x})',
    'st.session_state["{v}"] = {x}', '{x} == st.secrets["password"]',
)
STATEMENT_SHAPES = ("plain", "if", "for", "while", "with", "try", "func", "cached",
                    "match", "class", "gate", "walrus", "nested_func")
NAMES = ("user", "name", "query", "upload", "api_key", "password", "token", "data", "x",
         "path", "url", "email", "sql", "html_body", "cmd")


def _expr(choose: Choose, var: str, depth: int, pre: list[str]) -> str:
    x = var
    for _ in range(depth):
        transform = choose(TRANSFORMS)
        if transform.startswith("f") and ('"' in x or "'" in x):
            # Python < 3.12: no quotes inside an f-string's braces; bind to a name first
            pre.append(f"tmp{len(pre)} = {x}")
            x = f"tmp{len(pre) - 1}"
        x = transform.format(x=x)
    return x


def _statement(choose: Choose, known: list[str], indent: str, budget: int) -> list[str]:
    v = choose(NAMES)
    other = choose(known) if known else '"literal"'
    source = choose(SOURCES).format(v=v, secret=choose(FAKE_SECRETS), other=other)
    x = choose(known) if known and choose((True, False)) else source
    lines: list[str] = []
    value = _expr(choose, x, choose((0, 1, 1, 2)), lines)
    sink = choose(SINKS).format(x=value, v=v)
    shape = choose(STATEMENT_SHAPES) if budget > 0 else "plain"
    if shape == "plain":
        lines += [f"{v} = {source}", sink]
    elif shape == "if":
        lines += [f"{v} = {source}", f"if {v}:", f"    {sink}", "else:", "    st.stop()"]
    elif shape == "for":
        lines += [f"for {v} in [{source}]:", f"    {sink}"]
    elif shape == "while":
        lines += [f"{v} = {source}", f"while {v}:", f"    {sink}", "    break"]
    elif shape == "with":
        lines += ['with st.sidebar:', f"    {v} = {source}", f"    {sink}"]
    elif shape == "try":
        lines += ["try:", f"    {v} = {source}", f"    {sink}",
                  "except Exception as exc:", "    st.error(str(exc))"]
    elif shape in ("func", "cached"):
        if shape == "cached":
            lines.append(choose(("@st.cache_data", "@st.cache_resource", "@st.cache_data(ttl=60)")))
        lines += [f"def f_{v}({v}, extra=None):", f"    {sink}", f"    return {value}",
                  f"f_{v}({source})"]
    elif shape == "match":
        lines += [f"match {source}:", '    case "admin":', f"        {sink}",
                  "    case _:", "        pass"]
    elif shape == "class":
        lines += [f"class C_{v}:", f"    def m(self, {v}):", f"        {sink}",
                  f"C_{v}().m({source})"]
    elif shape == "gate":
        lines += ["if not st.user.is_logged_in:", "    st.login()",
                  f"{v} = {source}", sink]
    elif shape == "walrus":
        lines += [f"if ({v} := {source}):", f"    {sink}"]
    elif shape == "nested_func":
        inner = _statement(choose, known + [v], "    ", budget - 1)
        lines += [f"def outer_{v}({v}):"] + inner + [f"outer_{v}({source})"]
    known.append(v)
    return [indent + line for line in lines]


def program(choose: Choose, statements: int) -> str:
    """A module of roughly ``statements`` statements (always valid Python)."""
    known: list[str] = []
    body: list[str] = [IMPORTS, 'conn = sqlite3.connect("app.db")']
    for _ in range(statements):
        body += _statement(choose, known, "", budget=2)
    return "\n".join(body) + "\n"
