"""Statements: bindings, branches and their joins, loops, ``with``, ``try``, ``match``.

Function and class definitions are in :mod:`.functions` and :mod:`.classes`.
"""
from __future__ import annotations

import ast
from typing import Any, Callable

from flake8_streamlit_security import names
from flake8_streamlit_security.engine.checks import (
    NO_NAMES, Names, anchored, login_guard, lookup, scheme_checked, validated,
)
from flake8_streamlit_security.engine.core import Core
from flake8_streamlit_security.engine.scope import Env
from flake8_streamlit_security.engine.values import (
    CLEAN, DICT, EACH, NONCONST, POSITION, V, derive, join, keyed, keyed_item, position, same,
    sanitize, secret_item, stored_under, valid,
)
from flake8_streamlit_security.knowledge.categories import EMPTY, LINK, PCATS, URL
from flake8_streamlit_security.knowledge.streamlit_api import ST
from flake8_streamlit_security.knowledge.validators import (
    LOOKUP_READS, LOOKUP_RUNS, REGEX_FULLMATCH, REGEX_MATCH, VALIDATING_STR_METHODS, validator_name,
)
from flake8_streamlit_security.names import const_str

# Node type -> the method for it (``s_If``...), filled in by the analyzer.
S_DISPATCH: dict[type, Callable[..., Any]] = {}
# The name under which a scope records the names a lookup bound (``row``: ``x``).
LOOKUP = "<lookup>"


