"""STS301-STS303: deserialization, code execution, commands."""
from __future__ import annotations

import ast

from flake8_streamlit_security import names
from flake8_streamlit_security.names import const_str
from flake8_streamlit_security.rules.base import Family, short
from flake8_streamlit_security.knowledge.categories import ARG, CMD, CODE, CONTENT, DESER, PATH
from flake8_streamlit_security.knowledge.sinks import (
    DESERIALIZERS, DESERIALIZING_METHODS, EXECUTORS, OS_EXEC_PREFIXES,
    PROCESS_CALLS, SAFE_YAML_LOADERS, SHELL_ALWAYS, UNSAFE_WHEN_FALSY,
)
from flake8_streamlit_security.engine import Analyzer, Env
from flake8_streamlit_security.engine.values import ARGV, PROSE, holds_arg
from flake8_streamlit_security.knowledge.untrusted import REPLY_METHODS, RUNS_CODE


class ExecutionRules(Family):
    codes = ("STS301", "STS302", "STS303")

    def __init__(self, an: Analyzer) -> None:
        super().__init__(an)
        self.an.on_call(
            self.on_call, fqs=[*DESERIALIZERS, *EXECUTORS, *SHELL_ALWAYS, *PROCESS_CALLS],
            prefixes=OS_EXEC_PREFIXES,
            methods=("query", "eval", *DESERIALIZING_METHODS, *REPLY_METHODS))

    def on_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        an = self.an
        if fq in DESERIALIZERS:
            if self._unsafe_loader(node, fq):
                pos, kw = DESERIALIZERS[fq]
                self._load(names.arg_node(node, pos, kw), DESER, "STS301", short(fq, node),
                           env)
            return
        if fq in EXECUTORS:
            pos, kw = EXECUTORS[fq]
            code = names.arg_node(node, pos, kw)
            # user input, or code a model wrote (an agent's "python tool")
            if not self._load(code, CODE, "STS302", short(fq, node), env):
                self._load(code, CONTENT, "STS302", short(fq, node), env)
            return
        if fq is not None and (fq in SHELL_ALWAYS or fq in PROCESS_CALLS
                               or fq.startswith(OS_EXEC_PREFIXES)):
            self._command(node, fq, env)
            return
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in DESERIALIZING_METHODS:
            pos, kw, flag = DESERIALIZING_METHODS[func.attr]
            asked = names.kwarg(node, flag)
            if asked is not None and not names.is_falsy_const(asked.value):
                self._load(names.arg_node(node, pos, kw), DESER, "STS301", "." + func.attr,
                           env)
            return
        if isinstance(func, ast.Attribute) and func.attr in REPLY_METHODS and \
                RUNS_CODE in an.val(func.value, env).flags:
            # agent.invoke(question), the agent writing and running Python: the
            # visitor's question decides the code
            question = names.arg_node(node, 0, "input")
            if question is not None:
                an.sink(question, CODE, "STS302", "." + func.attr, env)
            return
        if isinstance(func, ast.Attribute) and func.attr in ("query", "eval") and node.args:
            # only a value known to be a DataFrame: rag.query(text) runs no code
            if "frame" in an.val(func.value, env).flags:
                an.sink(node.args[0], CODE, "STS302", "DataFrame." + func.attr, env)

    def _load(self, node: ast.AST | None, cat: str, code: str, call: str, env: Env) -> bool:
        """A loader's or runner's path or data: tainted, or a path this scope wrote
        tainted content to (RULES.md "Content written to disk").  True when reported."""
        if node is None:
            return False
        if isinstance(node, ast.Starred):
            node = node.value
        return self.an.sink_value(node, self.an.on_disk(node, env), cat, code, call)

    def _unsafe_loader(self, node: ast.Call, fq: str) -> bool:
        if fq in UNSAFE_WHEN_FALSY:
            kw = names.kwarg(node, UNSAFE_WHEN_FALSY[fq])
            return kw is not None and names.is_falsy_const(kw.value)
        if fq == "numpy.load":
            kw = names.kwarg(node, "allow_pickle")
            return kw is not None and not names.is_falsy_const(kw.value)
        if fq == "torch.load":
            kw = names.kwarg(node, "weights_only")
            return kw is None or not names.is_true_const(kw.value)
        if fq in ("yaml.load", "yaml.load_all"):
            loader = names.arg_node(node, 1, "Loader")
            if loader is None:
                return True
            spelled = names.dotted(loader) or ""
            return not spelled.endswith(SAFE_YAML_LOADERS)
        return True

    def _command(self, node: ast.Call, fq: str, env: Env) -> None:
        an = self.an
        call = short(fq, node)
        shell_kw = names.kwarg(node, "shell")
        shell = fq in SHELL_ALWAYS or (
            shell_kw is not None and not names.is_falsy_const(shell_kw.value)
        )
        if fq == "asyncio.create_subprocess_exec":
            self._argv(node.args, call, env)
            return
        if fq.startswith(OS_EXEC_PREFIXES):
            for a in node.args:
                an.sink(a, CMD, "STS303", call, env)
            return
        first = names.arg_node(node, 0, "args") or names.arg_node(node, 0, "cmd") or \
            names.arg_node(node, 0, "command")
        if first is None:
            return
        if isinstance(first, (ast.List, ast.Tuple)):
            self._argv(first.elts, call, env)
            return
        if not shell and ARGV in an.val(first, env).flags:
            # a list made above, its program the developer's: its items are arguments
            self._argument(first, call, env)
        elif shell or const_str(first) is None:
            an.sink(first, CMD, "STS303", call, env)

    def _argv(self, argv: list[ast.expr], call: str, env: Env) -> None:
        """A program and its arguments, no shell: the program is a command; an argument
        is one only for a shell or an interpreter (``bash -c``), else it is dangerous as
        an option (category ARG: ``["soffice", f"{tmp}/{name}"]`` is no option)."""
        runner = names.runs_code(argv)
        program = names.program_index(argv)  # a wrapper and its options: a command too
        operands = False  # after "--": no argument is an option
        for i, a in enumerate(argv):
            if i <= program or runner or isinstance(a, ast.Starred):
                self.an.sink(a, CMD, "STS303", call, env)
            elif not operands:
                self._argument(a, call, env)
            operands = operands or const_str(a) == "--"

    def _argument(self, node: ast.expr, call: str, env: Env) -> None:
        """An argument of a fixed program: an option when the user chooses how it
        begins; else, a path the program built (``f"out/{upload.name}"``) is no
        option, but the program reads or writes where the user says.  Decided by
        the value (in a helper, by the parameter it holds), so a summary records
        one of the two."""
        v = self.an.val(node, env)
        if holds_arg(v):
            self.an.sink(node, ARG, "STS303", call, env)
        elif PROSE not in v.flags:  # (a prompt given to `ollama run` is no path)
            self.an.sink(node, PATH, "STS405", call, env)
