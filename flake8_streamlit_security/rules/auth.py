"""STS201-STS208: authentication and authorization."""
from __future__ import annotations

import ast

from flake8_streamlit_security import names
from flake8_streamlit_security.engine import Analyzer, Env, V, auth_like, bearer
from flake8_streamlit_security.engine.values import position
from flake8_streamlit_security.knowledge.streamlit_api import CLIENT_SOURCES, DISPLAY_CALLS
from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security.names import const_str
from flake8_streamlit_security.rules.base import Family
from flake8_streamlit_security.rules.secrets import target_name
from flake8_streamlit_security.vocab import (
    is_indirection, is_login_check, is_login_flag, is_password_like,
)

_WARN_CALLS = frozenset({"login", "warning", "error", "info", "toast"})
_LOGIN_WORDS = LazyRe(r"(?i)\blog\s?-?in\b|\bsign\s?-?in\b|authenticat|not\s+allowed|"
                      r"access\s+denied|unauthori[sz]ed|permission")


def _offers_login(body: list[ast.stmt]) -> bool:
    """The branch offers a login (st.login, on_click=st.login) or warns the user."""
    for s in body:
        for n in ast.walk(s):
            if isinstance(n, ast.Call):
                d = names.dotted(n.func)
                if d is not None and d.split(".")[-1] in _WARN_CALLS:
                    return True
                for kw in n.keywords:
                    kd = names.dotted(kw.value) or ""
                    if kw.arg == "on_click" and kd.split(".")[-1] in ("login", "logout"):
                        return True
                    if kw.arg == "type" and const_str(kw.value) == "password":
                        return True  # a password input
            elif isinstance(n, ast.Constant) and isinstance(n.value, str) and \
                    _LOGIN_WORDS.search(n.value):
                return True
    return False


def _has_final_else(node: ast.If) -> bool:
    """An else: holding the rest -- at the end of an elif chain, too."""
    while node.orelse:
        if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
            node = node.orelse[0]
            continue
        return True
    return False


def _rest_guarded(block: list[ast.stmt], node: ast.If, flag: ast.expr) -> bool:
    """Every statement after the login branch runs only when the same flag holds
    (``if not ok: <login>`` then ``if ok: <content>``): the content is gated as by an
    ``else:``."""
    rest = block[next((i for i, s in enumerate(block) if s is node), len(block)) + 1:]
    same = ast.dump(flag)
    return bool(rest) and all(isinstance(s, ast.If) and ast.dump(s.test) == same
                              for s in rest)


def _leaves(node: ast.expr) -> list[ast.expr]:
    """The parts text is made of: an f-string's pieces, a concatenation's operands."""
    if isinstance(node, ast.JoinedStr):
        return [leaf for v in node.values for leaf in _leaves(v)]
    if isinstance(node, ast.FormattedValue):
        return _leaves(node.value)
    if isinstance(node, ast.BinOp):
        return [*_leaves(node.left), *_leaves(node.right)]
    return [node]


def _masked(literal: str) -> bool:
    """A masked or truncated value (``********``, ``sk-***``, ``sk-...``): what a
    password field shows, not a password."""
    return any(mark in literal for mark in ("***", "...", "\u2026", "\u2022\u2022\u2022"))


