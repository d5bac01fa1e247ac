"""STS301-STS303: deserialization, code execution, commands."""
from __future__ import annotations

import ast

from flake8_streamlit_security import names
from flake8_streamlit_security.names import const_str
from flake8_streamlit_security.rules.base import Family, short
from flake8_streamlit_security.taint import Analyzer, CMD, CODE, DESER, Env

# loader -> (positional index, keyword) of the data argument
DESERIALIZERS: dict[str, tuple[int, str]] = {
    "pickle.load": (0, "file"), "pickle.loads": (0, "data"), "pickle.Unpickler": (0, "file"),
    "_pickle.loads": (0, "data"), "_pickle.load": (0, "file"),
    "cPickle.loads": (0, "data"), "cPickle.load": (0, "file"),
    "dill.load": (0, "file"), "dill.loads": (0, "str"),
    "cloudpickle.load": (0, "file"), "cloudpickle.loads": (0, "data"),
    "joblib.load": (0, "filename"), "pandas.read_pickle": (0, "filepath_or_buffer"),
    "numpy.load": (0, "file"), "torch.load": (0, "f"), "jsonpickle.decode": (0, "string"),
    "marshal.load": (0, "file"), "marshal.loads": (0, "bytes"), "shelve.open": (0, "filename"),
    "yaml.load": (0, "stream"), "yaml.load_all": (0, "stream"),
    "yaml.unsafe_load": (0, "stream"), "yaml.unsafe_load_all": (0, "stream"),
    "yaml.full_load": (0, "stream"), "yaml.full_load_all": (0, "stream"),
    "ruamel.yaml.load": (0, "stream"), "keras.models.load_model": (0, "filepath"),
    "tensorflow.keras.models.load_model": (0, "filepath"),
}
_SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader")

EXECUTORS: dict[str, tuple[int, str]] = {
    "builtins.eval": (0, "source"), "builtins.exec": (0, "source"),
    "builtins.compile": (0, "source"), "pandas.eval": (0, "expr"),
    "builtins.__import__": (0, "name"), "importlib.import_module": (0, "name"),
    "code.InteractiveInterpreter.runsource": (0, "source"),
}
_CONN_NAMES = frozenset(
    {"conn", "connection", "con", "cnx", "engine", "session", "db", "database", "cursor",
     "cur", "client", "sql", "duckdb", "spark", "snowpark"}
)

SHELL_ALWAYS = frozenset(
    {"os.system", "os.popen", "os.popen2", "os.popen3", "subprocess.getoutput",
     "subprocess.getstatusoutput", "asyncio.create_subprocess_shell", "commands.getoutput",
     "pty.spawn"}
)
PROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
     "subprocess.Popen", "asyncio.create_subprocess_exec"}
)
_OS_EXEC_PREFIXES = ("os.exec", "os.spawn", "os.posix_spawn")


class ExecutionRules(Family):
    codes = ("STS301", "STS302", "STS303")

    def __init__(self, an: Analyzer) -> None:
        super().__init__(an)
        self.an.on_call(
            self.on_call, fqs=[*DESERIALIZERS, *EXECUTORS, *SHELL_ALWAYS, *PROCESS_CALLS],
            prefixes=_OS_EXEC_PREFIXES, methods=("query", "eval"))

    def on_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        an = self.an
        if fq in DESERIALIZERS:
            if self._unsafe_loader(node, fq):
                pos, kw = DESERIALIZERS[fq]
                an.sink(names.arg_node(node, pos, kw), DESER, "STS301", short(fq, node), env)
            return
        if fq in EXECUTORS:
            pos, kw = EXECUTORS[fq]
            an.sink(names.arg_node(node, pos, kw), CODE, "STS302", short(fq, node), env)
            return
        if fq is not None and (fq in SHELL_ALWAYS or fq in PROCESS_CALLS
                               or fq.startswith(_OS_EXEC_PREFIXES)):
            self._command(node, fq, env)
            return
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("query", "eval") and node.args:
            recv = an.val(func.value, env)
            base = names.dotted(func.value) or ""
            if recv.ref != "<conn>" and "conn" not in recv.flags and \
                    base.split(".")[-1].lower() not in _CONN_NAMES and \
                    not base.lower().endswith(("conn", "session", "engine", "cursor", "db")):
                an.sink(node.args[0], CODE, "STS302", "DataFrame." + func.attr, env)

    def _unsafe_loader(self, node: ast.Call, fq: str) -> bool:
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
            return not spelled.endswith(_SAFE_YAML_LOADERS)
        return True

    def _command(self, node: ast.Call, fq: str, env: Env) -> None:
        an = self.an
        call = short(fq, node)
        shell_kw = names.kwarg(node, "shell")
        shell = fq in SHELL_ALWAYS or (
            shell_kw is not None and not names.is_falsy_const(shell_kw.value)
        )
        if fq == "asyncio.create_subprocess_exec" or fq.startswith(_OS_EXEC_PREFIXES):
            for a in node.args:
                an.sink(a, CMD, "STS303", call, env)
            return
        first = names.arg_node(node, 0, "args") or names.arg_node(node, 0, "cmd") or \
            names.arg_node(node, 0, "command")
        if first is None:
            return
        if isinstance(first, (ast.List, ast.Tuple)):
            for elt in first.elts:
                an.sink(elt, CMD, "STS303", call, env)
            return
        if shell or const_str(first) is None:
            an.sink(first, CMD, "STS303", call, env)
