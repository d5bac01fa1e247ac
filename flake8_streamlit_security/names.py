"""Import/alias resolution, and small helpers for reading calls.

Names are resolved to dotted qualified names (``streamlit.markdown``,
``pickle.loads``, ``builtins.eval``) from the module's own imports, never from
spelling alone.  Streamlit containers (``st.sidebar``, names bound from
``st.columns(...)`` and friends) resolve to ``streamlit`` itself, so
``col.markdown`` and ``st.sidebar.markdown`` are both ``streamlit.markdown``.
"""
from __future__ import annotations

import ast
import builtins
import re
from typing import Iterable, Iterator

from flake8_streamlit_security.knowledge.sinks import CODE_OPTIONS, CODE_RUNNERS, WRAPPERS
from flake8_streamlit_security.knowledge.streamlit_api import ST, TERMINATOR_CALLS
from flake8_streamlit_security.vocab import STREAMLIT_IMPORT_PATTERN

BUILTIN_NAMES: frozenset[str] = frozenset(dir(builtins))


def dotted(node: ast.AST) -> str | None:
    """The raw dotted spelling of a Name/Attribute chain (no resolution)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def canonical(qualname: str) -> str:
    """Collapse container hops: ``streamlit.sidebar.markdown`` -> ``streamlit.markdown``."""
    if qualname.startswith("streamlit.sidebar"):
        rest = qualname[len("streamlit.sidebar"):]
        return ST + rest if rest else ST
    return qualname


# Names a rule needs that apps import with ``from <package>.<module> import *``, as
# fastai's documentation does (``from fastai.vision.all import *``), by package.
STAR_EXPORTS: dict[str, tuple[str, ...]] = {"fastai": ("load_learner",)}


def import_bindings(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """(bound name, qualified name) pairs an import statement creates."""
    out: list[tuple[str, str]] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                out.append((alias.asname, alias.name))
            else:
                top = alias.name.split(".", 1)[0]
                out.append((top, top))
    else:
        if node.level or not node.module:
            return out
        for alias in node.names:
            if alias.name == "*":
                # the names a rule needs from such a module (fastai's load_learner)
                top = node.module.split(".", 1)[0]
                out.extend((name, f"{node.module}.{name}") for name in STAR_EXPORTS.get(top, ()))
                continue
            out.append((alias.asname or alias.name, f"{node.module}.{alias.name}"))
    return out


_PUBLIC = (ST, ST + ".components")


def _public(module: str) -> bool:
    return module == ST or module == _PUBLIC[1] or module.startswith(_PUBLIC[1] + ".")


# The pattern at one line's start: it never crosses a line, and every line it
# matches names streamlit, so only the lines holding "streamlit" are tried (a
# multi-line pattern is tried at every character of the file).
_IMPORT_LINE = re.compile(STREAMLIT_IMPORT_PATTERN.replace("(?m)^", "", 1))


def _import_hint(text: str) -> bool:
    """``STREAMLIT_IMPORT_PATTERN`` matches somewhere in ``text``."""
    at = text.find("streamlit")
    while at != -1:
        if _IMPORT_LINE.match(text, text.rfind("\n", 0, at) + 1):
            return True
        end = text.find("\n", at)
        if end == -1:
            return False
        at = text.find("streamlit", end)
    return False


def imports_streamlit(tree: ast.AST, text: str | None = None) -> bool:
    """The file imports Streamlit's public API (``streamlit``, ``streamlit.components``).

    Modules that only import Streamlit internals (``streamlit.runtime...``) are library
    code, not apps: they cannot reach ``st.*`` through any of the resolved forms.
    ``text`` (the source) lets most files be decided without walking the tree.
    """
    if text is not None and not _import_hint(text):
        return False
    # Imports are statements: the statement lists alone hold every one.
    for node in statements([tree]):
        if isinstance(node, ast.Import):
            if any(_public(a.name) for a in node.names):
                return True
        elif isinstance(node, ast.ImportFrom):
            if not node.level and _public(node.module or ""):
                return True
    return False


# The fields holding statements (ExceptHandler and match_case hold them too).
STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


# Web frameworks: a module importing one serves visitors, whatever else it does.
SERVER_MODULES: frozenset[str] = frozenset(
    {"fastapi", "flask", "django", "starlette", "sanic", "aiohttp", "tornado", "bottle",
     "falcon", "litestar", "quart", "gradio", "dash", "fasthtml", "nicegui", "panel"}
)


def runs_as_script(tree: ast.Module) -> bool:
    """A command-line script: it runs under ``if __name__ == "__main__":`` and imports
    no web framework.  What it formats into SQL comes from its operator (its command
    line, its configuration, the database it migrates), not from a visitor."""
    if not any(isinstance(s, ast.If) and isinstance(s.test, ast.Compare) and
               isinstance(s.test.left, ast.Name) and s.test.left.id == "__name__"
               for s in tree.body):
        return False
    for node in statements([tree]):
        if isinstance(node, ast.Import):
            if any(a.name.split(".", 1)[0] in SERVER_MODULES for a in node.names):
                return False
        elif isinstance(node, ast.ImportFrom) and not node.level and \
                (node.module or "").split(".", 1)[0] in SERVER_MODULES:
            return False
    return True


def statements(nodes: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """``nodes`` and every statement nested in them (and the except handlers and
    match cases holding some), a body before its other branches, without visiting
    an expression (none holds a statement): a fraction of ``ast.walk``'s visits."""
    stack = list(nodes)[::-1]
    while stack:
        node = stack.pop()
        yield node
        for field in STATEMENT_FIELDS[::-1]:
            sub = getattr(node, field, None)
            if type(sub) is list:
                stack.extend(sub[::-1])


