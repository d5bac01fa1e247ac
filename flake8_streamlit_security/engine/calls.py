"""Calls: what a call returns (a function of the module through its summary, a
library call through its model, a method through its receiver), callbacks, sinks."""
from __future__ import annotations

import ast

from flake8_streamlit_security import names
from flake8_streamlit_security.engine import library
from flake8_streamlit_security.engine.core import Core
from flake8_streamlit_security.engine.imports import CALL_SITE
from flake8_streamlit_security.engine.scope import Env, Summary, chain_order
from flake8_streamlit_security.engine.values import (
    CLEAN, NONCONST, V, derive, join, sanitize, secret_item, sqlish, stored_secret,
)
from flake8_streamlit_security.knowledge.categories import ALL, EMPTY, HTML, LINK, PCATS, SQL
from flake8_streamlit_security.knowledge.propagation import (
    DERIVED_METHOD_BLOCK, STATE_WRITERS, TEMPLATE_METHODS, UPLOAD_READERS,
)
from flake8_streamlit_security.names import canonical, const_str

_CALLBACKS = ("on_click", "on_change", "on_submit")
_RECEIVER_FLAGS = frozenset({"email", "pw", "upload", "archive"})


class Calls(Core):

    def e_Call(self, node: ast.Call, env: Env) -> V:
        fv = self.expr(node.func, env)
        args = [self.expr(a, env) for a in node.args] if node.args else []
        kws = {kw.arg: self.expr(kw.value, env) for kw in node.keywords} if node.keywords \
            else {}
        fq = fv.ref
        if fq is not None and isinstance(node.func, (ast.Name, ast.Attribute)):
            fq = canonical(fq)
        v = self.call_value(node, fq, fv, args, kws, env)
        self.memo[node] = v
        if node.keywords and self.streamlit:
            self.callback(node, env)
        self.emit_call(node, fq, env)
        return self.memo[node]

    def call_value(self, node: ast.Call, fq: str | None, fv: V, args: list[V],
                   kws: dict[str | None, V], env: Env) -> V:
        allargs = args + list(kws.values()) if kws else args  # read, never changed
        if self.extra_sanitizer_tails and (
            (isinstance(node.func, ast.Name) and node.func.id in self.extra_sanitizer_tails)
            or (fq is not None and fq in self.sanitizers and self.sanitizers[fq] is PCATS
                and fq.rsplit(".", 1)[-1] in self.extra_sanitizer_tails)
        ):
            return CLEAN
        if fv.func is not None:
            return self.summarized_call(node, fv.func, args, kws)
        if fq is not None:
            kind = self.call_kinds.get(fq)
            if kind is None and fq.startswith(library.CALL_PREFIXES):  # one test for most
                kind = library.prefixed_call_kind(fq)
            if kind is not None:
                v = library.CALL_RESULTS[kind](self, node, fq, allargs, env)
                if v is not None:
                    return v
        if isinstance(node.func, ast.Attribute):
            return self.method_value(node, node.func, allargs, env)
        return NONCONST

    def method_value(self, node: ast.Call, func: ast.Attribute, allargs: list[V],
                     env: Env) -> V:
        """What ``receiver.method(...)`` returns, given the receiver's value."""
        method = func.attr
        if method in self.extra_sanitizer_tails:
            return CLEAN
        recv = self.val(func.value, env)
        if recv.ref is not None:
            known = library.method_value(recv, method, allargs)
            if known is not None:
                return known
        if method == "join" and recv.text is not None:
            v = join(allargs) if allargs else CLEAN
            return v.but(ref=None, text=None, func=None, flags=EMPTY)
        if method == "format" and recv.text is not None:
            v = join([recv] + allargs).but(ref=None, text=None, func=None)
            if any(a.nonconst_for(SQL) for a in allargs) and sqlish(recv):
                v = v.but(sql=node)
            if recv.text.rstrip().find("](") != -1 and any(LINK in a.taint for a in allargs):
                v = v.but(link=node)
            return v
        if method in DERIVED_METHOD_BLOCK:
            return CLEAN
        if recv.secret and method in ("keys", "has_key", "__contains__"):
            return NONCONST
        if method == "get" and node.args:
            key = const_str(node.args[0])
            if recv.secret_at is not None:
                # result["error"] of a result that holds a secret under another key
                got = secret_item(recv, key)
                return join([got, *allargs[1:]]) if len(allargs) > 1 else got
            if key is not None and self.secret_like(key):
                got = derive(recv) if not allargs[1:] else join([derive(recv), *allargs[1:]])
                return stored_secret(recv, key, got.but(ref=None, func=None, text=None))
        if method in TEMPLATE_METHODS and allargs:
            # string.Template(...).substitute(x=...), jinja2 Template.render(...)
            return join([recv, *allargs]).but(ref=None, text=None, func=None)
        if method == "to_html" and recv.taint:
            escape = names.kwarg(node, "escape")
            v = derive(recv)
            if escape is None or not names.is_falsy_const(escape.value):
                v = sanitize(v, frozenset({HTML}))  # pandas escapes cell text by default
            return v
        if "upload" in recv.flags and method in UPLOAD_READERS:
            return V(taint=ALL, nonconst=PCATS, param_flows=recv.param_flows)
        if method in STATE_WRITERS and allargs:
            self.mutate(func.value, join(allargs), env)
        if recv.taint or recv.secret or recv.param_flows or recv.sql or "email" in recv.flags:
            return derive(recv).but(flags=recv.flags & _RECEIVER_FLAGS)
        if recv.text is not None and not any(a.nonconst or a.param_flows for a in allargs):
            return V(text=None, sqlish=sqlish(recv))
        if recv.text is not None:
            return join(allargs).but(ref=None, text=None, func=None, flags=EMPTY)
        return NONCONST

    def mutate(self, target: ast.AST, v: V, env: Env) -> None:
        """``target.append(v)`` and the like: the object carries ``v`` too -- its
        taint, not what ``v`` is (a session a password was added to is no password)."""
        if not (v.taint or v.secret):
            return
        if "pw" in v.flags:
            v = v.but(flags=v.flags - {"pw"})
        key = self.state_key(target, env)
        if key is not None:
            self.facts.add_to_state(key, derive(v))
        elif isinstance(target, ast.Name):
            self.taint_container(target.id, v, env)

    def summarized_call(self, node: ast.Call, func: ast.AST, args: list[V],
                        kws: dict[str | None, V]) -> V:
        summ = self.summary_now(func)
        if summ is None:
            interesting = any(_interesting(v) for v in [*args, *kws.values()])
            self.facts.consult(func, interesting, None)
            return NONCONST
        bound: dict[int, tuple[V, ast.AST]] = {}
        for i, a in enumerate(node.args):
            if isinstance(a, ast.Starred):
                break
            bound[i] = (args[i], a)
        for kw in node.keywords:
            if kw.arg is not None and kw.arg in summ.params:
                bound[summ.params.index(kw.arg)] = (kws[kw.arg], kw.value)
        v = self.apply_summary(func, summ, bound)
        if v.sql is CALL_SITE or v.link is CALL_SITE:
            # built in another file: reported at this call
            v = v.but(sql=node if v.sql is not None else None,
                      link=node if v.link is not None else None)
        return v

    def callback(self, node: ast.Call, env: Env) -> None:
        """``st.button(..., on_click=f, args=(...), kwargs={...})`` calls ``f`` with them."""
        cb = None
        for kw in node.keywords:
            if kw.arg in _CALLBACKS:
                cb = self.val(kw.value, env).func
        if cb is None:
            return
        summ = self.summary_now(cb)
        if summ is None:
            self.facts.consult(cb, True, None)
            return
        bound: dict[int, tuple[V, ast.AST]] = {}
        for kw in node.keywords:
            if kw.arg == "args" and isinstance(kw.value, (ast.Tuple, ast.List)):
                for i, a in enumerate(kw.value.elts):
                    if isinstance(a, ast.Starred):
                        break
                    bound[i] = (self.val(a, env), a)
            elif kw.arg == "kwargs" and isinstance(kw.value, ast.Dict):
                for k, v in zip(kw.value.keys, kw.value.values):
                    key = const_str(k)
                    if key is not None and key in summ.params:
                        bound[summ.params.index(key)] = (self.val(v, env), v)
        if bound:
            self.apply_summary(cb, summ, bound)

    def apply_summary(self, func: ast.AST, summ: Summary,
                      bound: dict[int, tuple[V, ast.AST]]) -> V:
        """A call of ``func`` with the arguments ``bound`` (index -> value, node):
        report the sinks they reach; return what the call returns."""
        interesting = any(_interesting(v) for v, _ in bound.values())
        self.facts.consult(func, interesting, self.facts.summary_sig(func, interesting))
        fname: str = getattr(func, "name", "<lambda>")
        if self.imports is not None:
            fname = self.imports.names.get(func, fname)  # "module.function" across files
        for i, (av, anode) in bound.items():
            # in a stable order (the shortest chain, then by name): the first chain
            # reported for a node is the one its message names, on every run
            for (cat, code), inner in sorted(summ.sinks.get(i, {}).items(),
                                             key=_sink_order):
                self.sink_value(anode, av, cat, code, _through(fname, inner))
        ret = summ.ret
        taint = set(ret.taint)
        flows: set[tuple[int, str]] = set()
        nonconst = set(ret.nonconst)
        secret, sql_node, link = ret.secret, ret.sql, ret.link
        for (i, cat) in ret.param_flows:
            if i in bound:
                av = bound[i][0]
                if cat in av.taint:
                    taint.add(cat)
                if cat in av.nonconst:
                    nonconst.add(cat)
                for (j, c2) in av.param_flows:
                    if c2 == cat:
                        flows.add((j, cat))
                # A secret passed in does not make the result a secret: helpers that
                # take a config (or os.environ) return something computed from it.
                sql_node = sql_node or av.sql
                link = link or av.link
        flags = ret.flags & {"upload", "email", "pw", "archive"}
        return V(frozenset(taint), frozenset(nonconst), frozenset(flows), secret, sql_node,
                 ret.sqlish, link, ret.ref if ret.ref in ("<conn>", "<path>", "streamlit")
                 else None, frozenset(flags), ret.auth, secret_at=ret.secret_at)

    # ----------------------------------------------------------- sinks
    def sink_value(self, node: ast.AST, v: V, cat: str, code: str, call: str) -> bool:
        """Check a value arriving at a sink; report or record a summary flow."""
        hit = False
        if cat == SQL:
            if v.sql is not None:
                self.report(v.sql, code, call=call)
                hit = True
        elif cat in v.taint:
            self.report(node, code, call=call)
            hit = True
        if self.func_stack:
            summ = self.func_stack[-1][1]
            for (i, c) in v.param_flows:
                if c == cat:
                    summ.add_sink(i, cat, code, call)
        return hit

    def sink(self, node: ast.AST | None, cat: str, code: str, call: str,
             env: Env) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.Starred):
            node = node.value
        return self.sink_value(node, self.val(node, env), cat, code, call)


