"""STS601: per-user state inside caches shared by all users."""
from __future__ import annotations

import ast

from flake8_streamlit_security.knowledge.sql import DB_SESSION_METHODS
from flake8_streamlit_security.knowledge.streamlit_api import (
    CACHE_DECORATORS, PER_USER_STATE, USER_PARAM_WORDS,
)
from flake8_streamlit_security.rules.base import Family
from flake8_streamlit_security.engine import Analyzer, Env, V
from flake8_streamlit_security.vocab import words


def _used_as_database(func: ast.AST, name: str) -> bool:
    """``_session.sql(...)``, ``_session.query(...)``: a database session, not a user's."""
    for node in ast.walk(func):
        if isinstance(node, ast.Attribute) and node.attr in DB_SESSION_METHODS and isinstance(
            node.value, ast.Name
        ) and node.value.id == name:
            return True
    return False


class CachingRules(Family):
    codes = ("STS601",)

    def __init__(self, an: Analyzer) -> None:
        super().__init__(an)
        self.cached: set[ast.AST] = set()
        self.an.on("function", self.on_function)
        self.an.on("param", self.on_param)
        self.an.on_ref("attribute", self.on_attribute, refs=PER_USER_STATE)
        self.an.on_call(self.on_call, fqs=("streamlit.experimental_get_query_params",))
        self.an.on_ref("name", self.on_name, refs=PER_USER_STATE)

    def on_name(self, node: ast.Name, v: V, env: Env) -> None:
        if v.ref in PER_USER_STATE and self._inside_cached():
            self.report(node, "STS601", source=PER_USER_STATE[v.ref])

    def on_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
                    env: Env) -> None:
        for dec in getattr(node, "decorator_list", ()):
            target = dec.func if isinstance(dec, ast.Call) else dec
            if self.an.qual(target, env) in CACHE_DECORATORS:
                self.cached.add(node)

    def _inside_cached(self) -> bool:
        return any(f in self.cached for f, _ in self.an.func_stack)

    def on_param(self, func: ast.AST, arg: ast.arg, index: int, env: Env) -> None:
        if func not in self.cached or not arg.arg.startswith("_"):
            return
        ws = words(arg.arg)
        if set(ws) & USER_PARAM_WORDS or (
            self._user_session(arg, ws) and not _used_as_database(func, arg.arg)
        ):
            self.report(arg, "STS601", source=f"parameter {arg.arg} (left out of the key)")

    @staticmethod
    def _user_session(arg: ast.arg, ws: list[str]) -> bool:
        # `_session` is per-user state unless it is a database session (Snowpark,
        # SQLAlchemy...): those are shared by design and are left alone.
        if ws not in (["session"], ["session", "id"], ["session", "state"]):
            return False
        ann = ast.unparse(arg.annotation) if arg.annotation is not None else ""
        return "Session" not in ann

    def on_attribute(self, node: ast.Attribute, v: V, env: Env) -> None:
        if v.ref in PER_USER_STATE and self._inside_cached():
            self.report(node, "STS601", source=PER_USER_STATE[v.ref])

    def on_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        if fq == "streamlit.experimental_get_query_params" and self._inside_cached():
            self.report(node, "STS601", source="st.experimental_get_query_params()")
