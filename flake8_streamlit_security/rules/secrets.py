"""STS101-STS106: secrets in code (any file)."""
from __future__ import annotations

import ast
from itertools import accumulate

from flake8_streamlit_security import names, secretscan
from flake8_streamlit_security.knowledge import streamlit_api
from flake8_streamlit_security.knowledge.propagation import ENV_GETTERS
from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security.names import const_str
from flake8_streamlit_security.rules.base import Family
from flake8_streamlit_security.engine import Analyzer, Env, V
from flake8_streamlit_security.vocab import (
    FILLER_WORDS, app_password, is_file_name, is_password_like, is_placeholder, url_password,
    words,
)

_REGEX_LIKE = LazyRe(r"^\^|\(\?|\\[dwsbDWS]|\[[^\]]+\][*+{]")  # (a trailing $ ends passwords too)
# A CSS or XPath selector of a page element (a scraper's "input[type='password']").
_SELECTOR = LazyRe(r"^[a-z]*(?:[#.][\w-]+)*\[[\w-]+(?:[~|^$*]?=['\"]?[^'\"\]]*['\"]?)?\]|^//[a-z*]")
# A call in code: "document.getElementById('password').value;", "os.getenv('X')".
_CODE_LIKE = LazyRe(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(.*\)[\w.$]*;?$")
# A key's or a field's *name*: "api_key", "_login_password", "nextPageToken".
_IDENT_LIKE = LazyRe(r"^_*[a-z]+([_.\-][a-z]+)*$|^[a-z]+(?:[A-Z][a-z]+)+$")
LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "critical", "exception", "log", "fatal",
     "success", "trace"}
)
_LOGGER_NAMES = frozenset({"logger", "log", "LOGGER", "LOG", "_logger", "_log", "logging"})


def secret_value_literal(value: str) -> bool:
    """A literal that could be a real secret (name-based rules)."""
    v = value.strip()
    if is_placeholder(v, min_length=8):
        return False
    if app_password(v):
        return True  # "abcd efgh ijkl mnop": a mail provider's app password
    if any(c.isspace() for c in v):
        return False  # prose: a label, a hint, a message
    if is_file_name(v) or _IDENT_LIKE.match(v):
        return False  # a file name or a key *name*
    if _REGEX_LIKE.search(v) or _SELECTOR.match(v) or _CODE_LIKE.match(v):
        # a validation pattern, a page element's selector, code (a script's line
        # "document.getElementById('password').value;"), not a secret
        return False
    if v.startswith(("http://", "https://", "/", "./")) and "@" not in v:
        return False
    return True


# The keywords of a call that take a password (RULES.md "password slot").
PASSWORD_SLOTS = frozenset({"password", "passwd", "pwd"})
# A libpq/ODBC key=value connection string: its password part, when another
# connection key stands next to it (``host=db user=app password=root12``,
# ``SERVER=db;UID=sa;PWD=root12``).
_DSN_KEYS = LazyRe(r"(?i)(?:^|[\s;])(?:host|hostaddr|server|user|uid|dbname|database|port|"
                   r"driver|data source)\s*=")
_DSN_PASSWORD = LazyRe(r"(?i)(?:^|[\s;])(?:password|passwd|pwd)\s*=\s*"
                       r"(?P<pw>'[^']*'|\{[^}]*\}|[^\s;'{]+)")


def password_slot_literal(value: str) -> bool:
    """A literal in a password slot that is a password: any non-empty value that is
    not a placeholder, an indirection or prose, whatever its length.  A common word
    (``password``, ``admin``) is the password the call sends; a filler (``changeme``,
    ``none``) is not."""
    v = value.strip()
    return bool(v) and not is_placeholder(v, min_length=1, common_words=False) and \
        v.lower() not in FILLER_WORDS and \
        not any(c.isspace() for c in v) and not v.startswith(("$", "%("))


def dsn_password(value: str) -> bool:
    """A key=value connection string (libpq, ODBC) that holds a literal password."""
    if "=" not in value or _DSN_KEYS.search(value) is None:
        return False
    for m in _DSN_PASSWORD.finditer(value):
        pw = m.group("pw").strip("'")
        if "(" in pw:
            continue  # code in a page's script: password = document.getElementById(...)
        if password_slot_literal(pw):
            return True
    return False


def target_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return const_str(node.slice)
    return None


def _message(exc: ast.expr) -> list[ast.expr]:
    """The parts of an exception that its message shows: the arguments of the
    constructor call (``ValueError(f"bad key {key}")``), else the value itself."""
    if isinstance(exc, ast.Call):
        return [*exc.args, *(kw.value for kw in exc.keywords)]
    return [exc]


