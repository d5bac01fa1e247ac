"""The app's own modules, seen from a file that imports them (RULES.md "Across files").

An import that :class:`~flake8_streamlit_security.project.Project` resolves to a
first-party module binds what that module exports: its module-level values (a
``SETTINGS = st.secrets["app"]`` is a secret in the importing file too) and its
functions, whose summaries (which parameter reaches which sink, what the return value
carries) the importing file's calls apply.  A finding that crosses a file is reported
at the call in the importing file, naming the chain (``ui.chat_bubble -> st.markdown()``).

An imported module is analysed as an app (``streamlit=True``: a helper module need not
import Streamlit to be called by an app), with its own first-party imports followed in
turn, :data:`MAX_DEPTH` modules deep: what a module exports with ``budget`` levels of
imports left depends only on the files, never on which file was linted first (flake8
lints many files in one process, and ``-j`` spreads them over processes at random).  A
module beyond the budget is unknown (no finding invented), and so an import cycle ends
there too; so does a module that cannot be read or parsed.  Each module is analysed
once per process and budget (cached by path, size, modification time and the options),
and once for every budget when nothing below it was cut off (most helper modules).
"""
from __future__ import annotations

import ast
import os
from typing import TYPE_CHECKING, NamedTuple

from flake8_streamlit_security.engine.values import V
from flake8_streamlit_security.project import Module, Project

if TYPE_CHECKING:
    from flake8_streamlit_security.engine.scope import Summary

# How many modules deep imports are followed from the linted file.
MAX_DEPTH = 4
# A node standing for "the call in the importing file": a value an imported function
# returns that was built in the other file (dynamic SQL, a markdown link) is reported
# at the call, not at a line of another file.
CALL_SITE = ast.Constant(value=None)

# (sanitizers, secret words, SQL sinks, validators): the user's extra names
Options = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


class Exports(NamedTuple):
    """What a first-party module gives the files that import it."""

    values: dict[str, V]  # module-level names -> values (a function's carries .func)
    summaries: dict[ast.AST, Summary]  # its functions' summaries
    names: dict[ast.AST, str]  # function -> "module.function", for messages
    bases: dict[ast.ClassDef, list[ast.ClassDef]]  # its classes' first-party bases


# (path, size, modification time, options) -> budget -> exports and whether an import
# below them was cut off by the budget.  Exports with nothing cut off are the same for
# every larger budget: they are looked up by the smallest budget they were found with.
_EXPORTS: dict[tuple[str, int, int, Options], dict[int, tuple[Exports | None, bool]]] = {}


def _at_call_site(v: V) -> V:
    if v.sql is None and v.link is None:
        return v
    return v.but(sql=CALL_SITE if v.sql is not None else None,
                 link=CALL_SITE if v.link is not None else None)


