"""What the test of an ``if`` checks: that the user is logged in, a URL's scheme, that
a value passed a validator."""
from __future__ import annotations

import ast
from typing import Callable

from flake8_streamlit_security import names
from flake8_streamlit_security.knowledge.validators import (
    EQUALS_PLACEHOLDER, LOOKUP_READS, LOOKUP_RUNS, REGEX_END_ANCHORS,
)
from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security.names import const_str


def login_guard(test: ast.AST) -> int:
    """1 when ``test`` checks that ``is_logged_in`` exists before reading it."""
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and \
            test.func.id == "hasattr" and len(test.args) == 2 and \
            const_str(test.args[1]) == "is_logged_in":
        return 1
    if isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.In) and \
            const_str(test.left) == "is_logged_in":
        return 1
    return 0


def _scheme_prefixes(node: ast.AST) -> bool:
    lits = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    values = [const_str(x) for x in lits]
    return bool(values) and all(
        v is not None and v.lower().startswith(("http", "https", "/", "mailto:"))
        for v in values
    )


def _checked_name(node: ast.AST) -> str | None:
    # u, u.lower(), u.strip().lower()
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("lower", "strip", "casefold", "lstrip"):
        node = node.func.value
    return node.id if isinstance(node, ast.Name) else None


def scheme_checked(test: ast.AST) -> list[str]:
    """Names whose URL scheme ``test`` validates (startswith http, urlparse().scheme)."""
    out: list[str] = []
    parts = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) \
        else [test]
    for part in parts:
        if isinstance(part, ast.Call) and isinstance(part.func, ast.Attribute) and \
                part.func.attr == "startswith" and part.args and \
                _scheme_prefixes(part.args[0]):
            name = _checked_name(part.func.value)
            if name:
                out.append(name)
        elif isinstance(part, ast.Compare) and isinstance(part.left, ast.Attribute) and \
                part.left.attr in ("scheme", "netloc", "hostname") and \
                isinstance(part.left.value, ast.Call) and part.left.value.args:
            name = _checked_name(part.left.value.args[0])
            if name:
                out.append(name)
        elif isinstance(part, ast.Call) and part.args and len(part.args) >= 2 and \
                (names.dotted(part.func) or "").endswith(("re.match", "re.fullmatch")):
            pattern = const_str(part.args[0]) or ""
            name = _checked_name(part.args[1])
            if name and pattern.startswith(("^http", "http", "^(http", "(http")):
                out.append(name)
    return out


# ---------------------------------------------------------------- validators
Names = frozenset[str]
NO_NAMES: Names = frozenset()


def validated(test: ast.AST, check: Callable[[ast.AST], tuple[Names, Names]]
              ) -> tuple[Names, Names]:
    """The names ``test`` validates (RULES.md "Validators"): (when it is true, when it
    is false).  ``check`` says that of one elementary check (a membership test, a
    validator call).  ``not`` swaps the two; ``and`` validates what any part does when
    it is true, and what every part does when it is false (whichever part failed);
    ``or`` the other way round."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        yes, no = validated(test.operand, check)
        return no, yes
    if isinstance(test, ast.BoolOp):
        parts = [validated(v, check) for v in test.values]
        passed = [p[0] for p in parts]
        failed = [p[1] for p in parts]
        if isinstance(test.op, ast.And):
            return frozenset().union(*passed), frozenset.intersection(*failed)
        return frozenset.intersection(*passed), frozenset().union(*failed)
    return check(test)


def anchored(pattern: str, fullmatch: bool) -> bool:
    """A regular expression that, as ``re.match``/``re.fullmatch`` uses it, must match
    the whole value."""
    return fullmatch or pattern.endswith(REGEX_END_ANCHORS) and not pattern.endswith("\\$")


_EQUALS_PLACEHOLDER = LazyRe(EQUALS_PLACEHOLDER)


def lookup(node: ast.AST) -> tuple[ast.AST | None, frozenset[str]]:
    """A database lookup by equality with bound values: what it is run on (the cursor
    of ``cur.execute(sql, (x,))``, None when its rows are read at once) and the names
    bound (``x``).  ``conn.execute("SELECT * FROM chat WHERE id = ?", (x,)).fetchone()``;
    nothing for anything else."""
    run = node
    reads = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
        node.func.attr in LOOKUP_READS
    if reads:
        run = node.func.value  # type: ignore[attr-defined]
    if not (isinstance(run, ast.Call) and isinstance(run.func, ast.Attribute) and
            run.func.attr in LOOKUP_RUNS and len(run.args) >= 1):
        return None, frozenset()
    sql = const_str(run.args[0])
    bound = run.args[1] if len(run.args) >= 2 else next(
        (k.value for k in run.keywords if k.arg in ("params", "parameters")), None)
    if sql is None or bound is None or _EQUALS_PLACEHOLDER.search(sql) is None or \
            " like " in sql.lower():
        return None, frozenset()
    items = bound.values if isinstance(bound, ast.Dict) else \
        bound.elts if isinstance(bound, (ast.Tuple, ast.List)) else []
    found = frozenset(x.id for x in items if isinstance(x, ast.Name))
    return (None if reads else run.func.value), found