def _interesting(v: V) -> bool:
    """A value whose flow through a call's summary can matter."""
    return bool(v.taint or v.secret or v.sql or v.link or v.param_flows or v.flags or v.auth)


def _sink_order(sink: tuple[tuple[str, str], str]) -> tuple[tuple[int, str], str, str]:
    (cat, code), chain = sink
    return chain_order(chain), cat, code


# A chain longer than this many calls is shown as its first and last ones.
MAX_CHAIN = 5
ELIDED = "..."


def _through(fname: str, inner: str) -> str:
    """The call chain ``fname -> inner``, with a cycle cut out: a recursive call
    (``f -> f -> g``, ``f -> h -> f -> g``) reaches the sink as ``f -> g`` does.
    Without the cut a recursive function's summary grew by one chain per pass and
    never settled.  A chain over :data:`MAX_CHAIN` calls keeps its first two and last
    two (``a -> b -> ... -> y -> eval()``): a message stays readable, and a summary's
    chains stay bounded on deep call graphs."""
    parts = inner.split(" -> ")
    if fname in parts:
        return " -> ".join(parts[len(parts) - 1 - parts[::-1].index(fname):])
    parts = [fname, *parts]
    if len(parts) > MAX_CHAIN:
        parts = [*parts[:2], ELIDED, *parts[-2:]]
    return " -> ".join(parts)
