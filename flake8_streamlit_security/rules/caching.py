"""STS601: per-user state inside caches shared by all users."""
from __future__ import annotations

import ast

from flake8_streamlit_security.knowledge.propagation import STATE_WRITERS
from flake8_streamlit_security.names import const_str
from flake8_streamlit_security.knowledge.sql import DB_SESSION_METHODS
from flake8_streamlit_security.knowledge.streamlit_api import (
    CACHE_DECORATORS, CONTENT_HASH_WORDS, PER_USER_STATE, USER_PARAM_WORDS,
)
from flake8_streamlit_security.rules.base import Family
from flake8_streamlit_security.engine import Analyzer, Env, V
from flake8_streamlit_security.vocab import words


def _written(func: ast.AST) -> set[int]:
    """The ids of the nodes a cached function's result does not depend on, found in one
    walk of ``func``: under an assignment target or a mutating call's receiver
    (``st.session_state.x = v``, ``st.session_state.log.append(e)``), a membership test
    that only guards such a write, and a read of a key the function itself set on an
    earlier line (a token it fetched from its arguments, stored and read back)."""
    out: set[int] = set()
    first_write: dict[str, int] = {}  # session-state key -> the line it is first set
    reads: list[tuple[int, int, str]] = []  # (line, the session_state node, key)
    for node in ast.walk(func):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and all(
                isinstance(op, (ast.In, ast.NotIn)) for op in node.test.ops) and not any(
                isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom))
                for part in node.body + node.orelse for n in ast.walk(part)):
            # if "error" in st.session_state: del st.session_state.error
            bases = node.test.comparators
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            bases = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    item = _state_item(target)
                    if item is not None:
                        first_write[item[1]] = min(first_write.get(item[1], node.lineno),
                                                   node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in STATE_WRITERS:
            bases = [node.func.value]
        else:
            if isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)) and \
                    isinstance(getattr(node, "ctx", ast.Load()), ast.Load):
                item = _state_item(node)
                if item is not None:
                    reads.append((node.lineno, id(item[0]), item[1]))
            continue
        for base in bases:
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                out.add(id(base))
                base = base.value
            out.add(id(base))
    out.update(base for line, base, key in reads
               if key in first_write and first_write[key] < line)
    return out


def _state_item(node: ast.AST) -> tuple[ast.AST, str] | None:
    """(the ``session_state`` node, the key) of ``….session_state.key``,
    ``….session_state["key"]`` or ``….session_state.get("key")``, by spelling (this
    family's pre-pass reads the function's source, as ``_written`` does)."""
    base: ast.AST
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "get" and node.args:
        base, key = node.func.value, const_str(node.args[0])
    elif isinstance(node, ast.Subscript):
        base, key = node.value, const_str(node.slice)
    elif isinstance(node, ast.Attribute):
        base, key = node.value, node.attr
    else:
        return None
    if key is None or not (isinstance(base, ast.Attribute) and base.attr == "session_state"):
        return None
    return base, key


def _content_hash_key(func: ast.AST, key: ast.AST) -> bool:
    """``key`` is made from a parameter of ``func`` whose name says it is a digest of
    content (``file_hash``, ``pdf_sha256``)."""
    args = getattr(func, "args", None)
    if args is None:
        return False
    params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]
              if not a.arg.startswith("_")}  # (an _underscored one is not in the key)
    return any(isinstance(n, ast.Name) and n.id in params
               and not CONTENT_HASH_WORDS.isdisjoint(words(n.id)) for n in ast.walk(key))


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
        self.writes: dict[ast.AST, set[int]] = {}  # cached function -> written nodes
        # cached function -> the read reported in it (the same one when a function's
        # analysis is repeated: its findings were taken back)
        self.reported: dict[ast.AST, ast.AST] = {}
        self.an.on("module_end", lambda env: self.reported.clear())  # once per pass
        self.an.on("function", self.on_function)
        self.an.on("param", self.on_param)
        self.an.on_ref("attribute", self.on_attribute, refs=PER_USER_STATE)
        self.an.on_call(self.on_call, fqs=("streamlit.experimental_get_query_params",))
        self.an.on_ref("name", self.on_name, refs=PER_USER_STATE)
        self.an.on("subscript", self.on_subscript)
        self.an.on_call(self.on_get, methods=("get",))

    def on_name(self, node: ast.Name, v: V, env: Env) -> None:
        if v.ref in PER_USER_STATE:
            self._read(node, PER_USER_STATE[v.ref])

    def _read(self, node: ast.AST, source: str) -> None:
        """A per-user read: reported once per cached function (its first read; a dict
        of ten session values is one problem), unless it is a write."""
        func = self._cached_function()
        if func is None or self.reported.get(func, node) is not node:
            return
        written = self.writes.get(func)
        if written is None:
            written = self.writes[func] = _written(func)
        if id(node) in written:
            return
        self.reported[func] = node
        self.report(node, "STS601", source=source)

    def on_subscript(self, node: ast.Subscript, v: V, env: Env) -> None:
        self._constant_key(node.value, node.slice, env)

    def on_get(self, node: ast.Call, fq: str | None, env: Env) -> None:
        if isinstance(node.func, ast.Attribute) and node.args:
            self._constant_key(node.func.value, node.args[0], env)

    def _constant_key(self, state: ast.AST, key: ast.AST, env: Env) -> None:
        """The read just reported was of a key that only ever holds constants (an
        app-wide folder kept in session state), or of a key made from a parameter that
        names a digest of content (``st.session_state[f"text_{file_hash}"]``,
        ``….pages_by_hash[digest]``): the same for every visitor who has that key, and
        the key is in the cache's key. Taken back (the function's next per-user read
        is reported instead)."""
        if not self.reported:
            return  # (every subscript and .get() comes here: nothing reported, nothing to do)
        func = self._cached_function()
        if func is None:
            return
        reported = self.reported.get(func)
        base = state
        while base is not reported and isinstance(base, (ast.Attribute, ast.Subscript)):
            base = base.value  # an item of an item: st.session_state.pages[digest]
        if reported is None or base is not reported:
            return
        name = self.an.val(key, env).text if base is state else None
        if name is not None and self.an.facts.constant_state(name) or \
                _content_hash_key(func, key):
            self.an.withdraw(reported, "STS601")
            del self.reported[func]

    def on_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
                    env: Env) -> None:
        for dec in getattr(node, "decorator_list", ()):
            target = dec.func if isinstance(dec, ast.Call) else dec
            if self.an.qual(target, env) in CACHE_DECORATORS:
                self.cached.add(node)

    def _cached_function(self) -> ast.AST | None:
        """The innermost cached function being analyzed, if any."""
        for f, _ in reversed(self.an.func_stack):
            if f in self.cached:
                return f
        return None

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
        if v.ref in PER_USER_STATE:
            self._read(node, PER_USER_STATE[v.ref])

    def on_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        if fq == "streamlit.experimental_get_query_params":
            self._read(node, "st.experimental_get_query_params()")