class SecretRules(Family):
    codes = ("STS101", "STS102", "STS103", "STS104", "STS105", "STS106")
    streamlit_only = False

    def __init__(self, an: Analyzer) -> None:
        super().__init__(an)
        self.scanned: dict[int, tuple[str | None, bool, bool]] = {}
        self.pass_strings: dict[int, tuple[ast.Constant, str]] = {}
        an = self.an
        an.on("assign", self.on_assign)
        an.on("dict", self.on_dict)
        # the module's functions with a password parameter: name -> {position: name}
        self.password_params: dict[str, dict[int, str]] = {}
        self.password_callees: set[str] = set()
        an.on_call(
            self.on_call,
            fqs={"streamlit.secrets.get", *ENV_GETTERS, "builtins.print",
                 "streamlit.text_input", "streamlit.text_area",
                 *streamlit_api.DISPLAY_CALLS},
            prefixes=("logging.", "loguru.", "structlog."),
            methods={"get", *LOG_METHODS}, keywords=True, callees=self.password_callees)
        an.on("function", self.on_function)
        an.on("compare", self.on_compare)
        an.on("str", self.on_str)
        an.on("boolop", self.on_boolop)
        an.on("expr_stmt", self.on_expr_stmt)
        an.on("raise", self.on_raise)
        an.on("module_end", self.on_module_end)

    # STS101 -----------------------------------------------------------------
    def _bound(self, name: str | None, value: ast.AST | None) -> None:
        lit = const_str(value)
        if name is None or lit is None or value is None:
            return
        if self.an.secret_like(name) and secret_value_literal(lit) and not (
                "dsn" in words(name) and lit.replace("_", "").replace("-", "").isalpha()):
            # (an ODBC data source's name, "DSN": "Warehouse", is no connection string)
            self.report(value, "STS101", name=name)

    def on_assign(self, stmt: ast.stmt, targets: list[ast.expr], value: ast.expr,
                  env: Env) -> None:
        for target in targets:
            if isinstance(target, (ast.Tuple, ast.List)) and isinstance(
                value, (ast.Tuple, ast.List)
            ) and len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts):
                    self._bound(target_name(t), v)
            else:
                self._bound(target_name(target), value)

    def on_dict(self, node: ast.Dict, env: Env) -> None:
        for k, v in zip(node.keys, node.values):
            key = const_str(k)
            if key is not None:
                self._bound(key, v)

    def on_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
                    env: Env) -> None:
        a = node.args
        positional = a.posonlyargs + a.args
        for arg, default in zip(positional[len(positional) - len(a.defaults):], a.defaults):
            self._bound(arg.arg, default)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            slots = {i: p.arg for i, p in enumerate(positional) if p.arg.lower() in PASSWORD_SLOTS}
            if slots:  # hash_password(password): a literal passed to it is a password
                self.password_params[node.name] = slots
                self.password_callees.add(node.name)
        for arg, kd in zip(a.kwonlyargs, a.kw_defaults):
            if kd is not None:
                self._bound(arg.arg, kd)

    def on_compare(self, node: ast.Compare, env: Env) -> None:
        sides = [node.left, *node.comparators]
        for op, a, b in zip(node.ops, sides, sides[1:]):
            if not isinstance(op, (ast.Eq, ast.NotEq)):
                continue
            for x, y in ((a, b), (b, a)):
                if isinstance(x, (ast.Name, ast.Attribute, ast.Subscript)):
                    self._bound(target_name(x), y)

    # STS102 / STS103 ---------------------------------------------------------
    def on_str(self, node: ast.Constant, env: Env) -> None:
        value = node.value
        if isinstance(value, str) and len(value) >= 12:
            # judged together when the pass ends (a literal is seen again when its
            # function is analyzed again: it is scanned once)
            self.pass_strings[id(node)] = (node, value)

    def on_module_end(self, env: Env) -> None:
        found = list(self.pass_strings.values())
        self.pass_strings = {}
        fresh = [(n, v) for n, v in found if id(n) not in self.scanned]
        if fresh:
            self._scan(fresh)
        for node, _value in found:
            detector, password, dsn = self.scanned[id(node)]
            if dsn and not detector:
                self.report(node, "STS101", name="password")
            if detector:
                # one finding per literal: the format is more specific than the name
                self.an.withdraw(node, "STS101")
                self.an.withdraw(node, "STS104")
                self.report(node, "STS102", detector=detector, place="string literal")
            if password:
                self.report(node, "STS103")

    def _scan(self, literals: list[tuple[ast.Constant, str]]) -> None:
        """Scan the literals of a pass at once for STS102: the pre-filter runs over the
        text of the ASCII ones joined by NUL characters (no credential format, keyword
        or long run spans a NUL), and :func:`detect` judges alone each literal it
        points into, and every other one (case folding beyond ASCII may change a
        length).  STS103 starts with two ``in`` tests of its own."""
        plain = [(node, value) for node, value in literals if value.isascii()]
        joined = "\0".join(value for _node, value in plain)
        starts = list(accumulate((len(value) + 1 for _node, value in plain), initial=0))
        # (hot_parts says None only when lower-casing changes a length, which it does
        # not for ASCII text: then every literal would be judged)
        parts = secretscan.hot_parts(joined, joined.lower(), starts)
        hot = {id(plain[i][0]) for i in parts} if parts is not None else None
        for node, value in literals:
            judge = hot is None or id(node) in hot or not value.isascii()
            detector = secretscan.detect(value, reporting=True) if judge else None
            self.scanned[id(node)] = (detector, url_password(value), dsn_password(value))

    # STS104 -------------------------------------------------------------------
    def _secret_getter(self, call: ast.AST, env: Env) -> str | None:
        """The key K of ``st.secrets.get(K)``/``os.getenv(K)``/``os.environ.get(K)``."""
        if not isinstance(call, ast.Call) or not call.args:
            return None
        key = const_str(call.args[0])
        if key is None or not self.an.secret_like(key):
            return None
        fq = self.an.qual(call.func, env)
        if fq == "streamlit.secrets.get" or fq in ENV_GETTERS:
            return key
        if isinstance(call.func, ast.Attribute) and call.func.attr == "get":
            recv = self.an.val(call.func.value, env)
            if recv.secret == "st.secrets":
                return key
        return None

    def on_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        key = self._secret_getter(node, env)
        if key is not None:
            default = names.arg_node(node, 1, "default")
            lit = const_str(default)
            if default is not None and lit is not None and (
                    password_slot_literal(lit) if is_password_like(key)
                    else secret_value_literal(lit)):
                # (a password's fallback is the password whenever the variable is unset:
                # os.getenv("ADMIN_PASSWORD", "admin") opens the page with "admin")
                self.report(default, "STS104", key=key)
        # STS101 keyword arguments; a password slot takes any real literal
        if isinstance(node.func, ast.Name) and node.func.id in self.password_params:
            for i, name in self.password_params[node.func.id].items():
                if i < len(node.args) and not any(
                        isinstance(a, ast.Starred) for a in node.args[:i + 1]):
                    lit = const_str(node.args[i])
                    if lit is not None and password_slot_literal(lit):
                        self.report(node.args[i], "STS101", name=name)
        for kw in node.keywords:
            if kw.arg is not None:
                lit = const_str(kw.value)
                if kw.arg.lower() in PASSWORD_SLOTS and lit is not None:
                    if password_slot_literal(lit):
                        self.report(kw.value, "STS101", name=kw.arg)
                else:
                    self._bound(kw.arg, kw.value)
        if fq is None and not isinstance(node.func, ast.Attribute):
            return
        self._display(node, fq, env)
        self._logging(node, fq, env)

    def on_boolop(self, node: ast.BoolOp, values: list[V], env: Env) -> None:
        if not isinstance(node.op, ast.Or):
            return
        key = None
        for part in node.values:
            if key is None:
                key = self._secret_getter(part, env)
                continue
            lit = const_str(part)
            if lit is not None and secret_value_literal(lit):
                self.report(part, "STS104", key=key)

    # STS105 / STS106 -----------------------------------------------------------
    def _leaks(self, nodes: list[ast.expr], code: str, env: Env) -> None:
        for arg in nodes:
            v = self.an.val(arg, env)
            if v.secret:
                self.report(arg, code, source=v.secret)

    def _display(self, node: ast.Call, fq: str | None, env: Env) -> None:
        if fq in streamlit_api.DISPLAY_CALLS:
            args = list(node.args) + [kw.value for kw in node.keywords if kw.arg in (
                "body", "data", "value", "label", "delta", "help")]
            if fq == "streamlit.exception":
                args = [part for arg in args for part in _message(arg)]
            self._leaks(args, "STS105", env)
        elif fq in ("streamlit.text_input", "streamlit.text_area"):
            value = names.arg_node(node, 1, "value")
            if value is not None:
                self._leaks([value], "STS105", env)

    def _logging(self, node: ast.Call, fq: str | None, env: Env) -> None:
        is_log = fq == "builtins.print"
        if not is_log and isinstance(node.func, ast.Attribute) and \
                node.func.attr in LOG_METHODS:
            recv = self.an.val(node.func.value, env)
            base = names.dotted(node.func.value)
            is_log = (
                recv.ref == "logging.Logger"
                or (recv.ref or "").startswith(("logging", "loguru.logger", "structlog"))
                or (base is not None and base.split(".")[-1] in _LOGGER_NAMES)
            )
        if is_log:
            args = list(node.args) + [kw.value for kw in node.keywords if kw.arg != "file"]
            self._leaks(args, "STS106", env)

    def on_raise(self, stmt: ast.Raise, env: Env) -> None:
        # an uncaught exception's message is shown in the app (client.showErrorDetails
        # defaults to "full"): only in a file that is an app or a page
        if self.an.streamlit and stmt.exc is not None:
            self._leaks(_message(stmt.exc), "STS105", env)

    def on_expr_stmt(self, stmt: ast.Expr, v: V, env: Env) -> None:
        # Streamlit "magic": a bare expression statement is rendered.
        if not self.an.streamlit or isinstance(stmt.value, (ast.Call, ast.Await,
                                                            ast.Constant, ast.Yield,
                                                            ast.YieldFrom)):
            return
        if v.secret:
            self.report(stmt.value, "STS105", source=v.secret)