class AuthRules(Family):
    codes = ("STS201", "STS202", "STS203", "STS204", "STS205", "STS206", "STS207", "STS208")

    def __init__(self, an: Analyzer) -> None:
        super().__init__(an)
        self._login_tables: dict[tuple[str, str | None], tuple[str, ...]] | None = None
        an = self.an
        an.on_ref("attribute", self.on_attribute, refs=("streamlit.user.is_logged_in",),
                  attrs=("experimental_user",))
        an.on("subscript", self.on_subscript)
        an.on_ref("name", self.on_name, refs=("streamlit.experimental_user",))
        an.on("if", self.on_if)
        an.on_call(self.on_call, methods=("endswith", "startswith", "__eq__"))
        an.on_call(self.on_login, fqs=("streamlit.login", "streamlit.logout"))
        an.on("compare", self.on_compare)
        an.on("block", self.on_block)

    # STS201 / STS202 -------------------------------------------------------------
    def on_attribute(self, node: ast.Attribute, v: V, env: Env) -> None:
        if v.ref == "streamlit.user.is_logged_in" and isinstance(node.ctx, ast.Load) and \
                not self.an.guarded:
            self.report(node, "STS201")
        if node.attr == "experimental_user" and self.an.qual(node, env) == \
                "streamlit.experimental_user":
            self.report(node, "STS202")

    def on_subscript(self, node: ast.Subscript, v: V, env: Env) -> None:
        if const_str(node.slice) == "is_logged_in" and self.an.qual(node.value, env) == \
                "streamlit.user" and not self.an.guarded:
            self.report(node, "STS201")

    def on_name(self, node: ast.Name, v: V, env: Env) -> None:
        if v.ref == "streamlit.experimental_user":
            self.report(node, "STS202")

    # STS203 / STS207 -------------------------------------------------------------
    def on_if(self, node: ast.If | ast.While, env: Env) -> None:
        test = node.test
        if isinstance(node, ast.If) and isinstance(test, ast.UnaryOp) and isinstance(
            test.op, ast.Not
        ) and ("login" in self.an.val(test.operand, env).flags
               or self._login_check(test.operand, env)):
            block = self.an.block_stack[-1] if self.an.block_stack else []
            follows = bool(block) and block[-1] is not node and \
                not _rest_guarded(block, node, test.operand)
            if (follows and not _has_final_else(node) and _offers_login(node.body)
                    and not names.terminates(node.body)):
                self.report(node, "STS203")
        # truthiness of a client-controlled auth-like value decides access
        inner = test.operand if isinstance(test, ast.UnaryOp) else test
        parts = inner.values if isinstance(inner, ast.BoolOp) else [inner]
        if isinstance(node, ast.If) and self._only_greets(node, env):
            # `if user: st.sidebar.write(f"Signed in as {user}")` decides nothing
            for sub in ast.walk(test):
                self.an.withdraw(sub, "STS207")
            return
        for part in parts:
            if isinstance(part, ast.Compare):
                continue
            v = self.an.val(part, env)
            if v.auth and (not bearer(v.auth) or self._grants_login(node, env)):
                # (a link's token routes; one whose mere presence logs in decides)
                self.report(part, "STS207", source=v.auth)

    def _only_greets(self, node: ast.If, env: Env) -> bool:
        """The branch the test guards shows the client-controlled identity itself (a
        "Signed in as ..." line), and both branches only show text made of literals and
        that identity: no access is granted or denied. (Constant text alone is not
        enough: ``st.write("admin panel")`` stands for what the test unlocks.)"""
        shows = False
        for s in [*node.body, *node.orelse]:
            if isinstance(s, ast.Pass):
                continue
            if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)
                    and self.an.qual(s.value.func, env) in DISPLAY_CALLS):
                return False
            for arg in [*s.value.args, *(k.value for k in s.value.keywords)]:
                if not self._identity_text(arg, env):
                    return False
                if s in node.body and not all(
                        isinstance(n, ast.Constant) for n in _leaves(arg)):
                    shows = True
        return shows

    def _identity_text(self, node: ast.expr, env: Env) -> bool:
        """Text built only from literals and client-controlled identity values."""
        return all(isinstance(leaf, ast.Constant) or
                   isinstance(leaf, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))
                   and bool(self.an.val(leaf, env).auth) for leaf in _leaves(node))

    def _grants_login(self, node: ast.If | ast.While, env: Env) -> bool:
        """The branch taken when the test holds sets a login flag in the session
        (``st.session_state["authenticated"] = True``)."""
        for s in node.body:
            if isinstance(s, ast.Assign):
                for t in s.targets:
                    key = self.an.state_key(t, env)
                    if key is not None and is_login_flag(key):
                        return True
        return False

    def _login_check(self, node: ast.expr, env: Env) -> bool:
        """A custom login gate's check: a call of a function whose name says it checks
        a login or a password (``check_password()``), or an auth flag read from
        ``st.session_state`` (``["password_correct"]``, ``.get("authenticated")``)."""
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and node.args:
                if self.an.qual(func.value, env) == "streamlit.session_state":
                    key = const_str(node.args[0])
                    return key is not None and is_login_flag(key)
            fq = self.an.qual(func, env) or ""
            name = names.dotted(func)
            return name is not None and not fq.startswith(("streamlit.", "builtins.")) \
                and is_login_check(name.rsplit(".", 1)[-1])
        key = self.an.state_key(node, env)
        return key is not None and is_login_flag(key)

    # STS204 / STS502-style calls ------------------------------------------------
    def on_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in (
            "endswith", "startswith", "__eq__", "lower"
        ):
            recv = self.an.val(func.value, env)
            if recv.auth and func.attr != "lower":
                self.report(node, "STS207", source=recv.auth)
        if isinstance(func, ast.Attribute) and func.attr == "endswith" and node.args:
            recv = self.an.val(func.value, env)
            if "email" in recv.flags:
                arg = node.args[0]
                lits = [arg] if not isinstance(arg, ast.Tuple) else list(arg.elts)
                for lit in lits:
                    s = const_str(lit)
                    if s is not None and s and not s.startswith("@"):
                        self.report(node, "STS204", check=f'endswith("{s}")')
                        break

    def on_compare(self, node: ast.Compare, env: Env) -> None:
        an = self.an
        sides = [node.left, *node.comparators]
        for op, a, b in zip(node.ops, sides, sides[1:]):
            va, vb = an.val(a, env), an.val(b, env)
            # STS204: "domain" in email
            if isinstance(op, (ast.In, ast.NotIn)) and "email" in vb.flags:
                s = const_str(a)
                if s:
                    self.report(node, "STS204", check=f'"{s}" in email')
            # STS207: client-controlled identity decides
            for v, other in ((va, b), (vb, a)):
                if v.auth:
                    self.report(node, "STS207", source=v.auth)
                    break
            else:
                if isinstance(op, (ast.In, ast.NotIn)) and vb.ref in CLIENT_SOURCES:
                    s = const_str(a)
                    if s and auth_like(s) and not bearer(s):
                        self.report(node, "STS207",
                                    source=f'{CLIENT_SOURCES[vb.ref]} "{s}"')
            # STS205: password gate against a literal (the value on either side of
            # ==/!=; on the left of `in` a literal collection)
            pairs: list[tuple[ast.expr, V, ast.expr]] = []
            if isinstance(op, (ast.Eq, ast.NotEq)):
                pairs = [(a, va, b), (b, vb, a)]
            elif isinstance(op, (ast.In, ast.NotIn)):
                pairs = [(a, va, b)]
            for x, vx, y in pairs:
                if self._password_gate(x, vx, y, op):
                    self.report(node, "STS205")
                    # one finding per literal, the most specific: not STS101 as well
                    self.an.withdraw(y, "STS101")
                    break
            # STS206: a secret compared with ==/!=
            if isinstance(op, (ast.Eq, ast.NotEq)):
                for vx, y, vy in ((va, b, vb), (vb, a, va)):
                    if vx.secret and (vx.secret == "st.secrets"
                                      or vx.secret.startswith("os.environ[")):
                        if not isinstance(y, ast.Constant) and not vy.secret:
                            self.report(node, "STS206",
                                        op="==" if isinstance(op, ast.Eq) else "!=")
                            break

    def _password_gate(self, x: ast.AST, vx: V, y: ast.AST, op: ast.cmpop) -> bool:
        """``x`` is password-like and ``y`` a non-empty literal (or, for ``in``, a
        literal list, tuple or set of them; or a table of logins written in the code).
        A placeholder word counts: compared with a password, the literal is the
        password.  ``"key" in value`` is a key or substring test, never a password check
        (callers pass only ``x in y``)."""
        if self.an.asserting:
            return False  # a test's expectation, not the app's gate
        if "pw" not in vx.flags:  # not the value of a password input: its name decides
            if isinstance(x, ast.Call) and isinstance(x.func, ast.Attribute) and \
                    x.func.attr == "get" and x.args:
                name = const_str(x.args[0])  # a mapping's key: params.get("password")
            elif isinstance(x, (ast.Name, ast.Attribute, ast.Subscript)):
                name = target_name(x)
            else:
                name = None
            if name is None or not is_password_like(name):
                return False
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(y, (ast.List, ast.Tuple, ast.Set)):
                return False
            lits = [const_str(e) for e in y.elts]
        else:
            lits = self._table_passwords(y) or [const_str(y)]
        # a literal with no letter or digit ("—", "-") is a display filler, and one spelled
        # like a variable's name ("SET_VAULT_PASSWORD", "${PW}") an is-it-set test
        return any(lit and not _masked(lit) and any(c.isalnum() for c in lit)
                   and not (is_indirection(lit) and not lit.isalnum()) for lit in lits)

    def _table_passwords(self, y: ast.AST) -> list[str | None]:
        """The passwords of a table of logins written in the code that ``y`` looks up:
        ``USERS[name]`` / ``USERS.get(name)`` of ``USERS = {"alice": "s3cret", ...}``,
        ``USERS[name]["password"]`` of ``{"alice": {"password": "s3cret", ...}}``, or
        ``USERS[name][1]`` of ``{"alice": ["admin", "s3cret"]}`` (the place a password is
        compared with)."""
        field = None
        if isinstance(y, ast.Subscript) and isinstance(y.value, (ast.Subscript, ast.Call)):
            field = const_str(y.slice)  # USERS[name]["password"]
            if field is None and isinstance(y.slice, ast.Constant) and \
                    type(y.slice.value) is int:
                field = position(y.slice.value)  # USERS[name][1]: compared with a password
            elif field is None or not is_password_like(field):
                return []
            y = y.value
        if isinstance(y, ast.Subscript):
            table, who = y.value, y.slice
        elif isinstance(y, ast.Call) and isinstance(y.func, ast.Attribute) and \
                y.func.attr == "get" and y.args:
            table, who = y.func.value, y.args[0]
        else:
            return []
        if isinstance(who, ast.Constant):
            return []  # data["confirm"]: one field of a record, not a user's row
        if not isinstance(table, ast.Name):
            return []
        tables = self.login_tables()
        found = tables.get((table.id, field))
        return list(found) if found else []

    def login_tables(self) -> dict[tuple[str, str | None], tuple[str, ...]]:
        """Names bound to a dict display of logins: (name, None) -> its string values,
        (name, field) -> the string values under a password-like field of its dicts."""
        if self._login_tables is None:
            self._login_tables = {}
            for node in names.statements([self.an.tree]):  # assignments are statements
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and
                        isinstance(node.targets[0], ast.Name) and
                        isinstance(node.value, ast.Dict) and node.value.values):
                    continue
                name = node.targets[0].id
                flat = [const_str(v) for v in node.value.values]
                if all(flat):
                    self._login_tables[(name, None)] = tuple(str(v) for v in flat)
                    continue
                for item in node.value.values:
                    if isinstance(item, (ast.List, ast.Tuple)):  # "bob": ["admin", "pw"]
                        for i, e in enumerate(item.elts):
                            lit = const_str(e)
                            if lit:
                                self._login_tables.setdefault((name, position(i)), ())
                                self._login_tables[(name, position(i))] += (lit,)
                    if isinstance(item, ast.Dict):
                        for k, v in zip(item.keys, item.values):
                            key, lit = const_str(k), const_str(v)
                            if key and lit and is_password_like(key):
                                self._login_tables.setdefault((name, key), ())
                                self._login_tables[(name, key)] += (lit,)
        return self._login_tables

    # STS208 ------------------------------------------------------------------------
    def on_login(self, node: ast.Call, fq: str | None, env: Env) -> None:
        self.an.watch_block()

    def on_block(self, body: list[ast.stmt], env: Env) -> None:
        call = None
        for s in body:
            if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call):
                fq = self.an.qual(s.value.func, env)
                if fq in ("streamlit.login", "streamlit.logout"):
                    call = fq.rsplit(".", 1)[1]
                    break
        if call is None:
            return
        for s in body:
            targets: list[ast.AST] = []
            if isinstance(s, ast.Assign):
                targets = list(s.targets)
            elif isinstance(s, (ast.AugAssign, ast.AnnAssign)):
                targets = [s.target]
            elif isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and isinstance(
                s.value.func, ast.Attribute
            ) and s.value.func.attr in ("update", "setdefault", "__setitem__"):
                if self.an.qual(s.value.func.value, env) == "streamlit.session_state":
                    self.report(s.value, "STS208", call=call)
                continue
            elif isinstance(s, ast.Delete):
                targets = list(s.targets)
            for t in targets:
                if self.an.state_key(t, env) is not None:
                    self.report(t, "STS208", call=call)
