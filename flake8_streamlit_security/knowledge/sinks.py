"""Dangerous calls, by sink category (data the argument reaches -> a finding).

Each table maps a qualified name to where its dangerous argument is: a positional
index and a keyword name.  SQL sinks are in :mod:`.sql`, Streamlit's HTML sinks in
:mod:`.streamlit_api`.
"""
from __future__ import annotations

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
    "ruamel.yaml.load": (0, "stream"),
    **{f"{keras}.{mod}load_model": (0, "filepath")
       for keras in ("keras", "tensorflow.keras", "tf_keras")
       for mod in ("models.", "saving.", "")},
    **{f"fastai.{mod}.load_learner": (0, "fname")
       for mod in ("learner", "basic_train", "vision.all", "tabular.all", "text.all",
                   "collab.all", "vision.learner", "all")},
}
# Loaders that deserialize only when asked to, and the keyword that asks: Keras runs the
# code of Lambda layers with safe_mode=False (a falsy keyword); LangChain vector stores
# unpickle their index with allow_dangerous_deserialization=True (a truthy keyword).
UNSAFE_WHEN_FALSY: dict[str, str] = {
    fq: "safe_mode" for fq in DESERIALIZERS if fq.endswith("load_model")
}
# Methods deserializing by name, whatever they are called on: (position, keyword) of the
# path, and the keyword that must be truthy.
DESERIALIZING_METHODS: dict[str, tuple[int, str, str]] = {
    "load_local": (0, "folder_path", "allow_dangerous_deserialization"),
}

SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader")

EXECUTORS: dict[str, tuple[int, str]] = {
    "runpy.run_path": (0, "path_name"), "runpy.run_module": (0, "mod_name"),
    "builtins.eval": (0, "source"), "builtins.exec": (0, "source"),
    "builtins.compile": (0, "source"), "pandas.eval": (0, "expr"),
    "builtins.__import__": (0, "name"), "importlib.import_module": (0, "name"),
    "code.InteractiveInterpreter.runsource": (0, "source"),
}

SHELL_ALWAYS = frozenset(
    {"os.system", "os.popen", "os.popen2", "os.popen3", "subprocess.getoutput",
     "subprocess.getstatusoutput", "asyncio.create_subprocess_shell", "commands.getoutput",
     "pty.spawn"}
)
PROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
     "subprocess.Popen", "asyncio.create_subprocess_exec"}
)
OS_EXEC_PREFIXES = ("os.exec", "os.spawn", "os.posix_spawn")
# Programs whose arguments are code or a command line, not just operands and options
# (a shell, an interpreter, a remote or wrapped runner), and the options that make an
# argument code: any argument of theirs is a command (STS303), however it begins.
CODE_RUNNERS = frozenset(
    {"sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "powershell", "pwsh", "python",
     "python3", "py", "node", "deno", "perl", "ruby", "php", "lua", "osascript", "ssh", "su",
     "watch", "docker", "podman", "kubectl", "wsl", "sys.executable"}
)
CODE_OPTIONS = frozenset({"-c", "/c", "/C", "-e", "-E", "--eval", "-Command", "--command"})
# Programs that run the command after their options (``sudo -S grep ...``): that
# command's program decides, as if it came first.
WRAPPERS = frozenset({"sudo", "doas", "env", "nohup", "timeout", "nice", "stdbuf", "xargs"})

# File paths (STS405).
FILE_OPENERS = frozenset({"builtins.open", "io.open", "codecs.open", "aiofiles.open"})
PATH_CALLS = frozenset(
    {"os.path.join", "posixpath.join", "os.remove", "os.unlink", "os.rename", "os.replace",
     "os.rmdir", "os.removedirs", "os.makedirs", "os.mkdir", "os.listdir", "os.scandir", "os.walk",
     "os.chmod", "os.chown", "os.symlink", "os.link", "os.truncate",
     "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "send_file",
     "flask.send_file", "flask.send_from_directory"}
)
# Every shutil function takes paths (STS405), but these: they copy between open files, or
# unpack an archive (STS502's).
SHUTIL_NOT_PATHS = frozenset({"shutil.copyfileobj", "shutil.unpack_archive"})
# Functions with one path argument: (position, keyword).
PATH_ARGUMENTS: dict[str, tuple[int, str]] = {"gdown.download": (1, "output")}
# Methods reading or writing a folder by name, whatever they are called on (LangChain
# vector stores): (position, keyword) of the path.
PATH_METHODS: dict[str, tuple[int, str]] = {
    "save_local": (0, "folder_path"), "load_local": (0, "folder_path"),
}
SSRF_FUNCS = frozenset(
    {f"{lib}.{m}" for lib in ("requests", "httpx")
     for m in ("get", "post", "put", "patch", "delete", "head", "options", "request",
               "stream")}
    | {"urllib.request.urlopen", "urllib.request.Request", "urllib.request.urlretrieve",
       "urllib3.request", "pandas.read_csv", "pandas.read_json", "pandas.read_html"}
)
HTTP_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream",
     "urlopen"}
)