class Imports:
    """First-party imports for one analysis: the linted file's, or an imported
    module's (``importer``, its path; ``budget``, how many levels of imports it may
    still follow).  ``cut``: an import was left unknown for want of budget."""

    def __init__(self, project: Project, options: Options, *, importer: str | None = None,
                 budget: int = MAX_DEPTH) -> None:
        self.project = project
        self.options = options
        self.importer = importer
        self.budget = budget
        self.cut = False
        self._modules: dict[tuple[str, int], Module | None] = {}
        self._refs: dict[str, V | None] = {}
        self.summaries: dict[ast.AST, Summary] = {}
        self.names: dict[ast.AST, str] = {}
        self.bases: dict[ast.ClassDef, list[ast.ClassDef]] = {}
        self.tops: set[str] = set()  # first names of the first-party modules imported

    def module(self, dotted: str, level: int = 0) -> Module | None:
        key = (dotted, level)
        if key not in self._modules:
            self._modules[key] = self.project.resolve(dotted, level=level,
                                                      importer=self.importer)
        return self._modules[key]

    def module_ref(self, dotted: str, level: int) -> str | None:
        """The qualified name a relative import's module is known by (its dotted path
        below the project's root), or None when it is not first-party."""
        module = self.module(dotted, level)
        if module is None:
            return None
        rel = os.path.relpath(module.path, self.project.root)
        parts = rel[:-3].split(os.sep)  # drop ".py"
        if parts[-1] == "__init__":
            parts.pop()
        ref = ".".join(parts)
        if ref:
            self._modules.setdefault((ref, 0), module._replace(name=ref))
        return ref or None

    def first_party(self, qual: str) -> bool:
        """An import of ``qual`` (``ui``, ``services.llm.ask``) reaches a first-party
        module; its first name is then looked up by :meth:`value`."""
        parts = qual.split(".")
        for i in range(len(parts), 0, -1):
            if self.module(".".join(parts[:i])) is not None:
                self.tops.add(parts[0])
                return True
        return False

    def value(self, ref: str) -> V | None:
        """The value the qualified name ``ref`` has through a first-party module
        (``ui.chat_bubble``, ``config.SETTINGS``), or None."""
        if ref in self._refs:
            return self._refs[ref]
        if ref.split(".", 1)[0] not in self.tops:
            return None
        found = None
        parts = ref.split(".")
        # the longest prefix that is a first-party module, then one name in it
        for i in range(len(parts) - 1, 0, -1):
            module = self.module(".".join(parts[:i]))
            if module is None:
                continue
            if i == len(parts) - 1:
                exports = self._exports(module)
                if exports is not None:
                    found = exports.values.get(parts[i])
                    if found is not None:
                        found = self._take(exports, found)
            break
        self._refs[ref] = found
        return found

    def star(self, dotted: str, level: int) -> dict[str, V]:
        """``from dotted import *`` of a first-party module: its public module-level
        names and their values (as Python binds them without ``__all__``)."""
        if level:  # known by its dotted path below the project's root, for messages
            ref = self.module_ref(dotted, level)
            if ref is None:
                return {}
            dotted = ref
        module = self.module(dotted)
        if module is None:
            return {}
        exports = self._exports(module)
        if exports is None:
            return {}
        return {name: self._take(exports, v)
                for name, v in exports.values.items() if not name.startswith("_")}

    def _take(self, exports: Exports, v: V) -> V:
        """An exported value as the importing file sees it: a function or class brings
        the module's summaries along; a value built in the other file has nothing to
        point at in this one."""
        if v.func is None:
            return v.but(sql=None, link=None)
        self.summaries.update(exports.summaries)
        self.names.update(exports.names)
        self.bases.update(exports.bases)
        return v

    def _exports(self, module: Module) -> Exports | None:
        try:
            stat = os.stat(module.path)
        except OSError:
            return None
        if self.budget <= 0:
            self.cut = True  # a chain too deep, or a cycle: unknown
            return None
        found = _EXPORTS.setdefault(
            (module.path, stat.st_size, stat.st_mtime_ns, self.options), {})
        known = found.get(self.budget) or next(
            (e for b, e in found.items() if b < self.budget and not e[1]), None)
        if known is None:
            inner = Imports(self.project, self.options, importer=module.path,
                            budget=self.budget - 1)
            known = found[self.budget] = (_analyse(module, inner), inner.cut)
        exports, cut = known
        self.cut = self.cut or cut
        return exports


def _analyse(module: Module, imports: Imports) -> Exports | None:
    """What ``module`` exports, its own imports followed through ``imports``."""
    from flake8_streamlit_security.engine.analyzer import Analyzer
    from flake8_streamlit_security.engine.scope import Env
    from flake8_streamlit_security.rules import FAMILIES

    sanitizers, secret_words, sql_sinks, validators = imports.options
    an = Analyzer(module.tree, streamlit=True, extra_sanitizers=sanitizers,
                  extra_secret_words=secret_words, sql_sinks=sql_sinks,
                  validators=validators, imports=imports)
    final: list[Env] = []
    an.on("module_end", lambda env: final.append(env))
    try:
        for family in FAMILIES:
            family(an)
        an.run()
        if not final:
            return None
        prefix = module.name.rsplit(".", 1)[0] if module.is_package else module.name
        values = {name: _at_call_site(v) for name, v in final[-1].items()}
        summaries = dict(an.facts.summaries)
        summaries.update(imports.summaries)
        names = dict(imports.names)
        for func in an.facts.summaries:
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names[func] = f"{module.name or prefix}.{an.qualnames.get(func, func.name)}"
        for summ in summaries.values():
            summ.ret = _at_call_site(summ.ret)
        bases = {**imports.bases, **an.bases}
        return Exports(values, summaries, names, bases)
    except (RecursionError, MemoryError):
        return None
    finally:
        an.close()
