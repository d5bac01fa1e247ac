"""STS401-STS406: SQL, HTML, links, paths, server-side requests."""
from __future__ import annotations

import ast

from flake8_streamlit_security import names
from flake8_streamlit_security.knowledge import streamlit_api
from flake8_streamlit_security.knowledge.categories import CONTENT, HTML, LINK, PATH, SQL, URL
from flake8_streamlit_security.knowledge.sinks import (
    DESERIALIZING_METHODS, FILE_OPENERS, HTTP_METHODS, PATH_ARGUMENTS, PATH_CALLS, PATH_METHODS,
    SHUTIL_NOT_PATHS, SSRF_FUNCS,
)
from flake8_streamlit_security.knowledge.sql import SQL_FUNCS, SQL_METHODS
from flake8_streamlit_security.knowledge.streamlit_api import (
    COMPONENT_HTML, COMPONENT_IFRAME, HTML_FLAG_CALLS, HTML_FLAG_KEYWORD, HTML_FLAG_METHODS,
)
from flake8_streamlit_security.rules.base import Family, short
from flake8_streamlit_security.engine import Analyzer, Env, V, sanitize


def _flagged_element_call(node: ast.Call) -> str | None:
    """``<anything>.markdown(..., unsafe_allow_html=...)``: a Streamlit element's call
    by its keyword, on a receiver the analysis cannot name (a container on ``self``)."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in HTML_FLAG_METHODS and \
            names.kwarg(node, HTML_FLAG_KEYWORD) is not None:
        return "streamlit." + func.attr
    return None


class InjectionRules(Family):
    codes = ("STS401", "STS402", "STS403", "STS404", "STS405", "STS406", "STS407")
    streamlit_only = False  # STS401 is an any-file rule; the rest check `an.streamlit`

    def __init__(self, an: Analyzer) -> None:
        super().__init__(an)
        if self.an.sql_sinks:
            self.an.on_call(self.on_call)  # user sinks may be plain function names
        else:
            self.an.on_call(
                self.on_call, fqs=SQL_FUNCS | FILE_OPENERS | PATH_CALLS | SSRF_FUNCS |
                PATH_ARGUMENTS.keys(), prefixes=("streamlit.", "shutil."),
                methods=SQL_METHODS | HTTP_METHODS | PATH_METHODS.keys() | HTML_FLAG_METHODS)
        self.an.on("path_join", self.on_path_join)

    def on_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        self._sql(node, fq, env)
        if not self.an.streamlit:
            return
        self._path_methods(node, env)
        if fq is None:
            self._ssrf_method(node, env)
            fq = _flagged_element_call(node)
            if fq is not None:
                self._html(node, fq, env)
            return
        self._html(node, fq, env)
        self._links(node, fq, env)
        self._paths(node, fq, env)
        if fq in SSRF_FUNCS:
            idx = 1 if fq.endswith(".request") else 0
            if fq.startswith("pandas."):
                url = names.arg_node(node, 0, "filepath_or_buffer") or names.arg_node(
                    node, 0, "io")
                if url is None or not self._is_url_string(url, env):
                    return
            else:
                url = names.arg_node(node, idx, "url")
            self.an.sink(url, URL, "STS406", short(fq, node), env)
        else:
            self._ssrf_method(node, env)

    # STS401 ---------------------------------------------------------------
    def _sql(self, node: ast.Call, fq: str | None, env: Env) -> None:
        func = node.func
        name = None
        if fq in SQL_FUNCS:
            name = short(fq, node)
        elif isinstance(func, ast.Attribute) and (
            func.attr in SQL_METHODS or func.attr in self.an.sql_sinks
        ):
            name = "." + func.attr
        elif fq is not None and fq.rsplit(".", 1)[-1] in self.an.sql_sinks:
            name = short(fq, node)
        if name is None:
            return
        arg = names.arg_node(node, 0, "sql") or names.arg_node(node, 0, "query") or \
            names.arg_node(node, 0, "statement") or names.arg_node(node, 0, "sql_query")
        if arg is None:
            return
        self.an.sink(arg, SQL, "STS401", name, env)

    # STS402 / STS403 ----------------------------------------------------------
    def _html(self, node: ast.Call, fq: str, env: Env) -> None:
        an = self.an
        bodies: list[ast.expr] = []
        at: ast.AST | None = None
        if fq in HTML_FLAG_CALLS:
            kw = names.kwarg(node, "unsafe_allow_html")
            flag = kw.value if kw is not None else names.arg_node(node, 1, "unsafe_allow_html")
            if flag is None or names.is_falsy_const(flag):
                return
            at = kw if kw is not None else flag
            body = names.arg_node(node, 0, "body")
            bodies = [body] if body is not None else []
        elif fq == "streamlit.write":
            kw = names.kwarg(node, "unsafe_allow_html")
            if kw is None or names.is_falsy_const(kw.value):
                return
            at = kw
            bodies = [a for a in node.args]
        elif fq == "streamlit.html":
            kw = names.kwarg(node, "unsafe_allow_javascript")
            if kw is None or names.is_falsy_const(kw.value):
                return
            at = kw
            body = names.arg_node(node, 0, "body")
            bodies = [body] if body is not None else []
        elif fq in COMPONENT_HTML:
            body = names.arg_node(node, 0, "html")
            if body is None:
                return
            at, bodies = body, [body]
        elif fq in COMPONENT_IFRAME:
            src = names.arg_node(node, 0, "src")
            if src is not None:
                an.sink_value(src, an.val(src, env), LINK, "STS402", short(fq, node))
            return
        else:
            return
        call = short(fq, node)
        for body in bodies:
            if isinstance(body, ast.Starred):
                body = body.value
            v = an.val(body, env)
            if an.sink_value(at, v, HTML, "STS402", call):
                continue
            if an.sink_value(at, v, CONTENT, "STS407", call):
                continue
            if v.nonconst_for(HTML):
                an.report(at, "STS403", call=call)

    # STS404 ----------------------------------------------------------------------
    def _links(self, node: ast.Call, fq: str, env: Env) -> None:
        an = self.an
        if fq in streamlit_api.MARKDOWN_CALLS:
            for a in list(node.args) + [k.value for k in node.keywords if k.arg == "body"]:
                v = an.val(a, env)
                if v.link is not None:
                    an.report(v.link, "STS404", call=short(fq, node))
        elif fq == "streamlit.link_button":
            an.sink(names.arg_node(node, 1, "url"), LINK, "STS404", "st.link_button", env)
        elif fq == "streamlit.page_link":
            page = names.arg_node(node, 0, "page")
            if page is not None and LINK in an.val(page, env).taint:
                an.sink(page, LINK, "STS404", "st.page_link", env)

    # STS405 -----------------------------------------------------------------------
    def _paths(self, node: ast.Call, fq: str, env: Env) -> None:
        an = self.an
        call = short(fq, node)
        if fq in FILE_OPENERS:
            an.sink(names.arg_node(node, 0, "file"), PATH, "STS405", call, env)
            return
        if fq in PATH_ARGUMENTS:
            pos, keyword = PATH_ARGUMENTS[fq]
            an.sink(names.arg_node(node, pos, keyword), PATH, "STS405", call, env)
            return
        if fq in PATH_CALLS or fq.startswith("shutil.") and fq not in SHUTIL_NOT_PATHS:
            if id(node) in an.nonsink:
                return
            hit = False
            for a in node.args:
                hit = an.sink(a, PATH, "STS405", call, env) or hit
            for kw in node.keywords:
                if kw.arg in ("src", "dst", "path", "dir_fd", "name", "filename"):
                    hit = an.sink(kw.value, PATH, "STS405", call, env) or hit
            if hit:
                # reported once, where the path is built; do not report its uses again
                an.memo[node] = sanitize(an.memo.get(node, V()), frozenset({PATH}))
                if fq in ("pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath"):
                    an.memo[node] = an.memo[node].but(ref="<path>")

    def _path_methods(self, node: ast.Call, env: Env) -> None:
        """Methods writing or reading a folder (``vectorstore.save_local(path)``); a
        ``load_local`` that deserializes is STS301's, not reported twice."""
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in PATH_METHODS:
            return
        if func.attr in DESERIALIZING_METHODS:
            flag = names.kwarg(node, DESERIALIZING_METHODS[func.attr][2])
            if flag is not None and not names.is_falsy_const(flag.value):
                return
        pos, kw = PATH_METHODS[func.attr]
        self.an.sink(names.arg_node(node, pos, kw), PATH, "STS405", "." + func.attr, env)

    def on_path_join(self, node: ast.BinOp, left: V, right: V) -> None:
        if self.an.streamlit and PATH in right.taint:
            self.an.sink_value(node.right, right, PATH, "STS405", "pathlib.Path")

    # STS406 --------------------------------------------------------------------------
    def _ssrf_method(self, node: ast.Call, env: Env) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in HTTP_METHODS:
            recv = self.an.val(func.value, env)
            if recv.ref == "<http>":
                idx = 1 if func.attr == "request" else 0
                self.an.sink(names.arg_node(node, idx, "url"), URL, "STS406",
                             "." + func.attr, env)

    def _is_url_string(self, node: ast.AST, env: Env) -> bool:
        v = self.an.val(node, env)
        return "upload" not in v.flags and bool(v.taint)