def terminates(body: list[ast.stmt]) -> bool:
    """The block always ends the script run: return/raise, ``st.stop()``, ``sys.exit()``..."""
    for s in body:
        if isinstance(s, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
            return True
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call):
            d = dotted(s.value.func)
            if d is not None and d.rsplit(".", 1)[-1] in TERMINATOR_CALLS:
                return True
        if isinstance(s, ast.If) and s.orelse and terminates(s.body) and terminates(s.orelse):
            return True
        if isinstance(s, (ast.With, ast.AsyncWith)) and terminates(s.body):
            return True
    return False


def const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def kwarg(call: ast.Call, name: str) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def arg_node(call: ast.Call, pos: int, name: str) -> ast.expr | None:
    """The node of parameter ``name`` (positional index ``pos``), if given."""
    kw = kwarg(call, name)
    if kw is not None:
        return kw.value
    plain = [a for a in call.args if not isinstance(a, ast.Starred)]
    if len(plain) == len(call.args) and pos < len(plain):
        return plain[pos]
    if pos < len(call.args) and not any(
        isinstance(a, ast.Starred) for a in call.args[: pos + 1]
    ):
        return call.args[pos]
    return None


def is_true_const(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def is_falsy_const(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and not node.value


def program_name(node: ast.expr) -> str | None:
    """The program a command's first element names, without folder, version or
    ``.exe`` (``/usr/bin/python3.11`` -> ``python3``); ``sys.executable`` as spelled."""
    text = const_str(node)
    if text is None:
        return dotted(node)
    base = text.replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")
    return base.rsplit(".", 1)[0] if base[:1] and base[-1:].isdigit() else base


def program_index(argv: list[ast.expr]) -> int:
    """Where a list-form command's program is: past wrappers (``sudo``, ``env``,
    ``timeout``) with their options, settings and durations
    (``["sudo", "-S", "grep", ...]`` -> 2); 0 without a wrapper."""
    i = 0
    while i < len(argv) and program_name(argv[i]) in WRAPPERS:
        i += 1
        while i < len(argv) and (text := const_str(argv[i])) is not None and (
                text.startswith("-") or "=" in text or text[:1].isdigit()):
            i += 1
    return i


def runs_code(argv: list[ast.expr]) -> bool:
    """A list-form command whose arguments are code or a command line: a shell or an
    interpreter, or ``-c``-like options (``["sudo", "bash", "-c", cmd]``), its
    program found past wrappers."""
    start = program_index(argv)
    return any(program_name(a) in CODE_RUNNERS or const_str(a) in CODE_OPTIONS
               for a in argv[start:start + 3])


def dynamic_key(node: ast.AST | None) -> str:
    """The session-state key of an expression whose text is known only at run time,
    by its spelling (``key=PREFIX + str(i)`` is read back as
    ``st.session_state[PREFIX + str(i)]``)."""
    return f"<dynamic {ast.unparse(node)}>" if node is not None else "<dynamic>"


def constant_index(node: ast.AST) -> str | int | None:
    """The constant key or place a subscript names (``d["k"]``, ``xs[0]``, ``xs[-1]``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
            isinstance(node.operand, ast.Constant) and type(node.operand.value) is int:
        return -node.operand.value
    return None