class Statements(Core):

    def block(self, body: list[ast.stmt], env: Env) -> None:
        self.block_stack.append(body)
        for s in body:
            self.stmt(s, env)
        if id(body) in self.watched_blocks:
            self.emit("block", body, env)
        self.block_stack.pop()

    def stmt(self, s: ast.stmt, env: Env) -> None:
        m = S_DISPATCH.get(type(s))
        if m is not None:
            m(self, s, env)
        else:
            for child in ast.iter_child_nodes(s):
                if isinstance(child, ast.expr):
                    self.expr(child, env)

    def s_Import(self, s: ast.Import | ast.ImportFrom, env: Env) -> None:
        imports = self.imports
        if imports is None:
            for bound, qual in names.import_bindings(s):
                env.bind(bound, V(ref=qual, nonconst=PCATS))
            return
        # the app's own modules: what they export (engine/imports.py)
        pairs = names.import_bindings(s)
        if isinstance(s, ast.ImportFrom) and s.level:
            base = imports.module_ref(s.module or "", s.level)
            pairs = [] if base is None else [
                (a.asname or a.name, f"{base}.{a.name}") for a in s.names if a.name != "*"]
        for bound, qual in pairs:
            v = None
            if imports.first_party(qual) and isinstance(s, ast.ImportFrom):
                v = imports.value(qual)
            env.bind(bound, v or V(ref=qual, nonconst=PCATS))
        if isinstance(s, ast.ImportFrom) and any(a.name == "*" for a in s.names):
            for bound, v in imports.star(s.module or "", s.level).items():
                env.bind(bound, v)  # from utils import *: the app's own module's names

    s_ImportFrom = s_Import

    def s_Expr(self, s: ast.Expr, env: Env) -> None:
        if isinstance(s.value, ast.Constant):  # a docstring: documentation, not code
            self.memo[s.value] = CLEAN
            return
        v = self.expr(s.value, env)
        call = s.value
        if type(call) is ast.Call and type(call.func) is ast.Attribute and \
                call.func.attr in LOOKUP_RUNS:
            cursor, found = lookup(call)
            if isinstance(cursor, ast.Name) and found:  # cur.execute(sql, (x,)): rows to read
                env.bind(LOOKUP + cursor.id, V(flags=found))
        self.emit("expr_stmt", s, v, env)

    def s_Assign(self, s: ast.Assign, env: Env) -> None:
        v = self.expr(s.value, env)
        for target in s.targets:
            self.bind(target, v, env, s.value)
        if len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
            self.note_lookup(s.targets[0].id, s.value, env)
        self.emit("assign", s, s.targets, s.value, env)

    def s_AnnAssign(self, s: ast.AnnAssign, env: Env) -> None:
        if s.value is not None:
            v = self.expr(s.value, env)
            self.bind(s.target, v, env, s.value)
            self.emit("assign", s, [s.target], s.value, env)

    def s_AugAssign(self, s: ast.AugAssign, env: Env) -> None:
        old = self.name(s.target.id, env) if isinstance(s.target, ast.Name) \
            else self.expr(s.target, env)
        new = self.expr(s.value, env)
        v = self.binop(s.value, old, new, s.op, s.value, s.value)
        self.bind(s.target, v, env, s.value)
        self.emit("assign", s, [s.target], s.value, env)

    def s_Return(self, s: ast.Return, env: Env) -> None:
        v = self.expr(s.value, env) if s.value is not None else CLEAN
        if self.func_stack:
            summ = self.func_stack[-1][1]
            summ.ret = join([summ.ret, v]) if summ.ret is not CLEAN else v
            if s.value is not None and not (isinstance(s.value, ast.Constant) and
                                            not s.value.value):
                found = self.looked_up(s.value, env)
                here = frozenset(summ.params.index(n) for n in found if n in summ.params)
                summ.lookups = here if summ.lookups is None else summ.lookups & here

    def s_Assert(self, s: ast.Assert, env: Env) -> None:
        """A test's expectation, not a decision the app makes: comparisons in it are
        no gates (``assert password == "s3cret"`` in a unit test)."""
        self.asserting += 1
        try:
            self.expr(s.test, env)
            if s.msg is not None:
                self.expr(s.msg, env)
        finally:
            self.asserting -= 1

    def s_Raise(self, s: ast.Raise, env: Env) -> None:
        for child in (s.exc, s.cause):
            if child is not None:
                self.expr(child, env)
        self.emit("raise", s, env)

    def s_If(self, s: ast.If, env: Env) -> None:
        self.expr(s.test, env)
        self.emit("if", s, env)
        since = self.log.begin()
        a = env.copy()
        b = env.copy()
        negated = isinstance(s.test, ast.UnaryOp) and isinstance(s.test.op, ast.Not)
        checked = scheme_checked(s.test.operand if negated else s.test)  # type: ignore
        for name in checked:
            target = b if negated else a
            if name in target:
                target.bind(name, sanitize(target[name], frozenset({LINK, URL})))
        yes, no = validated(s.test, lambda node: self.check(node, env))
        for names_, target in ((yes, a), (no, b)):
            for name in names_:
                if name in target:
                    target.bind(name, valid(target[name]))
        guard = login_guard(s.test)
        self.guarded += guard
        self.block(s.body, a)
        self.guarded -= guard
        self.block(s.orelse, b)
        if (no or negated and checked) and names.terminates(s.body):
            # `if not ok: st.stop()` -- the rest runs only when ok
            env.merge(b, b, self.log.end(since))
            return
        if yes and s.orelse and names.terminates(s.orelse):
            env.merge(a, a, self.log.end(since))  # `if ok: ... else: return`
            return
        env.merge(a, b, self.log.end(since))

    def looked_up(self, value: ast.AST, env: Env) -> frozenset[str]:
        """The names ``value`` looked up in the database by equality: a lookup's rows
        (``conn.execute(sql, (x,)).fetchone()``, ``cur.fetchone()`` after
        ``cur.execute(sql, (x,))``), a name holding them, or what the app's own function
        returns when every return of it is such a lookup of its parameters
        (``read_chat(chat_id)``)."""
        if type(value) is ast.Name:
            held = env.get(LOOKUP + value.id)
            return held.flags if held is not None else frozenset()
        if type(value) is not ast.Call:
            return frozenset()
        func = value.func
        if type(func) is ast.Attribute and func.attr in LOOKUP_READS:
            cursor, found = lookup(value)
            if found:
                return found if cursor is None else frozenset()
            if isinstance(func.value, ast.Name):
                held = env.get(LOOKUP + func.value.id)
                if held is not None:
                    return held.flags
        known = self.memo.get(func)  # (the call was just evaluated)
        callee = known.func if known is not None else None
        if callee is None or isinstance(callee, ast.ClassDef):
            return frozenset()
        summ = self.facts.summaries.get(callee)
        if summ is None and self.imports is not None:
            summ = self.imports.summaries.get(callee)  # a function of another module
        if summ is None or not summ.lookups:
            return frozenset()
        return frozenset(a.id for i, a in enumerate(value.args)
                         if i in summ.lookups and isinstance(a, ast.Name))

    def note_lookup(self, name: str, value: ast.AST, env: Env) -> None:
        """``row = <a lookup by equality>``: testing ``row`` tells whether the values
        bound matched a row.  Any other assignment forgets it."""
        found = self.looked_up(value, env)
        if found:
            env.bind(LOOKUP + name, V(flags=found))
        elif env.get(LOOKUP + name) is not None:
            env.bind(LOOKUP + name, CLEAN)

    def check(self, node: ast.AST, env: Env) -> tuple[Names, Names]:
        """The names one elementary check validates: (when it passes, when it fails).
        A name, not an attribute or item path: the engine binds names alone."""
        if type(node) is ast.Name or isinstance(node, ast.Compare) and \
                type(node.ops[0]) in (ast.Is, ast.IsNot) and \
                type(node.left) is ast.Name and len(node.ops) == 1 and \
                type(node.comparators[0]) is ast.Constant and \
                node.comparators[0].value is None:
            row = node if isinstance(node, ast.Name) else node.left
            held = env.get(LOOKUP + row.id) if isinstance(row, ast.Name) else None
            found = held.flags if held is not None else NO_NAMES
            # `row`, `row is not None`: found; `row is None`: not found
            return (NO_NAMES, found) if isinstance(node, ast.Compare) and \
                isinstance(node.ops[0], ast.Is) else (found, NO_NAMES)
        if isinstance(node, ast.Compare):
            if len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)) and \
                    isinstance(node.left, ast.Name) and \
                    self.allow_list(node.comparators[0], env):
                found = frozenset({node.left.id})
                return (found, NO_NAMES) if isinstance(node.ops[0], ast.In) \
                    else (NO_NAMES, found)
            return NO_NAMES, NO_NAMES
        if not isinstance(node, ast.Call):
            return NO_NAMES, NO_NAMES
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in VALIDATING_STR_METHODS:
            if isinstance(func.value, ast.Name) and not node.args:
                return frozenset({func.value.id}), NO_NAMES
            return NO_NAMES, NO_NAMES
        fq = self.qual(func, env)
        if fq in REGEX_FULLMATCH or fq in REGEX_MATCH:
            pattern = const_str(names.arg_node(node, 0, "pattern"))
            value = names.arg_node(node, 1, "string")
            if pattern is not None and isinstance(value, ast.Name) and \
                    anchored(pattern, fq in REGEX_FULLMATCH):
                return frozenset({value.id}), NO_NAMES
            return NO_NAMES, NO_NAMES
        last = func.attr if isinstance(func, ast.Attribute) else \
            func.id if isinstance(func, ast.Name) else None
        if last is not None and validator_name(last, self.validators):
            found = frozenset(a.id for a in [*node.args, *(k.value for k in node.keywords)]
                              if isinstance(a, ast.Name))
            return found, NO_NAMES
        return NO_NAMES, NO_NAMES

    def allow_list(self, node: ast.AST, env: Env) -> bool:
        """A constant collection (a display of constants, or a name or ALL_CAPS
        attribute holding one): membership in it is a validation."""
        if not isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Name,
                                 ast.Attribute)):
            return False
        v = self.val(node, env)
        if v.taint or v.param_flows or v.func is not None:
            return False
        if isinstance(node, ast.Name) and node.id.isupper() or \
                isinstance(node, ast.Attribute) and node.attr.isupper():
            return True  # ALL_CAPS: a constant by convention, also when imported
        return not v.nonconst and v.ref is None

    def s_While(self, s: ast.While, env: Env) -> None:
        self.expr(s.test, env)
        self.emit("if", s, env)
        since = self.log.begin()
        a = env.copy()
        self.loop_body(s, a)
        self.block(s.orelse, a)
        env.merge(env, a, self.log.end(since))

    def s_For(self, s: ast.For | ast.AsyncFor, env: Env) -> None:
        it = self.expr(s.iter, env)
        since = self.log.begin()
        a = env.copy()
        self.bind_element(s.target, s.iter, it, a)
        self.loop_body(s, a)
        self.block(s.orelse, a)
        env.merge(env, a, self.log.end(since))

    s_AsyncFor = s_For

    def loop_body(self, s: ast.For | ast.AsyncFor | ast.While, env: Env) -> None:
        """A loop's body, analyzed twice so that what one iteration binds reaches
        the next -- unless the first analysis bound every name to what it was
        already bound to, and changed no fact of the module (a summary, a session
        state key, a ``self.attr``, a widget key): the second would then see what
        the first saw, and find what it found."""
        before = dict(env)
        mark = self.log.mark()
        changes = self.facts.changes
        self.block(s.body, env)
        if changes == self.facts.changes and all(
            same(before.get(k), env.get(k)) for k in self.log.bound_since(mark)
        ):
            return
        self.block(s.body, env)

    def s_With(self, s: ast.With | ast.AsyncWith, env: Env) -> None:
        for item in s.items:
            v = self.expr(item.context_expr, env)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, v, env, item.context_expr)
        self.block(s.body, env)

    s_AsyncWith = s_With

    def s_Try(self, s: ast.Try, env: Env) -> None:
        self.guarded += 1 if s.handlers else 0
        self.block(s.body, env)
        self.guarded -= 1 if s.handlers else 0
        for h in s.handlers:
            if h.type is not None:
                self.expr(h.type, env)
            if h.name:
                env.bind(h.name, NONCONST)
            self.block(h.body, env)
        self.block(s.orelse, env)
        self.block(s.finalbody, env)

    s_TryStar = s_Try

    def s_Match(self, s: Any, env: Env) -> None:
        v = self.expr(s.subject, env)
        since = self.log.begin()
        branches = []
        for case in s.cases:
            a = env.copy()
            for n in ast.walk(case.pattern):
                name = getattr(n, "name", None)
                if isinstance(name, str):
                    a.bind(name, v)
            if case.guard is not None:
                self.expr(case.guard, a)
            self.block(case.body, a)
            branches.append(a)
        keys = self.log.end(since)
        for a in branches:
            env.merge(env, a, keys)

    def s_Global(self, s: ast.stmt, env: Env) -> None:
        return None

    s_Nonlocal = s_Global

    # ----------------------------------------------------------- binding
    def bind_element(self, target: ast.AST, iterable: ast.AST, it: V, env: Env) -> None:
        """Bind a loop target to an element of ``iterable`` (whose value is ``it``):
        the index of ``for i, x in enumerate(xs)`` is a number, not an element."""
        if isinstance(iterable, ast.Call) and self.qual(iterable.func, env) == "builtins.range":
            self.bind(target, CLEAN, env, None)  # a number
            return
        if isinstance(target, ast.Tuple) and len(target.elts) == 2 and isinstance(
            iterable, ast.Call
        ) and self.qual(iterable.func, env) == "builtins.enumerate":
            self.bind(target.elts[0], CLEAN, env, None)
            self.bind(target.elts[1], self.element(it), env, None)
            return
        self.bind(target, self.element(it), env, None)

    def element(self, v: V) -> V:
        """The value of an element of an iterable value.  In a list of tuples that
        hold a secret at known places (``[("openai", key, "gpt-4o")]``), each element
        holds it at those places, and ``for name, key, model in ...`` unpacks it."""
        if DICT in v.flags:
            return CLEAN  # for k in {"status": s, "mode": m}: the program's own keys
        each = keyed_item(v, EACH) if not v.taint and not v.secret else None
        if each is not None:
            # for k in fields, fields a parameter: each call's argument decides (and a
            # statement split in parts is still the built SQL: for s in q.split(";"))
            return each.but(sql=v.sql) if v.sql is not None and each.sql is None else each
        e = derive(v, keep_ref=v.ref == ST)
        if v.secret_at and all(k.startswith(POSITION) for k in v.secret_at):
            e = e.but(secret_at=v.secret_at)
        if v.taint_at is not None and (all(k.startswith(POSITION) for k in v.taint_at) or
                                       not any(k.startswith(POSITION) for k in v.taint_at)):
            # also a list of dicts (a chat history): each entry holds the taint under the
            # keys its dicts did ({"role": "user", "content": prompt})
            e = e.but(taint_at=v.taint_at)
        if v.flows_at is not None and all(k.startswith(POSITION) for k, _ in v.flows_at):
            e = e.but(flows_at=v.flows_at)
        return e

    def bind(self, target: ast.AST, v: V, env: Env, value_node: ast.AST | None) -> None:
        """Bind an assignment target to ``v`` (``value_node``, when it is the node
        assigned, lets ``a, b = x, y`` bind each name to its own value)."""
        if isinstance(target, ast.Name):
            env.bind(target.id, v)
        elif isinstance(target, (ast.Tuple, ast.List)):
            elts = None
            if isinstance(value_node, (ast.Tuple, ast.List)) and len(value_node.elts) == len(
                target.elts
            ):
                elts = value_node.elts
            # a secret known to sit at some positions (``df, key = load()``)
            placed = keyed(v) and not any(
                isinstance(t, ast.Starred) for t in target.elts)
            for i, t in enumerate(target.elts):
                if isinstance(t, ast.Starred):
                    t = t.value
                if elts is not None:
                    self.bind(t, self.val(elts[i], env), env, elts[i])
                elif placed:
                    self.bind(t, secret_item(v, position(i)), env, None)
                else:
                    self.bind(t, self.element(v), env, None)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, v, env, None)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            self.expr(target.value, env)
            if isinstance(target, ast.Subscript):
                self.expr(target.slice, env)
            ck = self.class_key(target)
            if ck is not None:
                # self.attr = value: seen by every method of the class
                self.facts.set_class_attr(
                    ck, self.through_constructor(v).but(param_flows=EMPTY, func=None))
                return
            if isinstance(target, ast.Attribute) and self.set_instance_attribute(target, v, env):
                return
            key = self.state_key(target, env)
            if key is not None:
                self.facts.set_state(key, v)
                return
            at = const_str(target.slice) if isinstance(target, ast.Subscript) else None
            if at is None and isinstance(target, ast.Subscript) and \
                    isinstance(target.value, ast.Name) and \
                    DICT in getattr(env.get(target.value.id), "flags", ()):
                # d[name] = x: a key the program did not write
                old = env[target.value.id]
                env.bind(target.value.id, old.but(flags=old.flags - {DICT}))
            if not (v.taint or v.secret):
                return
            if isinstance(target.value, ast.Name):
                # obj.attr = tainted / d[k] = tainted taints the container (and d[name]
                # = x adds a key the program did not write)
                self.taint_container(target.value.id, stored_under(v, at), env,
                                     keeps_keys=at is not None)
                return
            # st.session_state.history[-1]["response"] = answer: the key's entries hold it
            # (through constant keys and places only: d[name][field] = x leaves the keys
            # of d as they were, which a taint "anywhere" would not say)
            root = target.value
            if isinstance(target, ast.Subscript) and names.constant_index(target.slice) is None:
                return
            while isinstance(root, (ast.Attribute, ast.Subscript)):
                held = self.state_key(root, env)
                if held is not None:
                    self.facts.add_to_state(held, stored_under(v, at).but(param_flows=EMPTY))
                    return
                if isinstance(root, ast.Subscript) and names.constant_index(root.slice) is None:
                    return
                root = root.value

    def taint_container(self, name: str, v: V, env: Env, keeps_keys: bool = False) -> None:
        """What is stored in the object ``name`` is bound to taints the object; unless
        ``keeps_keys`` (or ``v`` is itself a dict of constant keys), it may now hold a
        key that is not the program's."""
        old = env.get(name)
        if old is not None and old.ref is None and old.func is None:
            new = join([old, v if keyed(v) else derive(v)])
            if DICT in new.flags and not keeps_keys and DICT not in v.flags:
                new = new.but(flags=new.flags - {DICT})
            env.bind(name, new)

    def state_key(self, node: ast.AST, env: Env) -> str | None:
        """``st.session_state[k]`` / ``st.session_state.k`` -> k."""
        if isinstance(node, ast.Subscript):
            if self.qual(node.value, env) == "streamlit.session_state":
                return const_str(node.slice) or self.val(node.slice, env).text or \
                    names.dynamic_key(node.slice)
        elif isinstance(node, ast.Attribute):
            if self.qual(node.value, env) == "streamlit.session_state":
                return node.attr
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("setdefault", "get") and node.args and \
                self.qual(node.func.value, env) == "streamlit.session_state":
            # st.session_state.setdefault("log", []).append(entry): the key's list
            return const_str(node.args[0]) or names.dynamic_key(node.args[0])
        return None
