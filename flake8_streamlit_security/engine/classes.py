"""Classes: a class body's scope, and ``self.attr`` values shared by its methods.

``self.attr = value`` in any method joins into one fact per (class, attribute)
(:meth:`Facts.set_class_attr`); a read of ``self.attr`` sees that fact, after the
methods that assign it have been analyzed if they wait to be.  What the module's
constructions (``Card(name)``) pass to ``__init__`` joins into one fact per parameter,
so ``self.title = title`` holds the user input any of them passed.
"""
from __future__ import annotations

import ast
from typing import Any

from flake8_streamlit_security import names
from flake8_streamlit_security.engine.core import Core
from flake8_streamlit_security.engine.scope import ClassKey, Env
from flake8_streamlit_security.engine.values import INSTANCE, KEYED_BASE, V
from flake8_streamlit_security.knowledge.categories import EMPTY, PCATS


class Classes(Core):

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        # class -> attribute name -> the methods that assign self.<name>
        self.writers: dict[ast.ClassDef, dict[str, list[ast.AST]]] = {}
        self.writers_tried: set[ClassKey] = set()
        self.bases: dict[ast.ClassDef, list[ast.ClassDef]] = {}  # the app's own bases

    def s_ClassDef(self, s: ast.ClassDef, env: Env) -> None:
        for d in s.decorator_list:
            self.expr(d, env)
        bases = [self.expr(b, env).func for b in s.bases]
        self.bases[s] = [b for b in bases if isinstance(b, ast.ClassDef)]
        for item in s.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.qualnames[item] = f"{s.name}.{item.name}"
        inner = env.copy()
        self.class_envs[s] = env  # what its methods see: a class body is not their scope
        self.scope_stack.append(s)
        self.block(s.body, inner)
        self.scope_stack.pop()
        env.bind(s.name, V(func=s, nonconst=PCATS))

    def bound_method(self, func: ast.Attribute, env: Env) -> tuple[ast.AST, int] | None:
        """The method ``receiver.name(...)`` calls, when the receiver is one of the
        module's classes (or one imported from the app's own modules), an instance of
        one, or ``self`` in a method; with how many leading parameters the call does
        not pass (1 for ``self`` or ``cls``)."""
        recv = func.value
        if self.method_stack and isinstance(recv, ast.Name) and \
                recv.id == self.method_stack[-1][1]:
            cls: ast.AST | None = self.method_stack[-1][0]
            instance = True
        else:
            v = self.val(recv, env)
            cls, instance = v.func, INSTANCE in v.flags
        if not isinstance(cls, ast.ClassDef):
            return None
        method = self.find_method(cls, func.attr)
        if method is None:
            return None
        kind = _method_kind(method)
        if kind == "staticmethod":
            return method, 0
        if kind == "classmethod" or instance:
            return method, 1
        return method, 0  # Class.method(obj, ...): the instance is passed

    def find_method(self, cls: ast.ClassDef, name: str, depth: int = 0
                    ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """``cls``'s method ``name``, or its first-party bases' (depth-first, as
        far as they are known)."""
        for item in cls.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    item.name == name:
                return item
        bases = self.bases.get(cls)
        if bases is None and self.imports is not None:
            bases = self.imports.bases.get(cls)  # a class of another module
        if depth < 8:
            for base in bases or ():
                found = self.find_method(base, name, depth + 1)
                if found is not None:
                    return found
        return None

    def class_key(self, node: ast.AST) -> ClassKey | None:
        """``self.attr`` inside a method -> (class, attr)."""
        if self.method_stack and isinstance(node, ast.Attribute) and isinstance(
            node.value, ast.Name
        ):
            cls, self_name = self.method_stack[-1]
            if node.value.id == self_name:
                return id(cls), node.attr
        return None

    def class_attribute(self, node: ast.Attribute, key: ClassKey) -> V | None:
        """What ``self.attr`` holds, as far as the class's methods assign it."""
        if key not in self.writers_tried:
            self.writers_tried.add(key)
            self.writers_first(self.method_stack[-1][0], node.attr)
        return self.facts.read_class_attr(key)

    def constructed(self, init: ast.AST, node: ast.Call, args: list[V],
                    kws: dict[str | None, V]) -> None:
        """``Cls(...)``: the user input each parameter of ``__init__`` receives, joined
        over the module's constructions (one fact per parameter)."""
        assert isinstance(init, (ast.FunctionDef, ast.AsyncFunctionDef))
        a = init.args
        params = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
        given: list[tuple[int, V]] = []
        for i, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                break
            given.append((i + 1, args[i]))
        given.extend((params.index(k), v) for k, v in kws.items()
                     if k is not None and k in params[1:])
        for i, v in given:
            if v.taint:
                self.facts.set_class_attr((id(init), _argument(i)),
                                          V(taint=v.taint, nonconst=PCATS))

    def through_constructor(self, v: V) -> V:
        """``self.attr = v`` inside ``__init__``: ``v``'s flows from the parameters
        made concrete with what the module's constructions pass."""
        if not v.param_flows or not self.func_stack:
            return v
        init = self.func_stack[-1][0]
        if getattr(init, "name", None) != "__init__":
            return v
        taint = set(v.taint)
        for i in {i for i, _ in v.param_flows if i < KEYED_BASE}:  # one read per parameter
            given = self.facts.read_class_attr((id(init), _argument(i)))
            if given is not None:
                taint.update(cat for j, cat in v.param_flows if j == i and cat in given.taint)
        return v.but(taint=frozenset(taint)) if len(taint) > len(v.taint) else v

    def instance_attribute(self, cls: ast.ClassDef, attr: str) -> V | None:
        """What ``obj.attr`` holds for an instance of one of the app's classes: the
        same fact as ``self.attr`` in its methods."""
        key = (id(cls), attr)
        if key not in self.writers_tried:
            self.writers_tried.add(key)
            self.writers_first(cls, attr)
        return self.facts.read_class_attr(key)

    def set_instance_attribute(self, target: ast.Attribute, v: V, env: Env) -> bool:
        """``obj.attr = v`` outside the class, ``obj`` an instance of one of the app's
        classes (``s = Summary(); s.text = reply``): joined into the class's fact, when
        it brings user input, model text or a secret (a constant or a value the program
        computed changes what the class's methods see too often to be worth another
        analysis of them: measured, 5% more work on the bench's corpus)."""
        if not isinstance(target.value, ast.Name) or not (v.taint or v.secret):
            return False
        obj = env.get(target.value.id)
        if obj is None or INSTANCE not in obj.flags or not isinstance(obj.func, ast.ClassDef):
            return False
        self.facts.set_class_attr((id(obj.func), target.attr),
                                  v.but(param_flows=EMPTY, func=None))
        return True

    def writers_first(self, cls: ast.ClassDef, attr: str) -> None:
        """Before ``self.attr`` is first read, analyze the methods of the class that
        assign it, if they wait in a list being run: the read then sees what
        another pass over the module would show it."""
        index = self.writers.get(cls)
        if index is None:
            index = self.writers[cls] = _attribute_writers(cls)
        for method in index.get(attr, ()):
            self.analyze_now(method)


def _argument(i: int) -> str:
    """The fact name for what constructions pass to ``__init__``'s parameter ``i``
    (no attribute name starts with a NUL)."""
    return f"\0arg{i}"


def _attribute_writers(cls: ast.ClassDef) -> dict[str, list[ast.AST]]:
    """Attribute name -> the methods of ``cls`` that assign ``self.<name>``
    (anywhere in their bodies; statements only, no expression is visited)."""
    out: dict[str, list[ast.AST]] = {}
    for item in cls.body:
        if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = item.args.posonlyargs + item.args.args
        if not params:
            continue
        found: set[str] = set()
        for node in names.statements(item.body):
            s: Any = node
            t = type(s)
            if t is ast.Assign:
                targets = list(s.targets)
            elif t is ast.AugAssign or t is ast.AnnAssign or t is ast.For or t is ast.AsyncFor:
                targets = [s.target]
            elif t is ast.With or t is ast.AsyncWith:
                targets = [i.optional_vars for i in s.items if i.optional_vars is not None]
            else:
                targets = []
            while targets:
                target = targets.pop()
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                    if target.value.id == params[0].arg:
                        found.add(target.attr)
                elif isinstance(target, (ast.Tuple, ast.List)):
                    targets.extend(target.elts)
                elif isinstance(target, ast.Starred):
                    targets.append(target.value)
        for name in found:
            out.setdefault(name, []).append(item)
    return out


def _method_kind(method: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """"staticmethod", "classmethod" or "" (a plain method)."""
    for d in method.decorator_list:
        name = names.dotted(d)
        if name in ("staticmethod", "classmethod"):
            return name
    return ""
